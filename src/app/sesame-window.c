/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-account-details.h"
#include "sesame-account-row.h"
#include "sesame-add-dialog.h"
#include "sesame-backup-dialog.h"
#include "sesame-clock.h"
#include "sesame-import-dialog.h"
#include "sesame-scan-controller.h"
#include "sesame-settings.h"
#include "sesame-text.h"
#include "sesame-window.h"

/* The main window: store -> filter (search) -> sort -> list view. The store
 * is loaded asynchronously; until then, or when the keyring fails, a status
 * page says what is going on — never a blank window. */

struct _SesameWindow
{
  AdwApplicationWindow parent_instance;

  SesameAccountStore *store;
  GListModel *model;      /* what the list shows: the store, unless given */
  SesameClipboard *clipboard;
  SesameScanController *scan_controller;
  GCancellable *cancellable;
  AdwToast *last_toast;   /* weak */
  GError *load_error;
  gboolean loading;
  char *search_folded;

  GtkCustomFilter *filter;
  GtkCustomSorter *sorter;

  AdwToastOverlay *toast_overlay;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  GtkListView *list_view;
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;
  AdwStatusPage *error_page;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SesameWindow, sesame_window, ADW_TYPE_APPLICATION_WINDOW)

SesameWindow *
sesame_window_new (SesameApplication *application)
{
  return sesame_window_new_with_store (application, sesame_application_get_store (application));
}

