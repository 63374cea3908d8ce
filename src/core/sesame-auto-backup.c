/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-auto-backup"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

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

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
prune (GFile *folder,
       guint  keep)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GFileInfo *info;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children == NULL)
    return;

  while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      const char *name = g_file_info_get_name (info);

      if (g_str_has_prefix (name, SESAME_AUTO_BACKUP_PREFIX) && g_str_has_suffix (name, SESAME_AUTO_BACKUP_SUFFIX))
        g_ptr_array_add (names, g_strdup (name));
      g_object_unref (info);
    }

  /* The names hold the time, so sorting them sorts by age. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; names->len > keep && i < names->len - keep; i++)
    {
      g_autoptr(GFile) old = g_file_get_child (folder, g_ptr_array_index (names, i));

      g_file_delete (old, NULL, NULL);
    }
}

static GFile *
new_backup_file (GFile *folder)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint n = 1; ; n++)
    {
      g_autofree char *name = NULL;
      GFile *file;

      if (n == 1)
        name = g_strconcat (SESAME_AUTO_BACKUP_PREFIX, stamp, SESAME_AUTO_BACKUP_SUFFIX, NULL);
      else
        name = g_strdup_printf (SESAME_AUTO_BACKUP_PREFIX "%s-%u" SESAME_AUTO_BACKUP_SUFFIX, stamp, n);

      file = g_file_get_child (folder, name);
      if (!g_file_query_exists (file, NULL))
        return file;
      g_object_unref (file);
    }
}

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

  prune (data->folder, self->keep);
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

  data->file = new_backup_file (data->folder);
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
  self->running = TRUE;
  sesame_auto_backup_run_async (self, self->cancellable, on_run_finished, g_object_ref (self));

  return G_SOURCE_REMOVE;
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
