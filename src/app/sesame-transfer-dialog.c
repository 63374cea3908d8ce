/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-transfer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-migration.h"
#include "sesame-qr-view.h"
#include "sesame-transfer.h"
#include "sesame-transfer-dialog.h"
#include "sesame-transfer-dialog-private.h"

/* Export → Transfer to a Phone: the accounts as Google Authenticator
 * "Transfer accounts" QR codes, one after another ("Code 2 of 3"), then
 * the accounts that format cannot carry, each with the reason and, one by
 * one, its own otpauth:// code. */

struct _SesameTransferDialog
{
  AdwWindow parent_instance;

  AdwWindowTitle *window_title;
  GtkStack *stack;
  GtkLabel *code_label;
  SesameQrView *code_view;
  GtkLabel *code_accounts_label;
  GtkButton *previous_button;
  GtkButton *next_button;
  AdwPreferencesGroup *skipped_group;
  GtkButton *skipped_button;
  GtkListBox *skipped_list;
  GtkLabel *single_label;
  GtkLabel *single_reason_label;
  SesameQrView *single_view;
  GtkButton *single_previous_button;
  GtkButton *single_next_button;
  GtkButton *back_button;

  SesameTransfer *transfer;
  guint code_index;
  guint single_index;
  char *position;
};

G_DEFINE_FINAL_TYPE (SesameTransferDialog, sesame_transfer_dialog, ADW_TYPE_WINDOW)

static char *
describe (SesameAccount *account)
{
  const char *issuer = sesame_account_get_issuer (account);
  const char *name = sesame_account_get_name (account);

  if (*issuer != '\0' && *name != '\0')
    /* Translators: an account: issuer (account name). */
    return g_strdup_printf (_("%s (%s)"), issuer, name);
  return g_strdup (*issuer != '\0' ? issuer : name);
}

static void
set_position (SesameTransferDialog *self,
              char                 *position)
{
  g_free (self->position);
  self->position = position;
  adw_window_title_set_subtitle (self->window_title, position);
}

static void
show_code (SesameTransferDialog *self)
{
  guint n_codes = sesame_transfer_get_n_codes (self->transfer);
  g_autoptr(SesameQrCode) code = NULL;
  g_autoptr(SesameMigrationBatch) batch = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  /* Translators: which QR code is shown, "Code 2 of 3". */
  set_position (self, g_strdup_printf (_("Code %u of %u"), self->code_index + 1, n_codes));
  gtk_label_set_label (self->code_label, self->position);

  code = sesame_transfer_get_code (self->transfer, self->code_index, &error);
  sesame_qr_view_set_code (self->code_view, code);
  if (code == NULL)
    g_warning ("Transfer code %u cannot be drawn: %s", self->code_index + 1, error->message);

  /* Which accounts it holds, as the phone will read them. */
  batch = sesame_migration_parse (self->transfer->uris[self->code_index], NULL);
  for (guint i = 0; batch != NULL && i < batch->accounts->len; i++)
    {
      SesameOtpauth *otp = g_ptr_array_index (batch->accounts, i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, *otp->issuer != '\0' ? otp->issuer : otp->name);
    }
  gtk_label_set_label (self->code_accounts_label, names->str);

  gtk_widget_set_sensitive (GTK_WIDGET (self->previous_button), self->code_index > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), self->code_index + 1 < n_codes);
  gtk_stack_set_visible_child_name (self->stack, "codes");
}

static void
show_single (SesameTransferDialog *self)
{
  SesameTransferSkipped *skipped = g_ptr_array_index (self->transfer->skipped, self->single_index);
  g_autoptr(SesameQrCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = describe (skipped->account);

  /* Translators: which account is shown, "Account 2 of 4". */
  set_position (self, g_strdup_printf (_("Account %u of %u"), self->single_index + 1, self->transfer->skipped->len));
  gtk_label_set_label (self->single_label, title);
  gtk_label_set_label (self->single_reason_label, skipped->reason);

  code = sesame_transfer_encode_account (skipped->account, &error);
  sesame_qr_view_set_code (self->single_view, code);
  if (code == NULL)
    gtk_label_set_label (self->single_reason_label, error->message);

  gtk_widget_set_sensitive (GTK_WIDGET (self->single_previous_button), self->single_index > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->single_next_button),
                            self->single_index + 1 < self->transfer->skipped->len);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), sesame_transfer_get_n_codes (self->transfer) > 0);
  gtk_stack_set_visible_child_name (self->stack, "single");
}

/**
 * sesame_transfer_dialog_next:
 *
 * The next code, or the next account set apart.
 */
void
sesame_transfer_dialog_next (SesameTransferDialog *self)
{
  g_return_if_fail (SESAME_IS_TRANSFER_DIALOG (self));

  if (g_str_equal (sesame_transfer_dialog_get_page (self), "codes") &&
      self->code_index + 1 < sesame_transfer_get_n_codes (self->transfer))
    {
      self->code_index++;
      show_code (self);
    }
  else if (g_str_equal (sesame_transfer_dialog_get_page (self), "single") &&
           self->single_index + 1 < self->transfer->skipped->len)
    {
      self->single_index++;
      show_single (self);
    }
}

