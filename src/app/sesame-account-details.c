/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-account-details"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-account-details.h"
#include "sesame-account-details-private.h"
#include "sesame-qr-encode.h"
#include "sesame-qr-view.h"
#include "sesame-tags.h"

/* Everything about one account. Each change is saved to the keyring as soon
 * as it is made (the ✓ of an entry, a switch, a check box); if the keyring
 * refuses, the account goes back to how it was and a toast says why. The
 * key and the QR code are only shown after an explicit click. */

struct _SesameAccountDetails
{
  AdwWindow parent_instance;

  SesameAccountStore *store;
  SesameAccount *account;
  GCancellable *cancellable;
  GPtrArray *code_rows;
  GPtrArray *tag_rows;
  gboolean updating;
  gboolean closing;    /* saving the last edits, then closing */

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  AdwEntryRow *issuer_row;
  AdwEntryRow *name_row;
  AdwEntryRow *note_row;
  GtkSwitch *favorite_switch;
  AdwPreferencesGroup *tags_group;
  AdwEntryRow *tag_row;
  AdwActionRow *secret_row;
  GtkButton *reveal_button;
  GtkButton *qr_button;
  SesameQrView *qr_view;
  AdwExpanderRow *recovery_row;
  AdwExpanderRow *paste_row;
  GtkTextView *codes_view;
};

G_DEFINE_FINAL_TYPE (SesameAccountDetails, sesame_account_details, ADW_TYPE_WINDOW)

static void load_fields (SesameAccountDetails *self);

typedef struct
{
  SesameAccountDetails *self;
  SesameAccount *before;   /* to go back to if the keyring refuses */
  gboolean close_after;    /* the window waits for this save to close */
  char *typed_tags;        /* the tag entry's text this save took, given back if it fails */
} SaveData;

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveData *data = user_data;
  SesameAccountDetails *self = data->self;
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_update_finish (SESAME_ACCOUNT_STORE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The edit stays in the fields (and the window open) to try again. */
      self->closing = FALSE;
      sesame_account_assign (self->account, data->before);
      if (!data->close_after)
        load_fields (self);
      if (data->typed_tags != NULL && *gtk_editable_get_text (GTK_EDITABLE (self->tag_row)) == '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->tag_row), data->typed_tags);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }
  else if (data->close_after && error == NULL)
    gtk_window_destroy (GTK_WINDOW (self));

  g_object_unref (data->before);
  g_object_unref (data->self);
  g_free (data->typed_tags);
  g_free (data);
}

/* @before: (transfer full): the account as it was before the edit
 * @typed_tags: (nullable): what the tag entry held, when this save emptied it */
static void
save_full (SesameAccountDetails *self,
           SesameAccount        *before,
           gboolean              close_after,
           const char           *typed_tags)
{
  SaveData *data = g_new0 (SaveData, 1);

  data->self = g_object_ref (self);
  data->before = before;
  data->close_after = close_after;
  data->typed_tags = g_strdup (typed_tags);
  sesame_account_store_update_async (self->store, self->account, self->cancellable, on_saved, data);
}

static void
save (SesameAccountDetails *self,
      SesameAccount        *before)
{
  save_full (self, before, FALSE, NULL);
}

static void
update_recovery_subtitle (SesameAccountDetails *self)
{
  guint n = sesame_account_get_n_recovery_codes (self->account);
  g_autofree char *subtitle = NULL;
  guint n_used = 0;
  guint i;

  for (i = 0; i < n; i++)
    {
      gboolean used = FALSE;

      sesame_account_get_recovery_code (self->account, i, &used);
      n_used += used ? 1 : 0;
      if (i < self->code_rows->len)
        {
          GtkWidget *row = g_ptr_array_index (self->code_rows, i);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), used ? _("Used") : "");
          if (used)
            gtk_widget_add_css_class (row, "dim-label");
          else
            gtk_widget_remove_css_class (row, "dim-label");
        }
    }

  if (n == 0)
    subtitle = g_strdup (_("None saved"));
  else
    /* Translators: the number of recovery codes, then how many were used */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u code, %u used", "%u codes, %u used", n), n, n_used);
  adw_expander_row_set_subtitle (self->recovery_row, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_row), n > 0);
  /* Nothing to replace yet: say what it does. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->paste_row),
                                 n > 0 ? _("_Replace Recovery Codes") : _("_Add Recovery Codes"));
}

static void
on_code_used_toggled (SesameAccountDetails *self,
                      GParamSpec           *pspec,
                      GtkCheckButton       *check)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "code-index"));
  SesameAccount *before;

  if (self->updating)
    return;

  before = sesame_account_copy (self->account);
  sesame_account_set_recovery_code_used (self->account, index, gtk_check_button_get_active (check));
  save (self, before);
  /* Not a rebuild of the rows: this check box is inside one of them. */
  update_recovery_subtitle (self);
}

