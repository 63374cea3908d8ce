/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESAME_TYPE_PREFERENCES_WINDOW (sesame_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (SesamePreferencesWindow, sesame_preferences_window, SESAME, PREFERENCES_WINDOW, AdwPreferencesWindow)

SesamePreferencesWindow *sesame_preferences_window_new (GtkWindow *parent);

G_END_DECLS
