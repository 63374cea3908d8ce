/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-add-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-add-dialog.h"
#include "sesame-add-dialog-private.h"
#include "sesame-base32.h"
#include "sesame-choice-list.h"
#include "sesame-clock.h"
#include "sesame-closures.h"
#include "sesame-enrolment.h"
#include "sesame-enums.h"
#include "sesame-otpauth.h"
#include "sesame-text.h"

/* Keys shorter than this are typos, not keys: websites give 80 bits (16
 * characters) or more; RFC 4226 asks for at least 128. */
#define MIN_KEY_BYTES 10

/* Adding an account by hand. The key is checked as it is typed, and an
 * otpauth:// link pasted into any field fills them all. Nothing is saved
 * until the keyring confirms; if it refuses, the dialog stays open with
 * the reason and everything typed. */

struct _SesameAddDialog
{
  AdwWindow parent_instance;

  SesameAccountStore *store;
  GCancellable *cancellable;
  gboolean filling;
  gboolean saving;

  GtkButton *add_button;
  GtkSpinner *spinner;
  GtkLabel *error_label;
  AdwEntryRow *issuer_row;
  AdwEntryRow *name_row;
  AdwEntryRow *secret_row;
  GtkLabel *secret_message;
  AdwActionRow *code_row;
  GtkLabel *code_label;
  AdwExpanderRow *advanced_row;
  SesameChoiceList *type_choices;
  SesameChoiceList *algorithm_choices;
  GtkSpinButton *digits_spin;
  GtkSpinButton *period_spin;
  GtkSpinButton *counter_spin;
};

enum {
  ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesameAddDialog, sesame_add_dialog, ADW_TYPE_WINDOW)

