/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sesame's search provider through the real GNOME Shell: the overview opened
 * and the issuer typed on the remote-desktop keyboard, the shell shows
 * Sesame's result (Enter activates it), the code reaches the clipboard
 * (wl-paste), the notification goes to the shell, and the clipboard is empty
 * again after the delay. build-aux/dev installed the provider's .ini and the
 * desktop file where the shell looked at start-up; the app runs as the D-Bus
 * service the shell calls, with a keyring schema of its own. */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sesame-account-store.h"
#include "sesame-secret.h"
#include "sesame-test-gnome.h"
#include "sesame-test-utils.h"

#define CLEAR_DELAY 12
#define ISSUER "Quokkabank"

static SesameTestKeyboard *keyboard;
static SesameAccountStore *store;
static char *config_dir;

static void
on_store_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_load_async)
    sesame_account_store_load_finish (SESAME_ACCOUNT_STORE (source), result, &error);
  else if (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_add_async)
    sesame_account_store_add_finish (SESAME_ACCOUNT_STORE (source), result, &error);
  else
    sesame_account_store_remove_finish (SESAME_ACCOUNT_STORE (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static SesameAccount *
add_account (void)
{
  SesameAccount *account = sesame_account_new ();
  g_autoptr(SesameSecret) secret = NULL;
  guint8 key[20];
  gboolean done = FALSE;

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) g_random_int ();
  secret = sesame_secret_new (key, sizeof key);
  sesame_account_set_issuer (account, ISSUER);
  sesame_account_set_name (account, "alex@example.com");
  sesame_account_set_period (account, 30);
  sesame_account_set_secret (account, secret);

  sesame_account_store_load_async (store, NULL, on_store_done, &done);
  g_assert_true (sesame_test_wait_for (&done, 20000));
  done = FALSE;
  sesame_account_store_add_async (store, account, NULL, on_store_done, &done);
  g_assert_true (sesame_test_wait_for (&done, 20000));
  return account;
}

/* The account's code now or in the period before. */
static gboolean
is_current_code (SesameAccount *account,
                 const char    *text)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  char code[SESAME_OTP_CODE_SIZE];

  g_assert_true (sesame_account_code_at (account, now, code));
  if (g_strcmp0 (code, text) == 0)
    return TRUE;
  g_assert_true (sesame_account_code_at (account, now - 30, code));
  return g_strcmp0 (code, text) == 0;
}

static void
write_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *group = NULL;
  g_autofree char *content = NULL;

  config_dir = g_dir_make_tmp ("sesame-gnome-search-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (config_dir, "glib-2.0", "settings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  file = g_build_filename (dir, "keyfile", NULL);
  group = g_strdelimit (g_strdup (APP_ID), ".", '/');
  content = g_strdup_printf ("[%s]\nclipboard-clear-delay=uint32 %u\n", group, CLEAR_DELAY);
  g_file_set_contents (file, content, -1, &error);
  g_assert_no_error (error);
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static GSubprocess *
start_app (const char *schema)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *path = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "app", "sesame", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *app;
  gboolean appeared = FALSE;
  guint watch;

  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "sesame-clipboard", TRUE);
  /* Its messages in the test's log, not in the TAP stream. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_dir, TRUE);
  app = g_subprocess_launcher_spawn (launcher, &error, path, "--gapplication-service", NULL);
  g_assert_no_error (error);

  watch = g_bus_watch_name (G_BUS_TYPE_SESSION, APP_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                            on_name_appeared, NULL, &appeared, NULL);
  g_assert_true (sesame_test_wait_for (&appeared, 20000));
  g_bus_unwatch_name (watch);
  return app;
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

static void
test_search_copies (void)
{
  g_autofree char *schema = g_strdup_printf ("io.github.sesame.Test.GnomeSearch%08x", g_random_int ());
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocess) dbus_monitor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  Monitor monitor = { g_string_new (NULL), NULL };
  gboolean done = FALSE;
  gint64 activated;

  store = sesame_account_store_new (schema);
  account = add_account ();
  write_settings ();
  app = start_app (schema);

  /* What the app sends the shell's notification server. */
  dbus_monitor = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                   "dbus-monitor", "--session",
                                   "type='method_call',interface='org.gtk.Notifications'",
                                   "type='method_call',interface='org.freedesktop.Notifications'",
                                   "type='method_call',interface='org.gnome.Shell.SearchProvider2'", NULL);
  g_assert_no_error (error);
  monitor.input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (dbus_monitor));
  g_data_input_stream_read_line_async (monitor.input, G_PRIORITY_DEFAULT, NULL, on_monitor_line, &monitor);
  sesame_test_wait_ms (500);

  /* Escape leaves the overview the shell may have started in; Super opens
   * it; typing searches; Enter activates the first result. */
  sesame_test_keyboard_key (keyboard, 0xff1b);
  sesame_test_wait_ms (1000);
  sesame_test_keyboard_key (keyboard, 0xffeb);
  sesame_test_wait_ms (1500);
  sesame_test_keyboard_type (keyboard, "quokka");
  sesame_test_wait_ms (3000);
  sesame_test_keyboard_key (keyboard, 0xff0d);
  activated = g_get_monotonic_time ();
  /* Sesame needs the focus for a moment to copy; the shell may hold it while
   * its overview closes (Sesame tries again each second). */
  sesame_test_wait_ms (5000);

  text = sesame_test_wl_paste ();
  if (text == NULL)
    {
      sesame_test_wait_ms (3000);
      text = sesame_test_wl_paste ();
    }
  if (text == NULL)
    g_printerr ("Nothing to paste; the calls seen on the bus:\n%s", monitor.text->str);
  g_assert_nonnull (text);
  g_assert_true (is_current_code (account, text));
  g_assert_nonnull (strstr (monitor.text->str, "AddNotification"));
  g_assert_nonnull (strstr (monitor.text->str, APP_ID));
  g_assert_nonnull (strstr (monitor.text->str, ISSUER));
  /* The notification never carries the code. */
  g_assert_null (strstr (monitor.text->str, text));

  /* The delay counts from the activation. */
  sesame_test_wait_ms ((guint) MAX (0, (activated + CLEAR_DELAY * G_USEC_PER_SEC - g_get_monotonic_time ()) / 1000) + 2000);
  after = sesame_test_wl_paste ();
  g_assert_cmpstr (after, ==, NULL);

  /* Ended (logout, kill): GNOME Shell keeps no copy to offer again. */
  g_subprocess_send_signal (app, SIGTERM);
  g_subprocess_wait (app, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (app));
  g_free (after);
  after = sesame_test_wl_paste ();
  g_assert_cmpstr (after, ==, NULL);
  g_subprocess_force_exit (dbus_monitor);
  g_subprocess_wait (dbus_monitor, NULL, NULL);
  g_clear_object (&monitor.input);
  g_string_free (monitor.text, TRUE);
  sesame_account_store_remove_async (store, account, NULL, on_store_done, &done);
  g_assert_true (sesame_test_wait_for (&done, 20000));
  g_clear_object (&store);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* The real app: type the issuer in its window, Enter copies; the window is
 * closed (Alt+F4) at once, the process stays until the clear is done; a
 * second launch meanwhile only shows the window; then it exits. */
