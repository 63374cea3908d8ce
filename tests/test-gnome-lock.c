/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The lock of issue 12 on the real GNOME Shell (headless, Wayland): with
 * `lock-after-idle` set, the idle time is the session's, measured by
 * Mutter's org.gnome.Mutter.IdleMonitor (AddIdleWatch, WatchFired), not the
 * time since Sesame's own last input; when the watch fires, the accounts'
 * Sesame collection is locked in the keyring and the window shows its
 * locked page. The same for the shell's own screen lock
 * (org.gnome.ScreenSaver). Unlocking goes through the shell's own prompt.
 * The collection is made without a prompt (gnome-keyring's
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
#include "sesame-test-window.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

#define N_ACCOUNTS 3
#define IDLE_SECONDS 3
#define SHIELD "org.gnome.Shell.ScreenShield"

static SesameApplication *app;
static SesameAccountStore *store;
static SesameTestKeyboard *keyboard;
static char *password;
static char *collection;

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

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_load_finish (store, sesame_test_await_result (&result), &error), error);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *issuer = g_strdup_printf ("Numbat %u", i);
      g_autofree char *raw = g_strdup_printf ("gnome-lock-key-%u-0123456789", i);
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) raw, strlen (raw));

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_secret (account, secret);
      g_clear_object (&result);
      sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
      sesame_test_assert_ok (sesame_account_store_add_finish (store, sesame_test_await_result (&result),
                                                              &error),
                             error);
    }

  collection = sesame_test_keyring_create_collection (SESAME_COLLECTION_LABEL, password);
  g_clear_object (&result);
  sesame_account_store_protect_async (store, TRUE, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_protect_finish (store, sesame_test_await_result (&result),
                                                              &moved, &error),
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
  sesame_test_wait_for_state (window, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_ACCOUNTS);
  g_assert_cmpstr (sesame_lock_monitor_get_idle_source (monitor ()), ==, "off");

  /* Mutter sends WatchFired to the connection that added the watch: this
   * process's, which the test shares with the app. */
  subscription = g_dbus_connection_signal_subscribe (bus, "org.gnome.Mutter.IdleMonitor",
                                                     "org.gnome.Mutter.IdleMonitor", "WatchFired",
                                                     "/org/gnome/Mutter/IdleMonitor/Core", NULL,
                                                     G_DBUS_SIGNAL_FLAGS_NONE, on_watch_fired, &fired, NULL);

  g_settings_set_uint (settings, "lock-after-idle", IDLE_SECONDS);
  guard = g_timeout_add_seconds (30, sesame_test_give_up, (gpointer) "Mutter's idle watch");
  while (g_strcmp0 (sesame_lock_monitor_get_idle_source (monitor ()), "pending") == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  /* The session's idle monitor, not Sesame's own input. */
  g_assert_cmpstr (sesame_lock_monitor_get_idle_source (monitor ()), ==, "session");

  sesame_test_wait_for_state (window, "locked");
  g_assert_cmpuint (fired, >=, 1);
  g_assert_cmpstr (sesame_lock_monitor_get_last_reason (monitor ()), ==, "idle in the session");
  g_assert_true (sesame_account_store_get_locked (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  /* The store forgets at once; the keyring's Lock follows. */
  guard = g_timeout_add_seconds (30, sesame_test_give_up, (gpointer) "the collection's Locked property");
  while (!sesame_test_keyring_collection_locked (collection))
    sesame_test_wait_ms (100);
  g_source_remove (guard);

  g_settings_set_uint (settings, "lock-after-idle", 0);
  g_dbus_connection_signal_unsubscribe (bus, subscription);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
screen_shield_active (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean active = FALSE;

  reply = g_dbus_connection_call_sync (bus, SHIELD, "/org/gnome/ScreenSaver",
                                       "org.gnome.ScreenSaver", "GetActive", NULL, G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(b)", &active);
  return active;
}

/* The shell's own screen lock, its screen shield's org.gnome.ScreenSaver
 * interface (under the shell's name org.gnome.Shell.ScreenShield; the
 * org.gnome.ScreenSaver name itself is a D-Bus-activated gjs service that
 * repeats it, not installed here, and test-gnome-clipboard plays it with
 * dbusmock): the lock screen comes up, its ActiveChanged(true) locks
 * Sesame; SetActive(false) takes the lock screen away again. The shell
 * offers a screen shield only when a display manager answers
 * (build-aux/dev serves a dbusmock org.gnome.DisplayManager). */
static void
test_screensaver (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  SesameWindow *window;
  guint guard;

  /* Unlocked again, without a prompt. */
  sesame_test_keyring_unlock_collection (collection, password);
  sesame_account_store_unlock_async (store, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_unlock_finish (store, sesame_test_await_result (&result), &error), error);
  window = sesame_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  sesame_test_wait_for_state (window, "list");

  {
    g_autoptr(GVariant) owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                             "org.freedesktop.DBus", "NameHasOwner",
                                                             g_variant_new ("(s)", SHIELD),
                                                             G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                                             NULL, &error);
    gboolean has_shield = FALSE;

    g_assert_no_error (error);
    g_variant_get (owner, "(b)", &has_shield);
    if (!has_shield)
      g_error ("GNOME Shell has no screen shield: it needs org.gnome.DisplayManager on the system bus "
               "(build-aux/dev serves a dbusmock one) and /run/systemd/seats");
  }
  g_assert_false (screen_shield_active (bus));

  /* Returns once the lock screen is shown. */
  g_clear_object (&result);
  g_dbus_connection_call (bus, SHIELD, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                          "Lock", NULL, NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL, sesame_test_on_result, &result);
  sesame_test_wait_for_state (window, "locked");
  g_assert_cmpstr (sesame_lock_monitor_get_last_reason (monitor ()), ==, "the screen saver locked");
  g_assert_true (sesame_account_store_get_locked (store));
  reply = g_dbus_connection_call_finish (bus, sesame_test_await_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (screen_shield_active (bus));
  guard = g_timeout_add_seconds (30, sesame_test_give_up, (gpointer) "the collection's Locked property");
  while (!sesame_test_keyring_collection_locked (collection))
    sesame_test_wait_ms (100);
  g_source_remove (guard);

  /* The shell's lock screen goes away again for the tests after this one. */
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, SHIELD, "/org/gnome/ScreenSaver",
                                       "org.gnome.ScreenSaver", "SetActive", g_variant_new ("(b)", FALSE),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 30000, NULL, &error);
  g_assert_no_error (error);
  guard = g_timeout_add_seconds (30, sesame_test_give_up, (gpointer) "the shell's lock screen to go");
  while (screen_shield_active (bus))
    sesame_test_wait_ms (200);
  g_source_remove (guard);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GString *text;
  GDataInputStream *input;
} Monitor;

static void
on_monitor_line (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Monitor *monitor = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  if (line == NULL)
    return;
  g_string_append_printf (monitor->text, "%s\n", line);
  g_data_input_stream_read_line_async (monitor->input, G_PRIORITY_DEFAULT, NULL, on_monitor_line, monitor);
}

/* How many prompts the keyring has asked its prompter (the shell) to show. */
static guint
count_prompts (Monitor *monitor)
{
  guint n = 0;

  for (const char *p = monitor->text->str; (p = strstr (p, "member=PerformPrompt")) != NULL; p++)
    n++;
  return n;
}

static gboolean
toast_says (SesameWindow *window,
            const char   *text)
{
  AdwToast *toast = sesame_window_get_last_toast (window);

  return toast != NULL && g_strcmp0 (adw_toast_get_title (toast), text) == 0;
}

/* Waits until the keyring has asked the shell for more than @seen prompts;
 * with @nudge, presses it again every 5 s meanwhile (a key lost on the
 * loaded machine). */
static guint
wait_for_prompt (Monitor *watch,
                 guint    seen,
                 guint    nudge)
{
  guint guard = g_timeout_add_seconds (60, sesame_test_give_up, (gpointer) "the shell's prompt");

  for (guint i = 1; count_prompts (watch) <= seen; i++)
    {
      sesame_test_wait_ms (100);
      if (i % 50 == 0 && nudge != 0)
        sesame_test_keyboard_key (keyboard, nudge);
    }
  g_source_remove (guard);
  return count_prompts (watch);
}

static void
type_unlock_password (const char *text)
{
  sesame_test_keyboard_type (keyboard, text);
  /* "Automatically unlock…" unticked, back to the password, Return. */
  sesame_test_keyboard_key (keyboard, 0xff09 /* Tab */);
  sesame_test_keyboard_key (keyboard, 0x20 /* space */);
  sesame_test_keyboard_combo (keyboard, 0xffe1 /* Shift_L */, 0xff09);
  sesame_test_keyboard_key (keyboard, 0xff0d /* Return */);
}

/* Unlock on GNOME: the keyring's prompter is GNOME Shell itself, whose
 * system-modal dialog is typed into with mutter's remote-desktop keyboard.
 * Escape cancels (still locked, said so); a wrong password makes the
 * keyring ask again; the right one brings the list back. A key lost on the
 * loaded machine only makes another wrong password: the keyring asks
 * again, and the password is typed again. */
static void
test_unlock_shell_prompt (void)
{
  g_autoptr(GSubprocess) dbus_monitor = NULL;
  g_autoptr(GError) error = NULL;
  Monitor watch = { g_string_new (NULL), NULL };
  SesameWindow *window = sesame_window_new (app);
  guint prompts = 0;
  guint typed;
  guint attempts = 0;
  guint guard;

  gtk_window_present (GTK_WINDOW (window));
  sesame_test_wait_for_state (window, "locked");
  g_assert_true (sesame_test_keyring_collection_locked (collection));

  /* The keyring's calls to its prompter (gcr's private interface). */
  dbus_monitor = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                   "dbus-monitor", "--session",
                                   "type='method_call',interface='org.gnome.keyring.internal.Prompter'", NULL);
  g_assert_no_error (error);
  watch.input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (dbus_monitor));
  g_data_input_stream_read_line_async (watch.input, G_PRIORITY_DEFAULT, NULL, on_monitor_line, &watch);
  sesame_test_wait_ms (500);

  /* Escape: still locked, and the window says why. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.unlock", NULL);
  prompts = wait_for_prompt (&watch, prompts, 0);
  guard = g_timeout_add_seconds (60, sesame_test_give_up, (gpointer) "the cancelled unlock's message");
  for (guint i = 0; !toast_says (window, "Still locked: the password prompt was cancelled"); i++)
    {
      /* Again every 5 s, should the dialog not have had the keyboard yet. */
      if (i % 250 == 0)
        sesame_test_keyboard_key (keyboard, 0xff1b /* Escape */);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
  g_source_remove (guard);
  g_assert_cmpstr (sesame_window_get_state (window), ==, "locked");
  g_assert_true (sesame_test_keyring_collection_locked (collection));

  /* A wrong password: the keyring asks again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.unlock", NULL);
  prompts = wait_for_prompt (&watch, prompts, 0);
  type_unlock_password ("wrong-password");
  prompts = wait_for_prompt (&watch, prompts, 0xff0d /* Return */);
  g_assert_cmpstr (sesame_window_get_state (window), ==, "locked");
  g_assert_true (sesame_test_keyring_collection_locked (collection));

  /* The right one, into the prompt asking again. */
  typed = prompts - 1;
  guard = g_timeout_add_seconds (90, sesame_test_give_up, (gpointer) "the unlock through the shell's prompt");
  while (g_strcmp0 (sesame_window_get_state (window), "list") != 0)
    {
      if (count_prompts (&watch) > typed)
        {
          typed = count_prompts (&watch);
          g_assert_cmpuint (++attempts, <=, 3);
          g_test_message ("the shell's prompt %u: typing the password", typed);
          type_unlock_password (password);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (20 * 1000);
    }
  g_source_remove (guard);

  g_assert_false (sesame_test_keyring_collection_locked (collection));
  g_assert_false (sesame_account_store_get_locked (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, N_ACCOUNTS);

  g_subprocess_force_exit (dbus_monitor);
  g_subprocess_wait (dbus_monitor, NULL, NULL);
  g_clear_object (&watch.input);
  g_string_free (watch.text, TRUE);
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

  guard = g_timeout_add_seconds (60, sesame_test_give_up, (gpointer) "5 s of idle");
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
  guard = g_timeout_add_seconds (30, sesame_test_give_up, (gpointer) "the idle time to start again");
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
  sesame_account_store_protect_async (store, FALSE, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_protect_finish (store, sesame_test_await_result (&result),
                                                              &moved, &error),
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
  g_test_add_func ("/gnome/lock/screensaver", test_screensaver);
  g_test_add_func ("/gnome/lock/unlock-shell-prompt", test_unlock_shell_prompt);
  g_test_add_func ("/gnome/lock/input-resets-idle", test_input_resets_idle);
  g_test_add_func ("/gnome/lock/cleanup", test_cleanup);
  status = g_test_run ();
  sesame_test_keyboard_free (keyboard);
  return status;
}
