/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <math.h>
#include <string.h>

#include "sesame-account-details.h"
#include "sesame-account-details-private.h"
#include "sesame-account-row.h"
#include "sesame-account-row-private.h"
#include "sesame-add-dialog.h"
#include "sesame-add-dialog-private.h"
#include "sesame-auto-backup.h"
#include "sesame-backup-dialog.h"
#include "sesame-backup-dialog-private.h"
#include "sesame-backup-preferences.h"
#include "sesame-backup-preferences-private.h"
#include "sesame-camera-dialog.h"
#include "sesame-camera-dialog-private.h"
#include "sesame-clock.h"
#include "sesame-countdown.h"
#include "sesame-countdown-private.h"
#include "sesame-enroll-dialog.h"
#include "sesame-import-dialog.h"
#include "sesame-import-dialog-private.h"
#include "sesame-preferences-window.h"
#include "sesame-transfer-dialog.h"
#include "sesame-settings.h"
#include "sesame-settings-private.h"
#include "sesame-test-keyring.h"
#include "sesame-test-utils.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

/* The first minutes of a new user, and what a screen reader hears: real
 * windows on the test session's Xvfb display, real key presses (xdotool),
 * and the accessible properties GTK gives assistive technologies. */

static const char rfc_key[] = "12345678901234567890";
#define RFC_TIME 59

static SesameApplication *app;
static char *schema_prefix;
static guint schema_serial;
static gint64 now_usec;

static gint64
test_now (gpointer data)
{
  return now_usec;
}

static SesameAccountStore *
new_store (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.%u", schema_prefix, ++schema_serial);

  return sesame_account_store_new (schema);
}

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

static SesameAccount *
make_account (const char *issuer,
              const char *name)
{
  SesameAccount *account = sesame_account_new ();
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) rfc_key, strlen (rfc_key));

  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_secret (account, secret);
  return account;
}

static void
store_add (SesameAccountStore *store,
           SesameAccount      *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_add_async (store, account, NULL, on_result, &result);
  sesame_account_store_add_finish (store, await_result (&result), &error);
  g_assert_no_error (error);
}

static void
store_load (SesameAccountStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_load_async (store, NULL, on_result, &result);
  sesame_account_store_load_finish (store, await_result (&result), &error);
  g_assert_no_error (error);
}

/* Every wait below is for a state, with a generous guard: the suite runs
 * on two loaded cores, where no fixed delay is long enough. */
static void
wait_until (gboolean (*done) (gpointer),
            gpointer  data,
            const char *what)
{
  guint guard = g_timeout_add_seconds (20, give_up, (gpointer) what);

  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

/* Everything the X server has sent us so far handled: a round trip, then
 * every ready source dispatched (key presses of a finished xdotool are
 * then processed). */
static void
settle (void)
{
  gdk_display_sync (gdk_display_get_default ());
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Until @widget is mapped and its window painted a frame after now: what
 * was queued (layout, list rows, the initial focus) is done. */
static void
wait_drawn (GtkWidget *widget)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong id;

  wait_until (is_mapped, widget, "a widget mapped");
  clock = gtk_widget_get_frame_clock (widget);
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  wait_until (flag_is_set, &painted, "a frame painted");
  g_signal_handler_disconnect (clock, id);
  settle ();
}

typedef struct
{
  gint64 second;
  gboolean seen;
} TickWait;

static void
on_tick (SesameClock *clock,
         gint64       unix_time,
         gpointer     data)
{
  TickWait *wait = data;

  if (unix_time == wait->second)
    wait->seen = TRUE;
}

static gboolean
tick_seen (gpointer data)
{
  return ((TickWait *) data)->seen;
}

/* Sets the test clock to @usec and waits for the shared clock's tick at
 * that second: every row has followed it (they connected before us). */
static void
clock_to (gint64 usec)
{
  TickWait wait = { usec / G_USEC_PER_SEC, FALSE };
  SesameClock *clock = sesame_clock_get_default ();
  gulong id = g_signal_connect (clock, "tick", G_CALLBACK (on_tick), &wait);

  now_usec = usec;
  wait_until (tick_seen, &wait, "the clock's tick");
  g_signal_handler_disconnect (clock, id);
  settle ();
}

static void
wait_for_state (SesameWindow *window,
                const char   *state)
{
  guint guard = g_timeout_add_seconds (20, give_up, (gpointer) state);

  while (g_strcmp0 (sesame_window_get_state (window), state) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  wait_drawn (GTK_WIDGET (window));
}

static SesameWindow *
show_window (SesameAccountStore *store)
{
  SesameWindow *window = sesame_window_new_with_store (app, store);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (SesameWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* The open toplevel of that type, or NULL. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  guint guard = g_timeout_add_seconds (20, give_up, (gpointer) g_type_name (type));
  GtkWindow *window;

  while ((window = find_toplevel (type)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  wait_drawn (GTK_WIDGET (window));
  return window;
}

static void
run_xdotool (const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, on_result, &result);
  g_subprocess_wait_finish (proc, await_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  settle ();
}

/* Keys go to the window under the pointer: there is no window manager,
 * and every window opens at the top left. */
static void
point_at_windows (void)
{
  run_xdotool ("mousemove", "200", "20", NULL);
}

static GtkWidget *find_button_by_label (GtkWidget  *root,
                                        const char *label);
static GtkLabel  *find_shown_label     (GtkWidget  *root,
                                        const char *text);

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *ancestor)
{
  return widget != NULL && (widget == ancestor || gtk_widget_is_ancestor (widget, ancestor));
}

static gboolean
focus_on_open_image (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return GTK_IS_BUTTON (focus) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), "_Open Image…") == 0;
}

/* #16.1: without a camera the page says so at once (no endless spinner)
 * and offers the other ways in. */
static void
test_camera_none (void)
{
  SesameCameraDialog *dialog;
  guint guard;

  g_unsetenv ("SESAME_CAMERA_PIPELINE");
  dialog = sesame_camera_dialog_new (NULL);
  if (g_list_model_get_n_items (sesame_camera_get_devices (sesame_camera_dialog_get_camera (dialog))) > 0)
    {
      /* A machine with a real camera: this test is about none. */
      gtk_window_destroy (GTK_WINDOW (dialog));
      g_test_skip ("a camera is connected");
      return;
    }

  /* It gets there: before, the spinner never ended. (No bound on how
   * soon: the suite may share two cores with other builds.) */
  gtk_window_present (GTK_WINDOW (dialog));
  guard = g_timeout_add_seconds (30, give_up, (gpointer) "the No Camera page");
  while (g_strcmp0 (sesame_camera_dialog_get_page (dialog), "problem") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_cmpint (sesame_camera_get_state (sesame_camera_dialog_get_camera (dialog)), ==,
                   SESAME_CAMERA_STATE_NO_CAMERA);

  /* The focus is on "Open Image…", one of the ways that work. */
  wait_until (focus_on_open_image, dialog, "the focus on Open Image…");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
}

/* #16.2: a scanned or linked account is added with Enter (a real key
 * press), the first field focused and its text not selected. */
static void
test_enroll_enter_adds (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameWindow *window;
  GtkWindow *dialog;
  GtkWidget *focus;
  guint guard;

  store_load (store);
  window = show_window (store);
  wait_for_state (window, "empty");

  sesame_window_open_uri (window, "otpauth://totp/Forge:alex?secret=JBSWY3DPEHPK3PXP&issuer=Forge");
  dialog = wait_for_toplevel (SESAME_TYPE_ENROLL_DIALOG);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "Forge");
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (focus), NULL, NULL));

  point_at_windows ();
  run_xdotool ("key", "Return", NULL);
  guard = g_timeout_add_seconds (20, give_up, (gpointer) "the account added by Enter");
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  wait_for_state (window, "list");
  g_assert_null (find_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  close_window (window);
}

/* #16.2: a Google Authenticator export list: Enter adds the checked ones. */
static void
test_enroll_batch_enter_adds (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameWindow *window;
  GtkWindow *dialog;
  guint guard;

  store_load (store);
  window = show_window (store);
  wait_for_state (window, "empty");

  sesame_window_open_uri (window,
                          "otpauth://totp/One:alex?secret=JBSWY3DPEHPK3PXP&issuer=One\n"
                          "otpauth://totp/Two:alex?secret=KRSXG5CTMVRXEZLU&issuer=Two");
  dialog = wait_for_toplevel (SESAME_TYPE_ENROLL_DIALOG);
  g_assert_true (GTK_IS_BUTTON (gtk_root_get_focus (GTK_ROOT (dialog))));
  g_assert_true (gtk_widget_has_css_class (gtk_root_get_focus (GTK_ROOT (dialog)), "suggested-action"));

  point_at_windows ();
  run_xdotool ("key", "Return", NULL);
  guard = g_timeout_add_seconds (20, give_up, (gpointer) "two accounts added by Enter");
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) < 2)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  close_window (window);
}

