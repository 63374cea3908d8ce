/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sesame-application.h"
#include "sesame-auto-backup.h"
#include "sesame-clipboard.h"
#include "sesame-collection.h"
#include "sesame-lock-monitor-private.h"
#include "sesame-lock-preferences.h"
#include "sesame-search-provider.h"
#include "sesame-settings.h"
#include "sesame-test-gnome.h"
#include "sesame-test-prompt.h"
#include "sesame-test-utils.h"
#include "sesame-test-window.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

/* The window's lock (issue 12) with the real keyring and its real prompt
 * (gcr-prompter on the Xvfb display, typed into with xdotool): each trigger
 * locks (Lock now, idle, logind's Lock, the screen saver, closing the
 * window), the locked page's Unlock goes through the prompt, and a locked
 * window holds no account and no code of ours on the clipboard. The tests
 * run in order on one protected store. */

static SesameApplication *app;
static SesameAccountStore *store;
static char *password;

static gboolean
collection_locked (void)
{
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, NULL);
  g_autofree char *path = NULL;
  gboolean locked = FALSE;

  g_assert_nonnull (service);
  path = sesame_collection_find_sync (service, &locked, NULL, NULL);
  g_assert_nonnull (path);
  return locked;
}

/* What locked it last: the application's one lock monitor. */
static const char *
last_reason (void)
{
  return sesame_lock_monitor_get_last_reason (sesame_application_get_lock_monitor (app));
}

static void
assert_locked (SesameWindow *window)
{
  g_assert_cmpstr (sesame_window_get_state (window), ==, "locked");
  g_assert_true (sesame_account_store_get_locked (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  /* The store forgets at once; the keyring's Lock follows. */
  for (guint i = 0; i < 100 && !collection_locked (); i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (50 * 1000);
    }
  g_assert_true (collection_locked ());
}

/* The locked page's Unlock: the keyring's prompt, the list back. */
static void
unlock (SesameWindow *window)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.unlock", NULL);
  sesame_test_prompt_answer (password);
  sesame_test_wait_for_state (window, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_false (collection_locked ());
}

/* The header bar's widget with this tooltip (walks the whole window). */
static GtkWidget *
find_by_tooltip (SesameWindow *window,
                 const char   *tooltip)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();
  GtkWidget *found = NULL;

  g_ptr_array_add (todo, window);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      if (g_strcmp0 (gtk_widget_get_tooltip_text (w), tooltip) == 0)
        {
          g_assert_null (found);
          found = w;
        }
      for (w = gtk_widget_get_first_child (w); w != NULL; w = gtk_widget_get_next_sibling (w))
        g_ptr_array_add (todo, w);
    }
  g_assert_nonnull (found);
  return found;
}

/* The header's Lock button is offered only for a protected, unlocked
 * store: nothing to lock otherwise. It follows the store by itself (a
 * binding in sesame-window.ui), so it is right as soon as the store's
 * state is, with no main-loop turn in between. */
static void
assert_lock_button (SesameWindow *window,
                    gboolean      shown)
{
  GtkWidget *button = find_by_tooltip (window, "Lock (Ctrl+L)");

  g_assert_cmpint (gtk_widget_get_visible (button), ==, shown);
  g_assert_cmpint (gtk_widget_get_visible (button), ==,
                   sesame_account_store_get_protected (store) && !sesame_account_store_get_locked (store));
}

