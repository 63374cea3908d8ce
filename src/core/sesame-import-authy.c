/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-authy"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* Authy's own data, from a rooted phone: shared preferences
 * com.authy.storage.tokens.authenticator.xml (or …tokens.authy.xml) whose
 * "…key" string is a JSON array of tokens: {name, originalName,
 * originalIssuer, digits, accountType, and decryptedSecret (base32) or, with
 * a backup password set, encryptedSecret (base64 of AES-256-CBC, zero IV)
 * and salt: key = PBKDF2-HMAC-SHA1(password, salt as text, 1000, 32)}.
 * Authy's own accounts carry "secretSeed" (hex) and make 7-digit codes
 * every 10 s. Other tokens are TOTP SHA1 with 30 s: Authy keeps no period
 * or algorithm. */

#define AUTHY_NAME _("Authy token list")
#define AUTHENTICATOR_KEY "com.authy.storage.tokens.authenticator.key"
#define AUTHY_KEY "com.authy.storage.tokens.authy.key"
#define AUTHY_ITERATIONS 1000

static JsonArray *
read_tokens (const guint8 *data,
             gsize         size,
             JsonNode    **node)
{
  g_autoptr(GHashTable) prefs = sesame_import_parse_shared_prefs (data, size);
  const char *value;

  *node = NULL;
  if (prefs == NULL)
    return NULL;

  value = g_hash_table_lookup (prefs, AUTHENTICATOR_KEY);
  if (value == NULL)
    value = g_hash_table_lookup (prefs, AUTHY_KEY);
  if (value == NULL)
    return NULL;

  *node = sesame_import_parse_json ((const guint8 *) value, strlen (value));
  if (*node == NULL || !JSON_NODE_HOLDS_ARRAY (*node))
    {
      g_clear_pointer (node, json_node_unref);
      return NULL;
    }
  return json_node_get_array (*node);
}

static guint
authy_detect (const guint8 *data,
              gsize         size,
              const char   *filename)
{
  if (sesame_import_looks_like_shared_prefs (data, size, AUTHENTICATOR_KEY) ||
      sesame_import_looks_like_shared_prefs (data, size, AUTHY_KEY))
    return 90;
  return 0;
}

static gboolean
token_is_encrypted (JsonObject *token)
{
  return token != NULL && !json_object_has_member (token, "decryptedSecret") &&
         !json_object_has_member (token, "secretSeed");
}

static gboolean
authy_needs_password (const guint8 *data,
                      gsize         size)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *tokens = read_tokens (data, size, &node);

  for (guint i = 0; tokens != NULL && i < json_array_get_length (tokens); i++)
    {
      JsonNode *element = json_array_get_element (tokens, i);

      if (JSON_NODE_HOLDS_OBJECT (element) && token_is_encrypted (json_node_get_object (element)))
        return TRUE;
    }
  return FALSE;
}

typedef enum
{
  OPENED,
  MALFORMED,
  WRONG_KEY,
} Opened;

/* The base32 key of an encrypted token, in secure memory. */
static Opened
open_secret (JsonObject  *token,
             const char  *password,
             char       **secret,
             gsize       *secret_alloc)
{
  static const guint8 iv[16] = { 0 };
  const char *sealed = sesame_json_string (token, "encryptedSecret");
  const char *salt = sesame_json_string (token, "salt");
  g_autofree guint8 *cipher = NULL;
  gsize cipher_size = 0, plain_size = 0;
  guint8 *key, *plain;

  if (sealed == NULL || salt == NULL || *salt == '\0')
    return MALFORMED;
  cipher = g_base64_decode (sealed, &cipher_size);
  if (cipher_size == 0 || cipher_size % 16 != 0)
    return MALFORMED;

  key = sesame_secure_alloc (32);
  if (!sesame_crypto_pbkdf2 (GCRY_MD_SHA1, password, strlen (password), (const guint8 *) salt, strlen (salt),
                             AUTHY_ITERATIONS, key, 32))
    {
      sesame_secure_free (key, 32);
      return MALFORMED;
    }
  plain = sesame_import_aes256cbc_decrypt (key, iv, cipher, cipher_size, &plain_size);
  sesame_secure_free (key, 32);
  if (plain == NULL)
    return WRONG_KEY;

  /* A key that passes the padding check by chance gives bytes that are not
   * base32. */
  for (gsize i = 0; i < plain_size; i++)
    if (!g_ascii_isalnum (plain[i]) && plain[i] != '=' && plain[i] != ' ')
      {
        sesame_secure_free (plain, cipher_size + 1);
        return WRONG_KEY;
      }

  *secret = (char *) plain;
  *secret_alloc = cipher_size + 1;
  return OPENED;
}

