/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-migration"

#include "config.h"

#include <string.h>

#include "sesame-migration.h"
#include "sesame-test-utils.h"

/* Protobuf written by hand here (not through the generated code under
 * test), so a wrong field number in the .proto would be caught. */
static void
put_varint (GByteArray *out,
            guint64     v)
{
  do
    {
      guint8 b = v & 0x7f;

      v >>= 7;
      if (v)
        b |= 0x80;
      g_byte_array_append (out, &b, 1);
    }
  while (v);
}

static void
put_bytes (GByteArray *out,
           guint       field,
           const void *data,
           gsize       size)
{
  put_varint (out, (field << 3) | 2);
  put_varint (out, size);
  g_byte_array_append (out, data, (guint) size);
}

static void
put_int (GByteArray *out,
         guint       field,
         gint64      v)
{
  put_varint (out, field << 3);
  put_varint (out, (guint64) v);
}

typedef struct
{
  const char *name;
  const char *issuer;
  gint64      algorithm, digits, type, counter;
} Entry;

static GByteArray *
payload (const Entry *entries,
         guint        n,
         gint64       batch_size,
         gint64       batch_index,
         gint64       batch_id)
{
  GByteArray *out = g_byte_array_new ();
  static const guint8 secret[] = { 0xfa, 0xa5, 0x05, 0xe9, 0x33, 0xa0, 0xd1, 0x2e, 0x90, 0xbe };

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GByteArray) e = g_byte_array_new ();

      put_bytes (e, 1, secret, sizeof secret);
      put_bytes (e, 2, entries[i].name, strlen (entries[i].name));
      put_bytes (e, 3, entries[i].issuer, strlen (entries[i].issuer));
      put_int (e, 4, entries[i].algorithm);
      put_int (e, 5, entries[i].digits);
      put_int (e, 6, entries[i].type);
      put_int (e, 7, entries[i].counter);
      put_bytes (out, 1, e->data, e->len);
    }
  put_int (out, 2, 1);
  put_int (out, 3, batch_size);
  put_int (out, 4, batch_index);
  put_int (out, 5, batch_id);
  return out;
}

static char *
uri_for (GByteArray *bytes)
{
  g_autofree char *b64 = g_base64_encode (bytes->data, bytes->len);
  g_autofree char *escaped = g_uri_escape_string (b64, NULL, FALSE);

  return g_strconcat ("otpauth-migration://offline?data=", escaped, NULL);
}

static void
assert_secret_base32 (const SesameOtpauth *a,
                      const char          *base32)
{
  g_autofree char *s = sesame_secret_to_base32 (a->secret);

  g_assert_cmpstr (s, ==, base32);
}

