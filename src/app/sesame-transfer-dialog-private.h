/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-transfer-dialog.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-transfer-dialog.h"

G_BEGIN_DECLS

const char           *sesame_transfer_dialog_get_page     (SesameTransferDialog *self);
const char           *sesame_transfer_dialog_get_position (SesameTransferDialog *self);
GtkWidget            *sesame_transfer_dialog_get_qr_view  (SesameTransferDialog *self);
void                  sesame_transfer_dialog_next         (SesameTransferDialog *self);
void                  sesame_transfer_dialog_previous     (SesameTransferDialog *self);
void                  sesame_transfer_dialog_show_skipped (SesameTransferDialog *self);

G_END_DECLS
