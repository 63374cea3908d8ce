/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "sesame-clipboard.h"
#include "sesame-test-utils.h"

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  gboolean done;
  char *out;
  gboolean ok;
} XclipRead;

static void
on_xclip_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  XclipRead *read = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &read->out, NULL, &error);
  g_assert_no_error (error);
  read->ok = g_subprocess_get_if_exited (G_SUBPROCESS (source)) &&
             g_subprocess_get_exit_status (G_SUBPROCESS (source)) == 0;
  read->done = TRUE;
}

/* Reads the X11 clipboard from another process (xclip), the way any other
 * application sees it, while our main loop serves the request. Returns NULL
 * when the clipboard has nothing of that type. */
static char *
xclip_read (const char *target)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  XclipRead read = { 0 };

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "xclip", "-o", "-selection", "clipboard", "-t", target, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_xclip_done, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);

  if (!read.ok)
    g_clear_pointer (&read.out, g_free);
  return read.out;
}

typedef struct
{
  gboolean done;
  GBytes *bytes;
} LocalRead;

static void
on_local_spliced (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LocalRead *read = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  g_assert_no_error (error);
  read->bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (source));
  read->done = TRUE;
}

static void
on_local_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  LocalRead *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;

  input = gdk_clipboard_read_finish (GDK_CLIPBOARD (source), result, NULL, &error);
  g_assert_no_error (error);
  output = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (output, input,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, on_local_spliced, read);
}

static GdkClipboard *get_clipboard (void);

/* Reads one type of the clipboard the way a GTK application does. */
static char *
read_local (const char *mime_type)
{
  const char *mime_types[] = { mime_type, NULL };
  LocalRead read = { 0 };
  g_autoptr(GBytes) bytes = NULL;

  gdk_clipboard_read_async (get_clipboard (), mime_types, G_PRIORITY_DEFAULT, NULL, on_local_read, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);

  bytes = read.bytes;
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static GdkClipboard *
get_clipboard (void)
{
  return gdk_display_get_clipboard (gdk_display_get_default ());
}

/* Another process sees the code as text and the password-manager hint. */
static void
test_clipboard_formats (void)
{
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (get_clipboard ());
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *hint = NULL;
  g_autofree char *targets = NULL;
  g_auto(GStrv) target_list = NULL;
  GdkContentFormats *formats;

  sesame_clipboard_copy_code (clipboard, "492039", 0);

  formats = gdk_clipboard_get_formats (get_clipboard ());
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain"));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, SESAME_CLIPBOARD_PASSWORD_HINT_MIME));

  text = xclip_read ("UTF8_STRING");
  plain = xclip_read ("text/plain");
  targets = xclip_read ("TARGETS");
  g_assert_nonnull (targets);
  target_list = g_strsplit (targets, "\n", -1);
  hint = read_local (SESAME_CLIPBOARD_PASSWORD_HINT_MIME);
  g_assert_cmpstr (text, ==, "492039");
  g_assert_cmpstr (plain, ==, "492039");
  /* Other applications see the hint among the offered targets. GTK 4 will
   * not serve the content of a type without a '/' to them, so its value is
   * read here the way GTK applications read it. */
  g_assert_true (g_strv_contains ((const char * const *) target_list, SESAME_CLIPBOARD_PASSWORD_HINT_MIME));
  g_assert_cmpstr (hint, ==, "secret");
  g_assert_true (sesame_clipboard_holds_ours (clipboard));
}

static void
on_cleared (SesameClipboard *clipboard,
            guint           *n_cleared)
{
  (*n_cleared)++;
}

/* After the delay, an unchanged clipboard is emptied. */
static void
test_clipboard_clears (void)
{
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (get_clipboard ());
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_cleared = 0;

  g_signal_connect (clipboard, "cleared", G_CALLBACK (on_cleared), &n_cleared);
  sesame_clipboard_copy_code (clipboard, "123456", 1);
  before = xclip_read ("UTF8_STRING");
  g_assert_cmpstr (before, ==, "123456");

  wait_ms (2200);
  g_assert_cmpuint (n_cleared, ==, 1);
  g_assert_false (sesame_clipboard_holds_ours (clipboard));
  after = xclip_read ("UTF8_STRING");
  g_assert_null (after);
}

/* Something copied after our code stays on the clipboard. */
static void
test_clipboard_keeps_newer (void)
{
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (get_clipboard ());
  g_autofree char *after = NULL;
  guint n_cleared = 0;

  g_signal_connect (clipboard, "cleared", G_CALLBACK (on_cleared), &n_cleared);
  sesame_clipboard_copy_code (clipboard, "654321", 1);
  gdk_clipboard_set_text (get_clipboard (), "a note the user copied");

  wait_ms (2200);
  g_assert_cmpuint (n_cleared, ==, 0);
  after = xclip_read ("UTF8_STRING");
  g_assert_cmpstr (after, ==, "a note the user copied");
}

/* A second copy replaces the first and restarts the delay: the first
 * timer must not clear the second code. */
static void
test_clipboard_second_copy (void)
{
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (get_clipboard ());
  g_autofree char *text = NULL;

  sesame_clipboard_copy_code (clipboard, "111111", 1);
  wait_ms (600);
  sesame_clipboard_copy_code (clipboard, "222222", 3);
  wait_ms (1600);
  text = xclip_read ("UTF8_STRING");
  g_assert_cmpstr (text, ==, "222222");
}

/* The clear does not die with the object (the window) that copied. */
static void
test_clipboard_outlives_owner (void)
{
  SesameClipboard *clipboard = sesame_clipboard_new (get_clipboard ());
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  sesame_clipboard_copy_code (clipboard, "765432", 1);
  g_object_unref (clipboard);
  before = xclip_read ("UTF8_STRING");
  g_assert_cmpstr (before, ==, "765432");

  wait_ms (2200);
  after = xclip_read ("UTF8_STRING");
  g_assert_null (after);
}

static void
on_activate_nothing (GApplication *app)
{
}

/* A pending clear holds the application, so that it is done before exit. */
static void
test_clipboard_holds_application (void)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("org.gnome.Sesame.TestClipboard", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GError) error = NULL;
  SesameClipboard *clipboard;
  g_autofree char *after = NULL;

  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_set_default (G_APPLICATION (app));
  g_signal_connect (app, "activate", G_CALLBACK (on_activate_nothing), NULL);
  clipboard = sesame_clipboard_new (get_clipboard ());
  sesame_clipboard_copy_code (clipboard, "135790", 1);
  g_object_unref (clipboard);
  /* Runs until the clear releases it; no window was ever open. */
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  after = xclip_read ("UTF8_STRING");
  g_assert_null (after);
  g_application_set_default (NULL);
}

int
main (int   argc,
      char *argv[])
{
  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/clipboard/formats", test_clipboard_formats);
  g_test_add_func ("/clipboard/clears", test_clipboard_clears);
  g_test_add_func ("/clipboard/keeps-newer", test_clipboard_keeps_newer);
  g_test_add_func ("/clipboard/second-copy", test_clipboard_second_copy);
  g_test_add_func ("/clipboard/outlives-owner", test_clipboard_outlives_owner);
  g_test_add_func ("/clipboard/holds-application", test_clipboard_holds_application);

  return g_test_run ();
}
