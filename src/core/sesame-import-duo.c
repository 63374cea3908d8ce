/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-duo"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-import-private.h"

/* Duo Mobile's account list (files/duokit/accounts.json on the phone): a
 * JSON array of {"name", "otpGenerator": {"otpSecret": base32[, "counter"]},
 * "accountType", …}. With a counter the account is HOTP (kept as the file
 * has it), without one TOTP SHA1/6/30. Duo keeps no issuer. Duo's own push
 * accounts have no otpGenerator and are listed as not importable. */

#define DUO_NAME _("Duo Mobile account list")

static guint
duo_detect (const guint8 *data,
            gsize         size,
            const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  if (!sesame_looks_like_text (data, size))
    return 0;
  node = sesame_import_parse_json (data, size);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return 0;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (element) &&
          json_object_has_member (json_node_get_object (element), "otpGenerator"))
        return 85;
    }
  return 0;
}

static gboolean
duo_needs_password (const guint8 *data,
                    gsize         size)
{
  return FALSE;
}

static void
read_account (JsonNode           *node,
              guint               index,
              SesameImportResult *result)
{
  JsonObject *account = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonObject *generator = sesame_json_object (account, "otpGenerator");
  SesameImportEntry e = { 0 };

  e.name = sesame_json_string (account, "name");
  if (generator == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, NULL, e.name);
      sesame_import_result_add_failure (result, what,
                                        _("It has no one-time code generator (Duo push accounts cannot be moved)."));
      return;
    }

  e.issuer = "";
  e.secret_base32 = sesame_json_string (generator, "otpSecret");
  if (json_object_has_member (generator, "counter"))
    {
      e.type = "hotp";
      e.counter = MAX (sesame_json_int (generator, "counter", 0), 0);
    }
  else
    e.type = "totp";

  sesame_import_add_entry (result, index, &e);
}

static gboolean
duo_parse (const guint8        *data,
           gsize                size,
           const char          *password,
           SesameImportResult  *result,
           GError             **error)
{
  g_autoptr(JsonNode) node = sesame_import_parse_json (data, size);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      sesame_import_set_invalid (error, DUO_NAME, _("it is not a JSON list"));
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    read_account (json_array_get_element (array, i), i + 1, result);

  return TRUE;
}

const SesameImporter sesame_importer_duo = {
  .id = "duo",
  .name = N_("Duo Mobile account list"),
  .detect = duo_detect,
  .needs_password = duo_needs_password,
  .parse = duo_parse,
};