static void
test_vectors (void)
{
  const Entry entries[] = {
    { "alice@example.com", "Example", 2, 2, 2, 0 },    /* SHA256, 8 digits, TOTP */
    { "Bank:bob", "Bank", 3, 1, 1, 123456789 },        /* SHA512, 6 digits, HOTP */
    { "carol", "", 1, 0, 0, 0 },                       /* unspecified → SHA1, 6, TOTP */
  };
  g_autoptr(GByteArray) bytes = payload (entries, G_N_ELEMENTS (entries), 3, 1, -123456);
  g_autofree char *uri = uri_for (bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse (uri, &error);
  SesameOtpauth *a;

  g_assert_no_error (error);
  g_assert_cmpuint (batch->accounts->len, ==, 3);
  g_assert_cmpuint (batch->problems->len, ==, 0);
  g_assert_cmpint (batch->version, ==, 1);
  g_assert_cmpint (batch->batch_size, ==, 3);
  g_assert_cmpint (batch->batch_index, ==, 1);
  g_assert_cmpint (batch->batch_id, ==, -123456);

  a = batch->accounts->pdata[0];
  g_assert_cmpint (a->type, ==, SESAME_OTP_TYPE_TOTP);
  g_assert_cmpint (a->algorithm, ==, SESAME_OTP_ALGORITHM_SHA256);
  g_assert_cmpuint (a->digits, ==, 8);
  g_assert_cmpuint (a->period, ==, 30);
  g_assert_cmpstr (a->issuer, ==, "Example");
  g_assert_cmpstr (a->name, ==, "alice@example.com");
  assert_secret_base32 (a, "7KSQL2JTUDIS5EF6");

  a = batch->accounts->pdata[1];
  g_assert_cmpint (a->type, ==, SESAME_OTP_TYPE_HOTP);
  g_assert_cmpint (a->algorithm, ==, SESAME_OTP_ALGORITHM_SHA512);
  g_assert_cmpuint (a->digits, ==, 6);
  g_assert_cmpuint (a->counter, ==, 123456789);
  g_assert_cmpstr (a->issuer, ==, "Bank");
  g_assert_cmpstr (a->name, ==, "bob");  /* "Bank:" prefix dropped */

  a = batch->accounts->pdata[2];
  g_assert_cmpint (a->type, ==, SESAME_OTP_TYPE_TOTP);
  g_assert_cmpint (a->algorithm, ==, SESAME_OTP_ALGORITHM_SHA1);
  g_assert_cmpuint (a->digits, ==, 6);
  g_assert_cmpstr (a->issuer, ==, "");
  g_assert_cmpstr (a->name, ==, "carol");
}

static void
test_bad_entries (void)
{
  const Entry entries[] = {
    { "md5", "X", 4, 1, 2, 0 },       /* MD5 */
    { "good", "X", 1, 1, 2, 0 },
    { "future", "X", 9, 1, 2, 0 },    /* unknown algorithm */
    { "digits", "X", 1, 7, 2, 0 },    /* unknown digit count */
    { "type", "X", 1, 1, 5, 0 },      /* unknown type */
  };
  g_autoptr(GByteArray) bytes = payload (entries, G_N_ELEMENTS (entries), 1, 0, 7);
  g_autofree char *uri = uri_for (bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse (uri, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (batch->accounts->len, ==, 1);
  g_assert_cmpstr (((SesameOtpauth *) batch->accounts->pdata[0])->name, ==, "good");
  g_assert_cmpuint (batch->problems->len, ==, 4);
  g_assert_error ((GError *) batch->problems->pdata[0], SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_UNSUPPORTED_ALGORITHM);
  g_assert_nonnull (strstr (((GError *) batch->problems->pdata[0])->message, "md5"));
  g_assert_error ((GError *) batch->problems->pdata[1], SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_UNSUPPORTED_ALGORITHM);
  g_assert_error ((GError *) batch->problems->pdata[2], SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_ENTRY);
  g_assert_error ((GError *) batch->problems->pdata[3], SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_ENTRY);
}

static void
assert_parse_error (const char *uri,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse (uri, &error);

  g_assert_null (batch);
  g_assert_error (error, SESAME_MIGRATION_ERROR, code);
  g_test_message ("%s → %s", uri, error->message);
}

static void
test_errors (void)
{
  g_autoptr(GByteArray) empty = g_byte_array_new ();
  g_autofree char *empty_uri = NULL;

  assert_parse_error ("otpauth://totp/x?secret=AAAA", SESAME_MIGRATION_ERROR_INVALID_URI);
  assert_parse_error ("otpauth-migration://offline", SESAME_MIGRATION_ERROR_INVALID_URI);
  assert_parse_error ("otpauth-migration://offline?foo=bar", SESAME_MIGRATION_ERROR_INVALID_URI);
  assert_parse_error ("otpauth-migration://offline?data=%zz", SESAME_MIGRATION_ERROR_INVALID_URI);
  assert_parse_error ("otpauth-migration://offline?data=", SESAME_MIGRATION_ERROR_INVALID_BASE64);
  assert_parse_error ("otpauth-migration://offline?data=ab*cd", SESAME_MIGRATION_ERROR_INVALID_BASE64);
  assert_parse_error ("otpauth-migration://offline?data=abcde", SESAME_MIGRATION_ERROR_INVALID_BASE64);
  /* Valid base64, truncated protobuf (a length-delimited field cut short). */
  assert_parse_error ("otpauth-migration://offline?data=CjUKEA", SESAME_MIGRATION_ERROR_INVALID_PAYLOAD);

  put_int (empty, 2, 1);
  empty_uri = uri_for (empty);
  assert_parse_error (empty_uri, SESAME_MIGRATION_ERROR_EMPTY);
}

static SesameOtpauth *
account (SesameOtpType       type,
         SesameOtpAlgorithm  algorithm,
         guint               digits,
         guint64             counter,
         const char         *issuer,
         const char         *name,
         guint8              key_byte)
{
  SesameOtpauth *a = sesame_otpauth_new ();
  guint8 key[20];

  memset (key, key_byte, sizeof key);
  a->type = type;
  a->algorithm = algorithm;
  a->digits = digits;
  a->counter = counter;
  g_free (a->issuer);
  a->issuer = g_strdup (issuer);
  g_free (a->name);
  a->name = g_strdup (name);
  a->secret = sesame_secret_new (key, sizeof key);
  return a;
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  g_auto(GStrv) uris = NULL;
  g_autoptr(GError) error = NULL;
  guint k = 0;
  int id = 0;

  g_ptr_array_add (accounts, account (SESAME_OTP_TYPE_TOTP, SESAME_OTP_ALGORITHM_SHA1, 6, 0, "GitHub", "alice", 1));
  g_ptr_array_add (accounts, account (SESAME_OTP_TYPE_TOTP, SESAME_OTP_ALGORITHM_SHA256, 8, 0, "", "bob", 2));
  g_ptr_array_add (accounts, account (SESAME_OTP_TYPE_HOTP, SESAME_OTP_ALGORITHM_SHA512, 8, G_MAXINT64, "Bäckerei", "jörg", 3));
  g_ptr_array_add (accounts, account (SESAME_OTP_TYPE_HOTP, SESAME_OTP_ALGORITHM_SHA1, 6, 4, "X", "y", 4));
  g_ptr_array_add (accounts, account (SESAME_OTP_TYPE_TOTP, SESAME_OTP_ALGORITHM_SHA512, 6, 0, "Z", "z", 5));

  uris = sesame_migration_encode (accounts, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (uris), ==, 3);

  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse (uris[i], &error);

      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (uris[i], "otpauth-migration://offline?data="));
      g_assert_null (strchr (uris[i], '+'));
      g_assert_cmpint (batch->batch_size, ==, 3);
      g_assert_cmpint (batch->batch_index, ==, (int) i);
      if (i == 0)
        id = batch->batch_id;
      g_assert_cmpint (batch->batch_id, ==, id);
      g_assert_cmpuint (batch->problems->len, ==, 0);
      for (guint j = 0; j < batch->accounts->len; j++, k++)
        g_assert_true (sesame_otpauth_equal (batch->accounts->pdata[j], accounts->pdata[k]));
    }
  g_assert_cmpuint (k, ==, accounts->len);
}

static void
test_encode_unsupported (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  g_autoptr(GError) error = NULL;
  char **uris;
  SesameOtpauth *a;

  uris = sesame_migration_encode (accounts, 0, &error);
  g_assert_null (uris);
  g_assert_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_EMPTY);
  g_clear_error (&error);

  a = account (SESAME_OTP_TYPE_STEAM, SESAME_OTP_ALGORITHM_SHA1, 5, 0, "Steam", "gabe", 1);
  g_ptr_array_add (accounts, a);
  uris = sesame_migration_encode (accounts, 0, &error);
  g_assert_null (uris);
  g_assert_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  a->type = SESAME_OTP_TYPE_TOTP;
  a->digits = 6;
  a->period = 60;
  uris = sesame_migration_encode (accounts, 0, &error);
  g_assert_null (uris);
  g_assert_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_UNSUPPORTED);
}

