/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The camera (GStreamer), QR decoding (ZBar) and the screenshot portal
 * (libportal) live in a module of their own, libsesame-scan.so, loaded the
 * first time something is scanned: most runs of Sesame only show codes, and
 * these libraries would otherwise be mapped, relocated and initialised at
 * every start. The app calls the SesameScanner and SesameCamera API as
 * before; sesame-scan-module.c implements it by forwarding to the module's
 * functions, listed here. */

#include <gtk/gtk.h>

#include "sesame-camera.h"
#include "sesame-scanner.h"

G_BEGIN_DECLS

/* Changed whenever SesameScanModule changes: a module of another version is
 * refused. */
#define SESAME_SCAN_MODULE_VERSION 1

typedef struct
{
  guint version;

  GType              (*scanner_get_type)          (void);
  SesameScanner     *(*scanner_new)               (void);
  void               (*scanner_scan_file_async)   (SesameScanner       *self,
                                                   GFile               *file,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
  void               (*scanner_scan_texture_async) (SesameScanner      *self,
                                                   GdkTexture          *texture,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
  void               (*scanner_scan_screenshot_async) (SesameScanner   *self,
                                                   GtkWindow           *parent,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
  GPtrArray         *(*scanner_scan_finish)       (SesameScanner       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

  GType              (*camera_get_type)           (void);
  SesameCamera      *(*camera_new)                (void);
  GListModel        *(*camera_get_devices)        (SesameCamera *self);
  void               (*camera_start)              (SesameCamera *self,
                                                   guint         device);
  void               (*camera_stop)               (SesameCamera *self);
  SesameCameraState  (*camera_get_state)          (SesameCamera *self);
  const char        *(*camera_get_error_message)  (SesameCamera *self);
  GdkPaintable      *(*camera_get_paintable)      (SesameCamera *self);
  guint              (*camera_get_frames_decoded) (SesameCamera *self);
} SesameScanModule;

/* The module's one exported symbol. */
#define SESAME_SCAN_MODULE_SYMBOL "sesame_scan_module_get"
typedef const SesameScanModule *(*SesameScanModuleGetFunc) (void);

const SesameScanModule *sesame_scan_module_load      (GError **error);
gboolean                sesame_scan_module_is_loaded (void);

G_END_DECLS
