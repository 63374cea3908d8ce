/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_SCAN_CONTROLLER (sesame_scan_controller_get_type ())

G_DECLARE_FINAL_TYPE (SesameScanController, sesame_scan_controller, SESAME, SCAN_CONTROLLER, GObject)

SesameScanController *sesame_scan_controller_new              (GtkWindow            *window,
                                                               SesameAccountStore   *store);
void                  sesame_scan_controller_open_image       (SesameScanController *self);
void                  sesame_scan_controller_scan_screenshot  (SesameScanController *self);
void                  sesame_scan_controller_scan_camera      (SesameScanController *self);
void                  sesame_scan_controller_paste            (SesameScanController *self);
void                  sesame_scan_controller_scan_texture     (SesameScanController *self,
                                                               GdkTexture           *texture);
gboolean              sesame_scan_controller_handle_text      (SesameScanController *self,
                                                               const char           *text);
void                  sesame_scan_controller_handle_payloads  (SesameScanController *self,
                                                               GPtrArray            *payloads);
GtkDropTarget        *sesame_scan_controller_create_drop_target (SesameScanController *self);

G_END_DECLS
