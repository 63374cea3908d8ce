/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-age"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-backup.h"
#include "sesame-import-private.h"

/* Sesame's own backups: age files holding the sesame-backup document. */

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

static gboolean
age_parse (const guint8        *data,
           gsize                size,
           const char          *password,
           SesameImportResult  *result,
           GError             **error)
{
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(SesameImportResult) backup = NULL;
  g_autoptr(GError) local_error = NULL;

  backup = sesame_backup_read (in, password, NULL, &local_error);
  if (backup == NULL)
    {
      int code = SESAME_IMPORT_ERROR_INVALID;

      if (g_error_matches (local_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE))
        code = SESAME_IMPORT_ERROR_WRONG_PASSWORD;
      else if (g_error_matches (local_error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_UNSUPPORTED_VERSION) ||
               g_error_matches (local_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_UNSUPPORTED))
        code = SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION;

      g_set_error_literal (error, SESAME_IMPORT_ERROR, code, local_error->message);
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
