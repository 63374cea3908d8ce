/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-export"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sesame-backup.h"
#include "sesame-crypto.h"
#include "sesame-export.h"

/* Writing accounts out: Sesame's age backup, Aegis vaults (what Aegis's
 * own importer reads: file version 1, content version 3 with groups) and
 * otpauth:// lists. Everything goes through sesame_write_file_atomic(). */

#define AEGIS_SCRYPT_N 32768
#define AEGIS_SCRYPT_R 8
#define AEGIS_SCRYPT_P 1

static const struct
{
  SesameExportFormat format;
  const char *name;
} format_names[] = {
  { SESAME_EXPORT_AGE, "age" },
  { SESAME_EXPORT_AEGIS, "aegis" },
  { SESAME_EXPORT_AEGIS_PLAIN, "aegis-plain" },
  { SESAME_EXPORT_URIS, "uris" },
};

gboolean
sesame_export_format_from_string (const char         *text,
                                  SesameExportFormat *format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (text, format_names[i].name) == 0)
      {
        *format = format_names[i].format;
        return TRUE;
      }

  return FALSE;
}

const char *
sesame_export_format_to_string (SesameExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (format_names[i].format == format)
      return format_names[i].name;

  g_return_val_if_reached (NULL);
}

gboolean
sesame_export_format_needs_passphrase (SesameExportFormat format)
{
  return format == SESAME_EXPORT_AGE || format == SESAME_EXPORT_AEGIS;
}

/* {{{ Aegis */

static char *
hex_encode (const guint8 *data,
            gsize         size)
{
  GString *hex = g_string_sized_new (size * 2);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

static const char *
aegis_type (SesameOtpType type)
{
  switch (type)
    {
    case SESAME_OTP_TYPE_HOTP:
      return "hotp";
    case SESAME_OTP_TYPE_STEAM:
      return "steam";
    case SESAME_OTP_TYPE_TOTP:
    default:
      return "totp";
    }
}

/* Group names get a uuid each, shared by the entries in them. */
static const char *
group_uuid (GHashTable *groups,
            const char *name)
{
  const char *uuid = g_hash_table_lookup (groups, name);

  if (uuid == NULL)
    {
      uuid = g_uuid_string_random ();
      g_hash_table_insert (groups, g_strdup (name), (char *) uuid);
    }

  return uuid;
}

static JsonObject *
aegis_entry (SesameAccount *account,
             GHashTable    *groups)
{
  JsonObject *entry = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonArray *uuids = json_array_new ();
  g_autoptr(SesameSecureStr) secret = sesame_secret_to_base32 (sesame_account_get_secret (account));
  const char * const *names = sesame_account_get_groups (account);
  SesameOtpType type = sesame_account_get_otp_type (account);

  json_object_set_string_member (info, "secret", secret);
  json_object_set_string_member (info, "algo", sesame_otp_algorithm_to_string (sesame_account_get_algorithm (account)));
  json_object_set_int_member (info, "digits", sesame_account_get_digits (account));
  if (type == SESAME_OTP_TYPE_HOTP)
    json_object_set_int_member (info, "counter", (gint64) MIN (sesame_account_get_counter (account), G_MAXINT64));
  else
    json_object_set_int_member (info, "period", sesame_account_get_period (account));

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    json_array_add_string_element (uuids, group_uuid (groups, names[i]));

  json_object_set_string_member (entry, "type", aegis_type (type));
  json_object_set_string_member (entry, "uuid", sesame_account_get_uuid (account));
  json_object_set_string_member (entry, "name", sesame_account_get_name (account));
  json_object_set_string_member (entry, "issuer", sesame_account_get_issuer (account));
  json_object_set_string_member (entry, "note", sesame_account_get_note (account) ? sesame_account_get_note (account) : "");
  json_object_set_boolean_member (entry, "favorite", sesame_account_get_favorite (account));
  json_object_set_null_member (entry, "icon");
  json_object_set_object_member (entry, "info", info);
  json_object_set_array_member (entry, "groups", uuids);

  return entry;
}

static void
add_group (gpointer key,
           gpointer value,
           gpointer user_data)
{
  JsonObject *group = json_object_new ();

  json_object_set_string_member (group, "uuid", value);
  json_object_set_string_member (group, "name", key);
  json_array_add_object_element (user_data, group);
}

static JsonObject *
aegis_content (GPtrArray *accounts)
{
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *db = json_object_new ();
  JsonArray *entries = json_array_new ();
  JsonArray *group_list = json_array_new ();

  for (guint i = 0; i < accounts->len; i++)
    json_array_add_object_element (entries, aegis_entry (g_ptr_array_index (accounts, i), groups));
  g_hash_table_foreach (groups, add_group, group_list);

  json_object_set_int_member (db, "version", 3);
  json_object_set_array_member (db, "entries", entries);
  json_object_set_array_member (db, "groups", group_list);
  json_object_set_boolean_member (db, "icons_optimized", TRUE);
  return db;
}

static char *
to_json_text (JsonObject *object,
              gboolean    pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 4);
  return json_generator_to_data (generator, NULL);
}

