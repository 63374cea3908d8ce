/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gcrypt.h>
#include <string.h>

#include "sesame-base32.h"
#include "sesame-otp.h"

static const char seed_sha1[] = "12345678901234567890";
static const char seed_sha256[] = "12345678901234567890123456789012";
static const char seed_sha512[] = "1234567890123456789012345678901234567890123456789012345678901234";

/* RFC 4226 Appendix D. */
static void
test_rfc4226 (void)
{
  static const char *expected[] = {
    "755224", "287082", "359152", "969429", "338314",
    "254676", "287922", "162583", "399871", "520489",
  };

  for (guint64 counter = 0; counter < G_N_ELEMENTS (expected); counter++)
    {
      char code[SESAME_OTP_CODE_SIZE];

      g_assert_true (sesame_otp_hotp ((const guint8 *) seed_sha1, strlen (seed_sha1),
                                      SESAME_OTP_ALGORITHM_SHA1, counter, 6, code));
      g_assert_cmpstr (code, ==, expected[counter]);
    }
}

/* RFC 6238 Appendix B, with the 32- and 64-byte seeds of erratum 2866. */
static void
test_rfc6238 (void)
{
  static const struct {
    gint64 time;
    const char *sha1;
    const char *sha256;
    const char *sha512;
  } vectors[] = {
    { 59, "94287082", "46119246", "90693936" },
    { 1111111109, "07081804", "68084774", "25091201" },
    { 1111111111, "14050471", "67062674", "99943326" },
    { 1234567890, "89005924", "91819424", "93441116" },
    { 2000000000, "69279037", "90698825", "38618901" },
    { G_GINT64_CONSTANT (20000000000), "65353130", "77737706", "47863826" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      char code[SESAME_OTP_CODE_SIZE];

      g_assert_true (sesame_otp_totp ((const guint8 *) seed_sha1, 20, SESAME_OTP_ALGORITHM_SHA1,
                                      vectors[i].time, 30, 8, code));
      g_assert_cmpstr (code, ==, vectors[i].sha1);
      g_assert_true (sesame_otp_totp ((const guint8 *) seed_sha256, 32, SESAME_OTP_ALGORITHM_SHA256,
                                      vectors[i].time, 30, 8, code));
      g_assert_cmpstr (code, ==, vectors[i].sha256);
      g_assert_true (sesame_otp_totp ((const guint8 *) seed_sha512, 64, SESAME_OTP_ALGORITHM_SHA512,
                                      vectors[i].time, 30, 8, code));
      g_assert_cmpstr (code, ==, vectors[i].sha512);
    }
}

/* The same vectors cut to 6 digits are the last 6 of the 8 (the value is
 * reduced modulo 10^digits), and 10 digits keep leading zeros. */
static void
test_digits (void)
{
  char code[SESAME_OTP_CODE_SIZE];

  g_assert_true (sesame_otp_totp ((const guint8 *) seed_sha1, 20, SESAME_OTP_ALGORITHM_SHA1,
                                  1111111109, 30, 6, code));
  g_assert_cmpstr (code, ==, "081804");

  g_assert_true (sesame_otp_totp ((const guint8 *) seed_sha1, 20, SESAME_OTP_ALGORITHM_SHA1,
                                  1111111109, 30, 5, code));
  g_assert_cmpstr (code, ==, "81804");

  /* Truncated value of this step is 0x2c6a8c6c... checked against the
   * 8-digit vector: 10 digits end in it, with the 31-bit value padded. */
  g_assert_true (sesame_otp_totp ((const guint8 *) seed_sha1, 20, SESAME_OTP_ALGORITHM_SHA1,
                                  1111111109, 30, 10, code));
  g_assert_cmpuint (strlen (code), ==, 10);
  g_assert_true (g_str_has_suffix (code, "07081804"));
}

/* Steam Guard vectors from KeePassXC's tests (TestTotp.cpp). */
static void
test_steam (void)
{
  g_autoptr(SesameSecret) key = NULL;
  g_autoptr(GError) error = NULL;
  char code[SESAME_OTP_CODE_SIZE];
  gsize size;
  const guint8 *data;

  key = sesame_base32_decode ("63BEDWCQZKTQWPESARIERL5DTTQFCJTK", -1, &error);
  g_assert_no_error (error);
  data = sesame_secret_get_data (key, &size);

  g_assert_true (sesame_otp_steam (data, size, 1511200518, code));
  g_assert_cmpstr (code, ==, "FR8RV");
  g_assert_true (sesame_otp_steam (data, size, 1511200714, code));
  g_assert_cmpstr (code, ==, "9P3VP");

  /* Every character comes from Steam's alphabet. */
  for (gint64 t = 0; t < 3000; t += 30)
    {
      g_assert_true (sesame_otp_steam (data, size, t, code));
      g_assert_cmpuint (strlen (code), ==, 5);
      g_assert_cmpuint (strspn (code, "23456789BCDFGHJKMNPQRTVWXY"), ==, 5);
    }
}

static void
test_time_steps (void)
{
  g_assert_cmpuint (sesame_otp_time_step (59, 30), ==, 1);
  g_assert_cmpuint (sesame_otp_time_step (60, 30), ==, 2);
  g_assert_cmpuint (sesame_otp_time_step (-5, 30), ==, 0);
  g_assert_cmpuint (sesame_otp_time_step (100, 1), ==, 100);
  g_assert_cmpuint (sesame_otp_seconds_remaining (59, 30), ==, 1);
  g_assert_cmpuint (sesame_otp_seconds_remaining (60, 30), ==, 30);
  g_assert_cmpuint (sesame_otp_seconds_remaining (61, 30), ==, 29);
  g_assert_cmpuint (sesame_otp_seconds_remaining (7, 1), ==, 1);
  g_assert_cmpuint (sesame_otp_seconds_remaining (G_GINT64_CONSTANT (20000000000), 60), ==, 40);
}

static void
test_strings (void)
{
  SesameOtpAlgorithm algorithm;
  SesameOtpType type;

  g_assert_true (sesame_otp_algorithm_from_string ("sha256", &algorithm));
  g_assert_cmpint (algorithm, ==, SESAME_OTP_ALGORITHM_SHA256);
  g_assert_true (sesame_otp_algorithm_from_string ("SHA-512", &algorithm));
  g_assert_cmpint (algorithm, ==, SESAME_OTP_ALGORITHM_SHA512);
  g_assert_true (sesame_otp_algorithm_from_string ("HmacSHA1", &algorithm));
  g_assert_cmpint (algorithm, ==, SESAME_OTP_ALGORITHM_SHA1);
  g_assert_false (sesame_otp_algorithm_from_string ("MD5", &algorithm));
  g_assert_false (sesame_otp_algorithm_from_string ("SHA384", &algorithm));
  g_assert_false (sesame_otp_algorithm_from_string ("", &algorithm));

  g_assert_true (sesame_otp_type_from_string ("TOTP", &type));
  g_assert_cmpint (type, ==, SESAME_OTP_TYPE_TOTP);
  g_assert_true (sesame_otp_type_from_string ("steam", &type));
  g_assert_cmpint (type, ==, SESAME_OTP_TYPE_STEAM);
  g_assert_false (sesame_otp_type_from_string ("motp", &type));
  g_assert_cmpstr (sesame_otp_type_to_string (SESAME_OTP_TYPE_HOTP), ==, "hotp");
  g_assert_cmpstr (sesame_otp_algorithm_to_string (SESAME_OTP_ALGORITHM_SHA512), ==, "SHA512");
}

/* Keys of every length around the hash's block size (64 bytes, 128 for
 * SHA-512; longer keys are hashed first) against libgcrypt's own HMAC. */
static void
test_key_lengths (void)
{
  static const struct { SesameOtpAlgorithm algorithm; int gcry; } algos[] = {
    { SESAME_OTP_ALGORITHM_SHA1, GCRY_MD_SHA1 },
    { SESAME_OTP_ALGORITHM_SHA256, GCRY_MD_SHA256 },
    { SESAME_OTP_ALGORITHM_SHA512, GCRY_MD_SHA512 },
  };
  static const gsize sizes[] = { 1, 10, 20, 32, 63, 64, 65, 127, 128, 129, 200 };
  guint8 key[200];

  sesame_crypto_init ();
  for (gsize k = 0; k < sizeof key; k++)
    key[k] = (guint8) (k * 37 + 11);

  for (gsize a = 0; a < G_N_ELEMENTS (algos); a++)
    for (gsize n = 0; n < G_N_ELEMENTS (sizes); n++)
      for (guint64 counter = 0; counter < 300; counter += 37)
        {
          gcry_md_hd_t hd = NULL;
          guint8 message[8];
          const guint8 *mac;
          guint offset;
          guint32 value;
          char code[SESAME_OTP_CODE_SIZE];
          g_autofree char *expected = NULL;

          for (guint i = 0; i < 8; i++)
            message[i] = (guint8) (counter >> (56 - 8 * i));
          g_assert_cmpint (gcry_md_open (&hd, algos[a].gcry, GCRY_MD_FLAG_HMAC), ==, 0);
          g_assert_cmpint (gcry_md_setkey (hd, key, sizes[n]), ==, 0);
          gcry_md_write (hd, message, sizeof message);
          mac = gcry_md_read (hd, algos[a].gcry);
          offset = mac[gcry_md_get_algo_dlen (algos[a].gcry) - 1] & 0x0f;
          value = ((guint32) (mac[offset] & 0x7f) << 24) | ((guint32) mac[offset + 1] << 16) |
                  ((guint32) mac[offset + 2] << 8) | (guint32) mac[offset + 3];
          gcry_md_close (hd);
          expected = g_strdup_printf ("%08u", value % 100000000);

          g_assert_true (sesame_otp_hotp (key, sizes[n], algos[a].algorithm, counter, 8, code));
          g_assert_cmpstr (code, ==, expected);
        }
}

/* The one set of parameter rules (links, imports, sesame-cli add, the add
 * dialog): Steam's fixed settings, digits and period ranges, one message
 * each. */
static void
test_params (void)
{
  SesameOtpParams p;
  SesameOtpAlgorithm algorithm = SESAME_OTP_ALGORITHM_SHA1;
  guint64 counter = 0;
  g_autoptr(GError) error = NULL;

  sesame_otp_params_init (&p);
  g_assert_true (sesame_otp_params_normalize (&p, &error));
  g_assert_cmpint (p.digits, ==, 6);
  g_assert_cmpint (p.period, ==, 30);

  /* Steam: SHA1, 5 characters, 30 s, whatever was asked (the add dialog
   * used to leave the algorithm as chosen). */
  p.type = SESAME_OTP_TYPE_STEAM;
  p.algorithm = SESAME_OTP_ALGORITHM_SHA512;
  p.digits = 99;
  p.period = 0;
  g_assert_true (sesame_otp_params_normalize (&p, &error));
  g_assert_cmpint (p.algorithm, ==, SESAME_OTP_ALGORITHM_SHA1);
  g_assert_cmpint (p.digits, ==, SESAME_OTP_STEAM_DIGITS);
  g_assert_cmpint (p.period, ==, SESAME_OTP_STEAM_PERIOD);

  sesame_otp_params_init (&p);
  p.digits = 4;
  g_assert_false (sesame_otp_params_normalize (&p, &error));
  g_assert_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_DIGITS);
  g_clear_error (&error);

  sesame_otp_params_init (&p);
  p.type = SESAME_OTP_TYPE_HOTP;
  p.period = 0;
  g_assert_false (sesame_otp_params_normalize (&p, &error));
  g_assert_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_PERIOD);
  g_clear_error (&error);

  g_assert_true (sesame_otp_parse_algorithm ("HmacSHA256", &algorithm, &error));
  g_assert_cmpint (algorithm, ==, SESAME_OTP_ALGORITHM_SHA256);
  g_assert_false (sesame_otp_parse_algorithm ("MD5", &algorithm, &error));
  g_assert_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_ALGORITHM);
  g_assert_cmpstr (error->message, ==, "The algorithm must be SHA1, SHA256 or SHA512");
  g_clear_error (&error);

  g_assert_true (sesame_otp_parse_counter ("18446744073709551615", &counter, &error));
  g_assert_cmpuint (counter, ==, G_MAXUINT64);
  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "", "-1", "+1", " 1", "18446744073709551616" };

      g_assert_false (sesame_otp_parse_counter (bad[i], &counter, &error));
      g_assert_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_COUNTER);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/otp/rfc4226", test_rfc4226);
  g_test_add_func ("/otp/rfc6238", test_rfc6238);
  g_test_add_func ("/otp/digits", test_digits);
  g_test_add_func ("/otp/key-lengths", test_key_lengths);
  g_test_add_func ("/otp/steam", test_steam);
  g_test_add_func ("/otp/time-steps", test_time_steps);
  g_test_add_func ("/otp/strings", test_strings);
  g_test_add_func ("/otp/params", test_params);

  return g_test_run ();
}
