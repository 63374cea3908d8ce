/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account.h"
#include "sesame-qr-encode.h"

G_BEGIN_DECLS

/**
 * SesameTransferSkipped:
 * @account: an account the format cannot carry
 * @reason: why, as a sentence (translated; never a secret)
 */
typedef struct
{
  SesameAccount *account;
  char *reason;
} SesameTransferSkipped;

/**
 * SesameTransfer:
 * @uris: the otpauth-migration:// URIs, one per QR code, %NULL-terminated
 *   (they hold the secrets); empty when no account can be carried
 * @carried: (element-type SesameAccount): the accounts in the codes, in order
 * @skipped: (element-type SesameTransferSkipped): the others
 *
 * Accounts on their way to a phone as Google Authenticator "Transfer
 * accounts" QR codes, which Google Authenticator, Aegis, 2FAS, Ente and
 * Proton Authenticator import; the accounts the format cannot carry are
 * set apart with the reason, to be moved one by one (otpauth:// codes).
 */
typedef struct
{
  char **uris;
  GPtrArray *carried;
  GPtrArray *skipped;
} SesameTransfer;

/* Pixels per module of the PNG files: a code of version ~20 is about
 * 800 px wide, easy for a phone on a screen or on paper. */
#define SESAME_TRANSFER_PNG_MODULE_PX 8

SesameTransfer *sesame_transfer_new          (GPtrArray        *accounts,
                                              GError          **error);
void            sesame_transfer_free         (SesameTransfer   *self);
guint           sesame_transfer_get_n_codes  (SesameTransfer   *self);
SesameQrCode   *sesame_transfer_get_code     (SesameTransfer   *self,
                                              guint             index,
                                              GError          **error);
char           *sesame_transfer_file_name    (guint             index,
                                              guint             n_codes);
gboolean        sesame_transfer_write_pngs   (SesameTransfer   *self,
                                              GFile            *directory,
                                              GCancellable     *cancellable,
                                              GError          **error);

SesameQrCode   *sesame_transfer_encode_account (SesameAccount  *account,
                                                GError        **error);
GBytes         *sesame_qr_code_to_png        (SesameQrCode     *code,
                                              guint             module_px,
                                              GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameTransfer, sesame_transfer_free)

G_END_DECLS
