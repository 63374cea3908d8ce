/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-base32.h"
#include "sesame-import.h"
#include "sesame-import-private.h"

/* The registry of importers and what they share. Each format lives in its
 * own sesame-import-<id>.c and exports one SesameImporter. */

G_DEFINE_QUARK (sesame-import-error-quark, sesame_import_error)

/* {{{ JSON trees hold keys: wiped when the import is over
 *
 * Every tree sesame_import_parse_json() returns while an import runs in
 * this thread is also kept here; when the import ends, every string in it
 * is wiped, then it is let go. Importers free their trees as they like
 * (this reference keeps them alive until then). */

static GPrivate json_trees;

static void
wipe_json_node (JsonNode *node)
{
  if (node == NULL)
    return;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          wipe_json_node (member);
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          wipe_json_node (json_array_get_element (array, i));
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING && json_node_get_string (node) != NULL)
        sesame_memwipe ((char *) json_node_get_string (node), strlen (json_node_get_string (node)));
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/**
 * sesame_wiped_parser_free:
 *
 * Frees a parser after wiping every string of its tree: for documents
 * that hold keys (g_autoptr(SesameWipedParser)).
 */
void
sesame_wiped_parser_free (SesameWipedParser *parser)
{
  if (parser == NULL)
    return;

  wipe_json_node (json_parser_get_root (parser));
  g_object_unref (parser);
}

static void
json_trees_keep (JsonNode *root)
{
  GPtrArray *trees = g_private_get (&json_trees);

  if (trees != NULL)
    g_ptr_array_add (trees, json_node_ref (root));
}

static gboolean
json_trees_begin (void)
{
  if (g_private_get (&json_trees) != NULL)
    return FALSE;

  g_private_set (&json_trees, g_ptr_array_new ());
  return TRUE;
}

static void
json_trees_end (gboolean began)
{
  GPtrArray *trees;

  if (!began)
    return;

  trees = g_private_get (&json_trees);
  g_private_set (&json_trees, NULL);
  for (guint i = 0; i < trees->len; i++)
    {
      wipe_json_node (g_ptr_array_index (trees, i));
      json_node_unref (g_ptr_array_index (trees, i));
    }
  g_ptr_array_free (trees, TRUE);
}

/* }}} */


static SesameImportResult *
result_copy (SesameImportResult *self)
{
  SesameImportResult *copy = sesame_import_result_new (self->format);

  for (guint i = 0; i < self->accounts->len; i++)
    g_ptr_array_add (copy->accounts, g_object_ref (g_ptr_array_index (self->accounts, i)));
  for (guint i = 0; i < self->failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (self->failures, i);
      sesame_import_result_add_failure (copy, failure->entry, failure->reason);
    }

  return copy;
}

G_DEFINE_BOXED_TYPE (SesameImportResult, sesame_import_result, result_copy, sesame_import_result_free)

SesameImportResult *
sesame_import_result_new (const char *format)
{
  SesameImportResult *self = g_new0 (SesameImportResult, 1);

  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->failures = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_import_failure_free);
  self->format = g_strdup (format);
  return self;
}

void
sesame_import_result_free (SesameImportResult *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->accounts);
  g_ptr_array_unref (self->failures);
  g_free (self->format);
  sesame_kdf_budget_free (self->kdf_budget);
  g_free (self);
}

void
sesame_import_failure_free (SesameImportFailure *failure)
{
  if (failure == NULL)
    return;

  g_free (failure->entry);
  g_free (failure->reason);
  g_free (failure);
}

void
sesame_import_result_add_failure (SesameImportResult *self,
                                  const char         *entry,
                                  const char         *reason)
{
  SesameImportFailure *failure = g_new0 (SesameImportFailure, 1);

  failure->entry = g_strdup (entry);
  failure->reason = g_strdup (reason);
  g_ptr_array_add (self->failures, failure);
}

