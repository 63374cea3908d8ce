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

/* A run of letters and digits this long may be (part of) a key: never
 * shown. */
#define TOKEN_CHARS 8
/* Nor a word of shorter runs joined by separators with this many letters
 * and digits in all: a key written in groups ("JBSW-Y3DP-EHPK-3PXP"). */
#define GROUPED_KEY_CHARS 16
#define GROUP_SEPARATORS "-_.=+~%"

static void
append_runs_redacted (GString    *out,
                      const char *text,
                      gsize       length)
{
  gsize run = 0;

  for (gsize i = 0; i <= length; i++)
    {
      if (i < length && g_ascii_isalnum (text[i]))
        {
          run++;
          continue;
        }
      if (run >= TOKEN_CHARS)
        g_string_append (out, "…");
      else if (run > 0)
        g_string_append_len (out, text + i - run, run);
      run = 0;
      if (i < length)
        g_string_append_c (out, text[i]);
    }
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr (GROUP_SEPARATORS, c) != NULL);
}

static void
append_redacted (GString    *out,
                 const char *text,
                 gsize       length)
{
  gsize i = 0;

  while (i < length)
    {
      gsize start = i, alnum = 0;

      if (!is_word_char (text[i]))
        {
          g_string_append_c (out, text[i++]);
          continue;
        }
      for (; i < length && is_word_char (text[i]); i++)
        alnum += g_ascii_isalnum (text[i]) ? 1 : 0;

      if (alnum >= GROUPED_KEY_CHARS)
        g_string_append (out, "…");
      else
        append_runs_redacted (out, text + start, i - start);
    }
}

