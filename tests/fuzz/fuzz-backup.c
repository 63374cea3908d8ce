/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sesame-backup.h"
#include "sesame-fuzz.h"

/* The backup document, as it comes out of a decrypted backup
 * (sesame_backup_parse; the age layer has its own target). What is read
 * must be written and read again to the same accounts. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameImportResult) result = NULL;
  g_autoptr(SesameImportResult) again = NULL;
  g_autoptr(GDateTime) created = NULL;
  g_autofree char *json = NULL;

  result = sesame_backup_parse ((const char *) data, size, &error);
  sesame_fuzz_report ("backup", "%s", result != NULL ? "read" : error->message);
  if (result == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused document comes with an error");
      return 0;
    }

  created = g_date_time_new_from_unix_utc (1700000000);
  json = sesame_backup_to_json (result->accounts, created);
  again = sesame_backup_parse (json, strlen (json), &error);
  sesame_fuzz_check (again != NULL, "a written backup reads again");
  sesame_fuzz_check (again->accounts->len == result->accounts->len, "a written backup keeps every account");
  for (guint i = 0; i < result->accounts->len; i++)
    {
      g_autofree char *a = sesame_account_to_json (g_ptr_array_index (result->accounts, i));
      g_autofree char *b = sesame_account_to_json (g_ptr_array_index (again->accounts, i));

      sesame_fuzz_check (g_strcmp0 (a, b) == 0, "a written backup keeps each account unchanged");
    }
  return 0;
}
