/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-proton"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-import-private.h"

/* Proton Authenticator exports: {"version": 1, "entries": [{"id", "content":
 * {"uri", "entry_type", "name"}, "note"}]}. The otpauth:// link carries the
 * account; "name" is the account name the user sees, "note" a note. */

#define PROTON_NAME _("Proton Authenticator export")

static guint
proton_detect (const guint8 *data,
               gsize         size,
               const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);
  JsonArray *entries = sesame_json_array (root, "entries");
  JsonNode *first;

  if (entries == NULL || !json_object_has_member (root, "version"))
    return 0;
  if (json_array_get_length (entries) == 0)
    return 30;

  first = json_array_get_element (entries, 0);
  if (!JSON_NODE_HOLDS_OBJECT (first) || sesame_json_object (json_node_get_object (first), "content") == NULL)
    return 0;
  return 85;
}

static gboolean
proton_needs_password (const guint8 *data,
                       gsize         size)
{
  return FALSE;
}

static void
read_entry (JsonNode           *node,
            guint               index,
            SesameImportResult *result)
{
  JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *content = sesame_json_object (entry, "content");
  const char *uri = sesame_json_string (content, "uri");
  const char *name = sesame_json_string (content, "name");
  const char *note = sesame_json_string (entry, "note");
  g_autoptr(GError) error = NULL;
  SesameAccount *account;

  if (uri == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, NULL, name);
      sesame_import_result_add_failure (result, what, _("It has no otpauth:// link."));
      return;
    }

  account = sesame_import_account_from_uri (uri, &error);
  if (account == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, NULL, name);
      sesame_import_result_add_failure (result, what, error->message);
      return;
    }

  /* The name shown in the app wins over the link's label. */
  if (name != NULL && *name != '\0')
    sesame_account_set_name (account, name);
  if (note != NULL && *note != '\0')
    sesame_account_set_note (account, note);
  g_ptr_array_add (result->accounts, account);
}

static gboolean
proton_parse (const guint8        *data,
              gsize                size,
              const char          *password,
              SesameImportResult  *result,
              GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);
  JsonArray *entries = sesame_json_array (root, "entries");
  gint64 version = sesame_json_int (root, "version", -1);

  if (entries == NULL)
    {
      sesame_import_set_invalid (error, PROTON_NAME, _("it has no list of entries"));
      return FALSE;
    }
  if (version != 1)
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION,
                   _("This Proton Authenticator export has version %d; Sesame reads version 1."), (int) version);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (entries); i++)
    read_entry (json_array_get_element (entries, i), i + 1, result);

  return TRUE;
}

const SesameImporter sesame_importer_proton = {
  .id = "proton",
  .name = N_("Proton Authenticator export"),
  .detect = proton_detect,
  .needs_password = proton_needs_password,
  .parse = proton_parse,
};
