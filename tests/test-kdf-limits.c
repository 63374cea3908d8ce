/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gcrypt.h>
#include <gio/gio.h>
#include <string.h>

#include "sesame-age.h"
#include "sesame-crypto.h"
#include "sesame-import.h"
#include "sesame-kdf-limits.h"
#include "sesame-test-utils.h"

/* Finding 1 of the 6b9f0f9 review: key-derivation settings read from an
 * imported file are bounded (per derivation, per file, in number), a file
 * beyond the bounds is refused at once with one clear message, and a
 * derivation in progress can be cancelled. */

static char *
random_hex (gsize size)
{
  g_autofree guint8 *bytes = g_malloc (size);

  gcry_randomize (bytes, size, GCRY_WEAK_RANDOM);
  return sesame_test_hex (bytes, size);
}

/* An encrypted Aegis vault whose @slots password slots are all scrypt with
 * @n and @p, none of them opened by any password. */
static char *
hostile_aegis (guint  slots,
               gint64 n,
               gint64 p)
{
  GString *json = g_string_new ("{\"version\": 1, \"header\": {\"slots\": [");

  for (guint i = 0; i < slots; i++)
    {
      g_autofree char *salt = random_hex (32), *key = random_hex (32), *nonce = random_hex (12), *tag = random_hex (16);

      g_string_append_printf (json,
                              "%s{\"type\": 1, \"uuid\": \"x\", \"key\": \"%s\", \"key_params\": "
                              "{\"nonce\": \"%s\", \"tag\": \"%s\"}, \"n\": %" G_GINT64_FORMAT ", \"r\": 8, "
                              "\"p\": %" G_GINT64_FORMAT ", \"salt\": \"%s\", \"repaired\": true}",
                              i > 0 ? ", " : "", key, nonce, tag, n, p, salt);
    }

  g_string_append (json, "], \"params\": {\"nonce\": \"000000000000000000000000\", "
                         "\"tag\": \"00000000000000000000000000000000\"}}, \"db\": \"AAAAAAAAAAAAAAAAAAAAAA==\"}");
  return g_string_free (json, FALSE);
}

