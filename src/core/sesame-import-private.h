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

/* The key-derivation budget of the file being read: every KDF whose
 * settings come from the file goes through it (sesame-kdf-limits.h). */
SesameKdfBudget *sesame_import_kdf_budget (SesameImportResult     *result);

void         sesame_import_set_invalid   (GError                  **error,
                                          const char               *format_name,
                                          const char               *reason);
void         sesame_import_set_wrong_password (GError             **error,
                                               const char          *format_name);

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
