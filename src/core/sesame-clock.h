/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SESAME_TYPE_CLOCK (sesame_clock_get_type ())

G_DECLARE_FINAL_TYPE (SesameClock, sesame_clock, SESAME, CLOCK, GObject)

/* Returns the wall-clock time in microseconds since the Unix epoch, like
 * g_get_real_time(). Tests install one to make codes deterministic. */
typedef gint64 (*SesameClockNowFunc) (gpointer user_data);

SesameClock *sesame_clock_get_default  (void);
SesameClock *sesame_clock_new          (void);
gint64       sesame_clock_get_time     (SesameClock        *self);
gint64       sesame_clock_get_real_time_usec (SesameClock  *self);
void         sesame_clock_set_now_func (SesameClock        *self,
                                        SesameClockNowFunc  func,
                                        gpointer            user_data,
                                        GDestroyNotify      destroy);
void         sesame_clock_resync       (SesameClock        *self);
gint64       sesame_clock_usec_to_seconds (gint64           usec);
gboolean     sesame_clock_get_synchronized   (SesameClock  *self);
gboolean     sesame_clock_get_automatic_time (SesameClock  *self);
void         sesame_clock_refresh_sync_state (SesameClock  *self);
void         sesame_clock_enable_automatic_time (SesameClock *self);

G_END_DECLS
