/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-otpauth"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-base32.h"
#include "sesame-otpauth.h"

G_DEFINE_BOXED_TYPE (SesameOtpauth, sesame_otpauth, sesame_otpauth_copy, sesame_otpauth_free)

SesameOtpauth *
sesame_otpauth_new (void)
{
  SesameOtpauth *self = g_new0 (SesameOtpauth, 1);

  self->type = SESAME_OTP_TYPE_TOTP;
  self->issuer = g_strdup ("");
  self->name = g_strdup ("");
  self->algorithm = SESAME_OTP_ALGORITHM_SHA1;
  self->digits = SESAME_OTP_DEFAULT_DIGITS;
  self->period = SESAME_OTP_DEFAULT_PERIOD;

  return self;
}

SesameOtpauth *
sesame_otpauth_copy (const SesameOtpauth *self)
{
  SesameOtpauth *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->issuer = g_strdup (self->issuer);
  copy->name = g_strdup (self->name);
  if (self->secret != NULL)
    copy->secret = sesame_secret_ref (self->secret);

  return copy;
}

void
sesame_otpauth_free (SesameOtpauth *self)
{
  if (self == NULL)
    return;

  g_free (self->issuer);
  g_free (self->name);
  g_clear_pointer (&self->secret, sesame_secret_unref);
  g_free (self);
}

gboolean
sesame_otpauth_equal (const SesameOtpauth *a,
                      const SesameOtpauth *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->type == b->type
      && g_strcmp0 (a->issuer, b->issuer) == 0
      && g_strcmp0 (a->name, b->name) == 0
      && sesame_secret_equal (a->secret, b->secret)
      && a->algorithm == b->algorithm
      && (a->type == SESAME_OTP_TYPE_STEAM || a->digits == b->digits)
      && (a->type == SESAME_OTP_TYPE_HOTP || a->period == b->period)
      && (a->type != SESAME_OTP_TYPE_HOTP || a->counter == b->counter);
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Percent-decodes @length bytes of @text into valid UTF-8 without control
 * characters. In a query, '+' stands for a space (HTML forms, and many
 * generators, write it so). */
static char *
decode_component (const char  *text,
                  gsize        length,
                  gboolean     plus_is_space,
                  GError     **error)
{
  g_autoptr(SesameSecureStr) out = g_malloc0 (length + 1);
  gsize pos = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '%')
        {
          int hi = i + 2 < length ? hex_value (text[i + 1]) : -1;
          int lo = i + 2 < length ? hex_value (text[i + 2]) : -1;

          if (hi < 0 || lo < 0)
            {
              g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_ENCODING,
                                   _("The link has a broken “%” escape"));
              return NULL;
            }
          c = (char) (hi << 4 | lo);
          i += 2;
        }
      else if (c == '+' && plus_is_space)
        c = ' ';

      if ((guchar) c < 0x20 || c == 0x7f)
        {
          g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_ENCODING,
                               _("The link contains control characters"));
          return NULL;
        }

      out[pos++] = c;
    }
  out[pos] = '\0';

  if (!g_utf8_validate (out, pos, NULL))
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_ENCODING,
                           _("The link contains text that is not valid UTF-8"));
      return NULL;
    }

  return g_steal_pointer (&out);
}

/* Plain decimal only: no sign, no spaces, no hex; what a person would
 * call a number. */
static gboolean
parse_number (const char *str,
              guint64     max,
              guint64    *value)
{
  guint64 v = 0;

  if (str == NULL || *str == '\0')
    return FALSE;

  for (const char *p = str; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (v > (max - (guint64) (*p - '0')) / 10)
        return FALSE;
      v = v * 10 + (guint64) (*p - '0');
    }

  *value = v;
  return TRUE;
}

typedef struct
{
  char *secret;
  char *issuer;
  char *algorithm;
  char *digits;
  char *period;
  char *counter;
  char *encoder;
} Params;