/* #16.2: Ctrl+N opens the add dialog with the first field focused: what
 * is typed goes there, not to Cancel. */
static void
test_add_dialog_typing (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameWindow *window;
  GtkWindow *dialog;

  store_load (store);
  window = show_window (store);
  wait_for_state (window, "empty");

  point_at_windows ();
  run_xdotool ("key", "ctrl+n", NULL);
  dialog = wait_for_toplevel (SESAME_TYPE_ADD_DIALOG);
  run_xdotool ("type", "GitHub", NULL);
  g_assert_cmpstr (gtk_editable_get_text (sesame_add_dialog_get_field (SESAME_ADD_DIALOG (dialog), "issuer")),
                   ==, "GitHub");
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (dialog)),
                            GTK_WIDGET (sesame_add_dialog_get_field (SESAME_ADD_DIALOG (dialog), "issuer"))));
  gtk_window_destroy (dialog);
  close_window (window);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static SesameAccountRow *
find_row (SesameWindow *window,
          const char   *issuer)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (window), SESAME_TYPE_ACCOUNT_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      SesameAccount *account = sesame_account_row_get_account (rows->pdata[i]);

      if (account != NULL && g_str_equal (sesame_account_get_issuer (account), issuer))
        return rows->pdata[i];
    }
  return NULL;
}

/* The child of @row that is a button with that icon. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *icon_name)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), icon_name) == 0)
      return buttons->pdata[i];
  return NULL;
}

#define assert_accessible_label(widget, text) \
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text)
#define assert_accessible_description(widget, text) \
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text)

static void
tick (guint seconds)
{
  clock_to (now_usec + (gint64) seconds * G_USEC_PER_SEC);
}

/* Screen readers: a row is named "ISSUER, ACCOUNT" and describes its code;
 * its buttons name the account; the countdown does not rename itself
 * every second, and the row's description changes only with the code. */
static void
test_a11y_rows (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) github = make_account ("GitHub", "octocat");
  g_autoptr(SesameAccount) solo = make_account ("Solo", "");
  SesameWindow *window;
  SesameAccountRow *row;
  GtkWidget *item;
  g_autoptr(GPtrArray) countdowns = g_ptr_array_new ();
  g_autofree char *told = NULL;

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  sesame_account_set_favorite (github, TRUE);
  store_load (store);
  store_add (store, github);
  store_add (store, solo);
  window = show_window (store);
  wait_for_state (window, "list");

  row = find_row (window, "GitHub");
  g_assert_nonnull (row);
  item = gtk_widget_get_parent (GTK_WIDGET (row));
  assert_accessible_label (row, "GitHub, octocat");
  assert_accessible_label (item, "GitHub, octocat");
  assert_accessible_description (item, "Code 287 082");
  assert_accessible_label (find_button (GTK_WIDGET (row), "edit-copy-symbolic"), "Copy code for GitHub, octocat");
  assert_accessible_label (find_button (GTK_WIDGET (row), "view-more-symbolic"), "Details of GitHub, octocat");
  assert_accessible_label (find_row (window, "Solo"), "Solo");

  /* The star is named, not "GtkImage". */
  {
    g_autoptr(GPtrArray) images = g_ptr_array_new ();

    collect (GTK_WIDGET (row), GTK_TYPE_IMAGE, images);
    for (guint i = 0; i < images->len; i++)
      if (g_strcmp0 (gtk_image_get_icon_name (images->pdata[i]), "starred-symbolic") == 0)
        assert_accessible_label (images->pdata[i], "Favorite");
  }

  /* Ticks change neither the countdown's name nor its description. */
  collect (GTK_WIDGET (row), SESAME_TYPE_COUNTDOWN, countdowns);
  g_assert_cmpuint (countdowns->len, ==, 1);
  assert_accessible_label (countdowns->pdata[0], "Time left before the code changes");
  g_assert_null (gtk_widget_get_tooltip_text (countdowns->pdata[0]));
  tick (1);
  g_assert_cmpuint (sesame_account_row_get_remaining (row), ==, 30);
  assert_accessible_label (countdowns->pdata[0], "Time left before the code changes");
  g_assert_null (gtk_widget_get_tooltip_text (countdowns->pdata[0]));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (countdowns->pdata[0]),
                                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));

  /* Focus tells the time left, once. */
  gtk_widget_grab_focus (item);
  settle ();
  told = g_strdup_printf ("Code %s, 30 seconds left", sesame_account_row_get_shown_code (row));
  assert_accessible_description (item, told);
  tick (1);
  assert_accessible_description (item, told);

  /* The search entry is named. */
  {
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    collect (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 1);
    assert_accessible_label (entries->pdata[0], "Search accounts");
  }
  close_window (window);
}

/* Buttons with a mnemonic are labelled without the underscore, so screen
 * readers do not say "_Add Add"; the key's eye is named. */
static void
check_mnemonics (GtkWidget *root)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  guint n = 0;

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkButton *button = buttons->pdata[i];
      const char *label = gtk_button_get_label (button);
      g_autoptr(GString) plain = NULL;

      if (label == NULL || !gtk_button_get_use_underline (button) || !gtk_widget_get_mapped (GTK_WIDGET (button)))
        continue;
      plain = g_string_new (label);
      g_string_replace (plain, "_", "", 1);
      assert_accessible_label (button, plain->str);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

static void
test_a11y_mnemonics (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameWindow *window;
  GtkWindow *dialog;
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  guint named = 0;

  store_load (store);
  window = show_window (store);
  wait_for_state (window, "empty");
  check_mnemonics (GTK_WIDGET (window));
  /* #16.1: the empty screen offers Open Image and Paste too. */
  g_assert_nonnull (find_button_by_label (GTK_WIDGET (window), "_Open Image…"));
  g_assert_nonnull (find_button_by_label (GTK_WIDGET (window), "_Paste Image or Link"));

  dialog = GTK_WINDOW (sesame_add_dialog_new (GTK_WINDOW (window), store));
  gtk_window_present (dialog);
  wait_drawn (GTK_WIDGET (dialog));
  check_mnemonics (GTK_WIDGET (dialog));
  collect (GTK_WIDGET (dialog), GTK_TYPE_IMAGE, images);
  for (guint i = 0; i < images->len; i++)
    {
      const char *icon = gtk_image_get_icon_name (images->pdata[i]);

      if (icon != NULL && g_str_has_prefix (icon, "view-reveal"))
        {
          g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (images->pdata[i]),
                                                           GTK_ACCESSIBLE_PROPERTY_LABEL));
          named++;
        }
    }
  g_assert_cmpuint (named, ==, 1);
  gtk_window_destroy (dialog);

  sesame_window_open_uri (window, "otpauth://totp/Forge:alex?secret=JBSWY3DPEHPK3PXP&issuer=Forge");
  dialog = wait_for_toplevel (SESAME_TYPE_ENROLL_DIALOG);
  check_mnemonics (GTK_WIDGET (dialog));
  gtk_window_destroy (dialog);
  close_window (window);
}

/* #16.7: at 150 % text and 360 px, names that differ only at the end are
 * shown whole: the code goes under the names instead of cutting them. */
static void
test_large_text_reflow (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  const char *issuers[] = { "Air Canada", "Airbnb", "SerenityLabs", NULL };
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi;
  SesameWindow *window;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * 1.5), NULL);
  store_load (store);
  for (guint i = 0; issuers[i] != NULL; i++)
    {
      g_autoptr(SesameAccount) account = make_account (issuers[i], "alex.martin@example.com");

      store_add (store, account);
    }

  window = sesame_window_new_with_store (app, store);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_state (window, "list");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);

  for (guint i = 0; issuers[i] != NULL; i++)
    {
      SesameAccountRow *row = find_row (window, issuers[i]);
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      g_assert_nonnull (row);
      g_assert_true (sesame_account_row_get_stacked (row));
      collect (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        {
          GtkLabel *label = labels->pdata[j];
          PangoLayout *layout;

          if (!gtk_widget_get_mapped (GTK_WIDGET (label)))
            continue;
          /* Whole: not ellipsized, and on one line. */
          layout = gtk_label_get_layout (label);
          g_assert_false (pango_layout_is_ellipsized (layout));
          if (g_str_equal (gtk_label_get_text (label), issuers[i]))
            g_assert_cmpint (pango_layout_get_line_count (layout), ==, 1);
        }
    }

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  close_window (window);
}

