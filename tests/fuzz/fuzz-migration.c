/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sesame-fuzz.h"
#include "sesame-migration.h"

/* Google Authenticator's "Transfer accounts" codes: the MigrationPayload
 * protobuf itself (sesame_migration_parse_payload), or, for input that
 * starts with the scheme, the whole otpauth-migration:// URI with its
 * percent-encoded base64 (sesame_migration_parse). Every account read must
 * be one Sesame can write back into a migration code. */
#define SCHEME "otpauth-migration:"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameMigrationBatch) batch = NULL;

  if (size >= strlen (SCHEME) && memcmp (data, SCHEME, strlen (SCHEME)) == 0)
    {
      g_autofree char *uri = sesame_fuzz_strndup (data, size);

      (void) sesame_migration_is_migration_uri (uri);
      batch = sesame_migration_parse (uri, &error);
    }
  else
    batch = sesame_migration_parse_payload (data, size, &error);

  if (batch != NULL)
    sesame_fuzz_report ("migration", "%u accounts, %u problems", batch->accounts->len, batch->problems->len);
  else
    sesame_fuzz_report ("migration", "%s", error->message);
  if (batch == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused payload comes with an error");
      return 0;
    }
  sesame_fuzz_check (batch->accounts->len > 0 || batch->problems->len > 0, "a batch has accounts or problems");
  if (batch->accounts->len > 0)
    {
      g_auto(GStrv) codes = sesame_migration_encode (batch->accounts, SESAME_MIGRATION_DEFAULT_PER_CODE, &error);

      sesame_fuzz_check (codes != NULL, "what was read from a migration code can be written into one");
      for (guint i = 0; codes[i] != NULL; i++)
        {
          g_autoptr(SesameMigrationBatch) again = sesame_migration_parse (codes[i], NULL);

          sesame_fuzz_check (again != NULL && again->problems->len == 0, "a written migration code reads again");
        }
    }
  return 0;
}