static JsonObject *
aegis_params (const guint8 *nonce,
              const guint8 *tag)
{
  JsonObject *params = json_object_new ();
  g_autofree char *nonce_hex = hex_encode (nonce, 12);
  g_autofree char *tag_hex = hex_encode (tag, SESAME_AEAD_TAG_SIZE);

  json_object_set_string_member (params, "nonce", nonce_hex);
  json_object_set_string_member (params, "tag", tag_hex);
  return params;
}

/* A password slot: the master key wrapped under scrypt(password). */
static JsonObject *
aegis_password_slot (const guint8  *master,
                     const char    *password,
                     GError       **error)
{
  guint8 salt[32], nonce[12], tag[SESAME_AEAD_TAG_SIZE], wrapped[32];
  g_autofree char *salt_hex = NULL;
  g_autofree char *key_hex = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  guint8 *derived = sesame_secure_alloc (32);
  JsonObject *slot;
  gboolean ok;

  sesame_crypto_random (salt, sizeof salt, FALSE);
  sesame_crypto_random (nonce, sizeof nonce, FALSE);
  ok = sesame_crypto_scrypt (password, strlen (password), salt, sizeof salt,
                             AEGIS_SCRYPT_N, AEGIS_SCRYPT_R, AEGIS_SCRYPT_P, derived, 32)
       && sesame_crypto_aes256gcm_seal (derived, nonce, sizeof nonce, master, 32, wrapped, tag);
  sesame_secure_free (derived, 32);
  if (!ok)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The cryptography library failed. Try again; if it keeps failing, report a bug."));
      return NULL;
    }

  salt_hex = hex_encode (salt, sizeof salt);
  key_hex = hex_encode (wrapped, sizeof wrapped);

  slot = json_object_new ();
  json_object_set_int_member (slot, "type", 1);
  json_object_set_string_member (slot, "uuid", uuid);
  json_object_set_string_member (slot, "key", key_hex);
  json_object_set_object_member (slot, "key_params", aegis_params (nonce, tag));
  json_object_set_int_member (slot, "n", AEGIS_SCRYPT_N);
  json_object_set_int_member (slot, "r", AEGIS_SCRYPT_R);
  json_object_set_int_member (slot, "p", AEGIS_SCRYPT_P);
  json_object_set_string_member (slot, "salt", salt_hex);
  /* The key was derived from the password's UTF-8 bytes (Aegis ≥ 1.1). */
  json_object_set_boolean_member (slot, "repaired", TRUE);
  json_object_set_boolean_member (slot, "is_backup", FALSE);
  return slot;
}

