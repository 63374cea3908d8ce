/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SESAME_QR_ENCODE_ERROR (sesame_qr_encode_error_quark ())
#define SESAME_TYPE_QR_CODE    (sesame_qr_code_get_type ())

typedef enum
{
  SESAME_QR_ENCODE_ERROR_EMPTY,     /* nothing to encode */
  SESAME_QR_ENCODE_ERROR_TOO_LONG,  /* more than a QR code (version 40) holds */
  SESAME_QR_ENCODE_ERROR_FAILED,    /* libqrencode failed for another reason */
} SesameQrEncodeError;

/* Error-correction level: how much of the symbol may be lost (L 7 %,
 * M 15 %, Q 25 %, H 30 %). */
typedef enum
{
  SESAME_QR_EC_LOW,
  SESAME_QR_EC_MEDIUM,
  SESAME_QR_EC_QUARTILE,
  SESAME_QR_EC_HIGH,
} SesameQrEcLevel;

/* The quiet zone the QR specification asks for, in modules. */
#define SESAME_QR_QUIET_ZONE 4

/**
 * SesameQrCode:
 *
 * An immutable, reference-counted QR symbol: a square of size × size
 * modules, each dark or light. It holds the encoded text, which may be a
 * secret (an otpauth:// URI): the modules are wiped when it is freed.
 */
typedef struct _SesameQrCode SesameQrCode;

GQuark        sesame_qr_encode_error_quark (void);
GType         sesame_qr_code_get_type      (void) G_GNUC_CONST;

SesameQrCode *sesame_qr_encode             (const char          *text,
                                            GError             **error);
SesameQrCode *sesame_qr_encode_full        (const guint8        *data,
                                            gsize                size,
                                            SesameQrEcLevel      level,
                                            GError             **error);
SesameQrCode *sesame_qr_code_ref           (SesameQrCode        *self);
void          sesame_qr_code_unref         (SesameQrCode        *self);
guint         sesame_qr_code_get_size      (const SesameQrCode  *self);
gboolean      sesame_qr_code_get_module    (const SesameQrCode  *self,
                                            guint                x,
                                            guint                y);
guint8       *sesame_qr_code_render_gray   (const SesameQrCode  *self,
                                            guint                module_px,
                                            guint                quiet_zone,
                                            guint               *out_width);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameQrCode, sesame_qr_code_unref)

G_END_DECLS