SesameWindow *
sesame_window_new_with_store (SesameApplication  *application,
                              SesameAccountStore *store)
{
  return g_object_new (SESAME_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

SesameAccountStore *
sesame_window_get_store (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return self->store;
}

SesameClipboard *
sesame_window_get_clipboard (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return self->clipboard;
}

/**
 * sesame_window_get_shown_model:
 *
 * Returns: (transfer none): the accounts as the list shows them: searched
 * and sorted
 */
GListModel *
sesame_window_get_shown_model (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

/* "loading", "empty", "list", "no-results" or "error" */
const char *
sesame_window_get_state (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
sesame_window_add_toast (SesameWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (SESAME_IS_WINDOW (self));

  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sesame_window_get_last_toast:
 *
 * Returns: (transfer none) (nullable): the toast shown last, while it is
 * alive (tests press its button)
 */
AdwToast *
sesame_window_get_last_toast (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return self->last_toast;
}

static void
show_message (SesameWindow *self,
              const char   *message)
{
  sesame_window_add_toast (self, adw_toast_new (message));
}

static void
update_state (SesameWindow *self)
{
  const char *page;

  if (self->load_error != NULL)
    page = "error";
  else if (self->loading ||
           (self->model == G_LIST_MODEL (self->store) && !sesame_account_store_get_loaded (self->store)))
    page = "loading";
  else if (g_list_model_get_n_items (self->model) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    page = "no-results";
  else
    page = "list";

  gtk_stack_set_visible_child_name (self->stack, page);
}

/* Filtering and sorting */

static gboolean
filter_account (gpointer item,
                gpointer user_data)
{
  SesameWindow *self = user_data;
  SesameAccount *account = item;

  if (self->search_folded == NULL || *self->search_folded == '\0')
    return TRUE;

  return sesame_text_matches_folded (sesame_account_get_issuer (account), self->search_folded) ||
         sesame_text_matches_folded (sesame_account_get_name (account), self->search_folded);
}

/* Collation keys are cached on the account, keyed by the text they came
 * from, so sorting 10,000 accounts does not fold 10,000 strings per
 * comparison. */
static const char *
get_sort_key (SesameAccount *account)
{
  static GQuark key_quark, source_quark;
  const char *display = sesame_account_get_display_name (account);
  const char *source;
  char *key;

  if (G_UNLIKELY (key_quark == 0))
    {
      key_quark = g_quark_from_static_string ("sesame-sort-key");
      source_quark = g_quark_from_static_string ("sesame-sort-key-source");
    }

  source = g_object_get_qdata (G_OBJECT (account), source_quark);
  key = g_object_get_qdata (G_OBJECT (account), key_quark);
  if (key == NULL || g_strcmp0 (source, display) != 0)
    {
      g_autofree char *folded = g_utf8_casefold (display, -1);

      key = g_utf8_collate_key (folded, -1);
      g_object_set_qdata_full (G_OBJECT (account), key_quark, key, g_free);
      g_object_set_qdata_full (G_OBJECT (account), source_quark, g_strdup (display), g_free);
    }

  return key;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  SesameAccount *account_a = (SesameAccount *) a;
  SesameAccount *account_b = (SesameAccount *) b;
  gboolean fav_a = sesame_account_get_favorite (account_a);
  gboolean fav_b = sesame_account_get_favorite (account_b);
  int cmp;

  if (fav_a != fav_b)
    return fav_a ? -1 : 1;

  if (sesame_settings_get_sort_order (sesame_settings_get_default ()) == SESAME_SORT_ORDER_RECENT)
    {
      gint64 used_a = sesame_account_get_last_used (account_a);
      gint64 used_b = sesame_account_get_last_used (account_b);

      if (used_a != used_b)
        return used_a > used_b ? -1 : 1;
    }

  cmp = strcmp (get_sort_key (account_a), get_sort_key (account_b));
  if (cmp != 0)
    return cmp;

  return g_utf8_collate (sesame_account_get_name (account_a), sesame_account_get_name (account_b));
}

static void
resort (SesameWindow *self)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void on_search_changed (SesameWindow *self);

void
sesame_window_set_search (SesameWindow *self,
                          const char   *text)
{
  g_return_if_fail (SESAME_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* At once, not after the entry's typing delay. */
  on_search_changed (self);
}

static void
on_search_changed (SesameWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *folded = sesame_text_fold_for_search (text);
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (folded, self->search_folded) == 0)
    return;

  /* Typing more only narrows the results: only the shown rows are checked. */
  if (self->search_folded != NULL && strstr (folded, self->search_folded) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->search_folded != NULL && strstr (self->search_folded, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search_folded);
  self->search_folded = g_steal_pointer (&folded);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

/* Copying */

static guint
clear_delay (void)
{
  return sesame_settings_get_clipboard_clear_delay (sesame_settings_get_default ());
}

static void
on_last_used_saved (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_update_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    g_debug ("Could not record when the account was last used: %s", error->message);
}

/**
 * sesame_window_copy_account:
 *
 * Copies the account's current code, says so in a toast, and records when
 * the account was last used (for the "recently used" order).
 */
void
sesame_window_copy_account (SesameWindow  *self,
                            SesameAccount *account)
{
  char code[SESAME_OTP_CODE_SIZE];
  gint64 now;
  guint delay = clear_delay ();
  g_autofree char *message = NULL;

  g_return_if_fail (SESAME_IS_WINDOW (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (account));

  now = sesame_clock_get_time (sesame_clock_get_default ());
  if (!sesame_account_code_at (account, now, code))
    {
      show_message (self, _("This account’s key cannot make a code"));
      return;
    }

  sesame_clipboard_copy_code (self->clipboard, code, delay);
  sesame_memwipe (code, sizeof code);

  if (delay > 0)
    /* Translators: %u is a number of seconds */
    message = g_strdup_printf (_("Copied — clears in %u s"), delay);
  else
    message = g_strdup (_("Copied"));
  sesame_window_add_toast (self, adw_toast_new (message));

  /* The last use matters only to the "recently used" order. Saving it is a
   * keyring write, and every write makes an automatic backup: only then. */
  sesame_account_set_last_used (account, now);
  if (sesame_settings_get_sort_order (sesame_settings_get_default ()) == SESAME_SORT_ORDER_RECENT)
    {
      sesame_account_store_update_async (self->store, account, self->cancellable, on_last_used_saved, NULL);
      resort (self);
    }
}

static SesameAccount *
lookup_param (SesameWindow *self,
              GVariant     *param)
{
  return sesame_account_store_lookup (self->store, g_variant_get_string (param, NULL));
}

static void
copy_account_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesameAccount *account = lookup_param (self, param);

  if (account != NULL)
    sesame_window_copy_account (self, account);
}

static void
on_list_activate (SesameWindow *self,
                  guint         position)
{
  g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (account != NULL)
    sesame_window_copy_account (self, account);
}

static void
on_search_activate (SesameWindow *self)
{
  g_autoptr(SesameAccount) first = g_list_model_get_item (G_LIST_MODEL (self->sort_model), 0);

  if (first != NULL)
    sesame_window_copy_account (self, first);
}

static void
on_search_stop (SesameWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* The account of the row that has the keyboard focus, if any. */
static SesameAccount *
focused_account (SesameWindow *self)
{
  GtkWidget *widget = gtk_root_get_focus (GTK_ROOT (self));

  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);

      if (SESAME_IS_ACCOUNT_ROW (widget))
        return sesame_account_row_get_account (SESAME_ACCOUNT_ROW (widget));
      if (child != NULL && SESAME_IS_ACCOUNT_ROW (child))
        return sesame_account_row_get_account (SESAME_ACCOUNT_ROW (child));
    }

  return NULL;
}

static void
copy_focused_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesameAccount *account = focused_account (self);

  if (account != NULL)
    sesame_window_copy_account (self, account);
}

static void
details_focused_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesameAccount *account = focused_account (self);

  if (account != NULL)
    gtk_widget_activate_action (widget, "win.show-details", "s", sesame_account_get_uuid (account));
}

/* HOTP */

static void
on_counter_advanced (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecureStr) code = NULL;

  code = sesame_account_store_advance_counter_finish (SESAME_ACCOUNT_STORE (source), result, &error);
  if (code == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message);
}

static void
next_code_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesameAccount *account = lookup_param (self, param);

  if (account != NULL)
    sesame_account_store_advance_counter_async (self->store, account, self->cancellable,
                                                on_counter_advanced, g_object_ref (self));
}

/* Details, adding, deleting */

static void
show_details_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesameAccount *account = lookup_param (self, param);
  GtkWindow *details;

  if (account == NULL)
    return;

  details = GTK_WINDOW (sesame_account_details_new (self, account));
  gtk_window_present (details);
}

static void
add_manual_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  GtkWindow *dialog = GTK_WINDOW (sesame_add_dialog_new (GTK_WINDOW (self), self->store));

  gtk_window_present (dialog);
}

typedef struct
{
  SesameWindow *window;
  SesameAccount *account;   /* a full copy: secret, recovery codes, uuid */
} DeleteData;

static void
delete_data_free (DeleteData *data)
{
  g_clear_object (&data->window);
  g_clear_object (&data->account);
  g_free (data);
}

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_add_finish (SESAME_ACCOUNT_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_message (self, error->message);
}

/* Deletion happens at once; "Undo" adds the same account back (same uuid,
 * key, recovery codes, creation date), so a crash after the delete never
 * resurrects an account the person wanted gone. */
static void
on_undo_delete (AdwToast   *toast,
                DeleteData *data)
{
  sesame_account_store_add_async (data->window->store, data->account, data->window->cancellable,
                                  on_restored, g_object_ref (data->window));
}

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  DeleteData *data = user_data;
  SesameWindow *self = data->window;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (!sesame_account_store_remove_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      delete_data_free (data);
      return;
    }

  /* Translators: %s is an account's issuer or name */
  title = g_strdup_printf (_("“%s” deleted"), sesame_account_get_display_name (data->account));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_delete), data,
                         (GClosureNotify) (void (*) (void)) delete_data_free, 0);
  sesame_window_add_toast (self, toast);
}

