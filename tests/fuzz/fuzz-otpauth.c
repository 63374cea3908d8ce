/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sesame-account.h"
#include "sesame-fuzz.h"
#include "sesame-otpauth.h"

/* otpauth:// URIs (sesame_otpauth_parse), as typed, pasted, scanned or
 * read from a file. What is accepted must survive a round trip: format →
 * parse gives the same account (review finding 4), and so does the
 * account built from it. */
static char *
messages_of (const guint8 *data,
             gsize         size,
             gpointer      user_data)
{
  g_autofree char *uri = sesame_fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  sesame_otpauth_free (sesame_otpauth_parse (uri, &error));
  return g_strdup (error != NULL ? error->message : "");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *uri = sesame_fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameOtpauth) otp = NULL;
  g_autoptr(SesameOtpauth) again = NULL;
  g_autoptr(SesameOtpauth) from_account = NULL;
  g_autoptr(SesameAccount) account = NULL;
  g_autofree char *formatted = NULL;

  otp = sesame_otpauth_parse (uri, &error);
  sesame_fuzz_report ("otpauth", "%s", otp != NULL ? "read" : error->message);
  if (otp == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused URI comes with an error");
      sesame_fuzz_check_no_secret (data, size, error->message, messages_of, NULL);
      return 0;
    }
  sesame_fuzz_check (error == NULL, "an accepted URI has no error");

  formatted = sesame_otpauth_format (otp);
  sesame_fuzz_check (formatted != NULL, "an account formats");
  if (sesame_fuzz_enabled ("otpauth-roundtrip"))
    {
      again = sesame_otpauth_parse (formatted, &error);
      sesame_fuzz_check (again != NULL, "a formatted URI parses again");
      sesame_fuzz_check (sesame_otpauth_equal (otp, again), "parse → format → parse keeps the account");
    }

  account = sesame_account_new_from_otpauth (otp);
  from_account = sesame_account_to_otpauth (account);
  sesame_fuzz_check (sesame_otpauth_equal (otp, from_account), "an account keeps its URI's parameters");
  return 0;
}
