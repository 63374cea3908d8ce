/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-cli-backup"
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sesame-backup.h"
#include "sesame-import.h"
#include "sesame-test-utils.h"

/* sesame-cli backup / restore / export / import against the test session's
 * keyring, each keyring under a schema of its own. The tests run in order
 * and build on each other. */

#define PASSPHRASE "cli backup passphrase"

static char *dir;
static char *source_schema;
static char *target_schema;
static char *passphrase_file;
static char *backup_path;

static char *
cli_path (void)
{
  return g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
}

#define RUN(run, in_schema, stdin_text, ...) \
  sesame_test_run_cli ((run), &(SesameTestCli) { .schema = (in_schema), .input = (stdin_text) }, \
                       (const char *[]) { __VA_ARGS__, NULL })

static guint
count_accounts (const char *schema)
{
  g_auto(SesameTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  RUN (&run, schema, NULL, "list", "--json");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  return json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
}

static guint
count_lines (const char *text,
             const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

static void
test_backup (void)
{
  g_auto(SesameTestRun) add = { 0 };
  g_auto(SesameTestRun) backup = { 0 };
  g_autoptr(GFile) file = NULL;
  g_autoptr(SesameImportResult) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;

  RUN (&add, source_schema, "otpauth://totp/Forge:ann?secret=JBSWY3DPEHPK3PXP&issuer=Forge\n"
                            "otpauth://hotp/Vault:ben?secret=GEZDGNBVGY3TQOJQ&issuer=Vault&counter=3\n"
                            "otpauth://steam/Steam:gamer?secret=JRZCL47CMXVOQMNPZR2F7J4RGI\n",
       "add", "-");
  g_assert_cmpint (add.status, ==, 0);
  g_assert_cmpuint (count_accounts (source_schema), ==, 3);

  RUN (&backup, source_schema, NULL, "backup", backup_path, "--passphrase-file", passphrase_file);
  g_assert_cmpint (backup.status, ==, 0);

  g_file_get_contents (backup_path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "age-encryption.org/v1\n-> scrypt "));
  g_assert_null (g_strstr_len (contents, size, "Forge"));

  file = g_file_new_for_path (backup_path);
  read = sesame_import_file (file, "age", PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->accounts->len, ==, 3);
}

static void
test_restore (void)
{
  g_auto(SesameTestRun) same = { 0 };
  g_auto(SesameTestRun) dry = { 0 };
  g_auto(SesameTestRun) first = { 0 };
  g_auto(SesameTestRun) second = { 0 };
  g_autofree char *stdin_pass = g_strconcat (PASSPHRASE, "\n", NULL);

  /* Into the keyring it came from: everything is already there. */
  RUN (&same, source_schema, NULL, "restore", backup_path, "--passphrase-file", passphrase_file);
  g_assert_cmpint (same.status, ==, 0);
  g_assert_cmpuint (count_lines (same.out, "added"), ==, 0);
  g_assert_nonnull (strstr (same.err, "already in Sesame"));
  g_assert_cmpuint (count_accounts (source_schema), ==, 3);

  RUN (&dry, target_schema, NULL, "restore", backup_path, "--passphrase-file", passphrase_file, "--dry-run");
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpuint (count_lines (dry.out, "would add"), ==, 3);
  g_assert_cmpuint (count_accounts (target_schema), ==, 0);

  /* The passphrase from standard input, as scripts give it. */
  RUN (&first, target_schema, stdin_pass, "restore", backup_path, "--passphrase-file", "-");
  g_assert_cmpint (first.status, ==, 0);
  g_assert_cmpuint (count_lines (first.out, "added"), ==, 3);
  g_assert_cmpuint (count_accounts (target_schema), ==, 3);

  RUN (&second, target_schema, NULL, "restore", backup_path, "--passphrase-file", passphrase_file);
  g_assert_cmpint (second.status, ==, 0);
  g_assert_cmpuint (count_lines (second.out, "added"), ==, 0);
  g_assert_cmpuint (count_accounts (target_schema), ==, 3);
}

static void
test_restore_refused (void)
{
  g_autofree char *wrong_file = g_build_filename (dir, "wrong", NULL);
  g_autofree char *cut_path = g_build_filename (dir, "cut.age", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *empty_schema = g_strdup_printf ("%s.Refused", target_schema);
  g_auto(SesameTestRun) wrong = { 0 };
  g_auto(SesameTestRun) cut = { 0 };
  g_auto(SesameTestRun) missing = { 0 };
  gsize size = 0;

  g_assert_true (g_file_set_contents (wrong_file, "not the passphrase\n", -1, NULL));
  g_assert_true (g_file_get_contents (backup_path, &contents, &size, NULL));
  g_assert_true (g_file_set_contents (cut_path, contents, size - 10, NULL));

  RUN (&wrong, empty_schema, NULL, "restore", backup_path, "--passphrase-file", wrong_file);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "passphrase is wrong"));

  RUN (&cut, empty_schema, NULL, "restore", cut_path, "--passphrase-file", passphrase_file);
  g_assert_cmpint (cut.status, ==, 1);
  g_assert_nonnull (strstr (cut.err, "damaged"));

  RUN (&missing, empty_schema, NULL, "restore", "/nonexistent/backup.age", "--passphrase-file", passphrase_file);
  g_assert_cmpint (missing.status, ==, 1);

  g_assert_cmpuint (count_accounts (empty_schema), ==, 0);
}