static void
params_clear (Params *params)
{
  g_clear_pointer (&params->secret, sesame_str_wipe_free);
  g_clear_pointer (&params->issuer, g_free);
  g_clear_pointer (&params->algorithm, g_free);
  g_clear_pointer (&params->digits, g_free);
  g_clear_pointer (&params->period, g_free);
  g_clear_pointer (&params->counter, g_free);
  g_clear_pointer (&params->encoder, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Params, params_clear)

static char **
params_slot (Params     *params,
             const char *key,
             gsize       key_length)
{
  static const struct {
    const char *name;
    gsize offset;
  } known[] = {
    { "secret", G_STRUCT_OFFSET (Params, secret) },
    { "issuer", G_STRUCT_OFFSET (Params, issuer) },
    { "algorithm", G_STRUCT_OFFSET (Params, algorithm) },
    { "digits", G_STRUCT_OFFSET (Params, digits) },
    { "period", G_STRUCT_OFFSET (Params, period) },
    { "counter", G_STRUCT_OFFSET (Params, counter) },
    { "encoder", G_STRUCT_OFFSET (Params, encoder) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      if (strlen (known[i].name) == key_length &&
          g_ascii_strncasecmp (known[i].name, key, key_length) == 0)
        return G_STRUCT_MEMBER_P (params, known[i].offset);
    }

  return NULL;
}

static gboolean
parse_query (const char  *query,
             Params      *params,
             GError     **error)
{
  const char *p = query;

  while (*p != '\0')
    {
      const char *end = strchr (p, '&');
      const char *eq;
      gsize length;
      char **slot;

      length = end != NULL ? (gsize) (end - p) : strlen (p);
      eq = memchr (p, '=', length);

      if (eq != NULL && (slot = params_slot (params, p, eq - p)) != NULL)
        {
          if (*slot != NULL)
            {
              g_set_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_DUPLICATE_PARAMETER,
                           _("The link gives “%.*s” twice"), (int) (eq - p), p);
              return FALSE;
            }

          *slot = decode_component (eq + 1, length - (eq + 1 - p), TRUE, error);
          if (*slot == NULL)
            return FALSE;
        }

      /* Unknown parameters (image=, codeDisplay=, …) are ignored. */
      p += length;
      if (*p == '&')
        p++;
    }

  return TRUE;
}

static gboolean
check_field_length (const char  *value,
                    GError     **error)
{
  if (strlen (value) > SESAME_OTPAUTH_MAX_FIELD)
    {
      g_set_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_TOO_LONG,
                   _("The issuer or account name is longer than %d bytes"),
                   SESAME_OTPAUTH_MAX_FIELD);
      return FALSE;
    }

  return TRUE;
}

/* "Issuer:Account", "Issuer: Account" or just "Account"; the colon may be
 * written %3A. An issuer that itself holds a colon can only be told apart
 * by the issuer parameter, so when the label starts with exactly that
 * issuer, the split happens after it. */
static gboolean
split_label (const char     *label,
             const char     *issuer_param,
             SesameOtpauth  *self,
             GError        **error)
{
  const char *colon = strchr (label, ':');
  const char *name = label;
  gsize issuer_length = issuer_param ? strlen (issuer_param) : 0;

  if (issuer_length > 0 &&
      strncmp (label, issuer_param, issuer_length) == 0 &&
      label[issuer_length] == ':')
    colon = label + issuer_length;

  if (colon != NULL)
    {
      g_free (self->issuer);
      self->issuer = g_strstrip (g_strndup (label, colon - label));
      name = colon + 1;
    }

  g_free (self->name);
  self->name = g_strstrip (g_strdup (name));

  return check_field_length (self->issuer, error) &&
         check_field_length (self->name, error);
}