void
sesame_window_delete_account (SesameWindow  *self,
                              SesameAccount *account)
{
  DeleteData *data;

  g_return_if_fail (SESAME_IS_WINDOW (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (account));

  data = g_new0 (DeleteData, 1);
  data->window = g_object_ref (self);
  data->account = sesame_account_copy (account);
  sesame_account_store_remove_async (self->store, account, self->cancellable, on_deleted, data);
}

/* Loading */

static void
show_load_error (SesameWindow *self)
{
  const char *title = _("Cannot Open the Keyring");
  const char *description = self->load_error->message;

  if (g_error_matches (self->load_error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_NO_SERVICE))
    title = _("No Keyring Found");
  else if (g_error_matches (self->load_error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED))
    title = _("Keyring Locked");

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  if (!sesame_account_store_load_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      self->load_error = g_steal_pointer (&error);
      show_load_error (self);
      update_state (self);
      return;
    }

  self->loading = FALSE;
  update_state (self);

  problems = sesame_account_store_get_load_problems (self->store);
  if (problems != NULL && problems->len > 0)
    {
      g_autofree char *message =
        /* Translators: %u is a number of keyring items */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u keyring item could not be read and was skipped",
                                      "%u keyring items could not be read and were skipped",
                                      problems->len),
                         problems->len);
      show_message (self, message);
    }
}

