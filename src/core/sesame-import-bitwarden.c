/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-bitwarden"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-import-private.h"

/* Bitwarden unencrypted exports, JSON ({"encrypted": false, "items": [...]})
 * or CSV (a header naming a "login_totp" column). The TOTP field holds an
 * otpauth:// URI, "steam://SECRET", or just a base32 key. */

#define BITWARDEN_NAME _("Bitwarden export")

static gboolean
is_csv (const guint8 *data,
        gsize         size)
{
  const char *end = memchr (data, '\n', size);
  g_autofree char *header = g_strndup ((const char *) data, end ? (gsize) (end - (const char *) data) : size);

  return strstr (header, "login_totp") != NULL;
}

static guint
bitwarden_detect (const guint8 *data,
                  gsize         size,
                  const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;

  if (!sesame_looks_like_text (data, size))
    return 0;
  if (is_csv (data, size))
    return 80;

  node = sesame_import_parse_json (data, size);
  root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  return root != NULL && json_object_has_member (root, "items") && json_object_has_member (root, "encrypted") ? 80 : 0;
}

static gboolean
bitwarden_needs_password (const guint8 *data,
                          gsize         size)
{
  return FALSE;
}

static void
add_totp (SesameImportResult *result,
          guint               index,
          const char         *totp,
          const char         *item_name,
          const char         *username)
{
  SesameAccount *account;
  guint before = result->accounts->len;

  if (strstr (totp, "://") == NULL)
    {
      /* A bare key: Bitwarden's defaults, named after the item. */
      SesameImportEntry e = { 0 };

      e.issuer = item_name;
      e.name = username;
      e.secret_base32 = totp;
      sesame_import_add_entry (result, index, &e);
      return;
    }

  sesame_import_add_uri (result, index, totp);
  if (result->accounts->len == before)
    return;

  /* steam:// links carry no names: take the item's. */
  account = g_ptr_array_index (result->accounts, before);
  if (*sesame_account_get_issuer (account) == '\0' && item_name != NULL)
    sesame_account_set_issuer (account, item_name);
  if (*sesame_account_get_name (account) == '\0' && username != NULL)
    sesame_account_set_name (account, username);
}

static gboolean
parse_json (const guint8        *data,
            gsize                size,
            SesameImportResult  *result,
            GError             **error)
{
  g_autoptr(JsonNode) node = sesame_import_parse_json (data, size);
  JsonObject *root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *items = sesame_json_array (root, "items");

  if (sesame_json_bool (root, "encrypted"))
    {
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID,
                           _("This Bitwarden export is encrypted with the account key. "
                             "In Bitwarden, export the vault again as unencrypted JSON or CSV."));
      return FALSE;
    }
  if (items == NULL)
    {
      sesame_import_set_invalid (error, BITWARDEN_NAME, _("it has no list of items"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *item_node = json_array_get_element (items, i);
      JsonObject *item = JSON_NODE_HOLDS_OBJECT (item_node) ? json_node_get_object (item_node) : NULL;
      JsonObject *login = sesame_json_object (item, "login");
      const char *totp = sesame_json_string (login, "totp");

      /* Most items are plain passwords. */
      if (totp != NULL && *totp != '\0')
        add_totp (result, i + 1, totp, sesame_json_string (item, "name"), sesame_json_string (login, "username"));
    }

  return TRUE;
}

/* RFC 4180: fields separated by commas, optionally quoted, "" inside quotes. */
static GPtrArray *
csv_next_record (const char **cursor)
{
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = *cursor;
  gboolean quoted = FALSE;

  for (; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (*p == '\n')
        {
          p++;
          break;
        }
      else if (*p != '\r')
        g_string_append_c (field, *p);
    }

  g_ptr_array_add (fields, g_string_free (field, FALSE));
  *cursor = p;
  return fields;
}

static int
column (GPtrArray  *header,
        const char *name)
{
  for (guint i = 0; i < header->len; i++)
    if (g_strcmp0 (g_strstrip ((char *) g_ptr_array_index (header, i)), name) == 0)
      return i;
  return -1;
}

static const char *
field (GPtrArray *record,
       int        index)
{
  return index >= 0 && (guint) index < record->len ? g_ptr_array_index (record, index) : NULL;
}

static gboolean
parse_csv (const guint8        *data,
           gsize                size,
           SesameImportResult  *result,
           GError             **error)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  const char *cursor = text;
  g_autoptr(GPtrArray) header = csv_next_record (&cursor);
  int totp_col = column (header, "login_totp");
  int name_col = column (header, "name");
  int user_col = column (header, "login_username");
  guint index = 0;

  if (totp_col < 0)
    {
      sesame_import_set_invalid (error, BITWARDEN_NAME, _("it has no “login_totp” column"));
      return FALSE;
    }

  while (*cursor != '\0')
    {
      g_autoptr(GPtrArray) record = csv_next_record (&cursor);
      const char *totp = field (record, totp_col);

      index++;
      if (totp != NULL && *totp != '\0')
        add_totp (result, index, totp, field (record, name_col), field (record, user_col));
      for (guint i = 0; i < record->len; i++)
        sesame_memwipe (g_ptr_array_index (record, i), strlen (g_ptr_array_index (record, i)));
    }

  sesame_memwipe (text, size);
  return TRUE;
}

static gboolean
bitwarden_parse (const guint8        *data,
                 gsize                size,
                 const char          *password,
                 SesameImportResult  *result,
                 GError             **error)
{
  if (sesame_looks_like_text (data, size) && is_csv (data, size))
    return parse_csv (data, size, result, error);

  return parse_json (data, size, result, error);
}

const SesameImporter sesame_importer_bitwarden = {
  .id = "bitwarden",
  .name = N_("Bitwarden export"),
  .detect = bitwarden_detect,
  .needs_password = bitwarden_needs_password,
  .parse = bitwarden_parse,
};
