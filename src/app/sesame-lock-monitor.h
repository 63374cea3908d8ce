/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_LOCK_MONITOR (sesame_lock_monitor_get_type ())

G_DECLARE_FINAL_TYPE (SesameLockMonitor, sesame_lock_monitor, SESAME, LOCK_MONITOR, GObject)

SesameLockMonitor *sesame_lock_monitor_new         (SesameAccountStore *store,
                                                    GSettings          *settings);
void               sesame_lock_monitor_note_input  (SesameLockMonitor  *self);
void               sesame_lock_monitor_lock        (SesameLockMonitor  *self,
                                                    const char         *why);

G_END_DECLS
