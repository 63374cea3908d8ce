/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-auto-backup.h"

G_BEGIN_DECLS

#define SESAME_TYPE_BACKUP_PREFERENCES (sesame_backup_preferences_get_type ())

G_DECLARE_FINAL_TYPE (SesameBackupPreferences, sesame_backup_preferences, SESAME, BACKUP_PREFERENCES, AdwPreferencesPage)

SesameBackupPreferences *sesame_backup_preferences_new             (SesameAutoBackup        *auto_backup);
void                     sesame_backup_preferences_save_passphrase (SesameBackupPreferences *self,
                                                                    const char              *passphrase);

G_END_DECLS
