/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-freeotp-app"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* FreeOTP (the Red Hat app, not FreeOTP+), two generations:
 *
 * v1: the app's shared preferences (tokens.xml from a rooted phone), one
 * <string name="issuer:label"> per token holding its JSON: algo, counter,
 * digits, issuerExt, label, period, type, secret as signed bytes; and a
 * "tokenOrder" list. The counter is kept as the file has it.
 *
 * v2: the backup file the app writes, a Java-serialised HashMap of
 * strings: "masterKey" → {mAlgorithm: PBKDF2withHmacSHA1|SHA512,
 * mIterations, mSalt, mEncryptedKey: {mCipher "AES/GCM/NoPadding",
 * mCipherText (key ‖ tag), mParameters (DER: SEQUENCE {OCTET STRING nonce,
 * INTEGER tag length}), mToken (the additional data)}}; "<uuid>" →
 * {"key": "<the token's key encrypted under the master key, same form>"};
 * "<uuid>-token" → the token's JSON without its key. */

#define FREEOTP_NAME _("FreeOTP backup")

#define JAVA_MAGIC 0xaced
#define JAVA_VERSION 5
#define TC_NULL 0x70
#define TC_REFERENCE 0x71
#define TC_CLASSDESC 0x72
#define TC_OBJECT 0x73
#define TC_STRING 0x74
#define TC_BLOCKDATA 0x77
#define TC_ENDBLOCKDATA 0x78
#define TC_LONGSTRING 0x7c
#define BASE_HANDLE 0x7e0000

#define MAX_ENTRIES 100000

static gboolean
is_serialised (const guint8 *data,
               gsize         size)
{
  return size > 8 && data[0] == 0xac && data[1] == 0xed && data[2] == 0x00 && data[3] == JAVA_VERSION;
}

static guint
freeotp_app_detect (const guint8 *data,
                    gsize         size,
                    const char   *filename)
{
  if (is_serialised (data, size))
    return size > 8 + 17 && data[4] == TC_OBJECT && data[5] == TC_CLASSDESC &&
           memcmp (data + 8, "java.util.HashMap", 17) == 0 ? 90 : 0;

  if (sesame_import_looks_like_shared_prefs (data, size, "issuerExt") &&
      sesame_import_looks_like_shared_prefs (data, size, "tokenOrder"))
    return 85;
  return 0;
}

static gboolean
freeotp_app_needs_password (const guint8 *data,
                            gsize         size)
{
  return is_serialised (data, size);
}

/* {{{ Java serialisation: a HashMap<String, String> and nothing else */

typedef struct
{
  const guint8 *data;
  gsize size;
  gsize at;
  GPtrArray *handles;   /* of strings (NULL for class descriptions and the map) */
} Reader;

static gboolean
take (Reader  *r,
      gsize    n,
      const guint8 **out)
{
  if (r->size - r->at < n)
    return FALSE;
  *out = r->data + r->at;
  r->at += n;
  return TRUE;
}

static gboolean
read_u8 (Reader *r,
         guint  *out)
{
  const guint8 *p;

  if (!take (r, 1, &p))
    return FALSE;
  *out = p[0];
  return TRUE;
}

static gboolean
read_u16 (Reader *r,
          guint  *out)
{
  const guint8 *p;

  if (!take (r, 2, &p))
    return FALSE;
  *out = (guint) p[0] << 8 | p[1];
  return TRUE;
}

