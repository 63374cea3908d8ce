/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sesame-account-details.h"
#include "sesame-account-row.h"
#include "sesame-account-row-private.h"
#include "sesame-add-dialog.h"
#include "sesame-add-dialog-private.h"
#include "sesame-clipboard.h"
#include "sesame-clipboard-private.h"
#include "sesame-clock.h"
#include "sesame-copier.h"
#include "sesame-countdown.h"
#include "sesame-countdown-private.h"
#include "sesame-settings.h"
#include "sesame-settings-private.h"
#include "sesame-test-keyring.h"
#include "sesame-test-utils.h"
#include "sesame-test-window.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

/* The RFC 6238 test key and the codes it gives at t = 59 s (SHA-1). */
static const char rfc_key[] = "12345678901234567890";
#define RFC_TIME     59
#define RFC_CODE_8   "94287082"
#define RFC_CODE_6   "287082"

static SesameApplication *app;
static char *schema_prefix;
static guint schema_serial;
static gint64 now_usec;

static gint64
test_now (gpointer data)
{
  return now_usec;
}

/* A fresh keyring schema per test: tests never see each other's accounts,
 * nor real ones. */
static SesameAccountStore *
new_store (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.%u", schema_prefix, ++schema_serial);

  return sesame_account_store_new (schema);
}

static SesameAccount *
make_account (const char    *issuer,
              const char    *name,
              SesameOtpType  type,
              guint          digits)
{
  SesameAccount *account = sesame_account_new ();
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) rfc_key, strlen (rfc_key));

  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_otp_type (account, type);
  sesame_account_set_digits (account, digits);
  sesame_account_set_secret (account, secret);
  return account;
}

/* A loaded store holding the named accounts (TOTP, 6 digits, RFC key). */
static SesameAccountStore *
seeded_store (const char * const *issuers)
{
  SesameAccountStore *store = new_store ();
  gsize i;

  sesame_test_store_load (store);
  for (i = 0; issuers[i] != NULL; i++)
    {
      g_autoptr(SesameAccount) account = make_account (issuers[i], "alex", SESAME_OTP_TYPE_TOTP, 6);

      sesame_test_store_add (store, account);
    }
  return store;
}

static SesameWindow *
show_window (SesameAccountStore *store)
{
  SesameWindow *window = sesame_window_new_with_store (app, store);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  GtkWidget *child;

  if (SESAME_IS_ACCOUNT_ROW (widget) && sesame_account_row_get_account (SESAME_ACCOUNT_ROW (widget)) != NULL)
    {
      g_ptr_array_add (rows, widget);
      return;
    }

  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child))
      collect_rows (child, rows);
}

static SesameAccountRow *
find_row (SesameWindow *window,
          const char   *issuer)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint i;

  collect_rows (GTK_WIDGET (window), rows);
  for (i = 0; i < rows->len; i++)
    {
      SesameAccount *account = sesame_account_row_get_account (rows->pdata[i]);

      if (g_str_equal (sesame_account_get_issuer (account), issuer))
        return rows->pdata[i];
    }
  return NULL;
}

static GtkWidget *
find_search_entry (SesameWindow *window)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, window);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_SEARCH_ENTRY (w))
        return w;
      for (w = gtk_widget_get_first_child (w); w != NULL; w = gtk_widget_get_next_sibling (w))
        g_ptr_array_add (stack, w);
    }
  g_assert_not_reached ();
}

static void
close_window (SesameWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  sesame_test_iterate_ms (50);
}

static const char *
shown_issuer (SesameWindow *window,
              guint         position)
{
  g_autoptr(SesameAccount) account = g_list_model_get_item (sesame_window_get_shown_model (window), position);

  g_assert_nonnull (account);
  return sesame_account_get_issuer (account);
}

/* No accounts: the empty state, never a blank window. */
static void
test_window_empty (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameWindow *window = show_window (store);

  g_assert_cmpstr (sesame_window_get_state (window), ==, "loading");
  sesame_test_wait_for_state (window, "empty");
  /* The keyboard shortcuts window is the help overlay (Ctrl+?). */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  close_window (window);
}

