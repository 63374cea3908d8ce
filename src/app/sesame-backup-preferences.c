/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-backup-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-backup-preferences.h"
#include "sesame-backup-preferences-private.h"
#include "sesame-secret.h"
#include "sesame-settings.h"

/* The Backups page of the preferences: automatic backups on or off, their
 * folder, how many to keep, their passphrase (stored in the keyring), and
 * how the last one went — a failure is shown here, never swallowed. */
struct _SesameBackupPreferences
{
  AdwPreferencesPage parent_instance;

  GtkSwitch *enabled_switch;
  AdwActionRow *enabled_row;
  AdwActionRow *folder_row;
  GtkAdjustment *keep_adjustment;
  AdwActionRow *passphrase_state_row;
  GtkButton *change_button;
  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *confirm_row;
  AdwActionRow *save_row;
  GtkButton *save_passphrase_button;
  AdwActionRow *status_row;
  GtkButton *now_button;

  SesameAutoBackup *auto_backup;
  GCancellable *cancellable;
  gboolean has_passphrase;
  gboolean editing;
};

enum {
  PROP_0,
  PROP_EDITING_PASSPHRASE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SesameBackupPreferences, sesame_backup_preferences, ADW_TYPE_PREFERENCES_PAGE)

/* While the passphrase is being set or changed: the .ui shows its fields
 * then, and the Change button otherwise. */
static gboolean
get_editing_passphrase (SesameBackupPreferences *self)
{
  return self->editing || !self->has_passphrase;
}

static GSettings *
settings (void)
{
  return sesame_settings_get_gsettings (sesame_settings_get_default ());
}

static void
toast (SesameBackupPreferences *self,
       const char              *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
}

/* Automatic backups cannot be turned on before they could be written and
 * opened again: a folder, and a passphrase typed twice. */
static void
update_enabled (SesameBackupPreferences *self)
{
  g_autofree char *folder = g_settings_get_string (settings (), "auto-backup-folder");
  gboolean ready = *folder != '\0' && self->has_passphrase;
  gboolean active = gtk_switch_get_active (self->enabled_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->enabled_switch), ready || active);
  if (ready)
    adw_action_row_set_subtitle (self->enabled_row, "");
  else if (*folder == '\0' && !self->has_passphrase)
    adw_action_row_set_subtitle (self->enabled_row, _("Choose a folder and set a passphrase first"));
  else if (*folder == '\0')
    adw_action_row_set_subtitle (self->enabled_row, _("Choose a folder first"));
  else
    adw_action_row_set_subtitle (self->enabled_row, _("Set a passphrase first"));
}

static void
update_passphrase (SesameBackupPreferences *self)
{
  adw_action_row_set_subtitle (self->passphrase_state_row,
                               self->has_passphrase ? _("Set, kept in the keyring") : _("Not set"));
  gtk_button_set_label (self->change_button, self->has_passphrase ? _("_Change…") : _("_Set…"));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITING_PASSPHRASE]);
  update_enabled (self);
}

static void
on_passphrase_edited (SesameBackupPreferences *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirmation = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  gboolean match = *passphrase != '\0' && g_strcmp0 (passphrase, confirmation) == 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_passphrase_button), match);
  if (*confirmation != '\0' && !match)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->save_row), _("The passphrases do not match"));
      gtk_widget_add_css_class (GTK_WIDGET (self->save_row), "error");
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->save_row),
                                     _("Type the passphrase twice; without it the backups cannot be opened"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->save_row), "error");
    }
}

static void
on_passphrase_activated (SesameBackupPreferences *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
}

