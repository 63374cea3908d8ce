/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sesame-base32.h"
#include "sesame-export.h"
#include "sesame-import.h"

/* Export tests check formats, not the KDF: a cheap age work factor. */
#define FAST_WORK_FACTOR 10

/* Round trips: Sesame → each export format → Sesame's own importers, which
 * read what Aegis reads (the Aegis importer is tested on Aegis's samples).
 * What a format can carry must come back identical. */

#define PASSPHRASE "export passphrase"

static SesameAccount *
make_account (SesameOtpType  type,
              const char    *issuer,
              const char    *name,
              const char    *secret_b32)
{
  g_autoptr(SesameSecret) secret = sesame_base32_decode (secret_b32, -1, NULL);
  SesameAccount *account = sesame_account_new ();

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
  const char *groups[] = { "Work", "Code", NULL };
  const char *other[] = { "Work", NULL };
  SesameAccount *a;

  a = make_account (SESAME_OTP_TYPE_TOTP, "GitHub", "alice@example.com", "JBSWY3DPEHPK3PXP");
  sesame_account_set_favorite (a, TRUE);
  sesame_account_set_note (a, "Personal — “quoted”\nsecond line");
  sesame_account_set_groups (a, groups);
  g_ptr_array_add (accounts, a);

  a = make_account (SESAME_OTP_TYPE_HOTP, "Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII");
  sesame_account_set_algorithm (a, SESAME_OTP_ALGORITHM_SHA256);
  sesame_account_set_digits (a, 7);
  sesame_account_set_counter (a, 50);
  sesame_account_set_groups (a, other);
  g_ptr_array_add (accounts, a);

  a = make_account (SESAME_OTP_TYPE_STEAM, "Steam", "gamer", "JRZCL47CMXVOQMNPZR2F7J4RGI");
  sesame_account_set_digits (a, 5);
  g_ptr_array_add (accounts, a);

  a = make_account (SESAME_OTP_TYPE_TOTP, "", "Ünïcödé & name", "7ELGJSGXNCCTV3O6LKJWYFV2RA");
  sesame_account_set_algorithm (a, SESAME_OTP_ALGORITHM_SHA512);
  sesame_account_set_digits (a, 8);
  sesame_account_set_period (a, 60);
  g_ptr_array_add (accounts, a);

  return accounts;
}

static void
assert_same_otp (SesameAccount *a,
                 SesameAccount *b)
{
  g_autoptr(SesameSecureStr) sa = sesame_secret_to_base32 (sesame_account_get_secret (a));
  g_autoptr(SesameSecureStr) sb = sesame_secret_to_base32 (sesame_account_get_secret (b));
  char ca[SESAME_OTP_CODE_SIZE], cb[SESAME_OTP_CODE_SIZE];

  g_assert_cmpint (sesame_account_get_otp_type (a), ==, sesame_account_get_otp_type (b));
  g_assert_cmpstr (sesame_account_get_issuer (a), ==, sesame_account_get_issuer (b));
  g_assert_cmpstr (sesame_account_get_name (a), ==, sesame_account_get_name (b));
  g_assert_cmpstr (sa, ==, sb);
  g_assert_cmpint (sesame_account_get_algorithm (a), ==, sesame_account_get_algorithm (b));
  g_assert_cmpuint (sesame_account_get_digits (a), ==, sesame_account_get_digits (b));
  g_assert_cmpuint (sesame_account_get_period (a), ==, sesame_account_get_period (b));
  g_assert_cmpuint (sesame_account_get_counter (a), ==, sesame_account_get_counter (b));
  g_assert_true (sesame_account_code_at (a, 1700000000, ca));
  g_assert_true (sesame_account_code_at (b, 1700000000, cb));
  g_assert_cmpstr (ca, ==, cb);
}

