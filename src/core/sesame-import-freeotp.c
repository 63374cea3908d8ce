/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-freeotp"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-import-private.h"

/* FreeOTP+ JSON exports: {"tokenOrder": [...], "tokens": [...]}, each token
 * with its key as a JSON array of signed bytes. The counter is kept as the
 * file has it. A TOTP token whose issuer is "Steam" is a Steam account. */

#define FREEOTP_NAME _("FreeOTP+ export")

static guint
freeotp_detect (const guint8 *data,
                gsize         size,
                const char   *filename)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);

  return root != NULL && sesame_json_array (root, "tokens") != NULL ? 80 : 0;
}

static gboolean
freeotp_needs_password (const guint8 *data,
                        gsize         size)
{
  return FALSE;
}

static guint8 *
read_secret (JsonArray *bytes,
             gsize     *size)
{
  guint length = bytes != NULL ? json_array_get_length (bytes) : 0;
  guint8 *secret;

  if (length == 0)
    return NULL;

  secret = sesame_secure_alloc (length);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *node = json_array_get_element (bytes, i);
      gint64 value;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          (value = json_node_get_int (node)) < -128 || value > 255)
        {
          sesame_secure_free (secret, length);
          return NULL;
        }
      secret[i] = (guint8) (value & 0xff);
    }

  *size = length;
  return secret;
}

static void
read_token (JsonNode           *node,
            guint               index,
            SesameImportResult *result)
{
  JsonObject *token = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  const char *issuer = sesame_json_string (token, "issuerExt");
  const char *type = sesame_json_string (token, "type");
  SesameImportEntry e = { 0 };
  guint8 *secret;
  gsize size = 0;

  if (issuer == NULL || *issuer == '\0')
    issuer = sesame_json_string (token, "issuerInt");

  secret = read_secret (sesame_json_array (token, "secret"), &size);
  if (token == NULL || secret == NULL)
    {
      g_autofree char *what = sesame_import_describe_entry (index, issuer, sesame_json_string (token, "label"));
      sesame_import_result_add_failure (result, what, _("Its key is missing or is not a list of bytes."));
      return;
    }

  if (g_strcmp0 (type, "TOTP") == 0 && issuer != NULL && g_ascii_strcasecmp (issuer, "Steam") == 0)
    type = "steam";

  e.type = type;
  e.issuer = issuer;
  e.name = sesame_json_string (token, "label");
  e.secret = secret;
  e.secret_size = size;
  e.algorithm = sesame_json_string (token, "algo");
  e.digits = sesame_json_int (token, "digits", 0);
  e.period = sesame_json_int (token, "period", 0);
  e.counter = MAX (sesame_json_int (token, "counter", 0), 0);

  sesame_import_add_entry (result, index, &e);
  sesame_secure_free (secret, size);
}

static gboolean
freeotp_parse (const guint8        *data,
               gsize                size,
               const char          *password,
               SesameImportResult  *result,
               GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root = sesame_import_parse_json_object (data, size, &node);
  JsonArray *tokens = sesame_json_array (root, "tokens");

  if (tokens == NULL)
    {
      sesame_import_set_invalid (error, FREEOTP_NAME, _("it has no list of tokens"));
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (tokens); i++)
    read_token (json_array_get_element (tokens, i), i + 1, result);

  return TRUE;
}

const SesameImporter sesame_importer_freeotp = {
  .id = "freeotp",
  .name = N_("FreeOTP+ export"),
  .detect = freeotp_detect,
  .needs_password = freeotp_needs_password,
  .parse = freeotp_parse,
};