/* Wraps the content JSON into a vault; @password NULL for a plain one. */
static char *
aegis_vault (const char  *content,
             const char  *password,
             GError     **error)
{
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *header = json_object_new ();

  json_object_set_int_member (root, "version", 1);
  json_object_set_object_member (root, "header", header);

  if (password == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_object_set_null_member (header, "slots");
      json_object_set_null_member (header, "params");
      if (!json_parser_load_from_data (parser, content, -1, NULL))
        g_return_val_if_reached (NULL);
      json_object_set_member (root, "db", json_node_copy (json_parser_get_root (parser)));
    }
  else
    {
      guint8 nonce[12], tag[SESAME_AEAD_TAG_SIZE];
      gsize size = strlen (content);
      guint8 *master = sesame_secure_alloc (32);
      g_autofree guint8 *cipher = g_malloc (MAX (size, 1));
      g_autofree char *db = NULL;
      JsonArray *slots = json_array_new ();
      JsonObject *slot;

      sesame_crypto_random (master, 32, TRUE);
      sesame_crypto_random (nonce, sizeof nonce, FALSE);
      slot = aegis_password_slot (master, password, error);
      if (slot == NULL || !sesame_crypto_aes256gcm_seal (master, nonce, sizeof nonce,
                                                          (const guint8 *) content, size, cipher, tag))
        {
          sesame_secure_free (master, 32);
          json_array_unref (slots);
          if (slot != NULL)
            {
              json_object_unref (slot);
              g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                                   _("The cryptography library failed. Try again; if it keeps failing, report a bug."));
            }
          return NULL;
        }
      sesame_secure_free (master, 32);

      json_array_add_object_element (slots, slot);
      json_object_set_array_member (header, "slots", slots);
      json_object_set_object_member (header, "params", aegis_params (nonce, tag));
      db = g_base64_encode (cipher, size);
      json_object_set_string_member (root, "db", db);
    }

  return to_json_text (root, TRUE);
}

/**
 * sesame_export_aegis_json:
 * @accounts: (element-type SesameAccount): what to export
 * @password: (nullable): encrypts the vault; %NULL writes a plain vault
 *
 * Returns: (transfer full): the vault; free with sesame_str_wipe_free()
 */
char *
sesame_export_aegis_json (GPtrArray   *accounts,
                          const char  *password,
                          GError     **error)
{
  g_autoptr(JsonObject) content = NULL;
  g_autoptr(SesameSecureStr) text = NULL;

  g_return_val_if_fail (accounts != NULL, NULL);
  g_return_val_if_fail (password == NULL || *password != '\0', NULL);

  content = aegis_content (accounts);
  text = to_json_text (content, FALSE);
  return aegis_vault (text, password, error);
}

/* }}} */

/**
 * sesame_export_uris:
 *
 * Returns: (transfer full): one otpauth:// link per line; free with
 *   sesame_str_wipe_free()
 */
char *
sesame_export_uris (GPtrArray *accounts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < accounts->len; i++)
    {
      g_autoptr(SesameOtpauth) otp = sesame_account_to_otpauth (g_ptr_array_index (accounts, i));
      g_autoptr(SesameSecureStr) uri = otp != NULL ? sesame_otpauth_format (otp) : NULL;

      if (uri != NULL)
        {
          g_string_append (text, uri);
          g_string_append_c (text, '\n');
        }
    }

  return g_string_free (text, FALSE);
}

/* {{{ Files */

typedef struct
{
  GFile *file;
  SesameExportFormat format;
  char *content;    /* backup JSON, Aegis content, or the whole file */
  char *passphrase;
  guint work_factor;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->file);
  sesame_str_wipe_free (data->content);
  sesame_str_wipe_free (data->passphrase);
  g_free (data);
}

