/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "sesame-account.h"
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

  g_assert_cmpstr (cafe, ==, "cafe");
  g_assert_cmpstr (upper, ==, "ecole grosse");
}

static gboolean
matches (const SesameTextQuery *query,
         const char            *issuer,
         const char            *name)
{
  const char *fields[] = { issuer, name, NULL };

  return sesame_text_query_matches (query, fields);
}

/* The one search rule of the window, the search provider and sesame-cli:
 * case and accents ignored, every term in the issuer, the name or a tag. */
static void
test_text_query (void)
{
  g_autoptr(SesameTextQuery) cafe = sesame_text_query_new ("cafe");
  g_autoptr(SesameTextQuery) two = sesame_text_query_new ("  GIT\talex ");
  g_autoptr(SesameTextQuery) across = sesame_text_query_new ("hub ali");
  g_autoptr(SesameTextQuery) blank = sesame_text_query_new (" \t ");
  g_autoptr(SesameTextQuery) none = sesame_text_query_new (NULL);
  g_autoptr(SesameTextQuery) joined = sesame_text_query_new ("hubalice");
  g_autoptr(SesameTextQuery) tagged = sesame_text_query_new ("ali TRAVAIL");
  g_autoptr(SesameAccount) account = sesame_account_new ();
  const char *groups[] = { "Travail", NULL };

  g_assert_true (matches (cafe, "Le Café du Coin", ""));
  g_assert_true (matches (cafe, "", "CAFÉ"));
  g_assert_false (matches (cafe, "Caffè", "bob"));

  /* Every term, each in the issuer or the name; not the whole string. */
  g_assert_cmpstr (sesame_text_query_get_folded (two), ==, "git alex");
  g_assert_true (matches (two, "GitHub", "alex@example.com"));
  g_assert_true (matches (two, "alex", "gitlab"));
  g_assert_false (matches (two, "GitHub", "bob"));
  g_assert_true (matches (across, "GitHub", "Alice"));
  g_assert_false (matches (across, "GitHub", "Bob"));
  /* A term never spans two fields. */
  g_assert_false (matches (joined, "GitHub", "Alice"));

  g_assert_true (sesame_text_query_is_empty (blank));
  g_assert_true (sesame_text_query_is_empty (none));
  g_assert_true (matches (blank, "anything", ""));
  g_assert_false (sesame_text_query_is_empty (cafe));

  /* An account: issuer, name and tags. */
  sesame_account_set_issuer (account, "GitHub");
  sesame_account_set_name (account, "Alice");
  g_assert_true (sesame_account_matches_query (account, across));
  g_assert_false (sesame_account_matches_query (account, tagged));
  sesame_account_set_groups (account, groups);
  g_assert_true (sesame_account_matches_query (account, tagged));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/grouping", test_text_grouping);
  g_test_add_func ("/text/fold", test_text_fold);
  g_test_add_func ("/text/query", test_text_query);

  return g_test_run ();
}