/* #16.3: the Back Up dialog speaks of the chosen format: "age -d" only for
 * the age backup, "not encrypted" for the plain ones; the chosen name is
 * shown whole. */
static void
test_backup_dialog_formats (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameBackupDialog *dialog;
  static const struct { SesameExportFormat format; const char *has; const char *name; } cases[] = {
    { SESAME_EXPORT_AGE, "age -d", "Sesame Backup (encrypted)" },
    { SESAME_EXPORT_AEGIS, "Aegis vault, encrypted", "Aegis Vault (encrypted)" },
    { SESAME_EXPORT_AEGIS_PLAIN, "not encrypted", "Aegis Vault (not encrypted)" },
    { SESAME_EXPORT_URIS, "not encrypted", "otpauth:// Links (not encrypted)" },
  };

  store_load (store);
  dialog = sesame_backup_dialog_new (NULL, store);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 480);
  gtk_window_present (GTK_WINDOW (dialog));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();
      gboolean whole = FALSE;

      sesame_backup_dialog_set_format (dialog, cases[i].format);
      wait_drawn (GTK_WIDGET (dialog));
      g_assert_nonnull (strstr (sesame_backup_dialog_get_intro (dialog), cases[i].has));
      if (cases[i].format != SESAME_EXPORT_AGE)
        g_assert_null (strstr (sesame_backup_dialog_get_intro (dialog), "age -d"));

      /* The chosen format's name is on screen, not cut off. */
      collect (GTK_WIDGET (dialog), GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (gtk_widget_get_mapped (labels->pdata[j]) &&
            g_strcmp0 (gtk_label_get_text (labels->pdata[j]), cases[i].name) == 0)
          {
            g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (labels->pdata[j])));
            whole = TRUE;
          }
      g_assert_true (whole);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
has_passphrase (gpointer data)
{
  return sesame_backup_preferences_get_has_passphrase (data);
}

static gboolean
save_row_says_mismatch (gpointer data)
{
  return find_shown_label (data, "The passphrases do not match") != NULL;
}

static gboolean
can_enable (gpointer data)
{
  return sesame_backup_preferences_get_can_enable (data);
}

/* #16.4: the automatic-backup passphrase is typed twice, saved with Enter
 * in the confirmation, then shown as "set"; the switch cannot be turned on
 * without a folder and a passphrase. */
static void
test_auto_backup_passphrase (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autofree char *schema = g_strdup_printf ("%s.Passphrase", sesame_account_store_get_schema_name (store));
  g_autoptr(SesameAutoBackup) auto_backup = NULL;
  g_autofree char *folder = g_dir_make_tmp ("sesame-ux-XXXXXX", NULL);
  GSettings *gsettings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  SesameBackupPreferences *page;
  GtkWidget *window;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *confirm = NULL;

  store_load (store);
  auto_backup = sesame_auto_backup_new (store, schema);
  g_settings_set_string (gsettings, "auto-backup-folder", "");
  g_settings_set_boolean (gsettings, "auto-backup-enabled", FALSE);

  page = sesame_backup_preferences_new (auto_backup);
  window = adw_preferences_window_new ();
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  wait_drawn (window);
  g_assert_false (sesame_backup_preferences_get_has_passphrase (page));
  g_assert_false (sesame_backup_preferences_get_can_enable (page));

  /* A typo in the confirmation: nothing is saved. Typed on the keyboard:
   * the passphrase, Enter (on to the confirmation), the confirmation,
   * Enter. */
  collect (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  confirm = rows->pdata[1];
  gtk_widget_grab_focus (rows->pdata[0]);
  point_at_windows ();
  run_xdotool ("type", "correct horse battery", NULL);
  run_xdotool ("key", "Return", NULL);
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (window)), confirm));
  run_xdotool ("type", "correct horse batery", NULL);
  run_xdotool ("key", "Return", NULL);
  wait_until (save_row_says_mismatch, page, "the mismatch said");
  g_assert_false (sesame_backup_preferences_get_has_passphrase (page));

  /* Typed twice alike, Enter in the confirmation saves it. */
  gtk_editable_set_text (GTK_EDITABLE (confirm), "");
  run_xdotool ("type", "correct horse battery", NULL);
  run_xdotool ("key", "Return", NULL);
  wait_until (has_passphrase, page, "the passphrase saved");
  g_assert_false (gtk_widget_get_visible (confirm));
  /* A folder too: now it can be turned on. */
  g_assert_false (sesame_backup_preferences_get_can_enable (page));
  g_settings_set_string (gsettings, "auto-backup-folder", folder);
  wait_until (can_enable, page, "the switch allowed");

  /* A new page finds the stored passphrase: "set", with Change. */
  gtk_window_destroy (GTK_WINDOW (window));
  page = sesame_backup_preferences_new (auto_backup);
  window = adw_preferences_window_new ();
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  gtk_window_present (GTK_WINDOW (window));
  wait_until (has_passphrase, page, "the stored passphrase found");
  g_assert_true (sesame_backup_preferences_get_can_enable (page));
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_set_string (gsettings, "auto-backup-folder", "");
  g_rmdir (folder);
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* #16.6: the details open without the issuer selected (a key typed by
 * mistake does not replace it), and an edit is saved when the window is
 * closed with Escape, without Enter or ✓. */
static void
test_details_save_on_close (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) reloaded = NULL;
  g_autoptr(SesameAccount) account = make_account ("GitHub", "octocat");
  g_autofree char *uuid = NULL;
  GtkWindow *details;
  GtkWidget *focus;

  store_load (store);
  store_add (store, account);
  uuid = g_strdup (sesame_account_get_uuid (account));

  details = GTK_WINDOW (sesame_account_details_new (NULL, store, account));
  g_object_add_weak_pointer (G_OBJECT (details), (gpointer *) &details);
  gtk_window_present (details);
  wait_drawn (GTK_WIDGET (details));
  focus = gtk_root_get_focus (GTK_ROOT (details));
  g_assert_true (GTK_IS_TEXT (focus));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "GitHub");
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (focus), NULL, NULL));

  point_at_windows ();
  run_xdotool ("type", " Enterprise", NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (focus)), ==, "GitHub Enterprise");
  run_xdotool ("key", "Escape", NULL);
  wait_until (window_gone, &details, "the details to save and close");

  reloaded = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  store_load (reloaded);
  g_assert_cmpstr (sesame_account_get_issuer (sesame_account_store_lookup (reloaded, uuid)), ==, "GitHub Enterprise");
}

static GtkWidget *
find_button_by_label (GtkWidget  *root,
                      const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0)
      return buttons->pdata[i];
  return NULL;
}

static gboolean
account_gone (gpointer data)
{
  gpointer *args = data;

  return sesame_account_store_lookup (args[0], args[1]) == NULL;
}

static gboolean
no_message_dialog (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL;
}

static gboolean
undo_toast_shown (gpointer data)
{
  AdwToast *toast = sesame_window_get_last_toast (data);

  return toast != NULL && g_strcmp0 (adw_toast_get_button_label (toast), "_Undo") == 0;
}

/* #16.5: deleting asks first (Enter keeps the account: Cancel is the
 * default), and the Undo toast stays until dismissed. */
static void
test_delete_confirm (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("Doomed", "alex");
  g_autofree char *uuid = NULL;
  SesameWindow *window;
  GtkWindow *details;
  GtkWindow *confirm;
  AdwToast *toast;
  gpointer args[2];

  store_load (store);
  store_add (store, account);
  uuid = g_strdup (sesame_account_get_uuid (account));
  window = show_window (store);
  wait_for_state (window, "list");

  details = GTK_WINDOW (sesame_account_details_new (GTK_WINDOW (window), store, account));
  gtk_window_present (details);
  wait_drawn (GTK_WIDGET (details));
  gtk_widget_activate (find_button_by_label (GTK_WIDGET (details), "_Delete Account"));
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), "Doomed, alex"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)), "backup"));

  point_at_windows ();
  run_xdotool ("key", "Return", NULL);
  wait_until (no_message_dialog, NULL, "the confirmation closed");
  g_assert_nonnull (sesame_account_store_lookup (store, uuid));

  gtk_widget_activate (find_button_by_label (GTK_WIDGET (details), "_Delete Account"));
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
  args[0] = store;
  args[1] = uuid;
  wait_until (account_gone, args, "the deletion");
  wait_until (undo_toast_shown, window, "the Undo toast");
  toast = sesame_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);
  close_window (window);
}

