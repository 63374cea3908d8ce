/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-google-db"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
#include <string.h>

#include "sesame-import-private.h"

/* Google Authenticator's own database (databases/databases on a rooted
 * phone), read with SQLite: table accounts (email, secret, counter, type,
 * issuer[, isencrypted]). type 0 is TOTP, 1 HOTP; the app keeps no
 * algorithm, digits or period (SHA1, 6, 30). "email" is the label, often
 * "Issuer:name". Newer versions encrypt the keys with a key held by
 * Android: those rows are listed as not importable. */

#define GOOGLE_DB_NAME _("Google Authenticator database")

static gboolean
is_google_db (sqlite3 *db)
{
  static const char *const columns[] = { "email", "secret", "counter", "type", "issuer", NULL };

  return sesame_import_sqlite_has_columns (db, "accounts", columns);
}

static guint
google_db_detect (const guint8 *data,
                  gsize         size,
                  const char   *filename)
{
  /* A damaged database still gets a clear error. */
  return sesame_import_sqlite_detect (data, size, is_google_db, 10);
}

static gboolean
google_db_needs_password (const guint8 *data,
                          gsize         size)
{
  return FALSE;
}

static gboolean
google_db_parse (const guint8        *data,
                 gsize                size,
                 const char          *password,
                 SesameImportResult  *result,
                 GError             **error)
{
  static const char *const encrypted[] = { "isencrypted", NULL };
  sqlite3 *db = sesame_import_open_sqlite (data, size);
  sqlite3_stmt *statement = NULL;
  guint index = 0;
  int step;

  if (db == NULL || !is_google_db (db))
    {
      if (db != NULL)
        sqlite3_close (db);
      sesame_import_set_invalid (error, GOOGLE_DB_NAME, _("it is not a readable database with a table of accounts"));
      return FALSE;
    }

  if (sqlite3_prepare_v2 (db,
                          sesame_import_sqlite_has_columns (db, "accounts", encrypted)
                            ? "SELECT email, secret, counter, type, issuer, isencrypted FROM accounts ORDER BY _rowid_"
                            : "SELECT email, secret, counter, type, issuer, 0 FROM accounts ORDER BY _rowid_",
                          -1, &statement, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      sesame_import_set_invalid (error, GOOGLE_DB_NAME, _("its table of accounts cannot be read"));
      return FALSE;
    }

  while ((step = sqlite3_step (statement)) == SQLITE_ROW)
    {
      const char *email = sesame_import_sqlite_text (statement, 0);
      const char *colon = strchr (email, ':');
      g_autofree char *name = g_strdup (colon != NULL && strchr (colon + 1, ':') == NULL ? colon + 1 : email);
      const char *issuer = sesame_import_sqlite_text (statement, 4);
      sqlite3_int64 type = sqlite3_column_int64 (statement, 3);
      sqlite3_int64 counter = sqlite3_column_int64 (statement, 2);
      SesameImportEntry e = { 0 };

      index++;
      if (sqlite3_column_int64 (statement, 5) > 0 || (type != 0 && type != 1))
        {
          g_autofree char *what = sesame_import_describe_entry (index, issuer, name);
          sesame_import_result_add_failure (result, what,
                                            type != 0 && type != 1
                                              ? _("Its kind of code is not supported (Sesame supports TOTP, HOTP and Steam).")
                                              : _("Its key is encrypted by the phone; use Google Authenticator's “Transfer accounts” instead."));
          continue;
        }

      e.type = type == 1 ? "hotp" : "totp";
      e.issuer = issuer;
      e.name = name;
      e.secret_base32 = sesame_import_sqlite_text (statement, 1);
      e.counter = MAX (counter, 0);
      sesame_import_add_entry (result, index, &e);
    }

  sqlite3_finalize (statement);
  sqlite3_close (db);

  if (step != SQLITE_DONE)
    {
      sesame_import_set_invalid (error, GOOGLE_DB_NAME, _("the database is damaged"));
      return FALSE;
    }
  return TRUE;
}

const SesameImporter sesame_importer_google_db = {
  .id = "google-db",
  .name = N_("Google Authenticator database"),
  .detect = google_db_detect,
  .needs_password = google_db_needs_password,
  .parse = google_db_parse,
};
