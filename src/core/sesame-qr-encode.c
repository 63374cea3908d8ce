/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-qr-encode"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <qrencode.h>
#include <string.h>

#include "sesame-qr-encode.h"

struct _SesameQrCode
{
  gatomicrefcount  ref_count;
  guint            size;
  guint8          *modules;  /* size × size, 1 = dark */
};

G_DEFINE_QUARK (sesame-qr-encode-error-quark, sesame_qr_encode_error)
G_DEFINE_BOXED_TYPE (SesameQrCode, sesame_qr_code, sesame_qr_code_ref, sesame_qr_code_unref)

/**
 * sesame_qr_encode:
 * @text: UTF-8 text, e.g. an otpauth:// URI
 * @error: return location for a #SESAME_QR_ENCODE_ERROR
 *
 * Encodes @text as a QR code (byte mode, error correction M, the
 * smallest version that holds it), what authenticator apps expect.
 *
 * Returns: (transfer full): the symbol, or %NULL with @error set
 */
SesameQrCode *
sesame_qr_encode (const char  *text,
                  GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);

  return sesame_qr_encode_full ((const guint8 *) text, strlen (text), SESAME_QR_EC_MEDIUM, error);
}

static QRecLevel
to_qr_level (SesameQrEcLevel level)
{
  switch (level)
    {
    case SESAME_QR_EC_LOW: return QR_ECLEVEL_L;
    case SESAME_QR_EC_MEDIUM: return QR_ECLEVEL_M;
    case SESAME_QR_EC_QUARTILE: return QR_ECLEVEL_Q;
    case SESAME_QR_EC_HIGH: return QR_ECLEVEL_H;
    default: g_return_val_if_reached (QR_ECLEVEL_M);
    }
}

/**
 * sesame_qr_encode_full:
 * @data: (array length=size): bytes to encode (binary-safe)
 * @size: length of @data
 * @level: error-correction level
 * @error: return location for a #SESAME_QR_ENCODE_ERROR
 *
 * Encodes @data in byte mode at @level.
 *
 * Returns: (transfer full): the symbol, or %NULL with @error set
 */
SesameQrCode *
sesame_qr_encode_full (const guint8     *data,
                       gsize             size,
                       SesameQrEcLevel   level,
                       GError          **error)
{
  QRcode *qr;
  SesameQrCode *self;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (size == 0)
    {
      g_set_error_literal (error, SESAME_QR_ENCODE_ERROR, SESAME_QR_ENCODE_ERROR_EMPTY,
                           _("There is nothing to put in a QR code"));
      return NULL;
    }
  if (size > G_MAXINT)
    size = G_MAXINT;  /* too long anyway: libqrencode reports ERANGE */

  errno = 0;
  qr = QRcode_encodeData ((int) size, data, 0, to_qr_level (level));
  if (qr == NULL)
    {
      if (errno == ERANGE)
        g_set_error (error, SESAME_QR_ENCODE_ERROR, SESAME_QR_ENCODE_ERROR_TOO_LONG,
                     _("The text is too long for a QR code (%lu bytes)"), (gulong) size);
      else
        g_set_error (error, SESAME_QR_ENCODE_ERROR, SESAME_QR_ENCODE_ERROR_FAILED,
                     _("Could not make a QR code: %s"), g_strerror (errno));
      return NULL;
    }

  self = g_new0 (SesameQrCode, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->size = (guint) qr->width;
  self->modules = g_malloc ((gsize) self->size * self->size);
  /* libqrencode's bit 0 is "dark"; the other bits describe what the
   * module is part of (finder, timing…), which nobody here needs. */
  for (gsize i = 0; i < (gsize) self->size * self->size; i++)
    self->modules[i] = qr->data[i] & 1;

  memset (qr->data, 0, (gsize) qr->width * qr->width);
  QRcode_free (qr);

  return self;
}

SesameQrCode *
sesame_qr_code_ref (SesameQrCode *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sesame_qr_code_unref (SesameQrCode *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  /* The modules spell out the payload, which may hold a secret. */
  memset (self->modules, 0, (gsize) self->size * self->size);
  g_free (self->modules);
  g_free (self);
}

/**
 * sesame_qr_code_get_size:
 *
 * Returns: the number of modules on a side (21 for version 1, up to 177)
 */
guint
sesame_qr_code_get_size (const SesameQrCode *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

/**
 * sesame_qr_code_get_module:
 * @x: column, 0 at the left
 * @y: row, 0 at the top
 *
 * Returns: %TRUE when the module at (@x, @y) is dark; %FALSE outside
 */
gboolean
sesame_qr_code_get_module (const SesameQrCode *self,
                           guint               x,
                           guint               y)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (x >= self->size || y >= self->size)
    return FALSE;

  return self->modules[(gsize) y * self->size + x] != 0;
}

/**
 * sesame_qr_code_render_gray:
 * @module_px: side of one module in pixels (≥ 1)
 * @quiet_zone: light border in modules (the specification asks for
 *   %SESAME_QR_QUIET_ZONE)
 * @out_width: (out): side of the image in pixels; its stride is the same
 *
 * Renders the symbol black (0) on white (255) as a square 8-bit gray
 * image, one byte per pixel, rows packed.
 *
 * Returns: (transfer full): the pixels, g_free() them
 */
guint8 *
sesame_qr_code_render_gray (const SesameQrCode *self,
                            guint               module_px,
                            guint               quiet_zone,
                            guint              *out_width)
{
  gsize side;
  guint8 *pixels;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (module_px >= 1 && module_px <= 256, NULL);
  g_return_val_if_fail (quiet_zone <= 64, NULL);
  g_return_val_if_fail (out_width != NULL, NULL);

  side = ((gsize) self->size + 2 * quiet_zone) * module_px;
  pixels = g_malloc (side * side);
  memset (pixels, 255, side * side);

  for (guint y = 0; y < self->size; y++)
    for (guint x = 0; x < self->size; x++)
      {
        gsize top = (y + quiet_zone) * (gsize) module_px;
        gsize left = (x + quiet_zone) * (gsize) module_px;

        if (!self->modules[(gsize) y * self->size + x])
          continue;
        for (guint dy = 0; dy < module_px; dy++)
          memset (pixels + (top + dy) * side + left, 0, module_px);
      }

  *out_width = (guint) side;
  return pixels;
}
