/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SESAME_OTP_ERROR (sesame_otp_error_quark ())

/**
 * SesameOtpError:
 *
 * Why a secret, an otpauth URI or its parameters were refused. Every
 * message says what is wrong in words a person understands and never
 * contains the secret.
 */
typedef enum
{
  SESAME_OTP_ERROR_EMPTY,                 /* nothing was given */
  SESAME_OTP_ERROR_INVALID_BASE32,        /* a character outside A–Z, 2–7 */
  SESAME_OTP_ERROR_BASE32_PADDING,        /* '=' misplaced or not matching the length */
  SESAME_OTP_ERROR_BASE32_LENGTH,         /* a length no base32 text can have */
  SESAME_OTP_ERROR_INVALID_URI,           /* not a URI of the expected shape */
  SESAME_OTP_ERROR_UNSUPPORTED_SCHEME,    /* http://, otpauth-migration://, … */
  SESAME_OTP_ERROR_UNKNOWN_TYPE,          /* otpauth://xyz/ */
  SESAME_OTP_ERROR_MISSING_SECRET,        /* no secret, or an empty one */
  SESAME_OTP_ERROR_INVALID_ALGORITHM,     /* not SHA1, SHA256 or SHA512 */
  SESAME_OTP_ERROR_INVALID_DIGITS,        /* not a number from 5 to 10 */
  SESAME_OTP_ERROR_INVALID_PERIOD,        /* not a whole number of seconds ≥ 1 */
  SESAME_OTP_ERROR_INVALID_COUNTER,       /* not a number, or over 2⁶⁴ − 1 */
  SESAME_OTP_ERROR_INVALID_ENCODING,      /* bad %-escape, invalid UTF-8, control characters */
  SESAME_OTP_ERROR_TOO_LONG,              /* a URI, label or parameter beyond any sane size */
  SESAME_OTP_ERROR_DUPLICATE_PARAMETER,   /* the same parameter twice */
} SesameOtpError;

typedef enum
{
  SESAME_OTP_TYPE_TOTP,
  SESAME_OTP_TYPE_HOTP,
  SESAME_OTP_TYPE_STEAM,
} SesameOtpType;

typedef enum
{
  SESAME_OTP_ALGORITHM_SHA1,
  SESAME_OTP_ALGORITHM_SHA256,
  SESAME_OTP_ALGORITHM_SHA512,
} SesameOtpAlgorithm;

#define SESAME_OTP_MIN_DIGITS      5
#define SESAME_OTP_MAX_DIGITS      10
#define SESAME_OTP_DEFAULT_DIGITS  6
#define SESAME_OTP_DEFAULT_PERIOD  30
#define SESAME_OTP_MAX_PERIOD      G_MAXINT32
#define SESAME_OTP_STEAM_DIGITS    5
#define SESAME_OTP_STEAM_PERIOD    30
/* Enough for the longest code and its terminating nul. */
#define SESAME_OTP_CODE_SIZE       (SESAME_OTP_MAX_DIGITS + 1)

GQuark       sesame_otp_error_quark            (void);

gboolean     sesame_otp_hotp                   (const guint8       *key,
                                                gsize               key_size,
                                                SesameOtpAlgorithm  algorithm,
                                                guint64             counter,
                                                guint               digits,
                                                char                code[SESAME_OTP_CODE_SIZE]);
gboolean     sesame_otp_totp                   (const guint8       *key,
                                                gsize               key_size,
                                                SesameOtpAlgorithm  algorithm,
                                                gint64              unix_time,
                                                guint               period,
                                                guint               digits,
                                                char                code[SESAME_OTP_CODE_SIZE]);
gboolean     sesame_otp_steam                  (const guint8       *key,
                                                gsize               key_size,
                                                gint64              unix_time,
                                                char                code[SESAME_OTP_CODE_SIZE]);
guint64      sesame_otp_time_step              (gint64              unix_time,
                                                guint               period);
guint        sesame_otp_seconds_remaining      (gint64              unix_time,
                                                guint               period);

const char  *sesame_otp_type_to_string         (SesameOtpType       type);
gboolean     sesame_otp_type_from_string       (const char         *str,
                                                SesameOtpType      *type);
const char  *sesame_otp_algorithm_to_string    (SesameOtpAlgorithm  algorithm);
gboolean     sesame_otp_algorithm_from_string  (const char         *str,
                                                SesameOtpAlgorithm *algorithm);
gboolean     sesame_otp_validate_digits        (SesameOtpType       type,
                                                gint64              digits,
                                                GError            **error);
gboolean     sesame_otp_validate_period        (gint64              period,
                                                GError            **error);

/**
 * SesameOtpParams:
 *
 * Everything about a one-time password but its key, as a link, an import,
 * a command line or the add dialog gives it.
 */
typedef struct
{
  SesameOtpType type;
  SesameOtpAlgorithm algorithm;
  gint64 digits;
  gint64 period;
  guint64 counter;
} SesameOtpParams;

void         sesame_otp_params_init            (SesameOtpParams    *params);
gboolean     sesame_otp_params_normalize       (SesameOtpParams    *params,
                                                GError            **error);
gboolean     sesame_otp_parse_algorithm        (const char         *text,
                                                SesameOtpAlgorithm *algorithm,
                                                GError            **error);
gboolean     sesame_otp_parse_counter          (const char         *text,
                                                guint64            *counter,
                                                GError            **error);

void         sesame_crypto_init                (void);

G_END_DECLS
