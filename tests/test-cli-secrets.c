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

typedef struct
{
  int status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs sesame-cli with @input on stdin; with @tty, its stderr is the
 * slave side of a new pseudo-terminal, whose output is returned in err. */
static void
run_cli (Run                *run,
         const char         *input,
         gboolean            tty,
         const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  int master = -1;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!tty)
    flags |= G_SUBPROCESS_FLAGS_STDERR_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (tty)
    {
      int slave;

      master = posix_openpt (O_RDWR | O_NOCTTY);
      g_assert_cmpint (master, >=, 0);
      g_assert_cmpint (grantpt (master), ==, 0);
      g_assert_cmpint (unlockpt (master), ==, 0);
      slave = open (ptsname (master), O_RDWR | O_NOCTTY);
      g_assert_cmpint (slave, >=, 0);
      g_subprocess_launcher_take_stderr_fd (launcher, slave);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL, &run->out, tty ? NULL : &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  if (tty)
    {
      GString *err = g_string_new (NULL);
      char buffer[4096];
      ssize_t got;

      /* The child is gone: what it wrote is waiting in the master. */
      g_unix_set_fd_nonblocking (master, TRUE, NULL);
      while ((got = read (master, buffer, sizeof buffer)) > 0)
        g_string_append_len (err, buffer, got);
      close (master);
      run->err = g_string_free (err, FALSE);
    }
  g_test_message ("sesame-cli %s → %d\n%s%s", args[0], run->status, run->out, run->err);
}

#define RUN(run, input, tty, ...) run_cli ((run), (input), (tty), (const char *[]) { __VA_ARGS__, NULL })

static char *
uri_of (const char *id)
{
  g_auto(Run) run = { 0 };

  RUN (&run, NULL, FALSE, "show", id, "--uri");
  g_assert_cmpint (run.status, ==, 0);
  return g_strdup (run.out);
}

/* --secret-file FILE and --secret-file - */
static void
test_secret_file (void)
{
  g_auto(Run) from_file = { 0 };
  g_auto(Run) from_stdin = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(Run) both = { 0 };
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
  g_auto(Run) typed = { 0 };
  g_auto(Run) scripted = { 0 };
  g_auto(Run) uri_typed = { 0 };
  g_auto(Run) stdin_typed = { 0 };

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
  g_auto(Run) help = { 0 };
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
  g_autofree char *uuid = g_uuid_string_random ();
  int status;

  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();
  schema = g_strdup_printf ("%s.Test.CliSecrets.%.8s", APP_ID, uuid);

  g_test_add_func ("/cli-secrets/secret-file", test_secret_file);
  g_test_add_func ("/cli-secrets/argv-warning", test_argv_warning);
  g_test_add_func ("/cli-secrets/documented", test_documented);

  status = g_test_run ();
  clear_schema ();
  g_free (schema);
  return status;
}
