/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sesame-backup.h"
#include "sesame-import-private.h"

/* The native backup: an age file (scrypt passphrase) whose payload is the
 * JSON document described in docs/backup-format.md. */

G_DEFINE_QUARK (sesame-backup-error-quark, sesame_backup_error)

/* {{{ The document */

/**
 * sesame_backup_to_json:
 * @accounts: (element-type SesameAccount): what to back up
 * @created: (nullable): the time to record, or %NULL for now
 *
 * Returns: (transfer full): the document; it holds every key, so free it
 *   with sesame_str_wipe_free()
 */
char *
sesame_backup_to_json (GPtrArray *accounts,
                       GDateTime *created)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  JsonArray *array = json_array_sized_new (accounts->len);

  if (created == NULL)
    created = now = g_date_time_new_now_utc ();
  stamp = g_date_time_format (created, "%Y-%m-%dT%H:%M:%SZ");
  if (g_date_time_get_utc_offset (created) != 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (created);
      g_free (stamp);
      stamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
    }

  for (guint i = 0; i < accounts->len; i++)
    json_array_add_object_element (array, sesame_account_to_json_object (g_ptr_array_index (accounts, i)));

  json_object_set_string_member (root, "format", SESAME_BACKUP_FORMAT);
  json_object_set_int_member (root, "version", SESAME_BACKUP_VERSION);
  json_object_set_string_member (root, "created", stamp);
  json_object_set_string_member (root, "generator", "Sesame " PACKAGE_VERSION);
  json_object_set_array_member (root, "accounts", array);

  node = json_node_init_object (json_node_alloc (), root);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);

  return json_generator_to_data (generator, NULL);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

static void
parse_entry (JsonNode           *node,
             guint               index,
             SesameImportResult *result)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameAccount) account = NULL;
  g_autofree char *entry = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      entry = sesame_import_describe_entry (index, NULL, NULL);
      sesame_import_result_add_failure (result, entry, _("It is not a JSON object."));
      return;
    }

  object = json_node_get_object (node);
  entry = sesame_import_describe_entry (index, string_member (object, "issuer"), string_member (object, "name"));

  /* A hand-written entry may leave out the bookkeeping members. */
  copy = json_object_new ();
  {
    GList *members = json_object_get_members (object);

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (object, l->data)));
    g_list_free (members);
  }
  if (!json_object_has_member (copy, "version"))
    json_object_set_int_member (copy, "version", SESAME_ACCOUNT_JSON_VERSION);
  if (!json_object_has_member (copy, "uuid"))
    {
      g_autofree char *uuid = g_uuid_string_random ();
      json_object_set_string_member (copy, "uuid", uuid);
    }

  account = sesame_account_new_from_json_object (copy, &error);
  if (account == NULL)
    {
      sesame_import_result_add_failure (result, entry, error->message);
      return;
    }

  g_ptr_array_add (result->accounts, g_steal_pointer (&account));
}

/**
 * sesame_backup_parse:
 * @json: the decrypted document
 * @length: its length, or -1 when nul-terminated
 *
 * Every entry is validated; one that does not is listed in the result's
 * failures with its reason, and the others are still returned.
 *
 * Returns: (transfer full): the accounts, or %NULL with @error set in
 *   %SESAME_BACKUP_ERROR when the document as a whole is not a backup
 */
