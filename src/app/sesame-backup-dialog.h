/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"
#include "sesame-export.h"

G_BEGIN_DECLS

#define SESAME_TYPE_BACKUP_DIALOG (sesame_backup_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameBackupDialog, sesame_backup_dialog, SESAME, BACKUP_DIALOG, AdwWindow)

SesameBackupDialog *sesame_backup_dialog_new            (GtkWindow          *parent,
                                                         SesameAccountStore *store);
void                sesame_backup_dialog_set_passphrase (SesameBackupDialog *self,
                                                         const char         *passphrase,
                                                         const char         *confirmation);
const char         *sesame_backup_dialog_get_intro      (SesameBackupDialog *self);
gboolean            sesame_backup_dialog_can_save       (SesameBackupDialog *self);
void                sesame_backup_dialog_save_to        (SesameBackupDialog *self,
                                                         GFile              *file);
void                sesame_backup_dialog_set_work_factor (SesameBackupDialog *self,
                                                          guint               work_factor);
void                sesame_backup_dialog_set_format      (SesameBackupDialog *self,
                                                          SesameExportFormat  format);
void                sesame_backup_dialog_set_plain_confirmed (SesameBackupDialog *self,
                                                              gboolean            confirmed);

G_END_DECLS
