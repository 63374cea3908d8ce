/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sesame-base32.h"
#include "sesame-otp.h"

/* RFC 4648 §10. */
static const struct {
  const char *plain;
  const char *unpadded;
  const char *padded;
} rfc4648[] = {
  { "f", "MY", "MY======" },
  { "fo", "MZXQ", "MZXQ====" },
  { "foo", "MZXW6", "MZXW6===" },
  { "foob", "MZXW6YQ", "MZXW6YQ=" },
  { "fooba", "MZXW6YTB", "MZXW6YTB" },
  { "foobar", "MZXW6YTBOI", "MZXW6YTBOI======" },
};

static void
assert_decodes (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) secret = NULL;
  gsize size;
  const guint8 *data;

  secret = sesame_base32_decode (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (secret);
  data = sesame_secret_get_data (secret, &size);
  g_assert_cmpmem (data, size, expected, strlen (expected));
}

static void
test_rfc4648_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rfc4648); i++)
    {
      g_autofree char *encoded = sesame_base32_encode ((const guint8 *) rfc4648[i].plain,
                                                       strlen (rfc4648[i].plain));

      g_assert_cmpstr (encoded, ==, rfc4648[i].unpadded);
      assert_decodes (rfc4648[i].unpadded, rfc4648[i].plain);
      assert_decodes (rfc4648[i].padded, rfc4648[i].plain);
    }

  {
    g_autofree char *empty = sesame_base32_encode ((const guint8 *) "", 0);
    g_assert_cmpstr (empty, ==, "");
  }
}

static void
test_lenient_input (void)
{
  /* What people paste: lower case, groups of four, hyphens. */
  assert_decodes ("mzxw6ytboi", "foobar");
  assert_decodes ("MZXW 6YTB OI", "foobar");
  assert_decodes ("mzxw-6ytb-oi======", "foobar");
  assert_decodes ("  MzXw6YtBoI  ", "foobar");
}

static void
test_round_trip (void)
{
  guint8 data[64];

  for (gsize size = 1; size <= sizeof data; size++)
    {
      g_autofree char *encoded = NULL;
      g_autoptr(SesameSecret) secret = NULL;
      g_autoptr(GError) error = NULL;

      for (gsize i = 0; i < size; i++)
        data[i] = g_random_int_range (0, 256);

      encoded = sesame_base32_encode (data, size);
      secret = sesame_base32_decode (encoded, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (sesame_secret_get_data (secret, NULL), sesame_secret_get_size (secret), data, size);
    }
}

static void
test_rejects (void)
{
  static const struct {
    const char *text;
    int code;
  } bad[] = {
    { "", SESAME_OTP_ERROR_MISSING_SECRET },
    { "   ", SESAME_OTP_ERROR_MISSING_SECRET },
    { "====", SESAME_OTP_ERROR_BASE32_PADDING },
    { "MZXW1YTB", SESAME_OTP_ERROR_INVALID_BASE32 },     /* 1 is not base32 */
    { "MZXW8YTB", SESAME_OTP_ERROR_INVALID_BASE32 },
    { "MZXW0YTB", SESAME_OTP_ERROR_INVALID_BASE32 },
    { "MZXW_YTB", SESAME_OTP_ERROR_INVALID_BASE32 },
    { "MZXW\tYTB", SESAME_OTP_ERROR_INVALID_BASE32 },
    { "MZXW6YTB\xc3\xa9", SESAME_OTP_ERROR_INVALID_BASE32 },
    { "MZ=XW6YTB", SESAME_OTP_ERROR_BASE32_PADDING },
    { "MY=====", SESAME_OTP_ERROR_BASE32_PADDING },      /* 7 of 8 */
    { "MZXW6YTB========", SESAME_OTP_ERROR_BASE32_PADDING },
    { "M", SESAME_OTP_ERROR_BASE32_LENGTH },
    { "MZX", SESAME_OTP_ERROR_BASE32_LENGTH },
    { "MZXW6Y", SESAME_OTP_ERROR_BASE32_LENGTH },
    { "M=======", SESAME_OTP_ERROR_BASE32_PADDING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameSecret) secret = sesame_base32_decode (bad[i].text, -1, &error);

      g_test_message ("input %u", i);
      g_assert_null (secret);
      g_assert_error (error, SESAME_OTP_ERROR, bad[i].code);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/base32/rfc4648", test_rfc4648_vectors);
  g_test_add_func ("/base32/lenient", test_lenient_input);
  g_test_add_func ("/base32/round-trip", test_round_trip);
  g_test_add_func ("/base32/rejects", test_rejects);

  return g_test_run ();
}
