/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-andotp"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* andOTP backups: a JSON array of accounts, plain or encrypted.
 * New encryption: [4-byte big-endian PBKDF2 iterations][12-byte salt]
 * [12-byte nonce][AES-256-GCM ciphertext][16-byte tag], key =
 * PBKDF2-HMAC-SHA1(password, salt, iterations, 32).
 * Old encryption: [12-byte nonce][ciphertext][tag], key = SHA-256(password);
 * its entries have no "issuer", the label is "Issuer - Name". */

#define ANDOTP_NAME _("andOTP backup")
#define NEW_HEADER (4 + 12 + 12)
#define OLD_HEADER 12

static gboolean
looks_like_accounts (JsonNode *node)
{
  JsonArray *array;
  JsonNode *first;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return FALSE;

  first = json_array_get_element (array, 0);
  return JSON_NODE_HOLDS_OBJECT (first) &&
         json_object_has_member (json_node_get_object (first), "secret") &&
         json_object_has_member (json_node_get_object (first), "label");
}

static gboolean
has_andotp_name (const char *filename)
{
  g_autofree char *lower = filename != NULL ? g_ascii_strdown (filename, -1) : NULL;

  return lower != NULL && (strstr (lower, "andotp") != NULL || strstr (lower, "otp_accounts") != NULL ||
                           g_str_has_suffix (lower, ".json.aes"));
}

static guint
andotp_detect (const guint8 *data,
               gsize         size,
               const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;

  if (sesame_looks_like_text (data, size))
    {
      node = sesame_import_parse_json (data, size);
      return looks_like_accounts (node) ? 80 : 0;
    }

  /* Encrypted backups are random bytes: only the name can tell. */
  return size > NEW_HEADER + SESAME_AEAD_TAG_SIZE && has_andotp_name (filename) ? 40 : 0;
}

static gboolean
andotp_needs_password (const guint8 *data,
                       gsize         size)
{
  return !sesame_looks_like_text (data, size);
}

/* Returns FALSE with @error only when the derivation was refused or
 * cancelled; a key that does not open the file gives TRUE and no @plain. */
static gboolean
decrypt_new (const guint8     *data,
             gsize             size,
             const char       *password,
             SesameKdfBudget  *budget,
             guint8          **plain_out,
             gsize            *plain_size,
             GError          **error)
{
  SesameKdfParams params = { .algorithm = SESAME_KDF_PBKDF2, .md_algo = GCRY_MD_SHA1 };
  gsize cipher_size;
  guint8 *key, *plain;
  gboolean ok;

  *plain_out = NULL;
  if (size <= NEW_HEADER + SESAME_AEAD_TAG_SIZE)
    return TRUE;

  /* Beyond the bounds, this is not a file of the new encryption (or not
   * one that anybody could have made): the password does not open it. */
  params.iterations = (guint32) data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3];
  if (!sesame_kdf_check (&params, ANDOTP_NAME, NULL))
    return TRUE;

  key = sesame_secure_alloc (32);
  if (!sesame_kdf_derive (budget, &params, ANDOTP_NAME, password, strlen (password), data + 4, 12, key, 32, error))
    {
      sesame_secure_free (key, 32);
      return FALSE;
    }

  cipher_size = size - NEW_HEADER - SESAME_AEAD_TAG_SIZE;
  plain = sesame_secure_alloc (cipher_size);
  ok = sesame_crypto_aes256gcm_open (key, data + 16, 12, data + NEW_HEADER, cipher_size,
                                     data + size - SESAME_AEAD_TAG_SIZE, plain);
  sesame_secure_free (key, 32);
  if (!ok)
    {
      sesame_secure_free (plain, cipher_size);
      return TRUE;
    }

  *plain_size = cipher_size;
  *plain_out = plain;
  return TRUE;
}

