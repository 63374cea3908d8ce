/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <liboath/oath.h>
#include <string.h>

#include "sesame-otp.h"

/* The cost of one TOTP code (SHA-1, 6 digits, 20-byte key): Sesame's
 * sesame_otp_totp against liboath's oath_totp_generate, interleaved in
 * rounds so that machine load hits both alike; the median round is shown. */

#define CODES_PER_ROUND 20000
#define ROUNDS 15

static volatile char sink;

static double
time_sesame (const guint8 *key,
             gint64        start)
{
  char code[SESAME_OTP_CODE_SIZE];
  gint64 begin = g_get_monotonic_time ();

  for (guint i = 0; i < CODES_PER_ROUND; i++)
    {
      if (!sesame_otp_totp (key, 20, SESAME_OTP_ALGORITHM_SHA1, start + 30 * (gint64) i, 30, 6, code))
        g_error ("sesame_otp_totp failed");
      sink = code[0];
    }
  return (g_get_monotonic_time () - begin) * 1000.0 / CODES_PER_ROUND;
}

static double
time_oath (const guint8 *key,
           gint64        start)
{
  char code[16];
  gint64 begin = g_get_monotonic_time ();

  for (guint i = 0; i < CODES_PER_ROUND; i++)
    {
      if (oath_totp_generate ((const char *) key, 20, start + 30 * (time_t) i, 30, 0, 6, code) != OATH_OK)
        g_error ("oath_totp_generate failed");
      sink = code[0];
    }
  return (g_get_monotonic_time () - begin) * 1000.0 / CODES_PER_ROUND;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  const guint8 *key = (const guint8 *) "12345678901234567890";
  double sesame[ROUNDS], oath[ROUNDS], ratio[ROUNDS];
  char a[SESAME_OTP_CODE_SIZE], b[16];

  oath_init ();

  /* Same codes first: both compute the same thing. */
  for (gint64 t = 0; t < 3000000; t += 12345)
    {
      g_assert_true (sesame_otp_totp (key, 20, SESAME_OTP_ALGORITHM_SHA1, t, 30, 6, a));
      g_assert_cmpint (oath_totp_generate ((const char *) key, 20, t, 30, 0, 6, b), ==, OATH_OK);
      g_assert_cmpstr (a, ==, b);
    }

  time_sesame (key, 1700000000);  /* warm-up */
  time_oath (key, 1700000000);
  for (guint r = 0; r < ROUNDS; r++)
    {
      /* Alternate which goes first. */
      if (r % 2 == 0)
        {
          sesame[r] = time_sesame (key, 1700000000);
          oath[r] = time_oath (key, 1700000000);
        }
      else
        {
          oath[r] = time_oath (key, 1700000000);
          sesame[r] = time_sesame (key, 1700000000);
        }
      ratio[r] = sesame[r] / oath[r];
    }
  qsort (sesame, ROUNDS, sizeof (double), compare_doubles);
  qsort (oath, ROUNDS, sizeof (double), compare_doubles);
  qsort (ratio, ROUNDS, sizeof (double), compare_doubles);

  g_print ("TOTP (SHA-1, 6 digits), %d rounds of %d codes, median per code:\n", ROUNDS, CODES_PER_ROUND);
  g_print ("  Sesame sesame_otp_totp     %7.0f ns\n", sesame[ROUNDS / 2]);
  g_print ("  liboath oath_totp_generate %7.0f ns\n", oath[ROUNDS / 2]);
  g_print ("  Sesame / liboath: median of per-round ratios %.2fx (min %.2fx, max %.2fx)\n",
           ratio[ROUNDS / 2], ratio[0], ratio[ROUNDS - 1]);

  oath_done ();
  return 0;
}
