/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-backup-dialog.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-backup-dialog.h"

G_BEGIN_DECLS

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
