/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sesame-migration.h"
#include "sesame-otpauth.h"

G_BEGIN_DECLS

#define SESAME_PAYLOAD_ERROR (sesame_payload_error_quark ())
#define SESAME_TYPE_PAYLOAD  (sesame_payload_get_type ())

/* How much of a foreign payload an error message shows. */
#define SESAME_PAYLOAD_PREVIEW_CHARS 80

typedef enum
{
  SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,  /* a web link, plain text, Wi-Fi settings, … */
  SESAME_PAYLOAD_ERROR_DAMAGED,         /* starts like an enrollment URI, holds non-text bytes */
} SesamePayloadError;

typedef enum
{
  SESAME_PAYLOAD_KIND_ACCOUNT,  /* otpauth:// or steam:// */
  SESAME_PAYLOAD_KIND_BATCH,    /* otpauth-migration:// */
} SesamePayloadKind;

/**
 * SesamePayload:
 * @kind: what the code holds
 * @account: the account, for %SESAME_PAYLOAD_KIND_ACCOUNT (else %NULL)
 * @batch: the accounts, for %SESAME_PAYLOAD_KIND_BATCH (else %NULL)
 *
 * What a scanned QR code (or pasted text) means to Sesame.
 */
typedef struct
{
  SesamePayloadKind     kind;
  SesameOtpauth        *account;
  SesameMigrationBatch *batch;
} SesamePayload;

GQuark         sesame_payload_error_quark (void);
GType          sesame_payload_get_type    (void) G_GNUC_CONST;

SesamePayload *sesame_payload_parse       (const guint8        *data,
                                           gsize                size,
                                           GError             **error);
SesamePayload *sesame_payload_parse_bytes (GBytes              *data,
                                           GError             **error);
SesamePayload *sesame_payload_copy        (const SesamePayload *self);
void           sesame_payload_free        (SesamePayload       *self);
char          *sesame_payload_preview     (const guint8        *data,
                                           gsize                size,
                                           guint                max_chars);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesamePayload, sesame_payload_free)

G_END_DECLS
