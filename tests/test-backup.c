/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sesame-backup.h"
#include "sesame-base32.h"
#include "sesame-export.h"
#include "sesame-import.h"
#include "sesame-test-utils.h"

#define PASSPHRASE "backup passphrase"
#define FAST_WORK_FACTOR 10

static SesameAccount *
make_account (SesameOtpType  type,
              const char    *issuer,
              const char    *name,
              const char    *secret_b32)
{
  g_autoptr(SesameSecret) secret = sesame_base32_decode (secret_b32, -1, NULL);
  SesameAccount *account = sesame_account_new ();

  g_assert_nonnull (secret);
  sesame_account_set_otp_type (account, type);
  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_secret (account, secret);
  return account;
}

static GPtrArray *
sample_accounts (void)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);
  const char *codes[] = { "1111-2222", "3333-4444", NULL };
  const char *groups[] = { "Work", "Code", NULL };
  SesameAccount *a;

  a = make_account (SESAME_OTP_TYPE_TOTP, "GitHub", "alice@example.com", "JBSWY3DPEHPK3PXP");
  sesame_account_set_favorite (a, TRUE);
  sesame_account_set_note (a, "Personal account — “quoted” note\nsecond line");
  sesame_account_set_recovery_codes (a, codes);
  sesame_account_set_recovery_code_used (a, 1, TRUE);
  sesame_account_set_groups (a, groups);
  sesame_account_set_created (a, 1700000000);
  g_ptr_array_add (accounts, a);

  a = make_account (SESAME_OTP_TYPE_HOTP, "Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII");
  sesame_account_set_algorithm (a, SESAME_OTP_ALGORITHM_SHA256);
  sesame_account_set_digits (a, 7);
  sesame_account_set_counter (a, 50);
  g_ptr_array_add (accounts, a);

  a = make_account (SESAME_OTP_TYPE_STEAM, "Steam", "gamer", "JRZCL47CMXVOQMNPZR2F7J4RGI");
  sesame_account_set_digits (a, 5);
  g_ptr_array_add (accounts, a);

  a = make_account (SESAME_OTP_TYPE_TOTP, "", "Ünïcödé name", "7ELGJSGXNCCTV3O6LKJWYFV2RA");
  sesame_account_set_algorithm (a, SESAME_OTP_ALGORITHM_SHA512);
  sesame_account_set_digits (a, 8);
  sesame_account_set_period (a, 60);
  g_ptr_array_add (accounts, a);

  return accounts;
}

static void
assert_same_accounts (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      g_autoptr(SesameSecureStr) ja = sesame_account_to_json (g_ptr_array_index (a, i));
      g_autoptr(SesameSecureStr) jb = sesame_account_to_json (g_ptr_array_index (b, i));

      g_assert_cmpstr (ja, ==, jb);
    }
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sesame-backup-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
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

static void
test_document (void)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 11, 25, 12, 30, 5);
  g_autoptr(SesameSecureStr) json = sesame_backup_to_json (accounts, created);
  g_autoptr(SesameImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *first;

  /* Readable with any JSON tool. */
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "format"), ==, "sesame-backup");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "created"), ==, "2026-11-25T12:30:05Z");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "accounts")), ==, 4);
  first = json_array_get_object_element (json_object_get_array_member (root, "accounts"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "secret"), ==, "JBSWY3DPEHPK3PXP");
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "totp");
  g_assert_true (json_object_get_boolean_member (first, "favorite"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "recovery_codes")), ==, 2);

  result = sesame_backup_parse (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->failures->len, ==, 0);
  assert_same_accounts (accounts, result->accounts);
}

