/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sesame-fuzz.h"
#include "sesame-import.h"

/* Every importer, through the entry point the app and the CLI use: the
 * registry detects the format (sesame_import_data with no format), so an
 * importer added to the registry is fuzzed here with no change.
 * fuzz-import-each drives each importer on every input instead. */
static void
check_result (const char         *text,
              SesameImportResult *result,
              GError             *error)
{
  if (result == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused file comes with an error");
      sesame_fuzz_check_no_secret (text, error->message);
      return;
    }
  sesame_fuzz_check (error == NULL, "an imported file has no error");
  sesame_fuzz_check (result->accounts->len > 0, "an imported file has an account");
  for (guint i = 0; i < result->failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (result->failures, i);

      sesame_fuzz_check (failure->entry != NULL && failure->reason != NULL, "a failure says which and why");
      sesame_fuzz_check_no_secret (text, failure->entry);
      sesame_fuzz_check_no_secret (text, failure->reason);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = sesame_fuzz_strndup (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameImportResult) result = NULL;

  (void) sesame_import_needs_password (data, size, NULL, NULL);
  result = sesame_import_data (data, size, NULL, NULL, SESAME_FUZZ_PASSWORD, &error);
  if (result != NULL)
    {
      sesame_fuzz_report ("import", "%s: %u accounts, %u failures", result->format,
                          result->accounts->len, result->failures->len);
      for (guint i = 0; i < result->failures->len; i++)
        {
          SesameImportFailure *failure = g_ptr_array_index (result->failures, i);

          sesame_fuzz_report ("import", "  %s: %s", failure->entry, failure->reason);
        }
    }
  else
    sesame_fuzz_report ("import", "%s", error->message);
  check_result (text, result, error);
  return 0;
}