void
sesame_transfer_dialog_previous (SesameTransferDialog *self)
{
  g_return_if_fail (SESAME_IS_TRANSFER_DIALOG (self));

  if (g_str_equal (sesame_transfer_dialog_get_page (self), "codes") && self->code_index > 0)
    {
      self->code_index--;
      show_code (self);
    }
  else if (g_str_equal (sesame_transfer_dialog_get_page (self), "single") && self->single_index > 0)
    {
      self->single_index--;
      show_single (self);
    }
}

/* The accounts set apart, one by one. */
void
sesame_transfer_dialog_show_skipped (SesameTransferDialog *self)
{
  g_return_if_fail (SESAME_IS_TRANSFER_DIALOG (self));

  if (self->transfer == NULL || self->transfer->skipped->len == 0)
    return;
  show_single (self);
}

static void
on_back_clicked (SesameTransferDialog *self)
{
  show_code (self);
}

/* "codes", "single" or "empty" (for tests) */
const char *
sesame_transfer_dialog_get_page (SesameTransferDialog *self)
{
  g_return_val_if_fail (SESAME_IS_TRANSFER_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* "Code 2 of 3", "Account 1 of 4" */
const char *
sesame_transfer_dialog_get_position (SesameTransferDialog *self)
{
  g_return_val_if_fail (SESAME_IS_TRANSFER_DIALOG (self), NULL);

  return self->position;
}

/* The QR code shown now (for tests) */
GtkWidget *
sesame_transfer_dialog_get_qr_view (SesameTransferDialog *self)
{
  g_return_val_if_fail (SESAME_IS_TRANSFER_DIALOG (self), NULL);

  return g_str_equal (sesame_transfer_dialog_get_page (self), "single") ? GTK_WIDGET (self->single_view)
                                                                         : GTK_WIDGET (self->code_view);
}

static void
fill_skipped (SesameTransferDialog *self)
{
  guint n = self->transfer->skipped->len;
  g_autofree char *description = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), n > 0);
  if (n == 0)
    return;

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "This account does not fit the format; move it with its own code.",
                                              "These %u accounts do not fit the format; move them one by one with their own codes.",
                                              n),
                                 n);
  adw_preferences_group_set_description (self->skipped_group, description);

  for (guint i = 0; i < n; i++)
    {
      SesameTransferSkipped *skipped = g_ptr_array_index (self->transfer->skipped, i);
      g_autofree char *title = describe (skipped->account);
      g_autofree char *escaped_title = g_markup_escape_text (title, -1);
      g_autofree char *escaped_reason = g_markup_escape_text (skipped->reason, -1);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_reason);
      gtk_list_box_append (self->skipped_list, row);
    }
}

/**
 * sesame_transfer_dialog_new:
 * @accounts: (element-type SesameAccount): what to move (a snapshot)
 */
SesameTransferDialog *
sesame_transfer_dialog_new (GtkWindow *parent,
                            GPtrArray *accounts)
{
  SesameTransferDialog *self = g_object_new (SESAME_TYPE_TRANSFER_DIALOG,
                                             "transient-for", parent,
                                             NULL);

  self->transfer = sesame_transfer_new (accounts, NULL);
  if (self->transfer == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return self;
    }

  fill_skipped (self);
  if (sesame_transfer_get_n_codes (self->transfer) > 0)
    show_code (self);
  else
    show_single (self);

  return self;
}

static void
sesame_transfer_dialog_finalize (GObject *object)
{
  SesameTransferDialog *self = SESAME_TRANSFER_DIALOG (object);

  g_clear_pointer (&self->transfer, sesame_transfer_free);
  g_free (self->position);

  G_OBJECT_CLASS (sesame_transfer_dialog_parent_class)->finalize (object);
}

static void
sesame_transfer_dialog_class_init (SesameTransferDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sesame_transfer_dialog_finalize;

  g_type_ensure (SESAME_TYPE_QR_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sesame/Sesame/sesame-transfer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, code_view);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, code_accounts_label);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, previous_button);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, skipped_group);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, skipped_button);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, skipped_list);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, single_label);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, single_reason_label);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, single_view);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, single_previous_button);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, single_next_button);
  gtk_widget_class_bind_template_child (widget_class, SesameTransferDialog, back_button);
  gtk_widget_class_bind_template_callback (widget_class, sesame_transfer_dialog_next);
  gtk_widget_class_bind_template_callback (widget_class, sesame_transfer_dialog_previous);
  gtk_widget_class_bind_template_callback (widget_class, sesame_transfer_dialog_show_skipped);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sesame_transfer_dialog_init (SesameTransferDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
