/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-auto-backup"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

#include "sesame-account.h"
#include "sesame-auto-backup.h"
#include "sesame-backup.h"
#include "sesame-export.h"
#include "sesame-secret.h"

/* After every change to the accounts, an encrypted backup goes to a folder
 * the person chose, keeping the newest N. The passphrase lives in the
 * keyring next to the accounts. Changes that come in a burst (a restore,
 * an import) make one backup, not one each. Failures are never silent:
 * they are kept as the last error and signalled. */
struct _SesameAutoBackup
{
  GObject parent_instance;

  SesameAccountStore *store;
  SecretSchema *schema;
  gboolean enabled;
  char *folder;
  guint keep;
  guint delay_ms;
  guint work_factor;

  guint timeout_id;
  gboolean running;
  gboolean again;
  gboolean waiting;    /* a backup held back while the accounts are locked */
  GError *last_error;
  GFile *last_file;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (SesameAutoBackup, sesame_auto_backup, G_TYPE_OBJECT)
G_DEFINE_QUARK (sesame-auto-backup-error-quark, sesame_auto_backup_error)

enum {
  PROP_0,
  PROP_ENABLED,
  PROP_FOLDER,
  PROP_KEEP,
  PROP_LAST_ERROR_MESSAGE,
  N_PROPS
};

enum {
  BACKUP_WRITTEN,
  BACKUP_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  GFile *folder;
  GFile *file;
  GPtrArray *accounts;
  char *passphrase;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->folder);
  g_clear_object (&data->file);
  g_clear_pointer (&data->accounts, g_ptr_array_unref);
  g_clear_pointer (&data->passphrase, secret_password_free);
  g_free (data);
}

/* {{{ Names and pruning
 *
 * A backup is named sesame-backup-YYYYMMDD-HHMMSSZ-NNNNNN.age: the time in
 * UTC (for people), then a sequence number one above the highest in the
 * folder, which orders them: it never goes backwards, whatever the clock
 * does (daylight saving time, a clock set back, many in one second).
 * Earlier versions wrote sesame-backup-YYYYMMDD-HHMMSS[-N].age in local
 * time; those are older than any numbered one, and ordered among
 * themselves by modification time, then by their time and N as numbers.
 * Files named otherwise are never touched. */

typedef struct
{
  char *name;
  gboolean numbered;
  guint64 sequence;  /* numbered */
  guint64 mtime;     /* the others */
  guint64 stamp;
  guint64 collision;
} Backup;

static void
backup_free (Backup *backup)
{
  g_free (backup->name);
  g_free (backup);
}

/* Exactly @digits digits at @p. */
static gboolean
read_digits (const char *p,
             guint       digits,
             guint64    *value)
{
  *value = 0;
  for (guint i = 0; i < digits; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      *value = *value * 10 + (p[i] - '0');
    }
  return TRUE;
}

static Backup *
parse_backup_name (const char *name)
{
  gsize prefix = strlen (SESAME_AUTO_BACKUP_PREFIX), suffix = strlen (SESAME_AUTO_BACKUP_SUFFIX);
  gsize length = strlen (name);
  g_autofree char *middle = NULL;
  guint64 date, time, number = 0;
  Backup *backup;
  const char *rest;

  if (length <= prefix + suffix || !g_str_has_prefix (name, SESAME_AUTO_BACKUP_PREFIX) ||
      !g_str_has_suffix (name, SESAME_AUTO_BACKUP_SUFFIX))
    return NULL;

  /* YYYYMMDD-HHMMSS, then "Z-N…", "-N…" or nothing. */
  middle = g_strndup (name + prefix, length - prefix - suffix);
  if (strlen (middle) < 15 || !read_digits (middle, 8, &date) || middle[8] != '-' ||
      !read_digits (middle + 9, 6, &time))
    return NULL;

  rest = middle + 15;
  backup = g_new0 (Backup, 1);
  backup->numbered = rest[0] == 'Z';
  if (backup->numbered)
    rest++;
  if (*rest == '-')
    {
      guint digits = strlen (rest + 1);

      if (digits == 0 || digits > 18 || !read_digits (rest + 1, digits, &number))
        {
          g_free (backup);
          return NULL;
        }
    }
  else if (*rest != '\0' || backup->numbered)
    {
      g_free (backup);
      return NULL;
    }

  backup->name = g_strdup (name);
  backup->sequence = number;
  backup->stamp = date * 1000000 + time;
  backup->collision = number > 0 ? number : 1;
  return backup;
}

