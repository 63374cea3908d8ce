/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sesame-account.h"
#include "sesame-fuzz.h"

/* The account document read back from the keyring
 * (sesame_account_new_from_json; docs/keyring-format.md). Another program
 * in the session can write any item of our schema, so it is untrusted.
 * What is read must be written back to a document that reads the same. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = sesame_fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(SesameAccount) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;
  char code[SESAME_OTP_CODE_SIZE];

  account = sesame_account_new_from_json (text, &error);
  sesame_fuzz_report ("account-json", "%s", account != NULL ? "read" : error->message);
  if (account == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused document comes with an error");
      return 0;
    }

  json = sesame_account_to_json (account);
  again = sesame_account_new_from_json (json, &error);
  sesame_fuzz_check (again != NULL, "a written account reads again");
  json_again = sesame_account_to_json (again);
  sesame_fuzz_check (g_strcmp0 (json, json_again) == 0, "read → write → read keeps the account");

  /* What the list shows for it. */
  (void) sesame_account_get_display_name (account);
  (void) sesame_account_code_at (account, 1700000000, code);
  (void) sesame_account_seconds_remaining (account, 1700000000);
  return 0;
}
