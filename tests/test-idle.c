/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "sesame-account-row.h"
#include "sesame-account-row-private.h"
#include "sesame-clock.h"
#include "sesame-test-utils.h"
#include "sesame-test-window.h"
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

static SesameAccountStore *
seeded_store (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.%u", schema_prefix, ++schema_serial);
  SesameAccountStore *store = sesame_account_store_new (schema);
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  guint i;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &loaded);
  sesame_account_store_load_finish (store, sesame_test_await_result (&loaded), &error);
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
      sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &added);
      sesame_account_store_add_finish (store, sesame_test_await_result (&added), &error);
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

  sesame_test_iterate_ms (ms);
  g_signal_handler_disconnect (clock, id);
  return frames;
}

static SesameWindow *
shown_window (SesameAccountStore *store)
{
  SesameWindow *window = sesame_window_new_with_store (app, store);
  guint guard = g_timeout_add_seconds (20, sesame_test_give_up, (gpointer) "the list");

  gtk_window_set_default_size (GTK_WINDOW (window), 500, 700);
  gtk_window_present (GTK_WINDOW (window));
  while (g_strcmp0 (sesame_window_get_state (window), "list") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  /* Past the crossfade of the stack and the first frames. */
  sesame_test_iterate_ms (1500);
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
  sesame_test_iterate_ms (100);
}

static void
test_idle_hidden (void)
{
  g_autoptr(SesameAccountStore) store = seeded_store ();
  SesameWindow *window = shown_window (store);
  SesameClock *clock = sesame_clock_get_default ();
  guint frames;

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  sesame_test_iterate_ms (200);
  frames = frames_over (GTK_WIDGET (window), 2500);
  g_test_message ("%u frames in 2.5 s while hidden", frames);
  g_assert_cmpuint (frames, ==, 0);
  /* Nothing on screen listens to the clock: no work at each tick. */
  g_assert_false (g_signal_has_handler_pending (clock, g_signal_lookup ("tick", SESAME_TYPE_CLOCK), 0, FALSE));

  gtk_window_present (GTK_WINDOW (window));
  sesame_test_iterate_ms (1500);
  frames = frames_over (GTK_WIDGET (window), 3000);
  g_assert_cmpuint (frames, >=, 2);

  gtk_window_destroy (GTK_WINDOW (window));
  sesame_test_iterate_ms (100);
  g_assert_false (g_signal_has_handler_pending (clock, g_signal_lookup ("tick", SESAME_TYPE_CLOCK), 0, FALSE));
}

/* Rows of the list: all of them, the built ones (with their widgets), and
 * whether every row within the list view's visible area is built. */
static void
count_rows (GtkWidget *widget,
            GtkWidget *view,
            guint     *rows,
            guint     *built,
            gboolean  *visible_built)
{
  if (SESAME_IS_ACCOUNT_ROW (widget))
    {
      graphene_rect_t bounds;
      gboolean has_widgets = gtk_widget_get_first_child (widget) != NULL;

      (*rows)++;
      *built += has_widgets;
      /* Rows far from the visible area may not be allocated at all. */
      if (gtk_widget_get_width (widget) > 0 && gtk_widget_compute_bounds (widget, view, &bounds) &&
          bounds.origin.y + bounds.size.height > 0 && bounds.origin.y < gtk_widget_get_height (view) &&
          !has_widgets)
        {
          SesameAccount *account = sesame_account_row_get_account (SESAME_ACCOUNT_ROW (widget));

          g_test_message ("not built on screen: %s at %.0f, %.0f high",
                          account != NULL ? sesame_account_get_issuer (account) : "(unbound)",
                          bounds.origin.y, bounds.size.height);
          *visible_built = FALSE;
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count_rows (child, view, rows, built, visible_built);
}

static SesameAccountRow *
find_row (GtkWidget  *widget,
          const char *issuer)
{
  if (SESAME_IS_ACCOUNT_ROW (widget))
    {
      SesameAccount *account = sesame_account_row_get_account (SESAME_ACCOUNT_ROW (widget));

      return account != NULL && g_strcmp0 (sesame_account_get_issuer (account), issuer) == 0 ?
             SESAME_ACCOUNT_ROW (widget) : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SesameAccountRow *row = find_row (child, issuer);

      if (row != NULL)
        return row;
    }
  return NULL;
}

typedef struct
{
  GtkWidget *view;
  guint rows;
  guint built;
  gboolean to_end;
} RowsSeen;

/* The rows on screen are built (and, with to_end, the list is scrolled to
 * its end with the last account's row built). */
static gboolean
rows_settled (gpointer data)
{
  RowsSeen *seen = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (seen->view));
  gboolean visible_built = TRUE;
  SesameAccountRow *last;

  if (seen->to_end)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  seen->rows = seen->built = 0;
  count_rows (seen->view, seen->view, &seen->rows, &seen->built, &visible_built);
  if (!visible_built || seen->built == 0)
    return FALSE;
  if (!seen->to_end)
    return TRUE;
  last = find_row (seen->view, "Issuer 299");
  return last != NULL && gtk_widget_get_first_child (GTK_WIDGET (last)) != NULL &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment);
}

/* GTK 4.8's list view makes and maps a row for up to 200 items around the
 * visible ones: only those near the visible area build their widgets. */
static void
test_idle_rows_built (void)
{
  g_autoptr(GListStore) memory = g_list_store_new (SESAME_TYPE_ACCOUNT);
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) "12345678901234567890", 20);
  SesameWindow *window;
  RowsSeen seen = { NULL };

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *issuer = g_strdup_printf ("Issuer %03u", i);

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, "alex@example.com");
      sesame_account_set_secret (account, secret);
      g_list_store_append (memory, account);
    }
  window = sesame_window_new_with_model (app, NULL, G_LIST_MODEL (memory));
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 640);
  gtk_window_present (GTK_WINDOW (window));
  sesame_test_wait_for_state (window, "list");

  seen.view = gtk_widget_get_ancestor (GTK_WIDGET (find_row (GTK_WIDGET (window), "Issuer 000")), GTK_TYPE_LIST_VIEW);
  g_assert_nonnull (seen.view);
  sesame_test_wait_until (rows_settled, &seen, "the rows on screen to be built");
  g_test_message ("%u rows, %u built", seen.rows, seen.built);
  /* 640 px show about 10 rows; a page above and below may be built too. */
  g_assert_cmpuint (seen.built, >=, 5);
  g_assert_cmpuint (seen.built, <=, 40);

  /* Scrolled to the end, the rows there are built and show their codes. */
  seen.to_end = TRUE;
  sesame_test_wait_until (rows_settled, &seen, "the end of the list");
  g_test_message ("at the end: %u rows, %u built", seen.rows, seen.built);
  g_assert_cmpuint (strlen (sesame_account_row_get_shown_code (find_row (seen.view, "Issuer 299"))), ==, 7);

  gtk_window_destroy (GTK_WINDOW (window));
  sesame_test_iterate_ms (100);
}

