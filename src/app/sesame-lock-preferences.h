/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

/* Preferences → Security: the separate password (the move into the
 * Sesame collection and back) and when to lock. */
AdwPreferencesPage *sesame_lock_preferences_new (SesameAccountStore *store);

G_END_DECLS