static gboolean
apply_params (SesameOtpauth  *self,
              const char     *label,
              Params         *params,
              GError        **error)
{
  SesameOtpParams p;
  guint64 value;

  if (params->encoder != NULL && g_ascii_strcasecmp (params->encoder, "steam") == 0)
    self->type = SESAME_OTP_TYPE_STEAM;

  if (params->secret == NULL || *params->secret == '\0')
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_MISSING_SECRET,
                           _("The link has no secret key"));
      return FALSE;
    }

  if (!(self->secret = sesame_base32_decode (params->secret, -1, error)))
    return FALSE;

  if (label != NULL && !split_label (label, params->issuer, self, error))
    return FALSE;

  if (params->issuer != NULL && *params->issuer != '\0')
    {
      g_free (self->issuer);
      self->issuer = g_strstrip (g_strdup (params->issuer));
      if (!check_field_length (self->issuer, error))
        return FALSE;
    }

  p.type = self->type;
  p.algorithm = self->algorithm;
  p.digits = self->digits;
  p.period = self->period;
  p.counter = self->counter;
  if (params->algorithm != NULL && !sesame_otp_parse_algorithm (params->algorithm, &p.algorithm, error))
    return FALSE;
  /* A number that is not one is out of range (the message says which). */
  if (params->digits != NULL)
    p.digits = parse_number (params->digits, G_MAXINT, &value) ? (gint64) value : 0;
  if (p.type == SESAME_OTP_TYPE_TOTP && params->period != NULL)
    p.period = parse_number (params->period, G_MAXINT64, &value) ? (gint64) value : 0;
  if (p.type == SESAME_OTP_TYPE_HOTP && params->counter != NULL &&
      !sesame_otp_parse_counter (params->counter, &p.counter, error))
    return FALSE;
  if (!sesame_otp_params_normalize (&p, error))
    return FALSE;

  self->algorithm = p.algorithm;
  self->digits = p.digits;
  self->period = p.period;
  self->counter = p.counter;
  return TRUE;
}

/* Bitwarden and others write a Steam secret as steam://SECRET. */
static SesameOtpauth *
parse_steam_uri (const char  *rest,
                 GError     **error)
{
  g_autoptr(SesameOtpauth) self = sesame_otpauth_new ();
  g_auto(Params) params = { 0 };

  self->type = SESAME_OTP_TYPE_STEAM;
  g_free (self->issuer);
  self->issuer = g_strdup ("Steam");

  params.secret = decode_component (rest, strlen (rest), TRUE, error);
  if (params.secret == NULL || !apply_params (self, NULL, &params, error))
    return NULL;

  return g_steal_pointer (&self);
}

static gboolean
has_scheme (const char *uri,
            const char *scheme)
{
  return g_ascii_strncasecmp (uri, scheme, strlen (scheme)) == 0;
}

static gboolean
check_scheme (const char  *uri,
              GError     **error)
{
  if (has_scheme (uri, "otpauth://"))
    return TRUE;

  if (has_scheme (uri, "otpauth-migration:"))
    g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_UNSUPPORTED_SCHEME,
                         _("This is a Google Authenticator export, which holds several accounts; import it as such"));
  else if (strstr (uri, "://") != NULL || strchr (uri, ':') != NULL)
    g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_UNSUPPORTED_SCHEME,
                         _("This is not an otpauth:// link, so it does not set up a one-time password"));
  else
    g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_INVALID_URI,
                         _("This is not a link; an account link starts with otpauth://"));

  return FALSE;
}

static gboolean
parse_type (const char     *start,
            gsize           length,
            SesameOtpType  *type,
            GError        **error)
{
  g_autofree char *name = g_strndup (start, length);

  if (!sesame_otp_type_from_string (name, type))
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_UNKNOWN_TYPE,
                           _("The link is for an unknown kind of one-time password (known: totp, hotp, steam)"));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  char *data;
  gsize size;
} WipedCopy;