static void
on_change_passphrase (SesameBackupPreferences *self)
{
  self->editing = TRUE;
  update_passphrase (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
on_has_passphrase (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SesameBackupPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean has = sesame_auto_backup_has_passphrase_finish (SESAME_AUTO_BACKUP (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->has_passphrase = has;
  update_passphrase (self);
}

/* "passphrase set" or not, for tests */
gboolean
sesame_backup_preferences_get_has_passphrase (SesameBackupPreferences *self)
{
  g_return_val_if_fail (SESAME_IS_BACKUP_PREFERENCES (self), FALSE);

  return self->has_passphrase;
}

static void
update_folder (SesameBackupPreferences *self)
{
  g_autofree char *folder = g_settings_get_string (settings (), "auto-backup-folder");

  adw_action_row_set_subtitle (self->folder_row, *folder ? folder : _("None chosen"));
  update_enabled (self);
}

static void
update_status (SesameBackupPreferences *self)
{
  const GError *error = sesame_auto_backup_get_last_error (self->auto_backup);
  GFile *last = sesame_auto_backup_get_last_file (self->auto_backup);
  g_autofree char *name = last ? g_file_get_basename (last) : NULL;

  if (error != NULL)
    {
      adw_action_row_set_subtitle (self->status_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_row), "error");
    }
  else
    {
      adw_action_row_set_subtitle (self->status_row, name ? name : _("None written yet"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_row), "error");
    }
}

static void
on_folder_chosen (GtkNativeDialog         *native,
                  int                      response,
                  SesameBackupPreferences *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (folder);

      if (path != NULL)
        g_settings_set_string (settings (), "auto-backup-folder", path);
      else
        toast (self, _("Choose a folder on this computer"));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_choose_folder (SesameBackupPreferences *self)
{
  GtkFileChooserNative *native;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  native = gtk_file_chooser_native_new (_("Folder for Automatic Backups"), GTK_WINDOW (root),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_folder_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_passphrase_stored (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SesameBackupPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sesame_auto_backup_store_passphrase_finish (SESAME_AUTO_BACKUP (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }

  self->has_passphrase = TRUE;
  self->editing = FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
  update_passphrase (self);
  toast (self, _("Passphrase saved in the keyring"));
}

void
sesame_backup_preferences_save_passphrase (SesameBackupPreferences *self,
                                           const char              *passphrase)
{
  g_return_if_fail (SESAME_IS_BACKUP_PREFERENCES (self));

  if (passphrase == NULL || *passphrase == '\0')
    {
      toast (self, _("The passphrase cannot be empty"));
      return;
    }

  sesame_auto_backup_store_passphrase_async (self->auto_backup, passphrase, self->cancellable,
                                             on_passphrase_stored, g_object_ref (self));
}

/* Saves what was typed twice; the fields empty only once it is saved. */
static void
on_passphrase_apply (SesameBackupPreferences *self)
{
  g_autoptr(SesameSecureStr) passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  const char *confirmation = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));

  if (g_strcmp0 (passphrase, confirmation) != 0)
    {
      on_passphrase_edited (self);
      toast (self, _("The passphrases do not match"));
      return;
    }

  sesame_backup_preferences_save_passphrase (self, passphrase);
}

/* Types a passphrase into both fields (tests). */
void
sesame_backup_preferences_set_passphrase_fields (SesameBackupPreferences *self,
                                                 const char              *passphrase,
                                                 const char              *confirmation)
{
  g_return_if_fail (SESAME_IS_BACKUP_PREFERENCES (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), confirmation);
}

gboolean
sesame_backup_preferences_get_can_enable (SesameBackupPreferences *self)
{
  g_return_val_if_fail (SESAME_IS_BACKUP_PREFERENCES (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->enabled_switch));
}

static void
on_backed_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SesameBackupPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sesame_auto_backup_run_finish (SESAME_AUTO_BACKUP (object), result, &error);

  gtk_widget_set_sensitive (GTK_WIDGET (self->now_button), TRUE);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          adw_action_row_set_subtitle (self->status_row, error->message);
          gtk_widget_add_css_class (GTK_WIDGET (self->status_row), "error");
        }
      return;
    }

  {
    g_autofree char *name = g_file_get_basename (file);

    adw_action_row_set_subtitle (self->status_row, name);
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_row), "error");
  }
}

static void
on_back_up_now (SesameBackupPreferences *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->now_button), FALSE);
  sesame_auto_backup_run_async (self->auto_backup, self->cancellable, on_backed_up, g_object_ref (self));
}

SesameBackupPreferences *
sesame_backup_preferences_new (SesameAutoBackup *auto_backup)
{
  SesameBackupPreferences *self;

  g_return_val_if_fail (SESAME_IS_AUTO_BACKUP (auto_backup), NULL);

  self = g_object_new (SESAME_TYPE_BACKUP_PREFERENCES, NULL);
  self->auto_backup = g_object_ref (auto_backup);

  g_settings_bind (settings (), "auto-backup-enabled", self->enabled_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings (), "auto-backup-keep", self->keep_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (settings (), "changed::auto-backup-folder", G_CALLBACK (update_folder), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (auto_backup, "notify::last-error-message", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (auto_backup, "backup-written", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->enabled_switch, "notify::active", G_CALLBACK (update_enabled), self, G_CONNECT_SWAPPED);
  update_folder (self);
  update_status (self);
  update_passphrase (self);
  sesame_auto_backup_has_passphrase_async (auto_backup, self->cancellable, on_has_passphrase, g_object_ref (self));

  return self;
}

static void
sesame_backup_preferences_dispose (GObject *object)
{
  SesameBackupPreferences *self = SESAME_BACKUP_PREFERENCES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->auto_backup);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_BACKUP_PREFERENCES);

  G_OBJECT_CLASS (sesame_backup_preferences_parent_class)->dispose (object);
}

static void
sesame_backup_preferences_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  SesameBackupPreferences *self = SESAME_BACKUP_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_EDITING_PASSPHRASE:
      g_value_set_boolean (value, get_editing_passphrase (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_backup_preferences_class_init (SesameBackupPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_backup_preferences_dispose;
  object_class->get_property = sesame_backup_preferences_get_property;

  properties[PROP_EDITING_PASSPHRASE] =
    g_param_spec_boolean ("editing-passphrase", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-backup-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, enabled_switch);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, enabled_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, passphrase_state_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, change_button);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, save_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, save_passphrase_button);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, folder_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, keep_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, status_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupPreferences, now_button);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_folder);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_edited);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_change_passphrase);
  gtk_widget_class_bind_template_callback (widget_class, on_back_up_now);
}

static void
sesame_backup_preferences_init (SesameBackupPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
