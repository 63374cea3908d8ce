/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-enroll-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-account.h"
#include "sesame-clock.h"
#include "sesame-closures.h"
#include "sesame-enroll-dialog.h"
#include "sesame-enroll-dialog-private.h"
#include "sesame-text.h"

/* Confirms what a scan, a link or an import found before anything is
 * saved: one account with editable fields, or a list with checkboxes.
 * Accounts already in the keyring are marked and never added twice. */
struct _SesameEnrollDialog
{
  AdwWindow parent_instance;

  GtkButton *add_button;
  GtkLabel *batch_label;
  GtkLabel *error_label;
  AdwPreferencesGroup *single_group;
  AdwEntryRow *issuer_row;
  AdwEntryRow *name_row;
  AdwActionRow *kind_row;
  GtkLabel *code_label;
  AdwPreferencesGroup *batch_group;

  SesameAccountStore *store;
  GPtrArray *accounts;
  GPtrArray *checks;          /* one GtkCheckButton per account, batch mode */
  GCancellable *cancellable;
  guint added;
};

G_DEFINE_FINAL_TYPE (SesameEnrollDialog, sesame_enroll_dialog, ADW_TYPE_WINDOW)

enum {
  ACCOUNTS_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
describe (SesameAccount *account)
{
  const char *algorithm = sesame_otp_algorithm_to_string (sesame_account_get_algorithm (account));

  switch (sesame_account_get_otp_type (account))
    {
    case SESAME_OTP_TYPE_HOTP:
      /* Translators: a counter-based code; %u is the number of digits, %s the algorithm */
      return g_strdup_printf (_("Counter-based · %u digits · %s"),
                              sesame_account_get_digits (account), algorithm);
    case SESAME_OTP_TYPE_STEAM:
      return g_strdup (_("Steam Guard · every 30 s"));
    case SESAME_OTP_TYPE_TOTP:
    default:
      /* Translators: %u digits, every %u seconds, %s algorithm */
      return g_strdup_printf (_("Time-based · %u digits · every %u s · %s"),
                              sesame_account_get_digits (account),
                              sesame_account_get_period (account), algorithm);
    }
}

static void
show_error (SesameEnrollDialog *self,
            const char         *message)
{
  /* Shown while it has words (sesame-enroll-dialog.ui). */
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
}

static gboolean
is_selected (SesameEnrollDialog *self,
             guint               i)
{
  GtkCheckButton *check;

  if (self->checks->len == 0)
    return sesame_account_store_find_duplicate (self->store, g_ptr_array_index (self->accounts, i)) == NULL;

  check = g_ptr_array_index (self->checks, i);
  return gtk_check_button_get_active (check) && gtk_widget_get_sensitive (GTK_WIDGET (check));
}

/* The error line, or NULL while it is hidden (tests) */
const char *
sesame_enroll_dialog_get_error (SesameEnrollDialog *self)
{
  g_return_val_if_fail (SESAME_IS_ENROLL_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

guint
sesame_enroll_dialog_get_n_selected (SesameEnrollDialog *self)
{
  guint n = 0;

  g_return_val_if_fail (SESAME_IS_ENROLL_DIALOG (self), 0);

  for (guint i = 0; i < self->accounts->len; i++)
    n += is_selected (self, i);

  return n;
}

static void
update_add_button (SesameEnrollDialog *self)
{
  guint n = sesame_enroll_dialog_get_n_selected (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), n > 0 && self->cancellable == NULL);
  if (self->checks->len > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Add %u", "_Add %u", n), n);
      gtk_button_set_label (self->add_button, label);
    }
}

/* Saved, or found already there: a retry after a failure must not try it
 * again. */
static void
mark_saved (SesameEnrollDialog *self,
            GPtrArray          *accounts)
{
  guint position;

  if (self->checks->len == 0)
    return;

  for (guint i = 0; i < accounts->len; i++)
    if (g_ptr_array_find (self->accounts, g_ptr_array_index (accounts, i), &position))
      gtk_widget_set_sensitive (g_ptr_array_index (self->checks, position), FALSE);
}

static void
on_all_added (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SesameEnrollDialog) self = user_data;
  g_autoptr(SesameAddAllResult) outcome = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = sesame_account_store_add_all_finish (SESAME_ACCOUNT_STORE (object), result, &outcome, &error);
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  self->added += outcome->added->len;
  mark_saved (self, outcome->added);
  mark_saved (self, outcome->existing);
  if (!ok)
    {
      show_error (self, error->message);
      update_add_button (self);
      return;
    }

  g_signal_emit (self, signals[ACCOUNTS_ADDED], 0, self->added);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * sesame_enroll_dialog_add:
 *
 * Saves the selected accounts (sesame_account_store_add_all_async(),
 * stopping at a failure). Nothing counts as added before the keyring
 * confirms it; on a failure the dialog stays open with the message, and
 * what was already saved is not saved again.
 */
void
sesame_enroll_dialog_add (SesameEnrollDialog *self)
{
  g_autoptr(GPtrArray) selected = g_ptr_array_new ();

  g_return_if_fail (SESAME_IS_ENROLL_DIALOG (self));

  if (self->cancellable != NULL)
    return;

  if (self->checks->len == 0)
    {
      SesameAccount *account = g_ptr_array_index (self->accounts, 0);

      sesame_account_set_issuer (account, gtk_editable_get_text (GTK_EDITABLE (self->issuer_row)));
      sesame_account_set_name (account, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
    }

  for (guint i = 0; i < self->accounts->len; i++)
    if (is_selected (self, i))
      g_ptr_array_add (selected, g_ptr_array_index (self->accounts, i));

  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), FALSE);
  sesame_account_store_add_all_async (self->store, selected, SESAME_ADD_ALL_STOP_ON_ERROR, NULL, NULL,
                                      self->cancellable, on_all_added, g_object_ref (self));
}

static void
setup_single (SesameEnrollDialog *self)
{
  SesameAccount *account = g_ptr_array_index (self->accounts, 0);
  g_autofree char *kind = describe (account);
  char code[SESAME_OTP_CODE_SIZE];

  gtk_widget_set_visible (GTK_WIDGET (self->single_group), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->issuer_row), sesame_account_get_issuer (account));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), sesame_account_get_name (account));
  adw_action_row_set_subtitle (self->kind_row, kind);

  /* The current code lets people check it against the website before
   * saving. */
  if (sesame_account_code_at (account, sesame_clock_get_time (sesame_clock_get_default ()), code))
    {
      g_autofree char *grouped = sesame_text_group_code (code, sesame_account_get_otp_type (account));

      gtk_label_set_label (self->code_label, grouped);
    }

  if (sesame_account_store_find_duplicate (self->store, account) != NULL)
    show_error (self, _("This account is already in Sesame."));
}

