/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-aegis"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* Aegis vaults (https://github.com/beemdevelopment/Aegis/blob/master/docs/vault.md):
 * {"version": 1, "header": {"slots", "params"}, "db": …}. A plain vault has
 * the content object in "db"; an encrypted one a base64 string, AES-256-GCM
 * under a master key that each password slot wraps with an scrypt key.
 * Content versions 1 (no groups), 2 (a "group" name per entry) and 3
 * (group uuids per entry, names in "groups") are read. */

#define AEGIS_NAME _("Aegis vault")
#define AEGIS_MAX_CONTENT_VERSION 3

static guint
aegis_detect (const guint8 *data,
              gsize         size,
              const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);

  if (root == NULL || !json_object_has_member (root, "header") || !json_object_has_member (root, "db"))
    return 0;

  return 90;
}

static gboolean
aegis_needs_password (const guint8 *data,
                      gsize         size)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);

  return root != NULL && sesame_json_string (root, "db") != NULL;
}

static SesameKdfParams
slot_params (JsonObject *slot)
{
  SesameKdfParams params = {
    .algorithm = SESAME_KDF_SCRYPT,
    .n = sesame_json_int (slot, "n", 0),
    .r = sesame_json_int (slot, "r", 0),
    .p = sesame_json_int (slot, "p", 0),
  };

  return params;
}

static JsonObject *
password_slot (JsonArray *slots,
               guint      i)
{
  JsonNode *node = json_array_get_element (slots, i);
  JsonObject *slot = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  return slot != NULL && sesame_json_int (slot, "type", -1) == 1 ? slot : NULL;
}

/* Unwraps the master key with the first password slot that opens. Every
 * slot's scrypt settings are counted against the file's budget first, so a
 * vault of many or costly slots is refused before any is tried. */
static guint8 *
unwrap_master_key (JsonArray           *slots,
                   const char          *password,
                   SesameKdfBudget     *budget,
                   GError             **error)
{
  gboolean any_password_slot = FALSE;
  guint length = slots != NULL ? json_array_get_length (slots) : 0;

  for (guint i = 0; i < length; i++)
    {
      JsonObject *slot = password_slot (slots, i);
      SesameKdfParams params = slot_params (slot);

      if (slot != NULL && !sesame_kdf_budget_plan (budget, &params, 32, AEGIS_NAME, error))
        return NULL;
    }

  for (guint i = 0; i < length; i++)
    {
      JsonObject *slot = password_slot (slots, i);
      JsonObject *params = sesame_json_object (slot, "key_params");
      g_autofree guint8 *salt = NULL, *key = NULL, *nonce = NULL, *tag = NULL;
      gsize salt_size = 0, key_size = 0, nonce_size = 0, tag_size = 0;
      SesameKdfParams kdf;
      guint8 *derived, *master;
      gboolean ok;

      if (slot == NULL)
        continue;
      any_password_slot = TRUE;

      kdf = slot_params (slot);
      salt = sesame_hex_decode (sesame_json_string (slot, "salt"), &salt_size);
      key = sesame_hex_decode (sesame_json_string (slot, "key"), &key_size);
      nonce = sesame_hex_decode (sesame_json_string (params, "nonce"), &nonce_size);
      tag = sesame_hex_decode (sesame_json_string (params, "tag"), &tag_size);

      if (salt == NULL || key == NULL || key_size != 32 || nonce == NULL || nonce_size == 0 ||
          tag == NULL || tag_size != SESAME_AEAD_TAG_SIZE)
        {
          sesame_import_set_invalid (error, AEGIS_NAME, _("its password slot is malformed"));
          return NULL;
        }

      derived = sesame_secure_alloc (32);
      if (!sesame_kdf_derive (budget, &kdf, AEGIS_NAME, password, strlen (password), salt, salt_size,
                              derived, 32, error))
        {
          sesame_secure_free (derived, 32);
          return NULL;
        }

      master = sesame_secure_alloc (32);
      ok = sesame_crypto_aes256gcm_open (derived, nonce, nonce_size, key, 32, tag, master);
      sesame_secure_free (derived, 32);
      if (ok)
        return master;
      sesame_secure_free (master, 32);
    }

  if (!any_password_slot)
    g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID,
                 _("This Aegis vault has no password slot (it is unlocked by fingerprint only). "
                   "In Aegis, set a password, or export the vault with a password."));
  else
    sesame_import_set_wrong_password (error, AEGIS_NAME);
  return NULL;
}

/* Returns the decrypted content as a parsed node. */
static JsonNode *
decrypt_content (JsonObject       *root,
                 const char       *password,
                 SesameKdfBudget  *budget,
                 GError          **error)
{
  JsonObject *header = sesame_json_object (root, "header");
  JsonObject *params = sesame_json_object (header, "params");
  g_autofree guint8 *nonce = NULL, *tag = NULL, *cipher = NULL;
  gsize nonce_size = 0, tag_size = 0, cipher_size = 0;
  guint8 *master, *plain;
  JsonNode *content = NULL;
  gboolean ok;

  master = unwrap_master_key (sesame_json_array (header, "slots"), password, budget, error);
  if (master == NULL)
    return NULL;

  nonce = sesame_hex_decode (sesame_json_string (params, "nonce"), &nonce_size);
  tag = sesame_hex_decode (sesame_json_string (params, "tag"), &tag_size);
  cipher = g_base64_decode (sesame_json_string (root, "db"), &cipher_size);
  if (nonce == NULL || nonce_size == 0 || tag == NULL || tag_size != SESAME_AEAD_TAG_SIZE || cipher_size == 0)
    {
      sesame_secure_free (master, 32);
      sesame_import_set_invalid (error, AEGIS_NAME, _("its encryption parameters are malformed"));
      return NULL;
    }

  plain = sesame_secure_alloc (cipher_size);
  ok = sesame_crypto_aes256gcm_open (master, nonce, nonce_size, cipher, cipher_size, tag, plain);
  sesame_secure_free (master, 32);

  if (ok)
    content = sesame_import_parse_json (plain, cipher_size);
  sesame_secure_free (plain, cipher_size);

  if (!ok)
    sesame_import_set_invalid (error, AEGIS_NAME, _("its content does not authenticate (the file was altered)"));
  else if (content == NULL)
    sesame_import_set_invalid (error, AEGIS_NAME, _("its decrypted content is not JSON"));
  return content;
}

