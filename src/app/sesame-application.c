/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>

#include "sesame-a11y.h"
#include "sesame-application.h"
#include "sesame-auto-backup.h"
#include "sesame-backup-preferences.h"
#include "sesame-clipboard.h"
#include "sesame-settings.h"
#include "sesame-lock-preferences.h"
#include "sesame-preferences-window.h"
#include "sesame-search-provider.h"
#include "sesame-window.h"

/* Started by D-Bus for the Shell's search, Sesame quits this long after its
 * last caller is done. */
#define INACTIVITY_TIMEOUT_MS (20 * 1000)

/* How long a new window waits for the keyring before it shows its
 * "Opening the Keyring…" page (sesame_window_present_when_loaded()). */
#define PRESENT_DELAY_MS 250

struct _SesameApplication
{
  AdwApplication parent_instance;

  SesameAccountStore *store;
  SesameAutoBackup *auto_backup;
  SesameLockMonitor *lock_monitor;
  SesameSearchProvider *search_provider;
};

G_DEFINE_FINAL_TYPE (SesameApplication, sesame_application, ADW_TYPE_APPLICATION)

SesameApplication *
sesame_application_new (void)
{
  return g_object_new (SESAME_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

/**
 * sesame_application_get_store:
 *
 * The one account store of the process, in the keyring schema of
 * sesame_keyring_schema_name(): tests name another than the app's own so
 * that they never see real accounts.
 *
 * Returns: (transfer none): the store
 */
SesameAccountStore *
sesame_application_get_store (SesameApplication *self)
{
  g_return_val_if_fail (SESAME_IS_APPLICATION (self), NULL);

  if (self->store == NULL)
    self->store = sesame_account_store_new (sesame_keyring_schema_name ());

  return self->store;
}

/**
 * sesame_application_get_auto_backup:
 *
 * Automatic backups, configured by the settings; one per process.
 *
 * Returns: (transfer none): the automatic backup of the store
 */
SesameAutoBackup *
sesame_application_get_auto_backup (SesameApplication *self)
{
  g_return_val_if_fail (SESAME_IS_APPLICATION (self), NULL);

  if (self->auto_backup == NULL)
    {
      GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());

      self->auto_backup = sesame_auto_backup_new (sesame_application_get_store (self),
                                                  g_getenv ("SESAME_BACKUP_PASSPHRASE_SCHEMA"));
      g_settings_bind (settings, "auto-backup-enabled", self->auto_backup, "enabled", G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "auto-backup-folder", self->auto_backup, "folder", G_SETTINGS_BIND_GET);
      g_settings_bind (settings, "auto-backup-keep", self->auto_backup, "keep", G_SETTINGS_BIND_GET);
    }

  return self->auto_backup;
}

/**
 * sesame_application_get_lock_monitor:
 *
 * What locks the store's Sesame collection on idle and when the screen
 * locks: one per process, so a process that only serves the Shell's search
 * (no window) locks too. Windows report their input to it and follow the
 * store's #SesameAccountStore:locked.
 *
 * Returns: (transfer none): the lock monitor of the store
 */
SesameLockMonitor *
sesame_application_get_lock_monitor (SesameApplication *self)
{
  g_return_val_if_fail (SESAME_IS_APPLICATION (self), NULL);

  if (self->lock_monitor == NULL)
    self->lock_monitor = sesame_lock_monitor_new (sesame_application_get_store (self),
                                                  sesame_settings_get_gsettings (sesame_settings_get_default ()));

  return self->lock_monitor;
}

static gboolean
sesame_application_dbus_register (GApplication     *app,
                                  GDBusConnection  *connection,
                                  const char       *object_path,
                                  GError          **error)
{
  SesameApplication *self = SESAME_APPLICATION (app);
  g_autofree char *path = NULL;

  if (!G_APPLICATION_CLASS (sesame_application_parent_class)->dbus_register (app, connection,
                                                                             object_path, error))
    return FALSE;

  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, INACTIVITY_TIMEOUT_MS);

  path = g_strconcat (object_path, "/SearchProvider", NULL);
  self->search_provider = sesame_search_provider_new (GTK_APPLICATION (app),
                                                      sesame_application_get_store (self));
  return sesame_search_provider_register (self->search_provider, connection, path, error);
}

static void
sesame_application_dbus_unregister (GApplication    *app,
                                    GDBusConnection *connection,
                                    const char      *object_path)
{
  SesameApplication *self = SESAME_APPLICATION (app);

  if (self->search_provider != NULL)
    sesame_search_provider_unregister (self->search_provider);

  G_APPLICATION_CLASS (sesame_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
sesame_application_activate (GApplication *app)
{
  GtkWindow *window;

  /* Single instance: launching again presents the window that is open. */
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* With the codes in its first frame when the keyring answers in time. */
  sesame_window_present_when_loaded (sesame_window_new (SESAME_APPLICATION (app)), PRESENT_DELAY_MS);
}

/* `sesame otpauth://…` and clicked otpauth:// links (the desktop file
 * handles x-scheme-handler/otpauth) go to the same confirmation as a
 * scanned code. */
static void
sesame_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  GtkWindow *window;

  sesame_application_activate (app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  /* Its dialogs come at once, over the window. */
  if (window != NULL)
    gtk_window_present (window);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      if (SESAME_IS_WINDOW (window))
        sesame_window_open_uri (SESAME_WINDOW (window), uri);
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  GtkApplication *app = user_data;
  GtkWindow *parent = gtk_application_get_active_window (app);
  GtkWindow *prefs = GTK_WINDOW (sesame_preferences_window_new (parent));
  SesameAutoBackup *auto_backup = sesame_application_get_auto_backup (SESAME_APPLICATION (app));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs),
                              ADW_PREFERENCES_PAGE (sesame_backup_preferences_new (auto_backup)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (prefs),
                              sesame_lock_preferences_new (sesame_application_get_store (SESAME_APPLICATION (app))));

  gtk_window_present (prefs);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Sesame developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "modal", TRUE,
                        "application-name", _("Sesame"),
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Sesame developers"),
                        "developers", developers,
                        "comments", _("Two-factor codes from your desktop keyring"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/sesame",
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows lets each cancel its keyring calls first. */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (G_APPLICATION (app));
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* Asked to end (logout, kill): the clipboard first, then go. */
static gboolean
on_quit_signal (gpointer user_data)
{
  sesame_clipboard_clear_all_then_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
sesame_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (sesame_application_parent_class)->startup (app);

  sesame_a11y_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences", prefs_accels);

  /* Listens to the store from the start: every change is backed up. */
  sesame_application_get_auto_backup (SESAME_APPLICATION (app));
  /* Locks on idle and screen lock with or without a window. */
  sesame_application_get_lock_monitor (SESAME_APPLICATION (app));

  g_unix_signal_add (SIGTERM, on_quit_signal, app);
  g_unix_signal_add (SIGINT, on_quit_signal, app);
  g_unix_signal_add (SIGHUP, on_quit_signal, app);
}

static void
sesame_application_dispose (GObject *object)
{
  SesameApplication *self = SESAME_APPLICATION (object);

  g_clear_object (&self->auto_backup);
  g_clear_object (&self->lock_monitor);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sesame_application_parent_class)->dispose (object);
}

static void
sesame_application_class_init (SesameApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sesame_application_dispose;
  app_class->activate = sesame_application_activate;
  app_class->open = sesame_application_open;
  app_class->dbus_register = sesame_application_dbus_register;
  app_class->dbus_unregister = sesame_application_dbus_unregister;
  app_class->startup = sesame_application_startup;
}

static void
sesame_application_init (SesameApplication *self)
{
}
