/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sesame-age.h"
#include "sesame-backup.h"
#include "sesame-export.h"
#include "sesame-import.h"
#include "sesame-base32.h"

/* Interoperability with the real age CLI (Debian package "age"). age reads
 * passphrases from the terminal only, so it runs on a pseudo-terminal that
 * this test answers: every "… passphrase…:" prompt gets the passphrase. */

#define PASSPHRASE "interop test: ünïcode & spaces"
#define AGE_TIMEOUT_SECONDS 60

typedef struct
{
  int status;
  char *transcript;
} AgeRun;

static void
age_run_clear (AgeRun *run)
{
  g_free (run->transcript);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AgeRun, age_run_clear)

static char *
find_age (void)
{
  return g_find_program_in_path ("age");
}

/* Number of complete prompts ("passphrase" followed later by ':') in @text. */
static guint
count_prompts (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, "passphrase")) != NULL;)
    {
      const char *colon = strchr (p, ':');

      if (colon == NULL)
        break;
      n++;
      p = colon + 1;
    }

  return n;
}

static void
child_exec (const char  *slave_name,
            char       **argv)
{
  int slave;

  setsid ();
  slave = open (slave_name, O_RDWR);
  if (slave < 0)
    _exit (126);
  ioctl (slave, TIOCSCTTY, 0);
  dup2 (slave, STDIN_FILENO);
  dup2 (slave, STDOUT_FILENO);
  dup2 (slave, STDERR_FILENO);
  if (slave > STDERR_FILENO)
    close (slave);
  execv (argv[0], argv);
  _exit (127);
}

/* Runs age with @argv on a fresh pty, answering every passphrase prompt. */
static void
run_age_on_pty (char       **argv,
                const char  *passphrase,
                AgeRun      *run)
{
  g_autoptr(GString) transcript = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + AGE_TIMEOUT_SECONDS * G_USEC_PER_SEC;
  guint answered = 0;
  gboolean exited = FALSE;
  struct termios tio;
  char slave_name[128];
  int master, status = -1;
  pid_t pid;

  master = posix_openpt (O_RDWR | O_NOCTTY);
  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);

  /* ptsname() before fork(): the child only makes async-signal-safe calls. */
  g_assert_cmpint (ptsname_r (master, slave_name, sizeof slave_name), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    child_exec (slave_name, argv);

  /* Drain output until the child exits and the pty is closed. */
  for (;;)
    {
      struct pollfd pfd = { master, POLLIN, 0 };
      int ready;

      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, NULL, 0);
          close (master);
          g_error ("age did not finish within %d s; transcript: %s", AGE_TIMEOUT_SECONDS, transcript->str);
        }

      ready = poll (&pfd, 1, 100);
      if (ready > 0)
        {
          char buf[1024];
          ssize_t n = read (master, buf, sizeof buf);

          if (n > 0)
            g_string_append_len (transcript, buf, n);
          else if (n < 0 && errno != EINTR && errno != EAGAIN)
            {
              /* EIO: the slave side is closed, the child is gone. */
              if (exited)
                break;
            }
          else if (n == 0 && exited)
            break;
        }

      while (count_prompts (transcript->str) > answered)
        {
          g_autofree char *line = NULL;

          /* Echo is off while age reads the passphrase; checking lets a
           * hanging terminal show up in the transcript, not as a leak. */
          if (tcgetattr (master, &tio) == 0 && (tio.c_lflag & ECHO))
            g_test_message ("warning: terminal echo is on at prompt %u", answered + 1);
          line = g_strconcat (passphrase, "\n", NULL);
          g_assert_cmpint (write (master, line, strlen (line)), ==, (gssize) strlen (line));
          answered++;
        }

      if (!exited && waitpid (pid, &status, WNOHANG) == pid)
        exited = TRUE;
      else if (exited && ready == 0)
        break;
    }

  close (master);
  if (!exited)
    waitpid (pid, &status, 0);

  run->status = status;
  run->transcript = g_string_free (g_steal_pointer (&transcript), FALSE);
  g_test_message ("age transcript: %s", run->transcript);
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sesame-age-interop-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmpdir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);

  for (const char *name; listing != NULL && (name = g_dir_read_name (listing)) != NULL;)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static GBytes *
