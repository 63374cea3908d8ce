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
SesameWindow       *sesame_window_new_with_store  (SesameApplication  *application,
                                                   SesameAccountStore *store);
SesameAccountStore *sesame_window_get_store       (SesameWindow      *self);
SesameClipboard    *sesame_window_get_clipboard   (SesameWindow      *self);
GListModel         *sesame_window_get_shown_model (SesameWindow      *self);
const char         *sesame_window_get_state       (SesameWindow      *self);
void                sesame_window_add_toast       (SesameWindow      *self,
                                                   AdwToast          *toast);
AdwToast           *sesame_window_get_last_toast  (SesameWindow      *self);
void                sesame_window_copy_account    (SesameWindow      *self,
                                                   SesameAccount     *account);
void                sesame_window_set_search      (SesameWindow      *self,
                                                   const char        *text);
void                sesame_window_set_tag         (SesameWindow      *self,
                                                   const char        *tag);
void                sesame_window_delete_account  (SesameWindow      *self,
                                                   SesameAccount     *account);
void                sesame_window_open_uri        (SesameWindow      *self,
                                                   const char        *uri);

G_END_DECLS