static guint
count_account_rows (GtkWidget *widget)
{
  guint n = SESAME_IS_ACCOUNT_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_account_rows (child);
  return n;
}

typedef struct {
  GtkWidget *window;
  guint rows;        /* account rows in the first frame */
  gboolean painted;
} FirstFrame;

/* In the paint phase, after the window has drawn itself: the window grows
 * its list after the paint. */
static void
on_first_paint (GdkFrameClock *clock,
                FirstFrame    *first)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, first);
  first->rows = count_account_rows (first->window);
  first->painted = TRUE;
}

static void
on_realize (GtkWidget  *window,
            FirstFrame *first)
{
  g_signal_connect_after (gtk_widget_get_frame_clock (window), "paint", G_CALLBACK (on_first_paint), first);
}

static gboolean
is_painted (gpointer data)
{
  return ((FirstFrame *) data)->painted;
}

static gboolean
has_all_accounts (gpointer data)
{
  return g_list_model_get_n_items (data) == 300;
}

/* Start-up with many accounts: the first frame is painted with rows for
 * the accounts that can be on screen, not the 200 GtkListView (GTK 4.8)
 * makes, binds and measures for a long list before its first frame; the
 * list then gets every account. Counted, not timed. */
static void
test_idle_first_rows (void)
{
  g_autoptr(GListStore) memory = g_list_store_new (SESAME_TYPE_ACCOUNT);
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) "12345678901234567890", 20);
  FirstFrame first = { NULL };
  SesameWindow *window;
  GListModel *shown;

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *issuer = g_strdup_printf ("Issuer %03u", i);

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, "alex@example.com");
      sesame_account_set_secret (account, secret);
      g_list_store_append (memory, account);
    }
  window = sesame_window_new_with_model (app, NULL, G_LIST_MODEL (memory));
  first.window = GTK_WIDGET (window);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), &first);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 640);
  gtk_window_present (GTK_WINDOW (window));

  sesame_test_wait_until (is_painted, &first, "the first frame");
  g_test_message ("%u account rows in the first frame", first.rows);
  g_assert_cmpstr (sesame_window_get_state (window), ==, "list");
  g_assert_cmpuint (first.rows, >, 0);
  /* 640 px show about 10 rows; the largest screen here, 1024 px, 30. */
  g_assert_cmpuint (first.rows, <=, 40);

  /* Then every account is in the list. */
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (gtk_widget_get_ancestor (
    GTK_WIDGET (find_row (GTK_WIDGET (window), "Issuer 000")), GTK_TYPE_LIST_VIEW))));
  sesame_test_wait_until (has_all_accounts, shown, "all accounts in the list");

  gtk_window_destroy (GTK_WINDOW (window));
  sesame_test_iterate_ms (100);
}