static void
load (SesameWindow *self)
{
  g_clear_error (&self->load_error);
  self->loading = TRUE;
  update_state (self);
  sesame_account_store_load_async (self->store, self->cancellable, on_loaded, g_object_ref (self));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  load (SESAME_WINDOW (widget));
}

/* Adding accounts from QR codes and links */

static void
scan_camera_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  sesame_scan_controller_scan_camera (SESAME_WINDOW (widget)->scan_controller);
}

static void
scan_screenshot_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  sesame_scan_controller_scan_screenshot (SESAME_WINDOW (widget)->scan_controller);
}

static void
open_image_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  sesame_scan_controller_open_image (SESAME_WINDOW (widget)->scan_controller);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  sesame_scan_controller_paste (SESAME_WINDOW (widget)->scan_controller);
}

/**
 * sesame_window_open_uri:
 * @uri: an otpauth://, steam:// or otpauth-migration:// link
 *
 * Shows the same confirmation as a scanned code.
 */
void
sesame_window_open_uri (SesameWindow *self,
                        const char   *uri)
{
  g_return_if_fail (SESAME_IS_WINDOW (self));

  if (!sesame_scan_controller_handle_text (self->scan_controller, uri))
    show_message (self, _("Sesame opens otpauth:// links only"));
}

/* Backups */

static void
on_backup_finished (SesameWindow *self,
                    GFile        *file,
                    guint         n_accounts)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  /* Translators: %u accounts, %s the file name */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Backed up %u account to “%s”",
                                          "Backed up %u accounts to “%s”", n_accounts),
                             n_accounts, name);
  show_message (self, message);
}

static void
backup_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesameBackupDialog *dialog = sesame_backup_dialog_new (GTK_WINDOW (self), self->store);

  g_signal_connect_object (dialog, "finished", G_CALLBACK (on_backup_finished), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_finished (SesameWindow *self,
                    guint         n_added,
                    guint         n_skipped)
{
  g_autofree char *added = NULL;
  g_autofree char *message = NULL;

  added = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u account", "Added %u accounts", n_added), n_added);
  if (n_skipped > 0)
    /* Translators: "Added 3 accounts, skipped 2" */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, skipped %u", "%s, skipped %u", n_skipped),
                               added, n_skipped);
  show_message (self, message ? message : added);
}

