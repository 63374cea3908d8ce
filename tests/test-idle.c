/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "sesame-account-row.h"
#include "sesame-clock.h"
#include "sesame-test-utils.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

/* An idle window paints once a second (the countdowns move, a code rolls
 * over in the same frame) and not at all while hidden or closed. Frames are
 * counted on the window's real frame clock on the test session's Xvfb. */

#define N_ACCOUNTS 12
#define IDLE_SECONDS 4

static SesameApplication *app;
static char *schema_prefix;
static guint schema_serial;

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
  guint guard = g_timeout_add_seconds (20, give_up, (gpointer) "an async result");

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  return *slot;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
iterate_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static SesameAccountStore *
seeded_store (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.%u", schema_prefix, ++schema_serial);
  SesameAccountStore *store = sesame_account_store_new (schema);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  sesame_account_store_load_async (store, NULL, on_result, &loaded);
  sesame_account_store_load_finish (store, await_result (&loaded), &error);
  g_assert_no_error (error);

  for (i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) "12345678901234567890", 20);
      g_autoptr(GAsyncResult) added = NULL;
      g_autofree char *issuer = g_strdup_printf ("Issuer %02u", i);

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, "alex@example.com");
      sesame_account_set_secret (account, secret);
      /* Periods that roll over at different seconds. */
      sesame_account_set_period (account, i % 2 == 0 ? 30 : 7);
      sesame_account_store_add_async (store, account, NULL, on_result, &added);
      sesame_account_store_add_finish (store, await_result (&added), &error);
      g_assert_no_error (error);
    }
  return store;
}

static void
count_frame (GdkFrameClock *clock,
             guint         *frames)
{
  (*frames)++;
}

/* Frames painted in @ms of idling. "paint" runs only when something was
 * queued for drawing; "after-paint" also ends the empty frames GDK's
 * frame clock may run after one. */
static guint
frames_over (GtkWidget *window,
             guint      ms)
{
  GdkFrameClock *clock = gdk_surface_get_frame_clock (gtk_native_get_surface (GTK_NATIVE (window)));
  guint frames = 0;
  gulong id = g_signal_connect (clock, "paint", G_CALLBACK (count_frame), &frames);

  iterate_ms (ms);
  g_signal_handler_disconnect (clock, id);
  return frames;
}

static SesameWindow *
shown_window (SesameAccountStore *store)
{
  SesameWindow *window = sesame_window_new_with_store (app, store);
  guint guard = g_timeout_add_seconds (20, give_up, (gpointer) "the list");

  gtk_window_set_default_size (GTK_WINDOW (window), 500, 700);
  gtk_window_present (GTK_WINDOW (window));
  while (g_strcmp0 (sesame_window_get_state (window), "list") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  /* Past the crossfade of the stack and the first frames. */
  iterate_ms (1500);
  return window;
}

static void
test_idle_frames (void)
{
  g_autoptr(SesameAccountStore) store = seeded_store ();
  SesameWindow *window = shown_window (store);
  guint frames = frames_over (GTK_WIDGET (window), IDLE_SECONDS * 1000);

  g_test_message ("%u frames in %d s of idling", frames, IDLE_SECONDS);
  /* One a second, and a spare one for a tick landing at the edges. */
  g_assert_cmpuint (frames, >=, IDLE_SECONDS - 1);
  g_assert_cmpuint (frames, <=, IDLE_SECONDS + 1);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_ms (100);
}

static void
test_idle_hidden (void)
{
  g_autoptr(SesameAccountStore) store = seeded_store ();
  SesameWindow *window = shown_window (store);
  SesameClock *clock = sesame_clock_get_default ();
  guint frames;

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  iterate_ms (200);
  frames = frames_over (GTK_WIDGET (window), 2500);
  g_test_message ("%u frames in 2.5 s while hidden", frames);
  g_assert_cmpuint (frames, ==, 0);
  /* Nothing on screen listens to the clock: no work at each tick. */
  g_assert_false (g_signal_has_handler_pending (clock, g_signal_lookup ("tick", SESAME_TYPE_CLOCK), 0, FALSE));

  gtk_window_present (GTK_WINDOW (window));
  iterate_ms (1500);
  frames = frames_over (GTK_WIDGET (window), 3000);
  g_assert_cmpuint (frames, >=, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_ms (100);
  g_assert_false (g_signal_has_handler_pending (clock, g_signal_lookup ("tick", SESAME_TYPE_CLOCK), 0, FALSE));
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = SESAME_IS_ACCOUNT_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

typedef struct {
  GtkWidget *window;
  guint rows;        /* account rows drawn in the first frame */
  gboolean painted;
} FirstFrame;

/* In the paint phase, after the window has drawn itself: the window grows
 * its list after the paint. */
static void
on_first_paint (GdkFrameClock *clock,
                FirstFrame    *first)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, first);
  first->rows = count_rows (first->window);
  first->painted = TRUE;
}

static void
on_realize (GtkWidget  *window,
            FirstFrame *first)
{
  g_signal_connect_after (gtk_widget_get_frame_clock (window), "paint", G_CALLBACK (on_first_paint), first);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Start-up with many accounts: the first frame is painted with the rows
 * that can be on screen, not the 200 GtkListView (GTK 4.8) makes, binds
 * and measures for a long list before its first frame; the list then gets
 * every account. Counted, not timed. */
#define MANY_ACCOUNTS 300
#define ROWS_ON_SCREEN_MAX 40

static void
test_idle_first_rows (void)
{
  g_autoptr(GListStore) accounts = g_list_store_new (SESAME_TYPE_ACCOUNT);
  g_autoptr(SesameAccountStore) store = sesame_account_store_new ("io.github.sesame.Test.Idle.Unused");
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) "12345678901234567890", 20);
  FirstFrame first = { 0 };
  GtkWidget *window;
  GListModel *shown;
  guint guard;

  for (guint i = 0; i < MANY_ACCOUNTS; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *issuer = g_strdup_printf ("Issuer %03u", i);

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, "alex@example.com");
      sesame_account_set_secret (account, secret);
      g_list_store_append (accounts, account);
    }

  window = g_object_new (SESAME_TYPE_WINDOW, "application", app, "store", store, "model", accounts, NULL);
  first.window = window;
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), &first);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 640);
  gtk_window_present (GTK_WINDOW (window));

  guard = g_timeout_add_seconds (20, give_up, (gpointer) "the first frame");
  while (!first.painted)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_test_message ("%u account rows at the first frame", first.rows);
  g_assert_cmpstr (sesame_window_get_state (SESAME_WINDOW (window)), ==, "list");
  g_assert_cmpuint (first.rows, >, 0);
  g_assert_cmpuint (first.rows, <=, ROWS_ON_SCREEN_MAX);

  /* Then every account is in the list. */
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (find_list_view (window))));
  guard = g_timeout_add_seconds (20, give_up, (gpointer) "all accounts in the list");
  while (g_list_model_get_n_items (shown) < MANY_ACCOUNTS)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, MANY_ACCOUNTS);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_ms (100);
}