static void
test_invalid_entries (void)
{
  const char *json =
    "{\"format\": \"sesame-backup\", \"version\": 1, \"accounts\": ["
    " {\"type\": \"totp\", \"issuer\": \"Good\", \"name\": \"one\", \"secret\": \"JBSWY3DPEHPK3PXP\"},"
    " {\"type\": \"totp\", \"issuer\": \"Bad key\", \"name\": \"two\", \"secret\": \"not base32!\"},"
    " 42,"
    " {\"type\": \"totp\", \"issuer\": \"Bad digits\", \"name\": \"three\", \"secret\": \"JBSWY3DPEHPK3PXP\", \"digits\": 99},"
    " {\"type\": \"hotp\", \"issuer\": \"Good\", \"name\": \"four\", \"secret\": \"KUVJJOM753IHTNDSZVCNKL7GII\", \"counter\": 7}"
    "]}";
  g_autoptr(SesameImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = sesame_backup_parse (json, strlen (json), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->accounts->len, ==, 2);
  g_assert_cmpuint (result->failures->len, ==, 3);
  g_assert_cmpuint (sesame_account_get_counter (g_ptr_array_index (result->accounts, 1)), ==, 7);

  for (guint i = 0; i < result->failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (result->failures, i);

      g_test_message ("%s: %s", failure->entry, failure->reason);
      g_assert_true (failure->reason != NULL && *failure->reason != '\0');
      g_assert_null (strstr (failure->reason, "not base32!"));
    }
  g_assert_nonnull (strstr (((SesameImportFailure *) g_ptr_array_index (result->failures, 0))->entry, "Bad key"));
  g_assert_nonnull (strstr (((SesameImportFailure *) g_ptr_array_index (result->failures, 1))->entry, "3"));
}

static void
test_not_a_backup (void)
{
  struct { const char *json; int code; } cases[] = {
    { "not json", SESAME_BACKUP_ERROR_NOT_A_BACKUP },
    { "[1, 2]", SESAME_BACKUP_ERROR_NOT_A_BACKUP },
    { "{\"db\": {}}", SESAME_BACKUP_ERROR_NOT_A_BACKUP },
    { "{\"format\": \"sesame-backup\", \"version\": 2, \"accounts\": []}", SESAME_BACKUP_ERROR_UNSUPPORTED_VERSION },
    { "{\"format\": \"sesame-backup\", \"version\": \"1\", \"accounts\": []}", SESAME_BACKUP_ERROR_INVALID },
    { "{\"format\": \"sesame-backup\", \"version\": 1}", SESAME_BACKUP_ERROR_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameImportResult) result = sesame_backup_parse (cases[i].json, strlen (cases[i].json), &error);

      g_assert_null (result);
      g_assert_error (error, SESAME_BACKUP_ERROR, cases[i].code);
    }
}

static void
test_file_round_trip (void)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sesame.age", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameImportResult) result = NULL;
  g_autoptr(SesameImportResult) wrong = NULL;
  g_autofree char *contents = NULL;
  gsize size = 0;
  GStatBuf st;

  g_assert_true (sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE, FAST_WORK_FACTOR, NULL, &error));
  g_assert_no_error (error);

  /* One file, private, age, and no plaintext in it. */
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "age-encryption.org/v1\n-> scrypt "));
  g_assert_null (g_strstr_len (contents, size, "GitHub"));
  g_assert_null (g_strstr_len (contents, size, "JBSWY3DPEHPK3PXP"));
  g_assert_null (g_strstr_len (contents, size, "sesame-backup"));

  result = sesame_import_file (file, "age", PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  assert_same_accounts (accounts, result->accounts);

  wrong = sesame_import_file (file, "age", "wrong", NULL, &error);
  g_assert_null (wrong);
  g_assert_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_WRONG_PASSWORD);

  remove_tmpdir (dir);
}

static void
test_replace_keeps_old_on_failure (void)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sesame.age", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-sesame-dir/backup.age");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE, FAST_WORK_FACTOR, NULL, &error));
  g_file_get_contents (path, &before, NULL, NULL);

  /* A work factor age refuses fails during the write: the old file stays. */
  g_assert_false (sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE,
                                            SESAME_AGE_MAX_WORK_FACTOR + 1, NULL, &error));
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_clear_pointer (&after, g_free);

  /* An empty passphrase is refused before anything is written. */
  g_assert_false (sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, "", FAST_WORK_FACTOR, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (count_files (dir), ==, 1);

  /* A second good write replaces it. */
  g_assert_true (sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE, FAST_WORK_FACTOR, NULL, &error));
  g_clear_pointer (&after, g_free);
  g_file_get_contents (path, &after, NULL, NULL);
  g_assert_cmpstr (before, !=, after);
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_assert_false (sesame_export_write_file (nowhere, accounts, SESAME_EXPORT_AGE, PASSPHRASE, FAST_WORK_FACTOR, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  remove_tmpdir (dir);
}

static void
test_async (void)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sesame.age", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameImportResult) result = NULL;
  GAsyncResult *res = NULL;

  sesame_export_write_file_async (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE, FAST_WORK_FACTOR, NULL,
                                  sesame_test_on_result, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sesame_export_write_file_finish (res, &error));
  g_assert_no_error (error);
  g_clear_object (&res);

  sesame_import_file_async (file, "age", PASSPHRASE, NULL, sesame_test_on_result, &res);
  while (res == NULL)
    g_main_context_iteration (NULL, TRUE);
  result = sesame_import_file_finish (res, &error);
  g_assert_no_error (error);
  g_clear_object (&res);
  assert_same_accounts (accounts, result->accounts);

  remove_tmpdir (dir);
}