/**
 * sesame_import_describe_entry:
 * @index: position in the file, from 1
 *
 * Returns: (transfer full): "Entry 3 (GitHub, alice)" or the like; an
 *   issuer or name that holds a link or a "secret=" is left out
 */
/* In a damaged or odd export, the issuer or name field may hold a whole
 * link, key included (found by fuzzing): such a field is never quoted. */
static gboolean
may_hold_key (const char *text)
{
  g_autofree char *lower = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  return strstr (lower, "://") != NULL || strstr (lower, "secret=") != NULL;
}

char *
sesame_import_describe_entry (guint       index,
                              const char *issuer,
                              const char *name)
{
  gboolean has_issuer = issuer != NULL && *issuer != '\0' && !may_hold_key (issuer);
  gboolean has_name = name != NULL && *name != '\0' && !may_hold_key (name);

  if (has_issuer && has_name)
    /* Translators: an entry of an imported file: position, issuer, account name. */
    return g_strdup_printf (_("Entry %u (%s, %s)"), index, issuer, name);
  if (has_issuer || has_name)
    return g_strdup_printf (_("Entry %u (%s)"), index, has_issuer ? issuer : name);
  return g_strdup_printf (_("Entry %u"), index);
}

/**
 * sesame_import_account_from_uri:
 *
 * An account from an otpauth:// URI; the error names the problem, never
 * the key.
 */
SesameAccount *
sesame_import_account_from_uri (const char  *uri,
                                GError     **error)
{
  g_autoptr(SesameOtpauth) otp = sesame_otpauth_parse (uri, error);

  if (otp == NULL)
    return NULL;

  return sesame_account_new_from_otpauth (otp);
}

/* In the order detection asks them; the most specific first. */
static const SesameImporter *const importers[] = {
  &sesame_importer_age,
  &sesame_importer_aegis,
  &sesame_importer_2fas,
  &sesame_importer_andotp,
  &sesame_importer_freeotp,
  &sesame_importer_bitwarden,
  &sesame_importer_proton,
  &sesame_importer_stratum,
  &sesame_importer_steam,
  &sesame_importer_duo,
  &sesame_importer_freeotp_app,
  &sesame_importer_authy,
  &sesame_importer_battlenet,
  &sesame_importer_google_db,
  &sesame_importer_microsoft_db,
  &sesame_importer_totp_authenticator,
  &sesame_importer_google,
  &sesame_importer_uris,
  NULL,
};

const SesameImporter * const *
sesame_importers (void)
{
  return importers;
}

const SesameImporter *
sesame_importer_find (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; importers[i] != NULL; i++)
    if (g_ascii_strcasecmp (importers[i]->id, id) == 0)
      return importers[i];

  return NULL;
}

/* The importer most sure of itself; NULL when none recognises the data. */
const SesameImporter *
sesame_importer_detect (const guint8 *data,
                        gsize         size,
                        const char   *filename)
{
  const SesameImporter *best = NULL;
  guint best_score = 0;

  for (guint i = 0; importers[i] != NULL; i++)
    {
      guint score = importers[i]->detect (data, size, filename);

      if (score > best_score)
        {
          best = importers[i];
          best_score = score;
        }
    }

  return best;
}

static const SesameImporter *
choose_importer (const guint8  *data,
                 gsize          size,
                 const char    *filename,
                 const char    *format,
                 GError       **error)
{
  const SesameImporter *importer;

  if (format != NULL && g_ascii_strcasecmp (format, "auto") != 0)
    {
      importer = sesame_importer_find (format);
      if (importer == NULL)
        g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNKNOWN_FORMAT,
                     _("“%s” is not a format Sesame can import."), format);
      return importer;
    }

  importer = sesame_importer_detect (data, size, filename);
  if (importer == NULL)
    g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNKNOWN_FORMAT,
                         _("Sesame does not recognise this file. It reads Sesame backups; Aegis, 2FAS, andOTP, "
                           "FreeOTP, FreeOTP+, Stratum, Proton Authenticator, TOTP Authenticator, Bitwarden "
                           "and Ente Auth exports; Steam .maFile files; the app data of Authy, Duo, "
                           "Battle.net, Google and Microsoft Authenticator; and lists of otpauth:// links. "
                           "Export again from the other app in one of these formats."));
  return importer;
}