static void
assert_refused_quickly_with (const char  *data,
                             gsize        size,
                             const char  *filename,
                             const char  *format,
                             int          code)
{
  g_autoptr(SesameImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  result = sesame_import_data ((const guint8 *) data, size, filename, format, "wrong password", &error);
  g_assert_null (result);
  g_assert_error (error, SESAME_IMPORT_ERROR, code);
  if (code == SESAME_IMPORT_ERROR_INVALID)
    g_assert_nonnull (strstr (error->message, "key-derivation"));
  /* Refused before any derivation runs. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
}

#define assert_refused_quickly(data, size, filename, format) \
  assert_refused_quickly_with (data, size, filename, format, SESAME_IMPORT_ERROR_INVALID)

/* 64 ordinary slots (each would be a full scrypt) */
static void
test_aegis_many_slots (void)
{
  g_autofree char *vault = hostile_aegis (64, 1 << 14, 1);

  assert_refused_quickly (vault, strlen (vault), "aegis.json", NULL);
}

/* One slot asking for gigabytes (N = 2^22, p = 16 was accepted before). */
static void
test_aegis_huge_slot (void)
{
  g_autofree char *memory = hostile_aegis (1, (gint64) 1 << 22, 1);
  g_autofree char *cpu = hostile_aegis (1, (gint64) 1 << 20, 16);
  g_autofree char *total = hostile_aegis (3, (gint64) 1 << 20, 1);

  assert_refused_quickly (memory, strlen (memory), "aegis.json", NULL);
  assert_refused_quickly (cpu, strlen (cpu), "aegis.json", NULL);
  assert_refused_quickly (total, strlen (total), "aegis.json", NULL);
}

/* An ordinary vault (Aegis's own settings) still gets as far as the password. */
static void
test_aegis_ordinary (void)
{
  g_autofree char *vault = hostile_aegis (2, 1 << 15, 1);
  g_autoptr(SesameImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = sesame_import_data ((const guint8 *) vault, strlen (vault), "aegis.json", NULL, "wrong", &error);
  g_assert_null (result);
  g_assert_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_WRONG_PASSWORD);
}

static GBytes *
andotp_with_iterations (guint32 iterations)
{
  guint8 data[4 + 12 + 12 + 40 + 16];

  gcry_randomize (data, sizeof data, GCRY_WEAK_RANDOM);
  data[0] = iterations >> 24;
  data[1] = iterations >> 16;
  data[2] = iterations >> 8;
  data[3] = iterations;
  return g_bytes_new (data, sizeof data);
}

/* andOTP's old encryption starts with a random nonce, which reads as any
 * iteration count: beyond the bounds, the file is one the password does not
 * open (no derivation is run), as the old encryption's check said. */
static void
test_andotp_iterations (void)
{
  g_autoptr(GBytes) hostile = andotp_with_iterations (10000000);
  g_autoptr(GBytes) wild = andotp_with_iterations (G_MAXUINT32);

  assert_refused_quickly_with (g_bytes_get_data (hostile, NULL), g_bytes_get_size (hostile), "otp_accounts.json.aes",
                               "andotp", SESAME_IMPORT_ERROR_WRONG_PASSWORD);
  assert_refused_quickly_with (g_bytes_get_data (wild, NULL), g_bytes_get_size (wild), "otp_accounts.json.aes",
                               "andotp", SESAME_IMPORT_ERROR_WRONG_PASSWORD);
}

/* The core rule alone: what known apps write passes, the rest does not. */
static void
test_check_bounds (void)
{
  static const struct
  {
    SesameKdfParams params;
    gboolean ok;
  } cases[] = {
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 15, .r = 8, .p = 1 }, TRUE },     /* Aegis */
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 18, .r = 8, .p = 1 }, TRUE },     /* age */
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 20, .r = 8, .p = 1 }, TRUE },
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 21, .r = 8, .p = 1 }, FALSE },    /* 2 GiB */
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 15, .r = 8, .p = 0 }, FALSE },
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 15, .r = 8, .p = -1 }, FALSE },
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1000, .r = 8, .p = 1 }, FALSE },       /* not a power of two */
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 15, .r = 16, .p = 1 }, FALSE },   /* libgcrypt: r = 8 */
    { { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 16, .r = 8, .p = 64 }, FALSE },
    { { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA1, .iterations = 160000 }, TRUE },     /* andOTP */
    { { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA512, .iterations = 100000 }, TRUE },   /* FreeOTP */
    { { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA256, .iterations = 2000000 }, TRUE },  /* Bitwarden */
    { { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA1, .iterations = 0 }, FALSE },
    { { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA1, .iterations = G_MAXINT64 }, FALSE },
    { { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_MD5, .iterations = 1000 }, FALSE },
    { { .algorithm = SESAME_KDF_ARGON2ID, .t_cost = 3, .m_cost_kib = 65536, .parallelism = 4 }, TRUE },  /* Stratum */
    { { .algorithm = SESAME_KDF_ARGON2ID, .t_cost = 1, .m_cost_kib = 1 << 21, .parallelism = 1 }, FALSE },
    { { .algorithm = SESAME_KDF_ARGON2ID, .t_cost = 0, .m_cost_kib = 65536, .parallelism = 1 }, FALSE },
    { { .algorithm = SESAME_KDF_ARGON2ID, .t_cost = 1000, .m_cost_kib = 65536, .parallelism = 1 }, FALSE },
    { { .algorithm = SESAME_KDF_ARGON2ID, .t_cost = 3, .m_cost_kib = 65536, .parallelism = 0 }, FALSE },
    { { .algorithm = SESAME_KDF_ARGON2ID, .t_cost = 3, .m_cost_kib = 4, .parallelism = 4 }, FALSE },  /* m < 8p */
    { { .algorithm = 42 }, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = sesame_kdf_check (&cases[i].params, "Test file", &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (!ok)
        {
          g_assert_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "Test file"));
        }
    }
}

