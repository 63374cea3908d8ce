/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-settings.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-settings.h"

G_BEGIN_DECLS

SesameSettings  *sesame_settings_new                       (void);
void             sesame_settings_set_clipboard_clear_delay (SesameSettings *self,
                                                            guint           seconds);
void             sesame_settings_set_show_next_code        (SesameSettings *self,
                                                            gboolean        show);
void             sesame_settings_set_hide_codes            (SesameSettings *self,
                                                            gboolean        hide);
void             sesame_settings_set_sort_order            (SesameSettings *self,
                                                            SesameSortOrder order);

G_END_DECLS