static int
compare_backups (gconstpointer a,
                 gconstpointer b)
{
  const Backup *x = *(const Backup * const *) a;
  const Backup *y = *(const Backup * const *) b;

#define CMP(u, v) G_STMT_START { if ((u) != (v)) return (u) < (v) ? -1 : 1; } G_STMT_END
  CMP (x->numbered, y->numbered);
  if (x->numbered)
    {
      CMP (x->sequence, y->sequence);
    }
  else
    {
      CMP (x->mtime, y->mtime);
      CMP (x->stamp, y->stamp);
      CMP (x->collision, y->collision);
    }
#undef CMP
  return g_strcmp0 (x->name, y->name);
}

/* The backups in @folder, oldest first. */
static GPtrArray *
list_backups (GFile *folder)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GPtrArray *backups = g_ptr_array_new_with_free_func ((GDestroyNotify) backup_free);
  GFileInfo *info;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children == NULL)
    return backups;

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      Backup *backup = parse_backup_name (g_file_info_get_name (info));

      if (backup != NULL)
        {
          backup->mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
          g_ptr_array_add (backups, backup);
        }
      g_object_unref (info);
    }

  g_ptr_array_sort (backups, compare_backups);
  return backups;
}

/**
 * sesame_auto_backup_prune:
 *
 * Deletes all but the newest @keep automatic backups in @folder (in the
 * order they were written, see above); nothing else is touched.
 */
void
sesame_auto_backup_prune (GFile *folder,
                          guint  keep)
{
  g_autoptr(GPtrArray) backups = list_backups (folder);

  for (guint i = 0; backups->len > keep && i < backups->len - keep; i++)
    {
      Backup *backup = g_ptr_array_index (backups, i);
      g_autoptr(GFile) old = g_file_get_child (folder, backup->name);

      g_file_delete (old, NULL, NULL);
    }
}

/**
 * sesame_auto_backup_next_file:
 * @now: the time to put in the name
 *
 * Returns: (transfer full): a name for a new backup in @folder, after
 *   every backup there
 */
GFile *
sesame_auto_backup_next_file (GFile     *folder,
                              GDateTime *now)
{
  g_autoptr(GPtrArray) backups = list_backups (folder);
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *stamp = g_date_time_format (utc, "%Y%m%d-%H%M%S");
  guint64 sequence = 1;

  for (guint i = 0; i < backups->len; i++)
    {
      Backup *backup = g_ptr_array_index (backups, i);

      if (backup->numbered)
        sequence = MAX (sequence, backup->sequence + 1);
    }

  for (;; sequence++)
    {
      g_autofree char *name = g_strdup_printf (SESAME_AUTO_BACKUP_PREFIX "%sZ-%06" G_GUINT64_FORMAT
                                               SESAME_AUTO_BACKUP_SUFFIX, stamp, sequence);
      GFile *file = g_file_get_child (folder, name);

      if (!g_file_query_exists (file, NULL))
        return file;
      g_object_unref (file);
    }
}

/* }}} */

static void
set_last_error (SesameAutoBackup *self,
                const GError     *error)
{
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR_MESSAGE]);
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SesameAutoBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  if (!sesame_export_write_file_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  sesame_auto_backup_prune (data->folder, self->keep);
  g_task_return_pointer (task, g_object_ref (data->file), g_object_unref);
}

static void
on_passphrase (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  SesameAutoBackup *self = g_task_get_source_object (task);
  RunData *data = g_task_get_task_data (task);

  data->passphrase = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->passphrase == NULL || *data->passphrase == '\0')
    {
      g_task_return_new_error (task, SESAME_AUTO_BACKUP_ERROR, SESAME_AUTO_BACKUP_ERROR_NO_PASSPHRASE,
                               _("Automatic backups have no passphrase. Set one in Preferences."));
      return;
    }

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    data->file = sesame_auto_backup_next_file (data->folder, now);
  }
  sesame_export_write_file_async (data->file, data->accounts, SESAME_EXPORT_AGE, data->passphrase,
                                  self->work_factor, g_task_get_cancellable (task), on_written,
                                  g_object_ref (task));
}

void
sesame_auto_backup_run_async (SesameAutoBackup    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_auto_backup_run_async);

  if (self->folder == NULL || *self->folder == '\0' ||
      !g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    {
      g_task_return_new_error (task, SESAME_AUTO_BACKUP_ERROR, SESAME_AUTO_BACKUP_ERROR_NO_FOLDER,
                               _("The folder for automatic backups is missing. Choose one in Preferences."));
      return;
    }

  /* A locked store holds no account: a backup now would be empty. */
  if (sesame_account_store_get_locked (self->store))
    {
      g_task_return_new_error (task, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED,
                               _("The accounts are locked; the backup is written once they are unlocked"));
      return;
    }

  data = g_new0 (RunData, 1);
  data->folder = g_file_new_for_path (self->folder);
  /* Copied on this thread: the write runs in another one while the person
   * may edit the accounts. */
  data->accounts = sesame_account_store_snapshot (self->store);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  secret_password_lookup (self->schema, cancellable, on_passphrase, g_steal_pointer (&task),
                          "kind", "automatic-backup", NULL);
}