static gboolean
read_u32 (Reader  *r,
          guint32 *out)
{
  const guint8 *p;

  if (!take (r, 4, &p))
    return FALSE;
  *out = (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
  return TRUE;
}

static gboolean
skip_utf (Reader *r)
{
  const guint8 *p;
  guint length;

  return read_u16 (r, &length) && take (r, length, &p);
}

/* A string object (new, or a reference to an earlier one): borrowed. */
static const char *
read_string (Reader *r)
{
  const guint8 *p;
  guint tag;
  guint64 length;
  char *text;

  if (!read_u8 (r, &tag))
    return NULL;

  if (tag == TC_REFERENCE)
    {
      guint32 handle;

      if (!read_u32 (r, &handle) || handle < BASE_HANDLE || handle - BASE_HANDLE >= r->handles->len)
        return NULL;
      return g_ptr_array_index (r->handles, handle - BASE_HANDLE);
    }

  if (tag == TC_STRING)
    {
      guint short_length;

      if (!read_u16 (r, &short_length))
        return NULL;
      length = short_length;
    }
  else if (tag == TC_LONGSTRING)
    {
      guint32 high, low;

      if (!read_u32 (r, &high) || !read_u32 (r, &low))
        return NULL;
      length = (guint64) high << 32 | low;
    }
  else
    return NULL;

  if (length > r->size || !take (r, length, &p) || !g_utf8_validate ((const char *) p, length, NULL))
    return NULL;

  text = g_strndup ((const char *) p, length);
  g_ptr_array_add (r->handles, text);
  return text;
}

/* The map's entries, key → value (wiped when freed); NULL when the data is
 * not a serialised HashMap of strings. */
static GHashTable *
read_hash_map (const guint8 *data,
               gsize         size)
{
  g_autoptr(GPtrArray) handles = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_str_wipe_free);
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  Reader r = { data, size, 4, handles };
  const guint8 *p;
  guint tag, flags, fields, block;
  guint32 capacity, count;
  gsize values = 0;

  /* The object, its class description (java.util.HashMap), the class's
   * primitive fields (loadFactor, threshold), no superclass. */
  if (!read_u8 (&r, &tag) || tag != TC_OBJECT || !read_u8 (&r, &tag) || tag != TC_CLASSDESC)
    return NULL;
  if (!read_u16 (&r, &fields) || !take (&r, fields, &p) || fields != 17 || memcmp (p, "java.util.HashMap", 17) != 0)
    return NULL;
  g_ptr_array_add (handles, NULL);                                /* the class description */
  if (!take (&r, 8, &p) || !read_u8 (&r, &flags) || !read_u16 (&r, &fields))
    return NULL;
  for (guint i = 0; i < fields; i++)
    {
      guint type;

      if (!read_u8 (&r, &type) || !skip_utf (&r))
        return NULL;
      if (type == 'F' || type == 'I')
        values += 4;
      else
        return NULL;
    }
  if (!read_u8 (&r, &tag) || tag != TC_ENDBLOCKDATA || !read_u8 (&r, &tag) || tag != TC_NULL)
    return NULL;
  g_ptr_array_add (handles, NULL);                                /* the map */
  if (!take (&r, values, &p))
    return NULL;

  /* writeObject's block: capacity, size; then the pairs. */
  if (!read_u8 (&r, &tag) || tag != TC_BLOCKDATA || !read_u8 (&r, &block) || block != 8 ||
      !read_u32 (&r, &capacity) || !read_u32 (&r, &count) || count > MAX_ENTRIES)
    return NULL;

  for (guint32 i = 0; i < count; i++)
    {
      const char *key = read_string (&r);
      const char *value = key != NULL ? read_string (&r) : NULL;

      if (value == NULL)
        return NULL;
      g_hash_table_replace (map, (char *) key, (char *) value);
    }

  /* The strings now belong to a table that wipes them. */
  {
    GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sesame_str_wipe_free);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, map);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (out, g_strdup (key), g_strdup (value));
    return out;
  }
}

/* }}} */

/* The nonce from a DER "GCMParameters" SEQUENCE { OCTET STRING, INTEGER }. */
static gboolean
parse_nonce (const guint8  *der,
             gsize          size,
             const guint8 **nonce,
             gsize         *nonce_size)
{
  gsize at = 2;

  if (size < 2 || der[0] != 0x30 || der[1] >= 0x80 || (gsize) der[1] + 2 > size)
    return FALSE;
  size = der[1] + 2;

  while (at + 2 <= size)
    {
      guint tag = der[at], length = der[at + 1];

      if (length >= 0x80 || at + 2 + length > size)
        return FALSE;
      if (tag == 0x04 && length > 0)
        {
          *nonce = der + at + 2;
          *nonce_size = length;
          return TRUE;
        }
      at += 2 + length;
    }
  return FALSE;
}

