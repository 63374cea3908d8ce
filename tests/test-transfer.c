/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sesame-base32.h"
#include "sesame-migration.h"
#include "sesame-transfer.h"

/* Accounts to a phone: the Google Authenticator migration codes that
 * sesame_transfer writes are read back by Sesame's own decoder, by zbarimg
 * from the PNG files (Debian's zbar-tools) and by protoc --decode_raw (a
 * protobuf decoder that knows nothing of the schema); accounts the format
 * cannot carry are set apart with a reason. */

static SesameAccount *
make_account (SesameOtpType       type,
              const char         *issuer,
              const char         *name,
              const char         *secret_base32,
              SesameOtpAlgorithm  algorithm,
              guint               digits,
              guint               period,
              guint64             counter)
{
  g_autoptr(SesameSecret) secret = sesame_base32_decode (secret_base32, -1, NULL);
  SesameAccount *account = sesame_account_new ();

  g_assert_nonnull (secret);
  sesame_account_set_otp_type (account, type);
  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_secret (account, secret);
  sesame_account_set_algorithm (account, algorithm);
  sesame_account_set_digits (account, digits);
  sesame_account_set_period (account, period);
  sesame_account_set_counter (account, counter);
  return account;
}

/* The README's vectors, then enough plain accounts for several codes. */
static GPtrArray *
make_accounts (void)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, "Deno", "Mason", "4SJHB4GSD43FZBAI7C2HLRJGPQ", SESAME_OTP_ALGORITHM_SHA1, 6, 30, 0));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, "SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", SESAME_OTP_ALGORITHM_SHA256, 7, 20, 0));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, "Airbnb", "Elijah", "7ELGJSGXNCCTV3O6LKJWYFV2RA", SESAME_OTP_ALGORITHM_SHA512, 8, 50, 0));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_HOTP, "Issuu", "James", "YOOMIXWS5GN6RTBPUFFWKTW5M4", SESAME_OTP_ALGORITHM_SHA1, 6, 30, 1));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_HOTP, "Air Canada", "Benjamin", "KUVJJOM753IHTNDSZVCNKL7GII", SESAME_OTP_ALGORITHM_SHA256, 7, 30, 50));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_HOTP, "WWE", "Mason", "5VAML3X35THCEBVRLV24CGBKOY", SESAME_OTP_ALGORITHM_SHA512, 8, 30, 10300));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_STEAM, "Boeing", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", SESAME_OTP_ALGORITHM_SHA1, 5, 30, 0));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, "Bäckerei Müller", "jörg@example.org", "JBSWY3DPEHPK3PXP", SESAME_OTP_ALGORITHM_SHA256, 8, 30, 0));

  for (guint i = 0; i < 18; i++)
    {
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);
      g_autofree char *name = g_strdup_printf ("user%u@example.org", i);

      g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, issuer, name, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                                               SESAME_OTP_ALGORITHM_SHA1, 6, 30, 0));
    }
  return accounts;
}

/* Standard output of @argv, or fail. */
static char *
run (const char * const *argv,
     const char         *input)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                                                        (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : 0));
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  g_assert_nonnull (g_find_program_in_path (argv[0]));
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

