/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-base32"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-base32.h"
#include "sesame-otp.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* RFC 4648 §6: a final quantum of 8 characters carries 0, 1, 2, 3 or 4
 * bytes in 0, 2, 4, 5 or 7 characters. 1, 3 and 6 characters cannot
 * occur, whatever was encoded. */
static gboolean
is_valid_tail (gsize chars)
{
  switch (chars % 8)
    {
    case 0: case 2: case 4: case 5: case 7:
      return TRUE;
    default:
      return FALSE;
    }
}

static int
decode_char (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= '2' && c <= '7')
    return c - '2' + 26;
  return -1;
}

static gboolean
is_ignored (char c)
{
  return c == ' ' || c == '-';
}

/* Counts the data characters and checks the padding: '=' only at the end,
 * and with it the whole must fill quanta of 8. */
static gboolean
scan (const char  *text,
      gsize        length,
      gsize       *n_data,
      GError     **error)
{
  gsize data = 0;
  gsize pad = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (is_ignored (c))
        continue;

      if (c == '=')
        {
          pad++;
          continue;
        }

      if (decode_char (c) < 0)
        {
          if ((guchar) c >= 0x20 && (guchar) c < 0x7f)
            g_set_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_BASE32,
                         _("The key contains “%c”, which is not a base32 character (only A–Z and 2–7 are)"), c);
          else
            g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_BASE32,
                                 _("The key contains a character that is not a base32 character (only A–Z and 2–7 are)"));
          return FALSE;
        }

      if (pad > 0)
        {
          g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_BASE32_PADDING,
                               _("The key has padding (“=”) in the middle; it may only end with it"));
          return FALSE;
        }

      data++;
    }

  if (pad > 0 && (pad > 6 || (data + pad) % 8 != 0 || !is_valid_tail (data)))
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_BASE32_PADDING,
                           _("The key’s padding (“=”) does not match its length"));
      return FALSE;
    }

  if (!is_valid_tail (data))
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_BASE32_LENGTH,
                           _("The key has a length no base32 text can have; a character may be missing or extra"));
      return FALSE;
    }

  *n_data = data;
  return TRUE;
}

/**
 * sesame_base32_decode:
 * @text: base32 text (RFC 4648), in any case
 * @length: length of @text, or -1 when nul-terminated
 *
 * Spaces and hyphens are skipped (people copy secrets in groups) and
 * padding is optional. Anything else is refused with an error in
 * %SESAME_OTP_ERROR. The message never repeats the secret.
 *
 * Returns: (transfer full): the decoded bytes, or %NULL
 */
SesameSecret *
sesame_base32_decode (const char  *text,
                      gssize       length,
                      GError     **error)
{
  guint8 *out;
  gsize n_data = 0;
  gsize size;
  gsize pos = 0;
  guint64 buffer = 0;
  guint bits = 0;

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);

  if (!scan (text, length, &n_data, error))
    return NULL;

  if (n_data == 0)
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_MISSING_SECRET,
                           _("The key is empty"));
      return NULL;
    }

  size = n_data * 5 / 8;
  out = sesame_secure_alloc (size);

  for (gssize i = 0; i < length; i++)
    {
      int v = decode_char (text[i]);

      if (v < 0)
        continue;

      buffer = (buffer << 5) | (guint) v;
      bits += 5;
      if (bits >= 8)
        {
          bits -= 8;
          out[pos++] = (guint8) (buffer >> bits);
        }
    }

  g_assert (pos == size);
  sesame_memwipe (&buffer, sizeof buffer);

  return sesame_secret_new_take (out, size);
}

/**
 * sesame_base32_encode:
 *
 * Returns: base32 without padding; free with sesame_str_wipe_free() when
 *   it holds a secret
 */
char *
sesame_base32_encode (const guint8 *data,
                      gsize         size)
{
  char *out;
  gsize pos = 0;
  guint64 buffer = 0;
  guint bits = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  out = g_malloc ((size * 8 + 4) / 5 + 1);

  for (gsize i = 0; i < size; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          bits -= 5;
          out[pos++] = alphabet[(buffer >> bits) & 0x1f];
        }
    }

  if (bits > 0)
    out[pos++] = alphabet[(buffer << (5 - bits)) & 0x1f];

  out[pos] = '\0';
  sesame_memwipe (&buffer, sizeof buffer);

  return out;
}
