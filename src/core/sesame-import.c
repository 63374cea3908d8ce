/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-import.h"
#include "sesame-import-private.h"

/* The registry of importers and what they share. Each format lives in its
 * own sesame-import-<id>.c and exports one SesameImporter. */

G_DEFINE_QUARK (sesame-import-error-quark, sesame_import_error)

static SesameImportResult *
result_copy (SesameImportResult *self)
{
  SesameImportResult *copy = sesame_import_result_new (self->format);

  for (guint i = 0; i < self->accounts->len; i++)
    g_ptr_array_add (copy->accounts, g_object_ref (g_ptr_array_index (self->accounts, i)));
  for (guint i = 0; i < self->failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (self->failures, i);
      sesame_import_result_add_failure (copy, failure->entry, failure->reason);
    }

  return copy;
}

G_DEFINE_BOXED_TYPE (SesameImportResult, sesame_import_result, result_copy, sesame_import_result_free)

SesameImportResult *
sesame_import_result_new (const char *format)
{
  SesameImportResult *self = g_new0 (SesameImportResult, 1);

  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_import_failure_free);
  self->format = g_strdup (format);
  return self;
}

void
sesame_import_result_free (SesameImportResult *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->accounts);
  g_ptr_array_unref (self->failures);
  g_free (self->format);
  g_free (self);
}

void
sesame_import_failure_free (SesameImportFailure *failure)
{
  if (failure == NULL)
    return;

  g_free (failure->entry);
  g_free (failure->reason);
  g_free (failure);
}

void
sesame_import_result_add_failure (SesameImportResult *self,
                                  const char         *entry,
                                  const char         *reason)
{
  SesameImportFailure *failure = g_new0 (SesameImportFailure, 1);

  failure->entry = g_strdup (entry);
  failure->reason = g_strdup (reason);
  g_ptr_array_add (self->failures, failure);
}

/**
 * sesame_import_describe_entry:
 * @index: position in the file, from 1
 *
 * Returns: (transfer full): "Entry 3 (GitHub, alice)" or the like
 */
char *
sesame_import_describe_entry (guint       index,
                              const char *issuer,
                              const char *name)
{
  gboolean has_issuer = issuer != NULL && *issuer != '\0';
  gboolean has_name = name != NULL && *name != '\0';

  if (has_issuer && has_name)
    /* Translators: an entry of an imported file: position, issuer, account name. */
    return g_strdup_printf (_("Entry %u (%s, %s)"), index, issuer, name);
  if (has_issuer || has_name)
    return g_strdup_printf (_("Entry %u (%s)"), index, has_issuer ? issuer : name);
  return g_strdup_printf (_("Entry %u"), index);
}

/**
 * sesame_import_account_from_uri:
 *
 * An account from an otpauth:// URI; the error names the problem, never
 * the key.
 */
SesameAccount *
sesame_import_account_from_uri (const char  *uri,
                                GError     **error)
{
  g_autoptr(SesameOtpauth) otp = sesame_otpauth_parse (uri, error);

  if (otp == NULL)
    return NULL;

  return sesame_account_new_from_otpauth (otp);
}

static const SesameImporter *const importers[] = {
  &sesame_importer_age,
  NULL,
};

const SesameImporter * const *
sesame_importers (void)
{
  return importers;
}

const SesameImporter *
sesame_importer_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; importers[i] != NULL; i++)
    if (g_ascii_strcasecmp (importers[i]->id, id) == 0)
      return importers[i];

  return NULL;
}

/* The importer most sure of itself; NULL when none recognises the data. */
const SesameImporter *
sesame_importer_detect (const guint8 *data,
                        gsize         size,
                        const char   *filename)
{
  const SesameImporter *best = NULL;
  guint best_score = 0;

  for (guint i = 0; importers[i] != NULL; i++)
    {
      guint score = importers[i]->detect (data, size, filename);

      if (score > best_score)
        {
          best = importers[i];
          best_score = score;
        }
    }

  return best;
}

static const SesameImporter *
choose_importer (const guint8  *data,
                 gsize          size,
                 const char    *filename,
                 const char    *format,
                 GError       **error)
{
  const SesameImporter *importer;

  if (format != NULL && g_ascii_strcasecmp (format, "auto") != 0)
    {
      importer = sesame_importer_find (format);
      if (importer == NULL)
        g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNKNOWN_FORMAT,
                     _("“%s” is not a format Sesame can import."), format);
      return importer;
    }

  importer = sesame_importer_detect (data, size, filename);
  if (importer == NULL)
    g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNKNOWN_FORMAT,
                         _("Sesame does not recognise this file. It reads Sesame backups, Aegis, 2FAS, andOTP, "
                           "FreeOTP+, Bitwarden and Ente Auth exports, and lists of otpauth:// links; "
                           "export again from the other app in one of these formats."));
  return importer;
}

gboolean
sesame_import_needs_password (const guint8 *data,
                              gsize         size,
                              const char   *filename,
                              const char   *format)
{
  const SesameImporter *importer = choose_importer (data, size, filename, format, NULL);

  return importer != NULL && importer->needs_password (data, size);
}

/**
 * sesame_import_data:
 * @format: (nullable): an importer id, or %NULL / "auto" to detect it
 * @password: (nullable): for encrypted files
 *
 * Returns: (transfer full): what was read (at least one account), or %NULL
 *   with @error set (in %SESAME_IMPORT_ERROR) when nothing can be imported
 */
SesameImportResult *
sesame_import_data (const guint8  *data,
                    gsize          size,
                    const char    *filename,
                    const char    *format,
                    const char    *password,
                    GError       **error)
{
  g_autoptr(SesameImportResult) result = NULL;
  const SesameImporter *importer;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  importer = choose_importer (data, size, filename, format, error);
  if (importer == NULL)
    return NULL;

  if (importer->needs_password (data, size) && (password == NULL || *password == '\0'))
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                   /* Translators: %s is a format, like "Aegis vault". */
                   _("This %s is encrypted. Give its password."), _(importer->name));
      return NULL;
    }

  result = sesame_import_result_new (importer->id);
  if (!importer->parse (data, size, password, result, error))
    return NULL;

  if (result->accounts->len == 0 && result->failures->len == 0)
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_EMPTY,
                   _("This %s holds no accounts."), _(importer->name));
      return NULL;
    }

  return g_steal_pointer (&result);
}

/* Exports are small; anything this big is not one. */
#define MAX_IMPORT_SIZE (64 * 1024 * 1024)

SesameImportResult *
sesame_import_file (GFile         *file,
                    const char    *format,
                    const char    *password,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  SesameImportResult *result;
  gsize size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &size, NULL, error))
    return NULL;

  if (size > MAX_IMPORT_SIZE)
    {
      sesame_memwipe (contents, size);
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID,
                           _("The file is too large to be an authenticator export."));
      return NULL;
    }

  basename = g_file_get_basename (file);
  result = sesame_import_data ((const guint8 *) contents, size, basename, format, password, error);
  sesame_memwipe (contents, size);
  return result;
}

typedef struct
{
  GFile *file;
  char *format;
  char *password;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_free (data->format);
  sesame_str_wipe_free (data->password);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  SesameImportResult *result;

  result = sesame_import_file (data->file, data->format, data->password, cancellable, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) sesame_import_result_free);
  else
    g_task_return_error (task, error);
}

void
sesame_import_file_async (GFile               *file,
                          const char          *format,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->format = g_strdup (format);
  data->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

SesameImportResult *
sesame_import_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