/* Opens an {mCipher, mCipherText, mParameters, mToken} object: the clear
 * bytes in secure memory, or NULL. */
static guint8 *
open_sealed (JsonObject   *sealed,
             const guint8  key[32],
             gsize        *out_size,
             gboolean     *malformed)
{
  g_autofree guint8 *nonce_der = NULL;
  const char *token = sesame_json_string (sealed, "mToken");
  const guint8 *nonce = NULL;
  gsize nonce_size = 0, der_size = 0, cipher_size = 0;
  guint8 *cipher, *der, *plain;

  *malformed = TRUE;
  if (g_strcmp0 (sesame_json_string (sealed, "mCipher"), "AES/GCM/NoPadding") != 0 || token == NULL)
    return NULL;

  der = sesame_import_json_bytes (sesame_json_array (sealed, "mParameters"), &der_size);
  if (der == NULL)
    return NULL;
  if (!parse_nonce (der, der_size, &nonce, &nonce_size))
    {
      sesame_secure_free (der, der_size);
      return NULL;
    }

  cipher = sesame_import_json_bytes (sesame_json_array (sealed, "mCipherText"), &cipher_size);
  if (cipher == NULL || cipher_size <= SESAME_AEAD_TAG_SIZE)
    {
      sesame_secure_free (der, der_size);
      sesame_secure_free (cipher, cipher_size);
      return NULL;
    }

  *malformed = FALSE;
  plain = sesame_secure_alloc (cipher_size - SESAME_AEAD_TAG_SIZE);
  if (!sesame_import_aes256gcm_open_ad (key, nonce, nonce_size, (const guint8 *) token, strlen (token),
                                        cipher, cipher_size, plain))
    {
      sesame_secure_free (plain, cipher_size - SESAME_AEAD_TAG_SIZE);
      plain = NULL;
    }
  else
    *out_size = cipher_size - SESAME_AEAD_TAG_SIZE;

  sesame_secure_free (der, der_size);
  sesame_secure_free (cipher, cipher_size);
  return plain;
}

/* A token's JSON (v1 or v2) with its key. */
static void
add_token (JsonObject         *token,
           const guint8       *secret,
           gsize               secret_size,
           guint               index,
           SesameImportResult *result)
{
  const char *type = sesame_json_string (token, "type");
  SesameImportEntry e = { 0 };

  e.issuer = sesame_json_string (token, "issuerExt");
  if (e.issuer == NULL || *e.issuer == '\0')
    e.issuer = sesame_json_string (token, "issuerInt");
  e.name = sesame_json_string (token, "label");

  if (secret == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, e.issuer, e.name);
      sesame_import_result_add_failure (result, what, _("Its key is missing or is not a list of bytes."));
      return;
    }

  if (g_strcmp0 (type, "TOTP") == 0 && g_strcmp0 (e.issuer, "Steam") == 0)
    type = "steam";

  e.type = type;
  e.secret = secret;
  e.secret_size = secret_size;
  e.algorithm = sesame_json_string (token, "algo");
  e.digits = sesame_json_int (token, "digits", 0);
  e.period = sesame_json_int (token, "period", 0);
  e.counter = MAX (sesame_json_int (token, "counter", 0), 0);
  sesame_import_add_entry (result, index, &e);
}

