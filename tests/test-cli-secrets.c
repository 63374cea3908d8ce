/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-cli-secrets"
#define _XOPEN_SOURCE 600

#include "config.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sesame-test-utils.h"

/* Issue 13, finding 9: every secret sesame-cli takes has a form that keeps
 * it out of argv (a file, or standard input), the argv form warns when a
 * person types it (stderr is a terminal: here a real pseudo-terminal), and
 * --help and the manual page say so. */

#define KEY1 "JBSWY3DPEHPK3PXP"
#define KEY2 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define KEY3 "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
#define KEY4 "ONSWG4TFORQW23DZMFSGC3TZOJSWC3DM"

static char *schema;

/* Runs sesame-cli with @input on stdin; with @tty, its stderr is the
 * slave side of a new pseudo-terminal, whose output is returned in err. */
#define RUN(run, stdin_text, on_tty, ...) \
  sesame_test_run_cli ((run), &(SesameTestCli) { .schema = schema, .input = (stdin_text), .tty = (on_tty) }, \
                       (const char *[]) { __VA_ARGS__, NULL })

static char *
uri_of (const char *id)
{
  g_auto(SesameTestRun) run = { 0 };

  RUN (&run, NULL, FALSE, "show", id, "--uri");
  g_assert_cmpint (run.status, ==, 0);
  return g_strdup (run.out);
}

/* --secret-file FILE and --secret-file - */
static void
test_secret_file (void)
{
  g_auto(SesameTestRun) from_file = { 0 };
  g_auto(SesameTestRun) from_stdin = { 0 };
  g_auto(SesameTestRun) missing = { 0 };
  g_auto(SesameTestRun) both = { 0 };
  g_autofree char *path = NULL;
  g_autofree char *id1 = NULL, *id2 = NULL, *uri1 = NULL, *uri2 = NULL;
  int fd = g_file_open_tmp ("sesame-key-XXXXXX", &path, NULL);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, KEY1 "\n", strlen (KEY1) + 1), ==, (gssize) strlen (KEY1) + 1);
  close (fd);

  RUN (&from_file, NULL, FALSE, "add", "--secret-file", path, "--issuer", "File", "--name", "me");
  g_assert_cmpint (from_file.status, ==, 0);
  g_assert_cmpstr (from_file.err, ==, "");
  id1 = g_strstrip (g_strdup (from_file.out));
  uri1 = uri_of (id1);
  g_assert_nonnull (strstr (uri1, "secret=" KEY1));

  RUN (&from_stdin, KEY2 "\r\n", FALSE, "add", "--secret-file", "-", "--issuer", "Stdin", "--name", "me");
  g_assert_cmpint (from_stdin.status, ==, 0);
  id2 = g_strstrip (g_strdup (from_stdin.out));
  uri2 = uri_of (id2);
  g_assert_nonnull (strstr (uri2, "secret=" KEY2));

  RUN (&missing, NULL, FALSE, "add", "--secret-file", "/nonexistent/key", "--issuer", "X");
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "/nonexistent/key"));

  RUN (&both, KEY3, FALSE, "add", "--secret-file", "-", "--secret", KEY3);
  g_assert_cmpint (both.status, ==, 2);

  g_unlink (path);
}

/* The argv forms warn on a terminal, and only there. */
static void
test_argv_warning (void)
{
  g_auto(SesameTestRun) typed = { 0 };
  g_auto(SesameTestRun) scripted = { 0 };
  g_auto(SesameTestRun) uri_typed = { 0 };
  g_auto(SesameTestRun) stdin_typed = { 0 };

  RUN (&typed, NULL, TRUE, "add", "--secret", KEY3, "--issuer", "Typed");
  g_assert_cmpint (typed.status, ==, 0);
  g_assert_nonnull (strstr (typed.err, "warning"));
  g_assert_nonnull (strstr (typed.err, "--secret-file"));
  g_assert_null (strstr (typed.err, KEY3));

  RUN (&scripted, NULL, FALSE, "add", "--secret", KEY4, "--issuer", "Scripted");
  g_assert_cmpint (scripted.status, ==, 0);
  g_assert_cmpstr (scripted.err, ==, "");

  RUN (&uri_typed, NULL, TRUE, "add", "otpauth://totp/UriTyped:me?secret=" KEY4 "&issuer=UriTyped");
  g_assert_cmpint (uri_typed.status, ==, 0);
  g_assert_nonnull (strstr (uri_typed.err, "warning"));
  g_assert_null (strstr (uri_typed.err, KEY4));

  RUN (&stdin_typed, "otpauth://totp/StdinTyped:me?secret=" KEY1 "&issuer=StdinTyped\n", TRUE, "add", "-");
  g_assert_cmpint (stdin_typed.status, ==, 0);
  g_assert_null (strstr (stdin_typed.err, "warning"));
}

/* --help and the manual page say it. */
static void
test_documented (void)
{
  g_auto(SesameTestRun) help = { 0 };
  g_autofree char *page_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", "sesame-cli.1", NULL);
  g_autofree char *page = NULL;

  RUN (&help, NULL, FALSE, "add", "--help");
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--secret-file"));
  g_assert_nonnull (strstr (help.out, "can be read by other programs"));

  g_assert_true (g_file_get_contents (page_path, &page, NULL, NULL));
  g_assert_nonnull (strstr (page, "\\-\\-secret\\-file"));
  g_assert_nonnull (strstr (page, "can be read by other programs"));
}

static void
clear_schema (void)
{
  /* Not g_autoptr: libsecret 0.20's cleanup for SecretSchema is wrong. */
  SecretSchema *s = secret_schema_new (schema, SECRET_SCHEMA_NONE, "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  secret_password_clearv_sync (s, none, NULL, NULL);
  secret_schema_unref (s);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();
  schema = sesame_test_schema_name ("CliSecrets");

  g_test_add_func ("/cli-secrets/secret-file", test_secret_file);
  g_test_add_func ("/cli-secrets/argv-warning", test_argv_warning);
  g_test_add_func ("/cli-secrets/documented", test_documented);

  status = g_test_run ();
  clear_schema ();
  g_free (schema);
  return status;
}
