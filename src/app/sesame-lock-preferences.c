/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-lock-preferences.h"
#include "sesame-settings.h"

/* The idle choices, in seconds (0: never). */
static const guint idle_seconds[] = { 0, 60, 300, 900, 1800, 3600 };

typedef struct
{
  SesameAccountStore *store;
  AdwActionRow *place_row;
  GtkButton *move_button;
  AdwPreferencesGroup *lock_group;
  gboolean moving;
} Page;

static void
page_free (gpointer data)
{
  Page *page = data;

  g_clear_object (&page->store);
  g_free (page);
}

static void
update (Page *page)
{
  gboolean protected = sesame_account_store_get_protected (page->store);

  adw_action_row_set_subtitle (page->place_row,
                               protected
                               ? _("Your accounts are in a keyring collection of their own, “Sesame”, "
                                   "which Sesame locks")
                               : _("Your accounts are in the login keyring: every program you run can read "
                                   "them while you are logged in, so Sesame offers no lock there"));
  gtk_button_set_label (page->move_button, protected ? _("_Move Back") : _("_Protect…"));
  gtk_widget_set_sensitive (GTK_WIDGET (page->move_button), !page->moving);
  gtk_widget_set_sensitive (GTK_WIDGET (page->lock_group), protected);
}

static void
on_protected_changed (GtkWidget *widget)
{
  update (g_object_get_data (G_OBJECT (widget), "sesame-lock-page"));
}

static void
on_moved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  Page *page = g_object_get_data (G_OBJECT (widget), "sesame-lock-page");
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  page->moving = FALSE;
  if (!sesame_account_store_protect_finish (SESAME_ACCOUNT_STORE (source), result, NULL, &error) &&
      ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (error->message));
  update (page);
}

/* The keyring asks for the new password itself (or to unlock, for the
 * move back); Sesame never sees it. */
static void
on_move_clicked (GtkButton *button,
                 GtkWidget *widget)
{
  Page *page = g_object_get_data (G_OBJECT (widget), "sesame-lock-page");

  page->moving = TRUE;
  update (page);
  sesame_account_store_protect_async (page->store, !sesame_account_store_get_protected (page->store),
                                      NULL, on_moved, g_object_ref (widget));
}

static gboolean
seconds_to_position (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  guint seconds = g_variant_get_uint32 (variant);
  guint best = 0;

  /* The nearest choice at or below; any idle time is at least 1 minute. */
  for (guint i = 0; i < G_N_ELEMENTS (idle_seconds); i++)
    if (idle_seconds[i] <= seconds)
      best = i;
  if (seconds > 0 && best == 0)
    best = 1;
  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
position_to_seconds (const GValue       *value,
                     const GVariantType *type,
                     gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= G_N_ELEMENTS (idle_seconds))
    return NULL;
  return g_variant_new_uint32 (idle_seconds[position]);
}

AdwPreferencesPage *
sesame_lock_preferences_new (SesameAccountStore *store)
{
  GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  AdwPreferencesPage *widget = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group;
  AdwComboRow *idle_row;
  AdwActionRow *close_row;
  GtkWidget *close_switch;
  const char *choices[] = {
    N_("Never"), N_("After 1 Minute"), N_("After 5 Minutes"), N_("After 15 Minutes"),
    N_("After 30 Minutes"), N_("After 1 Hour"), NULL
  };
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  Page *page = g_new0 (Page, 1);

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);

  page->store = g_object_ref (store);
  g_object_set_data_full (G_OBJECT (widget), "sesame-lock-page", page, page_free);
  adw_preferences_page_set_title (widget, _("Security"));
  adw_preferences_page_set_icon_name (widget, "system-lock-screen-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Separate Password"));
  adw_preferences_group_set_description (group,
    _("Locked, the accounts cannot be read by any program, Sesame included, until you type the password in "
      "the keyring’s own prompt. Untick its “Automatically unlock” box, or any program can unlock them."));
  page->place_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (page->place_row), _("Protect with a Separate Password"));
  page->move_button = GTK_BUTTON (gtk_button_new ());
  gtk_button_set_use_underline (page->move_button, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (page->move_button), GTK_ALIGN_CENTER);
  g_signal_connect_object (page->move_button, "clicked", G_CALLBACK (on_move_clicked), widget, 0);
  adw_action_row_add_suffix (page->place_row, GTK_WIDGET (page->move_button));
  adw_preferences_group_add (group, GTK_WIDGET (page->place_row));
  adw_preferences_page_add (widget, group);

  page->lock_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (page->lock_group, _("Locking"));
  adw_preferences_group_set_description (page->lock_group,
    _("Sesame also locks when the screen locks, and on Lock (Ctrl+L)."));
  for (guint i = 0; choices[i] != NULL; i++)
    gtk_string_list_append (list, _(choices[i]));
  idle_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (idle_row), _("Lock When Idle"));
  adw_combo_row_set_model (idle_row, G_LIST_MODEL (list));
  g_settings_bind_with_mapping (settings, "lock-after-idle", idle_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                seconds_to_position, position_to_seconds, NULL, NULL);
  adw_preferences_group_add (page->lock_group, GTK_WIDGET (idle_row));

  close_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (close_row), _("Lock When the Window Closes"));
  close_switch = gtk_switch_new ();
  gtk_widget_set_valign (close_switch, GTK_ALIGN_CENTER);
  g_settings_bind (settings, "lock-on-close", close_switch, "active", G_SETTINGS_BIND_DEFAULT);
  adw_action_row_add_suffix (close_row, close_switch);
  adw_action_row_set_activatable_widget (close_row, close_switch);
  adw_preferences_group_add (page->lock_group, GTK_WIDGET (close_row));
  adw_preferences_page_add (widget, page->lock_group);

  g_signal_connect_object (store, "notify::protected", G_CALLBACK (on_protected_changed), widget,
                           G_CONNECT_SWAPPED);
  update (page);

  return widget;
}