plaintext (void)
{
  GString *text = g_string_new ("{\"format\": \"sesame-backup\", \"version\": 1, \"accounts\": [");

  /* Over one chunk, so STREAM's chunking is exercised across tools. */
  for (int i = 0; i < 1500; i++)
    g_string_append_printf (text, "%s{\"issuer\": \"Example %d\", \"name\": \"user%d@example.com\"}",
                            i ? ", " : "", i, i);
  g_string_append (text, "]}\n");
  return g_string_free_to_bytes (text);
}

/* Sesame writes (work factor 18, like age), age -d reads. */
static void
test_sesame_to_age (void)
{
  g_autofree char *age = find_age ();
  g_autofree char *dir = NULL;
  g_autofree char *sealed_path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GBytes) plain = plaintext ();
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AgeRun) run = { 0 };
  gsize out_size = 0;

  if (age == NULL)
    {
      g_test_skip ("the age CLI is not installed (Debian package “age”); interop not tested");
      return;
    }

  dir = make_tmpdir ();
  sealed_path = g_build_filename (dir, "backup.age", NULL);
  out_path = g_build_filename (dir, "out.json", NULL);

  sealed = sesame_age_encrypt_bytes (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                                     PASSPHRASE, SESAME_AGE_DEFAULT_WORK_FACTOR, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (sealed_path, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), &error);
  g_assert_no_error (error);

  {
    char *argv[] = { age, (char *) "-d", (char *) "-o", out_path, sealed_path, NULL };
    run_age_on_pty (argv, PASSPHRASE, &run);
  }
  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 0);

  g_file_get_contents (out_path, &out, &out_size, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (out, out_size, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));

  remove_tmpdir (dir);
}

/* And age -d refuses a wrong passphrase on a Sesame file: the test would
 * notice if the pty driver answered something else. */
static void
test_sesame_to_age_wrong (void)
{
  g_autofree char *age = find_age ();
  g_autofree char *dir = NULL;
  g_autofree char *sealed_path = NULL;
  g_autofree char *out_path = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AgeRun) run = { 0 };

  if (age == NULL)
    {
      g_test_skip ("the age CLI is not installed (Debian package “age”); interop not tested");
      return;
    }

  dir = make_tmpdir ();
  sealed_path = g_build_filename (dir, "backup.age", NULL);
  out_path = g_build_filename (dir, "out.json", NULL);
  sealed = sesame_age_encrypt_bytes ((const guint8 *) "secret", 6, PASSPHRASE, 12, NULL, &error);
  g_assert_no_error (error);
  g_file_set_contents (sealed_path, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), &error);
  g_assert_no_error (error);

  {
    char *argv[] = { age, (char *) "-d", (char *) "-o", out_path, sealed_path, NULL };
    run_age_on_pty (argv, "not the passphrase", &run);
  }
  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), !=, 0);
  g_assert_nonnull (strstr (run.transcript, "incorrect passphrase"));

  remove_tmpdir (dir);
}

static void
age_encrypt_file (const char *age,
                  const char *dir,
                  GBytes     *plain,
                  gboolean    armor,
                  char      **sealed_path)
{
  g_autofree char *plain_path = g_build_filename (dir, "plain.json", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(AgeRun) run = { 0 };

  *sealed_path = g_build_filename (dir, armor ? "from-age.age.asc" : "from-age.age", NULL);
  g_file_set_contents (plain_path, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain), &error);
  g_assert_no_error (error);

  if (armor)
    {
      char *argv[] = { (char *) age, (char *) "-p", (char *) "-a", (char *) "-o", *sealed_path, plain_path, NULL };
      run_age_on_pty (argv, PASSPHRASE, &run);
    }
  else
    {
      char *argv[] = { (char *) age, (char *) "-p", (char *) "-o", *sealed_path, plain_path, NULL };
      run_age_on_pty (argv, PASSPHRASE, &run);
    }

  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 0);
  /* Asked twice: the passphrase and its confirmation. */
  g_assert_cmpuint (count_prompts (run.transcript), ==, 2);
  g_unlink (plain_path);
}

