/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sesame-fuzz.h"
#include "sesame-import.h"

/* Every importer, through the entry point the app and the CLI use: the
 * registry detects the format (sesame_import_data with no format), so an
 * importer added to the registry is fuzzed here with no change.
 * fuzz-import-each drives each importer on every input instead. */
/* Every message of an import, for the no-secret check. */
static char *
messages_of (const guint8 *data,
             gsize         size,
             gpointer      user_data)
{
  const char *format = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameImportResult) result = sesame_import_data (data, size, NULL, format, SESAME_FUZZ_PASSWORD, &error);
  GString *out = g_string_new (error != NULL ? error->message : "");

  for (guint i = 0; result != NULL && i < result->failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (result->failures, i);

      g_string_append_printf (out, "\n%s: %s", failure->entry, failure->reason);
    }
  return g_string_free (out, FALSE);
}

static void
check_result (const guint8       *data,
              gsize               size,
              SesameImportResult *result,
              GError             *error)
{
  if (result == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused file comes with an error");
      sesame_fuzz_check_no_secret (data, size, error->message, messages_of, NULL);
      return;
    }
  sesame_fuzz_check (error == NULL, "an imported file has no error");
  sesame_fuzz_check (result->accounts->len > 0, "an imported file has an account");
  for (guint i = 0; i < result->failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (result->failures, i);

      sesame_fuzz_check (failure->entry != NULL && failure->reason != NULL, "a failure says which and why");
      sesame_fuzz_check_no_secret (data, size, failure->entry, messages_of, NULL);
      sesame_fuzz_check_no_secret (data, size, failure->reason, messages_of, NULL);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
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
  check_result (data, size, result, error);
  return 0;
}
