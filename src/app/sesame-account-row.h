/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sesame-account.h"

G_BEGIN_DECLS

#define SESAME_TYPE_ACCOUNT_ROW (sesame_account_row_get_type ())

G_DECLARE_FINAL_TYPE (SesameAccountRow, sesame_account_row, SESAME, ACCOUNT_ROW, GtkWidget)

GtkWidget     *sesame_account_row_new          (void);
SesameAccount *sesame_account_row_get_account  (SesameAccountRow *self);
void           sesame_account_row_set_account  (SesameAccountRow *self,
                                                SesameAccount    *account);

G_END_DECLS