gboolean
sesame_import_needs_password (const guint8 *data,
                              gsize         size,
                              const char   *filename,
                              const char   *format)
{
  gboolean began = json_trees_begin ();
  const SesameImporter *importer = choose_importer (data, size, filename, format, NULL);
  gboolean needs = importer != NULL && importer->needs_password (data, size);

  json_trees_end (began);
  return needs;
}

SesameKdfBudget *
sesame_import_kdf_budget (SesameImportResult *result)
{
  if (result->kdf_budget == NULL)
    result->kdf_budget = sesame_kdf_budget_new (NULL);

  return result->kdf_budget;
}

static SesameImportResult *import_data (const guint8  *data,
                                        gsize          size,
                                        const char    *filename,
                                        const char    *format,
                                        const char    *password,
                                        GCancellable  *cancellable,
                                        GError       **error);

/**
 * sesame_import_data:
 * @format: (nullable): an importer id, or %NULL / "auto" to detect it
 * @password: (nullable): for encrypted files
 *
 * Returns: (transfer full): what was read (at least one account), or %NULL
 *   with @error set (in %SESAME_IMPORT_ERROR) when nothing can be imported
 */
SesameImportResult *
sesame_import_data (const guint8  *data,
                    gsize          size,
                    const char    *filename,
                    const char    *format,
                    const char    *password,
                    GError       **error)
{
  return sesame_import_data_full (data, size, filename, format, password, NULL, error);
}

/**
 * sesame_import_data_full:
 * @cancellable: (nullable): stops a key derivation in progress
 *   (G_IO_ERROR_CANCELLED)
 *
 * sesame_import_data(), cancellable.
 */
SesameImportResult *
sesame_import_data_full (const guint8  *data,
                         gsize          size,
                         const char    *filename,
                         const char    *format,
                         const char    *password,
                         GCancellable  *cancellable,
                         GError       **error)
{
  gboolean began = json_trees_begin ();
  SesameImportResult *result = import_data (data, size, filename, format, password, cancellable, error);

  json_trees_end (began);
  return result;
}

static SesameImportResult *
import_data (const guint8  *data,
             gsize          size,
             const char    *filename,
             const char    *format,
             const char    *password,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(SesameImportResult) result = NULL;
  const SesameImporter *importer;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  importer = choose_importer (data, size, filename, format, error);
  if (importer == NULL)
    return NULL;

  if (importer->needs_password (data, size) && (password == NULL || *password == '\0'))
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED,
                   /* Translators: %s is a format, like "Aegis vault". */
                   _("This %s is encrypted. Give its password."), _(importer->name));
      return NULL;
    }

  result = sesame_import_result_new (importer->id);
  result->kdf_budget = sesame_kdf_budget_new (cancellable);
  if (!importer->parse (data, size, password, result, error))
    return NULL;

  if (result->accounts->len == 0 && result->failures->len == 0)
    {
      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_EMPTY,
                   _("This %s holds no accounts."), _(importer->name));
      return NULL;
    }

  /* Nothing importable at all is an error of the file, with the reason. */
  if (result->accounts->len == 0)
    {
      SesameImportFailure *first = g_ptr_array_index (result->failures, 0);

      g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID,
                   /* Translators: "%s: %s" is an entry and why it was refused. */
                   _("No account in this file can be imported. %s: %s"), first->entry, first->reason);
      return NULL;
    }

  return g_steal_pointer (&result);
}

/* Exports are small; anything this big is not one. */
#define MAX_IMPORT_SIZE (64 * 1024 * 1024)

