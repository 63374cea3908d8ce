/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-age"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-backup.h"
#include "sesame-import-private.h"

/* Sesame's own backups: age files holding the sesame-backup document. An
 * age file holding another format (an Aegis export or a list of links
 * someone encrypted with age -p) is opened and handed to that importer. */

static guint
age_detect (const guint8 *data,
            gsize         size,
            const char   *filename)
{
  return sesame_age_looks_like_age (data, size) ? 100 : 0;
}

static gboolean
age_needs_password (const guint8 *data,
                    gsize         size)
{
  return TRUE;
}

static void
set_import_error (GError       **error,
                  const GError  *age_error)
{
  int code = SESAME_IMPORT_ERROR_INVALID;

  if (g_error_matches (age_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, age_error->message);
      return;
    }

  if (g_error_matches (age_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE))
    code = SESAME_IMPORT_ERROR_WRONG_PASSWORD;
  else if (g_error_matches (age_error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_UNSUPPORTED_VERSION) ||
           g_error_matches (age_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_UNSUPPORTED_VERSION) ||
           g_error_matches (age_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_UNSUPPORTED))
    code = SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION;

  g_set_error_literal (error, SESAME_IMPORT_ERROR, code, age_error->message);
}

/* The decrypted content is not a Sesame backup: another format inside? */
static gboolean
parse_inner (const guint8        *plain,
             gsize                size,
             const GError        *not_a_backup,
             SesameImportResult  *result,
             GError             **error)
{
  const SesameImporter *inner = sesame_importer_detect (plain, size, NULL);

  if (inner == NULL || inner == &sesame_importer_age || inner->needs_password (plain, size))
    {
      set_import_error (error, not_a_backup);
      return FALSE;
    }

  return inner->parse (plain, size, NULL, result, error);
}

static gboolean
age_parse (const guint8        *data,
           gsize                size,
           const char          *password,
           SesameImportResult  *result,
           GError             **error)
{
  g_autoptr(SesameSecret) plain = NULL;
  g_autoptr(SesameImportResult) backup = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *text;
  gsize text_size = 0;

  plain = sesame_age_decrypt_bytes (data, size, password,
                                    sesame_kdf_budget_get_cancellable (sesame_import_kdf_budget (result)),
                                    &local_error);
  if (plain == NULL)
    {
      set_import_error (error, local_error);
      return FALSE;
    }

  text = sesame_secret_get_data (plain, &text_size);
  backup = sesame_backup_parse ((const char *) text, text_size, &local_error);
  if (backup == NULL)
    {
      if (g_error_matches (local_error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_NOT_A_BACKUP))
        return parse_inner (text, text_size, local_error, result, error);

      set_import_error (error, local_error);
      return FALSE;
    }

  g_ptr_array_extend_and_steal (result->accounts, g_steal_pointer (&backup->accounts));
  backup->accounts = g_ptr_array_new ();
  g_ptr_array_extend_and_steal (result->failures, g_steal_pointer (&backup->failures));
  backup->failures = g_ptr_array_new ();
  return TRUE;
}

const SesameImporter sesame_importer_age = {
  .id = "age",
  .name = N_("Sesame backup"),
  .detect = age_detect,
  .needs_password = age_needs_password,
  .parse = age_parse,
};
