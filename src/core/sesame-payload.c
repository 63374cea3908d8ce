/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-payload"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-payload.h"

G_DEFINE_QUARK (sesame-payload-error-quark, sesame_payload_error)
G_DEFINE_BOXED_TYPE (SesamePayload, sesame_payload, sesame_payload_copy, sesame_payload_free)

SesamePayload *
sesame_payload_copy (const SesamePayload *self)
{
  SesamePayload *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (SesamePayload, 1);
  copy->kind = self->kind;
  if (self->account != NULL)
    copy->account = sesame_otpauth_copy (self->account);
  if (self->batch != NULL)
    copy->batch = sesame_migration_batch_copy (self->batch);

  return copy;
}

void
sesame_payload_free (SesamePayload *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->account, sesame_otpauth_free);
  g_clear_pointer (&self->batch, sesame_migration_batch_free);
  g_free (self);
}

static gboolean
has_prefix_ci (const char *text,
               const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

/**
 * sesame_payload_preview:
 * @data: (array length=size): any bytes
 * @max_chars: how many characters to show at most
 *
 * A one-line, printable rendering of a payload for a message: control
 * characters and invalid UTF-8 are escaped as \xNN, a newline as \n, and
 * a longer text is cut with "…".
 *
 * Returns: (transfer full): the preview
 */
char *
sesame_payload_preview (const guint8 *data,
                        gsize         size,
                        guint         max_chars)
{
  GString *out = g_string_new (NULL);
  const char *p = (const char *) data;
  const char *end = p + size;
  guint chars = 0;

  while (p < end && chars < max_chars)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02X", (guint8) *p);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);

          if (c == '\n')
            g_string_append (out, "\\n");
          else if (c == '\\')
            g_string_append (out, "\\\\");
          else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029)
            g_string_append_printf (out, "\\x%02X", c);
          else
            g_string_append_len (out, p, next - p);
          p = next;
        }
      chars++;
    }
  if (p < end)
    g_string_append (out, "…");

  return g_string_free (out, FALSE);
}

static void
set_not_enrollment (const guint8  *data,
                    gsize          size,
                    GError       **error)
{
  g_autofree char *preview = sesame_payload_preview (data, size, SESAME_PAYLOAD_PREVIEW_CHARS);
  const char *text = (const char *) data;

  if (size > 0 && (has_prefix_ci (text, "https://") || has_prefix_ci (text, "http://")))
    g_set_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                 _("This QR code is not a two-factor enrollment code; it holds a web link: “%s”"), preview);
  else if (size > 0 && has_prefix_ci (text, "WIFI:"))
    g_set_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                 _("This QR code is not a two-factor enrollment code; it holds Wi-Fi settings: “%s”"), preview);
  else
    g_set_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                 _("This QR code is not a two-factor enrollment code; it holds: “%s”"), preview);
}

/**
 * sesame_payload_parse:
 * @data: (array length=size): a QR code's payload, or pasted text
 * @error: return location for an error
 *
 * Tells what a code holds: an `otpauth://` or `steam://` URI (one
 * account), an `otpauth-migration://` URI (a Google Authenticator batch),
 * or something else (%SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT, whose message
 * shows the start of what it holds). An enrollment URI that cannot be
 * used keeps its own error (%SESAME_OTP_ERROR or
 * %SESAME_MIGRATION_ERROR).
 *
 * Returns: (transfer full): the payload, or %NULL with @error set
 */
SesamePayload *
sesame_payload_parse (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  g_autoptr(SesameSecureStr) text = NULL;
  g_autoptr(SesamePayload) self = NULL;
  const char *start;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  /* The whole payload, a NUL in it included, must be the URI. */
  if (memchr (data, '\0', size) != NULL || !g_utf8_validate ((const char *) data, (gssize) size, NULL))
    {
      g_autofree char *head = g_strndup ((const char *) data, MIN (size, 32));

      /* Never previewed: it may hold a secret. */
      if (has_prefix_ci (g_strchug (head), "otpauth") || has_prefix_ci (head, "steam://"))
        {
          g_set_error_literal (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_DAMAGED,
                               _("This enrollment code is damaged (it holds bytes that are not text); "
                                 "ask the site for a new code"));
          return NULL;
        }
      set_not_enrollment (data, size, error);
      return NULL;
    }
  text = g_strndup ((const char *) data, size);
  start = text;
  while (g_ascii_isspace (*start))
    start++;

  self = g_new0 (SesamePayload, 1);
  if (has_prefix_ci (start, "otpauth://") || has_prefix_ci (start, "steam://"))
    {
      self->kind = SESAME_PAYLOAD_KIND_ACCOUNT;
      self->account = sesame_otpauth_parse (start, error);
      if (self->account == NULL)
        return NULL;
    }
  else if (sesame_migration_is_migration_uri (start))
    {
      self->kind = SESAME_PAYLOAD_KIND_BATCH;
      self->batch = sesame_migration_parse (g_strstrip ((char *) start), error);
      if (self->batch == NULL)
        return NULL;
    }
  else
    {
      set_not_enrollment (data, size, error);
      return NULL;
    }

  return g_steal_pointer (&self);
}

SesamePayload *
sesame_payload_parse_bytes (GBytes  *data,
                            GError **error)
{
  gsize size;
  const guint8 *bytes;

  g_return_val_if_fail (data != NULL, NULL);

  bytes = g_bytes_get_data (data, &size);
  return sesame_payload_parse (bytes != NULL ? bytes : (const guint8 *) "", size, error);
}