static void
test_import_samples (void)
{
  g_autofree char *aegis = NULL;
  g_autofree char *pass = g_build_filename (dir, "aegis-pass", NULL);
  g_autofree char *schema = g_strdup_printf ("%s.Aegis", target_schema);
  g_auto(SesameTestRun) dry = { 0 };
  g_auto(SesameTestRun) run = { 0 };
  g_auto(SesameTestRun) again = { 0 };
  g_auto(SesameTestRun) wrong = { 0 };

  if (sesame_test_shared_dir ("testdata") == NULL)
    {
      g_test_skip ("testdata not found (../shared beside the checkout, or SESAME_SHARED_DIR)");
      return;
    }

  aegis = g_build_filename (sesame_test_shared_dir ("testdata"), "aegis-importers", "aegis_encrypted.json", NULL);
  g_assert_true (g_file_set_contents (pass, "test\r\n", -1, NULL));

  RUN (&wrong, schema, "nope\n", "import", aegis, "--passphrase-file", "-");
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_cmpuint (count_accounts (schema), ==, 0);

  RUN (&dry, schema, NULL, "import", aegis, "--password-file", pass, "--dry-run");
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpuint (count_lines (dry.out, "would add"), ==, 7);
  g_assert_cmpuint (count_accounts (schema), ==, 0);

  RUN (&run, schema, NULL, "import", aegis, "--format", "aegis", "--passphrase-file", pass);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (count_lines (run.out, "added"), ==, 7);
  g_assert_cmpuint (count_accounts (schema), ==, 7);

  RUN (&again, schema, NULL, "import", aegis, "--passphrase-file", pass);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpuint (count_lines (again.out, "added"), ==, 0);
  g_assert_cmpuint (count_accounts (schema), ==, 7);
}