/* #16.9: "3 keyring items could not be read" no longer vanishes cut off:
 * the toast stays, and Details shows which items and why. */
static void
test_load_problems_details (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  const SecretSchema schema = {
    sesame_account_store_get_schema_name (store), SECRET_SCHEMA_NONE,
    { { "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
  };
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GError) error = NULL;
  SesameWindow *window;
  AdwToast *toast;
  GtkWindow *dialog;
  const char *body;

  secret_password_store_sync (&schema, SECRET_COLLECTION_DEFAULT, "Sesame one-time password",
                              "{\"version\":1,", NULL, &error, "uuid", uuid, NULL);
  g_assert_no_error (error);

  window = show_window (store);
  wait_for_state (window, "empty");
  toast = sesame_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, 0);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Details");
  g_signal_emit_by_name (toast, "button-clicked");
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("details: %s", body);
  g_assert_nonnull (strstr (body, uuid));
  gtk_window_destroy (dialog);

  secret_password_clear_sync (&schema, NULL, &error, "uuid", uuid, NULL);
  g_assert_no_error (error);
  close_window (window);
}

static gboolean
has_n_items (gpointer data)
{
  gpointer *args = data;

  return g_list_model_get_n_items (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static gboolean
issuer_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (sesame_account_get_issuer (args[0]), args[1]) == 0;
}

static gboolean
fromcli_row_shown (gpointer data)
{
  return find_row (data, "FromCli") != NULL;
}

/* #16.8: an account added by sesame-cli while the window is open appears,
 * one edited or removed by another program changes or goes, without a
 * reload: the store follows the keyring's ItemCreated/Changed/Deleted. */
static void
test_follow_keyring (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) other = NULL;
  g_autoptr(SesameAccount) kept = make_account ("Kept", "alex");
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) cli = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  SesameAccount *shown_kept;
  SesameWindow *window;
  SesameAccount *copy;
  gpointer args[2];

  store_load (store);
  store_add (store, kept);
  window = show_window (store);
  wait_for_state (window, "list");
  shown_kept = sesame_account_store_lookup (store, sesame_account_get_uuid (kept));

  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", sesame_account_store_get_schema_name (store), TRUE);
  cli = g_subprocess_launcher_spawn (launcher, &error, path, "add",
                                     "otpauth://totp/FromCli:alex?secret=KRSXG5CTMVRXEZLU&issuer=FromCli", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (cli, NULL, on_result, &result);
  g_assert_true (g_subprocess_wait_check_finish (cli, await_result (&result), &error));
  g_assert_no_error (error);

  args[0] = store;
  args[1] = GUINT_TO_POINTER (2);
  wait_until (has_n_items, args, "the account added by sesame-cli");
  wait_until (fromcli_row_shown, window, "the FromCli row");
  /* The account that stayed is the same object: its row was not rebuilt. */
  g_assert_true (sesame_account_store_lookup (store, sesame_account_get_uuid (kept)) == shown_kept);

  /* Another program edits, then removes it. */
  other = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  store_load (other);
  copy = sesame_account_store_lookup (other, sesame_account_get_uuid (kept));
  {
    g_autoptr(SesameAccount) edited = sesame_account_copy (copy);
    g_autoptr(GAsyncResult) updated = NULL;

    sesame_account_set_issuer (edited, "Renamed");
    sesame_account_store_update_async (other, edited, NULL, on_result, &updated);
    g_assert_true (sesame_account_store_update_finish (other, await_result (&updated), &error));
    g_assert_no_error (error);
  }
  args[0] = shown_kept;
  args[1] = (gpointer) "Renamed";
  wait_until (issuer_is, args, "the edit made elsewhere");

  {
    g_autoptr(GAsyncResult) removed = NULL;

    sesame_account_store_remove_async (other, sesame_account_store_lookup (other, sesame_account_get_uuid (kept)),
                                       NULL, on_result, &removed);
    g_assert_true (sesame_account_store_remove_finish (other, await_result (&removed), &error));
    g_assert_no_error (error);
  }
  args[0] = store;
  args[1] = GUINT_TO_POINTER (1);
  wait_until (has_n_items, args, "the removal made elsewhere");
  close_window (window);
}

/* #16.8: the window said "Keyring Locked"; the keyring was then unlocked
 * (by the Add flow's prompt) and an account saved: the list shows,
 * without Retry. */
static void
test_locked_then_added (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) seeded = NULL;
  g_autoptr(SesameAccount) first = make_account ("First", "alex");
  g_autoptr(SesameAccount) added = make_account ("Added", "alex");
  SesameWindow *window;

  seeded = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  store_load (seeded);
  store_add (seeded, first);

  sesame_test_keyring_lock ();
  window = show_window (store);
  wait_for_state (window, "error");

  sesame_test_keyring_unlock ();
  store_add (store, added);
  wait_for_state (window, "list");
  g_assert_cmpuint (g_list_model_get_n_items (sesame_window_get_shown_model (window)), ==, 2);
  close_window (window);
}

/* #16.11: a 2-character key is refused with the reason; the manual dialog
 * shows the code the form makes, to check against the website. */
static void
test_add_dialog_checks (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameAddDialog *dialog;

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  store_load (store);
  dialog = sesame_add_dialog_new (NULL, store);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "issuer"), "Short");
  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "secret"), "AB");
  g_assert_false (sesame_add_dialog_get_can_add (dialog));
  g_assert_nonnull (strstr (sesame_add_dialog_get_message (dialog), "too short"));
  g_assert_cmpstr (sesame_add_dialog_get_code (dialog), ==, "—");

  /* The RFC 6238 key at t = 59 s: 287 082. */
  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "secret"), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  g_assert_true (sesame_add_dialog_get_can_add (dialog));
  g_assert_cmpstr (sesame_add_dialog_get_code (dialog), ==, "287 082");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* #16.11: with "show the next code" on, rows keep their height when the
 * next code appears in the last seconds (they grew every 30 s). */
static void
test_next_code_height (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("Steady", "alex");
  SesameSettings *settings = sesame_settings_get_default ();
  SesameWindow *window;
  SesameAccountRow *row;
  int before, after;

  now_usec = (gint64) 40 * G_USEC_PER_SEC;   /* 20 s left */
  sesame_settings_set_show_next_code (settings, TRUE);
  store_load (store);
  store_add (store, account);
  window = show_window (store);
  wait_for_state (window, "list");
  row = find_row (window, "Steady");
  g_assert_null (sesame_account_row_get_next_code (row));
  before = gtk_widget_get_height (GTK_WIDGET (row));

  clock_to ((gint64) 55 * G_USEC_PER_SEC);   /* 5 s left: the next code shows */
  g_assert_nonnull (sesame_account_row_get_next_code (row));
  wait_drawn (GTK_WIDGET (row));
  after = gtk_widget_get_height (GTK_WIDGET (row));
  g_assert_cmpint (after, ==, before);

  sesame_settings_set_show_next_code (settings, FALSE);
  close_window (window);
}

static gboolean
qr_in_view (gpointer data)
{
  return sesame_account_details_get_qr_in_view (SESAME_ACCOUNT_DETAILS (data));
}

/* #16.11: the QR code in the details opened below the fold: Show brings
 * it into view. */
static void
test_details_qr_in_view (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("Phone", "alex");
  GtkWindow *details;

  store_load (store);
  store_add (store, account);
  details = GTK_WINDOW (sesame_account_details_new (NULL, store, account));
  gtk_window_set_default_size (details, 460, 640);
  gtk_window_present (details);
  wait_drawn (GTK_WIDGET (details));
  g_assert_false (sesame_account_details_get_qr_in_view (SESAME_ACCOUNT_DETAILS (details)));
  gtk_widget_activate (find_button_by_label (GTK_WIDGET (details), "_Show"));
  /* The scroll is animated: on a loaded machine it takes longer than its
   * nominal duration. */
  wait_until (qr_in_view, details, "the QR code scrolled into view");
  gtk_window_destroy (details);
}

static gboolean
message_dialog_shown (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* #16.10: Scan Screenshot says at once that it is waiting for the desktop,
 * and ends with a message: the portal's answer, or "No Screenshot" when
 * it has not answered in time ($SESAME_SCREENSHOT_TIMEOUT here). */
static void
test_screenshot_feedback (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameWindow *window;
  AdwToast *toast;
  GtkWindow *dialog;

  g_setenv ("SESAME_SCREENSHOT_TIMEOUT", "3", TRUE);
  store_load (store);
  window = show_window (store);
  wait_for_state (window, "empty");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-screenshot", NULL);
  toast = sesame_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (adw_toast_get_title (toast), "screenshot"));

  wait_until (message_dialog_shown, NULL, "the screenshot's outcome");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_test_message ("outcome: %s — %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)),
                  adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)));
  gtk_window_destroy (dialog);
  g_unsetenv ("SESAME_SCREENSHOT_TIMEOUT");
  close_window (window);
}

