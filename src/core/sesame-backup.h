/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account.h"
#include "sesame-age.h"
#include "sesame-import.h"

G_BEGIN_DECLS

#define SESAME_BACKUP_ERROR (sesame_backup_error_quark ())

/**
 * SesameBackupError:
 *
 * Why a decrypted backup could not be read, or a backup not written.
 * Errors of the age layer (wrong passphrase, damaged file) keep their
 * %SESAME_AGE_ERROR codes.
 */
typedef enum
{
  SESAME_BACKUP_ERROR_NOT_A_BACKUP,         /* decrypts, but is not a Sesame backup document */
  SESAME_BACKUP_ERROR_UNSUPPORTED_VERSION,  /* written by a newer Sesame */
  SESAME_BACKUP_ERROR_INVALID,              /* the document's structure is wrong */
} SesameBackupError;

#define SESAME_BACKUP_FORMAT  "sesame-backup"
#define SESAME_BACKUP_VERSION 1

/**
 * SesameRestorePlan:
 * @to_add: (element-type SesameAccount): accounts to add, in backup order
 * @skipped: (element-type SesameImportFailure): accounts left out and why
 *
 * What merging a backup into the existing accounts would do.
 */
typedef struct
{
  GPtrArray *to_add;
  GPtrArray *skipped;
} SesameRestorePlan;

/* Writes with the content of a file; used for every atomic write. */
typedef gboolean (*SesameWriteFunc) (GOutputStream  *stream,
                                     gpointer        user_data,
                                     GCancellable   *cancellable,
                                     GError        **error);

GQuark              sesame_backup_error_quark        (void);

char               *sesame_backup_to_json            (GPtrArray           *accounts,
                                                      GDateTime           *created);
SesameImportResult *sesame_backup_parse              (const char          *json,
                                                      gsize                length,
                                                      GError             **error);

SesameRestorePlan  *sesame_restore_plan_new          (GListModel          *existing,
                                                      GPtrArray           *incoming);
void                sesame_restore_plan_free         (SesameRestorePlan   *plan);

gboolean            sesame_write_file_atomic         (GFile               *file,
                                                      SesameWriteFunc      write_func,
                                                      gpointer             user_data,
                                                      GCancellable        *cancellable,
                                                      GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameRestorePlan, sesame_restore_plan_free)

G_END_DECLS