typedef struct {
  char *line;        /* NULL at the end of the stream or on time-out */
  gboolean ready;
} LineRead;

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_assert_no_error (error);
  read->ready = TRUE;
}

static gboolean
cancel_read (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

/* The first stderr line of Sesame (the real binary) that contains @word,
 * or NULL when stderr ends or @seconds pass first. */
static char *
trace_line (const char *schema,
            const char *trace,
            const char *word,
            guint       seconds)
{
  g_autofree char *binary = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "app", "sesame", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) sesame = NULL;
  g_autoptr(GDataInputStream) stderr_lines = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint guard;
  char *found = NULL;

  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  if (trace != NULL)
    g_subprocess_launcher_setenv (launcher, "SESAME_STARTUP_TRACE", trace, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "SESAME_STARTUP_TRACE");
  sesame = g_subprocess_launcher_spawn (launcher, &error, binary, NULL);
  g_assert_no_error (error);
  stderr_lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (sesame));

  guard = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, cancel_read,
                                      g_object_ref (cancellable), g_object_unref);
  while (found == NULL)
    {
      LineRead read = { NULL, FALSE };

      g_data_input_stream_read_line_async (stderr_lines, G_PRIORITY_DEFAULT, cancellable, on_line, &read);
      while (!read.ready)
        g_main_context_iteration (NULL, TRUE);
      if (read.line == NULL)
        break;
      if (strstr (read.line, word) != NULL)
        found = g_steal_pointer (&read.line);
      g_free (read.line);
    }
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (guard);

  g_subprocess_send_signal (sesame, SIGTERM);
  g_subprocess_wait (sesame, NULL, NULL);
  return found;
}

/* SESAME_STARTUP_TRACE=1: one line with first-codes-frame once codes are
 * painted; nothing without it. */
static void
test_idle_startup_trace (void)
{
  g_autoptr(SesameAccountStore) store = seeded_store ();
  g_autofree char *schema = g_strdup_printf ("%s.%u", schema_prefix, schema_serial);
  g_autofree char *line = trace_line (schema, "1", "first-codes-frame", 60);
  g_autofree char *quiet = NULL;
  double after_start;

  g_assert_nonnull (line);
  g_test_message ("%s", line);
  g_assert_true (g_str_has_prefix (line, "sesame: first-codes-frame "));
  after_start = g_ascii_strtod (line + strlen ("sesame: first-codes-frame "), NULL);
  g_assert_cmpfloat (after_start, >, 0.0);
  g_assert_cmpfloat (after_start, <, 60.0);

  /* Without the variable: the window comes up, no trace (the line would
   * have come within the 10 s the window is given here). */
  quiet = trace_line (schema, NULL, "first-codes-frame", 10);
  g_assert_null (quiet);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();

  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema_prefix = g_strdup_printf ("%s.Test.Idle.%.8s", APP_ID, uuid);

  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/idle/frames", test_idle_frames);
  g_test_add_func ("/idle/hidden", test_idle_hidden);
  g_test_add_func ("/idle/startup-trace", test_idle_startup_trace);
  g_test_add_func ("/idle/first-rows", test_idle_first_rows);

  return g_test_run ();
}