static void
load_recovery_codes (SesameAccountDetails *self)
{
  guint n = sesame_account_get_n_recovery_codes (self->account);
  guint i;

  for (i = 0; i < self->code_rows->len; i++)
    adw_expander_row_remove (self->recovery_row, g_ptr_array_index (self->code_rows, i));
  g_ptr_array_set_size (self->code_rows, 0);

  for (i = 0; i < n; i++)
    {
      gboolean used = FALSE;
      const char *code = sesame_account_get_recovery_code (self->account, i, &used);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), code);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), used ? _("Used") : "");
      gtk_widget_add_css_class (row, "monospace");
      if (used)
        gtk_widget_add_css_class (row, "dim-label");
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), used);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, _("Used"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Used"), -1);
      g_object_set_data (G_OBJECT (check), "code-index", GUINT_TO_POINTER (i));
      g_signal_connect_object (check, "notify::active", G_CALLBACK (on_code_used_toggled), self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);

      adw_expander_row_add_row (self->recovery_row, row);
      g_ptr_array_add (self->code_rows, row);
    }

  update_recovery_subtitle (self);
}

static void on_tag_remove_clicked (SesameAccountDetails *self,
                                   GtkButton            *button);

/* One row per tag, below the entry that adds them; the entry keeps what
 * is being typed. */
static void
load_tags (SesameAccountDetails *self)
{
  const char * const *tags = sesame_account_get_groups (self->account);

  for (guint i = 0; i < self->tag_rows->len; i++)
    adw_preferences_group_remove (self->tags_group, g_ptr_array_index (self->tag_rows, i));
  g_ptr_array_set_size (self->tag_rows, 0);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      /* Translators: the accessible name of a button; %s is a tag */
      g_autofree char *label = g_strdup_printf (_("Remove tag “%s”"), tags[i]);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tags[i]);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Tag"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_object_set_data_full (G_OBJECT (remove), "tag", g_strdup (tags[i]), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_tag_remove_clicked), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      g_object_set_data (G_OBJECT (row), "remove-button", remove);

      adw_preferences_group_add (self->tags_group, row);
      g_ptr_array_add (self->tag_rows, row);
    }
}

/* The remove button of the @i-th tag row. */
static GtkWidget *
tag_remove_button (SesameAccountDetails *self,
                   guint                 i)
{
  return g_object_get_data (G_OBJECT (g_ptr_array_index (self->tag_rows, i)), "remove-button");
}

/* The account's tags with those typed in the entry (not saved yet). */
static GStrv
tags_with_typed (SesameAccountDetails *self)
{
  g_auto(GStrv) typed = sesame_tags_parse (gtk_editable_get_text (GTK_EDITABLE (self->tag_row)));

  return sesame_tags_edit (sesame_account_get_groups (self->account), (const char * const *) typed, NULL);
}

static void
load_fields (SesameAccountDetails *self)
{
  self->updating = TRUE;
  adw_window_title_set_subtitle (self->window_title, sesame_account_get_display_name (self->account));
  gtk_editable_set_text (GTK_EDITABLE (self->issuer_row), sesame_account_get_issuer (self->account));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), sesame_account_get_name (self->account));
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), sesame_account_get_note (self->account));
  gtk_switch_set_active (self->favorite_switch, sesame_account_get_favorite (self->account));
  load_recovery_codes (self);
  load_tags (self);
  self->updating = FALSE;
}