typedef struct {
  const char *state;   /* the window's page in its first painted frame */
  guint rows;
  gboolean painted;
} FirstPaint;

static void
on_first_window_paint (GdkFrameClock *clock,
                       gpointer       data)
{
  FirstPaint *first = data;
  SesameWindow *window = g_object_get_data (G_OBJECT (clock), "test-window");

  g_signal_handlers_disconnect_by_func (clock, on_first_window_paint, data);
  first->state = sesame_window_get_state (window);
  first->rows = count_account_rows (GTK_WIDGET (window));
  first->painted = TRUE;
}

static gboolean
is_first_painted (gpointer data)
{
  return ((FirstPaint *) data)->painted;
}

/* A new window is realized at once but shown only when its accounts are
 * in: its first frame has the codes, not the "Opening the Keyring…" page
 * first (a full frame more, in software here). The keyring may take as
 * long as it likes: the limit given is far beyond the test's time-outs. */
static void
test_idle_first_frame_codes (void)
{
  g_autoptr(SesameAccountStore) seeded = seeded_store ();
  g_autoptr(SesameAccountStore) store = sesame_account_store_new (sesame_account_store_get_schema_name (seeded));
  SesameWindow *window = sesame_window_new_with_store (app, store);
  FirstPaint first = { NULL };
  GdkFrameClock *clock;

  g_assert_cmpstr (sesame_window_get_state (window), ==, "loading");
  sesame_window_present_when_loaded (window, 600 * 1000);
  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (window)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window)));
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_object_set_data (G_OBJECT (clock), "test-window", window);
  g_signal_connect_after (clock, "paint", G_CALLBACK (on_first_window_paint), &first);

  sesame_test_wait_until (is_first_painted, &first, "the first frame");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (first.state, ==, "list");
  g_assert_cmpuint (first.rows, >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  sesame_test_iterate_ms (100);
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
/* The first stderr line of a started Sesame that contains @word, and what
 * it had mapped (/proc/PID/maps) then, in @maps. */
static char *
trace_line (const char  *schema,
            const char  *trace,
            const char  *word,
            guint        seconds,
            char       **maps)
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
        {
          g_autofree char *path = g_strdup_printf ("/proc/%s/maps", g_subprocess_get_identifier (sesame));

          found = g_steal_pointer (&read.line);
          if (maps != NULL)
            g_assert_true (g_file_get_contents (path, maps, NULL, NULL));
        }
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
  g_autofree char *maps = NULL;
  g_autofree char *line = trace_line (schema, "1", "first-codes-frame", 60, &maps);
  g_autofree char *quiet = NULL;
  double after_start;
  /* Loaded at the first scan only (the scan module; test-camera checks it
   * comes), not mapped while codes are shown; nor librsvg, which the first
   * SVG image (a status page's icon, the dev build's header stripes, the
   * theme's spinner) maps. */
  const char *on_demand[] = { "/libsesame-scan.so", "/libgstreamer-1.0.so", "/libzbar.so", "/libportal.so",
                              "/librsvg-2.so" };

  g_assert_nonnull (line);
  g_test_message ("%s", line);
  g_assert_true (g_str_has_prefix (line, "sesame: first-codes-frame "));
  after_start = g_ascii_strtod (line + strlen ("sesame: first-codes-frame "), NULL);
  g_assert_cmpfloat (after_start, >, 0.0);
  g_assert_cmpfloat (after_start, <, 60.0);
  g_assert_nonnull (maps);
  g_assert_nonnull (strstr (maps, "/libgtk-4.so"));
  for (guint i = 0; i < G_N_ELEMENTS (on_demand); i++)
    if (strstr (maps, on_demand[i]) != NULL)
      g_error ("%s is mapped at start-up", on_demand[i]);

  /* Without the variable: the window comes up, no trace (the line would
   * have come within the 10 s the window is given here). */
  quiet = trace_line (schema, NULL, "first-codes-frame", 10, NULL);
  g_assert_null (quiet);
}

int
main (int   argc,
      char *argv[])
{
  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema_prefix = sesame_test_schema_name ("Idle");

  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/idle/frames", test_idle_frames);
  g_test_add_func ("/idle/hidden", test_idle_hidden);
  g_test_add_func ("/idle/startup-trace", test_idle_startup_trace);
  g_test_add_func ("/idle/rows-built", test_idle_rows_built);
  g_test_add_func ("/idle/first-rows", test_idle_first_rows);
  g_test_add_func ("/idle/first-frame-codes", test_idle_first_frame_codes);

  return g_test_run ();
}