static void
setup_batch (SesameEnrollDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->batch_group), TRUE);
  gtk_window_set_title (GTK_WINDOW (self), _("Add Accounts"));
  adw_preferences_group_set_title (self->batch_group, _("Accounts Found"));

  for (guint i = 0; i < self->accounts->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (self->accounts, i);
      gboolean duplicate = sesame_account_store_find_duplicate (self->store, account) != NULL;
      g_autofree char *kind = describe (account);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      if (duplicate)
        subtitle = g_strdup_printf ("%s — %s", sesame_account_get_name (account), _("already in Sesame"));
      else
        subtitle = g_strdup_printf ("%s — %s", sesame_account_get_name (account), kind);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sesame_account_get_display_name (account));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !duplicate);
      gtk_widget_set_sensitive (check, !duplicate);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_object (check, "toggled", G_CALLBACK (update_add_button), self, G_CONNECT_SWAPPED);

      adw_preferences_group_add (self->batch_group, row);
      g_ptr_array_add (self->checks, check);
    }
}

SesameEnrollDialog *
sesame_enroll_dialog_new (GtkWindow          *parent,
                          SesameAccountStore *store,
                          GPtrArray          *accounts,
                          guint               batch_index,
                          guint               batch_size)
{
  SesameEnrollDialog *self;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (accounts != NULL && accounts->len > 0, NULL);

  self = g_object_new (SESAME_TYPE_ENROLL_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->accounts = g_ptr_array_ref (accounts);

  if (accounts->len == 1 && batch_size <= 1)
    setup_single (self);
  else
    setup_batch (self);

  if (batch_size > 1)
    {
      g_autofree char *text = NULL;

      /* Translators: Google Authenticator splits large exports over several QR codes */
      text = g_strdup_printf (_("This is code %u of %u of a Google Authenticator export. "
                                "After adding these accounts, scan the next code."),
                              batch_index + 1, batch_size);
      gtk_label_set_label (self->batch_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->batch_label), TRUE);
    }

  update_add_button (self);

  /* Enter adds (the suggested action is the default); the first field
   * has the focus, its text not selected, so typing does not replace it. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
  if (self->checks->len == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->issuer_row));
      gtk_editable_select_region (GTK_EDITABLE (self->issuer_row), -1, -1);
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->add_button));

  return self;
}

static void
sesame_enroll_dialog_dispose (GObject *object)
{
  SesameEnrollDialog *self = SESAME_ENROLL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_ENROLL_DIALOG);

  G_OBJECT_CLASS (sesame_enroll_dialog_parent_class)->dispose (object);
}

static void
sesame_enroll_dialog_class_init (SesameEnrollDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_enroll_dialog_dispose;

  /**
   * SesameEnrollDialog::accounts-added:
   * @n_added: how many accounts the keyring confirmed
   */
  signals[ACCOUNTS_ADDED] =
    g_signal_new ("accounts-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-enroll-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, batch_label);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, single_group);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, SesameEnrollDialog, batch_group);
  gtk_widget_class_bind_template_callback (widget_class, sesame_enroll_dialog_add);
  sesame_closures_bind (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sesame_enroll_dialog_init (SesameEnrollDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
}