/* Rows show the right codes at the injected time, grouped for reading. */
static void
test_window_rows (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) six = make_account ("Six", "alex", SESAME_OTP_TYPE_TOTP, 6);
  g_autoptr(SesameAccount) eight = make_account ("Eight", "alex", SESAME_OTP_TYPE_TOTP, 8);
  g_autoptr(SesameAccount) counter = make_account ("Counter", "alex", SESAME_OTP_TYPE_HOTP, 6);
  SesameWindow *window;
  SesameAccountRow *row;

  sesame_test_store_load (store);
  sesame_test_store_add (store, six);
  sesame_test_store_add (store, eight);
  sesame_test_store_add (store, counter);

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  window = show_window (store);
  sesame_test_wait_for_state (window, "list");

  row = find_row (window, "Six");
  g_assert_nonnull (row);
  g_assert_cmpstr (sesame_account_row_get_code (row), ==, RFC_CODE_6);
  g_assert_cmpstr (sesame_account_row_get_shown_code (row), ==, "287 082");
  g_assert_cmpuint (sesame_account_row_get_remaining (row), ==, 1);

  row = find_row (window, "Eight");
  g_assert_nonnull (row);
  g_assert_cmpstr (sesame_account_row_get_code (row), ==, RFC_CODE_8);
  g_assert_cmpstr (sesame_account_row_get_shown_code (row), ==, "9428 7082");

  /* RFC 4226: counter 0 gives 755224. */
  row = find_row (window, "Counter");
  g_assert_nonnull (row);
  g_assert_cmpstr (sesame_account_row_get_code (row), ==, "755224");

  /* Hidden codes: dots of the same grouping, except on a hovered or focused
   * row (at most one here: the pointer is outside the window). */
  sesame_settings_set_hide_codes (sesame_settings_get_default (), TRUE);
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    guint i, hidden = 0;

    collect_rows (GTK_WIDGET (window), rows);
    for (i = 0; i < rows->len; i++)
      {
        const char *shown = sesame_account_row_get_shown_code (rows->pdata[i]);

        if (strchr (shown, '.') != NULL)
          {
            hidden++;
            g_assert_null (strpbrk (shown, "0123456789"));
          }
      }
    g_assert_cmpuint (rows->len, ==, 3);
    g_assert_cmpuint (hidden, >=, 2);
  }
  sesame_settings_set_hide_codes (sesame_settings_get_default (), FALSE);
  g_assert_cmpstr (sesame_account_row_get_shown_code (find_row (window, "Eight")), ==, "9428 7082");

  /* The period rolls over: the next tick brings the next code (RFC 6238,
   * t = 1111111109 → 07081804). */
  now_usec = G_GINT64_CONSTANT (1111111109) * G_USEC_PER_SEC;
  sesame_clock_resync (sesame_clock_get_default ());
  row = find_row (window, "Eight");
  g_assert_cmpstr (sesame_account_row_get_code (row), ==, "07081804");
  g_assert_cmpstr (sesame_account_row_get_shown_code (row), ==, "0708 1804");

  close_window (window);
}

