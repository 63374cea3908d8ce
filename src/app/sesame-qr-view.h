/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sesame-qr-encode.h"

G_BEGIN_DECLS

#define SESAME_TYPE_QR_VIEW (sesame_qr_view_get_type ())

G_DECLARE_FINAL_TYPE (SesameQrView, sesame_qr_view, SESAME, QR_VIEW, GtkWidget)

GtkWidget *sesame_qr_view_new      (void);
void       sesame_qr_view_set_code (SesameQrView *self,
                                    SesameQrCode *code);

G_END_DECLS
