/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SESAME_TYPE_SCANNER (sesame_scanner_get_type ())

G_DECLARE_FINAL_TYPE (SesameScanner, sesame_scanner, SESAME, SCANNER, GObject)

SesameScanner *sesame_scanner_new                   (void);
void           sesame_scanner_scan_file_async       (SesameScanner        *self,
                                                     GFile                *file,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void           sesame_scanner_scan_texture_async    (SesameScanner        *self,
                                                     GdkTexture           *texture,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
void           sesame_scanner_scan_screenshot_async (SesameScanner        *self,
                                                     GtkWindow            *parent,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GPtrArray     *sesame_scanner_scan_finish           (SesameScanner        *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS
