/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-stratum"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* Stratum (formerly Authenticator Pro) backups.
 *
 * Plain: {"Authenticators": [{Type, Issuer, Username, Secret, Algorithm,
 * Digits, Period, Counter, …}], "Categories": [{Id, Name}],
 * "AuthenticatorCategories": [{CategoryId, AuthenticatorSecret}], …}.
 * Type 1 is HOTP, 2 TOTP, 4 Steam (3 mOTP and 5 Yandex are not supported);
 * Algorithm 0 SHA1, 1 SHA256, 2 SHA512. Categories become tags.
 *
 * Encrypted: "AUTHENTICATORPRO", 16-byte salt, 12-byte nonce, then
 * AES-256-GCM (tag appended) under Argon2id(password, salt, t=3, m=64 MiB,
 * p=4). The parameters are fixed by the format, not read from the file.
 *
 * Legacy: "AuthenticatorPro", 20-byte salt, 16-byte IV, then AES-256-CBC
 * under PBKDF2-HMAC-SHA1(password, salt, 64000). */

#define STRATUM_NAME _("Stratum backup")

#define HEADER "AUTHENTICATORPRO"
#define HEADER_LEGACY "AuthenticatorPro"
#define HEADER_SIZE 16

#define SALT_SIZE 16
#define NONCE_SIZE 12
#define ARGON2_ITERATIONS 3
#define ARGON2_MEMORY_KIB (64 * 1024)
#define ARGON2_PARALLELISM 4

#define LEGACY_SALT_SIZE 20
#define LEGACY_IV_SIZE 16
#define LEGACY_ITERATIONS 64000

static gboolean
has_header (const guint8 *data,
            gsize         size,
            const char   *header)
{
  return size > HEADER_SIZE && memcmp (data, header, HEADER_SIZE) == 0;
}

static guint
stratum_detect (const guint8 *data,
                gsize         size,
                const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;

  if (has_header (data, size, HEADER) || has_header (data, size, HEADER_LEGACY))
    return 95;

  root = sesame_import_parse_json_object (data, size, &node);
  return sesame_json_array (root, "Authenticators") != NULL ? 90 : 0;
}

static gboolean
stratum_needs_password (const guint8 *data,
                        gsize         size)
{
  return has_header (data, size, HEADER) || has_header (data, size, HEADER_LEGACY);
}

/* The decrypted document, or NULL with @error. */
static JsonNode *
decrypt (const guint8        *data,
         gsize                size,
         const char          *password,
         SesameImportResult  *result,
         GError             **error)
{
  SesameKdfParams params = { 0 };
  gboolean legacy = has_header (data, size, HEADER_LEGACY);
  gsize header = HEADER_SIZE + (legacy ? LEGACY_SALT_SIZE + LEGACY_IV_SIZE : SALT_SIZE + NONCE_SIZE);
  const guint8 *salt = data + HEADER_SIZE;
  const guint8 *cipher = data + header;
  gsize cipher_size;
  guint8 *key;
  guint8 *plain = NULL;
  gsize plain_size = 0, plain_alloc = 0;
  JsonNode *root = NULL;
  gboolean derived;

  if (size <= header + (legacy ? 0 : SESAME_AEAD_TAG_SIZE))
    {
      sesame_import_set_invalid (error, STRATUM_NAME, _("it is too short"));
      return NULL;
    }
  cipher_size = size - header;

  if (legacy)
    {
      params.algorithm = SESAME_KDF_PBKDF2;
      params.md_algo = GCRY_MD_SHA1;
      params.iterations = LEGACY_ITERATIONS;
    }
  else
    {
      params.algorithm = SESAME_KDF_ARGON2ID;
      params.t_cost = ARGON2_ITERATIONS;
      params.m_cost_kib = ARGON2_MEMORY_KIB;
      params.parallelism = ARGON2_PARALLELISM;
    }

  key = sesame_secure_alloc (32);
  derived = sesame_kdf_derive (sesame_import_kdf_budget (result), &params, STRATUM_NAME, password, strlen (password),
                               salt, legacy ? LEGACY_SALT_SIZE : SALT_SIZE, key, 32, error);
  if (!derived)
    {
      sesame_secure_free (key, 32);
      return NULL;
    }

  if (legacy)
    {
      plain = sesame_import_aes256cbc_decrypt (key, salt + LEGACY_SALT_SIZE, cipher, cipher_size, &plain_size);
      plain_alloc = cipher_size + 1;
    }
  else
    {
      plain_size = cipher_size - SESAME_AEAD_TAG_SIZE;
      plain_alloc = MAX (plain_size, 1);
      plain = sesame_secure_alloc (plain_alloc);
      if (!sesame_import_aes256gcm_open_ad (key, salt + SALT_SIZE, NONCE_SIZE, NULL, 0, cipher, cipher_size, plain))
        {
          sesame_secure_free (plain, plain_alloc);
          plain = NULL;
        }
    }
  sesame_secure_free (key, 32);

  if (plain == NULL)
    {
      sesame_import_set_wrong_password (error, STRATUM_NAME);
      return NULL;
    }

  root = sesame_import_parse_json (plain, plain_size);
  sesame_secure_free (plain, plain_alloc);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_pointer (&root, json_node_unref);
      /* CBC has no tag: a wrong password can pass the padding check. */
      if (legacy)
        sesame_import_set_wrong_password (error, STRATUM_NAME);
      else
        sesame_import_set_invalid (error, STRATUM_NAME, _("what it decrypts to is not JSON"));
    }
  return root;
}

