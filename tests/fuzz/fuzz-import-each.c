/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sesame-fuzz.h"
#include "sesame-import.h"

/* Every importer of the registry (sesame_importers) on every input, each
 * forced by its id as with `sesame-cli import --format ID`: detection no
 * longer decides which parser sees the bytes. SESAME_FUZZ_IMPORTER=ID
 * limits the run to one importer (build-aux/dev fuzz import-each 300
 * with it set, to spend the time on one format). */
static const SesameImporter *only = NULL;

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
run_importer (const SesameImporter *importer,
              const guint8         *data,
              gsize                 size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameImportResult) result = NULL;
  guint score;

  score = importer->detect (data, size, NULL);
  sesame_fuzz_check (score <= 100, "detection scores 0 to 100");
  /* Some formats are only told apart by their file name (andOTP). */
  score = importer->detect (data, size, "otp_accounts_2026-01-01.json.aes");
  sesame_fuzz_check (score <= 100, "detection scores 0 to 100");
  (void) importer->needs_password (data, size);

  result = sesame_import_data (data, size, NULL, importer->id, SESAME_FUZZ_PASSWORD, &error);
  sesame_fuzz_report (importer->id, "%s", result != NULL ? "imported" : error->message);
  if (result == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused file comes with an error");
      sesame_fuzz_check_no_secret (data, size, error->message, messages_of, (gpointer) importer->id);
      return;
    }
  sesame_fuzz_check (result->accounts->len > 0, "an imported file has an account");
  for (guint i = 0; i < result->failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (result->failures, i);

      sesame_fuzz_check_no_secret (data, size, failure->entry, messages_of, (gpointer) importer->id);
      sesame_fuzz_check_no_secret (data, size, failure->reason, messages_of, (gpointer) importer->id);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const SesameImporter * const *importers = sesame_importers ();
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      const char *id = g_getenv ("SESAME_FUZZ_IMPORTER");

      if (id != NULL && *id != '\0')
        {
          only = sesame_importer_find (id);
          if (only == NULL)
            {
              fprintf (stderr, "SESAME_FUZZ_IMPORTER: no importer “%s”\n", id);
              exit (2);
            }
        }
      g_once_init_leave (&once, 1);
    }

  if (only != NULL)
    {
      run_importer (only, data, size);
      return 0;
    }
  for (guint i = 0; importers[i] != NULL; i++)
    run_importer (importers[i], data, size);
  return 0;
}
