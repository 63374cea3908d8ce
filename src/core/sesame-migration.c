/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-migration"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "google-auth-migration.pb-c.h"
#include "sesame-migration.h"

#define SCHEME "otpauth-migration://"

/* More than any export can hold (a QR code carries < 3 kB); a longer
 * data parameter is refused before decoding. */
#define MAX_DATA_LENGTH (64 * 1024)

G_DEFINE_QUARK (sesame-migration-error-quark, sesame_migration_error)
G_DEFINE_BOXED_TYPE (SesameMigrationBatch, sesame_migration_batch,
                     sesame_migration_batch_copy, sesame_migration_batch_free)

static SesameMigrationBatch *
batch_new (void)
{
  SesameMigrationBatch *self = g_new0 (SesameMigrationBatch, 1);

  self->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  self->batch_size = 1;

  return self;
}

SesameMigrationBatch *
sesame_migration_batch_copy (const SesameMigrationBatch *self)
{
  SesameMigrationBatch *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = batch_new ();
  for (guint i = 0; i < self->accounts->len; i++)
    g_ptr_array_add (copy->accounts, sesame_otpauth_copy (self->accounts->pdata[i]));
  for (guint i = 0; i < self->problems->len; i++)
    g_ptr_array_add (copy->problems, g_error_copy (self->problems->pdata[i]));
  copy->version = self->version;
  copy->batch_size = self->batch_size;
  copy->batch_index = self->batch_index;
  copy->batch_id = self->batch_id;

  return copy;
}

void
sesame_migration_batch_free (SesameMigrationBatch *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->accounts);
  g_ptr_array_unref (self->problems);
  g_free (self);
}

/**
 * sesame_migration_is_migration_uri:
 *
 * Returns: %TRUE when @text starts with otpauth-migration:// (any case)
 */
gboolean
sesame_migration_is_migration_uri (const char *text)
{
  return text != NULL && g_ascii_strncasecmp (text, SCHEME, strlen (SCHEME)) == 0;
}

/* The value of data=, percent-decoded only: the base64 holds '+', which
 * form decoding would turn into a space (some exports write it raw). */
static char *
find_data (const char  *uri,
           GError     **error)
{
  const char *query = strchr (uri, '?');
  g_auto(GStrv) params = NULL;

  if (!sesame_migration_is_migration_uri (uri) || query == NULL)
    {
      g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_URI,
                           _("This is not a Google Authenticator export (otpauth-migration://offline?data=…)"));
      return NULL;
    }

  params = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      char *value;

      if (g_ascii_strncasecmp (params[i], "data=", 5) != 0)
        continue;
      if (strlen (params[i] + 5) > MAX_DATA_LENGTH)
        break;
      value = g_uri_unescape_string (params[i] + 5, NULL);
      if (value == NULL)
        {
          /* xgettext:no-c-format */
          g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_URI,
                               _("The export’s data has a broken “%” escape; scan the code again"));
          return NULL;
        }
      g_strstrip (value);
      return value;
    }

  g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_URI,
                       _("The Google Authenticator export has no data; scan the code again"));
  return NULL;
}

/* Standard or URL-safe base64, padded or not. g_base64_decode() skips
 * characters it does not know, so the text is checked first: a damaged
 * code must give an error, not a different payload. */
static guint8 *
decode_base64 (const char  *text,
               gsize       *out_size,
               GError     **error)
{
  gsize len = strlen (text);
  g_autoptr(GString) clean = g_string_sized_new (len + 4);
  guchar *data;

  while (len > 0 && text[len - 1] == '=')
    len--;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (c == ' ')
        c = '+';  /* a '+' that went through form decoding somewhere */
      if (!g_ascii_isalnum (c) && c != '+' && c != '/')
        {
          g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_BASE64,
                               _("The Google Authenticator export is damaged (its data is not base64)"));
          return NULL;
        }
      g_string_append_c (clean, c);
    }
  if (clean->len % 4 == 1 || clean->len == 0)
    {
      g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_BASE64,
                           _("The Google Authenticator export is damaged (its data is cut short)"));
      return NULL;
    }
  while (clean->len % 4 != 0)
    g_string_append_c (clean, '=');

  data = g_base64_decode (clean->str, out_size);
  sesame_memwipe (clean->str, clean->len);
  return data;
}

/* Google writes the name as the app showed it, often "Issuer:account"
 * with the issuer also in its own field: that prefix is dropped so the
 * issuer does not show twice. A name with a colon but no issuer field is
 * kept whole: nothing says the part before the colon is an issuer. */