/* Secret → tag names, from the categories. */
static GHashTable *
read_categories (JsonObject *root)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  JsonArray *categories = sesame_json_array (root, "Categories");
  JsonArray *links = sesame_json_array (root, "AuthenticatorCategories");

  for (guint i = 0; categories != NULL && i < json_array_get_length (categories); i++)
    {
      JsonNode *node = json_array_get_element (categories, i);
      JsonObject *category = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = sesame_json_string (category, "Id");
      const char *name = sesame_json_string (category, "Name");

      if (id != NULL && name != NULL && *name != '\0')
        g_hash_table_insert (names, (char *) id, (char *) name);
    }

  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    {
      JsonNode *node = json_array_get_element (links, i);
      JsonObject *link = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = sesame_json_string (link, "CategoryId");
      const char *secret = sesame_json_string (link, "AuthenticatorSecret");
      const char *name = id != NULL ? g_hash_table_lookup (names, id) : NULL;
      GPtrArray *list;

      if (name == NULL || secret == NULL)
        continue;

      list = g_hash_table_lookup (tags, secret);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (tags, g_strdup (secret), list);
        }
      if (!g_ptr_array_find_with_equal_func (list, name, g_str_equal, NULL))
        g_ptr_array_add (list, (char *) name);
    }

  return tags;
}

static void
read_authenticator (JsonNode           *node,
                    guint               index,
                    GHashTable         *tags,
                    SesameImportResult *result)
{
  static const char *const algorithms[] = { "SHA1", "SHA256", "SHA512" };
  JsonObject *item = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  gint64 type = sesame_json_int (item, "Type", -1);
  gint64 algorithm = sesame_json_int (item, "Algorithm", 0);
  const char *secret = sesame_json_string (item, "Secret");
  GPtrArray *groups = secret != NULL ? g_hash_table_lookup (tags, secret) : NULL;
  g_autoptr(GPtrArray) group_names = NULL;
  SesameImportEntry e = { 0 };

  e.issuer = sesame_json_string (item, "Issuer");
  e.name = sesame_json_string (item, "Username");

  if (item == NULL || (type != 1 && type != 2 && type != 4))
    {
      g_autofree char *what = sesame_import_describe_entry (index, e.issuer, e.name);
      sesame_import_result_add_failure (result, what,
                                        item == NULL ? _("It is not a JSON object.")
                                                     : _("Its kind of code is not supported (Sesame supports TOTP, HOTP and Steam)."));
      return;
    }
  if (algorithm < 0 || algorithm >= (gint64) G_N_ELEMENTS (algorithms))
    {
      g_autofree char *what = sesame_import_describe_entry (index, e.issuer, e.name);
      sesame_import_result_add_failure (result, what,
                                        _("Its algorithm is not supported (Sesame supports SHA1, SHA256 and SHA512)."));
      return;
    }

  e.type = type == 1 ? "hotp" : type == 2 ? "totp" : "steam";
  e.secret_base32 = secret;
  e.algorithm = algorithms[algorithm];
  e.digits = sesame_json_int (item, "Digits", 0);
  e.period = sesame_json_int (item, "Period", 0);
  e.counter = MAX (sesame_json_int (item, "Counter", 0), 0);
  if (groups != NULL)
    {
      group_names = g_ptr_array_copy (groups, NULL, NULL);
      g_ptr_array_add (group_names, NULL);
      e.groups = (const char * const *) group_names->pdata;
    }

  sesame_import_add_entry (result, index, &e);
}

static gboolean
stratum_parse (const guint8        *data,
               gsize                size,
               const char          *password,
               SesameImportResult  *result,
               GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GHashTable) tags = NULL;
  JsonObject *root;
  JsonArray *authenticators;

  if (stratum_needs_password (data, size))
    {
      if (password == NULL)
        {
          g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                               _("This Stratum backup is encrypted. Give its password."));
          return FALSE;
        }
      node = decrypt (data, size, password, result, error);
      if (node == NULL)
        return FALSE;
      root = json_node_get_object (node);
    }
  else
    root = sesame_import_parse_json_object (data, size, &node);

  authenticators = sesame_json_array (root, "Authenticators");
  if (authenticators == NULL)
    {
      sesame_import_set_invalid (error, STRATUM_NAME, _("it has no list of authenticators"));
      return FALSE;
    }

  tags = read_categories (root);
  for (guint i = 0; i < json_array_get_length (authenticators); i++)
    read_authenticator (json_array_get_element (authenticators, i), i + 1, tags, result);

  return TRUE;
}

const SesameImporter sesame_importer_stratum = {
  .id = "stratum",
  .name = N_("Stratum backup"),
  .detect = stratum_detect,
  .needs_password = stratum_needs_password,
  .parse = stratum_parse,
};