static GtkWidget *
find_countdown (GtkWidget *widget)
{
  GtkWidget *child;

  if (SESAME_IS_COUNTDOWN (widget))
    return widget;
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_countdown (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The next code shows in the last 10 s when the setting is on; the
 * countdown turns to the warning style in the last 5 s. */
static void
test_window_next_code (void)
{
  const char *issuers[] = { "Only", NULL };
  g_autoptr(SesameAccountStore) store = seeded_store (issuers);
  SesameSettings *settings = sesame_settings_get_default ();
  SesameAccountRow *row;
  SesameWindow *window;
  char expected[SESAME_OTP_CODE_SIZE];

  now_usec = (gint64) 45 * G_USEC_PER_SEC;   /* 15 s left */
  window = show_window (store);
  sesame_test_wait_for_state (window, "list");
  row = find_row (window, "Only");

  sesame_settings_set_show_next_code (settings, TRUE);
  g_assert_null (sesame_account_row_get_next_code (row));
  g_assert_cmpuint (sesame_countdown_get_remaining (SESAME_COUNTDOWN (find_countdown (GTK_WIDGET (row)))), ==, 15);
  g_assert_false (gtk_widget_has_css_class (find_countdown (GTK_WIDGET (row)), "warning"));

  now_usec = (gint64) 55 * G_USEC_PER_SEC;   /* 5 s left */
  sesame_clock_resync (sesame_clock_get_default ());
  g_assert_true (gtk_widget_has_css_class (find_countdown (GTK_WIDGET (row)), "warning"));
  g_assert_true (sesame_account_code_at (sesame_account_row_get_account (row), 60, expected));
  g_assert_nonnull (sesame_account_row_get_next_code (row));
  {
    g_autofree char *compact = g_strdup (sesame_account_row_get_next_code (row));

    g_strdelimit (compact, " ", '\0');
    g_assert_true (g_str_has_prefix (expected, compact));
  }

  sesame_settings_set_show_next_code (settings, FALSE);
  g_assert_null (sesame_account_row_get_next_code (row));
  close_window (window);
}

/* Search ignores case and accents, on issuer and name. */
static void
test_window_search (void)
{
  const char *issuers[] = { "Café Lumière", "GitHub", "Google", NULL };
  g_autoptr(SesameAccountStore) store = seeded_store (issuers);
  SesameWindow *window = show_window (store);
  GListModel *shown;

  sesame_test_wait_for_state (window, "list");
  shown = sesame_window_get_shown_model (window);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);

  sesame_window_set_search (window, "cafe");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpstr (shown_issuer (window, 0), ==, "Café Lumière");

  sesame_window_set_search (window, "LUMIERE");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);

  sesame_window_set_search (window, "g");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 2);

  sesame_window_set_search (window, "nothing like it");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  sesame_test_wait_for_state (window, "no-results");

  /* The name is searched too. */
  sesame_window_set_search (window, "ALEX");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);

  /* Every word, in the issuer or the name, in any order (the rule of the
   * search provider and sesame-cli too). */
  sesame_window_set_search (window, "alex lumiere");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  g_assert_cmpstr (shown_issuer (window, 0), ==, "Café Lumière");
  sesame_window_set_search (window, "alex lumiere bob");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  sesame_window_set_search (window, "alex");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);

  /* Escape clears the search and closes the bar. */
  g_signal_emit_by_name (find_search_entry (window), "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_search_entry (window))), ==, "");
  g_assert_false (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (find_search_entry (window), GTK_TYPE_SEARCH_BAR))));
  sesame_test_iterate_ms (300);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  sesame_test_wait_for_state (window, "list");
  close_window (window);
}

/* Favorites first, then issuer A–Z ignoring case; or most recently used. */
static void
test_window_sort (void)
{
  const char *issuers[] = { "zulu", "Alpha", "bravo", "Charlie", NULL };
  g_autoptr(SesameAccountStore) store = seeded_store (issuers);
  SesameSettings *settings = sesame_settings_get_default ();
  SesameWindow *window = show_window (store);
  SesameAccount *charlie = NULL;
  SesameAccount *zulu = NULL;
  guint i;

  sesame_test_wait_for_state (window, "list");
  g_assert_cmpstr (shown_issuer (window, 0), ==, "Alpha");
  g_assert_cmpstr (shown_issuer (window, 1), ==, "bravo");
  g_assert_cmpstr (shown_issuer (window, 2), ==, "Charlie");
  g_assert_cmpstr (shown_issuer (window, 3), ==, "zulu");

  for (i = 0; i < 4; i++)
    {
      SesameAccount *account = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (sesame_account_get_issuer (account), "Charlie"))
        charlie = account;
      if (g_str_equal (sesame_account_get_issuer (account), "zulu"))
        zulu = account;
      g_object_unref (account);
    }

  /* A favorite comes first. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    sesame_account_set_favorite (zulu, TRUE);
    sesame_account_store_update_async (store, zulu, NULL, sesame_test_on_result, &result);
    sesame_account_store_update_finish (store, sesame_test_await_result (&result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (shown_issuer (window, 0), ==, "zulu");
  g_assert_cmpstr (shown_issuer (window, 1), ==, "Alpha");

  /* Recently used: copying Charlie puts it first after the favorites. */
  sesame_settings_set_sort_order (settings, SESAME_SORT_ORDER_RECENT);
  now_usec = (gint64) 1700000000 * G_USEC_PER_SEC;
  sesame_window_copy_account (window, charlie);
  g_assert_cmpstr (shown_issuer (window, 0), ==, "zulu");
  g_assert_cmpstr (shown_issuer (window, 1), ==, "Charlie");
  g_assert_cmpstr (shown_issuer (window, 2), ==, "Alpha");

  sesame_settings_set_sort_order (settings, SESAME_SORT_ORDER_ISSUER);
  g_assert_cmpstr (shown_issuer (window, 1), ==, "Alpha");
  close_window (window);
}