/* The GtkLabel under @root that shows @text (mnemonic stripped), mapped. */
static GtkLabel *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) && g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return labels->pdata[i];
  return NULL;
}

/* The item of @model (sections and submenus too) whose action is @action:
 * its label and accel, or FALSE. */
static gboolean
find_menu_item (GMenuModel  *model,
                const char  *action,
                char       **label,
                char       **accel)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_action = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) &&
          g_str_equal (item_action, action))
        {
          g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", label);
          g_menu_model_get_item_attribute (model, i, "accel", "s", accel);
          return TRUE;
        }
      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_next (links))
        {
          g_autoptr(GMenuModel) link = g_menu_link_iter_get_value (links);

          if (find_menu_item (link, action, label, accel))
            return TRUE;
        }
    }
  return FALSE;
}

static void
set_x_clipboard (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  /* xclip forks and serves the selection until another client owns it:
   * not on our stdout/stderr, which meson waits to see closed. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                           G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "xclip", "-selection", "clipboard", "-i", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, text, NULL, on_result, &result);
  g_assert_true (g_subprocess_communicate_utf8_finish (proc, await_result (&result), NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_subprocess_wait_async (proc, NULL, on_result, &result);
  g_assert_true (g_subprocess_wait_finish (proc, await_result (&result), &error));
  g_assert_true (g_subprocess_get_successful (proc));
}

static gboolean
clipboard_has_text (gpointer data)
{
  GdkContentFormats *formats = gdk_clipboard_get_formats (gdk_display_get_clipboard (gdk_display_get_default ()));

  return gdk_content_formats_contain_gtype (formats, G_TYPE_STRING);
}

/* #16.11: Ctrl+V ("add from a copied QR code or link") is in the + menu,
 * with its accelerator, and in the shortcuts window; pressed in the list,
 * a link copied by another program opens the enrolment. */
static void
test_paste_shortcut (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("GitHub", "octocat");
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  GtkShortcutsWindow *overlay;
  SesameWindow *window;
  GtkWindow *dialog;
  SesameAccountRow *row;
  gboolean in_menu = FALSE;
  gboolean in_overlay = FALSE;

  store_load (store);
  store_add (store, account);
  window = show_window (store);
  wait_for_state (window, "list");

  /* The + menu: "Paste Image or Link", Ctrl+V shown next to it. */
  collect (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GMenuModel *model = gtk_menu_button_get_menu_model (buttons->pdata[i]);
      g_autofree char *label = NULL;
      g_autofree char *accel = NULL;

      if (model == NULL || g_strcmp0 (gtk_menu_button_get_icon_name (buttons->pdata[i]), "list-add-symbolic") != 0)
        continue;
      g_assert_true (find_menu_item (model, "win.paste", &label, &accel));
      g_assert_cmpstr (label, ==, "_Paste Image or Link");
      g_assert_cmpstr (accel, ==, "<Primary>v");
      in_menu = TRUE;
    }
  g_assert_true (in_menu);

  /* The shortcuts window (Ctrl+?) lists Ctrl+V. */
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  collect (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      g_object_get (shortcuts->pdata[i], "accelerator", &accelerator, "title", &title, NULL);
      if (g_strcmp0 (accelerator, "<Primary>v") == 0)
        {
          g_assert_nonnull (strstr (title, "otpauth://"));
          in_overlay = TRUE;
        }
    }
  g_assert_true (in_overlay);

  /* Another program copies a link; Ctrl+V with the focus on a row. */
  set_x_clipboard ("otpauth://totp/Pasted:alex?secret=KRSXG5CTMVRXEZLU&issuer=Pasted");
  wait_until (clipboard_has_text, NULL, "the link on the clipboard");
  row = find_row (window, "GitHub");
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row)));
  point_at_windows ();
  run_xdotool ("key", "ctrl+v", NULL);
  dialog = wait_for_toplevel (SESAME_TYPE_ENROLL_DIALOG);
  /* The link's account, not text pasted somewhere. */
  g_assert_true (GTK_IS_EDITABLE (gtk_root_get_focus (GTK_ROOT (dialog))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (dialog)))), ==, "Pasted");
  gtk_window_destroy (dialog);
  /* Owning the clipboard again ends xclip. */
  gdk_clipboard_set_text (gdk_display_get_clipboard (gdk_display_get_default ()), "");
  close_window (window);
}

static gboolean
expander_title_is (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (adw_preferences_row_get_title (args[0]), args[1]) == 0;
}

/* The expander row of @details whose title is @title. */
static AdwExpanderRow *
find_expander (GtkWidget  *details,
               const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (details, ADW_TYPE_EXPANDER_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  return NULL;
}

/* #16.11: with no recovery codes saved the row says "Add Recovery Codes"
 * (not "Replace") and "one per line"; once codes typed there are saved it
 * says "Replace Recovery Codes", and so it does when opened again. */
static void
test_recovery_codes_label (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) reloaded = NULL;
  g_autoptr(SesameAccount) account = make_account ("Vault", "alex");
  g_autofree char *uuid = NULL;
  AdwExpanderRow *paste;
  g_autoptr(GPtrArray) views = g_ptr_array_new ();
  GtkWindow *details;
  gpointer args[2];

  store_load (store);
  store_add (store, account);
  uuid = g_strdup (sesame_account_get_uuid (account));

  details = GTK_WINDOW (sesame_account_details_new (NULL, store, account));
  gtk_window_set_default_size (details, 460, 900);
  gtk_window_present (details);
  wait_drawn (GTK_WIDGET (details));
  paste = find_expander (GTK_WIDGET (details), "_Add Recovery Codes");
  g_assert_nonnull (paste);
  g_assert_null (find_expander (GTK_WIDGET (details), "_Replace Recovery Codes"));
  g_assert_cmpstr (adw_expander_row_get_subtitle (paste), ==, "Paste them one per line");
  g_assert_nonnull (find_shown_label (GTK_WIDGET (details), "Add Recovery Codes"));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (details), "Paste them one per line"));

  /* Type two codes, one per line, and save them. */
  adw_expander_row_set_expanded (paste, TRUE);
  collect (GTK_WIDGET (paste), GTK_TYPE_TEXT_VIEW, views);
  g_assert_cmpuint (views->len, ==, 1);
  wait_drawn (views->pdata[0]);
  gtk_widget_grab_focus (views->pdata[0]);
  point_at_windows ();
  run_xdotool ("type", "abcd-1234", NULL);
  run_xdotool ("key", "Return", NULL);
  run_xdotool ("type", "efgh-5678", NULL);
  gtk_widget_activate (find_button_by_label (GTK_WIDGET (paste), "Save _Codes"));
  args[0] = paste;
  args[1] = (gpointer) "_Replace Recovery Codes";
  wait_until (expander_title_is, args, "the codes saved");
  g_assert_cmpuint (sesame_account_get_n_recovery_codes (account), ==, 2);
  wait_drawn (GTK_WIDGET (details));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (details), "Replace Recovery Codes"));
  g_assert_null (find_shown_label (GTK_WIDGET (details), "Add Recovery Codes"));
  gtk_window_destroy (details);

  /* Opened again, from what the keyring holds. */
  reloaded = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  store_load (reloaded);
  g_assert_cmpuint (sesame_account_get_n_recovery_codes (sesame_account_store_lookup (reloaded, uuid)), ==, 2);
  details = GTK_WINDOW (sesame_account_details_new (NULL, reloaded, sesame_account_store_lookup (reloaded, uuid)));
  gtk_window_present (details);
  wait_drawn (GTK_WIDGET (details));
  g_assert_nonnull (find_expander (GTK_WIDGET (details), "_Replace Recovery Codes"));
  g_assert_null (find_expander (GTK_WIDGET (details), "_Add Recovery Codes"));
  gtk_window_destroy (details);
}

static void
on_backup_finished (SesameBackupDialog *dialog,
                    GFile              *file,
                    guint               n,
                    gpointer            data)
{
  *(guint *) data = n;
}

static gboolean
written (gpointer data)
{
  return *(guint *) data != G_MAXUINT;
}

/* #16.11: Back Up… on the keyboard alone: the passphrase, Enter (to the
 * confirmation), the passphrase again, Enter: the file chooser opens (a
 * typo in the confirmation does not); Enter there saves the backup. */