SesameAddDialog *
sesame_add_dialog_new (GtkWindow          *parent,
                       SesameAccountStore *store)
{
  SesameAddDialog *self;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (SESAME_TYPE_ADD_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  return self;
}

/**
 * sesame_add_dialog_get_field:
 * @name: "issuer", "name" or "secret"
 *
 * Returns: (transfer none): the entry of that field (tests type into it)
 */
GtkEditable *
sesame_add_dialog_get_field (SesameAddDialog *self,
                             const char      *name)
{
  g_return_val_if_fail (SESAME_IS_ADD_DIALOG (self), NULL);

  if (g_str_equal (name, "issuer"))
    return GTK_EDITABLE (self->issuer_row);
  if (g_str_equal (name, "name"))
    return GTK_EDITABLE (self->name_row);
  if (g_str_equal (name, "secret"))
    return GTK_EDITABLE (self->secret_row);

  g_return_val_if_reached (NULL);
}

gboolean
sesame_add_dialog_get_can_add (SesameAddDialog *self)
{
  g_return_val_if_fail (SESAME_IS_ADD_DIALOG (self), FALSE);

  return gtk_widget_get_sensitive (GTK_WIDGET (self->add_button));
}

/* The message on show: about the key, or from the keyring; NULL if none. */
const char *
sesame_add_dialog_get_message (SesameAddDialog *self)
{
  g_return_val_if_fail (SESAME_IS_ADD_DIALOG (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return gtk_label_get_text (self->error_label);
  if (gtk_widget_get_visible (GTK_WIDGET (self->secret_message)))
    return gtk_label_get_text (self->secret_message);
  return NULL;
}

static SesameOtpType
selected_type (SesameAddDialog *self)
{
  return sesame_choice_list_get_value (self->type_choices);
}

static void
show_error (SesameAddDialog *self,
            const char      *message)
{
  /* Shown while it has words (sesame-add-dialog.ui). */
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
}

/* Validates everything; returns the decoded key when the form is good. */
static SesameSecret *
validate (SesameAddDialog *self,
          gboolean         show_secret_error)
{
  const char *secret_text = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  const char *issuer = gtk_editable_get_text (GTK_EDITABLE (self->issuer_row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) secret = NULL;

  secret = sesame_base32_decode (secret_text, -1, &error);
  if (secret != NULL && sesame_secret_get_size (secret) < MIN_KEY_BYTES)
    {
      g_clear_pointer (&secret, sesame_secret_unref);
      g_set_error (&error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_BASE32_LENGTH,
                   /* Translators: %u is a number of characters */
                   g_dngettext (GETTEXT_PACKAGE,
                                "This key is too short to be one: keys have at least 16 characters, this one has %u",
                                "This key is too short to be one: keys have at least 16 characters, this one has %u",
                                (guint) strlen (secret_text)),
                   (guint) strlen (secret_text));
    }

  if (!show_secret_error)
    ;
  else if (secret == NULL && *secret_text != '\0')
    {
      gtk_label_set_text (self->secret_message, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_row), "error");
    }
  else
    {
      gtk_label_set_text (self->secret_message, "");
      gtk_widget_remove_css_class (GTK_WIDGET (self->secret_row), "error");
    }

  if (secret == NULL)
    return NULL;

  /* The list needs something to call the account by. */
  if (*issuer == '\0' && *name == '\0')
    return NULL;

  return g_steal_pointer (&secret);
}

static SesameAccount *build_account (SesameAddDialog  *self,
                                     SesameSecret     *secret,
                                     GError          **error);

/* The code the form would make now, to check against the website before
 * saving; a dash while the form is not complete. */
static void
update_code (SesameAddDialog *self)
{
  g_autoptr(SesameSecret) secret = validate (self, FALSE);
  g_autoptr(SesameAccount) account = NULL;
  char code[SESAME_OTP_CODE_SIZE];

  if (secret != NULL)
    account = build_account (self, secret, NULL);
  if (account != NULL &&
      sesame_account_code_at (account, sesame_clock_get_time (sesame_clock_get_default ()), code))
    {
      g_autofree char *grouped = sesame_text_group_code (code, sesame_account_get_otp_type (account));

      gtk_label_set_label (self->code_label, grouped);
      sesame_memwipe (code, sizeof code);
    }
  else
    gtk_label_set_label (self->code_label, "—");
}

/* The code on show in the preview (tests). */
const char *
sesame_add_dialog_get_code (SesameAddDialog *self)
{
  g_return_val_if_fail (SESAME_IS_ADD_DIALOG (self), NULL);

  return gtk_label_get_label (self->code_label);
}

static void
update_add_button (SesameAddDialog *self)
{
  g_autoptr(SesameSecret) secret = validate (self, TRUE);

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_button), secret != NULL && !self->saving);
  update_code (self);
}

/* A pasted otpauth:// (or steam://) link fills every field. */
static gboolean
fill_from_uri (SesameAddDialog *self,
               const char      *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autoptr(SesameOtpauth) otp = NULL;
  g_autoptr(SesameSecureStr) secret = NULL;
  g_autoptr(GError) error = NULL;

  if (!sesame_enrolment_is_link (trimmed))
    {
      sesame_memwipe (trimmed, strlen (trimmed));
      return FALSE;
    }

  otp = sesame_otpauth_parse (trimmed, &error);
  sesame_memwipe (trimmed, strlen (trimmed));
  if (otp == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }

  secret = sesame_secret_to_base32 (otp->secret);

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->issuer_row), otp->issuer);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), otp->name);
  gtk_editable_set_text (GTK_EDITABLE (self->secret_row), secret);
  sesame_choice_list_set_value (self->type_choices, otp->type);
  sesame_choice_list_set_value (self->algorithm_choices, otp->algorithm);
  gtk_spin_button_set_value (self->digits_spin, otp->digits);
  gtk_spin_button_set_value (self->period_spin, otp->period);
  gtk_spin_button_set_value (self->counter_spin, (double) otp->counter);
  self->filling = FALSE;

  show_error (self, NULL);
  return TRUE;
}

static void
on_field_changed (SesameAddDialog *self,
                  GtkEditable     *editable)
{
  if (self->filling)
    return;

  if (fill_from_uri (self, gtk_editable_get_text (editable)))
    gtk_widget_grab_focus (GTK_WIDGET (self->add_button));

  update_add_button (self);
}

/* Which rows a type shows is said in the .ui, with these two. */
static gboolean
type_is (gpointer unused,
         int      type,
         int      wanted)
{
  return type == wanted;
}

static gboolean
type_is_not (gpointer unused,
             int      type,
             int      wanted)
{
  return type != wanted;
}

/* NULL with @error when the fields make no account (the spin buttons keep
 * them in range; the rules are sesame_otp_params_normalize()'s). */