static GHashTable *
read_group_names (JsonObject *db)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *groups = sesame_json_array (db, "groups");

  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonNode *node = json_array_get_element (groups, i);
      JsonObject *group = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *uuid = sesame_json_string (group, "uuid");
      const char *name = sesame_json_string (group, "name");

      if (uuid != NULL && name != NULL)
        g_hash_table_insert (names, g_ascii_strdown (uuid, -1), g_strdup (name));
    }

  return names;
}

static GStrv
entry_groups (JsonObject *entry,
              GHashTable *names)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *uuids = sesame_json_array (entry, "groups");
  const char *old = sesame_json_string (entry, "group");

  if (uuids != NULL)
    {
      for (guint i = 0; i < json_array_get_length (uuids); i++)
        {
          const char *uuid = json_array_get_string_element (uuids, i);
          g_autofree char *lower = uuid != NULL ? g_ascii_strdown (uuid, -1) : NULL;
          const char *name = lower != NULL ? g_hash_table_lookup (names, lower) : NULL;

          /* Aegis drops references to groups the vault does not have. */
          if (name != NULL)
            g_strv_builder_add (builder, name);
        }
    }
  else if (old != NULL && *old != '\0')
    g_strv_builder_add (builder, old);

  return g_strv_builder_end (builder);
}

static void
read_entry (JsonNode           *node,
            guint               index,
            GHashTable         *group_names,
            SesameImportResult *result)
{
  JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *info = sesame_json_object (entry, "info");
  g_auto(GStrv) groups = NULL;
  SesameImportEntry e = { 0 };

  if (entry == NULL || info == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, sesame_json_string (entry, "issuer"),
                                                            sesame_json_string (entry, "name"));
      sesame_import_result_add_failure (result, what, _("It has no “info” object with the key."));
      return;
    }

  groups = entry_groups (entry, group_names);
  e.type = sesame_json_string (entry, "type");
  e.issuer = sesame_json_string (entry, "issuer");
  e.name = sesame_json_string (entry, "name");
  e.note = sesame_json_string (entry, "note");
  e.favorite = sesame_json_bool (entry, "favorite");
  e.groups = (const char * const *) groups;
  e.secret_base32 = sesame_json_string (info, "secret");
  e.algorithm = sesame_json_string (info, "algo");
  e.digits = sesame_json_int (info, "digits", 0);
  e.period = sesame_json_int (info, "period", 0);
  e.counter = MAX (sesame_json_int (info, "counter", 0), 0);

  sesame_import_add_entry (result, index, &e);
}

static gboolean
read_content (JsonNode            *content,
              SesameImportResult  *result,
              GError             **error)
{
  g_autoptr(GHashTable) group_names = NULL;
  JsonObject *db = JSON_NODE_HOLDS_OBJECT (content) ? json_node_get_object (content) : NULL;
  JsonArray *entries = sesame_json_array (db, "entries");
  gint64 version = sesame_json_int (db, "version", -1);

  if (db == NULL || entries == NULL || version < 1)
    {
      sesame_import_set_invalid (error, AEGIS_NAME, _("it has no list of entries"));
      return FALSE;
    }
  if (version > AEGIS_MAX_CONTENT_VERSION)
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION,
                   _("This Aegis vault uses content version %d, newer than Sesame knows (up to %d). "
                     "Update Sesame, or export from Aegis as a plain-text list of links."),
                   (int) version, AEGIS_MAX_CONTENT_VERSION);
      return FALSE;
    }

  group_names = read_group_names (db);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    read_entry (json_array_get_element (entries, i), i + 1, group_names, result);

  return TRUE;
}

static gboolean
aegis_parse (const guint8        *data,
             gsize                size,
             const char          *password,
             SesameImportResult  *result,
             GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) decrypted = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);
  JsonNode *db;

  if (root == NULL || (db = json_object_get_member (root, "db")) == NULL)
    {
      sesame_import_set_invalid (error, AEGIS_NAME, _("it is not an Aegis vault"));
      return FALSE;
    }

  if (sesame_json_int (root, "version", -1) != 1)
    {
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION,
                           _("This Aegis vault has a file version Sesame does not know. Update Sesame."));
      return FALSE;
    }

  if (JSON_NODE_HOLDS_VALUE (db) && json_node_get_value_type (db) == G_TYPE_STRING)
    {
      if (password == NULL)
        {
          g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                               _("This Aegis vault is encrypted. Give its password."));
          return FALSE;
        }
      decrypted = decrypt_content (root, password, sesame_import_kdf_budget (result), error);
      if (decrypted == NULL)
        return FALSE;
      db = decrypted;
    }

  return read_content (db, result, error);
}

const SesameImporter sesame_importer_aegis = {
  .id = "aegis",
  .name = N_("Aegis vault"),
  .detect = aegis_detect,
  .needs_password = aegis_needs_password,
  .parse = aegis_parse,
};
