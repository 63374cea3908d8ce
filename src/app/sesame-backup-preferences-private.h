/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-backup-preferences.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-backup-preferences.h"

G_BEGIN_DECLS

gboolean                 sesame_backup_preferences_get_has_passphrase (SesameBackupPreferences *self);
gboolean                 sesame_backup_preferences_get_can_enable     (SesameBackupPreferences *self);
void                     sesame_backup_preferences_set_passphrase_fields (SesameBackupPreferences *self,
                                                                          const char              *passphrase,
                                                                          const char              *confirmation);

G_END_DECLS
