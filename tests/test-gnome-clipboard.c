/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The clipboard promise on GNOME Shell (Wayland), checked from outside with
 * wl-paste: after the clear delay nobody can paste the code, whether Sesame
 * has the focus, lost it, is minimized, closed its window, or the session
 * locked. */
#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

#include "sesame-clipboard.h"
#include "sesame-test-gnome.h"
#include "sesame-test-utils.h"

/* Long enough for the "still there" paste on a loaded machine (CI, or 8
 * builds on 2 cores); the "gone" paste waits until the delay, counted from
 * the copy, and a margin have passed. */
#define DELAY 6
#define MARGIN_MS 2000

static gint64 copied_at;   /* monotonic µs */

/* Waits until the delay of the last copy and the margin have passed. */
static void
wait_past_delay (void)
{
  gint64 wait_ms = (copied_at + DELAY * G_USEC_PER_SEC - g_get_monotonic_time ()) / 1000 + MARGIN_MS;

  if (wait_ms > 0)
    sesame_test_wait_ms ((guint) wait_ms);
}

static SesameTestKeyboard *keyboard;

static void
on_active (GtkWindow  *window,
           GParamSpec *pspec,
           gboolean   *active)
{
  *active = gtk_window_is_active (window);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
wait_active (GtkWindow *window,
             gboolean   want,
             guint      ms)
{
  gboolean active = gtk_window_is_active (window);
  gulong id = g_signal_connect (window, "notify::is-active", G_CALLBACK (on_active), &active);
  gboolean timed_out = FALSE;
  /* A source of its own: without it, a window that never gets the focus
   * leaves the blocking iteration below with nothing to wake it. */
  guint timeout = g_timeout_add (ms, set_flag, &timed_out);

  while (active != want && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  g_signal_handler_disconnect (window, id);
  return active == want;
}

static GtkWindow *
new_focused_window (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_title (window, "test-gnome-clipboard");
  gtk_window_set_default_size (window, 300, 200);
  gtk_window_present (window);
  /* Mutter may hold back the focus from a new window while it still sees
   * another one as recently used (seen once in a loaded CI run, after the
   * closed-window test): present it again, as a user would click it. */
  for (guint tries = 0; tries < 3 && !wait_active (window, TRUE, 10000); tries++)
    {
      g_test_message ("the new window has no focus after 10 s; presenting it again");
      gtk_window_present (window);
    }
  g_assert_true (gtk_window_is_active (window));
  return window;
}

static gboolean
on_key_event (GtkEventControllerLegacy *controller,
              GdkEvent                 *event,
              gboolean                 *pressed)
{
  if (gdk_event_get_event_type (event) == GDK_KEY_PRESS)
    *pressed = TRUE;
  return GDK_EVENT_PROPAGATE;
}

/* Copies the way a user does: after a key press in the window, whose serial
 * the compositor wants with a new selection. */
static void
copy_code (GtkWindow       *window,
           SesameClipboard *clipboard,
           const char      *code,
           guint            delay)
{
  GtkEventController *controller = gtk_event_controller_legacy_new ();
  gboolean pressed = FALSE;

  g_signal_connect (controller, "event", G_CALLBACK (on_key_event), &pressed);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  sesame_test_keyboard_key (keyboard, 0xffe1);  /* Shift */
  g_assert_true (sesame_test_wait_for (&pressed, 5000));
  gtk_widget_remove_controller (GTK_WIDGET (window), controller);
  copied_at = g_get_monotonic_time ();
  sesame_clipboard_copy_code (clipboard, code, delay);
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static GSubprocess *
spawn (GSubprocessFlags flags,
       const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return proc;
}

static GSubprocess *
spawn_self (GSubprocessFlags flags,
            const char      *mode,
            ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  GSubprocess *proc;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *) g_test_get_filename (G_TEST_BUILT, "test-gnome-clipboard", NULL));
  g_ptr_array_add (args, (char *) mode);
  va_start (ap, mode);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (flags);
  /* Gone with us, even when an assertion aborts the test: meson waits for
   * every holder of the test's stdout. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

static void
assert_pastes (const char *expected)
{
  g_autofree char *text = sesame_test_wl_paste ();

  g_assert_cmpstr (text, ==, expected);
}

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  char **line = user_data;

  *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (source), result, NULL, NULL);
  if (*line == NULL)
    *line = g_strdup ("");
}

static char *read_child_line (GDataInputStream *input);

/* The child's next word, past its debug messages. */
static char *
read_child_word (GDataInputStream *input)
{
  while (TRUE)
    {
      char *line = read_child_line (input);

      if (line[0] != '(' && line[0] != '#')
        return line;
      g_free (line);
    }
}

/* Waits for the child's line on stdout (no wl-paste meanwhile: it would take
 * the focus the child needs to copy). */
static char *
read_child_line (GDataInputStream *input)
{
  char *line = NULL;

  g_data_input_stream_read_line_async (input, G_PRIORITY_DEFAULT, NULL, on_line, &line);
  while (line == NULL)
    g_main_context_iteration (NULL, TRUE);
  return line;
}

static void
test_focused (void)
{
  GtkWindow *window = new_focused_window ();
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (window)));

  copy_code (window, clipboard, "111111", DELAY);
  assert_pastes ("111111");
  wait_past_delay ();
  assert_pastes (NULL);
  gtk_window_destroy (window);
  sesame_test_wait_ms (300);
  /* mutter's clipboard manager has no copy to bring back either. */
  assert_pastes (NULL);
}

