/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>

G_BEGIN_DECLS

#define SESAME_QR_DECODE_ERROR            (sesame_qr_decode_error_quark ())
#define SESAME_TYPE_GRAY_IMAGE            (sesame_gray_image_get_type ())

/* How long sesame_qr_decode() may keep retrying when a plain scan finds
 * nothing, when the caller passes 0. */
#define SESAME_QR_DECODE_DEFAULT_BUDGET_MS 1500

typedef enum
{
  SESAME_QR_DECODE_ERROR_LOAD,        /* the file could not be read or is not an image */
  SESAME_QR_DECODE_ERROR_TOO_LARGE,   /* more pixels than Sesame will scan */
  SESAME_QR_DECODE_ERROR_FAILED,      /* ZBar could not run */
} SesameQrDecodeError;

/* Images above this many pixels are refused (a 100-megapixel photo is
 * already far beyond any camera or screen). */
#define SESAME_GRAY_IMAGE_MAX_PIXELS ((gsize) 120 * 1000 * 1000)

/**
 * SesameGrayImage:
 * @pixels: 8-bit luminance, 0 black … 255 white
 * @width: width in pixels
 * @height: height in pixels
 * @stride: bytes from one row to the next (≥ @width)
 *
 * An 8-bit gray image that owns its pixels: what every QR source (file,
 * paste, screenshot, camera frame) is turned into before decoding.
 */
typedef struct
{
  guint8 *pixels;
  guint   width;
  guint   height;
  gsize   stride;
} SesameGrayImage;

GQuark           sesame_qr_decode_error_quark     (void);
GType            sesame_gray_image_get_type       (void) G_GNUC_CONST;

SesameGrayImage *sesame_gray_image_new            (guint                 width,
                                                   guint                 height);
SesameGrayImage *sesame_gray_image_copy           (const SesameGrayImage *self);
void             sesame_gray_image_free           (SesameGrayImage       *self);
SesameGrayImage *sesame_gray_image_new_from_pixbuf (GdkPixbuf            *pixbuf);
SesameGrayImage *sesame_gray_image_load           (const char            *path,
                                                   GError               **error);
SesameGrayImage *sesame_gray_image_load_bytes     (GBytes                *data,
                                                   GError               **error);

GPtrArray       *sesame_qr_decode                 (const guint8          *pixels,
                                                   guint                  width,
                                                   guint                  height,
                                                   gsize                  stride,
                                                   guint                  budget_ms);
GPtrArray       *sesame_qr_decode_image           (const SesameGrayImage *image,
                                                   guint                  budget_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameGrayImage, sesame_gray_image_free)

G_END_DECLS