static void
on_passphrase_searched (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GList *items = secret_password_search_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, items != NULL);
  g_list_free_full (items, g_object_unref);
}

/**
 * sesame_auto_backup_has_passphrase_async:
 *
 * Finds out whether a passphrase is stored, without reading it (so the
 * preferences can say "set" without the secret ever leaving the keyring).
 */
void
sesame_auto_backup_has_passphrase_async (SesameAutoBackup    *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_auto_backup_has_passphrase_async);
  secret_password_search (self->schema, SECRET_SEARCH_NONE, cancellable, on_passphrase_searched, task,
                          "kind", "automatic-backup", NULL);
}

gboolean
sesame_auto_backup_has_passphrase_finish (SesameAutoBackup  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sesame_auto_backup_run_finish:
 *
 * Returns: (transfer full): the backup file written
 */
GFile *
sesame_auto_backup_run_finish (SesameAutoBackup  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void schedule (SesameAutoBackup *self);

static void
on_run_finished (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SesameAutoBackup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  self->running = FALSE;
  file = sesame_auto_backup_run_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (file == NULL)
    {
      g_debug ("Automatic backup failed: %s", error->message);
      set_last_error (self, error);
      g_signal_emit (self, signals[BACKUP_FAILED], 0, error);
    }
  else
    {
      g_set_object (&self->last_file, file);
      if (self->last_error != NULL)
        set_last_error (self, NULL);
      g_signal_emit (self, signals[BACKUP_WRITTEN], 0, file);
    }

  /* Changes made while writing get a backup of their own. */
  if (self->again)
    {
      self->again = FALSE;
      schedule (self);
    }
}

static gboolean
on_timeout (gpointer user_data)
{
  SesameAutoBackup *self = user_data;

  self->timeout_id = 0;
  /* Locked: it waits, and runs after the unlock (on_locked_changed()). */
  if (sesame_account_store_get_locked (self->store))
    {
      g_debug ("Automatic backup waits for the accounts to be unlocked");
      self->waiting = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->running = TRUE;
  sesame_auto_backup_run_async (self, self->cancellable, on_run_finished, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
on_locked_changed (SesameAutoBackup *self)
{
  if (self->waiting && !sesame_account_store_get_locked (self->store))
    {
      self->waiting = FALSE;
      schedule (self);
    }
}

static void
schedule (SesameAutoBackup *self)
{
  if (!self->enabled)
    return;

  if (self->running)
    {
      self->again = TRUE;
      return;
    }

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (self->delay_ms, on_timeout, self);
}

static void
on_passphrase_stored (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
sesame_auto_backup_store_passphrase_async (SesameAutoBackup    *self,
                                           const char          *passphrase,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));
  g_return_if_fail (passphrase != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_auto_backup_store_passphrase_async);

  /* Translators: the label of the automatic backup passphrase in the keyring */
  secret_password_store (self->schema, SECRET_COLLECTION_DEFAULT, _("Sesame automatic backup passphrase"),
                         passphrase, cancellable, on_passphrase_stored, task,
                         "kind", "automatic-backup", NULL);
}

gboolean
sesame_auto_backup_store_passphrase_finish (SesameAutoBackup  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sesame_auto_backup_new:
 * @schema_name: (nullable): the keyring schema of the passphrase;
 *   %NULL for APP_ID ".BackupPassphrase"
 */
SesameAutoBackup *
sesame_auto_backup_new (SesameAccountStore *store,
                        const char         *schema_name)
{
  SesameAutoBackup *self;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (SESAME_TYPE_AUTO_BACKUP, NULL);
  self->store = g_object_ref (store);
  self->schema = secret_schema_new (schema_name ? schema_name : APP_ID ".BackupPassphrase",
                                    SECRET_SCHEMA_NONE,
                                    "kind", SECRET_SCHEMA_ATTRIBUTE_STRING,
                                    NULL);
  g_signal_connect_object (store, "changed", G_CALLBACK (schedule), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);

  return self;
}

gboolean
sesame_auto_backup_get_enabled (SesameAutoBackup *self)
{
  g_return_val_if_fail (SESAME_IS_AUTO_BACKUP (self), FALSE);
  return self->enabled;
}

void
sesame_auto_backup_set_enabled (SesameAutoBackup *self,
                                gboolean          enabled)
{
  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;

  self->enabled = enabled;
  if (!enabled)
    g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
}

const char *
sesame_auto_backup_get_folder (SesameAutoBackup *self)
{
  g_return_val_if_fail (SESAME_IS_AUTO_BACKUP (self), NULL);
  return self->folder;
}

void
sesame_auto_backup_set_folder (SesameAutoBackup *self,
                               const char       *folder)
{
  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));

  if (g_strcmp0 (self->folder, folder) == 0)
    return;

  g_free (self->folder);
  self->folder = g_strdup (folder);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER]);
}

guint
sesame_auto_backup_get_keep (SesameAutoBackup *self)
{
  g_return_val_if_fail (SESAME_IS_AUTO_BACKUP (self), 0);
  return self->keep;
}

void
sesame_auto_backup_set_keep (SesameAutoBackup *self,
                             guint             keep)
{
  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));

  keep = MAX (keep, 1);
  if (self->keep == keep)
    return;

  self->keep = keep;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP]);
}