/* The normal case: copy, then switch to the browser to paste. */
static void
test_unfocused (void)
{
  GtkWindow *window = new_focused_window ();
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_autoptr(GSubprocess) other = NULL;

  copy_code (window, clipboard, "222222", DELAY);
  other = spawn_self (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, "--other-window", NULL);
  g_assert_true (wait_active (window, FALSE, 10000));
  assert_pastes ("222222");

  wait_past_delay ();
  assert_pastes (NULL);
  g_assert_false (gtk_window_is_active (window));

  /* Still nothing once our window and our selection are gone. */
  gtk_window_destroy (window);
  sesame_test_wait_ms (1500);
  assert_pastes (NULL);
  g_subprocess_force_exit (other);
}

/* What another application copied after our code stays. */
static void
test_keeps_newer (void)
{
  GtkWindow *window = new_focused_window ();
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  g_autoptr(GSubprocess) copier = NULL;
  g_autoptr(GError) error = NULL;

  copy_code (window, clipboard, "777777", DELAY);
  copier = spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE,
                  (const char *[]) { "wl-copy", "--foreground", "a note", NULL });
  /* No wl-paste meanwhile: it would take the focus wl-copy needs. */
  sesame_test_wait_ms (1500);
  assert_pastes ("a note");
  wait_past_delay ();
  assert_pastes ("a note");
  gtk_window_destroy (window);
  g_subprocess_force_exit (copier);
  g_subprocess_wait (copier, NULL, NULL);
}

static void
test_minimized (void)
{
  GtkWindow *window = new_focused_window ();
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (window)));

  copy_code (window, clipboard, "333333", DELAY);
  gtk_window_minimize (window);
  g_assert_true (wait_active (window, FALSE, 10000));
  assert_pastes ("333333");
  wait_past_delay ();
  assert_pastes (NULL);
  gtk_window_destroy (window);
  sesame_test_wait_ms (1500);
  assert_pastes (NULL);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

/* A process that closed its window right after copying (and dropped its
 * SesameClipboard) stays until the code is gone, then exits. */
static void
test_closed (void)
{
  g_autoptr(GSubprocess) child = spawn_self (G_SUBPROCESS_FLAGS_STDOUT_PIPE, "--copy-and-close", "444444", NULL);
  g_autoptr(GDataInputStream) output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  g_autofree char *ready = read_child_word (output);
  g_autofree char *copied = NULL;
  gboolean exited = FALSE;

  g_assert_cmpstr (ready, ==, "ready");
  sesame_test_keyboard_key (keyboard, 0xff0d);
  copied = read_child_word (output);
  g_assert_cmpstr (copied, ==, "copied");
  copied_at = g_get_monotonic_time ();
  g_subprocess_wait_async (child, NULL, on_exited, &exited);
  assert_pastes ("444444");
  g_assert_false (exited);

  wait_past_delay ();
  assert_pastes (NULL);
  g_assert_true (sesame_test_wait_for (&exited, 10000));
  g_assert_true (g_subprocess_get_successful (child));
  /* The owner is gone: GNOME Shell has no copy of the code to offer. */
  assert_pastes (NULL);
}

/* logind's Lock (loginctl lock-session) clears at once, long before the delay. */
static void
test_logind_lock (void)
{
  GtkWindow *window = new_focused_window ();
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (window)));

  copy_code (window, clipboard, "555555", 120);
  assert_pastes ("555555");
  sesame_test_dbusmock_emit ("org.freedesktop.login1", "/org/freedesktop/login1",
                             "org.freedesktop.login1.Session", "Lock", "",
                             g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0));
  sesame_test_wait_ms (1500);
  assert_pastes (NULL);
  gtk_window_destroy (window);
}

