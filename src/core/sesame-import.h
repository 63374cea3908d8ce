/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account.h"

G_BEGIN_DECLS

#define SESAME_IMPORT_ERROR (sesame_import_error_quark ())
#define SESAME_TYPE_IMPORT_RESULT (sesame_import_result_get_type ())

/**
 * SesameImportError:
 *
 * Why a whole file could not be imported. (A single entry that cannot be
 * imported is not an error: it is listed in the result's failures.)
 */
typedef enum
{
  SESAME_IMPORT_ERROR_UNKNOWN_FORMAT,       /* no importer recognises the file */
  SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,    /* encrypted, and no password was given */
  SESAME_IMPORT_ERROR_WRONG_PASSWORD,       /* the password does not open it */
  SESAME_IMPORT_ERROR_INVALID,              /* damaged, truncated or malformed */
  SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION,  /* a version of the format we do not know */
  SESAME_IMPORT_ERROR_EMPTY,                /* a valid file without any account */
} SesameImportError;

/**
 * SesameImportFailure:
 * @entry: which entry, in words (position, issuer and name; never a secret)
 * @reason: why it was not imported
 */
typedef struct
{
  char *entry;
  char *reason;
} SesameImportFailure;

/**
 * SesameImportResult:
 * @accounts: (element-type SesameAccount): the accounts read, in file order
 * @failures: (element-type SesameImportFailure): entries that were not
 * @format: the id of the importer that read the file ("aegis", …)
 */
typedef struct
{
  GPtrArray *accounts;
  GPtrArray *failures;
  char *format;
  /*< private >*/
  gpointer kdf_budget;
} SesameImportResult;

/**
 * SesameImporter:
 * @id: short name used on the command line ("aegis", "2fas", …)
 * @name: human name (translatable)
 * @detect: how sure the importer is that @data is its format (0 = not
 *   at all, 100 = certain); it only looks, never decrypts
 * @needs_password: whether this file is encrypted
 * @parse: reads the file, adding to @result; entries that fail go to
 *   @result->failures. Returns %FALSE with @error for the whole file.
 *
 * One per foreign format, each in its own sesame-import-<id>.c.
 */
typedef struct
{
  const char *id;
  const char *name;
  guint     (*detect)         (const guint8        *data,
                               gsize                size,
                               const char          *filename);
  gboolean  (*needs_password) (const guint8        *data,
                               gsize                size);
  gboolean  (*parse)          (const guint8        *data,
                               gsize                size,
                               const char          *password,
                               SesameImportResult  *result,
                               GError             **error);
} SesameImporter;

GQuark                  sesame_import_error_quark     (void);
GType                   sesame_import_result_get_type (void) G_GNUC_CONST;

SesameImportResult     *sesame_import_result_new      (const char          *format);
void                    sesame_import_result_free     (SesameImportResult  *self);
void                    sesame_import_result_add_failure (SesameImportResult *self,
                                                          const char         *entry,
                                                          const char         *reason);
void                    sesame_import_failure_free    (SesameImportFailure *failure);

const SesameImporter * const *sesame_importers        (void);
const SesameImporter   *sesame_importer_find          (const char          *id);
const SesameImporter   *sesame_importer_detect        (const guint8        *data,
                                                       gsize                size,
                                                       const char          *filename);

SesameImportResult     *sesame_import_data            (const guint8        *data,
                                                       gsize                size,
                                                       const char          *filename,
                                                       const char          *format,
                                                       const char          *password,
                                                       GError             **error);
SesameImportResult     *sesame_import_data_full       (const guint8        *data,
                                                       gsize                size,
                                                       const char          *filename,
                                                       const char          *format,
                                                       const char          *password,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
SesameImportResult     *sesame_import_file            (GFile               *file,
                                                       const char          *format,
                                                       const char          *password,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
void                    sesame_import_file_async      (GFile               *file,
                                                       const char          *format,
                                                       const char          *password,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
SesameImportResult     *sesame_import_file_finish     (GAsyncResult        *result,
                                                       GError             **error);
gboolean                sesame_import_needs_password  (const guint8        *data,
                                                       gsize                size,
                                                       const char          *filename,
                                                       const char          *format);

/* Helpers for importers. */
char                   *sesame_import_describe_entry  (guint                index,
                                                       const char          *issuer,
                                                       const char          *name);
SesameAccount          *sesame_import_account_from_uri (const char         *uri,
                                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameImportResult, sesame_import_result_free)

G_END_DECLS
