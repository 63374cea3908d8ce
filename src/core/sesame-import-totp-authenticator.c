/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-totp-authenticator"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* TOTP Authenticator (com.authenticator.authservice2) backups: base64 of
 * AES-256-CBC (zero IV) under SHA-256(password). A backup saved without a
 * password uses the app's built-in one, "TotpAuthenticator", which is tried
 * first. The plain text is a JSON object whose only key is itself a JSON
 * array of accounts: {base (16, 32 or 64: the encoding of "key"), key,
 * issuer, name, digits, period, isFavorite, …}, digits and period as
 * strings. They are read as the file has them (Aegis uses 6 and 30). */

#define TOTP_AUTH_NAME _("TOTP Authenticator backup")
#define BUILT_IN_PASSWORD "TotpAuthenticator"

static gboolean
is_base64_text (const guint8 *data,
                gsize         size,
                gsize        *decoded)
{
  gsize count = 0, padding = 0;

  for (gsize i = 0; i < size; i++)
    {
      guint8 c = data[i];

      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        {
          if (padding > 0)
            return FALSE;
          count++;
        }
      else if (c == '=')
        padding++;
      else if (c != '\n' && c != '\r')
        return FALSE;
    }

  if ((count + padding) % 4 != 0 || padding > 2 || count == 0)
    return FALSE;
  *decoded = (count + padding) / 4 * 3 - padding;
  return TRUE;
}

static guint
totp_auth_detect (const guint8 *data,
                  gsize         size,
                  const char   *filename)
{
  gsize decoded = 0;

  /* Only base64 text of whole AES blocks: nothing else tells. */
  if (!is_base64_text (data, size, &decoded) || decoded < 32 || decoded % 16 != 0)
    return 0;
  return 30;
}

/* The decrypted JSON, or NULL (*wrong tells whether the password is why). */
static JsonNode *
decrypt (const guint8 *data,
         gsize         size,
         const char   *password,
         gboolean     *wrong)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  static const guint8 iv[16] = { 0 };
  guint8 *cipher, *plain;
  guint8 key[SESAME_SHA256_SIZE];
  gsize cipher_size = 0, plain_size = 0;
  JsonNode *node = NULL;

  *wrong = FALSE;
  cipher = g_base64_decode (text, &cipher_size);
  if (cipher_size == 0 || cipher_size % 16 != 0)
    {
      g_free (cipher);
      return NULL;
    }

  gcry_md_hash_buffer (GCRY_MD_SHA256, key, password, strlen (password));
  plain = sesame_import_aes256cbc_decrypt (key, iv, cipher, cipher_size, &plain_size);
  sesame_memwipe (key, sizeof key);
  g_free (cipher);

  if (plain != NULL)
    node = sesame_import_parse_json (plain, plain_size);
  if (plain != NULL)
    sesame_secure_free (plain, cipher_size + 1);

  /* Without a tag, a wrong key shows as bad padding or as garbage. */
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_clear_pointer (&node, json_node_unref);
      *wrong = TRUE;
    }
  return node;
}

static gboolean
totp_auth_needs_password (const guint8 *data,
                          gsize         size)
{
  g_autoptr(JsonNode) node = NULL;
  gboolean wrong;

  /* Opening with the built-in password costs one SHA-256. */
  node = decrypt (data, size, BUILT_IN_PASSWORD, &wrong);
  return node == NULL;
}

static void
read_account (JsonNode           *node,
              guint               index,
              SesameImportResult *result)
{
  JsonObject *account = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *key = sesame_json_string (account, "key");
  gint64 base = sesame_json_int (account, "base", 32);
  SesameImportEntry e = { 0 };
  guint8 *secret = NULL;
  gsize secret_size = 0;

  e.issuer = sesame_json_string (account, "issuer");
  e.name = sesame_json_string (account, "name");

  if (key != NULL && base == 16)
    {
      guint8 *bytes = sesame_hex_decode (key, &secret_size);

      if (bytes != NULL)
        {
          secret = sesame_secure_alloc (MAX (secret_size, 1));
          memcpy (secret, bytes, secret_size);
          sesame_memwipe (bytes, secret_size);
          g_free (bytes);
        }
    }
  else if (key != NULL && base == 64)
    {
      guint8 *bytes = g_base64_decode (key, &secret_size);

      secret = sesame_secure_alloc (MAX (secret_size, 1));
      memcpy (secret, bytes, secret_size);
      sesame_memwipe (bytes, secret_size);
      g_free (bytes);
    }
  else if (base == 32)
    e.secret_base32 = key;
  else
    {
      g_autofree char *what = sesame_import_describe_entry (index, e.issuer, e.name);
      sesame_import_result_add_failure (result, what, _("Its key is in an encoding Sesame does not know."));
      return;
    }

  e.type = "totp";
  e.secret = secret;
  e.secret_size = secret_size;
  e.digits = sesame_json_int (account, "digits", 0);
  e.period = sesame_json_int (account, "period", 0);
  e.favorite = sesame_json_bool (account, "isFavorite");
  sesame_import_add_entry (result, index, &e);
  if (secret != NULL)
    sesame_secure_free (secret, MAX (secret_size, 1));
}

static gboolean
totp_auth_parse (const guint8        *data,
                 gsize                size,
                 const char          *password,
                 SesameImportResult  *result,
                 GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) accounts = NULL;
  g_autoptr(GList) members = NULL;
  gboolean wrong = FALSE;
  JsonArray *array;

  node = decrypt (data, size, BUILT_IN_PASSWORD, &wrong);
  if (node == NULL && password != NULL)
    node = decrypt (data, size, password, &wrong);
  if (node == NULL)
    {
      if (password == NULL)
        g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                             _("This TOTP Authenticator backup is encrypted. Give its password."));
      else if (wrong)
        sesame_import_set_wrong_password (error, TOTP_AUTH_NAME);
      else
        sesame_import_set_invalid (error, TOTP_AUTH_NAME, _("it is not base64 of whole cipher blocks"));
      return FALSE;
    }

  members = json_object_get_members (json_node_get_object (node));
  if (members != NULL)
    accounts = sesame_import_parse_json ((const guint8 *) members->data, strlen (members->data));
  if (accounts == NULL || !JSON_NODE_HOLDS_ARRAY (accounts))
    {
      sesame_import_set_invalid (error, TOTP_AUTH_NAME, _("it holds no list of accounts"));
      return FALSE;
    }

  array = json_node_get_array (accounts);
  for (guint i = 0; i < json_array_get_length (array); i++)
    read_account (json_array_get_element (array, i), i + 1, result);

  return TRUE;
}

const SesameImporter sesame_importer_totp_authenticator = {
  .id = "totp-authenticator",
  .name = N_("TOTP Authenticator backup"),
  .detect = totp_auth_detect,
  .needs_password = totp_auth_needs_password,
  .parse = totp_auth_parse,
};
