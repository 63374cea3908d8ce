/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-account-details.h"
#include "sesame-account-row.h"
#include "sesame-add-dialog.h"
#include "sesame-backup-dialog.h"
#include "sesame-import-dialog.h"
#include "sesame-transfer-dialog.h"
#include "sesame-window-private.h"

/* The window's actions (win.*) and their shortcuts, as GNOME Text Editor
 * keeps them in editor-window-actions.c: each one finds its account, hands
 * the work to the store or a dialog, and reports in a toast. */

/* Copying */

/**
 * sesame_window_copy_account:
 *
 * Copies the account's current code (SesameCopier's rules) and says so in
 * a toast.
 */
void
sesame_window_copy_account (SesameWindow  *self,
                            SesameAccount *account)
{
  SesameCopyReport report;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (SESAME_IS_WINDOW (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (account));

  if (!sesame_copier_copy (self->copier, account, &report, &error))
    {
      _sesame_window_show_message (self, error->message);
      return;
    }

  if (report.clear_delay > 0)
    /* Translators: %u is a number of seconds */
    message = g_strdup_printf (_("Copied — clears in %u s"), report.clear_delay);
  else
    message = g_strdup (_("Copied"));
  sesame_window_add_toast (self, adw_toast_new (message));

  if (report.recorded)
    _sesame_window_resort (self);
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
    _sesame_window_show_message (self, error->message);
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

  details = GTK_WINDOW (sesame_account_details_new (GTK_WINDOW (self), self->store, account));
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
    _sesame_window_show_message (self, error->message);
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
        _sesame_window_show_message (self, error->message);
      delete_data_free (data);
      return;
    }

  /* Translators: %s is an account's issuer or name */
  title = g_strdup_printf (_("“%s” deleted"), sesame_account_get_display_name (data->account));
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* Undo stays offered until the toast is dismissed: reaching it late must
   * not lose an account and its recovery codes. */
  adw_toast_set_timeout (toast, 0);
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

static void
delete_account_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  SesameAccount *account = lookup_param (self, param);

  if (account != NULL)
    sesame_window_delete_account (self, account);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  _sesame_window_load (SESAME_WINDOW (widget));
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);

  if (!sesame_account_store_get_protected (self->store))
    {
      _sesame_window_show_message (self, _("Nothing to lock: protect the accounts with a separate password first"));
      return;
    }
  sesame_lock_monitor_lock (_sesame_window_get_lock_monitor (self), "asked");
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _sesame_window_unlock (SESAME_WINDOW (widget));
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
    _sesame_window_show_message (self, _("Sesame opens otpauth:// links only"));
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
  _sesame_window_show_message (self, message);
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

/* Export → Transfer to a Phone: Google Authenticator migration codes. */
static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);
  g_autoptr(GPtrArray) accounts = sesame_account_store_snapshot (self->store);
  SesameTransferDialog *dialog = sesame_transfer_dialog_new (GTK_WINDOW (self), accounts);

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
  _sesame_window_show_message (self, message ? message : added);
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
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SesameWindow *self = SESAME_WINDOW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
_sesame_window_class_actions_init (SesameWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.copy-account", "s", copy_account_action);
  gtk_widget_class_install_action (widget_class, "win.copy-focused", NULL, copy_focused_action);
  gtk_widget_class_install_action (widget_class, "win.details-focused", NULL, details_focused_action);
  gtk_widget_class_install_action (widget_class, "win.next-code", "s", next_code_action);
  gtk_widget_class_install_action (widget_class, "win.show-details", "s", show_details_action);
  gtk_widget_class_install_action (widget_class, "win.add-manual", NULL, add_manual_action);
  gtk_widget_class_install_action (widget_class, "win.delete-account", "s", delete_account_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "win.scan-camera", NULL, scan_camera_action);
  gtk_widget_class_install_action (widget_class, "win.scan-screenshot", NULL, scan_screenshot_action);
  gtk_widget_class_install_action (widget_class, "win.open-image", NULL, open_image_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.backup", NULL, backup_action);
  gtk_widget_class_install_action (widget_class, "win.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "win.restore", NULL, restore_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.add-manual", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "win.details-focused", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}
