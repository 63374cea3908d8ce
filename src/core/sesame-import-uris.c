/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-uris"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-import-private.h"
#include "sesame-migration.h"

/* Lists of links, one per line: Aegis's and 2FAS's "plain text" exports,
 * Ente Auth's export (with a codeDisplay=<JSON> parameter holding
 * favorites and tags), and Google Authenticator transfer links. */

#define URIS_NAME _("list of otpauth links")

static gboolean
has_scheme (const char *line,
            const char *scheme)
{
  return g_ascii_strncasecmp (line, scheme, strlen (scheme)) == 0;
}

guint
sesame_import_count_lines (const guint8 *data,
                           gsize         size,
                           const char   *scheme)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!sesame_looks_like_text (data, size))
    return 0;

  text = g_strndup ((const char *) data, size);
  lines = g_strsplit (text, "\n", -1);
  sesame_memwipe (text, size);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize length = strlen (lines[i]);

      if (has_scheme (g_strchug (lines[i]), scheme))
        n++;
      sesame_memwipe (lines[i], length);
    }

  return n;
}

/* Ente Auth: codeDisplay={"pinned":…,"tags":[…],"note":…} */
static void
apply_code_display (SesameAccount *account,
                    const char    *line)
{
  const char *start = strstr (line, "codeDisplay=");
  g_autofree char *value = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) groups = NULL;
  JsonObject *display;
  JsonArray *tags;
  const char *end;

  if (start == NULL)
    return;

  start += strlen ("codeDisplay=");
  end = strpbrk (start, "&#");
  value = end ? g_strndup (start, end - start) : g_strdup (start);
  json = g_uri_unescape_string (value, NULL);
  if (json == NULL)
    return;

  node = sesame_import_parse_json ((const guint8 *) json, strlen (json));
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  display = json_node_get_object (node);
  sesame_account_set_favorite (account, sesame_json_bool (display, "pinned"));
  if (sesame_json_string (display, "note") != NULL)
    sesame_account_set_note (account, sesame_json_string (display, "note"));

  tags = sesame_json_array (display, "tags");
  builder = g_strv_builder_new ();
  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    if (json_array_get_string_element (tags, i) != NULL)
      g_strv_builder_add (builder, json_array_get_string_element (tags, i));
  groups = g_strv_builder_end (builder);
  if (groups[0] != NULL)
    sesame_account_set_groups (account, (const char * const *) groups);
}

static void
add_migration_line (SesameImportResult *result,
                    guint               line_number,
                    const char         *line)
{
  g_autoptr(SesameMigrationBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  batch = sesame_migration_parse (line, &error);
  if (batch == NULL)
    {
      /* Translators: %u is a line number in a text file. */
      g_autofree char *what = g_strdup_printf (_("Line %u"), line_number);
      sesame_import_result_add_failure (result, what, error->message);
      return;
    }

  for (guint i = 0; i < batch->accounts->len; i++)
    g_ptr_array_add (result->accounts, sesame_account_new_from_otpauth (g_ptr_array_index (batch->accounts, i)));

  for (guint i = 0; i < batch->problems->len; i++)
    {
      GError *problem = g_ptr_array_index (batch->problems, i);
      g_autofree char *what = g_strdup_printf (_("Line %u"), line_number);
      sesame_import_result_add_failure (result, what, problem->message);
    }
}

gboolean
sesame_import_parse_lines (const guint8        *data,
                           gsize                size,
                           const char          *format_name,
                           SesameImportResult  *result,
                           GError             **error)
{
  g_autofree char *text = NULL;
  g_autofree gsize *lengths = NULL;
  g_auto(GStrv) lines = NULL;

  if (!sesame_looks_like_text (data, size))
    {
      sesame_import_set_invalid (error, format_name, _("it is not a text file"));
      return FALSE;
    }

  text = g_strndup ((const char *) data, size);
  lines = g_strsplit (text, "\n", -1);
  sesame_memwipe (text, size);
  /* Each line's length before stripping, so all of it is wiped after. */
  lengths = g_new0 (gsize, g_strv_length (lines) + 1);
  for (guint i = 0; lines[i] != NULL; i++)
    lengths[i] = strlen (lines[i]);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;

      if (has_scheme (line, "otpauth-migration://"))
        add_migration_line (result, i + 1, line);
      else if (has_scheme (line, "otpauth://") || has_scheme (line, "steam://"))
        {
          g_autoptr(GError) local_error = NULL;
          SesameAccount *account = sesame_import_account_from_uri (line, &local_error);

          if (account == NULL)
            {
              g_autofree char *what = g_strdup_printf (_("Line %u"), i + 1);
              sesame_import_result_add_failure (result, what, local_error->message);
            }
          else
            {
              apply_code_display (account, line);
              g_ptr_array_add (result->accounts, account);
            }
        }
      else
        {
          g_autofree char *what = g_strdup_printf (_("Line %u"), i + 1);
          sesame_import_result_add_failure (result, what, _("It is not an otpauth:// link."));
        }
    }

  for (guint i = 0; lines[i] != NULL; i++)
    sesame_memwipe (lines[i], lengths[i]);
  return TRUE;
}

static guint
uris_detect (const guint8 *data,
             gsize         size,
             const char   *filename)
{
  return sesame_import_count_lines (data, size, "otpauth://") > 0 ||
         sesame_import_count_lines (data, size, "steam://") > 0 ? 60 : 0;
}

static gboolean
uris_needs_password (const guint8 *data,
                     gsize         size)
{
  return FALSE;
}

static gboolean
uris_parse (const guint8        *data,
            gsize                size,
            const char          *password,
            SesameImportResult  *result,
            GError             **error)
{
  return sesame_import_parse_lines (data, size, URIS_NAME, result, error);
}

const SesameImporter sesame_importer_uris = {
  .id = "uris",
  .name = N_("list of otpauth links"),
  .detect = uris_detect,
  .needs_password = uris_needs_password,
  .parse = uris_parse,
};
