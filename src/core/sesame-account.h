/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "sesame-enums.h"
#include "sesame-otp.h"
#include "sesame-otpauth.h"
#include "sesame-secret.h"
#include "sesame-text.h"

G_BEGIN_DECLS

#define SESAME_ACCOUNT_ERROR (sesame_account_error_quark ())

/**
 * SesameAccountError:
 *
 * Why a keyring or backup document could not be read as an account. The
 * messages name the field at fault, never its value.
 */
typedef enum
{
  SESAME_ACCOUNT_ERROR_INVALID_JSON,        /* not JSON, or not a JSON object */
  SESAME_ACCOUNT_ERROR_UNSUPPORTED_VERSION, /* written by a newer Sesame */
  SESAME_ACCOUNT_ERROR_INVALID_FIELD,       /* a field missing or of the wrong kind */
} SesameAccountError;

/* The version of the account document this Sesame writes. */
#define SESAME_ACCOUNT_JSON_VERSION 1

#define SESAME_TYPE_ACCOUNT (sesame_account_get_type ())

G_DECLARE_FINAL_TYPE (SesameAccount, sesame_account, SESAME, ACCOUNT, GObject)

GQuark              sesame_account_error_quark            (void);

SesameAccount      *sesame_account_new                    (void);
SesameAccount      *sesame_account_new_from_otpauth       (const SesameOtpauth *otp);
SesameOtpauth      *sesame_account_to_otpauth             (SesameAccount       *self);
SesameAccount      *sesame_account_copy                   (SesameAccount       *self);
void                sesame_account_assign                 (SesameAccount       *self,
                                                           SesameAccount       *source);

const char         *sesame_account_get_uuid               (SesameAccount       *self);
SesameOtpType       sesame_account_get_otp_type           (SesameAccount       *self);
void                sesame_account_set_otp_type           (SesameAccount       *self,
                                                           SesameOtpType        type);
const char         *sesame_account_get_issuer             (SesameAccount       *self);
void                sesame_account_set_issuer             (SesameAccount       *self,
                                                           const char          *issuer);
const char         *sesame_account_get_name               (SesameAccount       *self);
void                sesame_account_set_name               (SesameAccount       *self,
                                                           const char          *name);
const char         *sesame_account_get_display_name       (SesameAccount       *self);
SesameOtpAlgorithm  sesame_account_get_algorithm          (SesameAccount       *self);
void                sesame_account_set_algorithm          (SesameAccount       *self,
                                                           SesameOtpAlgorithm   algorithm);
guint               sesame_account_get_digits             (SesameAccount       *self);
void                sesame_account_set_digits             (SesameAccount       *self,
                                                           guint                digits);
guint               sesame_account_get_period             (SesameAccount       *self);
void                sesame_account_set_period             (SesameAccount       *self,
                                                           guint                period);
guint64             sesame_account_get_counter            (SesameAccount       *self);
void                sesame_account_set_counter            (SesameAccount       *self,
                                                           guint64              counter);
gint64              sesame_account_get_created            (SesameAccount       *self);
void                sesame_account_set_created            (SesameAccount       *self,
                                                           gint64               created);
gint64              sesame_account_get_last_used          (SesameAccount       *self);
void                sesame_account_set_last_used          (SesameAccount       *self,
                                                           gint64               last_used);
gboolean            sesame_account_get_favorite           (SesameAccount       *self);
void                sesame_account_set_favorite           (SesameAccount       *self,
                                                           gboolean             favorite);
const char         *sesame_account_get_note               (SesameAccount       *self);
void                sesame_account_set_note               (SesameAccount       *self,
                                                           const char          *note);

SesameSecret       *sesame_account_get_secret             (SesameAccount       *self);
void                sesame_account_set_secret             (SesameAccount       *self,
                                                           SesameSecret        *secret);

guint               sesame_account_get_n_recovery_codes   (SesameAccount       *self);
const char         *sesame_account_get_recovery_code      (SesameAccount       *self,
                                                           guint                i,
                                                           gboolean            *used);
void                sesame_account_set_recovery_codes     (SesameAccount       *self,
                                                           const char * const  *codes);
void                sesame_account_set_recovery_code_used (SesameAccount       *self,
                                                           guint                i,
                                                           gboolean             used);

const char * const *sesame_account_get_groups             (SesameAccount       *self);
void                sesame_account_set_groups             (SesameAccount       *self,
                                                           const char * const  *groups);
gboolean            sesame_account_has_tag                (SesameAccount       *self,
                                                           const char          *tag);
gboolean            sesame_account_matches_query          (SesameAccount         *self,
                                                           const SesameTextQuery *query);

gboolean            sesame_account_code_at                (SesameAccount       *self,
                                                           gint64               unix_time,
                                                           char                 code[SESAME_OTP_CODE_SIZE]);
guint               sesame_account_seconds_remaining      (SesameAccount       *self,
                                                           gint64               unix_time);

char               *sesame_account_to_json                (SesameAccount       *self);
SesameAccount      *sesame_account_new_from_json          (const char          *json,
                                                           GError             **error);
JsonObject         *sesame_account_to_json_object         (SesameAccount       *self);
SesameAccount      *sesame_account_new_from_json_object   (JsonObject          *object,
                                                           GError             **error);

gboolean            sesame_account_same_identity          (SesameAccount       *a,
                                                           SesameAccount       *b);
char               *sesame_account_dup_fingerprint        (SesameAccount       *self);

G_END_DECLS