guint
sesame_auto_backup_get_delay_ms (SesameAutoBackup *self)
{
  g_return_val_if_fail (SESAME_IS_AUTO_BACKUP (self), 0);
  return self->delay_ms;
}

void
sesame_auto_backup_set_delay_ms (SesameAutoBackup *self,
                                 guint             delay_ms)
{
  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));
  self->delay_ms = delay_ms;
}

/* Tests use a small work factor; people get the default. */
void
sesame_auto_backup_set_work_factor (SesameAutoBackup *self,
                                    guint             work_factor)
{
  g_return_if_fail (SESAME_IS_AUTO_BACKUP (self));
  self->work_factor = work_factor;
}

/**
 * sesame_auto_backup_get_last_error:
 *
 * Returns: (nullable): why the last automatic backup failed, %NULL when
 *   it worked
 */
const GError *
sesame_auto_backup_get_last_error (SesameAutoBackup *self)
{
  g_return_val_if_fail (SESAME_IS_AUTO_BACKUP (self), NULL);
  return self->last_error;
}

/**
 * sesame_auto_backup_get_last_file:
 *
 * Returns: (transfer none) (nullable): the newest backup written
 */
GFile *
sesame_auto_backup_get_last_file (SesameAutoBackup *self)
{
  g_return_val_if_fail (SESAME_IS_AUTO_BACKUP (self), NULL);
  return self->last_file;
}

static void
sesame_auto_backup_dispose (GObject *object)
{
  SesameAutoBackup *self = SESAME_AUTO_BACKUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->last_file);

  G_OBJECT_CLASS (sesame_auto_backup_parent_class)->dispose (object);
}

static void
sesame_auto_backup_finalize (GObject *object)
{
  SesameAutoBackup *self = SESAME_AUTO_BACKUP (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->schema, secret_schema_unref);
  g_clear_error (&self->last_error);
  g_free (self->folder);

  G_OBJECT_CLASS (sesame_auto_backup_parent_class)->finalize (object);
}

static void
sesame_auto_backup_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SesameAutoBackup *self = SESAME_AUTO_BACKUP (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_FOLDER:
      g_value_set_string (value, self->folder);
      break;
    case PROP_KEEP:
      g_value_set_uint (value, self->keep);
      break;
    case PROP_LAST_ERROR_MESSAGE:
      g_value_set_string (value, self->last_error ? self->last_error->message : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_auto_backup_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SesameAutoBackup *self = SESAME_AUTO_BACKUP (object);

  switch (prop_id)
    {
    case PROP_ENABLED:
      sesame_auto_backup_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_FOLDER:
      sesame_auto_backup_set_folder (self, g_value_get_string (value));
      break;
    case PROP_KEEP:
      sesame_auto_backup_set_keep (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_auto_backup_class_init (SesameAutoBackupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_auto_backup_dispose;
  object_class->finalize = sesame_auto_backup_finalize;
  object_class->get_property = sesame_auto_backup_get_property;
  object_class->set_property = sesame_auto_backup_set_property;

  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER] =
    g_param_spec_string ("folder", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEEP] =
    g_param_spec_uint ("keep", NULL, NULL, 1, 1000, SESAME_AUTO_BACKUP_DEFAULT_KEEP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR_MESSAGE] =
    g_param_spec_string ("last-error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BACKUP_WRITTEN] =
    g_signal_new ("backup-written", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_FILE);
  signals[BACKUP_FAILED] =
    g_signal_new ("backup-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sesame_auto_backup_init (SesameAutoBackup *self)
{
  self->keep = SESAME_AUTO_BACKUP_DEFAULT_KEEP;
  self->delay_ms = 2000;
  self->work_factor = SESAME_AGE_DEFAULT_WORK_FACTOR;
  self->cancellable = g_cancellable_new ();
}
