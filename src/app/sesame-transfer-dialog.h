/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SESAME_TYPE_TRANSFER_DIALOG (sesame_transfer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameTransferDialog, sesame_transfer_dialog, SESAME, TRANSFER_DIALOG, AdwWindow)

SesameTransferDialog *sesame_transfer_dialog_new          (GtkWindow            *parent,
                                                           GPtrArray            *accounts);
const char           *sesame_transfer_dialog_get_page     (SesameTransferDialog *self);
const char           *sesame_transfer_dialog_get_position (SesameTransferDialog *self);
GtkWidget            *sesame_transfer_dialog_get_qr_view  (SesameTransferDialog *self);
void                  sesame_transfer_dialog_next         (SesameTransferDialog *self);
void                  sesame_transfer_dialog_previous     (SesameTransferDialog *self);
void                  sesame_transfer_dialog_show_skipped (SesameTransferDialog *self);

G_END_DECLS
