/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sesame-account.h"
#include "sesame-account-store.h"
#include "sesame-auto-backup.h"
#include "sesame-backup.h"
#include "sesame-import.h"
#include "sesame-test-utils.h"

#define PASSPHRASE "correct horse battery staple"

typedef struct
{
  char *store_schema;
  char *passphrase_schema;
  char *folder;
  SesameAccountStore *store;
  SesameAutoBackup *backup;
  GFile *written;
  GError *failed;
} Fixture;

static void
on_written (SesameAutoBackup *backup,
            GFile            *file,
            Fixture          *fixture)
{
  g_set_object (&fixture->written, file);
}

static void
on_failed (SesameAutoBackup *backup,
           GError           *error,
           Fixture          *fixture)
{
  g_clear_error (&fixture->failed);
  fixture->failed = g_error_copy (error);
}

static void
wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fixture->store_schema = sesame_test_schema_name ("AutoBackup");
  fixture->passphrase_schema = sesame_test_schema_name ("AutoBackupPass");
  fixture->folder = g_dir_make_tmp ("sesame-auto-backup-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->store = sesame_account_store_new (fixture->store_schema);
  sesame_account_store_load_async (fixture->store, NULL, sesame_test_on_result, &result);
  g_assert_true (sesame_account_store_load_finish (fixture->store, sesame_test_await_result (&result), &error));
  g_assert_no_error (error);

  fixture->backup = sesame_auto_backup_new (fixture->store, fixture->passphrase_schema);
  sesame_auto_backup_set_delay_ms (fixture->backup, 50);
  /* Small, so the suite stays quick; the default (18) is what people get. */
  sesame_auto_backup_set_work_factor (fixture->backup, 10);
  sesame_auto_backup_set_folder (fixture->backup, fixture->folder);
  g_signal_connect (fixture->backup, "backup-written", G_CALLBACK (on_written), fixture);
  g_signal_connect (fixture->backup, "backup-failed", G_CALLBACK (on_failed), fixture);
}

static void
clear_schema (const char *name,
              const char *attribute)
{
  /* Not g_autoptr: libsecret 0.20's cleanup for SecretSchema is wrong. */
  SecretSchema *schema = secret_schema_new (name, SECRET_SCHEMA_NONE,
                                            attribute, SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  secret_password_clearv_sync (schema, none, NULL, NULL);
  secret_schema_unref (schema);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->folder, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->folder, name, NULL);
      g_unlink (path);
    }
  g_rmdir (fixture->folder);

  clear_schema (fixture->store_schema, "uuid");
  clear_schema (fixture->passphrase_schema, "kind");
  g_clear_object (&fixture->backup);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->written);
  g_clear_error (&fixture->failed);
  g_free (fixture->folder);
  g_free (fixture->store_schema);
  g_free (fixture->passphrase_schema);
}

static void
store_passphrase (Fixture *fixture)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_auto_backup_store_passphrase_async (fixture->backup, PASSPHRASE, NULL, sesame_test_on_result, &result);
  g_assert_true (sesame_auto_backup_store_passphrase_finish (fixture->backup, sesame_test_await_result (&result), &error));
  g_assert_no_error (error);
}

static void
add_account (Fixture    *fixture,
             const char *issuer)
{
  g_autoptr(SesameAccount) account = sesame_account_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) secret = NULL;
  guint8 key[20];

  for (guint i = 0; i < sizeof key; i++)
    key[i] = g_random_int_range (0, 256);
  secret = sesame_secret_new (key, sizeof key);
  sesame_account_set_secret (account, secret);
  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, "someone@example.com");

  sesame_account_store_add_async (fixture->store, account, NULL, sesame_test_on_result, &result);
  g_assert_true (sesame_account_store_add_finish (fixture->store, sesame_test_await_result (&result), &error));
  g_assert_no_error (error);
}

static gboolean written_or_failed (Fixture *fixture) { return fixture->written != NULL || fixture->failed != NULL; }

static void
wait_backup (Fixture *fixture)
{
  g_clear_object (&fixture->written);
  g_clear_error (&fixture->failed);
  while (!written_or_failed (fixture))
    g_main_context_iteration (NULL, TRUE);
}

static guint
count_backups (Fixture *fixture)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->folder, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    n += g_str_has_prefix (name, SESAME_AUTO_BACKUP_PREFIX) && g_str_has_suffix (name, SESAME_AUTO_BACKUP_SUFFIX);

  return n;
}