static void
assert_same_extras (SesameAccount *a,
                    SesameAccount *b)
{
  const char * const *ga = sesame_account_get_groups (a);
  const char * const *gb = sesame_account_get_groups (b);
  guint na = ga ? g_strv_length ((char **) ga) : 0;
  guint nb = gb ? g_strv_length ((char **) gb) : 0;

  g_assert_cmpstr (sesame_account_get_note (a) ? sesame_account_get_note (a) : "", ==,
                   sesame_account_get_note (b) ? sesame_account_get_note (b) : "");
  g_assert_cmpint (sesame_account_get_favorite (a), ==, sesame_account_get_favorite (b));
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    g_assert_true (g_strv_contains (gb, ga[i]));
}

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sesame-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static SesameImportResult *
export_and_import (SesameExportFormat  format,
                   const char         *passphrase,
                   const char         *expected_format,
                   char              **contents_out)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "export", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SesameImportResult *result;
  gsize size = 0;
  GStatBuf st;

  g_assert_true (sesame_export_write_file (file, accounts, format, passphrase, FAST_WORK_FACTOR, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);

  /* Auto-detected, like a person dropping the file on Sesame. */
  result = sesame_import_data ((const guint8 *) contents, size, "export", NULL, passphrase, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->format, ==, expected_format);
  g_assert_cmpuint (result->failures->len, ==, 0);
  g_assert_cmpuint (result->accounts->len, ==, accounts->len);
  for (guint i = 0; i < accounts->len; i++)
    assert_same_otp (g_ptr_array_index (accounts, i), g_ptr_array_index (result->accounts, i));

  if (format != SESAME_EXPORT_URIS)
    for (guint i = 0; i < accounts->len; i++)
      assert_same_extras (g_ptr_array_index (accounts, i), g_ptr_array_index (result->accounts, i));

  g_unlink (path);
  g_rmdir (dir);
  if (contents_out != NULL)
    *contents_out = g_steal_pointer (&contents);
  return result;
}

static void
test_age (void)
{
  g_autoptr(SesameImportResult) result = export_and_import (SESAME_EXPORT_AGE, PASSPHRASE, "age", NULL);
}

static void
test_aegis_encrypted (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(SesameImportResult) result = export_and_import (SESAME_EXPORT_AEGIS, PASSPHRASE, "aegis", &contents);
  g_autoptr(SesameImportResult) wrong = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *slot;

  /* The shape Aegis expects. */
  g_assert_true (json_parser_load_from_data (parser, contents, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (root, "db"));
  slot = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (root, "header"), "slots"), 0);
  g_assert_cmpint (json_object_get_int_member (slot, "type"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (slot, "n"), ==, 32768);
  g_assert_cmpuint (strlen (json_object_get_string_member (slot, "salt")), ==, 64);
  g_assert_cmpuint (strlen (json_object_get_string_member (slot, "key")), ==, 64);
  g_assert_null (strstr (contents, "JBSWY3DPEHPK3PXP"));
  g_assert_null (strstr (contents, "GitHub"));

  wrong = sesame_import_data ((const guint8 *) contents, strlen (contents), "x.json", "aegis", "nope", &error);
  g_assert_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_WRONG_PASSWORD);
}

static void
test_aegis_plain (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(SesameImportResult) result = export_and_import (SESAME_EXPORT_AEGIS_PLAIN, NULL, "aegis", &contents);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *db, *header, *entry;

  g_assert_true (json_parser_load_from_data (parser, contents, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  header = json_object_get_object_member (root, "header");
  g_assert_true (json_object_get_null_member (header, "slots"));
  g_assert_true (json_object_get_null_member (header, "params"));
  db = json_object_get_object_member (root, "db");
  g_assert_cmpint (json_object_get_int_member (db, "version"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (db, "groups")), ==, 2);
  entry = json_array_get_object_element (json_object_get_array_member (db, "entries"), 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "type"), ==, "steam");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (entry, "info"), "digits"), ==, 5);
}

static void
test_uris (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(SesameImportResult) result = export_and_import (SESAME_EXPORT_URIS, NULL, "uris", &contents);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_str_has_prefix (lines[i], "otpauth://"));
}

static void
test_needs_passphrase (void)
{
  g_autoptr(GPtrArray) accounts = sample_accounts ();
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/never-written");
  g_autoptr(GError) error = NULL;
  SesameExportFormat format;

  g_assert_false (sesame_export_write_file (file, accounts, SESAME_EXPORT_AEGIS, NULL, 0, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  g_assert_true (sesame_export_format_from_string ("aegis-plain", &format));
  g_assert_cmpint (format, ==, SESAME_EXPORT_AEGIS_PLAIN);
  g_assert_false (sesame_export_format_from_string ("csv", &format));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/age", test_age);
  g_test_add_func ("/export/aegis-encrypted", test_aegis_encrypted);
  g_test_add_func ("/export/aegis-plain", test_aegis_plain);
  g_test_add_func ("/export/uris", test_uris);
  g_test_add_func ("/export/needs-passphrase", test_needs_passphrase);

  return g_test_run ();
}
