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

G_END_DECLS