static char *
read_clipboard (GdkClipboard *clipboard,
                const char   *mime_type)
{
  const char *mime_types[] = { mime_type, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) spliced = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();

  gdk_clipboard_read_async (clipboard, mime_types, G_PRIORITY_DEFAULT, NULL, sesame_test_on_result, &result);
  input = gdk_clipboard_read_finish (clipboard, sesame_test_await_result (&result), NULL, &error);
  g_assert_no_error (error);
  /* Asynchronously: our own process is writing the other end. */
  g_output_stream_splice_async (output, input,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, sesame_test_on_result, &spliced);
  g_output_stream_splice_finish (output, sesame_test_await_result (&spliced), &error);
  g_assert_no_error (error);
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (output)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output)));
}

/* Enter in the search copies the first match: the code and the hint; the
 * clipboard is emptied after the delay if it still holds it. */
static void
test_window_enter_copies (void)
{
  const char *issuers[] = { "GitHub", "Café Lumière", NULL };
  g_autoptr(SesameAccountStore) store = seeded_store (issuers);
  SesameSettings *settings = sesame_settings_get_default ();
  SesameWindow *window;
  GdkClipboard *clipboard;
  g_autofree char *text = NULL;
  g_autofree char *hint = NULL;

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  /* Long enough for the reads below on a loaded machine. */
  sesame_settings_set_clipboard_clear_delay (settings, 3);
  window = show_window (store);
  sesame_test_wait_for_state (window, "list");
  clipboard = sesame_clipboard_get_clipboard (sesame_window_get_clipboard (window));

  sesame_window_set_search (window, "café");
  g_signal_emit_by_name (find_search_entry (window), "activate");

  text = read_clipboard (clipboard, "text/plain;charset=utf-8");
  hint = read_clipboard (clipboard, SESAME_CLIPBOARD_PASSWORD_HINT_MIME);
  g_assert_cmpstr (text, ==, RFC_CODE_6);
  g_assert_cmpstr (hint, ==, "secret");
  g_assert_true (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "text/plain"));
  g_assert_nonnull (sesame_window_get_last_toast (window));
  g_assert_cmpstr (adw_toast_get_title (sesame_window_get_last_toast (window)), ==, "Copied — clears in 3 s");

  sesame_test_iterate_ms (4300);
  g_assert_false (gdk_content_formats_contain_mime_type (gdk_clipboard_get_formats (clipboard), "text/plain"));

  /* Copied again, then replaced by something else: that stays. */
  sesame_window_set_search (window, "git");
  {
    g_autoptr(SesameAccount) first = g_list_model_get_item (sesame_window_get_shown_model (window), 0);

    sesame_window_copy_account (window, first);
  }
  gdk_clipboard_set_text (clipboard, "something else");
  sesame_test_iterate_ms (4300);
  g_free (text);
  text = read_clipboard (clipboard, "text/plain;charset=utf-8");
  g_assert_cmpstr (text, ==, "something else");

  sesame_settings_set_clipboard_clear_delay (settings, 30);
  close_window (window);
}

/* HOTP "next" persists the counter before the new code is shown. */
static void
test_window_hotp_next (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) reloaded = NULL;
  g_autoptr(SesameAccount) counter = make_account ("Counter", "alex", SESAME_OTP_TYPE_HOTP, 6);
  SesameAccountRow *row;
  SesameWindow *window;
  SesameAccount *again;
  guint guard;

  sesame_test_store_load (store);
  sesame_test_store_add (store, counter);
  window = show_window (store);
  sesame_test_wait_for_state (window, "list");
  row = find_row (window, "Counter");
  g_assert_cmpstr (sesame_account_row_get_code (row), ==, "755224");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-code", "s", sesame_account_get_uuid (counter));
  guard = g_timeout_add_seconds (20, sesame_test_give_up, (gpointer) "the counter");
  while (sesame_account_get_counter (counter) != 1)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  sesame_test_iterate_ms (100);
  /* RFC 4226: counter 1 gives 287082. */
  g_assert_cmpstr (sesame_account_row_get_code (row), ==, "287082");

  reloaded = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  sesame_test_store_load (reloaded);
  again = sesame_account_store_lookup (reloaded, sesame_account_get_uuid (counter));
  g_assert_nonnull (again);
  g_assert_cmpuint (sesame_account_get_counter (again), ==, 1);
  close_window (window);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  GtkWidget *child;

  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Delete from the details window (which knows only the store and its
 * parent), then Undo in the main window's toast: the account comes back
 * intact. */