/* Whether the issuer, name or note fields or the tag entry hold something
 * not saved. */
static gboolean
has_unsaved_edits (SesameAccountDetails *self)
{
  g_autofree char *issuer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->issuer_row))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  g_auto(GStrv) tags = tags_with_typed (self);

  return g_strcmp0 (issuer, sesame_account_get_issuer (self->account)) != 0 ||
         g_strcmp0 (name, sesame_account_get_name (self->account)) != 0 ||
         g_strcmp0 (note, sesame_account_get_note (self->account)) != 0 ||
         !g_strv_equal ((const char * const *) tags, sesame_account_get_groups (self->account));
}

/* Closing saves what was typed, as if ✓ had been pressed; the window
 * closes once the keyring has it, and stays open with the reason if not. */
static gboolean
sesame_account_details_close_request (GtkWindow *window)
{
  SesameAccountDetails *self = SESAME_ACCOUNT_DETAILS (window);
  g_autofree char *issuer = NULL;
  g_autofree char *name = NULL;
  g_auto(GStrv) tags = NULL;
  SesameAccount *before;

  if (self->closing)
    return TRUE;
  if (!has_unsaved_edits (self))
    return GTK_WINDOW_CLASS (sesame_account_details_parent_class)->close_request (window);

  issuer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->issuer_row))));
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  if (*issuer == '\0' && *name == '\0')
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Give the account an issuer or a name")));
      return TRUE;
    }

  self->closing = TRUE;
  tags = tags_with_typed (self);
  before = sesame_account_copy (self->account);
  sesame_account_set_issuer (self->account, issuer);
  sesame_account_set_name (self->account, name);
  sesame_account_set_note (self->account, gtk_editable_get_text (GTK_EDITABLE (self->note_row)));
  sesame_account_set_groups (self->account, (const char * const *) tags);
  save_full (self, before, TRUE, NULL);
  return TRUE;
}

static void
on_apply (SesameAccountDetails *self)
{
  g_autofree char *issuer = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->issuer_row))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));
  SesameAccount *before;

  if (*issuer == '\0' && *name == '\0')
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Give the account an issuer or a name")));
      load_fields (self);
      return;
    }

  before = sesame_account_copy (self->account);
  sesame_account_set_issuer (self->account, issuer);
  sesame_account_set_name (self->account, name);
  sesame_account_set_note (self->account, note);
  save (self, before);
  load_fields (self);
}

static void
on_favorite_toggled (SesameAccountDetails *self)
{
  gboolean favorite = gtk_switch_get_active (self->favorite_switch);
  SesameAccount *before;

  if (self->updating || favorite == sesame_account_get_favorite (self->account))
    return;

  before = sesame_account_copy (self->account);
  sesame_account_set_favorite (self->account, favorite);
  save (self, before);
}

/* Emptied for the next tag without the ✓ showing, as after an apply
 * (libadwaita 1.2 shows it for any change made while the entry has the
 * focus, and forgets it when the button is switched off). */
static void
clear_tag_entry (SesameAccountDetails *self)
{
  adw_entry_row_set_show_apply_button (self->tag_row, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_row), "");
  adw_entry_row_set_show_apply_button (self->tag_row, TRUE);
}

/* Enter, ✓ or a comma in the entry: the tags typed are saved at once, as
 * the ✓ of the other fields saves them. */
static void
on_tag_apply (SesameAccountDetails *self)
{
  g_auto(GStrv) tags = tags_with_typed (self);
  g_autofree char *typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tag_row)));
  SesameAccount *before;

  clear_tag_entry (self);
  if (g_strv_equal ((const char * const *) tags, sesame_account_get_groups (self->account)))
    return;

  before = sesame_account_copy (self->account);
  sesame_account_set_groups (self->account, (const char * const *) tags);
  /* If the keyring refuses, the typed text comes back to try again. */
  save_full (self, before, FALSE, typed);
  load_tags (self);
}