static void
test_export_formats (void)
{
  const char *formats[] = { "aegis", "aegis-plain", "uris", "age" };
  const char *detected[] = { "aegis", "aegis", "uris", "age" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_build_filename (dir, formats[i], NULL);
      g_autofree char *schema = g_strdup_printf ("%s.Export%u", target_schema, i);
      g_auto(SesameTestRun) export = { 0 };
      g_auto(SesameTestRun) import = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(SesameImportResult) result = NULL;

      RUN (&export, source_schema, NULL, "export", path, "--format", formats[i], "--passphrase-file", passphrase_file);
      g_assert_cmpint (export.status, ==, 0);

      result = sesame_import_file (file, NULL, PASSPHRASE, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (result->format, ==, detected[i]);
      g_assert_cmpuint (result->accounts->len, ==, 3);

      RUN (&import, schema, NULL, "import", path, "--passphrase-file", passphrase_file);
      g_assert_cmpint (import.status, ==, 0);
      g_assert_cmpuint (count_accounts (schema), ==, 3);
    }
}

/* Transfer to a phone: the vectors of an Aegis vault written as Google
 * Authenticator QR codes, read back with zbarimg and imported again; the
 * accounts the format cannot carry are listed on standard error. */
static void
test_export_google_migration (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.Transfer", target_schema);
  g_autofree char *back = g_strdup_printf ("%s.TransferBack", target_schema);
  g_autofree char *codes = g_build_filename (dir, "transfer", NULL);
  g_autofree char *png = g_build_filename (codes, "transfer-1-of-1.png", NULL);
  g_autofree char *links = g_build_filename (dir, "transfer.txt", NULL);
  g_autofree char *plain = NULL;
  g_autofree char *scanned = NULL;
  g_autoptr(GError) error = NULL;
  const char *zbar[] = { "zbarimg", "--quiet", "--raw", png, NULL };
  g_auto(SesameTestRun) import = { 0 };
  g_auto(SesameTestRun) export = { 0 };
  g_auto(SesameTestRun) again = { 0 };
  int status = 0;

  if (sesame_test_shared_dir ("testdata") == NULL)
    {
      g_test_skip ("testdata not found (../shared beside the checkout, or SESAME_SHARED_DIR)");
      return;
    }

  plain = g_build_filename (sesame_test_shared_dir ("testdata"), "aegis-importers", "aegis_plain.json", NULL);
  RUN (&import, schema, NULL, "import", plain);
  g_assert_cmpint (import.status, ==, 0);

  RUN (&export, schema, NULL, "export", "--format", "google-migration", "--output", codes);
  g_assert_cmpint (export.status, ==, 0);
  g_assert_cmpstr (g_strstrip (export.out), ==, png);
  /* 7 digits (SPDX, Air Canada), a 50 s period (Airbnb), Steam (Boeing). */
  g_assert_cmpuint (count_lines (export.err, "sesame-cli export: skipped"), ==, 4);
  g_assert_nonnull (strstr (export.err, "Boeing"));
  g_assert_nonnull (strstr (export.err, "Steam"));

  g_assert_true (g_spawn_sync (NULL, (char **) zbar, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &scanned, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_str_has_prefix (scanned, "otpauth-migration://offline?data="));
  g_assert_true (g_file_set_contents (links, scanned, -1, NULL));

  RUN (&again, back, NULL, "import", links);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpuint (count_accounts (back), ==, 3);

  g_unlink (png);
  g_rmdir (codes);
  g_unlink (links);
}

static guint
count_tagged (const char *schema,
              const char *tag)
{
  g_auto(SesameTestRun) run = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();

  RUN (&run, schema, NULL, "list", "--json", "--tag", tag);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, NULL));
  return json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
}

/* Tags (Aegis groups) come in with an import, filter list and code, and
 * survive a Sesame backup → restore and an Aegis export → import. */