SesameImportResult *
sesame_import_file (GFile         *file,
                    const char    *format,
                    const char    *password,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  SesameImportResult *result;
  gsize size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, cancellable, &contents, &size, NULL, error))
    return NULL;

  if (size > MAX_IMPORT_SIZE)
    {
      sesame_memwipe (contents, size);
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID,
                           _("The file is too large to be an authenticator export."));
      return NULL;
    }

  basename = g_file_get_basename (file);
  result = sesame_import_data_full ((const guint8 *) contents, size, basename, format, password,
                                    cancellable, error);
  sesame_memwipe (contents, size);
  return result;
}

typedef struct
{
  GFile *file;
  char *format;
  char *password;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_clear_object (&data->file);
  g_free (data->format);
  sesame_str_wipe_free (data->password);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  SesameImportResult *result;

  result = sesame_import_file (data->file, data->format, data->password, cancellable, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify) sesame_import_result_free);
  else
    g_task_return_error (task, error);
}

void
sesame_import_file_async (GFile               *file,
                          const char          *format,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportData, 1);
  data->file = g_object_ref (file);
  data->format = g_strdup (format);
  data->password = g_strdup (password);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_import_file_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

SesameImportResult *
sesame_import_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_import_file_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* {{{ Helpers for importers */

static SesameSecret *
decode_base32_lenient (const char  *text,
                       GError     **error)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  SesameSecret *secret;

  /* Exports write keys with padding, spaces, dashes or in lower case. */
  for (const char *p = text; *p != '\0'; p++)
    if (*p != ' ' && *p != '-' && *p != '=' && *p != '\t')
      g_string_append_c (clean, g_ascii_toupper (*p));

  secret = sesame_base32_decode (clean->str, clean->len, error);
  sesame_memwipe (clean->str, clean->len);
  return secret;
}

static void
add_failure_printf (SesameImportResult *result,
                    const char         *entry,
                    const char         *reason)
{
  sesame_import_result_add_failure (result, entry, reason);
}

void
sesame_import_add_entry (SesameImportResult      *result,
                         guint                    index,
                         const SesameImportEntry *e)
{
  g_autofree char *entry = sesame_import_describe_entry (index, e->issuer, e->name);
  g_autoptr(SesameSecret) secret = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *account;
  SesameOtpType type = SESAME_OTP_TYPE_TOTP;
  SesameOtpParams p;

  sesame_otp_params_init (&p);
  if (e->type != NULL && *e->type != '\0' && !sesame_otp_type_from_string (e->type, &type))
    {
      g_autofree char *reason = g_strdup_printf (_("Its kind of code, “%s”, is not supported (Sesame supports TOTP, HOTP and Steam)."),
                                                 e->type);
      add_failure_printf (result, entry, reason);
      return;
    }

  if (e->secret != NULL && e->secret_size > 0)
    secret = sesame_secret_new (e->secret, e->secret_size);
  else if (e->secret_base32 != NULL && *e->secret_base32 != '\0')
    {
      secret = decode_base32_lenient (e->secret_base32, &error);
      if (secret == NULL)
        {
          add_failure_printf (result, entry, error->message);
          return;
        }
    }
  if (secret == NULL)
    {
      add_failure_printf (result, entry, _("It has no secret key."));
      return;
    }

  p.type = type;
  p.digits = e->digits > 0 ? e->digits : SESAME_OTP_DEFAULT_DIGITS;
  p.period = e->period > 0 ? e->period : SESAME_OTP_DEFAULT_PERIOD;
  p.counter = e->counter;
  if ((e->algorithm != NULL && *e->algorithm != '\0' && !sesame_otp_parse_algorithm (e->algorithm, &p.algorithm, &error)) ||
      !sesame_otp_params_normalize (&p, &error))
    {
      add_failure_printf (result, entry, error->message);
      return;
    }

  account = sesame_account_new ();
  sesame_account_set_otp_type (account, type);
  sesame_account_set_issuer (account, e->issuer != NULL ? e->issuer : "");
  sesame_account_set_name (account, e->name != NULL ? e->name : "");
  sesame_account_set_secret (account, secret);
  sesame_account_set_algorithm (account, p.algorithm);
  sesame_account_set_digits (account, p.digits);
  sesame_account_set_period (account, p.period);
  sesame_account_set_counter (account, p.counter);
  sesame_account_set_favorite (account, e->favorite);
  if (e->note != NULL)
    sesame_account_set_note (account, e->note);
  if (e->groups != NULL)
    sesame_account_set_groups (account, e->groups);

  g_ptr_array_add (result->accounts, account);
}

void
sesame_import_add_uri (SesameImportResult *result,
                       guint               index,
                       const char         *uri)
{
  g_autoptr(GError) error = NULL;
  SesameAccount *account = sesame_import_account_from_uri (uri, &error);

  if (account == NULL)
    {
      g_autofree char *entry = sesame_import_describe_entry (index, NULL, NULL);
      add_failure_printf (result, entry, error->message);
      return;
    }

  g_ptr_array_add (result->accounts, account);
}

/* The parser's own messages may quote the text (keys included): they are
 * dropped, and callers say in their own words what is wrong. */
JsonNode *
sesame_import_parse_json (const guint8 *data,
                          gsize         size)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (size == 0 || !g_utf8_validate ((const char *) data, size, NULL))
    return NULL;
  if (!json_parser_load_from_data (parser, (const char *) data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    return NULL;

  /* A reference, not a copy (a copy would leave the parser's strings,
   * keys among them, to be freed unwiped), kept until the import ends. */
  json_trees_keep (root);
  return json_node_ref (root);
}

/* For formats whose document is one JSON object: @node keeps it alive
 * (free it with json_node_unref), the object is returned, or %NULL. */
JsonObject *
sesame_import_parse_json_object (const guint8  *data,
                                 gsize          size,
                                 JsonNode     **node)
{
  *node = sesame_import_parse_json (data, size);
  if (*node == NULL || !JSON_NODE_HOLDS_OBJECT (*node))
    return NULL;

  return json_node_get_object (*node);
}

const char *
sesame_json_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
sesame_json_int (JsonObject *object,
                 const char *member,
                 gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* Out of range (or NaN), the cast would be undefined: "not given". */
        if (!(d >= -9.2e18 && d <= 9.2e18))
          return fallback;
        return (gint64) d;
      }
    case G_TYPE_STRING:
      if (g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64, &value, NULL))
        return value;
      return fallback;
    default:
      return fallback;
    }
}