static gboolean
on_tag_key_pressed (SesameAccountDetails *self,
                    guint                 keyval,
                    guint                 keycode,
                    GdkModifierType       state)
{
  if (keyval != GDK_KEY_comma)
    return FALSE;
  on_tag_apply (self);
  return TRUE;
}

static void
on_tag_remove_clicked (SesameAccountDetails *self,
                       GtkButton            *button)
{
  const char *remove[] = { g_object_get_data (G_OBJECT (button), "tag"), NULL };
  g_auto(GStrv) tags = sesame_tags_edit (sesame_account_get_groups (self->account), NULL, remove);
  guint index = 0;
  SesameAccount *before;

  for (guint i = 0; i < self->tag_rows->len; i++)
    if (tag_remove_button (self, i) == GTK_WIDGET (button))
      index = i;

  before = sesame_account_copy (self->account);
  sesame_account_set_groups (self->account, (const char * const *) tags);
  save (self, before);
  load_tags (self);

  /* The focus was on the button just removed: the next tag's, or the
   * entry when none is left. */
  if (self->tag_rows->len > 0)
    gtk_widget_grab_focus (tag_remove_button (self, MIN (index, self->tag_rows->len - 1)));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->tag_row));
}

static void
on_reveal_clicked (SesameAccountDetails *self)
{
  SesameSecret *secret = sesame_account_get_secret (self->account);
  g_autoptr(SesameSecureStr) base32 = NULL;
  g_autoptr(GString) grouped = NULL;
  gsize i;

  if (secret == NULL)
    return;

  /* Groups of four, as people read keys out and type them. */
  base32 = sesame_secret_to_base32 (secret);
  grouped = g_string_new (NULL);
  for (i = 0; base32[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (grouped, ' ');
      g_string_append_c (grouped, base32[i]);
    }

  adw_action_row_set_subtitle (self->secret_row, grouped->str);
  gtk_widget_add_css_class (GTK_WIDGET (self->secret_row), "monospace");
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), FALSE);
  sesame_memwipe (grouped->str, grouped->len);
}

static gboolean
scroll_to_qr (gpointer data)
{
  SesameAccountDetails *self = data;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  graphene_point_t top;

  if (self->qr_view == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_SOURCE_REMOVE;
  /* Not laid out yet: look again after the next frame. */
  if (gtk_widget_get_height (GTK_WIDGET (self->qr_view)) == 0)
    return G_SOURCE_CONTINUE;
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->qr_view), GTK_TYPE_SCROLLED_WINDOW);
  if (scrolled == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self->qr_view), gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                 &GRAPHENE_POINT_INIT (0, 0), &top))
    return G_SOURCE_REMOVE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, MIN (top.y - 12, gtk_adjustment_get_upper (adjustment) -
                                                         gtk_adjustment_get_page_size (adjustment)));
  return G_SOURCE_REMOVE;
}

/* Shown (and scrolled to) for tests. */
gboolean
sesame_account_details_get_qr_in_view (SesameAccountDetails *self)
{
  GtkWidget *scrolled;
  graphene_rect_t bounds;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_DETAILS (self), FALSE);

  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self->qr_view), GTK_TYPE_SCROLLED_WINDOW);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->qr_view)) ||
      !gtk_widget_compute_bounds (GTK_WIDGET (self->qr_view), scrolled, &bounds))
    return FALSE;
  return bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= gtk_widget_get_height (scrolled) + 1;
}

static void
on_qr_clicked (SesameAccountDetails *self)
{
  g_autoptr(SesameOtpauth) otp = sesame_account_to_otpauth (self->account);
  g_autoptr(SesameSecureStr) uri = NULL;
  g_autoptr(SesameQrCode) code = NULL;
  g_autoptr(GError) error = NULL;

  if (otp == NULL)
    return;

  uri = sesame_otpauth_format (otp);
  code = sesame_qr_encode (uri, &error);
  if (code == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  sesame_qr_view_set_code (self->qr_view, code);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_view), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->qr_button), FALSE);
  /* It opens below the fold: bring it into view once it is laid out. */
  g_timeout_add_full (G_PRIORITY_LOW, 50, scroll_to_qr, g_object_ref (self), g_object_unref);
}