static void
test_backup_enter_saves (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("Forge", "ann");
  g_autofree char *folder = g_dir_make_tmp ("sesame-ux-XXXXXX", NULL);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  SesameBackupDialog *dialog;
  GtkWindow *chooser;
  GtkWidget *passphrase, *confirm;
  guint n_written = G_MAXUINT;

  store_load (store);
  store_add (store, account);
  dialog = sesame_backup_dialog_new (NULL, store);
  sesame_backup_dialog_set_work_factor (dialog, 10);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_backup_finished), &n_written);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_drawn (GTK_WIDGET (dialog));

  collect (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  passphrase = rows->pdata[0];
  confirm = rows->pdata[1];
  /* Opened with the focus where the typing goes. */
  g_test_message ("focus: %s", G_OBJECT_TYPE_NAME (gtk_root_get_focus (GTK_ROOT (dialog))));
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (dialog)), passphrase));
  point_at_windows ();

  /* A typo in the confirmation: Enter does nothing. */
  run_xdotool ("type", "correct horse battery", NULL);
  run_xdotool ("key", "Return", NULL);
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (dialog)), confirm));
  run_xdotool ("type", "correct horse batery", NULL);
  run_xdotool ("key", "Return", NULL);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));

  /* Corrected, Enter in the confirmation goes on to the file. */
  gtk_editable_set_text (GTK_EDITABLE (confirm), "");
  run_xdotool ("type", "correct horse battery", NULL);
  run_xdotool ("key", "Return", NULL);
  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (g_str_has_prefix (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), "sesame-backup-"));
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder_file, NULL));
  wait_drawn (GTK_WIDGET (chooser));
  run_xdotool ("key", "Return", NULL);
  wait_until (written, &n_written, "the backup written");
  g_assert_cmpuint (n_written, ==, 1);

  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    const char *name = g_dir_read_name (dir);

    g_assert_nonnull (name);
    g_assert_true (g_str_has_prefix (name, "sesame-backup-"));
    path = g_build_filename (folder, name, NULL);
  }
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "age-encryption.org/v1\n"));
  g_unlink (path);
  g_rmdir (folder);
}

/* The countdown drawn as the screen would show it: its pixels, straight
 * (not premultiplied) RGBA in 0…1, @width × @height. */
static float *
render_countdown (GtkWidget *countdown,
                  int       *width,
                  int       *height)
{
  GtkNative *native = gtk_widget_get_native (countdown);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (countdown);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *bytes = NULL;
  float *pixels;
  int w = gtk_widget_get_width (countdown);
  int h = gtk_widget_get_height (countdown);

  g_assert_cmpint (w, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  w = gdk_texture_get_width (texture);
  h = gdk_texture_get_height (texture);
  bytes = g_malloc (w * h * 4);
  /* Cairo's ARGB32: B G R A in memory, premultiplied. */
  gdk_texture_download (texture, bytes, w * 4);
  pixels = g_new (float, w * h * 4);
  for (int i = 0; i < w * h; i++)
    {
      float a = bytes[i * 4 + 3] / 255.0f;

      pixels[i * 4 + 0] = a > 0 ? bytes[i * 4 + 2] / 255.0f / a : 0;
      pixels[i * 4 + 1] = a > 0 ? bytes[i * 4 + 1] / 255.0f / a : 0;
      pixels[i * 4 + 2] = a > 0 ? bytes[i * 4 + 0] / 255.0f / a : 0;
      pixels[i * 4 + 3] = a;
    }
  *width = w;
  *height = h;
  return pixels;
}

typedef struct
{
  GdkRGBA mean;       /* colour of the well-covered pixels */
  float coverage;     /* mean alpha over the disc */
  float rim;          /* alpha at the disc's edge, bottom, where no time is left */
  guint n_strong;
} Pie;

static Pie
measure_pie (GtkWidget *countdown)
{
  int w, h;
  g_autofree float *px = render_countdown (countdown, &w, &h);
  float cx = w / 2.0f, cy = h / 2.0f, r = MIN (w, h) / 2.0f;
  Pie pie = { { 0, 0, 0, 0 }, 0, 0, 0 };
  guint n_disc = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        float *p = px + (y * w + x) * 4;
        float dx = x + 0.5f - cx, dy = y + 0.5f - cy;

        if (dx * dx + dy * dy > (r - 1) * (r - 1))
          continue;
        n_disc++;
        pie.coverage += p[3];
        if (p[3] > 0.5f)
          {
            pie.mean.red += p[0];
            pie.mean.green += p[1];
            pie.mean.blue += p[2];
            pie.n_strong++;
          }
      }
  g_assert_cmpuint (n_disc, >, 0);
  pie.coverage /= n_disc;
  if (pie.n_strong > 0)
    {
      pie.mean.red /= pie.n_strong;
      pie.mean.green /= pie.n_strong;
      pie.mean.blue /= pie.n_strong;
    }
  /* Bottom centre, one pixel inside the edge: half the period is gone. */
  pie.rim = px[((int) (cy + r) - 2) * w * 4 + (int) cx * 4 + 3];
  return pie;
}

static void
assert_colour_near (const GdkRGBA *seen,
                    const GdkRGBA *expected)
{
  g_test_message ("seen %.2f %.2f %.2f, expected %.2f %.2f %.2f", seen->red, seen->green, seen->blue,
                  expected->red, expected->green, expected->blue);
  g_assert_cmpfloat (fabs (seen->red - expected->red), <, 0.1);
  g_assert_cmpfloat (fabs (seen->green - expected->green), <, 0.1);
  g_assert_cmpfloat (fabs (seen->blue - expected->blue), <, 0.1);
}

/* #16.11: the last-5-seconds pie is no faint beige disc: rendered, it is in
 * the theme's warning colour with a solid ring from 5 s left on, and in the
 * accent colour, faint where the time is gone, before. */
static void
test_countdown_warning (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("Pie", "alex");
  g_autoptr(GPtrArray) countdowns = g_ptr_array_new ();
  SesameWindow *window;
  SesameAccountRow *row;
  GtkWidget *countdown;
  GdkRGBA warning, accent;
  static const guint calm[] = { 15, 6 };
  static const guint hurry[] = { 5, 1 };
  Pie pie;

  now_usec = (gint64) 45 * G_USEC_PER_SEC;   /* 15 s left */
  store_load (store);
  store_add (store, account);
  window = show_window (store);
  wait_for_state (window, "list");
  row = find_row (window, "Pie");
  collect (GTK_WIDGET (row), SESAME_TYPE_COUNTDOWN, countdowns);
  g_assert_cmpuint (countdowns->len, ==, 1);
  countdown = countdowns->pdata[0];

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (countdown), "warning_color", &warning));
  g_assert_true (gtk_style_context_lookup_color (gtk_widget_get_style_context (countdown), "accent_color", &accent));
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* 15 s left, then 6: the accent colour, the spent part faint. */
  for (guint i = 0; i < G_N_ELEMENTS (calm); i++)
    {
      guint left = calm[i];

      clock_to ((gint64) (60 - left) * G_USEC_PER_SEC);
      wait_drawn (countdown);
      g_assert_cmpuint (sesame_countdown_get_remaining (SESAME_COUNTDOWN (countdown)), ==, left);
      pie = measure_pie (countdown);
      g_test_message ("%u s left: coverage %.2f, rim %.2f", left, pie.coverage, pie.rim);
      g_assert_cmpuint (pie.n_strong, >, 0);
      assert_colour_near (&pie.mean, &accent);
      g_assert_cmpfloat (pie.rim, <, 0.5);
    }

  /* 5 s left, then 1: the warning colour, and it still reads as a disc:
   * ringed, the spent part not faint. */
  for (guint i = 0; i < G_N_ELEMENTS (hurry); i++)
    {
      guint left = hurry[i];

      clock_to ((gint64) (60 - left) * G_USEC_PER_SEC);
      wait_drawn (countdown);
      g_assert_cmpuint (sesame_countdown_get_remaining (SESAME_COUNTDOWN (countdown)), ==, left);
      pie = measure_pie (countdown);
      g_test_message ("%u s left: coverage %.2f, rim %.2f", left, pie.coverage, pie.rim);
      g_assert_cmpuint (pie.n_strong, >, 0);
      assert_colour_near (&pie.mean, &warning);
      g_assert_cmpfloat (pie.rim, >, 0.8);
      g_assert_cmpfloat (pie.coverage, >, 0.45);
    }
  close_window (window);
}

