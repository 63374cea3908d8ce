/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-import-dialog.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-import-dialog.h"

G_BEGIN_DECLS

const char         *sesame_import_dialog_get_page       (SesameImportDialog *self);
void                sesame_import_dialog_unlock         (SesameImportDialog *self,
                                                         const char         *password);
guint               sesame_import_dialog_get_n_to_add   (SesameImportDialog *self);
guint               sesame_import_dialog_get_n_skipped  (SesameImportDialog *self);
const char         *sesame_import_dialog_get_password_error (SesameImportDialog *self);
void                sesame_import_dialog_confirm        (SesameImportDialog *self);

G_END_DECLS