/* ------------------------------------------- samples of real exports */

static char **
read_uris (const char *file)
{
  const char *dir = sesame_test_shared_dir ("testdata");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *uris = g_ptr_array_new ();

  if (dir == NULL)
    return NULL;
  path = g_build_filename (dir, "gauth-migration", file, NULL);
  if (!g_file_get_contents (path, &contents, NULL, &error))
    return NULL;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (g_strstrip (lines[i]), "otpauth-migration://"))
      g_ptr_array_add (uris, g_strdup (lines[i]));
  g_ptr_array_add (uris, NULL);
  return (char **) g_ptr_array_free (uris, FALSE);
}

#define SKIP_WITHOUT_SAMPLES(uris) \
  if (uris == NULL) \
    { \
      g_test_skip ("The Google Authenticator samples (shared/testdata/gauth-migration) are not here"); \
      return; \
    }

static void
test_sample_export (void)
{
  g_auto(GStrv) uris = read_uris ("example_export.txt");
  const struct { const char *name, *issuer; SesameOtpType type; guint64 counter; } expected[] = {
    { "pi@raspberrypi", "raspberrypi", SESAME_OTP_TYPE_TOTP, 0 },
    { "pi@raspberrypi", "", SESAME_OTP_TYPE_TOTP, 0 },
    { "pi@raspberrypi", "", SESAME_OTP_TYPE_TOTP, 0 },
    { "pi@raspberrypi", "raspberrypi", SESAME_OTP_TYPE_TOTP, 0 },
    { "hotp demo", "", SESAME_OTP_TYPE_HOTP, 4 },
    { "encoding: ¿äÄéÉ? (demo)", "", SESAME_OTP_TYPE_TOTP, 0 },
  };
  guint k = 0;

  SKIP_WITHOUT_SAMPLES (uris);
  g_assert_cmpuint (g_strv_length (uris), ==, 5);
  for (guint i = 0; uris[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse (uris[i], &error);

      g_assert_no_error (error);
      g_assert_cmpuint (batch->problems->len, ==, 0);
      g_assert_cmpint (batch->batch_size, ==, 1);
      g_assert_cmpint (batch->batch_index, ==, 0);
      g_assert_cmpint (batch->batch_id, <, 0);  /* a negative int32 in a 10-byte varint */
      for (guint j = 0; j < batch->accounts->len; j++, k++)
        {
          SesameOtpauth *a = batch->accounts->pdata[j];

          g_assert_cmpuint (k, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (a->name, ==, expected[k].name);
          g_assert_cmpstr (a->issuer, ==, expected[k].issuer);
          g_assert_cmpint (a->type, ==, expected[k].type);
          g_assert_cmpuint (a->counter, ==, expected[k].counter);
          g_assert_cmpint (a->algorithm, ==, SESAME_OTP_ALGORITHM_SHA1);
          g_assert_cmpuint (a->digits, ==, 6);
          assert_secret_base32 (a, "7KSQL2JTUDIS5EF65KLMRQIIGY");
        }
    }
  g_assert_cmpuint (k, ==, G_N_ELEMENTS (expected));
}

static void
test_sample_plus (void)
{
  g_auto(GStrv) uris = read_uris ("test_plus_problem_export.txt");
  const char *secrets[] = {
    "A4RFDYMF4GSLUIBQV4ZP67OJEZ2XUQVM", "SCDDZ7PW5MOZLE3PQCAZM7L4S35K3UDX",
    "TR76272RVYO6EAEY2FX7W7R7KUDEGPJ4", "N2ILWSXSJUQUB7S6NONPJSC62NPG7EXN",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameMigrationBatch) batch = NULL;

  SKIP_WITHOUT_SAMPLES (uris);
  g_assert_cmpuint (g_strv_length (uris), ==, 1);
  batch = sesame_migration_parse (uris[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->accounts->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      SesameOtpauth *a = batch->accounts->pdata[i];
      g_autofree char *name = g_strdup_printf ("test%u@serenitylabs.co.uk", i + 1);

      /* Google's name is "SerenityLabs:test1@…": the repeated issuer goes. */
      g_assert_cmpstr (a->name, ==, name);
      g_assert_cmpstr (a->issuer, ==, "SerenityLabs");
      g_assert_cmpint (a->type, ==, SESAME_OTP_TYPE_TOTP);
      assert_secret_base32 (a, secrets[i]);
    }
}

static void
test_sample_wrong_data (void)
{
  g_auto(GStrv) uris = read_uris ("test_export_wrong_data.txt");
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameMigrationBatch) batch = NULL;

  SKIP_WITHOUT_SAMPLES (uris);
  batch = sesame_migration_parse (uris[0], &error);
  g_assert_null (batch);
  g_assert_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_PAYLOAD);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration/vectors", test_vectors);
  g_test_add_func ("/migration/bad-entries", test_bad_entries);
  g_test_add_func ("/migration/errors", test_errors);
  g_test_add_func ("/migration/round-trip", test_round_trip);
  g_test_add_func ("/migration/encode-unsupported", test_encode_unsupported);
  g_test_add_func ("/migration/sample/export", test_sample_export);
  g_test_add_func ("/migration/sample/plus", test_sample_plus);
  g_test_add_func ("/migration/sample/wrong-data", test_sample_wrong_data);

  return g_test_run ();
}