static guint8 *
payload_of (const char *uri,
            gsize      *size)
{
  const char *data = strstr (uri, "data=");
  g_autofree char *unescaped = NULL;

  g_assert_nonnull (data);
  unescaped = g_uri_unescape_string (data + 5, NULL);
  return g_base64_decode (unescaped, size);
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) accounts = make_accounts ();
  g_autoptr(SesameTransfer) transfer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sesame-transfer-XXXXXX", &error);
  g_autoptr(GFile) directory = NULL;
  guint n_codes, carried = 0;
  int batch_id = 0;

  g_assert_no_error (error);
  directory = g_file_new_build_filename (dir, "codes", NULL);

  transfer = sesame_transfer_new (accounts, &error);
  g_assert_no_error (error);

  /* Vectors 2 (7 digits), 3 (50 s), 5 (7 digits) and 7 (Steam) stay out. */
  g_assert_cmpuint (transfer->skipped->len, ==, 4);
  g_assert_cmpuint (transfer->carried->len, ==, accounts->len - 4);
  for (guint i = 0; i < transfer->skipped->len; i++)
    {
      SesameTransferSkipped *skipped = g_ptr_array_index (transfer->skipped, i);

      g_assert_true (skipped->reason != NULL && *skipped->reason != '\0');
      g_assert_null (strstr (skipped->reason, "5OM4WOOG"));
      g_test_message ("%s: %s", sesame_account_get_display_name (skipped->account), skipped->reason);
    }
  g_assert_cmpstr (sesame_account_get_issuer (((SesameTransferSkipped *) transfer->skipped->pdata[0])->account), ==, "SPDX");
  g_assert_cmpstr (sesame_account_get_issuer (((SesameTransferSkipped *) transfer->skipped->pdata[3])->account), ==, "Boeing");

  n_codes = sesame_transfer_get_n_codes (transfer);
  g_assert_cmpuint (n_codes, ==, 3);   /* 22 accounts, at most 10 a code */

  g_assert_true (sesame_transfer_write_pngs (transfer, directory, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < n_codes; i++)
    {
      g_autofree char *name = sesame_transfer_file_name (i, n_codes);
      g_autofree char *path = g_build_filename (dir, "codes", name, NULL);
      g_autofree char *want_name = g_strdup_printf ("transfer-%u-of-3.png", i + 1);
      const char *zbar[] = { "zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path, NULL };
      g_autofree char *scanned = NULL, *decoded = NULL, *expect = NULL;
      g_autoptr(SesameMigrationBatch) batch = NULL;
      g_autofree guint8 *payload = NULL;
      g_auto(GStrv) lines = NULL;
      guint entries = 0;
      GStatBuf st;
      gsize payload_size = 0;

      g_assert_cmpstr (name, ==, want_name);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0077, ==, 0);   /* the keys are in it */

      /* zbarimg reads the very URI back from the image. */
      scanned = run (zbar, NULL);
      g_strchomp (scanned);
      g_assert_cmpstr (scanned, ==, transfer->uris[i]);

      /* Sesame's decoder. */
      batch = sesame_migration_parse (scanned, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (batch->problems->len, ==, 0);
      g_assert_cmpint (batch->batch_size, ==, (int) n_codes);
      g_assert_cmpint (batch->batch_index, ==, (int) i);
      if (i == 0)
        batch_id = batch->batch_id;
      g_assert_cmpint (batch->batch_id, ==, batch_id);
      for (guint j = 0; j < batch->accounts->len; j++, carried++)
        {
          g_autoptr(SesameOtpauth) want = sesame_account_to_otpauth (transfer->carried->pdata[carried]);
          g_assert_true (sesame_otpauth_equal (batch->accounts->pdata[j], want));
        }

      /* An independent protobuf decoder: field 1 per account, version 1,
       * batch size and index. */
      payload = payload_of (scanned, &payload_size);
      {
        /* protoc reads binary from stdin: pass it through a file. */
        g_autofree char *bin = g_build_filename (dir, "payload.bin", NULL);
        g_autofree char *command = NULL;
        const char *sh[] = { "sh", "-c", NULL, NULL };

        g_assert_true (g_file_set_contents (bin, (const char *) payload, payload_size, NULL));
        command = g_strdup_printf ("protoc --decode_raw < '%s'", bin);
        sh[2] = command;
        decoded = run (sh, NULL);
        g_unlink (bin);
      }
      lines = g_strsplit (decoded, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        entries += g_str_equal (lines[l], "1 {");
      g_assert_cmpuint (entries, ==, batch->accounts->len);
      expect = g_strdup_printf ("\n2: 1\n3: %u\n", n_codes);
      g_assert_nonnull (strstr (decoded, expect));
      if (i > 0)
        {
          g_autofree char *index = g_strdup_printf ("\n4: %u\n", i);
          g_assert_nonnull (strstr (decoded, index));
        }
      for (guint j = 0; j < batch->accounts->len; j++)
        {
          SesameOtpauth *otp = batch->accounts->pdata[j];
          g_autofree char *issuer = NULL;

          /* protoc escapes non-ASCII bytes; look for the ASCII ones. */
          if (g_str_is_ascii (otp->issuer))
            {
              issuer = g_strdup_printf ("3: \"%s\"", otp->issuer);
              g_assert_nonnull (strstr (decoded, issuer));
            }
        }
    }
  g_assert_cmpuint (carried, ==, transfer->carried->len);

  /* The skipped ones, one by one, as otpauth:// codes. */
  for (guint i = 0; i < transfer->skipped->len; i++)
    {
      SesameTransferSkipped *skipped = g_ptr_array_index (transfer->skipped, i);
      g_autoptr(SesameQrCode) code = sesame_transfer_encode_account (skipped->account, &error);

      g_assert_no_error (error);
      g_assert_nonnull (code);
    }

  {
    g_autoptr(GFileEnumerator) files = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                  G_FILE_QUERY_INFO_NONE, NULL, &error);
    GFileInfo *info;

    g_assert_no_error (error);
    while ((info = g_file_enumerator_next_file (files, NULL, NULL)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, "codes", g_file_info_get_name (info), NULL);
        g_unlink (path);
        g_object_unref (info);
      }
  }
  g_rmdir (g_file_peek_path (directory));
  g_rmdir (dir);
}

/* Nothing carried: no code, every account set apart; nothing at all: an error. */
static void
test_nothing_carried (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SesameTransfer) transfer = NULL;
  g_autoptr(SesameTransfer) none = NULL;
  g_autoptr(GError) error = NULL;

  none = sesame_transfer_new (accounts, &error);
  g_assert_null (none);
  g_assert_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_EMPTY);
  g_clear_error (&error);

  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_STEAM, "Steam", "gabe", "JRZCL47CMXVOQMNPZR2F7J4RGI", SESAME_OTP_ALGORITHM_SHA1, 5, 30, 0));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, "Slow", "x", "JBSWY3DPEHPK3PXP", SESAME_OTP_ALGORITHM_SHA1, 6, 60, 0));
  transfer = sesame_transfer_new (accounts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sesame_transfer_get_n_codes (transfer), ==, 0);
  g_assert_cmpuint (transfer->skipped->len, ==, 2);
  g_assert_nonnull (strstr (((SesameTransferSkipped *) transfer->skipped->pdata[1])->reason, "60"));
}

/* Long names make codes hold fewer accounts, so each stays readable. */
static void
test_code_size (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SesameTransfer) transfer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *issuer = g_strnfill (120, 'i');
  g_autofree char *name = g_strnfill (120, 'n');

  for (guint i = 0; i < 10; i++)
    g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, issuer, name, "JBSWY3DPEHPK3PXP", SESAME_OTP_ALGORITHM_SHA1, 6, 30, 0));

  transfer = sesame_transfer_new (accounts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sesame_transfer_get_n_codes (transfer), >, 1);
  for (guint i = 0; transfer->uris[i] != NULL; i++)
    {
      g_autoptr(SesameQrCode) code = sesame_transfer_get_code (transfer, i, &error);

      g_assert_no_error (error);
      /* Version 25 or below: 117 modules. */
      g_assert_cmpuint (sesame_qr_code_get_size (code), <=, 117);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/transfer/round-trip", test_round_trip);
  g_test_add_func ("/transfer/nothing-carried", test_nothing_carried);
  g_test_add_func ("/transfer/code-size", test_code_size);

  return g_test_run ();
}
