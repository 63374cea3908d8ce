/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-application.h"

G_BEGIN_DECLS

#define SESAME_TYPE_WINDOW (sesame_window_get_type ())

G_DECLARE_FINAL_TYPE (SesameWindow, sesame_window, SESAME, WINDOW, AdwApplicationWindow)

SesameWindow *sesame_window_new (SesameApplication *application);

G_END_DECLS