/* A file's budget: at most SESAME_KDF_MAX_DERIVATIONS, and their total. */
static void
test_budget (void)
{
  SesameKdfParams aegis = { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 15, .r = 8, .p = 1 };
  SesameKdfParams big = { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 20, .r = 8, .p = 1 };
  g_autoptr(SesameKdfBudget) budget = sesame_kdf_budget_new (NULL);
  g_autoptr(SesameKdfBudget) budget2 = sesame_kdf_budget_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < SESAME_KDF_MAX_DERIVATIONS; i++)
    g_assert_true (sesame_kdf_budget_plan (budget, &aegis, 32, "Test file", NULL));
  g_assert_false (sesame_kdf_budget_plan (budget, &aegis, 32, "Test file", &error));
  g_assert_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpuint (sesame_kdf_work (&big, 32), <=, SESAME_KDF_MAX_WORK);
  g_assert_true (sesame_kdf_budget_plan (budget2, &big, 32, "Test file", NULL));
  g_assert_false (sesame_kdf_budget_plan (budget2, &big, 32, "Test file", &error));
  g_assert_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID);
}

/* The derivations give what libgcrypt gives (through the worker thread). */
static void
test_derive_matches (void)
{
  static const guint8 salt[16] = "0123456789abcdef";
  SesameKdfParams scrypt = { .algorithm = SESAME_KDF_SCRYPT, .n = 1 << 10, .r = 8, .p = 2 };
  SesameKdfParams pbkdf2 = { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA512, .iterations = 1000 };
  g_autoptr(SesameKdfBudget) budget = sesame_kdf_budget_new (NULL);
  guint8 expected[32], got[32];
  g_autoptr(GError) error = NULL;

  g_assert_true (sesame_crypto_scrypt ("pw", 2, salt, sizeof salt, 1 << 10, 8, 2, expected, 32));
  g_assert_true (sesame_kdf_derive (budget, &scrypt, "Test file", "pw", 2, salt, sizeof salt, got, 32, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (got, 32, expected, 32);

  g_assert_true (sesame_crypto_pbkdf2 (GCRY_MD_SHA512, "pw", 2, salt, sizeof salt, 1000, expected, 32));
  g_assert_true (sesame_kdf_derive (budget, &pbkdf2, "Test file", "pw", 2, salt, sizeof salt, got, 32, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (got, 32, expected, 32);
}

/* Argon2id as the reference implementation computes it (the argon2 command
 * of the Debian package of that name), with what Stratum writes. */
static void
test_derive_argon2id (void)
{
  const char *argv[] = { "argon2", "somesalt", "-id", "-t", "3", "-k", "65536", "-p", "4", "-l", "32", "-r", NULL };
  SesameKdfParams argon2 = { .algorithm = SESAME_KDF_ARGON2ID, .t_cost = 3, .m_cost_kib = 65536, .parallelism = 4 };
  g_autoptr(SesameKdfBudget) budget = sesame_kdf_budget_new (NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reference = NULL;
  g_autofree char *hex = NULL;
  guint8 got[32];

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, "password", NULL, &reference, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  g_strstrip (reference);

  g_assert_true (sesame_kdf_derive (budget, &argon2, "Test file", "password", 8,
                                    (const guint8 *) "somesalt", 8, got, 32, &error));
  g_assert_no_error (error);
  hex = sesame_test_hex (got, sizeof got);
  g_assert_cmpstr (hex, ==, reference);
}

static void
on_imported (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(SesameImportResult) result = sesame_import_file_finish (res, error);

  g_assert_null (result);
}

/* An import in the middle of an ordinary but slow derivation stops at once
 * when cancelled, instead of running it to the end. */
static void
test_cancel_import (void)
{
  g_autofree char *vault = hostile_aegis (1, 1 << 19, 1);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GError *error = NULL;
  gint64 cancelled_at;

  file = g_file_new_tmp ("sesame-kdf-XXXXXX.json", &stream, NULL);
  g_assert_true (g_file_replace_contents (file, vault, strlen (vault), NULL, FALSE, 0, NULL, NULL, NULL));

  sesame_import_file_async (file, "aegis", "wrong", cancellable, on_imported, &error);
  g_usleep (G_USEC_PER_SEC / 5);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);

  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC / 2);
  g_clear_error (&error);
  g_file_delete (file, NULL, NULL);
}

/* A cancelled budget derives nothing. */
static void
test_cancel_before (void)
{
  SesameKdfParams params = { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA1, .iterations = 1000 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SesameKdfBudget) budget = sesame_kdf_budget_new (cancellable);
  g_autoptr(GError) error = NULL;
  guint8 out[32];

  g_cancellable_cancel (cancellable);
  g_assert_false (sesame_kdf_derive (budget, &params, "Test file", "pw", 2, (const guint8 *) "salt", 4,
                                     out, sizeof out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* An age file (work factor 10) whose stanza says @work_factor instead. */
static GString *
age_with_work_factor (guint work_factor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = sesame_age_encrypt_bytes ((const guint8 *) "hello", 5, "pw", 10, NULL, &error);
  GString *text;
  char *line, *end;

  g_assert_no_error (error);
  text = g_string_new_len (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  line = strstr (text->str, "-> scrypt ");
  end = strchr (line, '\n');
  g_assert_true (end[-2] == '1' && end[-1] == '0');
  end[-2] = '0' + work_factor / 10;
  end[-1] = '0' + work_factor % 10;
  return text;
}

/* age's own limit was 2^22 (4 GiB of scrypt); the shared rule's 1 GiB is
 * 2^20, for reading and for writing. */
static void
test_age_work_factor (void)
{
  g_autoptr(GString) text = age_with_work_factor (21);
  g_autoptr(SesameSecret) opened = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  opened = sesame_age_decrypt_bytes ((const guint8 *) text->str, text->len, "pw", NULL, &error);
  g_assert_null (opened);
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WORK_FACTOR_TOO_HIGH);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
  g_clear_error (&error);

  sealed = sesame_age_encrypt_bytes ((const guint8 *) "hello", 5, "pw", 21, NULL, &error);
  g_assert_null (sealed);
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_INVALID_ARGUMENT);
}

typedef struct
{
  GString *text;
  GCancellable *cancellable;
  GError *error;
} AgeJob;

static gpointer
age_decrypt_thread (gpointer data)
{
  AgeJob *job = data;
  g_autoptr(SesameSecret) opened = NULL;

  opened = sesame_age_decrypt_bytes ((const guint8 *) job->text->str, job->text->len, "pw", job->cancellable,
                                     &job->error);
  g_assert_null (opened);
  return NULL;
}

/* Restoring a backup: cancelled in the middle of scrypt, it stops at once. */
static void
test_age_cancel (void)
{
  g_autoptr(GString) text = age_with_work_factor (19);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AgeJob job = { text, cancellable, NULL };
  GThread *thread = g_thread_new ("decrypt", age_decrypt_thread, &job);
  gint64 cancelled_at;

  g_usleep (G_USEC_PER_SEC / 5);
  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  g_thread_join (thread);

  g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC / 2);
  g_clear_error (&job.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kdf-limits/check-bounds", test_check_bounds);
  g_test_add_func ("/kdf-limits/budget", test_budget);
  g_test_add_func ("/kdf-limits/derive-matches", test_derive_matches);
  g_test_add_func ("/kdf-limits/derive-argon2id", test_derive_argon2id);
  g_test_add_func ("/kdf-limits/aegis-many-slots", test_aegis_many_slots);
  g_test_add_func ("/kdf-limits/aegis-huge-slot", test_aegis_huge_slot);
  g_test_add_func ("/kdf-limits/aegis-ordinary", test_aegis_ordinary);
  g_test_add_func ("/kdf-limits/andotp-iterations", test_andotp_iterations);
  g_test_add_func ("/kdf-limits/cancel-before", test_cancel_before);
  g_test_add_func ("/kdf-limits/cancel-import", test_cancel_import);
  g_test_add_func ("/kdf-limits/age-work-factor", test_age_work_factor);
  g_test_add_func ("/kdf-limits/age-cancel", test_age_cancel);

  return g_test_run ();
}
