/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_LOCK_PREFERENCES (sesame_lock_preferences_get_type ())

G_DECLARE_FINAL_TYPE (SesameLockPreferences, sesame_lock_preferences, SESAME, LOCK_PREFERENCES, AdwPreferencesPage)

/* Preferences → Security: the separate password (the move into the
 * Sesame collection and back) and when to lock. */
AdwPreferencesPage *sesame_lock_preferences_new (SesameAccountStore *store);

G_END_DECLS
