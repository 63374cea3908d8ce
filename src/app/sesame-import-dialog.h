/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_IMPORT_DIALOG (sesame_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameImportDialog, sesame_import_dialog, SESAME, IMPORT_DIALOG, AdwWindow)

SesameImportDialog *sesame_import_dialog_new            (GtkWindow          *parent,
                                                         SesameAccountStore *store,
                                                         GFile              *file);
const char         *sesame_import_dialog_get_page       (SesameImportDialog *self);
void                sesame_import_dialog_unlock         (SesameImportDialog *self,
                                                         const char         *password);
guint               sesame_import_dialog_get_n_to_add   (SesameImportDialog *self);
guint               sesame_import_dialog_get_n_skipped  (SesameImportDialog *self);
void                sesame_import_dialog_confirm        (SesameImportDialog *self);

G_END_DECLS