static void
test_window_delete_undo (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) reloaded = NULL;
  g_autoptr(SesameAccount) account = make_account ("Doomed", "alex", SESAME_OTP_TYPE_TOTP, 6);
  const char *codes[] = { "aaaa-1111", "bbbb-2222", NULL };
  g_autoptr(SesameSecureStr) before = NULL;
  g_autoptr(SesameSecureStr) after = NULL;
  g_autofree char *uuid = NULL;
  SesameWindow *window;
  GtkWidget *details;
  AdwToast *toast;
  guint guard;

  sesame_account_set_note (account, "work laptop");
  sesame_account_set_recovery_codes (account, codes);
  sesame_account_set_recovery_code_used (account, 1, TRUE);
  sesame_test_store_load (store);
  sesame_test_store_add (store, account);
  before = sesame_account_to_json (account);
  uuid = g_strdup (sesame_account_get_uuid (account));

  window = show_window (store);
  sesame_test_wait_for_state (window, "list");
  details = GTK_WIDGET (sesame_account_details_new (GTK_WINDOW (window), store,
                                                    sesame_account_store_lookup (store, uuid)));
  gtk_window_present (GTK_WINDOW (details));
  g_signal_emit_by_name (find_button (details, "_Delete Account"), "clicked");

  /* Deleting asks first (#16.5): answer Delete. */
  guard = g_timeout_add_seconds (20, sesame_test_give_up, (gpointer) "the delete confirmation");
  for (gboolean answered = FALSE; !answered; )
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && !answered; i++)
        {
          g_autoptr(GtkWindow) top = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (top))
            {
              adw_message_dialog_response (ADW_MESSAGE_DIALOG (top), "delete");
              answered = TRUE;
            }
        }
      if (!answered)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (guard);

  guard = g_timeout_add_seconds (20, sesame_test_give_up, (gpointer) "the deletion");
  while (sesame_account_store_lookup (store, uuid) != NULL || sesame_window_get_last_toast (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  sesame_test_wait_for_state (window, "empty");

  toast = sesame_window_get_last_toast (window);
  g_signal_emit_by_name (toast, "button-clicked");
  sesame_test_wait_for_state (window, "list");

  reloaded = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  sesame_test_store_load (reloaded);
  g_assert_nonnull (sesame_account_store_lookup (reloaded, uuid));
  after = sesame_account_to_json (sesame_account_store_lookup (reloaded, uuid));
  g_assert_cmpstr (after, ==, before);
  close_window (window);
}

static gint64
stored_last_used (SesameAccountStore *store,
                  const char         *uuid)
{
  g_autoptr(SesameAccountStore) reloaded = sesame_account_store_new (sesame_account_store_get_schema_name (store));

  sesame_test_store_load (reloaded);
  g_assert_nonnull (sesame_account_store_lookup (reloaded, uuid));
  return sesame_account_get_last_used (sesame_account_store_lookup (reloaded, uuid));
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* SesameCopier, the one copy rule of the window and the search provider:
 * the code of the clock's time, the preferences' clear delay, and the last
 * use written to the keyring only under the Recently Used order. */
static void
test_copier (void)
{
  const char *issuers[] = { "Copied", NULL };
  g_autoptr(SesameAccountStore) store = seeded_store (issuers);
  g_autoptr(SesameClipboard) clipboard = sesame_clipboard_new (gdk_display_get_clipboard (gdk_display_get_default ()));
  g_autoptr(SesameCopier) copier = sesame_copier_new (store, clipboard);
  g_autoptr(SesameAccount) keyless = sesame_account_new ();
  g_autoptr(GError) error = NULL;
  SesameSettings *settings = sesame_settings_get_default ();
  g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (store), 0);
  SesameCopyReport report = { 0 };
  g_autofree char *text = NULL;
  gboolean changed = FALSE;

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC + 250000;
  sesame_settings_set_clipboard_clear_delay (settings, 7);
  sesame_settings_set_sort_order (settings, SESAME_SORT_ORDER_ISSUER);
  g_signal_connect_swapped (store, "changed", G_CALLBACK (set_flag), &changed);

  g_assert_true (sesame_copier_copy (copier, account, &report, &error));
  g_assert_no_error (error);
  text = read_clipboard (sesame_clipboard_get_clipboard (clipboard), "text/plain;charset=utf-8");
  g_assert_cmpstr (text, ==, RFC_CODE_6);
  g_assert_cmpint (report.now_usec, ==, now_usec);
  g_assert_cmpuint (report.clear_delay, ==, 7);
  g_assert_cmpuint (report.remaining, ==, 1);
  g_assert_false (report.recorded);
  g_assert_cmpint (sesame_account_get_last_used (account), ==, RFC_TIME);
  /* No keyring write, so no automatic backup, for a copy. */
  sesame_test_iterate_ms (300);
  g_assert_false (changed);
  g_assert_cmpint (stored_last_used (store, sesame_account_get_uuid (account)), ==, 0);

  /* The Recently Used order needs the last use: written. */
  sesame_settings_set_sort_order (settings, SESAME_SORT_ORDER_RECENT);
  now_usec += 40 * G_USEC_PER_SEC;
  g_assert_true (sesame_copier_copy (copier, account, &report, &error));
  g_assert_true (report.recorded);
  g_assert_cmpuint (report.remaining, ==, 30 - (RFC_TIME + 40) % 30);
  while (!changed)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (stored_last_used (store, sesame_account_get_uuid (account)), ==, RFC_TIME + 40);

  /* A key that cannot make a code: nothing copied, a reason given. */
  g_assert_false (sesame_copier_copy (copier, keyless, &report, &error));
  g_assert_error (error, SESAME_COPY_ERROR, SESAME_COPY_ERROR_NO_CODE);

  g_signal_handlers_disconnect_by_data (store, &changed);
  sesame_settings_set_sort_order (settings, SESAME_SORT_ORDER_ISSUER);
  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
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
  g_subprocess_wait_async (proc, NULL, sesame_test_on_result, &result);
  g_subprocess_wait_finish (proc, sesame_test_await_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
}

/* Real key presses through the X server: Enter on the focused row and
 * Ctrl+C copy its code. */
static void
test_window_keyboard_copy (void)
{
  const char *issuers[] = { "Alpha", "Bravo", NULL };
  g_autoptr(SesameAccountStore) store = seeded_store (issuers);
  SesameWindow *window;
  GdkClipboard *clipboard;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;

  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  window = show_window (store);
  sesame_test_wait_for_state (window, "list");
  clipboard = sesame_clipboard_get_clipboard (sesame_window_get_clipboard (window));
  gdk_clipboard_set_text (clipboard, "before");

  /* No window manager: keys go to the window under the pointer. */
  run_xdotool ("mousemove", "200", "20", NULL);
  sesame_test_iterate_ms (200);
  /* The list item holding the row takes the focus, as arrow keys do. */
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (find_row (window, "Alpha"))));
  sesame_test_iterate_ms (100);

  run_xdotool ("key", "Return", NULL);
  sesame_test_iterate_ms (300);
  text = read_clipboard (clipboard, "text/plain;charset=utf-8");
  g_assert_cmpstr (text, ==, RFC_CODE_6);

  gdk_clipboard_set_text (clipboard, "between");
  run_xdotool ("key", "ctrl+c", NULL);
  sesame_test_iterate_ms (300);
  again = read_clipboard (clipboard, "text/plain;charset=utf-8");
  g_assert_cmpstr (again, ==, RFC_CODE_6);
  close_window (window);
}

