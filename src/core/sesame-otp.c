/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-otp"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-otp.h"
#include "sesame-secret.h"

G_DEFINE_QUARK (sesame-otp-error-quark, sesame_otp_error)

static const char steam_alphabet[] = "23456789BCDFGHJKMNPQRTVWXY";

static const guint64 powers_of_ten[] = {
  1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
  10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
};

/**
 * sesame_crypto_init:
 *
 * Initialises libgcrypt once per process. Secure memory (a locked pool,
 * growing as needed; sesame_secure_alloc() puts keys there) is requested,
 * but a small memlock limit only means plain memory (wiped all the same),
 * so its warning is silenced rather than shown to people.
 */
void
sesame_crypto_init (void)
{
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      if (!gcry_check_version (GCRYPT_VERSION))
        g_error ("libgcrypt is older than the version Sesame was built with");

      gcry_control (GCRYCTL_DISABLE_SECMEM_WARN);
      gcry_control (GCRYCTL_INIT_SECMEM, 65536, 0);
      /* More pools when it is full (sesame_secure_alloc holds every key). */
      gcry_control (GCRYCTL_AUTO_EXPAND_SECMEM, 262144, 0);
      gcry_control (GCRYCTL_INITIALIZATION_FINISHED, 0);
      g_once_init_leave (&initialised, 1);
    }
}

static int
gcry_algorithm (SesameOtpAlgorithm algorithm)
{
  switch (algorithm)
    {
    case SESAME_OTP_ALGORITHM_SHA1:
      return GCRY_MD_SHA1;
    case SESAME_OTP_ALGORITHM_SHA256:
      return GCRY_MD_SHA256;
    case SESAME_OTP_ALGORITHM_SHA512:
      return GCRY_MD_SHA512;
    default:
      g_return_val_if_reached (GCRY_MD_NONE);
    }
}

/* HMAC (RFC 2104) as two hashes of iovecs: no handle is opened, so nothing
 * is allocated per code (gcry_md_open with GCRY_MD_FLAG_SECURE costs a
 * secure-memory allocation and the handle's set-up, a quarter of a code's
 * time). The padded keys live on the stack and are wiped. */
#define HMAC_MAX_BLOCK 128  /* SHA-512's block; SHA-1 and SHA-256 use 64 */

static gboolean
hmac (int           algo,
      const guint8 *key,
      gsize         key_size,
      const guint8 *message,
      gsize         message_size,
      guint8       *mac)
{
  guint8 inner_key[HMAC_MAX_BLOCK];
  guint8 outer_key[HMAC_MAX_BLOCK];
  guint8 hashed_key[64];
  guint8 inner[64];
  gsize block = algo == GCRY_MD_SHA512 ? 128 : 64;
  gsize mac_size = gcry_md_get_algo_dlen (algo);
  gcry_buffer_t iov[2] = { { 0 } };
  gboolean ok;

  if (key_size > block)
    {
      gcry_md_hash_buffer (algo, hashed_key, key, key_size);
      key = hashed_key;
      key_size = mac_size;
    }

  memset (inner_key, 0x36, block);
  memset (outer_key, 0x5c, block);
  for (gsize i = 0; i < key_size; i++)
    {
      inner_key[i] ^= key[i];
      outer_key[i] ^= key[i];
    }

  iov[0].size = iov[0].len = block;
  iov[0].data = inner_key;
  iov[1].size = iov[1].len = message_size;
  iov[1].data = (void *) message;
  ok = gcry_md_hash_buffers (algo, 0, inner, iov, 2) == 0;

  iov[0].data = outer_key;
  iov[1].size = iov[1].len = mac_size;
  iov[1].data = inner;
  ok = ok && gcry_md_hash_buffers (algo, 0, mac, iov, 2) == 0;

  sesame_memwipe (inner_key, sizeof inner_key);
  sesame_memwipe (outer_key, sizeof outer_key);
  sesame_memwipe (hashed_key, sizeof hashed_key);
  sesame_memwipe (inner, sizeof inner);
  return ok;
}

/* RFC 4226 §5.3: HMAC over the big-endian counter, then dynamic truncation
 * to a 31-bit number. */
static gboolean
hotp_value (const guint8       *key,
            gsize               key_size,
            SesameOtpAlgorithm  algorithm,
            guint64             counter,
            guint32            *value)
{
  guint8 message[8];
  guint8 mac[64];
  guint offset;
  int algo;

  algo = gcry_algorithm (algorithm);
  if (algo == GCRY_MD_NONE)
    return FALSE;

  sesame_crypto_init ();

  for (guint i = 0; i < 8; i++)
    message[i] = (guint8) (counter >> (56 - 8 * i));

  if (!hmac (algo, key, key_size, message, sizeof message, mac))
    return FALSE;

  offset = mac[gcry_md_get_algo_dlen (algo) - 1] & 0x0f;
  *value = ((guint32) (mac[offset] & 0x7f) << 24)
         | ((guint32) mac[offset + 1] << 16)
         | ((guint32) mac[offset + 2] << 8)
         | (guint32) mac[offset + 3];

  sesame_memwipe (mac, sizeof mac);
  return TRUE;
}

