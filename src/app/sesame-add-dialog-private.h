/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-add-dialog.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-add-dialog.h"

G_BEGIN_DECLS

GtkEditable     *sesame_add_dialog_get_field      (SesameAddDialog    *self,
                                                   const char         *name);
gboolean         sesame_add_dialog_get_can_add    (SesameAddDialog    *self);
const char      *sesame_add_dialog_get_message    (SesameAddDialog    *self);
const char      *sesame_add_dialog_get_code       (SesameAddDialog    *self);
void             sesame_add_dialog_add            (SesameAddDialog    *self);

G_END_DECLS