static gboolean
parse_v1 (const guint8        *data,
          gsize                size,
          SesameImportResult  *result,
          GError             **error)
{
  g_autoptr(GHashTable) prefs = sesame_import_parse_shared_prefs (data, size);
  g_autoptr(JsonNode) order_node = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *order;

  if (prefs == NULL)
    {
      sesame_import_set_invalid (error, FREEOTP_NAME, _("it is not an XML list of tokens"));
      return FALSE;
    }

  /* In the app's order when there is one, then any other token. */
  order = g_hash_table_lookup (prefs, "tokenOrder");
  if (order != NULL)
    order_node = sesame_import_parse_json ((const guint8 *) order, strlen (order));
  if (order_node != NULL && JSON_NODE_HOLDS_ARRAY (order_node))
    {
      JsonArray *array = json_node_get_array (order_node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *node = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
              g_hash_table_contains (prefs, json_node_get_string (node)) &&
              !g_ptr_array_find_with_equal_func (names, json_node_get_string (node), g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (json_node_get_string (node)));
        }
    }
  {
    g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (prefs), (GCompareFunc) g_strcmp0);

    for (GList *l = keys; l != NULL; l = l->next)
      if (!g_str_equal (l->data, "tokenOrder") &&
          !g_ptr_array_find_with_equal_func (names, l->data, g_str_equal, NULL))
        g_ptr_array_add (names, g_strdup (l->data));
  }

  for (guint i = 0; i < names->len; i++)
    {
      const char *value = g_hash_table_lookup (prefs, g_ptr_array_index (names, i));
      g_autoptr(JsonNode) node = NULL;
      JsonObject *token = sesame_import_parse_json_object ((const guint8 *) value, strlen (value), &node);
      guint8 *secret = NULL;
      gsize secret_size = 0;

      if (token == NULL)
        {
          g_autofree char *what = sesame_import_describe_entry (i + 1, NULL, g_ptr_array_index (names, i));
          sesame_import_result_add_failure (result, what, _("It is not a JSON object."));
          continue;
        }
      secret = sesame_import_json_bytes (sesame_json_array (token, "secret"), &secret_size);
      add_token (token, secret, secret_size, i + 1, result);
      sesame_secure_free (secret, secret_size);
    }

  return TRUE;
}

/* The master key, or NULL with @error. */
static guint8 *
open_master_key (const char          *master,
                 const char          *password,
                 SesameImportResult  *result,
                 GError             **error)
{
  SesameKdfParams params = { .algorithm = SESAME_KDF_PBKDF2 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = master != NULL ? sesame_import_parse_json_object ((const guint8 *) master, strlen (master), &node) : NULL;
  const char *algorithm = sesame_json_string (object, "mAlgorithm");
  gint64 iterations = sesame_json_int (object, "mIterations", 0);
  guint8 *salt, *key, *master_key;
  gsize salt_size = 0, master_size = 0;
  gboolean malformed = FALSE;
  int md;

  if (object == NULL)
    {
      sesame_import_set_invalid (error, FREEOTP_NAME, _("it has no master key"));
      return NULL;
    }
  if (g_strcmp0 (algorithm, "PBKDF2withHmacSHA1") == 0)
    md = GCRY_MD_SHA1;
  else if (g_strcmp0 (algorithm, "PBKDF2withHmacSHA512") == 0)
    md = GCRY_MD_SHA512;
  else
    {
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION,
                           _("This FreeOTP backup protects its key in a way Sesame does not know."));
      return NULL;
    }

  salt = sesame_import_json_bytes (sesame_json_array (object, "mSalt"), &salt_size);
  if (salt == NULL)
    {
      sesame_import_set_invalid (error, FREEOTP_NAME, _("its master key has no salt"));
      return NULL;
    }

  /* The iteration count comes from the file: bounded before any work. */
  params.md_algo = md;
  params.iterations = iterations;
  key = sesame_secure_alloc (32);
  if (!sesame_kdf_derive (sesame_import_kdf_budget (result), &params, FREEOTP_NAME, password, strlen (password),
                          salt, salt_size, key, 32, error))
    {
      sesame_secure_free (salt, salt_size);
      sesame_secure_free (key, 32);
      return NULL;
    }
  sesame_secure_free (salt, salt_size);

  master_key = open_sealed (sesame_json_object (object, "mEncryptedKey"), key, &master_size, &malformed);
  sesame_secure_free (key, 32);

  if (master_key != NULL && master_size != 32)
    {
      sesame_secure_free (master_key, master_size);
      master_key = NULL;
      malformed = TRUE;
    }
  if (master_key == NULL)
    {
      if (malformed)
        sesame_import_set_invalid (error, FREEOTP_NAME, _("its master key is malformed"));
      else
        sesame_import_set_wrong_password (error, FREEOTP_NAME);
    }
  return master_key;
}