SesameImportResult *
sesame_backup_parse (const char  *json,
                     gsize        length,
                     GError     **error)
{
  /* The document holds every key: its tree is wiped when done. */
  g_autoptr(SesameWipedParser) parser = json_parser_new_immutable ();
  g_autoptr(SesameImportResult) result = NULL;
  JsonObject *root;
  JsonNode *node;
  JsonArray *accounts;

  g_return_val_if_fail (json != NULL, NULL);

  /* The parser's own message may quote the text, keys included. */
  if (!json_parser_load_from_data (parser, json, length, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_NOT_A_BACKUP,
                           _("The file decrypts, but its content is not a Sesame backup (not a JSON document)."));
      return NULL;
    }

  root = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (string_member (root, "format"), SESAME_BACKUP_FORMAT) != 0)
    {
      g_set_error_literal (error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_NOT_A_BACKUP,
                           _("The file decrypts, but it is not a Sesame backup (its “format” is not “sesame-backup”). "
                             "If it comes from another app, import it with that app’s format."));
      return NULL;
    }

  node = json_object_get_member (root, "version");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 1)
    {
      g_set_error_literal (error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_INVALID,
                           _("The backup has no valid “version”. The file is damaged; use another copy."));
      return NULL;
    }
  if (json_node_get_int (node) > SESAME_BACKUP_VERSION)
    {
      g_set_error_literal (error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_UNSUPPORTED_VERSION,
                           _("The backup was made by a newer version of Sesame. Update Sesame to restore it."));
      return NULL;
    }

  node = json_object_get_member (root, "accounts");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, SESAME_BACKUP_ERROR, SESAME_BACKUP_ERROR_INVALID,
                           _("The backup has no “accounts” list. The file is damaged; use another copy."));
      return NULL;
    }

  result = sesame_import_result_new ("age");
  accounts = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    parse_entry (json_array_get_element (accounts, i), i + 1, result);

  return g_steal_pointer (&result);
}

/* }}} */
/* {{{ Atomic files */

static void
set_io_error (GError     **error,
              int          errsv,
              gboolean     creating,
              const char  *path)
{
  g_autofree char *display = g_filename_display_name (path);

  if (creating)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 /* Translators: the first %s is a folder, the second the system's reason. */
                 _("Could not create a file in “%s”: %s. Choose a folder you can write to."),
                 display, g_strerror (errsv));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                 /* Translators: the first %s is a file, the second the system's reason. */
                 _("Could not write “%s”: %s"), display, g_strerror (errsv));
}

/* A write that fails says which file (GIO's own message names only "a file
 * descriptor"), and a full disk says so in words. */
static void
name_file_in_error (GError     **error,
                    const char  *path)
{
  g_autofree char *display = NULL;
  GError *named;

  if (*error == NULL || (*error)->domain != G_IO_ERROR || (*error)->code == G_IO_ERROR_CANCELLED)
    return;

  display = g_filename_display_name (path);
  if ((*error)->code == G_IO_ERROR_NO_SPACE)
    named = g_error_new (G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                         /* Translators: %s is a file. */
                         _("Could not write “%s”: the disk is full. Free some space or choose another folder; "
                           "the file that was there, if any, is untouched."),
                         display);
  else
    named = g_error_new (G_IO_ERROR, (*error)->code,
                         /* Translators: the first %s is a file, the second the system's reason. */
                         _("Could not write “%s”: %s"), display, (*error)->message);
  g_clear_error (error);
  *error = named;
}

/* .NAME.XXXXXX files of ours (private, regular, more than 10 seconds old)
 * beside @base that no writer holds (flock): left by a write that was
 * killed; removed before the next write of the same file. */
static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *candidate = NULL;
      gboolean ours = g_str_has_prefix (name, prefix) && strlen (name) == strlen (prefix) + 6;
      struct stat st;
      int fd;

      for (gsize i = strlen (prefix); ours && name[i] != '\0'; i++)
        ours = g_ascii_isalnum (name[i]);
      if (!ours)
        continue;

      candidate = g_build_filename (dir, name, NULL);
      fd = open (candidate, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
      if (fd < 0)
        continue;
      /* Not one just made by another writer that has not locked it yet. */
      if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid () &&
          (st.st_mode & 077) == 0 && st.st_mtime < time (NULL) - 10 && flock (fd, LOCK_EX | LOCK_NB) == 0)
        g_unlink (candidate);
      close (fd);
    }
}

static void
sync_directory (const char *dir)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (fd >= 0)
    {
      (void) fsync (fd);
      close (fd);
    }
}

/**
 * sesame_write_file_atomic:
 * @file: where the file ends up (a local path)
 * @write_func: writes the content
 *
 * Writes to a new private (0600) temporary file in the same folder,
 * fsyncs it and renames it over @file: either the whole new file is there
 * or the old one is untouched.
 */