static void
wiped_copy_clear (WipedCopy *copy)
{
  sesame_memwipe (copy->data, copy->size);
  g_clear_pointer (&copy->data, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WipedCopy, wiped_copy_clear)

/**
 * sesame_otpauth_parse:
 * @uri: an `otpauth://` or `steam://` URI, surrounding white space allowed
 *
 * Follows the Key URI Format: the `issuer` parameter wins over the label's
 * prefix; unknown parameters are ignored. Every refusal is an error in
 * %SESAME_OTP_ERROR whose message never contains the secret.
 *
 * Returns: (transfer full): the account parameters, or %NULL
 */
SesameOtpauth *
sesame_otpauth_parse (const char  *uri,
                      GError     **error)
{
  g_autoptr(SesameOtpauth) self = NULL;
  g_auto(WipedCopy) whole = { NULL, 0 };
  char *copy;
  g_auto(Params) params = { 0 };
  g_autofree char *label = NULL;
  const char *type_start;
  const char *type_end;
  const char *query;
  char *fragment;

  g_return_val_if_fail (uri != NULL, NULL);

  if (strlen (uri) > SESAME_OTPAUTH_MAX_URI)
    {
      g_set_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_TOO_LONG,
                   _("The link is longer than %d bytes, far more than any real account link"),
                   SESAME_OTPAUTH_MAX_URI);
      return NULL;
    }

  /* Stripping and cutting the fragment leave bytes past the NUL: the
   * whole copy is wiped, not just the string it ends up as. */
  whole.size = strlen (uri) + 1;
  whole.data = g_strdup (uri);
  copy = g_strstrip (whole.data);
  if (*copy == '\0')
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_EMPTY,
                           _("The link is empty"));
      return NULL;
    }

  if (has_scheme (copy, "steam://"))
    return parse_steam_uri (copy + strlen ("steam://"), error);

  if (!check_scheme (copy, error))
    return NULL;

  if ((fragment = strchr (copy, '#')) != NULL)
    *fragment = '\0';

  self = sesame_otpauth_new ();
  type_start = copy + strlen ("otpauth://");
  type_end = type_start + strcspn (type_start, "/?");

  if (!parse_type (type_start, type_end - type_start, &self->type, error))
    return NULL;

  query = strchr (type_end, '?');
  if (query == NULL)
    query = type_end + strlen (type_end);

  if (*type_end == '/' &&
      !(label = decode_component (type_end + 1, query - type_end - 1, FALSE, error)))
    return NULL;

  if (*query == '?' && !parse_query (query + 1, &params, error))
    return NULL;

  if (!apply_params (self, label, &params, error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
append_escaped (GString    *string,
                const char *text)
{
  g_autofree char *escaped = g_uri_escape_string (text, NULL, FALSE);

  g_string_append (string, escaped);
}

/**
 * sesame_otpauth_format:
 *
 * The canonical URI: label "Issuer:Name" (or "Name", or ":Name" when the
 * name holds a colon and there is no issuer), the issuer repeated
 * as a parameter, every parameter written out. Steam accounts use
 * `encoder=steam`, which most other apps understand.
 *
 * Returns: the URI; it holds the secret, so free it with
 *   sesame_str_wipe_free()
 */
char *
sesame_otpauth_format (const SesameOtpauth *self)
{
  g_autoptr(SesameSecureStr) secret = NULL;
  GString *uri;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->secret != NULL, NULL);

  secret = sesame_secret_to_base32 (self->secret);
  /* Sized up front so the secret is never left behind in a reallocation. */
  uri = g_string_sized_new (256 + 3 * (strlen (self->issuer) * 2 + strlen (self->name)) + strlen (secret));

  g_string_append (uri, self->type == SESAME_OTP_TYPE_HOTP ? "otpauth://hotp/" : "otpauth://totp/");
  if (*self->issuer != '\0')
    {
      append_escaped (uri, self->issuer);
      g_string_append_c (uri, ':');
    }
  else if (strchr (self->name, ':') != NULL)
    {
      /* A name with a colon and no issuer: an empty issuer before it, or
       * the first colon would be read as the separator. */
      g_string_append_c (uri, ':');
    }
  append_escaped (uri, self->name);

  /* Not printf: its temporary buffer would be freed with the key in it. */
  g_string_append (uri, "?secret=");
  g_string_append (uri, secret);
  if (*self->issuer != '\0')
    {
      g_string_append (uri, "&issuer=");
      append_escaped (uri, self->issuer);
    }

  g_string_append_printf (uri, "&algorithm=%s&digits=%u",
                          sesame_otp_algorithm_to_string (self->algorithm),
                          self->digits);

  if (self->type == SESAME_OTP_TYPE_HOTP)
    g_string_append_printf (uri, "&counter=%" G_GUINT64_FORMAT, self->counter);
  else
    g_string_append_printf (uri, "&period=%u", self->period);

  if (self->type == SESAME_OTP_TYPE_STEAM)
    g_string_append (uri, "&encoder=steam");

  return g_string_free (uri, FALSE);
}
