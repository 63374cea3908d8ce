/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"

/* What the importers of apps' own data share: Android shared-preferences
 * XML files, SQLite databases read from memory, Java byte arrays written
 * as JSON, and the bounds on key-derivation work a file may ask for. */

/* {{{ Shared preferences */

typedef struct
{
  GHashTable *values;
  char *name;          /* of the open <string> */
  GString *text;
  guint depth;
  gboolean is_map;
} PrefsParser;

static void
prefs_start (GMarkupParseContext  *context,
             const char           *element,
             const char          **names,
             const char          **values,
             gpointer              user_data,
             GError              **error)
{
  PrefsParser *parser = user_data;
  const char *name = NULL, *value = NULL;

  parser->depth++;
  if (parser->depth == 1)
    {
      if (!g_str_equal (element, "map"))
        g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "not a map");
      parser->is_map = TRUE;
      return;
    }
  if (parser->depth != 2)
    return;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (g_str_equal (names[i], "name"))
        name = values[i];
      else if (g_str_equal (names[i], "value"))
        value = values[i];
    }
  if (name == NULL)
    return;

  if (g_str_equal (element, "string"))
    {
      g_free (parser->name);
      parser->name = g_strdup (name);
      g_string_truncate (parser->text, 0);
    }
  else if (value != NULL)
    g_hash_table_replace (parser->values, g_strdup (name), g_strdup (value));
}

static void
prefs_end (GMarkupParseContext  *context,
           const char           *element,
           gpointer              user_data,
           GError              **error)
{
  PrefsParser *parser = user_data;

  if (parser->depth == 2 && parser->name != NULL && g_str_equal (element, "string"))
    {
      g_hash_table_replace (parser->values, g_steal_pointer (&parser->name), g_strdup (parser->text->str));
      sesame_memwipe (parser->text->str, parser->text->len);
      g_string_truncate (parser->text, 0);
    }
  parser->depth--;
}

static void
prefs_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 size,
            gpointer              user_data,
            GError              **error)
{
  PrefsParser *parser = user_data;

  if (parser->depth == 2 && parser->name != NULL)
    g_string_append_len (parser->text, text, size);
}

static void
wipe_free (gpointer value)
{
  sesame_str_wipe_free (value);
}

/**
 * sesame_import_parse_shared_prefs:
 *
 * Returns: (transfer full) (nullable): name → value; the values are wiped
 *   when the table is destroyed
 */
GHashTable *
sesame_import_parse_shared_prefs (const guint8 *data,
                                  gsize         size)
{
  static const GMarkupParser callbacks = { prefs_start, prefs_end, prefs_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  PrefsParser parser = { 0 };
  gboolean ok;

  if (size == 0 || !sesame_looks_like_text (data, size))
    return NULL;

  parser.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  parser.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&callbacks, 0, &parser, NULL);
  /* The parser's errors may quote the text, keys included: not kept. */
  ok = g_markup_parse_context_parse (context, (const char *) data, size, NULL) &&
       g_markup_parse_context_end_parse (context, NULL) && parser.is_map;

  sesame_memwipe (parser.text->str, parser.text->len);
  g_string_free (parser.text, TRUE);
  g_free (parser.name);
  if (!ok)
    {
      g_hash_table_unref (parser.values);
      return NULL;
    }
  return parser.values;
}

/* Cheap look for detection: an XML <map> holding @needle. */
gboolean
sesame_import_looks_like_shared_prefs (const guint8 *data,
                                       gsize         size,
                                       const char   *needle)
{
  g_autofree char *text = NULL;

  if (size == 0 || size > 16 * 1024 * 1024 || memchr (data, '\0', size) != NULL)
    return FALSE;

  text = g_strndup ((const char *) data, size);
  return strstr (text, "<map") != NULL && strstr (text, needle) != NULL;
}

/* }}} */

/* {{{ SQLite */

#define SQLITE_MAGIC "SQLite format 3"

gboolean
sesame_import_is_sqlite (const guint8 *data,
                         gsize         size)
{
  return size >= 512 && memcmp (data, SQLITE_MAGIC, sizeof SQLITE_MAGIC) == 0;
}

guint
sesame_import_sqlite_detect (const guint8       *data,
                             gsize               size,
                             SesameSqliteIsOurs  is_ours,
                             guint               damaged_score)
{
  sqlite3 *db;
  gboolean ours;

  if (!sesame_import_is_sqlite (data, size))
    return 0;
  db = sesame_import_open_sqlite (data, size);
  if (db == NULL)
    return damaged_score;
  ours = is_ours (db);
  sqlite3_close (db);
  return ours ? 90 : 0;
}

const char *
sesame_import_sqlite_text (sqlite3_stmt *statement,
                           int           column)
{
  const char *text = (const char *) sqlite3_column_text (statement, column);

  return text != NULL ? text : "";
}

/**
 * sesame_import_open_sqlite:
 *
 * Opens @data read-only, in memory; nothing is written anywhere. Close with
 * sqlite3_close().
 */