gboolean
sesame_write_file_atomic (GFile            *file,
                          SesameWriteFunc   write_func,
                          gpointer          user_data,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;
  int fd;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Files can only be written to a local folder. Choose a folder on this computer."));
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  remove_stale_temporaries (dir, base);

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, TRUE, dir);
      return FALSE;
    }
  /* Held while we write: a temporary nobody holds is one whose writer died. */
  (void) flock (fd, LOCK_EX | LOCK_NB);

  stream = g_unix_output_stream_new (fd, FALSE);
  ok = write_func (stream, user_data, cancellable, &local_error);
  if (!ok)
    name_file_in_error (&local_error, path);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  if (ok && fsync (fd) != 0)
    {
      set_io_error (error, errno, FALSE, path);
      ok = FALSE;
    }
  close (fd);

  if (ok && g_rename (tmp, path) != 0)
    {
      set_io_error (error, errno, FALSE, path);
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (tmp);
      return FALSE;
    }

  sync_directory (dir);
  return TRUE;
}

/* }}} */
/* {{{ Restore */

/**
 * sesame_restore_plan_new:
 * @existing: (element-type SesameAccount): the accounts Sesame has
 * @incoming: (element-type SesameAccount): the accounts of a backup
 *
 * An account already present (same key, issuer and name) is skipped, and so
 * is the second copy of one listed twice: restoring the same backup twice
 * adds nothing. An account whose uuid is taken (it was edited since the
 * backup) is added under a new uuid, so it never overwrites the edit.
 */
SesameRestorePlan *
sesame_restore_plan_new (GListModel *existing,
                         GPtrArray  *incoming)
{
  g_autoptr(GHashTable) prints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) uuids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  SesameRestorePlan *plan;
  guint n = g_list_model_get_n_items (existing);

  plan = g_new0 (SesameRestorePlan, 1);
  plan->to_add = g_ptr_array_new_with_free_func (g_object_unref);
  plan->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_import_failure_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (existing, i);
      char *print = sesame_account_dup_fingerprint (account);

      if (print != NULL)
        g_hash_table_add (prints, print);
      g_hash_table_add (uuids, g_strdup (sesame_account_get_uuid (account)));
    }

  for (guint i = 0; i < incoming->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (incoming, i);
      g_autofree char *print = sesame_account_dup_fingerprint (account);
      g_autofree char *entry = sesame_import_describe_entry (i + 1, sesame_account_get_issuer (account),
                                                             sesame_account_get_name (account));
      SesameImportFailure *skip;
      const char *reason = NULL;

      if (print == NULL)
        reason = _("It has no secret key.");
      else if (g_hash_table_contains (prints, print))
        reason = _("It is already in Sesame.");
      else if (g_hash_table_contains (seen, print))
        reason = _("It appears twice in this file; the first one is added.");

      if (reason != NULL)
        {
          skip = g_new0 (SesameImportFailure, 1);
          skip->entry = g_steal_pointer (&entry);
          skip->reason = g_strdup (reason);
          g_ptr_array_add (plan->skipped, skip);
          continue;
        }

      g_hash_table_add (seen, g_steal_pointer (&print));
      if (g_hash_table_contains (uuids, sesame_account_get_uuid (account)))
        {
          SesameAccount *fresh = sesame_account_new ();

          sesame_account_assign (fresh, account);
          g_ptr_array_add (plan->to_add, fresh);
        }
      else
        g_ptr_array_add (plan->to_add, g_object_ref (account));
      g_hash_table_add (uuids, g_strdup (sesame_account_get_uuid (g_ptr_array_index (plan->to_add, plan->to_add->len - 1))));
    }

  return plan;
}

void
sesame_restore_plan_free (SesameRestorePlan *plan)
{
  if (plan == NULL)
    return;

  g_ptr_array_unref (plan->to_add);
  g_ptr_array_unref (plan->skipped);
  g_free (plan);
}

/* }}} */
