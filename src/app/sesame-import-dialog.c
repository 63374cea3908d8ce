/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-account.h"
#include "sesame-age.h"
#include "sesame-backup.h"
#include "sesame-closures.h"
#include "sesame-import.h"
#include "sesame-import-dialog.h"
#include "sesame-import-dialog-private.h"
#include "sesame-secret.h"

/* Restores a Sesame backup or imports another authenticator's file (the
 * format is detected): asks for the password when the file needs one,
 * shows what would be added and what is skipped and why, and adds nothing
 * before the person confirms. A file that cannot be read imports nothing. */
struct _SesameImportDialog
{
  AdwWindow parent_instance;

  GtkButton *cancel_button;
  GtkButton *confirm_button;
  GtkStack *stack;
  AdwStatusPage *working_page;
  GtkSpinner *spinner;
  GtkProgressBar *progress_bar;
  GtkLabel *password_label;
  AdwPasswordEntryRow *password_row;
  GtkLabel *password_error;
  GtkLabel *summary_label;
  AdwPreferencesGroup *add_group;
  AdwPreferencesGroup *skip_group;
  AdwStatusPage *error_page;

  SesameAccountStore *store;
  GFile *file;
  GCancellable *cancellable;
  SesameImportResult *result;
  SesameRestorePlan *plan;
  gboolean adding;
  gboolean close_when_added;  /* closed while adding: cancelled, then closes */
};

G_DEFINE_FINAL_TYPE (SesameImportDialog, sesame_import_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_import (SesameImportDialog *self,
                          const char         *password);

const char *
sesame_import_dialog_get_page (SesameImportDialog *self)
{
  g_return_val_if_fail (SESAME_IS_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

guint
sesame_import_dialog_get_n_to_add (SesameImportDialog *self)
{
  g_return_val_if_fail (SESAME_IS_IMPORT_DIALOG (self), 0);

  return self->plan ? self->plan->to_add->len : 0;
}

/* The passphrase page's error line, or NULL while it is hidden (tests) */
const char *
sesame_import_dialog_get_password_error (SesameImportDialog *self)
{
  g_return_val_if_fail (SESAME_IS_IMPORT_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->password_error)))
    return NULL;
  return gtk_label_get_label (self->password_error);
}

guint
sesame_import_dialog_get_n_skipped (SesameImportDialog *self)
{
  g_return_val_if_fail (SESAME_IS_IMPORT_DIALOG (self), 0);

  if (self->plan == NULL)
    return 0;

  return self->plan->skipped->len + (self->result ? self->result->failures->len : 0);
}

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
}

static void
add_failures (SesameImportDialog *self,
              GPtrArray          *failures)
{
  for (guint i = 0; i < failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (failures, i);

      add_row (self->skip_group, failure->entry, failure->reason);
    }
}

/* The name under the issuer, then the tags it comes with (Aegis and 2FAS
 * groups, Stratum categories, andOTP tags), so the groups brought in are
 * seen before anything is added. */
static char *
describe_account (SesameAccount *account)
{
  const char * const *tags = sesame_account_get_groups (account);
  /* Not the name again when it is the title (no issuer). */
  const char *name = *sesame_account_get_issuer (account) != '\0' ? sesame_account_get_name (account) : "";
  g_autofree char *joined = NULL;
  g_autofree char *tag_line = NULL;

  if (tags[0] == NULL)
    return g_strdup (name);

  /* Translators: the separator between tags in a list, as in "Work, Home" */
  joined = g_strjoinv (_(", "), (char **) tags);
  /* Translators: %s is a list of tags, as in "Work, Home" */
  tag_line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Tag: %s", "Tags: %s", g_strv_length ((char **) tags)),
                              joined);
  if (*name == '\0')
    return g_steal_pointer (&tag_line);
  return g_strdup_printf ("%s\n%s", name, tag_line);
}

static void
show_summary (SesameImportDialog *self)
{
  guint n_add = sesame_import_dialog_get_n_to_add (self);
  guint n_skip = sesame_import_dialog_get_n_skipped (self);
  g_autofree char *summary = NULL;

  for (guint i = 0; i < self->plan->to_add->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (self->plan->to_add, i);

      g_autofree char *subtitle = describe_account (account);

      add_row (self->add_group, sesame_account_get_display_name (account), subtitle);
    }
  add_failures (self, self->plan->skipped);
  add_failures (self, self->result->failures);

  gtk_widget_set_visible (GTK_WIDGET (self->add_group), n_add > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->skip_group), n_skip > 0);

  if (n_add == 0)
    summary = g_strdup (_("Every account in this file is already in Sesame or cannot be imported. Nothing will be added."));
  else
    /* Translators: the second %s is the name of a file format, such as "Aegis vault" */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u account will be added from this %s file.",
                                            "%u accounts will be added from this %s file.", n_add),
                               n_add, self->result->format ? self->result->format : _("backup"));
  gtk_label_set_label (self->summary_label, summary);

  if (n_add > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Add %u Account", "_Add %u Accounts", n_add), n_add);

      gtk_button_set_label (self->confirm_button, label);
      gtk_widget_set_visible (GTK_WIDGET (self->confirm_button), TRUE);
      /* Enter adds them: the focus was on Cancel (#16.2, as in the
       * enrolment). */
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->confirm_button));
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_button));
    }
  else
    gtk_button_set_label (self->cancel_button, _("_Close"));

  gtk_stack_set_visible_child_name (self->stack, "summary");
}

static gboolean
is_wrong_password (const GError *error)
{
  return g_error_matches (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_WRONG_PASSWORD) ||
         g_error_matches (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE);
}

