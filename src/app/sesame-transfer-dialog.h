/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESAME_TYPE_TRANSFER_DIALOG (sesame_transfer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameTransferDialog, sesame_transfer_dialog, SESAME, TRANSFER_DIALOG, AdwWindow)

SesameTransferDialog *sesame_transfer_dialog_new          (GtkWindow            *parent,
                                                           GPtrArray            *accounts);

G_END_DECLS
