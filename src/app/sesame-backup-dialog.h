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

G_END_DECLS
