/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-microsoft-db"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "sesame-import-private.h"

/* Microsoft Authenticator's own database (databases/PhoneFactor on a
 * rooted phone), read with SQLite: table accounts (name = the issuer,
 * username, oath_secret_key, account_type). Type 0 is a TOTP account
 * (base32 key, SHA1/6/30); type 1 a Microsoft personal account (base64
 * key, 8 digits). Other types (work accounts with push sign-in only) have
 * no codes and are skipped, as Aegis does. */

#define MICROSOFT_DB_NAME _("Microsoft Authenticator database")

static gboolean
is_microsoft_db (sqlite3 *db)
{
  static const char *const columns[] = { "name", "username", "oath_secret_key", "account_type", NULL };

  return sesame_import_sqlite_has_columns (db, "accounts", columns);
}

static guint
microsoft_db_detect (const guint8 *data,
                     gsize         size,
                     const char   *filename)
{
  return sesame_import_sqlite_detect (data, size, is_microsoft_db, 0);
}

static gboolean
microsoft_db_needs_password (const guint8 *data,
                             gsize         size)
{
  return FALSE;
}

static gboolean
microsoft_db_parse (const guint8        *data,
                    gsize                size,
                    const char          *password,
                    SesameImportResult  *result,
                    GError             **error)
{
  sqlite3 *db = sesame_import_open_sqlite (data, size);
  sqlite3_stmt *statement = NULL;
  guint index = 0;
  int step;

  if (db == NULL || !is_microsoft_db (db))
    {
      if (db != NULL)
        sqlite3_close (db);
      sesame_import_set_invalid (error, MICROSOFT_DB_NAME, _("it is not a readable database with a table of accounts"));
      return FALSE;
    }

  if (sqlite3_prepare_v2 (db, "SELECT name, username, oath_secret_key, account_type FROM accounts ORDER BY _rowid_",
                          -1, &statement, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      sesame_import_set_invalid (error, MICROSOFT_DB_NAME, _("its table of accounts cannot be read"));
      return FALSE;
    }

  while ((step = sqlite3_step (statement)) == SQLITE_ROW)
    {
      sqlite3_int64 type = sqlite3_column_int64 (statement, 3);
      const char *key = sesame_import_sqlite_text (statement, 2);
      SesameImportEntry e = { 0 };
      guint8 *secret = NULL;
      gsize secret_size = 0;

      index++;
      if (type != 0 && type != 1)
        continue;

      e.type = "totp";
      e.issuer = sesame_import_sqlite_text (statement, 0);
      e.name = sesame_import_sqlite_text (statement, 1);
      if (type == 1)
        {
          secret = g_base64_decode (key, &secret_size);
          e.secret = secret;
          e.secret_size = secret_size;
          e.digits = 8;
          if (secret_size == 0)
            {
              g_autofree char *what = sesame_import_describe_entry (index, e.issuer, e.name);
              sesame_import_result_add_failure (result, what, _("It has no secret key."));
              g_free (secret);
              continue;
            }
        }
      else
        e.secret_base32 = key;

      sesame_import_add_entry (result, index, &e);
      if (secret != NULL)
        {
          sesame_memwipe (secret, secret_size);
          g_free (secret);
        }
    }

  sqlite3_finalize (statement);
  sqlite3_close (db);

  if (step != SQLITE_DONE)
    {
      sesame_import_set_invalid (error, MICROSOFT_DB_NAME, _("the database is damaged"));
      return FALSE;
    }
  return TRUE;
}

const SesameImporter sesame_importer_microsoft_db = {
  .id = "microsoft-db",
  .name = N_("Microsoft Authenticator database"),
  .detect = microsoft_db_detect,
  .needs_password = microsoft_db_needs_password,
  .parse = microsoft_db_parse,
};