static gboolean
parse_v2 (const guint8        *data,
          gsize                size,
          const char          *password,
          SesameImportResult  *result,
          GError             **error)
{
  g_autoptr(GHashTable) map = read_hash_map (data, size);
  g_autoptr(GList) keys = NULL;
  guint8 *master_key;
  guint index = 0;

  if (map == NULL)
    {
      sesame_import_set_invalid (error, FREEOTP_NAME, _("it is not a serialised list of tokens"));
      return FALSE;
    }

  master_key = open_master_key (g_hash_table_lookup (map, "masterKey"), password, result, error);
  if (master_key == NULL)
    return FALSE;

  keys = g_list_sort (g_hash_table_get_keys (map), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *id = l->data;
      g_autofree char *token_id = NULL;
      g_autoptr(JsonNode) sealed_node = NULL, key_node = NULL, token_node = NULL;
      const char *value = g_hash_table_lookup (map, id), *token_text, *key_text;
      JsonObject *sealed, *key, *token;
      guint8 *secret = NULL;
      gsize secret_size = 0;
      gboolean malformed = FALSE;

      if (g_str_equal (id, "masterKey") || g_str_has_suffix (id, "-token"))
        continue;

      index++;
      token_id = g_strconcat (id, "-token", NULL);
      token_text = g_hash_table_lookup (map, token_id);
      token = token_text != NULL ? sesame_import_parse_json_object ((const guint8 *) token_text, strlen (token_text), &token_node) : NULL;
      sealed = sesame_import_parse_json_object ((const guint8 *) value, strlen (value), &sealed_node);
      key_text = sesame_json_string (sealed, "key");
      key = key_text != NULL ? sesame_import_parse_json_object ((const guint8 *) key_text, strlen (key_text), &key_node) : NULL;

      if (token == NULL || key == NULL)
        {
          g_autofree char *what = sesame_import_describe_entry (index, sesame_json_string (token, "issuerExt"),
                                                                sesame_json_string (token, "label"));
          sesame_import_result_add_failure (result, what, _("Its description or its key is missing."));
          continue;
        }

      secret = open_sealed (key, master_key, &secret_size, &malformed);
      if (secret == NULL)
        {
          g_autofree char *what = sesame_import_describe_entry (index, sesame_json_string (token, "issuerExt"),
                                                                sesame_json_string (token, "label"));
          sesame_import_result_add_failure (result, what, malformed ? _("Its key is malformed.")
                                                                    : _("Its key does not open with the backup's master key."));
          continue;
        }
      add_token (token, secret, secret_size, index, result);
      sesame_secure_free (secret, secret_size);
    }

  sesame_secure_free (master_key, 32);
  return TRUE;
}

static gboolean
freeotp_app_parse (const guint8        *data,
                   gsize                size,
                   const char          *password,
                   SesameImportResult  *result,
                   GError             **error)
{
  if (!is_serialised (data, size))
    return parse_v1 (data, size, result, error);

  if (password == NULL)
    {
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                           _("This FreeOTP backup is encrypted. Give its password."));
      return FALSE;
    }
  return parse_v2 (data, size, password, result, error);
}

const SesameImporter sesame_importer_freeotp_app = {
  .id = "freeotp-app",
  .name = N_("FreeOTP backup"),
  .detect = freeotp_app_detect,
  .needs_password = freeotp_app_needs_password,
  .parse = freeotp_app_parse,
};
