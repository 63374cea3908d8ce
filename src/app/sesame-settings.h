/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  SESAME_SORT_ORDER_ISSUER,
  SESAME_SORT_ORDER_RECENT,
} SesameSortOrder;

#define SESAME_TYPE_SORT_ORDER (sesame_sort_order_get_type ())
GType sesame_sort_order_get_type (void) G_GNUC_CONST;

#define SESAME_TYPE_SETTINGS (sesame_settings_get_type ())

G_DECLARE_FINAL_TYPE (SesameSettings, sesame_settings, SESAME, SETTINGS, GObject)

SesameSettings  *sesame_settings_get_default               (void);
GSettings       *sesame_settings_get_gsettings             (SesameSettings *self);
guint            sesame_settings_get_clipboard_clear_delay (SesameSettings *self);
gboolean         sesame_settings_get_show_next_code        (SesameSettings *self);
gboolean         sesame_settings_get_hide_codes            (SesameSettings *self);
SesameSortOrder  sesame_settings_get_sort_order            (SesameSettings *self);
void             sesame_settings_get_window_state          (SesameSettings *self,
                                                            int            *width,
                                                            int            *height,
                                                            gboolean       *maximized);
void             sesame_settings_set_window_state          (SesameSettings *self,
                                                            int             width,
                                                            int             height,
                                                            gboolean        maximized);

G_END_DECLS
