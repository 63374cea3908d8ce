/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-2fas"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* 2FAS Authenticator backups (.2fas), schema versions 1 to 4:
 * {"schemaVersion": N, "services": [...], "groups": [...]} or, encrypted,
 * "servicesEncrypted": "B64(ciphertext‖tag):B64(salt):B64(iv)" with
 * AES-256-GCM under PBKDF2-HMAC-SHA256(password, salt, 10000). Before
 * schema 3 there is no token type (everything is TOTP); schema 1 has no
 * digits, period or algorithm either. */

#define TWOFAS_NAME _("2FAS backup")
#define TWOFAS_MAX_SCHEMA 4
#define TWOFAS_PBKDF2_ITERATIONS 10000

static guint
twofas_detect (const guint8 *data,
               gsize         size,
               const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);

  if (root == NULL || !json_object_has_member (root, "schemaVersion"))
    return 0;
  if (!json_object_has_member (root, "services") && !json_object_has_member (root, "servicesEncrypted"))
    return 0;

  return 90;
}

static gboolean
twofas_needs_password (const guint8 *data,
                       gsize         size)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);

  return root != NULL && sesame_json_string (root, "servicesEncrypted") != NULL;
}

static JsonNode *
decrypt_services (const char  *encrypted,
                  const char  *password,
                  GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (encrypted, ":", -1);
  g_autofree guint8 *cipher = NULL, *salt = NULL, *iv = NULL;
  gsize cipher_size = 0, salt_size = 0, iv_size = 0;
  guint8 *key, *plain;
  JsonNode *services = NULL;
  gboolean ok;

  if (g_strv_length (parts) != 3)
    {
      sesame_import_set_invalid (error, TWOFAS_NAME, _("its encrypted services are malformed"));
      return NULL;
    }

  cipher = g_base64_decode (parts[0], &cipher_size);
  salt = g_base64_decode (parts[1], &salt_size);
  iv = g_base64_decode (parts[2], &iv_size);
  if (cipher_size <= SESAME_AEAD_TAG_SIZE || salt_size == 0 || iv_size == 0)
    {
      sesame_import_set_invalid (error, TWOFAS_NAME, _("its encrypted services are malformed"));
      return NULL;
    }

  key = sesame_secure_alloc (32);
  if (!sesame_crypto_pbkdf2 (GCRY_MD_SHA256, password, strlen (password), salt, salt_size,
                             TWOFAS_PBKDF2_ITERATIONS, key, 32))
    {
      sesame_secure_free (key, 32);
      sesame_import_set_invalid (error, TWOFAS_NAME, _("the key could not be derived"));
      return NULL;
    }

  cipher_size -= SESAME_AEAD_TAG_SIZE;
  plain = sesame_secure_alloc (cipher_size);
  ok = sesame_crypto_aes256gcm_open (key, iv, iv_size, cipher, cipher_size, cipher + cipher_size, plain);
  sesame_secure_free (key, 32);

  if (ok)
    services = sesame_import_parse_json (plain, cipher_size);
  sesame_secure_free (plain, cipher_size);

  if (!ok)
    sesame_import_set_wrong_password (error, TWOFAS_NAME);
  else if (services == NULL || !JSON_NODE_HOLDS_ARRAY (services))
    {
      g_clear_pointer (&services, json_node_unref);
      sesame_import_set_invalid (error, TWOFAS_NAME, _("its decrypted services are not a JSON list"));
    }

  return services;
}

static GHashTable *
read_group_names (JsonObject *root)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *groups = sesame_json_array (root, "groups");

  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonNode *node = json_array_get_element (groups, i);
      JsonObject *group = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = sesame_json_string (group, "id");
      const char *name = sesame_json_string (group, "name");

      if (id != NULL && name != NULL)
        g_hash_table_insert (names, g_strdup (id), g_strdup (name));
    }

  return names;
}

static void
read_service (JsonNode           *node,
              guint               index,
              GHashTable         *group_names,
              SesameImportResult *result)
{
  JsonObject *service = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *otp = sesame_json_object (service, "otp");
  const char *group_id = sesame_json_string (service, "groupId");
  const char *group = group_id != NULL ? g_hash_table_lookup (group_names, group_id) : NULL;
  const char *groups[] = { group, NULL };
  const char *issuer = sesame_json_string (otp, "issuer");
  SesameImportEntry e = { 0 };

  if (service == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, NULL, NULL);
      sesame_import_result_add_failure (result, what, _("It is not a JSON object."));
      return;
    }

  e.type = sesame_json_string (otp, "tokenType");
  e.issuer = issuer != NULL && *issuer != '\0' ? issuer : sesame_json_string (service, "name");
  e.name = sesame_json_string (otp, "account");
  e.secret_base32 = sesame_json_string (service, "secret");
  e.algorithm = sesame_json_string (otp, "algorithm");
  e.digits = sesame_json_int (otp, "digits", 0);
  e.period = sesame_json_int (otp, "period", 0);
  e.counter = MAX (sesame_json_int (otp, "counter", 0), 0);
  e.groups = group != NULL ? groups : NULL;

  sesame_import_add_entry (result, index, &e);
}

static gboolean
twofas_parse (const guint8        *data,
              gsize                size,
              const char          *password,
              SesameImportResult  *result,
              GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) decrypted = NULL;
  g_autoptr(GHashTable) group_names = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);
  const char *encrypted = sesame_json_string (root, "servicesEncrypted");
  JsonArray *services;
  gint64 schema;

  if (root == NULL)
    {
      sesame_import_set_invalid (error, TWOFAS_NAME, _("it is not JSON"));
      return FALSE;
    }

  schema = sesame_json_int (root, "schemaVersion", -1);
  if (schema < 1 || schema > TWOFAS_MAX_SCHEMA)
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION,
                   _("This 2FAS backup uses schema version %d; Sesame reads versions 1 to %d. "
                     "Update Sesame, or export from 2FAS as a list of links."),
                   (int) schema, TWOFAS_MAX_SCHEMA);
      return FALSE;
    }

  if (encrypted != NULL && *encrypted != '\0')
    {
      if (password == NULL)
        {
          g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                               _("This 2FAS backup is encrypted. Give its password."));
          return FALSE;
        }
      decrypted = decrypt_services (encrypted, password, error);
      if (decrypted == NULL)
        return FALSE;
      services = json_node_get_array (decrypted);
    }
  else
    {
      services = sesame_json_array (root, "services");
      if (services == NULL)
        {
          sesame_import_set_invalid (error, TWOFAS_NAME, _("it has no list of services"));
          return FALSE;
        }
    }

  group_names = read_group_names (root);
  for (guint i = 0; i < json_array_get_length (services); i++)
    read_service (json_array_get_element (services, i), i + 1, group_names, result);

  return TRUE;
}

const SesameImporter sesame_importer_2fas = {
  .id = "2fas",
  .name = N_("2FAS backup"),
  .detect = twofas_detect,
  .needs_password = twofas_needs_password,
  .parse = twofas_parse,
};