/* name(.name)*(:port)? with names of letters, digits and '-'. */
static gboolean
is_host (const char *text,
         gsize       length)
{
  const char *colon = memchr (text, ':', length);
  gsize name_length = colon != NULL ? (gsize) (colon - text) : length;

  if (name_length == 0)
    return FALSE;
  for (gsize i = 0; i < name_length; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '-' && text[i] != '.')
      return FALSE;
  for (gsize i = name_length + 1; colon != NULL && i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* A web link as it may be shown: scheme, host and path, without user
 * information, query or fragment (where tokens and keys go), and with any
 * token of the path long enough to be part of a key left out. */
static char *
link_preview (const char *text,
              gsize       size)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *end = text + size;
  const char *scheme_end = strstr (text, "://");
  const char *authority, *path, *at, *stop;
  g_autofree char *preview = NULL;

  for (stop = text; stop < end && !g_ascii_isspace (*stop) && *stop != '?' && *stop != '#'; stop++)
    ;
  if (scheme_end == NULL || scheme_end >= stop)
    return NULL;

  authority = scheme_end + 3;
  path = memchr (authority, '/', stop - authority);
  if (path == NULL)
    path = stop;
  at = g_strstr_len (authority, path - authority, "@");
  if (at != NULL)
    authority = at + 1;

  g_string_append_len (out, text, scheme_end + 3 - text);
  if (is_host (authority, path - authority))
    g_string_append_len (out, authority, path - authority);
  else
    g_string_append (out, "…");
  append_redacted (out, path, stop - path);
  if (stop < end && !g_ascii_isspace (*stop))
    g_string_append (out, *stop == '?' ? "?…" : "#…");

  preview = sesame_payload_preview ((const guint8 *) out->str, out->len, SESAME_PAYLOAD_PREVIEW_CHARS);
  return g_steal_pointer (&preview);
}

/* The network name of a WIFI: code (never its password). */
static char *
wifi_network (const char *text,
              gsize       size)
{
  g_autoptr(GString) name = g_string_new (NULL);
  const char *p = text + strlen ("WIFI:");
  const char *end = text + size;

  while (p < end)
    {
      gboolean is_name = p + 2 <= end && (p[0] == 'S' || p[0] == 's') && p[1] == ':';
      const char *value = p + 2;

      /* Fields are K:value; with \ escaping ; , : and \. */
      for (p = value; p < end && *p != ';'; p++)
        {
          if (*p == '\\' && p + 1 < end)
            p++;
          if (is_name)
            g_string_append_c (name, *p);
        }
      if (is_name)
        {
          g_autoptr(GString) redacted = g_string_new (NULL);

          append_redacted (redacted, name->str, name->len);
          return sesame_payload_preview ((const guint8 *) redacted->str, redacted->len, 32);
        }
      p++;
    }

  return NULL;
}

/* Text that looks like an enrollment link with its start mistyped (or a
 * key on its own): it may hold a key, so nothing of it is shown. */
static gboolean
looks_like_enrollment (const char *text,
                       gsize       size)
{
  g_autofree char *lower = g_ascii_strdown (text, size);

  return strstr (lower, "otpauth") != NULL || strstr (lower, "secret=") != NULL ||
         g_str_has_prefix (lower, "steam:") || g_str_has_prefix (lower, "otp");
}

/* No message ever shows a secret: a web link is shown without what may
 * hold one, Wi-Fi settings by their network name, anything else not at
 * all, only what kind of thing it is. */
static void
set_not_enrollment (const guint8  *data,
                    gsize          size,
                    GError       **error)
{
  const char *text = (const char *) data;
  g_autofree char *shown = NULL;

  if (size > 0 && (has_prefix_ci (text, "https://") || has_prefix_ci (text, "http://")) &&
      (shown = link_preview (text, size)) != NULL)
    g_set_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                 _("This QR code is not a two-factor enrollment code; it holds a web link: “%s”"), shown);
  else if (size > 0 && has_prefix_ci (text, "WIFI:") && (shown = wifi_network (text, size)) != NULL)
    g_set_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                 _("This QR code is not a two-factor enrollment code; it holds Wi-Fi settings for the network “%s”"),
                 shown);
  else if (size > 0 && has_prefix_ci (text, "WIFI:"))
    g_set_error_literal (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                         _("This QR code is not a two-factor enrollment code; it holds Wi-Fi settings"));
  else if (size > 0 && looks_like_enrollment (text, size))
    g_set_error_literal (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_DAMAGED,
                         _("This looks like a two-factor enrollment link, but it does not start with "
                           "“otpauth://”; it may be mistyped or damaged. Ask the site for a new code, "
                           "or enter the key by hand"));
  else if (size == 0)
    g_set_error_literal (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                         _("This QR code is not a two-factor enrollment code; it is empty"));
  else if (memchr (data, '\0', size) != NULL || !g_utf8_validate (text, size, NULL))
    g_set_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                 ngettext ("This QR code is not a two-factor enrollment code; it holds %u byte of binary data",
                              "This QR code is not a two-factor enrollment code; it holds %u bytes of binary data",
                              size),
                 (guint) size);
  else
    g_set_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT,
                 ngettext ("This QR code is not a two-factor enrollment code; it holds %u character of text "
                              "(not shown: it could be a key)",
                              "This QR code is not a two-factor enrollment code; it holds %u characters of text "
                              "(not shown: it could be a key)",
                              g_utf8_strlen (text, size)),
                 (guint) g_utf8_strlen (text, size));
}

/* A byte order mark or zero-width space before a link (pasted from a
 * document) is not part of it. */
static gsize
skip_invisible (const guint8 *data,
                gsize         size)
{
  static const char *const invisible[] = { "\xef\xbb\xbf", "\xe2\x80\x8b", "\xe2\x81\xa0" };
  gsize at = 0;
  gboolean again = TRUE;

  while (again)
    {
      again = FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (invisible); i++)
        if (size - at >= 3 && memcmp (data + at, invisible[i], 3) == 0)
          {
            at += 3;
            again = TRUE;
          }
      while (at < size && g_ascii_isspace (data[at]))
        {
          at++;
          again = TRUE;
        }
    }

  return at;
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
  gsize skip;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  skip = skip_invisible (data, size);
  data += skip;
  size -= skip;

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