static void
test_tags (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.Tags", target_schema);
  g_autofree char *restored = g_strdup_printf ("%s.TagsRestored", target_schema);
  g_autofree char *reimported = g_strdup_printf ("%s.TagsAegis", target_schema);
  g_autofree char *backup = g_build_filename (dir, "tags.age", NULL);
  g_autofree char *aegis = g_build_filename (dir, "tags-aegis.json", NULL);
  g_autofree char *grouped = NULL;
  g_auto(SesameTestRun) import = { 0 };
  g_auto(SesameTestRun) codes = { 0 };
  g_auto(SesameTestRun) none = { 0 };
  g_auto(SesameTestRun) save = { 0 };
  g_auto(SesameTestRun) restore = { 0 };
  g_auto(SesameTestRun) export = { 0 };
  g_auto(SesameTestRun) again = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (sesame_test_shared_dir ("testdata") == NULL)
    {
      g_test_skip ("testdata not found (../shared beside the checkout, or SESAME_SHARED_DIR)");
      return;
    }

  grouped = g_build_filename (sesame_test_shared_dir ("testdata"), "aegis-importers", "aegis_plain_grouped_v2.json", NULL);
  RUN (&import, schema, NULL, "import", grouped);
  g_assert_cmpint (import.status, ==, 0);
  g_assert_cmpuint (count_tagged (schema, "group1"), ==, 2);
  g_assert_cmpuint (count_tagged (schema, "GROUP2"), ==, 1);
  g_assert_cmpuint (count_tagged (schema, "group3"), ==, 0);

  RUN (&codes, schema, NULL, "code", "--tag", "group1", "--json", "--at", "1700000000");
  g_assert_cmpint (codes.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, codes.out, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  RUN (&none, schema, NULL, "code", "--tag", "nothing-has-this");
  g_assert_cmpint (none.status, ==, 1);

  /* sesame-cli tag: add and remove (any case), then the listing follows. */
  {
    g_auto(SesameTestRun) listed = { 0 };
    g_auto(SesameTestRun) tagged = { 0 };
    g_auto(SesameTestRun) shown_tags = { 0 };
    g_autoptr(JsonParser) list_parser = json_parser_new ();
    JsonObject *first;
    const char *id;

    RUN (&listed, schema, NULL, "list", "--json", "--tag", "group2");
    g_assert_true (json_parser_load_from_data (list_parser, listed.out, -1, NULL));
    first = json_array_get_object_element (json_node_get_array (json_parser_get_root (list_parser)), 0);
    id = json_object_get_string_member (first, "id");

    RUN (&tagged, schema, NULL, "tag", id, "--add", "Travel", "--add", "travel", "--remove", "GROUP2");
    g_assert_cmpint (tagged.status, ==, 0);
    g_assert_cmpstr (tagged.out, ==, "Travel\n");
    g_assert_cmpuint (count_tagged (schema, "group2"), ==, 0);
    g_assert_cmpuint (count_tagged (schema, "travel"), ==, 1);

    RUN (&shown_tags, schema, NULL, "tag", id, "--remove", "travel", "--add", "group2");
    g_assert_cmpint (shown_tags.status, ==, 0);
    g_assert_cmpstr (shown_tags.out, ==, "group2\n");
  }

  RUN (&save, schema, NULL, "backup", backup, "--passphrase-file", passphrase_file);
  g_assert_cmpint (save.status, ==, 0);
  RUN (&restore, restored, NULL, "restore", backup, "--passphrase-file", passphrase_file);
  g_assert_cmpint (restore.status, ==, 0);
  g_assert_cmpuint (count_tagged (restored, "group1"), ==, 2);
  g_assert_cmpuint (count_tagged (restored, "group2"), ==, 1);

  RUN (&export, schema, NULL, "export", aegis, "--format", "aegis-plain");
  g_assert_cmpint (export.status, ==, 0);
  RUN (&again, reimported, NULL, "import", aegis);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpuint (count_tagged (reimported, "group1"), ==, 2);
  g_assert_cmpuint (count_tagged (reimported, "group2"), ==, 1);

  g_unlink (backup);
  g_unlink (aegis);
}

static void
test_usage (void)
{
  g_auto(SesameTestRun) format = { 0 };
  g_auto(SesameTestRun) args = { 0 };

  RUN (&format, source_schema, NULL, "export", "x", "--format", "csv");
  g_assert_cmpint (format.status, ==, 2);
  RUN (&args, source_schema, NULL, "import");
  g_assert_cmpint (args.status, ==, 2);
}

/* {{{ The terminal prompt, through a pseudo-terminal */

/* Runs sesame-cli on a pty and answers each prompt (text ending in ": ")
 * with the next of @answers; checks that echo is off while it asks. */
static int
run_on_pty (const char * const *args,
            const char * const *answers,
            char              **transcript_out)
{
  g_autoptr(GString) transcript = g_string_new (NULL);
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = NULL;
  char slave_name[128];
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gsize answered_at = 0;
  guint next = 0;
  gboolean exited = FALSE;
  int master, status = -1;
  pid_t pid;

  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);

  /* Everything the child needs is made before fork(): between fork() and
   * exec() only async-signal-safe calls are allowed. */
  g_assert_cmpint (ptsname_r (master, slave_name, sizeof slave_name), ==, 0);
  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "SESAME_KEYRING_SCHEMA", source_schema, TRUE);
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int slave;

      setsid ();
      slave = open (slave_name, O_RDWR);
      if (slave < 0)
        _exit (126);
      ioctl (slave, TIOCSCTTY, 0);
      dup2 (slave, 0);
      dup2 (slave, 1);
      dup2 (slave, 2);
      execve (cli, (char **) argv->pdata, envp);
      _exit (127);
    }

  for (;;)
    {
      struct pollfd pfd = { master, POLLIN, 0 };
      int ready;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      ready = poll (&pfd, 1, 100);
      if (ready > 0)
        {
          char buf[512];
          ssize_t n = read (master, buf, sizeof buf);

          if (n > 0)
            g_string_append_len (transcript, buf, n);
          else if (exited)
            break;
        }

      if (transcript->len > answered_at && g_str_has_suffix (transcript->str, ": ") && answers[next] != NULL)
        {
          struct termios tio;
          g_autofree char *line = g_strconcat (answers[next++], "\n", NULL);

          g_assert_cmpint (tcgetattr (master, &tio), ==, 0);
          g_assert_false (tio.c_lflag & ECHO);
          g_assert_cmpint (write (master, line, strlen (line)), ==, (gssize) strlen (line));
          answered_at = transcript->len;
        }

      if (!exited && waitpid (pid, &status, WNOHANG) == pid)
        exited = TRUE;
      else if (exited && ready == 0)
        break;
    }

  close (master);
  g_test_message ("pty transcript: %s", transcript->str);
  *transcript_out = g_string_free (g_steal_pointer (&transcript), FALSE);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_prompt (void)
{
  g_autofree char *path = g_build_filename (dir, "prompted.age", NULL);
  g_autofree char *transcript = NULL;
  g_autofree char *transcript2 = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SesameImportResult) read = NULL;
  g_autoptr(GError) error = NULL;
  const char *args[] = { "backup", path, NULL };
  const char *answers[] = { "typed passphrase", "typed passphrase", NULL };
  const char *mismatch[] = { "one", "two", "three", "four", "five", "six", NULL };

  g_assert_cmpint (run_on_pty (args, answers, &transcript), ==, 0);
  /* Never echoed. */
  g_assert_null (strstr (transcript, "typed passphrase"));

  read = sesame_import_file (file, "age", "typed passphrase", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->accounts->len, ==, 3);

  /* Passphrases that never match: refused, after three tries. */
  g_unlink (path);
  g_assert_cmpint (run_on_pty (args, mismatch, &transcript2), ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *suffix = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  dir = g_dir_make_tmp ("sesame-cli-backup-XXXXXX", &error);
  g_assert_no_error (error);
  suffix = g_uuid_string_random ();
  suffix[8] = '\0';
  source_schema = g_strdup_printf ("%s.Test.CliBackup.Source%s", APP_ID, suffix);
  target_schema = g_strdup_printf ("%s.Test.CliBackup.Target%s", APP_ID, suffix);
  passphrase_file = g_build_filename (dir, "passphrase", NULL);
  backup_path = g_build_filename (dir, "backup.age", NULL);
  g_assert_true (g_file_set_contents (passphrase_file, PASSPHRASE "\n", -1, NULL));

  g_test_add_func ("/cli-backup/backup", test_backup);
  g_test_add_func ("/cli-backup/restore", test_restore);
  g_test_add_func ("/cli-backup/restore-refused", test_restore_refused);
  g_test_add_func ("/cli-backup/import-samples", test_import_samples);
  g_test_add_func ("/cli-backup/export-formats", test_export_formats);
  g_test_add_func ("/cli-backup/export-google-migration", test_export_google_migration);
  g_test_add_func ("/cli-backup/tags", test_tags);
  g_test_add_func ("/cli-backup/usage", test_usage);
  g_test_add_func ("/cli-backup/prompt", test_prompt);

  status = g_test_run ();
  g_free (source_schema);
  g_free (target_schema);
  g_free (passphrase_file);
  g_free (backup_path);
  g_free (dir);
  return status;
}
