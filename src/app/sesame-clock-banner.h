/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sesame-clock.h"

G_BEGIN_DECLS

#define SESAME_TYPE_CLOCK_BANNER (sesame_clock_banner_get_type ())

G_DECLARE_FINAL_TYPE (SesameClockBanner, sesame_clock_banner, SESAME, CLOCK_BANNER, GtkWidget)

GtkWidget   *sesame_clock_banner_new          (void);
void         sesame_clock_banner_set_clock    (SesameClockBanner *self,
                                               SesameClock       *clock);

G_END_DECLS
