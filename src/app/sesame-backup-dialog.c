/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-backup-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-account.h"
#include "sesame-backup.h"
#include "sesame-backup-dialog.h"
#include "sesame-backup-dialog-private.h"
#include "sesame-choice-list.h"
#include "sesame-enums.h"
#include "sesame-export.h"
#include "sesame-secret.h"

/* Writes every account to an encrypted age file that any age tool opens
 * (`age -d`). The file is written to a temporary name, synced and renamed,
 * so a failure never leaves half a backup behind. */
struct _SesameBackupDialog
{
  AdwWindow parent_instance;

  GtkButton *save_button;
  GtkStack *stack;
  GtkLabel *intro_label;
  SesameChoiceList *format_choices;
  GtkCheckButton *plain_check;
  AdwPasswordEntryRow *passphrase_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel *hint_label;

  SesameAccountStore *store;
  GCancellable *cancellable;
  guint work_factor;
  guint n_accounts;
  guint n_total;      /* accounts in the store when the dialog opened */
};

G_DEFINE_FINAL_TYPE (SesameBackupDialog, sesame_backup_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Short passphrases are allowed (it is the person's file) but named for
 * what they are. */
#define GOOD_PASSPHRASE_LENGTH 12

static SesameExportFormat
get_format (SesameBackupDialog *self)
{
  return sesame_choice_list_get_value (self->format_choices);
}

gboolean
sesame_backup_dialog_can_save (SesameBackupDialog *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirmation = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));

  g_return_val_if_fail (SESAME_IS_BACKUP_DIALOG (self), FALSE);

  if (self->cancellable != NULL)
    return FALSE;

  /* A file with the keys in the clear needs an explicit yes. */
  if (!sesame_export_format_needs_passphrase (get_format (self)))
    return gtk_check_button_get_active (self->plain_check);

  return *passphrase != '\0' && g_strcmp0 (passphrase, confirmation) == 0;
}

/**
 * sesame_backup_dialog_set_format:
 * @format: what to write: a Sesame backup, or an export for another app
 */
void
sesame_backup_dialog_set_format (SesameBackupDialog *self,
                                 SesameExportFormat  format)
{
  g_return_if_fail (SESAME_IS_BACKUP_DIALOG (self));

  sesame_choice_list_set_value (self->format_choices, format);
}

/* Confirms that keys in the clear are really wanted (for tests and for
 * the check box alike). */
void
sesame_backup_dialog_set_plain_confirmed (SesameBackupDialog *self,
                                          gboolean            confirmed)
{
  g_return_if_fail (SESAME_IS_BACKUP_DIALOG (self));

  gtk_check_button_set_active (self->plain_check, confirmed);
}

/* What will be written, in the words of the chosen format: only the age
 * backup is opened with "age -d", and the plain ones say so. */
static void
update_intro (SesameBackupDialog *self)
{
  g_autofree char *intro = NULL;
  guint n = self->n_total;

  switch (get_format (self))
    {
    case SESAME_EXPORT_AEGIS:
      intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u account will be saved to an Aegis vault, encrypted with the passphrase, to import into Aegis.",
                                            "%u accounts will be saved to an Aegis vault, encrypted with the passphrase, to import into Aegis.",
                                            n), n);
      break;
    case SESAME_EXPORT_AEGIS_PLAIN:
      intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u account will be saved to an Aegis vault that is not encrypted, to import into Aegis.",
                                            "%u accounts will be saved to an Aegis vault that is not encrypted, to import into Aegis.",
                                            n), n);
      break;
    case SESAME_EXPORT_URIS:
      intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u account will be saved as otpauth:// links, one per line, not encrypted.",
                                            "%u accounts will be saved as otpauth:// links, one per line, not encrypted.",
                                            n), n);
      break;
    case SESAME_EXPORT_AGE:
    default:
      intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u account will be saved to an encrypted file. Any age tool can open it with the passphrase (age -d FILE).",
                                            "%u accounts will be saved to an encrypted file. Any age tool can open it with the passphrase (age -d FILE).",
                                            n), n);
      break;
    }

  gtk_label_set_label (self->intro_label, intro);
}

/* The introduction on show (tests). */
const char *
sesame_backup_dialog_get_intro (SesameBackupDialog *self)
{
  g_return_val_if_fail (SESAME_IS_BACKUP_DIALOG (self), NULL);

  return gtk_label_get_label (self->intro_label);
}

static void
on_passphrase_changed (SesameBackupDialog *self)
{
  gboolean encrypted = sesame_export_format_needs_passphrase (get_format (self));

  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));
  const char *confirmation = gtk_editable_get_text (GTK_EDITABLE (self->confirm_row));
  const char *hint;

  if (*passphrase == '\0')
    hint = _("Without the passphrase the backup cannot be opened, not even by you: keep it somewhere safe.");
  else if (*confirmation != '\0' && g_strcmp0 (passphrase, confirmation) != 0)
    hint = _("The passphrases do not match.");
  else if (g_utf8_strlen (passphrase, -1) < GOOD_PASSPHRASE_LENGTH)
    hint = _("A short passphrase can be guessed. Several unrelated words are both strong and easy to remember.");
  else
    hint = _("Without the passphrase the backup cannot be opened, not even by you: keep it somewhere safe.");

  if (!encrypted)
    hint = _("This file holds your keys in the clear: anyone who gets a copy can make your codes. "
             "Import it where it is going, then delete it.");

  update_intro (self);
  gtk_label_set_label (self->hint_label, hint);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), sesame_backup_dialog_can_save (self));
}