static void
split_name (SesameOtpauth *account,
            const char    *name,
            const char    *issuer)
{
  gsize issuer_len = strlen (issuer);

  g_free (account->issuer);
  g_free (account->name);
  account->issuer = g_strstrip (g_strdup (issuer));
  if (issuer_len > 0 && strncmp (name, issuer, issuer_len) == 0 && name[issuer_len] == ':')
    account->name = g_strstrip (g_strdup (name + issuer_len + 1));
  else
    account->name = g_strstrip (g_strdup (name));
}

static SesameOtpauth *
entry_to_otpauth (const MigrationPayload__OtpParameters  *p,
                  guint                                   index,
                  GError                                **error)
{
  g_autoptr(SesameOtpauth) account = sesame_otpauth_new ();
  const char *label = *p->name != '\0' ? p->name : p->issuer;

  if (!g_utf8_validate (p->name, -1, NULL) || !g_utf8_validate (p->issuer, -1, NULL))
    {
      g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_ENTRY,
                   _("Account %u has a name that is not valid text"), index + 1);
      return NULL;
    }
  split_name (account, p->name, p->issuer);

  switch ((int) p->algorithm)
    {
    case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_UNSPECIFIED:
    case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA1:
      account->algorithm = SESAME_OTP_ALGORITHM_SHA1;
      break;
    case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA256:
      account->algorithm = SESAME_OTP_ALGORITHM_SHA256;
      break;
    case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA512:
      account->algorithm = SESAME_OTP_ALGORITHM_SHA512;
      break;
    case MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_MD5:
      g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_UNSUPPORTED_ALGORITHM,
                   _("Account %u (“%s”) uses MD5, which no authenticator standard allows; it was skipped"),
                   index + 1, label);
      return NULL;
    default:
      g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_UNSUPPORTED_ALGORITHM,
                   _("Account %u (“%s”) uses an unknown algorithm (%d); it was skipped"),
                   index + 1, label, (int) p->algorithm);
      return NULL;
    }

  switch ((int) p->digits)
    {
    case MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_UNSPECIFIED:
    case MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_SIX:
      account->digits = 6;
      break;
    case MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_EIGHT:
      account->digits = 8;
      break;
    default:
      g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_ENTRY,
                   _("Account %u (“%s”) has an unknown number of digits (%d); it was skipped"),
                   index + 1, label, (int) p->digits);
      return NULL;
    }

  switch ((int) p->type)
    {
    case MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_UNSPECIFIED:
    case MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_TOTP:
      account->type = SESAME_OTP_TYPE_TOTP;
      account->period = SESAME_OTP_DEFAULT_PERIOD;  /* the format has no period */
      break;
    case MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_HOTP:
      account->type = SESAME_OTP_TYPE_HOTP;
      if (p->counter < 0)
        {
          g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_ENTRY,
                       _("Account %u (“%s”) has a negative counter; it was skipped"), index + 1, label);
          return NULL;
        }
      account->counter = (guint64) p->counter;
      break;
    default:
      g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_ENTRY,
                   _("Account %u (“%s”) has an unknown type (%d); it was skipped"),
                   index + 1, label, (int) p->type);
      return NULL;
    }

  if (p->secret.len == 0 || p->secret.data == NULL)
    {
      g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_ENTRY,
                   _("Account %u (“%s”) has no secret; it was skipped"), index + 1, label);
      return NULL;
    }
  account->secret = sesame_secret_new (p->secret.data, p->secret.len);

  return g_steal_pointer (&account);
}

static void
wipe_payload (MigrationPayload *payload)
{
  for (size_t i = 0; i < payload->n_otp_parameters; i++)
    {
      ProtobufCBinaryData *secret = &payload->otp_parameters[i]->secret;

      if (secret->data != NULL)
        sesame_memwipe (secret->data, secret->len);
    }
}

/**
 * sesame_migration_parse_payload:
 * @data: (array length=size): a serialized MigrationPayload
 *
 * Returns: (transfer full): the batch, or %NULL with @error set
 */