static void
test_window_closed (void)
{
  g_autofree char *schema = g_strdup_printf ("io.github.sesame.Test.GnomeWindow%08x", g_random_int ());
  g_autofree char *path = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "app", "sesame", NULL);
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  gboolean exited = FALSE;
  gboolean second_exited = FALSE;
  gboolean done = FALSE;
  gint64 copied;

  store = sesame_account_store_new (schema);
  account = add_account ();
  write_settings ();
  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", config_dir, TRUE);
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  app = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (app, NULL, on_exited, &exited);

  sesame_test_keyboard_key (keyboard, 0xff1b);
  sesame_test_wait_ms (4000);
  sesame_test_keyboard_type (keyboard, "quokka");
  sesame_test_wait_ms (1000);
  sesame_test_keyboard_key (keyboard, 0xff0d);
  copied = g_get_monotonic_time ();
  sesame_test_wait_ms (1000);
  text = sesame_test_wl_paste ();
  g_assert_nonnull (text);
  g_assert_true (is_current_code (account, text));

  /* Closed right after copying: still pasteable within the delay. */
  sesame_test_keyboard_combo (keyboard, 0xffe9, 0xffc1);
  sesame_test_wait_ms (1500);
  g_assert_false (exited);
  g_free (after);
  after = sesame_test_wl_paste ();
  g_assert_cmpstr (after, ==, text);

  /* A second launch hands over to the running one and ends. */
  second = g_subprocess_launcher_spawn (launcher, &error, path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (second, NULL, on_exited, &second_exited);
  g_assert_true (sesame_test_wait_for (&second_exited, 10000));
  g_assert_true (g_subprocess_get_successful (second));
  g_assert_false (exited);
  sesame_test_wait_ms (1500);
  sesame_test_keyboard_combo (keyboard, 0xffe9, 0xffc1);

  /* After the delay: nothing to paste, and the process is gone. */
  sesame_test_wait_ms ((guint) MAX (0, (copied + CLEAR_DELAY * G_USEC_PER_SEC - g_get_monotonic_time ()) / 1000) + 2000);
  g_free (after);
  after = sesame_test_wl_paste ();
  g_assert_cmpstr (after, ==, NULL);
  g_assert_true (sesame_test_wait_for (&exited, 15000));
  g_free (after);
  after = sesame_test_wl_paste ();
  g_assert_cmpstr (after, ==, NULL);

  sesame_account_store_remove_async (store, account, NULL, on_store_done, &done);
  g_assert_true (sesame_test_wait_for (&done, 20000));
  g_clear_object (&store);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  sesame_test_gnome_require ();
  sesame_test_require_session ();
  g_test_init (&argc, &argv, NULL);
  keyboard = sesame_test_keyboard_new ();

  g_test_add_func ("/gnome/search/copies", test_search_copies);
  g_test_add_func ("/gnome/app/window-closed", test_window_closed);

  ret = g_test_run ();
  sesame_test_keyboard_free (keyboard);
  return ret;
}
