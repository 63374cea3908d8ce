/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sesame-otp.h"
#include "sesame-secret.h"

G_BEGIN_DECLS

#define SESAME_TYPE_OTPAUTH (sesame_otpauth_get_type ())

/* Longest URI, and longest issuer or account name, that Sesame accepts.
 * Real ones are a few hundred bytes; anything near these is hostile. */
#define SESAME_OTPAUTH_MAX_URI   8192
#define SESAME_OTPAUTH_MAX_FIELD 1024

/**
 * SesameOtpauth:
 *
 * The parameters of one account, as carried by an otpauth:// URI
 * (Key URI Format). @issuer and @name are UTF-8, never %NULL (empty when
 * absent). @counter only means something for HOTP, @period for TOTP.
 */
typedef struct
{
  SesameOtpType       type;
  char               *issuer;
  char               *name;
  SesameSecret       *secret;
  SesameOtpAlgorithm  algorithm;
  guint               digits;
  guint               period;
  guint64             counter;
} SesameOtpauth;

GType          sesame_otpauth_get_type (void) G_GNUC_CONST;
SesameOtpauth *sesame_otpauth_new      (void);
SesameOtpauth *sesame_otpauth_copy     (const SesameOtpauth  *self);
void           sesame_otpauth_free     (SesameOtpauth        *self);
SesameOtpauth *sesame_otpauth_parse    (const char           *uri,
                                        GError              **error);
char          *sesame_otpauth_format   (const SesameOtpauth  *self);
gboolean       sesame_otpauth_equal    (const SesameOtpauth  *a,
                                        const SesameOtpauth  *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameOtpauth, sesame_otpauth_free)

G_END_DECLS