/* A change makes an encrypted backup that holds the accounts. */
static void
test_backup_after_change (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(SesameImportResult) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  store_passphrase (fixture);
  sesame_auto_backup_set_enabled (fixture->backup, TRUE);
  add_account (fixture, "Backed Up");
  wait_backup (fixture);

  g_assert_no_error (fixture->failed);
  g_assert_nonnull (fixture->written);
  g_assert_cmpuint (count_backups (fixture), ==, 1);

  /* Never plaintext on disk: the file is age, not JSON. */
  g_assert_true (g_file_load_contents (fixture->written, NULL, &contents, &length, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "age-encryption.org/v1\n"));
  g_assert_null (g_strstr_len (contents, length, "Backed Up"));

  read = sesame_import_file (fixture->written, "age", PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->accounts->len, ==, 1);
  g_assert_cmpstr (sesame_account_get_issuer (g_ptr_array_index (read->accounts, 0)), ==, "Backed Up");
  g_assert_null (sesame_auto_backup_get_last_error (fixture->backup));
}

/* Only the newest N are kept, and nothing else in the folder is touched. */
static void
test_keeps_newest (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->folder, "holiday.jpg", NULL);
  g_autofree char *old = g_build_filename (fixture->folder, SESAME_AUTO_BACKUP_PREFIX "19990101-000000" SESAME_AUTO_BACKUP_SUFFIX, NULL);

  g_assert_true (g_file_set_contents (other, "not a backup", -1, NULL));
  g_assert_true (g_file_set_contents (old, "old", -1, NULL));

  store_passphrase (fixture);
  sesame_auto_backup_set_keep (fixture->backup, 2);
  sesame_auto_backup_set_enabled (fixture->backup, TRUE);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);

      add_account (fixture, issuer);
      wait_backup (fixture);
      g_assert_no_error (fixture->failed);
    }

  g_assert_cmpuint (count_backups (fixture), ==, 2);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_no_passphrase (Fixture       *fixture,
                    gconstpointer  data)
{
  sesame_auto_backup_set_enabled (fixture->backup, TRUE);
  add_account (fixture, "No Passphrase");
  wait_backup (fixture);

  g_assert_error (fixture->failed, SESAME_AUTO_BACKUP_ERROR, SESAME_AUTO_BACKUP_ERROR_NO_PASSPHRASE);
  g_assert_nonnull (sesame_auto_backup_get_last_error (fixture->backup));
  g_assert_cmpuint (count_backups (fixture), ==, 0);
}

static void
test_missing_folder (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *gone = g_build_filename (fixture->folder, "gone", NULL);
  g_autofree char *message = NULL;

  store_passphrase (fixture);
  sesame_auto_backup_set_folder (fixture->backup, gone);
  sesame_auto_backup_set_enabled (fixture->backup, TRUE);
  add_account (fixture, "No Folder");
  wait_backup (fixture);

  g_assert_error (fixture->failed, SESAME_AUTO_BACKUP_ERROR, SESAME_AUTO_BACKUP_ERROR_NO_FOLDER);
  g_object_get (fixture->backup, "last-error-message", &message, NULL);
  g_assert_nonnull (message);

  /* Fixed: the next change works and clears the error. */
  sesame_auto_backup_set_folder (fixture->backup, fixture->folder);
  add_account (fixture, "Folder Back");
  wait_backup (fixture);
  g_assert_no_error (fixture->failed);
  g_assert_null (sesame_auto_backup_get_last_error (fixture->backup));
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Disabled: changes write nothing. */
static void
test_disabled (Fixture       *fixture,
               gconstpointer  data)
{
  gboolean waited = FALSE;

  store_passphrase (fixture);
  add_account (fixture, "Disabled");
  g_timeout_add (300, set_flag, &waited);
  wait_for (&waited);

  g_assert_null (fixture->written);
  g_assert_null (fixture->failed);
  g_assert_cmpuint (count_backups (fixture), ==, 0);
}

/* Pruning keeps the newest by when they were written, never by how their
 * names sort (issue 13, finding 7): "-2.age" sorted before ".age", "-10"
 * before "-2", and local-time names go backwards when daylight saving time
 * ends. Files of earlier versions (local time in the name) are ordered by
 * modification time. */
static void
make_legacy (Fixture    *fixture,
             const char *stamp,
             gint64      mtime)
{
  g_autofree char *path = g_strdup_printf ("%s/" SESAME_AUTO_BACKUP_PREFIX "%s" SESAME_AUTO_BACKUP_SUFFIX,
                                           fixture->folder, stamp);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime,
                                              G_FILE_QUERY_INFO_NONE, NULL, NULL));
}

