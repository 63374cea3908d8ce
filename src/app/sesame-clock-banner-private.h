/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-clock-banner.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-clock-banner.h"

G_BEGIN_DECLS

gboolean     sesame_clock_banner_get_shown    (SesameClockBanner *self);
const char  *sesame_clock_banner_get_message  (SesameClockBanner *self);
GtkButton   *sesame_clock_banner_get_button   (SesameClockBanner *self);

G_END_DECLS