static void
screensaver_call (GDBusConnection *bus,
                  const char      *method,
                  GVariant        *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, "org.gnome.ScreenSaver", "/org/gnome/ScreenSaver",
                                       "org.gnome.ScreenSaver", method, args, NULL,
                                       G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
}

/* org.gnome.ScreenSaver's ActiveChanged (the shell's lock screen) clears at
 * once. The headless shell has no lock screen (GNOME Shell offers one only
 * with GDM and systemd's seats), so python-dbusmock's gnome_screensaver
 * template plays that part of the shell here. */
static void
test_screensaver_lock (void)
{
  g_autoptr(GSubprocess) screensaver = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  g_autoptr(SesameClipboard) clipboard = NULL;
  gboolean owned = FALSE;

  screensaver = spawn (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                       (const char *[]) { "/usr/bin/python3", "-m", "dbusmock", "--template", "gnome_screensaver",
                                          NULL });
  for (int i = 0; i < 100 && !owned; i++)
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", "org.gnome.ScreenSaver"),
                                                               G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                                               5000, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (!owned)
        sesame_test_wait_ms (100);
    }
  g_assert_true (owned);

  window = new_focused_window ();
  clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (window)));
  copy_code (window, clipboard, "666666", 120);
  assert_pastes ("666666");
  /* Lock answers after a second, then ActiveChanged (true) follows. */
  screensaver_call (bus, "Lock", NULL);
  sesame_test_wait_ms (1000);
  assert_pastes (NULL);
  screensaver_call (bus, "SetActive", g_variant_new ("(b)", FALSE));
  gtk_window_destroy (window);
  g_subprocess_force_exit (screensaver);
  g_subprocess_wait (screensaver, NULL, NULL);
}

/* Child processes of the tests above. */
static int
other_window_main (void)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_title (window, "another application");
  gtk_window_present (window);
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* Says when it has the keyboard focus; copies on a key press (Enter), as
 * Sesame does, then closes its window at once. */
static gboolean
on_child_event (GtkEventControllerLegacy *controller,
                GdkEvent                 *event,
                const char               *code)
{
  static gboolean ready, copied;
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  SesameClipboard *clipboard;
  GdkEventType type = gdk_event_get_event_type (event);

  if (!ready && type == GDK_FOCUS_CHANGE && gdk_focus_event_get_in (event))
    {
      ready = TRUE;
      g_print ("ready\n");
    }
  if (!ready || copied || type != GDK_KEY_PRESS)
    return GDK_EVENT_PROPAGATE;

  copied = TRUE;
  clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (window));
  sesame_clipboard_copy_code (clipboard, code, DELAY);
  g_object_unref (clipboard);
  g_print ("copied\n");
  gtk_widget_set_visible (window, FALSE);
  g_idle_add_once ((GSourceOnceFunc) gtk_window_destroy, window);
  return GDK_EVENT_STOP;
}

static void
on_child_activate (GtkApplication *app,
                   const char     *code)
{
  GtkWindow *window = GTK_WINDOW (gtk_application_window_new (app));
  GtkEventController *controller = gtk_event_controller_legacy_new ();

  g_signal_connect (controller, "event", G_CALLBACK (on_child_event), (gpointer) code);
  gtk_widget_add_controller (GTK_WIDGET (window), controller);
  gtk_window_present (window);
}

static int
copy_and_close_main (const char *code)
{
  g_autoptr(AdwApplication) app = adw_application_new ("org.gnome.Sesame.TestClipboardChild",
                                                       G_APPLICATION_NON_UNIQUE);

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_signal_connect (app, "activate", G_CALLBACK (on_child_activate), (gpointer) code);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  sesame_test_gnome_require ();
  if (argc > 1 && g_str_equal (argv[1], "--other-window"))
    {
      gtk_init ();
      return other_window_main ();
    }
  if (argc > 2 && g_str_equal (argv[1], "--copy-and-close"))
    return copy_and_close_main (argv[2]);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  keyboard = sesame_test_keyboard_new ();
  /* The shell starts in the overview. */
  sesame_test_keyboard_key (keyboard, 0xff1b);

  g_test_add_func ("/gnome/clipboard/focused", test_focused);
  g_test_add_func ("/gnome/clipboard/unfocused", test_unfocused);
  g_test_add_func ("/gnome/clipboard/minimized", test_minimized);
  g_test_add_func ("/gnome/clipboard/keeps-newer", test_keeps_newer);
  g_test_add_func ("/gnome/clipboard/closed", test_closed);
  g_test_add_func ("/gnome/clipboard/logind-lock", test_logind_lock);
  g_test_add_func ("/gnome/clipboard/screensaver-lock", test_screensaver_lock);

  ret = g_test_run ();
  sesame_test_keyboard_free (keyboard);
  return ret;
}
