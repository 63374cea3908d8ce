/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_ADD_DIALOG (sesame_add_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameAddDialog, sesame_add_dialog, SESAME, ADD_DIALOG, AdwWindow)

SesameAddDialog *sesame_add_dialog_new            (GtkWindow          *parent,
                                                   SesameAccountStore *store);

G_END_DECLS