static gboolean
backup_exists (Fixture    *fixture,
               const char *stamp)
{
  g_autofree char *path = g_strdup_printf ("%s/" SESAME_AUTO_BACKUP_PREFIX "%s" SESAME_AUTO_BACKUP_SUFFIX,
                                           fixture->folder, stamp);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
backup_once (Fixture *fixture)
{
  store_passphrase (fixture);
  sesame_auto_backup_set_enabled (fixture->backup, TRUE);
  add_account (fixture, "Service");
  wait_backup (fixture);
  g_assert_no_error (fixture->failed);
  g_assert_true (g_file_query_exists (fixture->written, NULL));
}

/* Eleven backups of one second, written in this order by an earlier version. */
static void
test_prune_collisions (Fixture       *fixture,
                       gconstpointer  data)
{
  make_legacy (fixture, "20250101-120000", 1735732800);
  for (guint n = 2; n <= 11; n++)
    {
      g_autofree char *stamp = g_strdup_printf ("20250101-120000-%u", n);
      make_legacy (fixture, stamp, 1735732800 + n);
    }

  sesame_auto_backup_set_keep (fixture->backup, 3);
  backup_once (fixture);

  g_assert_cmpuint (count_backups (fixture), ==, 3);
  g_assert_true (backup_exists (fixture, "20250101-120000-11"));
  g_assert_true (backup_exists (fixture, "20250101-120000-10"));
}

/* Central European time: 02:30 CEST, then (an hour later) 02:15 CET. */
static void
test_prune_dst_end (Fixture       *fixture,
                    gconstpointer  data)
{
  make_legacy (fixture, "20261025-023000", 1792888200);
  make_legacy (fixture, "20261025-021500", 1792890900);

  sesame_auto_backup_set_keep (fixture->backup, 2);
  backup_once (fixture);

  g_assert_cmpuint (count_backups (fixture), ==, 2);
  g_assert_true (backup_exists (fixture, "20261025-021500"));
  g_assert_false (backup_exists (fixture, "20261025-023000"));
}

/* Backups written now, many in one second and with the clock going back:
 * the last N written are the ones kept. */
static void
test_prune_same_second (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) first = g_date_time_new_utc (2026, 10, 25, 0, 30, 0);
  g_autoptr(GDateTime) earlier = g_date_time_new_utc (2026, 10, 24, 23, 0, 0);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);

  for (guint i = 0; i < 12; i++)
    {
      GDateTime *now = i < 6 ? first : earlier;
      GFile *file = sesame_auto_backup_next_file (folder, now);

      g_assert_true (g_file_replace_contents (file, "x", 1, NULL, FALSE, 0, NULL, NULL, NULL));
      g_ptr_array_add (written, file);
      sesame_auto_backup_prune (folder, 4);
    }

  g_assert_cmpuint (count_backups (fixture), ==, 4);
  for (guint i = 0; i < written->len; i++)
    g_assert_cmpint (g_file_query_exists (g_ptr_array_index (written, i), NULL), ==, i >= written->len - 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  g_test_add ("/auto-backup/after-change", Fixture, NULL, fixture_set_up, test_backup_after_change, fixture_tear_down);
  g_test_add ("/auto-backup/keeps-newest", Fixture, NULL, fixture_set_up, test_keeps_newest, fixture_tear_down);
  g_test_add ("/auto-backup/prune-collisions", Fixture, NULL, fixture_set_up, test_prune_collisions, fixture_tear_down);
  g_test_add ("/auto-backup/prune-dst-end", Fixture, NULL, fixture_set_up, test_prune_dst_end, fixture_tear_down);
  g_test_add ("/auto-backup/prune-same-second", Fixture, NULL, fixture_set_up, test_prune_same_second, fixture_tear_down);
  g_test_add ("/auto-backup/no-passphrase", Fixture, NULL, fixture_set_up, test_no_passphrase, fixture_tear_down);
  g_test_add ("/auto-backup/missing-folder", Fixture, NULL, fixture_set_up, test_missing_folder, fixture_tear_down);
  g_test_add ("/auto-backup/disabled", Fixture, NULL, fixture_set_up, test_disabled, fixture_tear_down);

  return g_test_run ();
}
