/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SESAME_TYPE_COUNTDOWN (sesame_countdown_get_type ())

G_DECLARE_FINAL_TYPE (SesameCountdown, sesame_countdown, SESAME, COUNTDOWN, GtkWidget)

GtkWidget *sesame_countdown_new       (void);
void       sesame_countdown_set_time  (SesameCountdown *self,
                                       guint            remaining,
                                       guint            period);

G_END_DECLS