static SesameAccount *
build_account (SesameAddDialog  *self,
               SesameSecret     *secret,
               GError          **error)
{
  g_autofree char *issuer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->issuer_row))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  SesameOtpParams p = {
    .type = selected_type (self),
    .algorithm = sesame_choice_list_get_value (self->algorithm_choices),
    .digits = gtk_spin_button_get_value_as_int (self->digits_spin),
    .period = gtk_spin_button_get_value_as_int (self->period_spin),
    .counter = (guint64) gtk_spin_button_get_value (self->counter_spin),
  };
  SesameAccount *account;

  if (!sesame_otp_params_normalize (&p, error))
    return NULL;

  account = sesame_account_new ();
  sesame_account_set_otp_type (account, p.type);
  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_secret (account, secret);
  sesame_account_set_algorithm (account, p.algorithm);
  sesame_account_set_digits (account, p.digits);
  sesame_account_set_period (account, p.period);
  sesame_account_set_counter (account, p.counter);

  return account;
}

static void
set_saving (SesameAddDialog *self,
            gboolean         saving)
{
  self->saving = saving;
  gtk_spinner_set_spinning (self->spinner, saving);
  update_add_button (self);
}

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SesameAddDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_add_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_saving (self, FALSE);
      show_error (self, error->message);
      return;
    }

  g_signal_emit (self, signals[ADDED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * sesame_add_dialog_add:
 *
 * Saves the account (what the Add button does). The dialog closes once the
 * keyring has it, and stays open with a message otherwise.
 */
void
sesame_add_dialog_add (SesameAddDialog *self)
{
  g_autoptr(SesameSecret) secret = NULL;
  g_autoptr(SesameAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *duplicate;

  g_return_if_fail (SESAME_IS_ADD_DIALOG (self));

  if (self->saving)
    return;

  secret = validate (self, TRUE);
  if (secret == NULL)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->secret_message)))
        show_error (self, NULL);
      else if (*gtk_editable_get_text (GTK_EDITABLE (self->secret_row)) == '\0')
        show_error (self, _("Type the key the website gave you"));
      else
        show_error (self, _("Give the account an issuer or a name"));
      return;
    }

  account = build_account (self, secret, &error);
  if (account == NULL)
    {
      show_error (self, error->message);
      return;
    }
  duplicate = sesame_account_store_find_duplicate (self->store, account);
  if (duplicate != NULL)
    {
      show_error (self, _("This account is already in Sesame, with the same key, issuer and name"));
      return;
    }

  show_error (self, NULL);
  set_saving (self, TRUE);
  sesame_account_store_add_async (self->store, account, self->cancellable, on_added, g_object_ref (self));
}

static void
on_add_clicked (SesameAddDialog *self)
{
  sesame_add_dialog_add (self);
}

static void
sesame_add_dialog_dispose (GObject *object)
{
  SesameAddDialog *self = SESAME_ADD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_ADD_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sesame_add_dialog_parent_class)->dispose (object);
}

static void
sesame_add_dialog_class_init (SesameAddDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_add_dialog_dispose;

  /**
   * SesameAddDialog::added:
   *
   * Emitted when the keyring has saved the new account, just before the
   * dialog closes.
   */
  signals[ADDED] = g_signal_new ("added",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  g_type_ensure (SESAME_TYPE_CHOICE);
  g_type_ensure (SESAME_TYPE_CHOICE_LIST);
  g_type_ensure (SESAME_TYPE_OTP_TYPE);
  g_type_ensure (SESAME_TYPE_OTP_ALGORITHM);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, add_button);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, secret_message);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, type_choices);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, algorithm_choices);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, digits_spin);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, period_spin);
  gtk_widget_class_bind_template_child (widget_class, SesameAddDialog, counter_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_code);
  gtk_widget_class_bind_template_callback (widget_class, type_is);
  gtk_widget_class_bind_template_callback (widget_class, type_is_not);
  sesame_closures_bind (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
sesame_add_dialog_init (SesameAddDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_code (self);
  /* The preview follows the time, as the website's does. */
  g_signal_connect_object (sesame_clock_get_default (), "tick", G_CALLBACK (update_code), self, G_CONNECT_SWAPPED);

  /* Typing starts in the first field, never on Cancel; Enter adds. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
  gtk_widget_grab_focus (GTK_WIDGET (self->issuer_row));
}