static const char *
error_title (SesameWindow *window)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, window);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (ADW_IS_STATUS_PAGE (w) && gtk_widget_get_mapped (w))
        return adw_status_page_get_title (ADW_STATUS_PAGE (w));
      for (w = gtk_widget_get_first_child (w); w != NULL; w = gtk_widget_get_next_sibling (w))
        g_ptr_array_add (stack, w);
    }
  return NULL;
}

/* A locked keyring whose unlock cannot happen: the window says so, with
 * Retry, which works once the keyring is unlocked. */
static void
test_window_keyring_locked (void)
{
  const char *issuers[] = { "Kept", NULL };
  g_autoptr(SesameAccountStore) seeded = seeded_store (issuers);
  g_autoptr(SesameAccountStore) store = sesame_account_store_new (sesame_account_store_get_schema_name (seeded));
  SesameWindow *window;

  sesame_test_keyring_lock ();
  window = show_window (store);
  sesame_test_wait_for_state (window, "error");
  g_assert_cmpstr (error_title (window), ==, "Keyring Locked");

  sesame_test_keyring_unlock ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.retry", NULL);
  sesame_test_wait_for_state (window, "list");
  g_assert_cmpuint (g_list_model_get_n_items (sesame_window_get_shown_model (window)), ==, 1);
  close_window (window);
}

