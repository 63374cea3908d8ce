/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_AUTO_BACKUP_ERROR (sesame_auto_backup_error_quark ())

typedef enum
{
  SESAME_AUTO_BACKUP_ERROR_NO_FOLDER,       /* no folder chosen, or it is gone */
  SESAME_AUTO_BACKUP_ERROR_NO_PASSPHRASE,   /* no passphrase in the keyring */
} SesameAutoBackupError;

/* Only files named like this (sesame-backup-YYYYMMDD-HHMMSSZ-NNNNNN.age,
 * or sesame-backup-YYYYMMDD-HHMMSS[-N].age from earlier versions) are ever
 * pruned: nothing else in the folder is touched. */
#define SESAME_AUTO_BACKUP_PREFIX "sesame-backup-"
#define SESAME_AUTO_BACKUP_SUFFIX ".age"
#define SESAME_AUTO_BACKUP_DEFAULT_KEEP 10

#define SESAME_TYPE_AUTO_BACKUP (sesame_auto_backup_get_type ())

G_DECLARE_FINAL_TYPE (SesameAutoBackup, sesame_auto_backup, SESAME, AUTO_BACKUP, GObject)

GQuark            sesame_auto_backup_error_quark       (void);
SesameAutoBackup *sesame_auto_backup_new               (SesameAccountStore   *store,
                                                        const char           *schema_name);
gboolean          sesame_auto_backup_get_enabled       (SesameAutoBackup     *self);
void              sesame_auto_backup_set_enabled       (SesameAutoBackup     *self,
                                                        gboolean              enabled);
const char       *sesame_auto_backup_get_folder        (SesameAutoBackup     *self);
void              sesame_auto_backup_set_folder        (SesameAutoBackup     *self,
                                                        const char           *folder);
guint             sesame_auto_backup_get_keep          (SesameAutoBackup     *self);
void              sesame_auto_backup_set_keep          (SesameAutoBackup     *self,
                                                        guint                 keep);
guint             sesame_auto_backup_get_delay_ms      (SesameAutoBackup     *self);
void              sesame_auto_backup_set_delay_ms      (SesameAutoBackup     *self,
                                                        guint                 delay_ms);
void              sesame_auto_backup_set_work_factor   (SesameAutoBackup     *self,
                                                        guint                 work_factor);
const GError     *sesame_auto_backup_get_last_error    (SesameAutoBackup     *self);
GFile            *sesame_auto_backup_get_last_file     (SesameAutoBackup     *self);

void              sesame_auto_backup_store_passphrase_async  (SesameAutoBackup    *self,
                                                              const char          *passphrase,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean          sesame_auto_backup_store_passphrase_finish (SesameAutoBackup    *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void              sesame_auto_backup_has_passphrase_async  (SesameAutoBackup    *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean          sesame_auto_backup_has_passphrase_finish (SesameAutoBackup    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void              sesame_auto_backup_run_async         (SesameAutoBackup     *self,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GFile            *sesame_auto_backup_run_finish        (SesameAutoBackup     *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

GFile            *sesame_auto_backup_next_file         (GFile                *folder,
                                                        GDateTime            *now);
void              sesame_auto_backup_prune             (GFile                *folder,
                                                        guint                 keep);

G_END_DECLS
