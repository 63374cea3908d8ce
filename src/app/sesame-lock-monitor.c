/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-lock"

#include "config.h"

#include "sesame-lock-monitor-private.h"

/**
 * SesameLockMonitor:
 *
 * Locks the store's Sesame collection when it should be: after the idle
 * time of the "lock-after-idle" setting (GNOME's idle monitor, Mutter's
 * org.gnome.Mutter.IdleMonitor, when there is one; else the time since
 * the last input in Sesame, reported by sesame_lock_monitor_note_input()),
 * and when the screen locks (logind's Session.Lock on the system bus,
 * ActiveChanged of org.gnome.ScreenSaver or of GNOME Shell's screen shield,
 * org.gnome.Shell.ScreenShield, on the session bus). Only a
 * protected store is ever locked: the login keyring is not Sesame's to lock.
 *
 * The application owns one for its store (sesame_application_get_lock_monitor()),
 * so a process that only serves the Shell's search, with no window, locks
 * too; windows report their input to it and follow the store's
 * #SesameAccountStore:locked.
 */

#define MUTTER_NAME "org.gnome.Mutter.IdleMonitor"
#define MUTTER_PATH "/org/gnome/Mutter/IdleMonitor/Core"

struct _SesameLockMonitor
{
  GObject parent_instance;

  SesameAccountStore *store;
  GSettings *settings;
  GCancellable *watch_cancellable;  /* the AddIdleWatch call in flight */

  GDBusConnection *session_bus;
  GDBusConnection *system_bus;
  guint screensaver_id;
  guint shield_id;
  guint logind_id;
  guint fired_id;

  guint idle_seconds;
  guint mutter_watch;     /* 0: none */
  gboolean no_mutter;     /* the call failed: Sesame's own input counts */
  gint64 last_input;      /* monotonic µs */
  guint tick_id;
  const char *last_reason;
};

G_DEFINE_FINAL_TYPE (SesameLockMonitor, sesame_lock_monitor, G_TYPE_OBJECT)

static void
on_locked (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GApplication *app = user_data;
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_lock_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    g_warning ("Could not lock the accounts: %s", error->message);
  if (app != NULL)
    g_application_release (app);
}

/**
 * sesame_lock_monitor_lock:
 * @why: for the debug log
 *
 * Locks now, if the accounts are protected and not locked yet.
 */
void
sesame_lock_monitor_lock (SesameLockMonitor *self,
                          const char        *why)
{
  GApplication *app = g_application_get_default ();

  g_return_if_fail (SESAME_IS_LOCK_MONITOR (self));

  if (!sesame_account_store_get_protected (self->store) || sesame_account_store_get_locked (self->store))
    return;

  g_debug ("Locking: %s", why);
  self->last_reason = g_intern_string (why);
  /* The Lock call completes even when the last window has gone. */
  if (app != NULL)
    g_application_hold (app);
  sesame_account_store_lock_async (self->store, NULL, on_locked, app);
}

void
sesame_lock_monitor_note_input (SesameLockMonitor *self)
{
  g_return_if_fail (SESAME_IS_LOCK_MONITOR (self));

  self->last_input = g_get_monotonic_time ();
}

const char *
sesame_lock_monitor_get_idle_source (SesameLockMonitor *self)
{
  g_return_val_if_fail (SESAME_IS_LOCK_MONITOR (self), NULL);

  if (self->idle_seconds == 0)
    return "off";
  if (self->mutter_watch != 0)
    return "session";
  if (self->no_mutter)
    return "sesame";
  return "pending";  /* asking Mutter */
}

const char *
sesame_lock_monitor_get_last_reason (SesameLockMonitor *self)
{
  g_return_val_if_fail (SESAME_IS_LOCK_MONITOR (self), NULL);

  return self->last_reason;
}

/* The fallback: once a second, the time since Sesame's last input. */
static gboolean
on_tick (gpointer user_data)
{
  SesameLockMonitor *self = user_data;

  if (self->idle_seconds > 0 && self->no_mutter &&
      g_get_monotonic_time () - self->last_input >= (gint64) self->idle_seconds * G_USEC_PER_SEC)
    {
      sesame_lock_monitor_lock (self, "idle in Sesame");
      self->last_input = g_get_monotonic_time ();
    }

  return G_SOURCE_CONTINUE;
}

static void
on_watch_fired (GDBusConnection *connection,
                const char      *sender,
                const char      *path,
                const char      *interface,
                const char      *signal,
                GVariant        *parameters,
                gpointer         user_data)
{
  SesameLockMonitor *self = user_data;
  guint32 id = 0;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    g_variant_get (parameters, "(u)", &id);
  if (id != 0 && id == self->mutter_watch)
    sesame_lock_monitor_lock (self, "idle in the session");
}

static void
on_watch_added (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SesameLockMonitor) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("No GNOME idle monitor (%s): idle is the time since Sesame's last input", error->message);
      self->no_mutter = TRUE;
      return;
    }

  g_variant_get (reply, "(u)", &self->mutter_watch);
  self->no_mutter = FALSE;
  g_debug ("GNOME idle watch %u for %u s", self->mutter_watch, self->idle_seconds);
}