SesameMigrationBatch *
sesame_migration_parse_payload (const guint8  *data,
                                gsize          size,
                                GError       **error)
{
  g_autoptr(SesameMigrationBatch) batch = NULL;
  MigrationPayload *payload;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  payload = migration_payload__unpack (NULL, size, data);
  if (payload == NULL)
    {
      g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_PAYLOAD,
                           _("The Google Authenticator export is damaged (its data cannot be read); "
                             "export the accounts again"));
      return NULL;
    }

  if (payload->n_otp_parameters == 0)
    {
      migration_payload__free_unpacked (payload, NULL);
      g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_EMPTY,
                           _("The Google Authenticator export holds no accounts"));
      return NULL;
    }

  batch = batch_new ();
  batch->version = payload->version;
  batch->batch_size = MAX (1, payload->batch_size);
  batch->batch_index = CLAMP (payload->batch_index, 0, batch->batch_size - 1);
  batch->batch_id = payload->batch_id;

  for (size_t i = 0; i < payload->n_otp_parameters; i++)
    {
      GError *entry_error = NULL;
      SesameOtpauth *account = entry_to_otpauth (payload->otp_parameters[i], (guint) i, &entry_error);

      if (account != NULL)
        g_ptr_array_add (batch->accounts, account);
      else
        g_ptr_array_add (batch->problems, entry_error);
    }

  wipe_payload (payload);
  migration_payload__free_unpacked (payload, NULL);

  return g_steal_pointer (&batch);
}

/**
 * sesame_migration_parse:
 * @uri: an otpauth-migration://offline?data=… URI
 * @error: return location for a #SESAME_MIGRATION_ERROR
 *
 * Reads one "Transfer accounts" QR code of Google Authenticator. An
 * account that cannot be used (MD5, no secret, …) is reported in the
 * batch's problems while the others are returned.
 *
 * Returns: (transfer full): the batch, or %NULL with @error set when the
 *   code as a whole cannot be read
 */
SesameMigrationBatch *
sesame_migration_parse (const char  *uri,
                        GError     **error)
{
  g_autoptr(SesameSecureStr) data = NULL;
  guint8 *bytes;
  gsize size = 0;
  SesameMigrationBatch *batch;

  g_return_val_if_fail (uri != NULL, NULL);

  data = find_data (uri, error);
  if (data == NULL)
    return NULL;
  bytes = decode_base64 (data, &size, error);
  if (bytes == NULL)
    return NULL;

  batch = sesame_migration_parse_payload (bytes, size, error);
  sesame_memwipe (bytes, size);
  g_free (bytes);

  return batch;
}

/**
 * sesame_migration_unsupported_reason:
 *
 * Returns: (transfer full) (nullable): why Google Authenticator's format
 *   cannot carry @account, as a sentence (translated, without a secret), or
 *   %NULL when it can
 */
char *
sesame_migration_unsupported_reason (const SesameOtpauth *account)
{
  g_return_val_if_fail (account != NULL, NULL);

  if (account->type == SESAME_OTP_TYPE_STEAM)
    return g_strdup (_("Steam codes are not part of the format."));
  if (account->digits != 6 && account->digits != 8)
    /* Translators: %u is a number of digits (5, 7, …). */
    return g_strdup_printf (_("Its codes have %u digits; the format carries 6 or 8."), account->digits);
  if (account->type == SESAME_OTP_TYPE_TOTP && account->period != 30)
    /* Translators: %u is a number of seconds. */
    return g_strdup_printf (_("Its code changes every %u seconds; the format carries 30 only."), account->period);
  if (account->secret == NULL || sesame_secret_get_size (account->secret) == 0)
    return g_strdup (_("It has no secret key."));
  if (account->counter > G_MAXINT64)
    return g_strdup (_("Its counter is too large for the format."));
  return NULL;
}

static gboolean
check_encodable (const SesameOtpauth  *account,
                 GError              **error)
{
  g_autofree char *why = sesame_migration_unsupported_reason (account);

  if (why == NULL)
    return TRUE;

  g_set_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_UNSUPPORTED,
               /* Translators: the first %s is an account name, the second why (a sentence). */
               _("“%s” cannot be exported for Google Authenticator. %s"),
               account->name, why);
  return FALSE;
}

