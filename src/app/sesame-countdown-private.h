/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-countdown.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-countdown.h"

G_BEGIN_DECLS

guint      sesame_countdown_get_remaining (SesameCountdown *self);

G_END_DECLS
