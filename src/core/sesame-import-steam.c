/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-steam"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-import-private.h"

/* Steam Desktop Authenticator .maFile files and the Steam app's own
 * Steamguard file: one account {"shared_secret": base64, "account_name",
 * …} or, in the app's newer file, {"accounts": {"<id>": {…}, …}}. Only
 * the shared secret makes codes; the other secrets (identity_secret for
 * trade confirmations, revocation code) are not kept. */

#define STEAM_NAME _("Steam authenticator file")

static gboolean
is_steam_account (JsonObject *object)
{
  return sesame_json_string (object, "shared_secret") != NULL &&
         json_object_has_member (object, "account_name");
}

static guint
steam_detect (const guint8 *data,
              gsize         size,
              const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);
  JsonObject *accounts = sesame_json_object (root, "accounts");

  if (root == NULL)
    return 0;
  if (is_steam_account (root))
    return 90;
  if (accounts != NULL)
    {
      g_autoptr(GList) members = json_object_get_values (accounts);

      for (GList *l = members; l != NULL; l = l->next)
        if (JSON_NODE_HOLDS_OBJECT (l->data) && is_steam_account (json_node_get_object (l->data)))
          return 90;
    }
  return 0;
}

static gboolean
steam_needs_password (const guint8 *data,
                      gsize         size)
{
  return FALSE;
}

static void
read_account (JsonObject         *account,
              guint               index,
              SesameImportResult *result)
{
  const char *name = sesame_json_string (account, "account_name");
  const char *shared = sesame_json_string (account, "shared_secret");
  SesameImportEntry e = { 0 };
  guint8 *secret = NULL;
  gsize size = 0;

  if (shared != NULL)
    {
      /* g_base64_decode does not check its input: a decode of the wrong
       * length or of something else than base64 is refused. */
      gsize length = strlen (shared);
      gboolean base64 = length > 0 && length % 4 == 0;

      for (gsize i = 0; base64 && i < length; i++)
        base64 = g_ascii_isalnum (shared[i]) || shared[i] == '+' || shared[i] == '/' ||
                 (shared[i] == '=' && i >= length - 2);
      if (base64)
        {
          guint8 *decoded = g_base64_decode (shared, &size);

          secret = sesame_secure_alloc (MAX (size, 1));
          memcpy (secret, decoded, size);
          sesame_memwipe (decoded, size);
          g_free (decoded);
        }
    }

  if (secret == NULL || size == 0)
    {
      g_autofree char *what = sesame_import_describe_entry (index, "Steam", name);
      sesame_import_result_add_failure (result, what, _("Its shared secret is missing or is not base64."));
      if (secret != NULL)
        sesame_secure_free (secret, 1);
      return;
    }

  e.type = "steam";
  e.issuer = "Steam";
  e.name = name;
  e.secret = secret;
  e.secret_size = size;
  sesame_import_add_entry (result, index, &e);
  sesame_secure_free (secret, MAX (size, 1));
}

static gboolean
steam_parse (const guint8        *data,
             gsize                size,
             const char          *password,
             SesameImportResult  *result,
             GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);
  JsonObject *accounts = sesame_json_object (root, "accounts");

  if (root == NULL)
    {
      sesame_import_set_invalid (error, STEAM_NAME, _("it is not JSON"));
      return FALSE;
    }

  if (accounts != NULL)
    {
      g_autoptr(GList) members = json_object_get_values (accounts);
      guint index = 1;

      for (GList *l = members; l != NULL; l = l->next, index++)
        {
          if (!JSON_NODE_HOLDS_OBJECT (l->data))
            {
              g_autofree char *what = sesame_import_describe_entry (index, NULL, NULL);
              sesame_import_result_add_failure (result, what, _("It is not a JSON object."));
              continue;
            }
          read_account (json_node_get_object (l->data), index, result);
        }
      return TRUE;
    }

  if (!is_steam_account (root))
    {
      sesame_import_set_invalid (error, STEAM_NAME, _("it has no shared secret"));
      return FALSE;
    }

  read_account (root, 1, result);
  return TRUE;
}

const SesameImporter sesame_importer_steam = {
  .id = "steam",
  .name = N_("Steam authenticator file"),
  .detect = steam_detect,
  .needs_password = steam_needs_password,
  .parse = steam_parse,
};