gboolean
sesame_json_bool (JsonObject *object,
                  const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

JsonObject *
sesame_json_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
sesame_json_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

guint8 *
sesame_hex_decode (const char *hex,
                   gsize      *size)
{
  gsize length;
  guint8 *out;

  if (hex == NULL)
    return NULL;

  length = strlen (hex);
  if (length % 2 != 0)
    return NULL;

  out = g_malloc (MAX (length / 2, 1));
  for (gsize i = 0; i < length; i += 2)
    {
      int hi = g_ascii_xdigit_value (hex[i]);
      int lo = g_ascii_xdigit_value (hex[i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_free (out);
          return NULL;
        }
      out[i / 2] = hi << 4 | lo;
    }

  *size = length / 2;
  return out;
}

gboolean
sesame_looks_like_text (const guint8 *data,
                        gsize         size)
{
  return g_utf8_validate ((const char *) data, size, NULL) && memchr (data, '\0', size) == NULL;
}

void
sesame_import_set_invalid (GError     **error,
                           const char  *format_name,
                           const char  *reason)
{
  g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID,
               /* Translators: the first %s is a format ("Aegis vault"), the second what is wrong. */
               _("This %s cannot be read: %s. Export it again from the other app."),
               format_name, reason);
}

void
sesame_import_set_wrong_password (GError     **error,
                                  const char  *format_name)
{
  g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_WRONG_PASSWORD,
               /* Translators: %s is a format ("Aegis vault"). */
               _("The password does not open this %s. Check it and try again."), format_name);
}

/* }}} */