static GListStore *
store_of (GPtrArray *accounts,
          guint      n)
{
  GListStore *store = g_list_store_new (SESAME_TYPE_ACCOUNT);

  for (guint i = 0; i < n; i++)
    g_list_store_append (store, g_ptr_array_index (accounts, i));
  return store;
}

static void
test_restore_plan (void)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autoptr(SesameSecureStr) json = sesame_backup_to_json (accounts, NULL);
  g_autoptr(SesameImportResult) backup = sesame_backup_parse (json, strlen (json), NULL);
  g_autoptr(GListStore) store = store_of (accounts, 2);
  g_autoptr(SesameRestorePlan) plan = NULL;
  g_autoptr(SesameRestorePlan) again = NULL;
  g_autoptr(SesameAccount) twice = NULL;

  /* The backup lists its last account twice. */
  twice = sesame_account_copy (g_ptr_array_index (backup->accounts, 3));
  g_ptr_array_add (backup->accounts, g_object_ref (twice));

  plan = sesame_restore_plan_new (G_LIST_MODEL (store), backup->accounts);
  g_assert_cmpuint (plan->to_add->len, ==, 2);
  g_assert_cmpuint (plan->skipped->len, ==, 3);
  for (guint i = 0; i < plan->skipped->len; i++)
    {
      SesameImportFailure *skip = g_ptr_array_index (plan->skipped, i);
      g_test_message ("skipped %s: %s", skip->entry, skip->reason);
    }
  g_assert_cmpstr (sesame_account_get_issuer (g_ptr_array_index (plan->to_add, 0)), ==, "Steam");

  for (guint i = 0; i < plan->to_add->len; i++)
    g_list_store_append (store, g_ptr_array_index (plan->to_add, i));

  /* Restoring the same backup again adds nothing. */
  again = sesame_restore_plan_new (G_LIST_MODEL (store), backup->accounts);
  g_assert_cmpuint (again->to_add->len, ==, 0);
  g_assert_cmpuint (again->skipped->len, ==, 5);
}

/* An account renamed since the backup keeps its uuid: the backup's copy
 * must come in beside it, never overwrite it. */
static void
test_restore_renamed (void)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autoptr(SesameSecureStr) json = sesame_backup_to_json (accounts, NULL);
  g_autoptr(SesameImportResult) backup = sesame_backup_parse (json, strlen (json), NULL);
  g_autoptr(GListStore) store = store_of (accounts, 1);
  g_autoptr(SesameRestorePlan) plan = NULL;
  SesameAccount *restored;

  sesame_account_set_name (g_ptr_array_index (accounts, 0), "renamed");
  plan = sesame_restore_plan_new (G_LIST_MODEL (store), backup->accounts);
  g_assert_cmpuint (plan->to_add->len, ==, 4);
  restored = g_ptr_array_index (plan->to_add, 0);
  g_assert_cmpstr (sesame_account_get_name (restored), ==, "alice@example.com");
  g_assert_cmpstr (sesame_account_get_uuid (restored), !=, sesame_account_get_uuid (g_ptr_array_index (accounts, 0)));
  g_assert_cmpstr (sesame_account_get_note (restored), ==, sesame_account_get_note (g_ptr_array_index (accounts, 0)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backup/document", test_document);
  g_test_add_func ("/backup/invalid-entries", test_invalid_entries);
  g_test_add_func ("/backup/not-a-backup", test_not_a_backup);
  g_test_add_func ("/backup/file-round-trip", test_file_round_trip);
  g_test_add_func ("/backup/replace-keeps-old-on-failure", test_replace_keeps_old_on_failure);
  g_test_add_func ("/backup/async", test_async);
  g_test_add_func ("/backup/restore-plan", test_restore_plan);
  g_test_add_func ("/backup/restore-renamed", test_restore_renamed);

  return g_test_run ();
}