static void
read_token (JsonObject         *token,
            const char         *secret_base32,
            guint               index,
            SesameImportResult *result)
{
  const char *original_issuer = sesame_json_string (token, "originalIssuer");
  const char *original_name = sesame_json_string (token, "originalName");
  const char *name = sesame_json_string (token, "name");
  const char *type = sesame_json_string (token, "accountType");
  const char *seed = sesame_json_string (token, "secretSeed");
  g_autofree char *issuer = NULL;
  g_autofree char *account = NULL;
  SesameImportEntry e = { 0 };
  guint8 *secret = NULL;
  gsize secret_size = 0;

  if (seed != NULL)
    {
      /* An Authy account: the name is the service. */
      issuer = g_strdup (name != NULL ? name : "Authy");
      account = g_strdup ("");
      secret = sesame_hex_decode (seed, &secret_size);
      e.period = 10;
    }
  else
    {
      const char *separator = "";

      if (original_issuer != NULL && *original_issuer != '\0')
        issuer = g_strdup (original_issuer);
      else if (original_name != NULL && strchr (original_name, ':') != NULL)
        {
          issuer = g_strndup (original_name, strchr (original_name, ':') - original_name);
          separator = ":";
        }
      else if (name != NULL && strstr (name, " - ") != NULL)
        {
          issuer = g_strndup (name, strstr (name, " - ") - name);
          separator = " - ";
        }
      else if (type != NULL && *type != '\0')
        {
          issuer = g_strdup (type);
          issuer[0] = g_ascii_toupper (issuer[0]);
        }
      else
        issuer = g_strdup ("");

      /* "Deno: Mason" is shown for issuer Deno, account Mason. */
      account = g_strdup (name != NULL ? name : "");
      if (*issuer != '\0')
        {
          g_autofree char *prefix = g_strconcat (issuer, separator, NULL);

          if (g_str_has_prefix (account, prefix))
            memmove (account, account + strlen (prefix), strlen (account) - strlen (prefix) + 1);
        }
      if (g_str_has_prefix (account, ": "))
        memmove (account, account + 2, strlen (account) - 1);
      g_strstrip (account);
      e.secret_base32 = secret_base32;
    }

  e.type = "totp";
  e.issuer = issuer;
  e.name = account;
  e.secret = secret;
  e.secret_size = secret_size;
  e.digits = sesame_json_int (token, "digits", 0);
  if (seed != NULL && secret == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, issuer, account);
      sesame_import_result_add_failure (result, what, _("Its key is not hexadecimal."));
      return;
    }
  sesame_import_add_entry (result, index, &e);
  if (secret != NULL)
    {
      sesame_memwipe (secret, secret_size);
      g_free (secret);
    }
}

static gboolean
authy_parse (const guint8        *data,
             gsize                size,
             const char          *password,
             SesameImportResult  *result,
             GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *tokens = read_tokens (data, size, &node);
  gboolean opened_one = FALSE;

  if (tokens == NULL)
    {
      sesame_import_set_invalid (error, AUTHY_NAME, _("it holds no list of tokens"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonNode *element = json_array_get_element (tokens, i);
      JsonObject *token = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      char *secret = NULL;
      gsize secret_alloc = 0;

      if (token == NULL)
        {
          g_autofree char *what = sesame_import_describe_entry (i + 1, NULL, NULL);
          sesame_import_result_add_failure (result, what, _("It is not a JSON object."));
          continue;
        }

      if (!token_is_encrypted (token))
        {
          read_token (token, sesame_json_string (token, "decryptedSecret"), i + 1, result);
          continue;
        }

      if (password == NULL)
        {
          g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                               _("This Authy token list is encrypted. Give its backup password."));
          return FALSE;
        }

      switch (open_secret (token, password, &secret, &secret_alloc))
        {
        case OPENED:
          opened_one = TRUE;
          read_token (token, secret, i + 1, result);
          sesame_secure_free (secret, secret_alloc);
          break;
        case WRONG_KEY:
          /* Every token shares the password: the first that does not open
           * says the password is wrong, unless others opened. */
          if (!opened_one)
            {
              sesame_import_set_wrong_password (error, AUTHY_NAME);
              return FALSE;
            }
          G_GNUC_FALLTHROUGH;
        case MALFORMED:
        default:
          {
            g_autofree char *what = sesame_import_describe_entry (i + 1, sesame_json_string (token, "originalIssuer"),
                                                                  sesame_json_string (token, "name"));
            sesame_import_result_add_failure (result, what, _("Its encrypted key cannot be read."));
          }
          break;
        }
    }

  return TRUE;
}

const SesameImporter sesame_importer_authy = {
  .id = "authy",
  .name = N_("Authy token list"),
  .detect = authy_detect,
  .needs_password = authy_needs_password,
  .parse = authy_parse,
};