sqlite3 *
sesame_import_open_sqlite (const guint8 *data,
                           gsize         size)
{
  sqlite3 *db = NULL;
  int defensive = 1;

  if (!sesame_import_is_sqlite (data, size))
    return NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_PRIVATECACHE, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, &defensive);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  /* A damaged file must not make SQLite allocate or loop without end. */
  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, 1024 * 1024);
  sqlite3_limit (db, SQLITE_LIMIT_SQL_LENGTH, 64 * 1024);

  /* The buffer is only read: SQLITE_DESERIALIZE_READONLY. */
  if (sqlite3_deserialize (db, "main", (unsigned char *) data, size, size,
                           SQLITE_DESERIALIZE_READONLY) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA query_only = 1; SELECT count(*) FROM sqlite_master;", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

/* Whether @table exists with every one of @columns. */
gboolean
sesame_import_sqlite_has_columns (sqlite3            *db,
                                  const char         *table,
                                  const char * const *columns)
{
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info(?1)", -1, &statement, NULL) != SQLITE_OK)
    return FALSE;

  sqlite3_bind_text (statement, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (statement) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (statement, 0);

      if (name != NULL)
        g_hash_table_add (found, g_ascii_strdown (name, -1));
    }
  sqlite3_finalize (statement);

  for (guint i = 0; columns[i] != NULL; i++)
    if (!g_hash_table_contains (found, columns[i]))
      return FALSE;

  return TRUE;
}

/* }}} */

/**
 * sesame_import_json_bytes:
 *
 * Returns: (nullable): the bytes in secure memory (free with
 *   sesame_secure_free (bytes, *size)), or %NULL when @bytes is missing,
 *   empty or holds anything but numbers from -128 to 255
 */
guint8 *
sesame_import_json_bytes (JsonArray *bytes,
                          gsize     *size)
{
  guint length = bytes != NULL ? json_array_get_length (bytes) : 0;
  guint8 *out;

  if (length == 0)
    return NULL;

  out = sesame_secure_alloc (length);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (bytes, i);
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          (value = json_node_get_int (node)) < -128 || value > 255)
        {
          sesame_secure_free (out, length);
          return NULL;
        }
      out[i] = (guint8) (value & 0xff);
    }

  *size = length;
  return out;
}

/* {{{ Ciphers of other apps */

/* AES-256-CBC with PKCS#7 padding: the plain text (secure memory, free
 * with sesame_secure_free (text, *out_size + 1); NUL-terminated), or %NULL
 * when the size or the padding is wrong, as a wrong key makes it. */
guint8 *
sesame_import_aes256cbc_decrypt (const guint8  key[32],
                                 const guint8  iv[16],
                                 const guint8 *in,
                                 gsize         size,
                                 gsize        *out_size)
{
  gcry_cipher_hd_t cipher = NULL;
  guint8 *out;
  guint pad;

  if (size == 0 || size % 16 != 0)
    return NULL;
  if (gcry_cipher_open (&cipher, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_CBC, GCRY_CIPHER_SECURE) != 0)
    return NULL;

  out = sesame_secure_alloc (size + 1);
  if (gcry_cipher_setkey (cipher, key, 32) != 0 || gcry_cipher_setiv (cipher, iv, 16) != 0 ||
      gcry_cipher_decrypt (cipher, out, size, in, size) != 0)
    {
      gcry_cipher_close (cipher);
      sesame_secure_free (out, size + 1);
      return NULL;
    }
  gcry_cipher_close (cipher);

  pad = out[size - 1];
  if (pad < 1 || pad > 16)
    {
      sesame_secure_free (out, size + 1);
      return NULL;
    }
  for (guint i = 0; i < pad; i++)
    if (out[size - 1 - i] != pad)
      {
        sesame_secure_free (out, size + 1);
        return NULL;
      }

  /* The padding stays allocated (and is wiped with the rest). */
  *out_size = size - pad;
  memset (out + *out_size, 0, pad + 1);
  return out;
}

/* AES-256-GCM with additional data; @in ends with the 16-byte tag. */
gboolean
sesame_import_aes256gcm_open_ad (const guint8  key[32],
                                 const guint8 *nonce,
                                 gsize         nonce_size,
                                 const guint8 *ad,
                                 gsize         ad_size,
                                 const guint8 *in,
                                 gsize         size,
                                 guint8       *out)
{
  gcry_cipher_hd_t cipher = NULL;
  gsize text = size - SESAME_AEAD_TAG_SIZE;
  gboolean ok;

  if (size < SESAME_AEAD_TAG_SIZE || nonce_size == 0)
    return FALSE;
  if (gcry_cipher_open (&cipher, GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_GCM, GCRY_CIPHER_SECURE) != 0)
    return FALSE;

  ok = gcry_cipher_setkey (cipher, key, 32) == 0 &&
       gcry_cipher_setiv (cipher, nonce, nonce_size) == 0 &&
       (ad_size == 0 || gcry_cipher_authenticate (cipher, ad, ad_size) == 0) &&
       gcry_cipher_final (cipher) == 0 &&
       gcry_cipher_decrypt (cipher, out, text, in, text) == 0 &&
       gcry_cipher_checktag (cipher, in + text, SESAME_AEAD_TAG_SIZE) == 0;
  gcry_cipher_close (cipher);

  if (!ok)
    sesame_memwipe (out, text);
  return ok;
}

/* }}} */
