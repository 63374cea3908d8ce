/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lock of issue 12 on the real GNOME Shell (headless, Wayland): with
 * `lock-after-idle` set, the idle time is the session's, measured by
 * Mutter's org.gnome.Mutter.IdleMonitor (AddIdleWatch, WatchFired), not the
 * time since Sesame's own last input; when the watch fires, the accounts'
 * Sesame collection is locked in the keyring and the window shows its
 * locked page. The collection is made without a prompt (gnome-keyring's
 * CreateWithMasterPassword): the prompt is tested in test-lock and
 * test-window-lock. */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sesame-application.h"
#include "sesame-collection.h"
#include "sesame-lock-monitor-private.h"
#include "sesame-settings.h"
#include "sesame-test-gnome.h"
#include "sesame-test-keyring.h"
#include "sesame-test-utils.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

#define N_ACCOUNTS 3
#define IDLE_SECONDS 3

static SesameApplication *app;
static SesameAccountStore *store;
static SesameTestKeyboard *keyboard;
static char *password;
static char *collection;

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
give_up (gpointer data)
{
  g_error ("Timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
await_result (GAsyncResult **slot)
{
  guint guard = g_timeout_add_seconds (60, give_up, (gpointer) "the keyring");

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  return *slot;
}

static void
wait_for_state (SesameWindow *window,
                const char   *state,
                guint         seconds)
{
  guint guard = g_timeout_add_seconds (seconds, give_up, (gpointer) state);

  while (g_strcmp0 (sesame_window_get_state (window), state) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static SesameLockMonitor *
monitor (void)
{
  return sesame_application_get_lock_monitor (app);
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
  guint32 id = 0;

  g_variant_get (parameters, "(u)", &id);
  g_test_message ("Mutter's WatchFired (%u)", id);
  (*(guint *) user_data)++;
}

/* Accounts in a Sesame collection, unlocked, and the window showing them. */
static void
test_setup (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint moved = 0;

  sesame_account_store_load_async (store, NULL, on_result, &result);
  sesame_test_assert_ok (sesame_account_store_load_finish (store, await_result (&result), &error), error);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *issuer = g_strdup_printf ("Numbat %u", i);
      g_autofree char *raw = g_strdup_printf ("gnome-lock-key-%u-0123456789", i);
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) raw, strlen (raw));

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_secret (account, secret);
      g_clear_object (&result);
      sesame_account_store_add_async (store, account, NULL, on_result, &result);
      sesame_test_assert_ok (sesame_account_store_add_finish (store, await_result (&result), &error), error);
    }

  collection = sesame_test_keyring_create_collection (SESAME_COLLECTION_LABEL, password);
  g_clear_object (&result);
  sesame_account_store_protect_async (store, TRUE, NULL, on_result, &result);
  sesame_test_assert_ok (sesame_account_store_protect_finish (store, await_result (&result), &moved, &error),
                         error);
  g_assert_cmpuint (moved, ==, N_ACCOUNTS);
  g_assert_true (sesame_account_store_get_protected (store));
  g_assert_false (sesame_test_keyring_collection_locked (collection));
}

/* Idle in the session for lock-after-idle: Mutter's watch fires, the
 * collection is locked, the window shows the locked page. */
static void
test_idle (void)
{
  GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  SesameWindow *window = sesame_window_new (app);
  guint fired = 0;
  guint subscription;
  guint guard;

  gtk_window_present (GTK_WINDOW (window));
  wait_for_state (window, "list", 30);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_ACCOUNTS);
  g_assert_cmpstr (sesame_lock_monitor_get_idle_source (monitor ()), ==, "off");

  /* Mutter sends WatchFired to the connection that added the watch: this
   * process's, which the test shares with the app. */
  subscription = g_dbus_connection_signal_subscribe (bus, "org.gnome.Mutter.IdleMonitor",
                                                     "org.gnome.Mutter.IdleMonitor", "WatchFired",
                                                     "/org/gnome/Mutter/IdleMonitor/Core", NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE, on_watch_fired, &fired, NULL);

  g_settings_set_uint (settings, "lock-after-idle", IDLE_SECONDS);
  guard = g_timeout_add_seconds (30, give_up, (gpointer) "Mutter's idle watch");
  while (g_strcmp0 (sesame_lock_monitor_get_idle_source (monitor ()), "pending") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  /* The session's idle monitor, not Sesame's own input. */
  g_assert_cmpstr (sesame_lock_monitor_get_idle_source (monitor ()), ==, "session");

  wait_for_state (window, "locked", 60);
  g_assert_cmpuint (fired, >=, 1);
  g_assert_cmpstr (sesame_lock_monitor_get_last_reason (monitor ()), ==, "idle in the session");
  g_assert_true (sesame_account_store_get_locked (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  /* The store forgets at once; the keyring's Lock follows. */
  guard = g_timeout_add_seconds (30, give_up, (gpointer) "the collection's Locked property");
  while (!sesame_test_keyring_collection_locked (collection))
    sesame_test_wait_ms (100);
  g_source_remove (guard);

  g_settings_set_uint (settings, "lock-after-idle", 0);
  g_dbus_connection_signal_unsubscribe (bus, subscription);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Mutter counts the remote-desktop keyboard as the session's input: the
 * idle time Sesame's watch follows starts again from a key press. */
static void
test_input_resets_idle (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  guint64 before = 0;
  guint64 after = G_MAXUINT64;
  guint guard;

  guard = g_timeout_add_seconds (60, give_up, (gpointer) "5 s of idle");
  while (before < 5000)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;

      sesame_test_wait_ms (200);
      reply = g_dbus_connection_call_sync (bus, "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core",
                                           "org.gnome.Mutter.IdleMonitor", "GetIdletime", NULL,
                                           G_VARIANT_TYPE ("(t)"), G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(t)", &before);
    }
  g_source_remove (guard);

  sesame_test_keyboard_key (keyboard, 0xffe1 /* Shift_L */);
  guard = g_timeout_add_seconds (30, give_up, (gpointer) "the idle time to start again");
  while (after >= before)
    {
      g_autoptr(GVariant) reply = NULL;
      g_autoptr(GError) error = NULL;

      reply = g_dbus_connection_call_sync (bus, "org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core",
                                           "org.gnome.Mutter.IdleMonitor", "GetIdletime", NULL,
                                           G_VARIANT_TYPE ("(t)"), G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(t)", &after);
      if (after >= before)
        sesame_test_wait_ms (50);
    }
  g_source_remove (guard);
  g_test_message ("idle %" G_GUINT64_FORMAT " ms before the key, %" G_GUINT64_FORMAT " ms after", before, after);
}

/* Back to the login keyring; the collection goes. */
static void
test_cleanup (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint moved = 0;

  sesame_test_keyring_unlock_collection (collection, password);
  sesame_account_store_protect_async (store, FALSE, NULL, on_result, &result);
  sesame_test_assert_ok (sesame_account_store_protect_finish (store, await_result (&result), &moved, &error),
                         error);
  g_assert_cmpuint (moved, ==, N_ACCOUNTS);
  g_assert_false (sesame_account_store_get_protected (store));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *schema = NULL;
  int status;

  sesame_test_gnome_require ();
  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema = g_strdup_printf ("%s.Test.GnomeLock.%.8s", APP_ID, uuid);
  password = g_strdup_printf ("pw-%.12s", uuid + 9);
  g_settings_set_uint (sesame_settings_get_gsettings (sesame_settings_get_default ()), "lock-after-idle", 0);

  /* The application's own store, which its one lock monitor watches. */
  g_setenv ("SESAME_KEYRING_SCHEMA", schema, TRUE);
  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  store = sesame_application_get_store (app);

  keyboard = sesame_test_keyboard_new ();
  /* Out of the overview the shell starts in. */
  sesame_test_keyboard_key (keyboard, 0xff1b);

  g_test_add_func ("/gnome/lock/setup", test_setup);
  g_test_add_func ("/gnome/lock/idle", test_idle);
  g_test_add_func ("/gnome/lock/input-resets-idle", test_input_resets_idle);
  g_test_add_func ("/gnome/lock/cleanup", test_cleanup);
  status = g_test_run ();
  sesame_test_keyboard_free (keyboard);
  return status;
}
