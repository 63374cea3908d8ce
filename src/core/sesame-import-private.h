/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sesame-import.h"
#include "sesame-kdf-limits.h"

G_BEGIN_DECLS

/* One per format, each in sesame-import-<id>.c. */
extern const SesameImporter sesame_importer_age;
extern const SesameImporter sesame_importer_aegis;
extern const SesameImporter sesame_importer_2fas;
extern const SesameImporter sesame_importer_andotp;
extern const SesameImporter sesame_importer_freeotp;
extern const SesameImporter sesame_importer_bitwarden;
extern const SesameImporter sesame_importer_uris;
extern const SesameImporter sesame_importer_google;
extern const SesameImporter sesame_importer_proton;
extern const SesameImporter sesame_importer_stratum;
extern const SesameImporter sesame_importer_steam;
extern const SesameImporter sesame_importer_duo;
extern const SesameImporter sesame_importer_freeotp_app;
extern const SesameImporter sesame_importer_totp_authenticator;
extern const SesameImporter sesame_importer_authy;
extern const SesameImporter sesame_importer_google_db;
extern const SesameImporter sesame_importer_microsoft_db;
extern const SesameImporter sesame_importer_battlenet;

/**
 * SesameImportEntry:
 *
 * One account as a foreign format describes it, before validation. Strings
 * may be %NULL; numbers ≤ 0 mean "not given" (defaults apply).
 */
typedef struct
{
  const char         *type;          /* "totp", "HOTP", "Steam", … */
  const char         *issuer;
  const char         *name;
  const char         *secret_base32; /* padding, spaces and lower case allowed */
  const guint8       *secret;        /* or raw bytes */
  gsize               secret_size;
  const char         *algorithm;
  gint64              digits;
  gint64              period;
  guint64             counter;
  const char         *note;
  gboolean            favorite;
  const char * const *groups;
} SesameImportEntry;

void         sesame_import_add_entry     (SesameImportResult       *result,
                                          guint                     index,
                                          const SesameImportEntry  *entry);
void         sesame_import_add_uri       (SesameImportResult       *result,
                                          guint                     index,
                                          const char               *uri);

JsonNode    *sesame_import_parse_json    (const guint8             *data,
                                          gsize                     size);
JsonObject  *sesame_import_parse_json_object (const guint8         *data,
                                              gsize                 size,
                                              JsonNode            **node);
const char  *sesame_json_string          (JsonObject               *object,
                                          const char               *member);
gint64       sesame_json_int             (JsonObject               *object,
                                          const char               *member,
                                          gint64                    fallback);
gboolean     sesame_json_bool            (JsonObject               *object,
                                          const char               *member);
JsonObject  *sesame_json_object          (JsonObject               *object,
                                          const char               *member);
JsonArray   *sesame_json_array           (JsonObject               *object,
                                          const char               *member);
guint8      *sesame_hex_decode           (const char               *hex,
                                          gsize                    *size);
gboolean     sesame_looks_like_text      (const guint8             *data,
                                          gsize                     size);

/* A JsonParser whose tree is wiped before it is freed (documents with keys). */
typedef JsonParser SesameWipedParser;
void         sesame_wiped_parser_free    (SesameWipedParser        *parser);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameWipedParser, sesame_wiped_parser_free)

/* The key-derivation budget of the file being read: every KDF whose
 * settings come from the file goes through it (sesame-kdf-limits.h). */
SesameKdfBudget *sesame_import_kdf_budget (SesameImportResult     *result);

void         sesame_import_set_invalid   (GError                  **error,
                                          const char               *format_name,
                                          const char               *reason);
void         sesame_import_set_wrong_password (GError             **error,
                                               const char          *format_name);

/* App data from rooted phones (sesame-import-appdata.c). */

/* Android shared-preferences XML (<map><string name="…">…</string>…):
 * name → value (text of <string>, "value" of <int>, <long>, <boolean>).
 * %NULL when the data is not such a file. */
GHashTable  *sesame_import_parse_shared_prefs (const guint8       *data,
                                               gsize               size);
gboolean     sesame_import_looks_like_shared_prefs (const guint8  *data,
                                                    gsize          size,
                                                    const char    *needle);

typedef struct sqlite3 sqlite3;

/* A read-only SQLite database over @data (which must outlive it), or
 * %NULL when @data is not one. */
gboolean     sesame_import_is_sqlite     (const guint8             *data,
                                          gsize                     size);
sqlite3     *sesame_import_open_sqlite   (const guint8             *data,
                                          gsize                     size);
gboolean     sesame_import_sqlite_has_columns (sqlite3            *db,
                                               const char         *table,
                                               const char * const *columns);

typedef struct sqlite3_stmt sqlite3_stmt;
typedef gboolean (*SesameSqliteIsOurs) (sqlite3 *db);

/* An app database importer's detect(): 90 when @is_ours accepts the
 * database, @damaged_score when it is SQLite that cannot be opened, else 0. */
guint        sesame_import_sqlite_detect (const guint8             *data,
                                          gsize                     size,
                                          SesameSqliteIsOurs        is_ours,
                                          guint                     damaged_score);
/* A column's text, "" for NULL. */
const char  *sesame_import_sqlite_text   (sqlite3_stmt             *statement,
                                          int                       column);

/* JSON array of signed bytes (Java byte[] as JSON), into secure memory. */
guint8      *sesame_import_json_bytes    (JsonArray                *bytes,
                                          gsize                    *size);

guint8      *sesame_import_aes256cbc_decrypt (const guint8          key[32],
                                              const guint8          iv[16],
                                              const guint8         *in,
                                              gsize                 size,
                                              gsize                *out_size);
gboolean     sesame_import_aes256gcm_open_ad (const guint8          key[32],
                                              const guint8         *nonce,
                                              gsize                 nonce_size,
                                              const guint8         *ad,
                                              gsize                 ad_size,
                                              const guint8         *in,
                                              gsize                 size,
                                              guint8               *out);

G_END_DECLS

G_BEGIN_DECLS

/* Text files of links, one per line (sesame-import-uris.c): otpauth://,
 * steam:// and otpauth-migration:// lines; blank and '#' lines skipped. */
gboolean     sesame_import_parse_lines   (const guint8             *data,
                                          gsize                     size,
                                          const char               *format_name,
                                          SesameImportResult       *result,
                                          GError                  **error);
guint        sesame_import_count_lines   (const guint8             *data,
                                          gsize                     size,
                                          const char               *scheme);

G_END_DECLS