static void
on_save_codes_clicked (SesameAccountDetails *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->codes_view);
  GtkTextIter start, end;
  g_autoptr(SesameSecureStr) text = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_str_wipe_free);
  g_auto(GStrv) lines = NULL;
  SesameAccount *before;
  guint i;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (text, "\n", -1);
  for (i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line != '\0')
        g_ptr_array_add (codes, g_strdup (line));
      sesame_memwipe (lines[i], strlen (lines[i]));
    }
  g_ptr_array_add (codes, NULL);

  if (codes->len == 1)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Paste the codes first, one per line")));
      return;
    }

  before = sesame_account_copy (self->account);
  sesame_account_set_recovery_codes (self->account, (const char * const *) codes->pdata);
  save (self, before);

  gtk_text_buffer_set_text (buffer, "", 0);
  adw_expander_row_set_expanded (self->paste_row, FALSE);
  load_fields (self);
  adw_expander_row_set_expanded (self->recovery_row, TRUE);
}

/* Deleting is the parent window's action: its toast, which outlives this
 * window, offers the undo. It is asked first. */
static gboolean
destroy_window (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
on_delete_response (SesameAccountDetails *self,
                    const char           *response)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.delete-account", "s",
                                sesame_account_get_uuid (self->account));
  /* Not from inside the dialog's own response: it closes itself after. */
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_window, g_object_ref (self), g_object_unref);
}

static void
on_delete_clicked (SesameAccountDetails *self)
{
  const char *issuer = sesame_account_get_issuer (self->account);
  const char *name = sesame_account_get_name (self->account);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (*issuer != '\0' && *name != '\0')
    /* Translators: the first %s is an issuer, the second an account name */
    heading = g_strdup_printf (_("Delete “%s, %s”?"), issuer, name);
  else
    /* Translators: %s is an account's issuer or name */
    heading = g_strdup_printf (_("Delete “%s”?"), sesame_account_get_display_name (self->account));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("Its key and recovery codes are removed from the keyring. Undo brings them "
                                     "back while Sesame is open; after that, only a backup made before "
                                     "now still has them."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

SesameAccountDetails *
sesame_account_details_new (GtkWindow          *parent,
                            SesameAccountStore *store,
                            SesameAccount      *account)
{
  SesameAccountDetails *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (SESAME_IS_ACCOUNT (account), NULL);

  self = g_object_new (SESAME_TYPE_ACCOUNT_DETAILS,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->account = g_object_ref (account);
  load_fields (self);

  /* The first field has the focus, its text not selected: a key pressed
   * by mistake does not replace the issuer. */
  gtk_widget_grab_focus (GTK_WIDGET (self->issuer_row));
  gtk_editable_select_region (GTK_EDITABLE (self->issuer_row), -1, -1);

  return self;
}

static void
sesame_account_details_dispose (GObject *object)
{
  SesameAccountDetails *self = SESAME_ACCOUNT_DETAILS (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_ACCOUNT_DETAILS);
  g_clear_object (&self->store);
  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->code_rows, g_ptr_array_unref);
  g_clear_pointer (&self->tag_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sesame_account_details_parent_class)->dispose (object);
}

static void
sesame_account_details_class_init (SesameAccountDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_account_details_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = sesame_account_details_close_request;

  g_type_ensure (SESAME_TYPE_QR_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-account-details.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, window_title);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, name_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, note_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, favorite_switch);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, tags_group);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, tag_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, qr_button);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, qr_view);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, recovery_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, paste_row);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountDetails, codes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_favorite_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_tag_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_reveal_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_qr_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_codes_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
sesame_account_details_init (SesameAccountDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->code_rows = g_ptr_array_new ();
  self->tag_rows = g_ptr_array_new ();
  /* On the text, which has the focus, so a screen reader says what it
   * is for (the row's title is not its label in libadwaita 1.2). */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->tag_row))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Tags"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("Separate tags with commas"), -1);
}
