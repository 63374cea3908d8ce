/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-lock-monitor.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-lock-monitor.h"

G_BEGIN_DECLS

/* How idle is measured now: "session" (Mutter's idle watch is armed),
 * "sesame" (the time since Sesame's last input), "pending" (Mutter not
 * answered yet) or "off" (the setting is 0). */
const char  *sesame_lock_monitor_get_idle_source  (SesameLockMonitor *self);
/* Why it last started a lock, NULL before the first ("idle in the
 * session", "idle in Sesame", "logind locked the session", …). */
const char  *sesame_lock_monitor_get_last_reason  (SesameLockMonitor *self);

G_END_DECLS