/* In the calling thread: everything that touches the account objects. */
static ExportData *
export_data_new (GFile              *file,
                 GPtrArray          *accounts,
                 SesameExportFormat  format,
                 const char         *passphrase,
                 guint               work_factor)
{
  ExportData *data = g_new0 (ExportData, 1);

  data->file = g_object_ref (file);
  data->format = format;
  data->passphrase = g_strdup (passphrase);
  data->work_factor = work_factor != 0 ? work_factor : SESAME_AGE_DEFAULT_WORK_FACTOR;

  switch (format)
    {
    case SESAME_EXPORT_AGE:
      data->content = sesame_backup_to_json (accounts, NULL);
      break;
    case SESAME_EXPORT_AEGIS:
    case SESAME_EXPORT_AEGIS_PLAIN:
      {
        g_autoptr(JsonObject) content = aegis_content (accounts);
        data->content = to_json_text (content, FALSE);
      }
      break;
    case SESAME_EXPORT_URIS:
    default:
      data->content = sesame_export_uris (accounts);
      break;
    }

  return data;
}

static gboolean
write_export (GOutputStream  *stream,
              gpointer        user_data,
              GCancellable   *cancellable,
              GError        **error)
{
  ExportData *data = user_data;
  g_autoptr(SesameSecureStr) vault = NULL;
  g_autoptr(GInputStream) in = NULL;

  switch (data->format)
    {
    case SESAME_EXPORT_AGE:
      in = g_memory_input_stream_new_from_data (data->content, strlen (data->content), NULL);
      return sesame_age_encrypt (in, stream, data->passphrase, data->work_factor,
                                 NULL, NULL, cancellable, error);
    case SESAME_EXPORT_AEGIS:
    case SESAME_EXPORT_AEGIS_PLAIN:
      vault = aegis_vault (data->content, data->format == SESAME_EXPORT_AEGIS ? data->passphrase : NULL, error);
      return vault != NULL &&
             g_output_stream_write_all (stream, vault, strlen (vault), NULL, cancellable, error);
    case SESAME_EXPORT_URIS:
    default:
      return g_output_stream_write_all (stream, data->content, strlen (data->content), NULL, cancellable, error);
    }
}

static gboolean
check_passphrase (SesameExportFormat   format,
                  const char          *passphrase,
                  GError             **error)
{
  if (sesame_export_format_needs_passphrase (format) && (passphrase == NULL || *passphrase == '\0'))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("This format is encrypted: choose a passphrase."));
      return FALSE;
    }

  return TRUE;
}

/**
 * sesame_export_write_file:
 * @accounts: (element-type SesameAccount): what to write
 * @passphrase: (nullable): for the encrypted formats
 * @work_factor: log2 of scrypt's N for %SESAME_EXPORT_AGE, or 0 for
 *   %SESAME_AGE_DEFAULT_WORK_FACTOR; the other formats ignore it
 *
 * The one writer of every backup and export file, Sesame's own age backup
 * included: the file is written to a temporary name beside @file, synced
 * and renamed (sesame_write_file_atomic()).
 */
gboolean
sesame_export_write_file (GFile               *file,
                          GPtrArray           *accounts,
                          SesameExportFormat   format,
                          const char          *passphrase,
                          guint                work_factor,
                          GCancellable        *cancellable,
                          GError             **error)
{
  ExportData *data;
  gboolean ok;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (accounts != NULL, FALSE);

  if (!check_passphrase (format, passphrase, error))
    return FALSE;

  data = export_data_new (file, accounts, format, passphrase, work_factor);
  ok = sesame_write_file_atomic (file, write_export, data, cancellable, error);
  export_data_free (data);
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (sesame_write_file_atomic (data->file, write_export, data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * sesame_export_write_file_async:
 *
 * Like sesame_export_write_file(). The document is built now, in the
 * calling thread (the accounts are GObjects of that thread); the KDF,
 * encryption and disk work run in a worker thread.
 */
void
sesame_export_write_file_async (GFile               *file,
                                GPtrArray           *accounts,
                                SesameExportFormat   format,
                                const char          *passphrase,
                                guint                work_factor,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (accounts != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_export_write_file_async);

  if (!check_passphrase (format, passphrase, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, export_data_new (file, accounts, format, passphrase, work_factor),
                        (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sesame_export_write_file_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_export_write_file_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