static char *
encode_batch (GPtrArray *accounts,
              guint      first,
              guint      count,
              int        index,
              int        size,
              int        id)
{
  MigrationPayload payload = MIGRATION_PAYLOAD__INIT;
  g_autofree MigrationPayload__OtpParameters *entries = g_new0 (MigrationPayload__OtpParameters, count);
  g_autofree MigrationPayload__OtpParameters **pointers = g_new0 (MigrationPayload__OtpParameters *, count);
  g_autofree guint8 *packed = NULL;
  g_autoptr(SesameSecureStr) base64 = NULL;
  gsize packed_size;
  char *uri;

  for (guint i = 0; i < count; i++)
    {
      const SesameOtpauth *a = accounts->pdata[first + i];
      MigrationPayload__OtpParameters init = MIGRATION_PAYLOAD__OTP_PARAMETERS__INIT;
      gsize secret_size;

      entries[i] = init;
      entries[i].secret.data = (guint8 *) sesame_secret_get_data (a->secret, &secret_size);
      entries[i].secret.len = secret_size;
      entries[i].name = a->name;
      entries[i].issuer = a->issuer;
      entries[i].algorithm = a->algorithm == SESAME_OTP_ALGORITHM_SHA256 ? MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA256
                           : a->algorithm == SESAME_OTP_ALGORITHM_SHA512 ? MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA512
                           : MIGRATION_PAYLOAD__ALGORITHM__ALGORITHM_SHA1;
      entries[i].digits = a->digits == 8 ? MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_EIGHT
                                         : MIGRATION_PAYLOAD__DIGIT_COUNT__DIGIT_COUNT_SIX;
      entries[i].type = a->type == SESAME_OTP_TYPE_HOTP ? MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_HOTP
                                                        : MIGRATION_PAYLOAD__OTP_TYPE__OTP_TYPE_TOTP;
      entries[i].counter = (int64_t) a->counter;
      pointers[i] = &entries[i];
    }

  payload.n_otp_parameters = count;
  payload.otp_parameters = pointers;
  payload.version = 1;
  payload.batch_size = size;
  payload.batch_index = index;
  payload.batch_id = id;

  packed_size = migration_payload__get_packed_size (&payload);
  packed = g_malloc (packed_size);
  migration_payload__pack (&payload, packed);
  base64 = g_base64_encode (packed, packed_size);
  sesame_memwipe (packed, packed_size);

  /* '+', '/' and '=' escaped, as Google Authenticator writes them. */
  {
    g_autoptr(SesameSecureStr) escaped = g_uri_escape_string (base64, NULL, FALSE);

    uri = g_strconcat (SCHEME "offline?data=", escaped, NULL);
  }
  return uri;
}

/* Roughly what one account adds to the payload. */
static gsize
packed_estimate (const SesameOtpauth *a)
{
  return sesame_secret_get_size (a->secret) + strlen (a->name) + strlen (a->issuer) + 24;
}

/**
 * sesame_migration_encode:
 * @accounts: (element-type SesameOtpauth): TOTP (30 s) and HOTP accounts
 *   of 6 or 8 digits
 * @per_code: accounts per QR code at most; 0 for
 *   %SESAME_MIGRATION_DEFAULT_PER_CODE
 * @error: return location for a #SESAME_MIGRATION_ERROR
 *
 * Writes @accounts as Google Authenticator "Transfer accounts" URIs, one
 * per QR code, sharing a random batch id. A code holds at most @per_code
 * accounts and, unless one account alone is larger, about
 * %SESAME_MIGRATION_MAX_BYTES_PER_CODE bytes of payload, so that a phone
 * reads it off a screen. The URIs hold the secrets: free them with
 * sesame_str_wipe_free().
 *
 * Returns: (transfer full): a %NULL-terminated array of URIs, or %NULL
 *   with @error set when an account cannot be expressed
 */
char **
sesame_migration_encode (GPtrArray  *accounts,
                         guint       per_code,
                         GError    **error)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  GPtrArray *uris;
  guint n_codes;
  int id = (int) (g_random_int () & 0x7fffffff);

  g_return_val_if_fail (accounts != NULL, NULL);

  if (accounts->len == 0)
    {
      g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_EMPTY,
                           _("There are no accounts to export"));
      return NULL;
    }
  for (guint i = 0; i < accounts->len; i++)
    if (!check_encodable (accounts->pdata[i], error))
      return NULL;

  if (per_code == 0)
    per_code = SESAME_MIGRATION_DEFAULT_PER_CODE;

  /* Where each code starts: a new one when this one is full. */
  {
    guint count = 0;
    gsize bytes = 0;

    for (guint i = 0; i < accounts->len; i++)
      {
        gsize size = packed_estimate (accounts->pdata[i]);

        if (i == 0 || count == per_code || bytes + size > SESAME_MIGRATION_MAX_BYTES_PER_CODE)
          {
            g_array_append_val (starts, i);
            count = 0;
            bytes = 0;
          }
        count++;
        bytes += size;
      }
  }

  n_codes = starts->len;
  uris = g_ptr_array_new ();
  for (guint c = 0; c < n_codes; c++)
    {
      guint first = g_array_index (starts, guint, c);
      guint end = c + 1 < n_codes ? g_array_index (starts, guint, c + 1) : accounts->len;

      g_ptr_array_add (uris, encode_batch (accounts, first, end - first, (int) c, (int) n_codes, id));
    }
  g_ptr_array_add (uris, NULL);

  return (char **) g_ptr_array_free (uris, FALSE);
}