/**
 * sesame_otp_hotp:
 * @code: (out caller-allocates): receives @digits decimal digits
 *
 * Returns: %FALSE when the parameters cannot give a code
 */
gboolean
sesame_otp_hotp (const guint8       *key,
                 gsize               key_size,
                 SesameOtpAlgorithm  algorithm,
                 guint64             counter,
                 guint               digits,
                 char                code[SESAME_OTP_CODE_SIZE])
{
  guint32 value;
  guint64 number;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (key_size > 0, FALSE);
  g_return_val_if_fail (digits >= SESAME_OTP_MIN_DIGITS && digits <= SESAME_OTP_MAX_DIGITS, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (!hotp_value (key, key_size, algorithm, counter, &value))
    return FALSE;

  /* Written by hand: printf's format parsing costs as much as a hash. */
  number = (guint64) value % powers_of_ten[digits];
  for (guint i = digits; i > 0; i--)
    {
      code[i - 1] = (char) ('0' + number % 10);
      number /= 10;
    }
  code[digits] = '\0';
  return TRUE;
}

/**
 * sesame_otp_time_step:
 *
 * RFC 6238 §4.2: the number of whole periods since the epoch. Times
 * before the epoch have no code of their own and count as step 0.
 */
guint64
sesame_otp_time_step (gint64 unix_time,
                      guint  period)
{
  g_return_val_if_fail (period > 0, 0);

  if (unix_time < 0)
    return 0;

  return (guint64) unix_time / period;
}

guint
sesame_otp_seconds_remaining (gint64 unix_time,
                              guint  period)
{
  g_return_val_if_fail (period > 0, 0);

  if (unix_time < 0)
    return period;

  return period - (guint) ((guint64) unix_time % period);
}

gboolean
sesame_otp_totp (const guint8       *key,
                 gsize               key_size,
                 SesameOtpAlgorithm  algorithm,
                 gint64              unix_time,
                 guint               period,
                 guint               digits,
                 char                code[SESAME_OTP_CODE_SIZE])
{
  g_return_val_if_fail (period > 0, FALSE);

  return sesame_otp_hotp (key, key_size, algorithm,
                          sesame_otp_time_step (unix_time, period),
                          digits, code);
}

/* Steam Guard: a TOTP (SHA1, 30 s) whose 31-bit value is written in a
 * 26-letter alphabet, least significant letter first. */
gboolean
sesame_otp_steam (const guint8 *key,
                  gsize         key_size,
                  gint64        unix_time,
                  char          code[SESAME_OTP_CODE_SIZE])
{
  guint32 value;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (key_size > 0, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (!hotp_value (key, key_size, SESAME_OTP_ALGORITHM_SHA1,
                   sesame_otp_time_step (unix_time, SESAME_OTP_STEAM_PERIOD),
                   &value))
    return FALSE;

  for (guint i = 0; i < SESAME_OTP_STEAM_DIGITS; i++)
    {
      code[i] = steam_alphabet[value % (sizeof steam_alphabet - 1)];
      value /= sizeof steam_alphabet - 1;
    }
  code[SESAME_OTP_STEAM_DIGITS] = '\0';

  return TRUE;
}

const char *
sesame_otp_type_to_string (SesameOtpType type)
{
  switch (type)
    {
    case SESAME_OTP_TYPE_TOTP:
      return "totp";
    case SESAME_OTP_TYPE_HOTP:
      return "hotp";
    case SESAME_OTP_TYPE_STEAM:
      return "steam";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
sesame_otp_type_from_string (const char    *str,
                             SesameOtpType *type)
{
  static const SesameOtpType types[] = {
    SESAME_OTP_TYPE_TOTP, SESAME_OTP_TYPE_HOTP, SESAME_OTP_TYPE_STEAM,
  };

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      if (g_ascii_strcasecmp (str, sesame_otp_type_to_string (types[i])) == 0)
        {
          *type = types[i];
          return TRUE;
        }
    }

  return FALSE;
}

const char *
sesame_otp_algorithm_to_string (SesameOtpAlgorithm algorithm)
{
  switch (algorithm)
    {
    case SESAME_OTP_ALGORITHM_SHA1:
      return "SHA1";
    case SESAME_OTP_ALGORITHM_SHA256:
      return "SHA256";
    case SESAME_OTP_ALGORITHM_SHA512:
      return "SHA512";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Accepts "SHA1", "sha1", "SHA-1", "HmacSHA1" and the like, as written by
 * the many apps that export these. */
gboolean
sesame_otp_algorithm_from_string (const char         *str,
                                  SesameOtpAlgorithm *algorithm)
{
  g_autofree char *lower = NULL;
  const char *p;

  if (str == NULL)
    return FALSE;

  lower = g_ascii_strdown (str, -1);
  p = lower;
  if (g_str_has_prefix (p, "hmac"))
    p += 4;
  if (g_str_has_prefix (p, "-") || g_str_has_prefix (p, "_"))
    p++;
  if (!g_str_has_prefix (p, "sha"))
    return FALSE;
  p += 3;
  if (*p == '-' || *p == '_')
    p++;

  if (strcmp (p, "1") == 0)
    *algorithm = SESAME_OTP_ALGORITHM_SHA1;
  else if (strcmp (p, "256") == 0)
    *algorithm = SESAME_OTP_ALGORITHM_SHA256;
  else if (strcmp (p, "512") == 0)
    *algorithm = SESAME_OTP_ALGORITHM_SHA512;
  else
    return FALSE;

  return TRUE;
}

gboolean
sesame_otp_validate_digits (SesameOtpType   type,
                            gint64          digits,
                            GError        **error)
{
  if (type == SESAME_OTP_TYPE_STEAM)
    return TRUE;

  if (digits < SESAME_OTP_MIN_DIGITS || digits > SESAME_OTP_MAX_DIGITS)
    {
      g_set_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_DIGITS,
                   _("Codes must have from %d to %d digits"),
                   SESAME_OTP_MIN_DIGITS, SESAME_OTP_MAX_DIGITS);
      return FALSE;
    }

  return TRUE;
}

gboolean
sesame_otp_validate_period (gint64   period,
                            GError **error)
{
  if (period < 1 || period > SESAME_OTP_MAX_PERIOD)
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_PERIOD,
                           _("The period must be a whole number of seconds, at least 1"));
      return FALSE;
    }

  return TRUE;
}

/* The rules of an account's parameters, and their messages, in one place:
 * otpauth:// links, imports, sesame-cli add and the add dialog all go
 * through sesame_otp_params_normalize(). */

/**
 * sesame_otp_params_init:
 *
 * The defaults: TOTP, SHA1, 6 digits, every 30 s, counter 0.
 */
void
sesame_otp_params_init (SesameOtpParams *params)
{
  params->type = SESAME_OTP_TYPE_TOTP;
  params->algorithm = SESAME_OTP_ALGORITHM_SHA1;
  params->digits = SESAME_OTP_DEFAULT_DIGITS;
  params->period = SESAME_OTP_DEFAULT_PERIOD;
  params->counter = 0;
}

/**
 * sesame_otp_params_normalize:
 *
 * Steam has fixed settings (SHA1, 5 characters, 30 s), whatever was asked;
 * the other kinds must have from %SESAME_OTP_MIN_DIGITS to
 * %SESAME_OTP_MAX_DIGITS digits and a period of at least 1 s.
 *
 * Returns: %FALSE with the reason when the parameters make no account
 */
gboolean
sesame_otp_params_normalize (SesameOtpParams  *params,
                             GError          **error)
{
  g_return_val_if_fail (params != NULL, FALSE);

  if (params->type == SESAME_OTP_TYPE_STEAM)
    {
      params->algorithm = SESAME_OTP_ALGORITHM_SHA1;
      params->digits = SESAME_OTP_STEAM_DIGITS;
      params->period = SESAME_OTP_STEAM_PERIOD;
      return TRUE;
    }

  return sesame_otp_validate_digits (params->type, params->digits, error) &&
         sesame_otp_validate_period (params->period, error);
}

gboolean
sesame_otp_parse_algorithm (const char          *text,
                            SesameOtpAlgorithm  *algorithm,
                            GError             **error)
{
  if (sesame_otp_algorithm_from_string (text, algorithm))
    return TRUE;

  g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_ALGORITHM,
                       _("The algorithm must be SHA1, SHA256 or SHA512"));
  return FALSE;
}

/**
 * sesame_otp_parse_counter:
 *
 * Plain decimal only: no sign, no spaces, no hex; what a person would call
 * a number.
 */
gboolean
sesame_otp_parse_counter (const char  *text,
                          guint64     *counter,
                          GError     **error)
{
  guint64 value = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) || value > (G_MAXUINT64 - (guint64) (*p - '0')) / 10)
        {
          value = 0;
          text = NULL;
          break;
        }
      value = value * 10 + (guint64) (*p - '0');
    }

  if (text == NULL || *text == '\0')
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_COUNTER,
                           _("The counter must be a whole number from 0 to 18446744073709551615"));
      return FALSE;
    }

  *counter = value;
  return TRUE;
}
