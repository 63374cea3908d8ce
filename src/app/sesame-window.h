/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"
#include "sesame-application.h"
#include "sesame-clipboard.h"

G_BEGIN_DECLS

#define SESAME_TYPE_WINDOW (sesame_window_get_type ())

G_DECLARE_FINAL_TYPE (SesameWindow, sesame_window, SESAME, WINDOW, AdwApplicationWindow)

SesameWindow       *sesame_window_new             (SesameApplication *application);
void                sesame_window_present_when_loaded (SesameWindow  *self,
                                                       guint          max_ms);
void                sesame_window_add_toast       (SesameWindow      *self,
                                                   AdwToast          *toast);
void                sesame_window_copy_account    (SesameWindow      *self,
                                                   SesameAccount     *account);
void                sesame_window_delete_account  (SesameWindow      *self,
                                                   SesameAccount     *account);
void                sesame_window_open_uri        (SesameWindow      *self,
                                                   const char        *uri);

G_END_DECLS
