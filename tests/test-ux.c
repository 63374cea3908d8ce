/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>
#include <glib/gstdio.h>
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
#include "sesame-enroll-dialog.h"
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

static void
wait_for_state (SesameWindow *window,
                const char   *state)
{
  guint guard = g_timeout_add_seconds (20, give_up, (gpointer) state);

  while (g_strcmp0 (sesame_window_get_state (window), state) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  iterate_ms (200);
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
  iterate_ms (50);
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
  iterate_ms (200);
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
  iterate_ms (300);
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

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *ancestor)
{
  return widget != NULL && (widget == ancestor || gtk_widget_is_ancestor (widget, ancestor));
}

/* #16.1: without a camera the page says so at once (no endless spinner)
 * and offers the other ways in. */
static void
test_camera_none (void)
{
  SesameCameraDialog *dialog;
  gint64 start;
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

  /* At once: before, the spinner never ended. (Loose bound: the suite
   * may share two cores with other builds.) */
  start = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (dialog));
  guard = g_timeout_add_seconds (10, give_up, (gpointer) "the No Camera page");
  while (g_strcmp0 (sesame_camera_dialog_get_page (dialog), "problem") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpint (sesame_camera_get_state (sesame_camera_dialog_get_camera (dialog)), ==,
                   SESAME_CAMERA_STATE_NO_CAMERA);

  /* The focus is on "Open Image…", one of the ways that work. */
  iterate_ms (100);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (dialog));

    g_assert_true (GTK_IS_BUTTON (focus));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), ==, "_Open Image…");
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_ms (50);
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
  now_usec += (gint64) seconds * G_USEC_PER_SEC;
  /* The shared clock ticks on the second; let it. */
  iterate_ms (1100);
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
  iterate_ms (100);
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
  iterate_ms (300);
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
      iterate_ms (200);
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
  iterate_ms (500);
  g_assert_false (sesame_backup_preferences_get_has_passphrase (page));
  g_assert_false (sesame_backup_preferences_get_can_enable (page));

  /* A typo in the confirmation: nothing is saved. */
  sesame_backup_preferences_set_passphrase_fields (page, "correct horse battery", "correct horse batery");
  collect (GTK_WIDGET (page), ADW_TYPE_PASSWORD_ENTRY_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  confirm = rows->pdata[1];
  gtk_widget_grab_focus (confirm);
  point_at_windows ();
  run_xdotool ("key", "Return", NULL);
  iterate_ms (500);
  g_assert_false (sesame_backup_preferences_get_has_passphrase (page));

  /* Typed twice alike, Enter in the confirmation saves it. */
  sesame_backup_preferences_set_passphrase_fields (page, "correct horse battery", "correct horse battery");
  gtk_widget_grab_focus (confirm);
  run_xdotool ("key", "Return", NULL);
  wait_until (has_passphrase, page, "the passphrase saved");
  g_assert_false (gtk_widget_get_visible (confirm));
  /* A folder too: now it can be turned on. */
  g_assert_false (sesame_backup_preferences_get_can_enable (page));
  g_settings_set_string (gsettings, "auto-backup-folder", folder);
  iterate_ms (100);
  g_assert_true (sesame_backup_preferences_get_can_enable (page));

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
  iterate_ms (300);
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
  iterate_ms (300);
  gtk_widget_activate (find_button_by_label (GTK_WIDGET (details), "_Delete Account"));
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (confirm)), "Doomed, alex"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (confirm)), "backup"));

  point_at_windows ();
  run_xdotool ("key", "Return", NULL);
  iterate_ms (300);
  g_assert_null (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (sesame_account_store_lookup (store, uuid));

  gtk_widget_activate (find_button_by_label (GTK_WIDGET (details), "_Delete Account"));
  confirm = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "delete");
  args[0] = store;
  args[1] = uuid;
  wait_until (account_gone, args, "the deletion");
  iterate_ms (300);
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
  iterate_ms (300);
  g_assert_nonnull (find_row (window, "FromCli"));
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

  now_usec = (gint64) 55 * G_USEC_PER_SEC;   /* 5 s left: the next code shows */
  iterate_ms (1300);
  g_assert_nonnull (sesame_account_row_get_next_code (row));
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
  iterate_ms (300);
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

  return g_test_run ();
}