static void
on_added (SesameAddDialog *dialog,
          gboolean        *added)
{
  *added = TRUE;
}

/* The add dialog refuses a bad key with the reason, saves a good one, and
 * refuses a duplicate. A pasted otpauth:// link fills every field. */
static void
test_add_dialog (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  SesameWindow *window;
  SesameAddDialog *dialog;
  gboolean added = FALSE;
  guint guard;

  sesame_test_store_load (store);
  window = show_window (store);
  sesame_test_wait_for_state (window, "empty");

  dialog = sesame_add_dialog_new (GTK_WINDOW (window), store);
  g_signal_connect (dialog, "added", G_CALLBACK (on_added), &added);
  gtk_window_present (GTK_WINDOW (dialog));

  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "issuer"), "Codeberg");
  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "secret"), "JBSWY3DPEHPK3PX1");
  g_assert_false (sesame_add_dialog_get_can_add (dialog));
  g_assert_nonnull (sesame_add_dialog_get_message (dialog));
  g_assert_nonnull (strstr (sesame_add_dialog_get_message (dialog), "1"));
  sesame_add_dialog_add (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "secret"), "jbsw y3dp ehpk 3pxp");
  g_assert_true (sesame_add_dialog_get_can_add (dialog));
  g_assert_null (sesame_add_dialog_get_message (dialog));

  g_object_ref (dialog);
  sesame_add_dialog_add (dialog);
  guard = g_timeout_add_seconds (20, sesame_test_give_up, (gpointer) "the new account");
  while (!added)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_object_unref (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  sesame_test_wait_for_state (window, "list");

  /* A link pasted into the name field fills them all; it is a duplicate. */
  dialog = sesame_add_dialog_new (GTK_WINDOW (window), store);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "name"),
                         "otpauth://totp/Codeberg:?secret=JBSWY3DPEHPK3PXP&issuer=Codeberg");
  g_assert_cmpstr (gtk_editable_get_text (sesame_add_dialog_get_field (dialog, "issuer")), ==, "Codeberg");
  g_assert_cmpstr (gtk_editable_get_text (sesame_add_dialog_get_field (dialog, "name")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (sesame_add_dialog_get_field (dialog, "secret")), ==, "JBSWY3DPEHPK3PXP");
  sesame_add_dialog_add (dialog);
  g_assert_nonnull (sesame_add_dialog_get_message (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();

  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema_prefix = sesame_test_schema_name ("Window");
  now_usec = (gint64) RFC_TIME * G_USEC_PER_SEC;
  sesame_clock_set_now_func (sesame_clock_get_default (), test_now, NULL, NULL);

  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/window/empty", test_window_empty);
  g_test_add_func ("/window/rows", test_window_rows);
  g_test_add_func ("/window/next-code", test_window_next_code);
  g_test_add_func ("/window/search", test_window_search);
  g_test_add_func ("/window/sort", test_window_sort);
  g_test_add_func ("/window/enter-copies", test_window_enter_copies);
  g_test_add_func ("/window/copier", test_copier);
  g_test_add_func ("/window/hotp-next", test_window_hotp_next);
  g_test_add_func ("/window/delete-undo", test_window_delete_undo);
  g_test_add_func ("/window/add-dialog", test_add_dialog);
  g_test_add_func ("/window/keyboard-copy", test_window_keyboard_copy);
  g_test_add_func ("/window/keyring-locked", test_window_keyring_locked);

  return g_test_run ();
}