static void
on_restore_file_chosen (GtkNativeDialog *native,
                        int              response,
                        SesameWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      SesameImportDialog *dialog = sesame_import_dialog_new (GTK_WINDOW (self), self->store, file);

      g_signal_connect_object (dialog, "finished", G_CALLBACK (on_import_finished), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

/* Restores a Sesame backup, or imports another authenticator's export:
 * the format is recognised from the file. */
static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Restore or Import"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_restore_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_auto_backup_failed (SesameWindow *self,
                       GError       *error)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Translators: %s says why, and what to do */
  title = g_strdup_printf (_("Automatic backup failed: %s"), error->message);
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Preferences"));
  adw_toast_set_action_name (toast, "app.preferences");
  sesame_window_add_toast (self, toast);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Window */

static void
on_store_changed (SesameWindow *self)
{
  /* An edit may change the issuer, the favorite flag or the last use. */
  resort (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static gboolean
sesame_window_close_request (GtkWindow *window)
{
  SesameWindow *self = SESAME_WINDOW (window);
  GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
    }

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (sesame_window_parent_class)->close_request (window);
}

static void
sesame_window_constructed (GObject *object)
{
  SesameWindow *self = SESAME_WINDOW (object);

  G_OBJECT_CLASS (sesame_window_parent_class)->constructed (object);

  if (self->store == NULL)
    self->store = sesame_account_store_new (g_getenv ("SESAME_KEYRING_SCHEMA"));

  if (self->model == NULL)
    self->model = g_object_ref (G_LIST_MODEL (self->store));

  gtk_filter_list_model_set_model (self->filter_model, self->model);

  self->scan_controller = sesame_scan_controller_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (self->scan_controller, "toast", G_CALLBACK (show_message), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self),
                             GTK_EVENT_CONTROLLER (sesame_scan_controller_create_drop_target (self->scan_controller)));

  if (SESAME_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    {
      SesameApplication *app = SESAME_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

      g_signal_connect_object (sesame_application_get_auto_backup (app), "backup-failed",
                               G_CALLBACK (on_auto_backup_failed), self, G_CONNECT_SWAPPED);
    }
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);

  if (sesame_account_store_get_loaded (self->store) || self->model != G_LIST_MODEL (self->store))
    update_state (self);
  else
    load (self);
}

static void
sesame_window_dispose (GObject *object)
{
  SesameWindow *self = SESAME_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->filter_model != NULL)
    gtk_filter_list_model_set_model (self->filter_model, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_WINDOW);

  g_clear_object (&self->scan_controller);
  g_clear_object (&self->store);
  g_clear_object (&self->model);
  g_clear_object (&self->clipboard);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->search_folded, g_free);
  g_clear_weak_pointer (&self->last_toast);

  G_OBJECT_CLASS (sesame_window_parent_class)->dispose (object);
}

static void
sesame_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SesameWindow *self = SESAME_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SesameWindow *self = SESAME_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_window_class_init (SesameWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sesame_window_constructed;
  object_class->dispose = sesame_window_dispose;
  object_class->get_property = sesame_window_get_property;
  object_class->set_property = sesame_window_set_property;
  window_class->close_request = sesame_window_close_request;

  /**
   * SesameWindow:store:
   *
   * The accounts to show. %NULL at construction makes one from the keyring
   * schema named by $SESAME_KEYRING_SCHEMA, or the app's own.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SESAME_TYPE_ACCOUNT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * SesameWindow:model:
   *
   * The accounts the list shows, when not the store's (bench-window lists
   * 10,000 accounts from memory to measure the window apart from the
   * keyring). Actions still go to the store.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SESAME_TYPE_ACCOUNT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "win.copy-account", "s", copy_account_action);
  gtk_widget_class_install_action (widget_class, "win.copy-focused", NULL, copy_focused_action);
  gtk_widget_class_install_action (widget_class, "win.details-focused", NULL, details_focused_action);
  gtk_widget_class_install_action (widget_class, "win.next-code", "s", next_code_action);
  gtk_widget_class_install_action (widget_class, "win.show-details", "s", show_details_action);
  gtk_widget_class_install_action (widget_class, "win.add-manual", NULL, add_manual_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.scan-camera", NULL, scan_camera_action);
  gtk_widget_class_install_action (widget_class, "win.scan-screenshot", NULL, scan_screenshot_action);
  gtk_widget_class_install_action (widget_class, "win.open-image", NULL, open_image_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-manual", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "win.details-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
sesame_window_init (SesameWindow *self)
{
  SesameSettings *settings = sesame_settings_get_default ();
  GSettings *gsettings = sesame_settings_get_gsettings (settings);
  g_autoptr(GAction) sort_action = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();
  self->clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (self)));

  self->filter = gtk_custom_filter_new (filter_account, self, NULL);
  self->sorter = gtk_custom_sorter_new (compare_accounts, self, NULL);
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  gtk_sort_list_model_set_sorter (self->sort_model, GTK_SORTER (self->sorter));
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::sort-order", G_CALLBACK (resort), self, G_CONNECT_SWAPPED);

  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  sort_action = g_settings_create_action (gsettings, "sort-order");
  g_action_map_add_action (G_ACTION_MAP (group), sort_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (gsettings, "window-width"),
                               g_settings_get_int (gsettings, "window-height"));
  if (g_settings_get_boolean (gsettings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}
