/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "sesame-text.h"

static void
test_text_grouping (void)
{
  const struct {
    const char *code;
    SesameOtpType type;
    const char *grouped;
  } cases[] = {
    { "123456", SESAME_OTP_TYPE_TOTP, "123 456" },
    { "12345678", SESAME_OTP_TYPE_TOTP, "1234 5678" },
    { "1234567", SESAME_OTP_TYPE_HOTP, "123 4567" },
    { "12345", SESAME_OTP_TYPE_TOTP, "12 345" },
    { "123456789", SESAME_OTP_TYPE_TOTP, "123 456 789" },
    { "1234567890", SESAME_OTP_TYPE_TOTP, "123 456 7890" },
    { "2TC8B", SESAME_OTP_TYPE_STEAM, "2TC8B" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *grouped = sesame_text_group_code (cases[i].code, cases[i].type);

      g_assert_cmpstr (grouped, ==, cases[i].grouped);
    }
}

static void
test_text_fold (void)
{
  g_autofree char *cafe = sesame_text_fold_for_search ("Café");
  g_autofree char *upper = sesame_text_fold_for_search ("ÉCOLE Größe");
  g_autofree char *needle = sesame_text_fold_for_search ("cafe");

  g_assert_cmpstr (cafe, ==, "cafe");
  g_assert_cmpstr (upper, ==, "ecole grosse");
  g_assert_true (sesame_text_matches_folded ("Le Café du Coin", needle));
  g_assert_true (sesame_text_matches_folded ("CAFÉ", needle));
  g_assert_false (sesame_text_matches_folded ("Caffè", needle));
  g_assert_true (sesame_text_matches_folded ("anything", ""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/grouping", test_text_grouping);
  g_test_add_func ("/text/fold", test_text_fold);

  return g_test_run ();
}