/* Which rows a format shows is said in the .ui, with these two. */
static gboolean
format_is_encrypted (gpointer unused,
                     int      format)
{
  return sesame_export_format_needs_passphrase (format);
}

static gboolean
format_is_plain (gpointer unused,
                 int      format)
{
  return !sesame_export_format_needs_passphrase (format);
}

static void
on_format_changed (SesameBackupDialog *self)
{
  gtk_check_button_set_active (self->plain_check, FALSE);
  on_passphrase_changed (self);
}

void
sesame_backup_dialog_set_passphrase (SesameBackupDialog *self,
                                     const char         *passphrase,
                                     const char         *confirmation)
{
  g_return_if_fail (SESAME_IS_BACKUP_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), passphrase);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), confirmation);
}

void
sesame_backup_dialog_set_work_factor (SesameBackupDialog *self,
                                      guint               work_factor)
{
  g_return_if_fail (SESAME_IS_BACKUP_DIALOG (self));

  self->work_factor = work_factor;
}

static void
on_written (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SesameBackupDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GFile *file = g_object_get_data (G_OBJECT (self), "file");

  if (!sesame_export_write_file_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_clear_object (&self->cancellable);
      gtk_stack_set_visible_child_name (self->stack, "form");
      on_passphrase_changed (self);
      gtk_label_set_label (self->hint_label, error->message);
      return;
    }

  g_signal_emit (self, signals[FINISHED], 0, file, self->n_accounts);
  gtk_window_destroy (GTK_WINDOW (self));
}

void
sesame_backup_dialog_save_to (SesameBackupDialog *self,
                              GFile              *file)
{
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(SesameSecureStr) passphrase = NULL;

  g_return_if_fail (SESAME_IS_BACKUP_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (!sesame_backup_dialog_can_save (self))
    return;

  passphrase = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row)));
  accounts = sesame_account_store_snapshot (self->store);
  self->n_accounts = accounts->len;
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "working");

  /* The file travels with the dialog so the toast can name it. */
  g_object_set_data_full (G_OBJECT (self), "file", g_object_ref (file), g_object_unref);
  sesame_export_write_file_async (file, accounts, get_format (self), passphrase, self->work_factor,
                                  self->cancellable, on_written, g_object_ref (self));
}

static void on_save_clicked (SesameBackupDialog *self);

/* Enter in the first field goes on to the confirmation; Enter there saves. */
static void
on_passphrase_activated (SesameBackupDialog *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
}

static void
on_confirm_activated (SesameBackupDialog *self)
{
  if (sesame_backup_dialog_can_save (self))
    on_save_clicked (self);
}

static void
on_file_chosen (GtkNativeDialog    *native,
                int                 response,
                SesameBackupDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      sesame_backup_dialog_save_to (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_save_clicked (SesameBackupDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;
  GtkFileChooserNative *native;

  switch (get_format (self))
    {
    case SESAME_EXPORT_AEGIS:
      name = g_strdup_printf ("aegis-export-%s.json", date);
      break;
    case SESAME_EXPORT_AEGIS_PLAIN:
      name = g_strdup_printf ("aegis-export-plain-%s.json", date);
      break;
    case SESAME_EXPORT_URIS:
      name = g_strdup_printf ("otpauth-links-%s.txt", date);
      break;
    case SESAME_EXPORT_AGE:
    default:
      name = g_strdup_printf ("sesame-backup-%s.age", date);
      break;
    }

  native = gtk_file_chooser_native_new (_("Save Backup"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

SesameBackupDialog *
sesame_backup_dialog_new (GtkWindow          *parent,
                          SesameAccountStore *store)
{
  SesameBackupDialog *self;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (SESAME_TYPE_BACKUP_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  self->n_total = g_list_model_get_n_items (G_LIST_MODEL (store));
  update_intro (self);
  /* The focus where the typing goes: it was on Cancel, so a passphrase
   * typed at once went nowhere and Enter cancelled. */
  if (sesame_export_format_needs_passphrase (get_format (self)))
    gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));

  return self;
}

static void
sesame_backup_dialog_dispose (GObject *object)
{
  SesameBackupDialog *self = SESAME_BACKUP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_BACKUP_DIALOG);

  G_OBJECT_CLASS (sesame_backup_dialog_parent_class)->dispose (object);
}

static void
sesame_backup_dialog_class_init (SesameBackupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_backup_dialog_dispose;

  /**
   * SesameBackupDialog::finished:
   * @file: the backup written
   * @n_accounts: how many accounts it holds
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_FILE, G_TYPE_UINT);

  g_type_ensure (SESAME_TYPE_CHOICE);
  g_type_ensure (SESAME_TYPE_CHOICE_LIST);
  g_type_ensure (SESAME_TYPE_EXPORT_FORMAT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-backup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, intro_label);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, format_choices);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, plain_check);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SesameBackupDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_passphrase_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed);
  gtk_widget_class_bind_template_callback (widget_class, format_is_encrypted);
  gtk_widget_class_bind_template_callback (widget_class, format_is_plain);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sesame_backup_dialog_init (SesameBackupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->work_factor = SESAME_AGE_DEFAULT_WORK_FACTOR;
  on_passphrase_changed (self);
}