static guint8 *
decrypt_old (const guint8 *data,
             gsize         size,
             const char   *password,
             gsize        *plain_size)
{
  gsize cipher_size;
  guint8 *key, *plain;
  gboolean ok;

  if (size <= OLD_HEADER + SESAME_AEAD_TAG_SIZE)
    return NULL;

  key = sesame_secure_alloc (32);
  gcry_md_hash_buffer (GCRY_MD_SHA256, key, password, strlen (password));

  cipher_size = size - OLD_HEADER - SESAME_AEAD_TAG_SIZE;
  plain = sesame_secure_alloc (cipher_size);
  ok = sesame_crypto_aes256gcm_open (key, data, 12, data + OLD_HEADER, cipher_size,
                                     data + size - SESAME_AEAD_TAG_SIZE, plain);
  sesame_secure_free (key, 32);
  if (!ok)
    {
      sesame_secure_free (plain, cipher_size);
      return NULL;
    }

  *plain_size = cipher_size;
  return plain;
}

static void
read_account (JsonNode           *node,
              guint               index,
              SesameImportResult *result)
{
  JsonObject *account = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *tags = sesame_json_array (account, "tags");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) groups = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *name = NULL;
  const char *label = sesame_json_string (account, "label");
  SesameImportEntry e = { 0 };

  if (account == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, NULL, NULL);
      sesame_import_result_add_failure (result, what, _("It is not a JSON object."));
      return;
    }

  if (sesame_json_string (account, "issuer") != NULL)
    {
      issuer = g_strdup (sesame_json_string (account, "issuer"));
      name = g_strdup (label);
    }
  else if (label != NULL && strstr (label, " - ") != NULL)
    {
      /* Old backups put "Issuer - Name" in the label. */
      const char *sep = strstr (label, " - ");
      issuer = g_strndup (label, sep - label);
      name = g_strdup (sep + 3);
    }
  else
    name = g_strdup (label);

  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      const char *tag = json_array_get_string_element (tags, i);
      if (tag != NULL && *tag != '\0')
        g_strv_builder_add (builder, tag);
    }
  groups = g_strv_builder_end (builder);

  e.type = sesame_json_string (account, "type");
  e.issuer = issuer;
  e.name = name;
  e.secret_base32 = sesame_json_string (account, "secret");
  e.algorithm = sesame_json_string (account, "algorithm");
  e.digits = sesame_json_int (account, "digits", 0);
  e.period = sesame_json_int (account, "period", 0);
  e.counter = MAX (sesame_json_int (account, "counter", 0), 0);
  e.groups = (const char * const *) groups;

  sesame_import_add_entry (result, index, &e);
}

static gboolean
read_accounts (JsonNode            *node,
               SesameImportResult  *result,
               GError             **error)
{
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      sesame_import_set_invalid (error, ANDOTP_NAME, _("it is not a JSON list of accounts"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    read_account (json_array_get_element (array, i), i + 1, result);

  return TRUE;
}

static gboolean
andotp_parse (const guint8        *data,
              gsize                size,
              const char          *password,
              SesameImportResult  *result,
              GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  guint8 *plain;
  gsize plain_size = 0;

  if (sesame_looks_like_text (data, size))
    {
      node = sesame_import_parse_json (data, size);
      return read_accounts (node, result, error);
    }

  if (password == NULL)
    {
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                           _("This andOTP backup is encrypted. Give its password."));
      return FALSE;
    }

  /* The old encryption first: it costs one hash, and its files start with
   * a random nonce that would read as any iteration count. */
  plain = decrypt_old (data, size, password, &plain_size);
  if (plain == NULL && !decrypt_new (data, size, password, sesame_import_kdf_budget (result), &plain, &plain_size,
                                     error))
    return FALSE;
  if (plain == NULL)
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_WRONG_PASSWORD,
                   _("The password does not open this andOTP backup, or the file is damaged. "
                     "Check the password and try again."));
      return FALSE;
    }

  node = sesame_import_parse_json (plain, plain_size);
  sesame_secure_free (plain, plain_size);
  return read_accounts (node, result, error);
}

const SesameImporter sesame_importer_andotp = {
  .id = "andotp",
  .name = N_("andOTP backup"),
  .detect = andotp_detect,
  .needs_password = andotp_needs_password,
  .parse = andotp_parse,
};