static gboolean
focus_on_copy_button (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (data));

  return GTK_IS_BUTTON (focus) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (focus)), "edit-copy-symbolic") == 0;
}

/* The CLIPBOARD as another program reads it (xclip -o), while our main
 * loop serves it. */
static char *
read_x_clipboard (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  char *out = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "xclip", "-selection", "clipboard", "-o", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_result, &result);
  g_assert_true (g_subprocess_communicate_utf8_finish (proc, await_result (&result), &out, NULL, &error));
  g_assert_no_error (error);
  return out;
}

static const char *
focus_name (GtkWindow *window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  if (GTK_IS_BUTTON (focus) && gtk_button_get_icon_name (GTK_BUTTON (focus)) != NULL)
    return gtk_button_get_icon_name (GTK_BUTTON (focus));
  return focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "(none)";
}

static gboolean
focus_in_row (gpointer data)
{
  gpointer *args = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (args[0]));
  SesameAccountRow *row = find_row (args[0], args[1]);

  return row != NULL && is_inside (focus, gtk_widget_get_parent (GTK_WIDGET (row)));
}

/* Keyboard only, in the list: Tab from a row reaches its Copy button, and
 * Space on it copies that account's code; Tab again, its Details button,
 * Enter opens them; Down moves to the next account, where Enter copies
 * its code and Alt+Return opens its details. */
static void
test_keyboard_row (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) first = make_account ("Alpha", "octocat");
  g_autoptr(SesameAccount) second = make_account ("Beta", "octocat");
  g_autofree char *copied = NULL;
  SesameWindow *window;
  SesameAccountRow *row;
  GtkWindow *details;
  gpointer args[2] = { NULL, (gpointer) "Beta" };

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  store_load (store);
  store_add (store, first);
  store_add (store, second);
  window = show_window (store);
  wait_for_state (window, "list");
  args[0] = window;
  row = find_row (window, "Alpha");
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row)));
  settle ();

  point_at_windows ();
  for (int i = 0; i < 8 && !focus_on_copy_button (window); i++)
    {
      run_xdotool ("key", "Tab", NULL);
      g_test_message ("Tab: %s", focus_name (GTK_WINDOW (window)));
    }
  g_assert_true (focus_on_copy_button (window));
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (row)));
  run_xdotool ("key", "space", NULL);
  copied = read_x_clipboard ();
  g_assert_cmpstr (copied, ==, "287082");

  run_xdotool ("key", "Tab", NULL);
  g_assert_cmpstr (focus_name (GTK_WINDOW (window)), ==, "view-more-symbolic");
  g_assert_true (is_inside (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (row)));
  run_xdotool ("key", "Return", NULL);
  details = wait_for_toplevel (SESAME_TYPE_ACCOUNT_DETAILS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (details)))), ==, "Alpha");
  gtk_window_destroy (details);
  settle ();

  /* Down: the next account. */
  run_xdotool ("key", "Down", NULL);
  g_test_message ("Down: %s", focus_name (GTK_WINDOW (window)));
  g_assert_true (focus_in_row (args));
  gdk_clipboard_set_text (gdk_display_get_clipboard (gdk_display_get_default ()), "");
  g_clear_pointer (&copied, g_free);
  copied = read_x_clipboard ();
  g_assert_cmpstr (copied, ==, "");
  run_xdotool ("key", "Return", NULL);
  g_clear_pointer (&copied, g_free);
  copied = read_x_clipboard ();
  g_assert_cmpstr (copied, ==, "287082");
  run_xdotool ("key", "alt+Return", NULL);
  details = wait_for_toplevel (SESAME_TYPE_ACCOUNT_DETAILS);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_root_get_focus (GTK_ROOT (details)))), ==, "Beta");
  gtk_window_destroy (details);
  gdk_clipboard_set_text (gdk_display_get_clipboard (gdk_display_get_default ()), "");
  close_window (window);
}

static gboolean
no_toplevel_of_type (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

/* Escape (a real key press) closes the open @type window. */
static void
escape_closes (GType type)
{
  GtkWindow *dialog = wait_for_toplevel (type);

  g_test_message ("Escape closes %s", g_type_name (type));
  g_assert_nonnull (dialog);
  point_at_windows ();
  run_xdotool ("key", "Escape", NULL);
  wait_until (no_toplevel_of_type, GSIZE_TO_POINTER (type), g_type_name (type));
}

/* Keyboard only: every dialog closes with Escape — those with a shortcut
 * opened by it (Ctrl+N, Ctrl+?, Alt+Return), the others by their action. */
static void
test_keyboard_escape (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("GitHub", "octocat");
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  SesameWindow *window;
  SesameAccountRow *row;
  int fd;

  store_load (store);
  store_add (store, account);
  window = show_window (store);
  wait_for_state (window, "list");
  point_at_windows ();

  run_xdotool ("key", "ctrl+n", NULL);
  escape_closes (SESAME_TYPE_ADD_DIALOG);

  run_xdotool ("key", "ctrl+question", NULL);
  escape_closes (GTK_TYPE_SHORTCUTS_WINDOW);

  row = find_row (window, "GitHub");
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row)));
  run_xdotool ("key", "alt+Return", NULL);
  escape_closes (SESAME_TYPE_ACCOUNT_DETAILS);

  sesame_window_open_uri (window, "otpauth://totp/Forge:alex?secret=JBSWY3DPEHPK3PXP&issuer=Forge");
  escape_closes (SESAME_TYPE_ENROLL_DIALOG);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.backup", NULL);
  escape_closes (SESAME_TYPE_BACKUP_DIALOG);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.transfer", NULL);
  escape_closes (SESAME_TYPE_TRANSFER_DIALOG);

  g_unsetenv ("SESAME_CAMERA_PIPELINE");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-camera", NULL);
  escape_closes (SESAME_TYPE_CAMERA_DIALOG);

  fd = g_file_open_tmp ("sesame-ux-XXXXXX.txt", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path, "otpauth://totp/Imported:alex?secret=KRSXG5CTMVRXEZLU&issuer=Imported\n",
                                      -1, NULL));
  file = g_file_new_for_path (path);
  gtk_window_present (GTK_WINDOW (sesame_import_dialog_new (GTK_WINDOW (window), store, file)));
  escape_closes (SESAME_TYPE_IMPORT_DIALOG);
  g_unlink (path);

  gtk_window_present (GTK_WINDOW (sesame_preferences_window_new (GTK_WINDOW (window))));
  escape_closes (SESAME_TYPE_PREFERENCES_WINDOW);

  /* The window is still there, and still answers the keyboard. */
  run_xdotool ("key", "ctrl+n", NULL);
  escape_closes (SESAME_TYPE_ADD_DIALOG);
  close_window (window);
}

static gboolean
focus_in_field (gpointer data)
{
  gpointer *args = data;
  GtkWidget *field = GTK_WIDGET (sesame_add_dialog_get_field (args[0], args[1]));

  return is_inside (gtk_root_get_focus (GTK_ROOT (args[0])), field);
}

/* Keyboard only, an account by hand: Ctrl+N, the issuer, Tab to the
 * account name, Tab to the key (past the eye), Enter: added, with what was
 * typed. */
static void
test_keyboard_add (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) added = NULL;
  SesameWindow *window;
  GtkWindow *dialog;
  gpointer args[2];
  gpointer count[2];

  store_load (store);
  window = show_window (store);
  wait_for_state (window, "empty");
  point_at_windows ();

  run_xdotool ("key", "ctrl+n", NULL);
  dialog = wait_for_toplevel (SESAME_TYPE_ADD_DIALOG);
  run_xdotool ("type", "GitHub", NULL);
  args[0] = dialog;
  args[1] = (gpointer) "name";
  for (int i = 0; i < 6 && !focus_in_field (args); i++)
    run_xdotool ("key", "Tab", NULL);
  g_assert_true (focus_in_field (args));
  run_xdotool ("type", "octocat", NULL);
  args[1] = (gpointer) "secret";
  for (int i = 0; i < 6 && !focus_in_field (args); i++)
    run_xdotool ("key", "Tab", NULL);
  g_assert_true (focus_in_field (args));
  run_xdotool ("type", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", NULL);
  run_xdotool ("key", "Return", NULL);

  count[0] = store;
  count[1] = GUINT_TO_POINTER (1);
  wait_until (has_n_items, count, "the account added on the keyboard");
  added = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (sesame_account_get_issuer (added), ==, "GitHub");
  g_assert_cmpstr (sesame_account_get_name (added), ==, "octocat");
  wait_until (no_toplevel_of_type, GSIZE_TO_POINTER (SESAME_TYPE_ADD_DIALOG), "the add dialog closed");
  close_window (window);
}