static SesameWindow *
show_window (void)
{
  SesameWindow *window = sesame_window_new_with_store (app, store);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
test_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SesameWindow *window;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_load_finish (store, sesame_test_await_result (&result), &error), error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *issuer = g_strdup_printf ("Locked %u", i);
      g_autofree char *raw = g_strdup_printf ("window-lock-key-%u-0123456789", i);
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) raw, strlen (raw));

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_secret (account, secret);
      g_clear_object (&result);
      sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
      sesame_test_assert_ok (sesame_account_store_add_finish (store, sesame_test_await_result (&result),
                                                              &error),
                             error);
    }

  /* Not protected yet: nothing to lock. The window is not presented, so
   * that the prompt below gets the keys. */
  window = sesame_window_new_with_store (app, store);
  g_assert_false (sesame_account_store_get_protected (store));
  assert_lock_button (window, FALSE);

  /* Protected through the keyring's own prompt for the new password. */
  g_clear_object (&result);
  sesame_account_store_protect_async (store, TRUE, NULL, sesame_test_on_result, &result);
  sesame_test_prompt_answer_new (password);
  sesame_test_assert_ok (sesame_account_store_protect_finish (store, sesame_test_await_result (&result),
                                                              NULL, &error),
                         error);
  g_assert_true (sesame_account_store_get_protected (store));
  /* The open window offers Lock now. */
  assert_lock_button (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Lock now (the header bar's button and Ctrl+L are win.lock): the list
 * goes, the code we copied leaves the clipboard, the collection locks;
 * Unlock brings it all back. A cancelled prompt leaves it locked. */
static void
test_lock_now (void)
{
  SesameWindow *window = show_window ();
  SesameClipboard *clipboard;

  sesame_test_wait_for_state (window, "list");
  assert_lock_button (window, TRUE);
  clipboard = sesame_window_get_clipboard (window);
  sesame_clipboard_copy_code (clipboard, "123456", 60);
  g_assert_true (sesame_clipboard_holds_ours (clipboard));

  /* Ctrl+L pressed for real, through the X server. No window manager:
   * keys go to the window under the pointer. */
  {
    g_autoptr(GError) error = NULL;
    int status = -1;

    sesame_test_assert_ok (g_spawn_command_line_sync ("xdotool mousemove 200 20", NULL, NULL, &status, &error), error);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    sesame_test_assert_ok (g_spawn_command_line_sync ("xdotool key ctrl+l", NULL, NULL, &status, &error), error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  sesame_test_wait_for_state (window, "locked");
  assert_locked (window);
  g_assert_false (sesame_clipboard_holds_ours (clipboard));
  /* Locked: nothing more to lock. */
  assert_lock_button (window, FALSE);
  {
    g_autoptr(GPtrArray) todo = g_ptr_array_new ();
    guint insensitive = 0;

    /* The header's Add and Search buttons are off while locked. */
    g_ptr_array_add (todo, window);
    while (todo->len > 0)
      {
        GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);
        const char *tip = gtk_widget_get_tooltip_text (w);

        if (g_strcmp0 (tip, "Add Account") == 0 || g_strcmp0 (tip, "Search") == 0)
          {
            g_assert_false (gtk_widget_get_sensitive (w));
            insensitive++;
          }
        for (w = gtk_widget_get_first_child (w); w != NULL; w = gtk_widget_get_next_sibling (w))
          g_ptr_array_add (todo, w);
      }
    g_assert_cmpuint (insensitive, ==, 2);
  }

  /* Escape in the prompt: still locked. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.unlock", NULL);
  sesame_test_prompt_dismiss ();
  sesame_test_prompt_wait_gone ();
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  assert_locked (window);
  assert_lock_button (window, FALSE);

  unlock (window);
  assert_lock_button (window, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* After the idle time (2 s here; Xvfb has no GNOME idle monitor, so it is
 * the time since the last input in Sesame). */
static void
test_lock_idle (void)
{
  GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  SesameWindow *window = show_window ();

  sesame_test_wait_for_state (window, "list");
  g_settings_set_uint (settings, "lock-after-idle", 2);
  sesame_test_wait_for_state (window, "locked");
  assert_locked (window);
  g_assert_cmpstr (sesame_lock_monitor_get_idle_source (sesame_application_get_lock_monitor (app)), ==, "sesame");
  g_assert_cmpstr (last_reason (), ==, "idle in Sesame");
  g_settings_set_uint (settings, "lock-after-idle", 0);

  unlock (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* logind's Session.Lock (loginctl lock-session), from the private system
 * bus's python-dbusmock logind. */
static void
test_lock_logind (void)
{
  SesameWindow *window = show_window ();

  sesame_test_wait_for_state (window, "list");
  sesame_test_dbusmock_emit ("org.freedesktop.login1", "/org/freedesktop/login1",
                             "org.freedesktop.login1.Session", "Lock", "",
                             g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0));
  sesame_test_wait_for_state (window, "locked");
  assert_locked (window);
  g_assert_cmpstr (last_reason (), ==, "logind locked the session");

  unlock (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* org.gnome.ScreenSaver's ActiveChanged(true), sent by this test under
 * that name. */
static void
test_lock_screensaver (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  SesameWindow *window = show_window ();
  guint32 owned = 0;

  sesame_test_wait_for_state (window, "list");
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gnome.ScreenSaver", 4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), 0, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &owned);
  g_assert_cmpuint (owned, ==, 1);

  g_dbus_connection_emit_signal (bus, NULL, "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver",
                                 "ActiveChanged", g_variant_new ("(b)", TRUE), &error);
  g_assert_no_error (error);
  sesame_test_wait_for_state (window, "locked");
  assert_locked (window);
  g_assert_cmpstr (last_reason (), ==, "the screen saver locked");

  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "ReleaseName",
                                       g_variant_new ("(s)", "org.gnome.ScreenSaver"),
                                       G_VARIANT_TYPE ("(u)"), 0, -1, NULL, &error);
  g_assert_no_error (error);

  unlock (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_written (SesameAutoBackup *backup,
            GFile            *file,
            guint            *count)
{
  (*count)++;
}

static GVariant *
call_provider (GDBusConnection *bus,
               const char      *method,
               GVariant        *args)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GVariant *reply;

  g_dbus_connection_call (bus, g_dbus_connection_get_unique_name (bus), "/io/github/sesame/Test/LockProvider",
                          "org.gnome.Shell.SearchProvider2", method, args, NULL,
                          G_DBUS_CALL_FLAGS_NONE, 20000, NULL, sesame_test_on_result, &result);
  reply = g_dbus_connection_call_finish (bus, sesame_test_await_result (&result), &error);
  g_assert_no_error (error);
  return reply;
}

/* While locked the search provider offers no account, only "Sesame Is
 * Locked"; an automatic backup due meanwhile waits and is written after
 * the unlock, with every account. */
static void
test_search_and_backup (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *pass_schema = g_strdup_printf ("%s.Test.LockBackup.%.8s", APP_ID, uuid);
  g_autofree char *folder = g_dir_make_tmp ("sesame-lock-backup-XXXXXX", NULL);
  g_autoptr(SesameAutoBackup) backup = sesame_auto_backup_new (store, pass_schema);
  g_autoptr(SesameSearchProvider) provider = sesame_search_provider_new (GTK_APPLICATION (app), store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) ids = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(SesameAccount) first = NULL;
  g_autofree char *text = NULL;
  const char *terms[] = { "locked", NULL };
  const char *locked_id[] = { "sesame-locked", NULL };
  SesameWindow *window = show_window ();
  guint written = 0;

  sesame_test_wait_for_state (window, "list");
  sesame_auto_backup_set_folder (backup, folder);
  sesame_auto_backup_set_delay_ms (backup, 1500);
  sesame_auto_backup_set_work_factor (backup, 10);
  g_signal_connect (backup, "backup-written", G_CALLBACK (on_written), &written);
  sesame_auto_backup_store_passphrase_async (backup, "lock test passphrase", NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_auto_backup_store_passphrase_finish (backup, sesame_test_await_result (&result),
                                                                     &error),
                         error);
  sesame_auto_backup_set_enabled (backup, TRUE);

  /* A change schedules a backup; the lock comes before it is due. */
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  sesame_account_set_note (first, "changed before the lock");
  g_clear_object (&result);
  sesame_account_store_update_async (store, first, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_update_finish (store, sesame_test_await_result (&result), &error), error);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
  sesame_test_wait_for_state (window, "locked");
  assert_locked (window);

  sesame_test_assert_ok (sesame_search_provider_register (provider, bus, "/io/github/sesame/Test/LockProvider",
                                                          &error), error);
  ids = call_provider (bus, "GetInitialResultSet", g_variant_new ("(^as)", terms));
  text = g_variant_print (ids, FALSE);
  g_test_message ("results while locked: %s", text);
  g_assert_cmpstr (text, ==, "(['sesame-locked'],)");
  metas = call_provider (bus, "GetResultMetas", g_variant_new ("(^as)", locked_id));
  g_clear_pointer (&text, g_free);
  text = g_variant_print (metas, FALSE);
  g_test_message ("meta: %s", text);
  g_assert_nonnull (strstr (text, "Sesame Is Locked"));
  g_assert_null (strstr (text, "Locked 0"));
  sesame_search_provider_unregister (provider);

  /* Due while locked: nothing written. */
  for (guint i = 0; i < 30; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (100 * 1000);
    }
  g_assert_cmpuint (written, ==, 0);
  g_clear_object (&result);
  sesame_auto_backup_run_async (backup, NULL, sesame_test_on_result, &result);
  g_assert_null (sesame_auto_backup_run_finish (backup, sesame_test_await_result (&result), &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED);
  g_clear_error (&error);

  /* After the unlock it runs. */
  unlock (window);
  {
    guint guard = g_timeout_add_seconds (20, sesame_test_give_up, (gpointer) "the backup after the unlock");

    while (written == 0)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (guard);
  }
  g_assert_cmpuint (written, ==, 1);
  sesame_auto_backup_set_enabled (backup, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Preferences → Security: the page says where the accounts are and its
 * idle choice is the lock-after-idle setting. */
static void
test_preferences (void)
{
  GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  AdwPreferencesPage *page = g_object_ref_sink (sesame_lock_preferences_new (store));
  GtkWidget *window = adw_preferences_window_new ();
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();
  AdwComboRow *combo = NULL;
  GtkButton *button = NULL;

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  g_ptr_array_add (todo, page);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      if (ADW_IS_COMBO_ROW (w))
        combo = ADW_COMBO_ROW (w);
      else if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
        button = GTK_BUTTON (w);
      for (w = gtk_widget_get_first_child (w); w != NULL; w = gtk_widget_get_next_sibling (w))
        g_ptr_array_add (todo, w);
    }
  g_assert_nonnull (combo);
  g_assert_nonnull (button);
  g_assert_true (sesame_account_store_get_protected (store));
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Move Back");

  adw_combo_row_set_selected (combo, 2);
  g_assert_cmpuint (g_settings_get_uint (settings, "lock-after-idle"), ==, 300);
  g_settings_set_uint (settings, "lock-after-idle", 0);
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (page);
}

/* The only button with this label under root. */
static GtkButton *
find_labelled_button (GtkWidget  *root,
                      const char *label)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();
  GtkButton *found = NULL;

  g_ptr_array_add (todo, root);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
        {
          g_assert_null (found);
          found = GTK_BUTTON (w);
        }
      for (w = gtk_widget_get_first_child (w); w != NULL; w = gtk_widget_get_next_sibling (w))
        g_ptr_array_add (todo, w);
    }
  g_assert_nonnull (found);
  return found;
}

/* The move is over once the page lets it be asked again. */
static gboolean
moved_back (gpointer button)
{
  return gtk_widget_get_sensitive (button);
}

/* With "lock-on-close", closing the window locks. */
static void
test_lock_on_close (void)
{
  GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  SesameWindow *window = show_window ();
  guint guard;

  sesame_test_wait_for_state (window, "list");
  g_settings_set_boolean (settings, "lock-on-close", TRUE);
  gtk_window_close (GTK_WINDOW (window));
  guard = g_timeout_add_seconds (10, sesame_test_give_up, (gpointer) "locked on close");
  while (!sesame_account_store_get_locked (store) || !collection_locked ())
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_settings_set_boolean (settings, "lock-on-close", FALSE);

  /* A new window starts on the locked page. */
  window = show_window ();
  sesame_test_wait_for_state (window, "locked");
  assert_lock_button (window, FALSE);
  unlock (window);
  assert_lock_button (window, TRUE);

  /* Moved back with Preferences → Security's button, which is off while
   * the move runs (the collection is unlocked: no prompt). Then nothing
   * to lock, no lock button. */
  {
    AdwPreferencesPage *page = g_object_ref_sink (sesame_lock_preferences_new (store));
    GtkButton *move = find_labelled_button (GTK_WIDGET (page), "_Move Back");

    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (move)));
    g_signal_emit_by_name (move, "clicked");
    g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (move)));
    sesame_test_wait_until (moved_back, move, "the move back");
    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (move)));
    g_assert_cmpstr (gtk_button_get_label (move), ==, "_Protect…");
    g_object_unref (page);
    g_assert_false (sesame_account_store_get_protected (store));
    assert_lock_button (window, FALSE);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL);
    for (guint i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    g_assert_cmpstr (sesame_window_get_state (window), ==, "list");
    g_assert_false (sesame_account_store_get_locked (store));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *schema = NULL;
  int status;

  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema = g_strdup_printf ("%s.Test.WindowLock.%.8s", APP_ID, uuid);
  password = g_strdup_printf ("pw-%.12s", uuid + 9);
  g_settings_set_uint (sesame_settings_get_gsettings (sesame_settings_get_default ()), "lock-after-idle", 0);

  /* The application's own store, which its one lock monitor watches. */
  g_setenv ("SESAME_KEYRING_SCHEMA", schema, TRUE);
  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  store = sesame_application_get_store (app);

  sesame_test_prompter_enable ();
  g_test_add_func ("/window-lock/setup", test_setup);
  g_test_add_func ("/window-lock/lock-now", test_lock_now);
  g_test_add_func ("/window-lock/idle", test_lock_idle);
  g_test_add_func ("/window-lock/logind", test_lock_logind);
  g_test_add_func ("/window-lock/screensaver", test_lock_screensaver);
  g_test_add_func ("/window-lock/search-and-backup", test_search_and_backup);
  g_test_add_func ("/window-lock/preferences", test_preferences);
  g_test_add_func ("/window-lock/close", test_lock_on_close);
  status = g_test_run ();
  sesame_test_prompter_disable ();
  return status;
}
