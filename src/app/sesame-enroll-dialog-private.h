/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-enroll-dialog.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-enroll-dialog.h"

G_BEGIN_DECLS

guint               sesame_enroll_dialog_get_n_selected (SesameEnrollDialog *self);
const char         *sesame_enroll_dialog_get_error      (SesameEnrollDialog *self);
void                sesame_enroll_dialog_add        (SesameEnrollDialog *self);

G_END_DECLS