static gboolean
import_summary_shown (gpointer data)
{
  return g_strcmp0 (sesame_import_dialog_get_page (data), "summary") == 0;
}

/* Keyboard only, Restore: the summary of a file opens with "Add 2 Accounts"
 * as the default, focused: Enter adds them (it was Cancel, as #16.2 was in
 * the enrolment). */
static void
test_keyboard_restore (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  SesameImportDialog *dialog;
  GtkWidget *focus;
  gpointer count[2];
  int fd;

  store_load (store);
  fd = g_file_open_tmp ("sesame-ux-XXXXXX.txt", &path, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_assert_true (g_file_set_contents (path,
                                      "otpauth://totp/One:alex?secret=JBSWY3DPEHPK3PXP&issuer=One\n"
                                      "otpauth://totp/Two:alex?secret=KRSXG5CTMVRXEZLU&issuer=Two\n",
                                      -1, NULL));
  file = g_file_new_for_path (path);
  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_until (import_summary_shown, dialog, "the restore summary");
  wait_drawn (GTK_WIDGET (dialog));
  g_assert_cmpuint (sesame_import_dialog_get_n_to_add (dialog), ==, 2);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_test_message ("focus: %s %s", focus ? G_OBJECT_TYPE_NAME (focus) : "(none)",
                  GTK_IS_BUTTON (focus) ? gtk_button_get_label (GTK_BUTTON (focus)) : "");
  g_assert_true (GTK_IS_BUTTON (focus));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Add 2 Accounts");

  point_at_windows ();
  run_xdotool ("key", "Return", NULL);
  count[0] = store;
  count[1] = GUINT_TO_POINTER (2);
  wait_until (has_n_items, count, "the accounts restored by Enter");
  wait_until (no_toplevel_of_type, GSIZE_TO_POINTER (SESAME_TYPE_IMPORT_DIALOG), "the restore dialog closed");
  g_unlink (path);
}

static gboolean
shown_one (gpointer data)
{
  return g_list_model_get_n_items (sesame_window_get_shown_model (data)) == 1;
}

static gboolean
shown_two (gpointer data)
{
  return g_list_model_get_n_items (sesame_window_get_shown_model (data)) == 2;
}

/* Keyboard only, search: Ctrl+F, a few letters, Enter copies the code of
 * the account found; Escape ends the search, all accounts back and the
 * focus in the list. */
static void
test_keyboard_search (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) alpha = make_account ("Alpha", "alex");
  g_autoptr(SesameAccount) beta = make_account ("Beta", "alex");
  g_autoptr(SesameSecret) other = sesame_secret_new ((const guint8 *) "another key, twenty!", 20);
  g_autoptr(GString) expected = NULL;
  g_autofree char *copied = NULL;
  SesameWindow *window;
  GtkWidget *focus;

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  sesame_account_set_secret (beta, other);
  store_load (store);
  store_add (store, alpha);
  store_add (store, beta);
  window = show_window (store);
  wait_for_state (window, "list");
  expected = g_string_new (sesame_account_row_get_shown_code (find_row (window, "Beta")));
  g_string_replace (expected, " ", "", 0);
  g_assert_cmpstr (expected->str, !=, "287082");

  point_at_windows ();
  run_xdotool ("key", "ctrl+f", NULL);
  g_assert_true (GTK_IS_TEXT (gtk_root_get_focus (GTK_ROOT (window))));
  run_xdotool ("type", "bet", NULL);
  wait_until (shown_one, window, "the search narrowed to Beta");
  run_xdotool ("key", "Return", NULL);
  copied = read_x_clipboard ();
  g_assert_cmpstr (copied, ==, expected->str);

  run_xdotool ("key", "Escape", NULL);
  wait_until (shown_two, window, "both accounts back");
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_test_message ("focus after Escape: %s", focus ? G_OBJECT_TYPE_NAME (focus) : "(none)");
  g_assert_false (GTK_IS_TEXT (focus));
  gdk_clipboard_set_text (gdk_display_get_clipboard (gdk_display_get_default ()), "");
  close_window (window);
}

static gboolean
focus_on_label (gpointer data)
{
  gpointer *args = data;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (args[0]));

  return GTK_IS_BUTTON (focus) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), args[1]) == 0;
}

/* Keyboard only, delete: in the details, Tab to "Delete Account", Enter;
 * the question opens on Cancel; Tab, Enter: deleted. */
static void
test_keyboard_delete (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = make_account ("Doomed", "alex");
  g_autofree char *uuid = NULL;
  SesameWindow *window;
  SesameAccountRow *row;
  GtkWindow *details;
  GtkWindow *confirm;
  gpointer args[2];

  store_load (store);
  store_add (store, account);
  uuid = g_strdup (sesame_account_get_uuid (account));
  window = show_window (store);
  wait_for_state (window, "list");
  row = find_row (window, "Doomed");
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row)));
  point_at_windows ();
  run_xdotool ("key", "alt+Return", NULL);
  details = wait_for_toplevel (SESAME_TYPE_ACCOUNT_DETAILS);

  args[0] = details;
  args[1] = (gpointer) "_Delete Account";
  for (int i = 0; i < 40 && !focus_on_label (args); i++)
    run_xdotool ("key", "Tab", NULL);
  g_assert_true (focus_on_label (args));
  run_xdotool ("key", "Return", NULL);
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  args[0] = confirm;
  args[1] = (gpointer) "_Cancel";
  g_assert_true (focus_on_label (args));
  args[1] = (gpointer) "_Delete";
  for (int i = 0; i < 4 && !focus_on_label (args); i++)
    run_xdotool ("key", "Tab", NULL);
  g_assert_true (focus_on_label (args));
  run_xdotool ("key", "Return", NULL);
  args[0] = store;
  args[1] = uuid;
  wait_until (account_gone, args, "the deletion on the keyboard");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();

  sesame_test_require_session ();
  /* GTK's test accessibility backend keeps what assistive technologies
   * would be told, for the checks below (the suite sets "none"). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema_prefix = g_strdup_printf ("%s.Test.Ux.%.8s", APP_ID, uuid);
  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  sesame_clock_set_now_func (sesame_clock_get_default (), test_now, NULL, NULL);

  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/ux/camera-none", test_camera_none);
  g_test_add_func ("/ux/enroll-enter-adds", test_enroll_enter_adds);
  g_test_add_func ("/ux/enroll-batch-enter-adds", test_enroll_batch_enter_adds);
  g_test_add_func ("/ux/add-dialog-typing", test_add_dialog_typing);
  g_test_add_func ("/ux/a11y-rows", test_a11y_rows);
  g_test_add_func ("/ux/a11y-mnemonics", test_a11y_mnemonics);
  g_test_add_func ("/ux/large-text-reflow", test_large_text_reflow);
  g_test_add_func ("/ux/backup-dialog-formats", test_backup_dialog_formats);
  g_test_add_func ("/ux/auto-backup-passphrase", test_auto_backup_passphrase);
  g_test_add_func ("/ux/details-save-on-close", test_details_save_on_close);
  g_test_add_func ("/ux/delete-confirm", test_delete_confirm);
  g_test_add_func ("/ux/load-problems-details", test_load_problems_details);
  g_test_add_func ("/ux/follow-keyring", test_follow_keyring);
  g_test_add_func ("/ux/locked-then-added", test_locked_then_added);
  g_test_add_func ("/ux/add-dialog-checks", test_add_dialog_checks);
  g_test_add_func ("/ux/next-code-height", test_next_code_height);
  g_test_add_func ("/ux/details-qr-in-view", test_details_qr_in_view);
  g_test_add_func ("/ux/screenshot-feedback", test_screenshot_feedback);
  g_test_add_func ("/ux/paste-shortcut", test_paste_shortcut);
  g_test_add_func ("/ux/recovery-codes-label", test_recovery_codes_label);
  g_test_add_func ("/ux/backup-enter-saves", test_backup_enter_saves);
  g_test_add_func ("/ux/countdown-warning", test_countdown_warning);
  g_test_add_func ("/ux/keyboard-row", test_keyboard_row);
  g_test_add_func ("/ux/keyboard-escape", test_keyboard_escape);
  g_test_add_func ("/ux/keyboard-add", test_keyboard_add);
  g_test_add_func ("/ux/keyboard-restore", test_keyboard_restore);
  g_test_add_func ("/ux/keyboard-search", test_keyboard_search);
  g_test_add_func ("/ux/keyboard-delete", test_keyboard_delete);

  return g_test_run ();
}