static void
age_to_sesame (gboolean armor)
{
  g_autofree char *age = find_age ();
  g_autofree char *dir = NULL;
  g_autofree char *sealed_path = NULL;
  g_autofree char *sealed = NULL;
  g_autoptr(GBytes) plain = plaintext ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) opened = NULL;
  g_autoptr(SesameSecret) wrong = NULL;
  gsize sealed_size = 0, size = 0;
  const guint8 *data;

  if (age == NULL)
    {
      g_test_skip ("the age CLI is not installed (Debian package “age”); interop not tested");
      return;
    }

  dir = make_tmpdir ();
  age_encrypt_file (age, dir, plain, armor, &sealed_path);

  g_file_get_contents (sealed_path, &sealed, &sealed_size, &error);
  g_assert_no_error (error);
  if (armor)
    g_assert_true (g_str_has_prefix (sealed, "-----BEGIN AGE ENCRYPTED FILE-----"));
  else
    g_assert_true (g_str_has_prefix (sealed, "age-encryption.org/v1\n-> scrypt "));

  opened = sesame_age_decrypt_bytes ((const guint8 *) sealed, sealed_size, PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  data = sesame_secret_get_data (opened, &size);
  g_assert_cmpmem (data, size, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));

  wrong = sesame_age_decrypt_bytes ((const guint8 *) sealed, sealed_size, "wrong", NULL, &error);
  g_assert_null (wrong);
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE);

  remove_tmpdir (dir);
}

static void
test_age_to_sesame (void)
{
  age_to_sesame (FALSE);
}

static void
test_age_armored_to_sesame (void)
{
  age_to_sesame (TRUE);
}

/* A real Sesame backup: age -d and a JSON parser are all anyone needs. */
static void
test_backup_file_with_age (void)
{
  g_autofree char *age = find_age ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SesameSecret) secret = sesame_base32_decode ("JBSWY3DPEHPK3PXP", -1, NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(AgeRun) run = { 0 };
  SesameAccount *account = sesame_account_new ();
  JsonObject *root, *first;

  if (age == NULL)
    {
      g_test_skip ("the age CLI is not installed (Debian package “age”); interop not tested");
      g_object_unref (account);
      return;
    }

  sesame_account_set_issuer (account, "GitHub");
  sesame_account_set_name (account, "alice");
  sesame_account_set_secret (account, secret);
  sesame_account_set_note (account, "a note");
  g_ptr_array_add (accounts, account);

  dir = make_tmpdir ();
  path = g_build_filename (dir, "sesame.age", NULL);
  out_path = g_build_filename (dir, "sesame.json", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE, SESAME_AGE_DEFAULT_WORK_FACTOR, NULL, &error));
  g_assert_no_error (error);

  {
    char *argv[] = { age, (char *) "-d", (char *) "-o", out_path, path, NULL };
    run_age_on_pty (argv, PASSPHRASE, &run);
  }
  g_assert_true (WIFEXITED (run.status));
  g_assert_cmpint (WEXITSTATUS (run.status), ==, 0);

  g_file_get_contents (out_path, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "sesame-backup");
  first = json_array_get_object_element (json_object_get_array_member (root, "accounts"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "issuer"), ==, "GitHub");
  g_assert_cmpstr (json_object_get_string_member (first, "secret"), ==, "JBSWY3DPEHPK3PXP");
  g_assert_cmpstr (json_object_get_string_member (first, "note"), ==, "a note");

  /* And the other way: that JSON, encrypted by age -p, restores in Sesame. */
  {
    g_autofree char *sealed_path = NULL;
    g_autoptr(GBytes) plain = g_bytes_new (out, strlen (out));
    g_autoptr(GFile) sealed = NULL;
    g_autoptr(SesameImportResult) result = NULL;

    age_encrypt_file (age, dir, plain, FALSE, &sealed_path);
    sealed = g_file_new_for_path (sealed_path);
    result = sesame_import_file (sealed, "age", PASSPHRASE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->accounts->len, ==, 1);
    g_assert_true (sesame_account_same_identity (g_ptr_array_index (result->accounts, 0), account));
    g_assert_cmpstr (sesame_account_get_note (g_ptr_array_index (result->accounts, 0)), ==, "a note");
  }

  remove_tmpdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/age-interop/sesame-to-age", test_sesame_to_age);
  g_test_add_func ("/age-interop/sesame-to-age-wrong-passphrase", test_sesame_to_age_wrong);
  g_test_add_func ("/age-interop/age-to-sesame", test_age_to_sesame);
  g_test_add_func ("/age-interop/age-armored-to-sesame", test_age_armored_to_sesame);
  g_test_add_func ("/age-interop/backup-file", test_backup_file_with_age);

  return g_test_run ();
}