static void
arm_idle (SesameLockMonitor *self)
{
  self->idle_seconds = g_settings_get_uint (self->settings, "lock-after-idle");
  self->last_input = g_get_monotonic_time ();

  if (self->session_bus == NULL)
    {
      self->no_mutter = TRUE;
      return;
    }

  if (self->mutter_watch != 0)
    {
      g_dbus_connection_call (self->session_bus, MUTTER_NAME, MUTTER_PATH, MUTTER_NAME, "RemoveWatch",
                              g_variant_new ("(u)", self->mutter_watch), NULL,
                              G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
      self->mutter_watch = 0;
    }

  /* Only the answer to the newest call counts. */
  if (self->watch_cancellable != NULL)
    g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);

  if (self->idle_seconds > 0)
    {
      self->watch_cancellable = g_cancellable_new ();
      g_dbus_connection_call (self->session_bus, MUTTER_NAME, MUTTER_PATH, MUTTER_NAME, "AddIdleWatch",
                              g_variant_new ("(t)", (guint64) self->idle_seconds * 1000),
                              G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                              self->watch_cancellable, on_watch_added, g_object_ref (self));
    }
}

/* Only a new value re-arms: the same one again keeps the watch. */
static void
on_idle_setting_changed (SesameLockMonitor *self)
{
  if (g_settings_get_uint (self->settings, "lock-after-idle") != self->idle_seconds)
    arm_idle (self);
}

static void
on_screensaver_active (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  gboolean active = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &active);
  if (active)
    sesame_lock_monitor_lock (user_data, "the screen saver locked");
}

static void
on_logind_lock (GDBusConnection *connection,
                const char      *sender,
                const char      *path,
                const char      *interface,
                const char      *signal,
                GVariant        *parameters,
                gpointer         user_data)
{
  /* Any session's Lock (loginctl lock-session[s]): locking early is harmless. */
  sesame_lock_monitor_lock (user_data, "logind locked the session");
}

static void
sesame_lock_monitor_dispose (GObject *object)
{
  SesameLockMonitor *self = SESAME_LOCK_MONITOR (object);

  if (self->watch_cancellable != NULL)
    g_cancellable_cancel (self->watch_cancellable);
  g_clear_object (&self->watch_cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->session_bus != NULL)
    {
      if (self->screensaver_id != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->screensaver_id);
      if (self->shield_id != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->shield_id);
      if (self->fired_id != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->fired_id);
      if (self->mutter_watch != 0)
        g_dbus_connection_call (self->session_bus, MUTTER_NAME, MUTTER_PATH, MUTTER_NAME, "RemoveWatch",
                                g_variant_new ("(u)", self->mutter_watch), NULL,
                                G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
    }
  if (self->system_bus != NULL && self->logind_id != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->logind_id);
  self->screensaver_id = self->shield_id = self->fired_id = self->logind_id = self->mutter_watch = 0;

  g_clear_object (&self->session_bus);
  g_clear_object (&self->system_bus);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sesame_lock_monitor_parent_class)->dispose (object);
}

static void
sesame_lock_monitor_class_init (SesameLockMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sesame_lock_monitor_dispose;
}

static void
sesame_lock_monitor_init (SesameLockMonitor *self)
{
}

SesameLockMonitor *
sesame_lock_monitor_new (SesameAccountStore *store,
                         GSettings          *settings)
{
  SesameLockMonitor *self;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SESAME_TYPE_LOCK_MONITOR, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);

  self->session_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (self->session_bus != NULL)
    {
      self->screensaver_id =
        g_dbus_connection_signal_subscribe (self->session_bus, "org.gnome.ScreenSaver",
                                            "org.gnome.ScreenSaver", "ActiveChanged",
                                            "/org/gnome/ScreenSaver", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                            on_screensaver_active, self, NULL);
      /* GNOME Shell's screen shield sends the same signal under a name of
       * its own; org.gnome.ScreenSaver is a D-Bus-activated service that
       * repeats it, there only once something has called it. */
      self->shield_id =
        g_dbus_connection_signal_subscribe (self->session_bus, "org.gnome.Shell.ScreenShield",
                                            "org.gnome.ScreenSaver", "ActiveChanged",
                                            "/org/gnome/ScreenSaver", NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                            on_screensaver_active, self, NULL);
      self->fired_id =
        g_dbus_connection_signal_subscribe (self->session_bus, MUTTER_NAME, MUTTER_NAME, "WatchFired",
                                            MUTTER_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                            on_watch_fired, self, NULL);
    }
  self->system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  if (self->system_bus != NULL)
    self->logind_id =
      g_dbus_connection_signal_subscribe (self->system_bus, "org.freedesktop.login1",
                                          "org.freedesktop.login1.Session", "Lock",
                                          NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                          on_logind_lock, self, NULL);

  g_signal_connect_swapped (settings, "changed::lock-after-idle", G_CALLBACK (on_idle_setting_changed), self);
  arm_idle (self);
  self->tick_id = g_timeout_add_seconds (1, on_tick, self);

  return self;
}