static void
show_password (SesameImportDialog *self,
               const char         *error_message)
{
  g_autofree char *basename = g_file_get_basename (self->file);
  g_autofree char *text = NULL;

  text = g_strdup_printf (_("“%s” is encrypted. Enter the passphrase it was saved with."), basename);
  gtk_label_set_label (self->password_label, text);
  /* Shown while it has words (sesame-import-dialog.ui). */
  gtk_label_set_label (self->password_error, error_message != NULL ? error_message : "");
  gtk_stack_set_visible_child_name (self->stack, "password");
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_imported (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SesameImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->result = sesame_import_file_finish (result, &error);
  if (self->result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (g_error_matches (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_PASSWORD_REQUIRED))
        show_password (self, NULL);
      else if (is_wrong_password (error))
        show_password (self, error->message);
      else
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_button_set_label (self->cancel_button, _("_Close"));
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      return;
    }

  self->plan = sesame_restore_plan_new (G_LIST_MODEL (self->store), self->result->accounts);
  show_summary (self);
}

static void
start_import (SesameImportDialog *self,
              const char         *password)
{
  /* A passphrase makes the key derivation run, which takes a moment. */
  adw_status_page_set_title (self->working_page, password ? _("Decrypting…") : _("Reading…"));
  gtk_stack_set_visible_child_name (self->stack, "working");

  sesame_import_file_async (self->file, NULL, password, self->cancellable, on_imported, g_object_ref (self));
}

void
sesame_import_dialog_unlock (SesameImportDialog *self,
                             const char         *password)
{
  g_autoptr(SesameSecureStr) copy = NULL;

  g_return_if_fail (SESAME_IS_IMPORT_DIALOG (self));

  if (password == NULL)
    password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  copy = g_strdup (password);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  start_import (self, copy);
}

static void
on_unlock_clicked (SesameImportDialog *self)
{
  sesame_import_dialog_unlock (self, NULL);
}

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  SesameImportDialog *self = user_data;
  g_autofree char *text = NULL;

  /* Destroyed meanwhile (its parent closed): the adding is cancelled. */
  if (self->progress_bar == NULL)
    return;

  /* Translators: progress of a restore or import; %u are numbers of accounts */
  text = g_strdup_printf (_("%u of %u"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 1.0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_all_added (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SesameImportDialog) self = user_data;
  g_autoptr(SesameAddAllResult) outcome = NULL;
  g_autoptr(GError) error = NULL;
  guint n_skipped;
  gboolean ok;

  ok = sesame_account_store_add_all_finish (SESAME_ACCOUNT_STORE (object), result, &outcome, &error);
  self->adding = FALSE;

  /* Accounts stored meanwhile (since the summary) count as skipped. */
  n_skipped = sesame_import_dialog_get_n_skipped (self) + outcome->existing->len;
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Cancelled between two accounts: the whole ones stay (restoring the
       * same file again adds only the rest), and the window says how many. */
      if (self->close_when_added)
        {
          g_signal_emit (self, signals[FINISHED], 0, outcome->added->len, n_skipped);
          gtk_window_destroy (GTK_WINDOW (self));
        }
      return;
    }

  if (!ok)
    {
      /* What was added stays; the rest is not tried again blindly. */
      gtk_label_set_label (self->summary_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->summary_label), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->confirm_button), FALSE);
      gtk_button_set_label (self->cancel_button, _("_Close"));
      gtk_stack_set_visible_child_name (self->stack, "summary");
      g_signal_emit (self, signals[FINISHED], 0, outcome->added->len, n_skipped);
      return;
    }

  g_signal_emit (self, signals[FINISHED], 0, outcome->added->len, n_skipped);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Closing (Cancel, Escape) while adding cancels between two accounts and
 * closes once the store has answered. */
static gboolean
on_close_request (SesameImportDialog *self)
{
  if (!self->adding)
    return FALSE;

  self->close_when_added = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  g_cancellable_cancel (self->cancellable);
  return TRUE;
}

void
sesame_import_dialog_confirm (SesameImportDialog *self)
{
  g_return_if_fail (SESAME_IS_IMPORT_DIALOG (self));
  g_return_if_fail (self->plan != NULL);

  adw_status_page_set_title (self->working_page, _("Adding…"));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  on_progress (0, self->plan->to_add->len, self);
  gtk_stack_set_visible_child_name (self->stack, "working");
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_button), FALSE);
  self->adding = TRUE;
  sesame_account_store_add_all_async (self->store, self->plan->to_add, SESAME_ADD_ALL_STOP_ON_ERROR,
                                      on_progress, self, self->cancellable, on_all_added, g_object_ref (self));
}

static void
on_confirm_clicked (SesameImportDialog *self)
{
  sesame_import_dialog_confirm (self);
}

SesameImportDialog *
sesame_import_dialog_new (GtkWindow          *parent,
                          SesameAccountStore *store,
                          GFile              *file)
{
  SesameImportDialog *self;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SESAME_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->file = g_object_ref (file);
  start_import (self, NULL);

  return self;
}

static void
sesame_import_dialog_dispose (GObject *object)
{
  SesameImportDialog *self = SESAME_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_pointer (&self->result, sesame_import_result_free);
  g_clear_pointer (&self->plan, sesame_restore_plan_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (sesame_import_dialog_parent_class)->dispose (object);
}

static void
sesame_import_dialog_class_init (SesameImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_import_dialog_dispose;

  /**
   * SesameImportDialog::finished:
   * @n_added: accounts the keyring confirmed
   * @n_skipped: accounts left out (already present, or unreadable)
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, confirm_button);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, working_page);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, password_label);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, password_error);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, add_group);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, skip_group);
  gtk_widget_class_bind_template_child (widget_class, SesameImportDialog, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_clicked);
  sesame_closures_bind (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sesame_import_dialog_init (SesameImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}
