/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-choice-list.h"
#include "sesame-lock-preferences.h"
#include "sesame-settings.h"

struct _SesameLockPreferences
{
  AdwPreferencesPage parent_instance;

  AdwActionRow *place_row;
  GtkButton *move_button;
  SesameChoiceList *idle_choices;
  GtkSwitch *close_switch;

  SesameAccountStore *store;
  gboolean moving;
};

enum {
  PROP_0,
  PROP_STORE,
  PROP_MOVING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SesameLockPreferences, sesame_lock_preferences, ADW_TYPE_PREFERENCES_PAGE)

/* The Locking group's sensitivity follows the store's "protected", and
 * the move button is off while "moving", in the .ui; the words are set
 * here. */
static void
update (SesameLockPreferences *self)
{
  gboolean protected = sesame_account_store_get_protected (self->store);

  adw_action_row_set_subtitle (self->place_row,
                               protected
                               ? _("Your accounts are in a keyring collection of their own, “Sesame”, "
                                   "which Sesame locks")
                               : _("Your accounts are in the login keyring: every program you run can read "
                                   "them while you are logged in, so Sesame offers no lock there"));
  gtk_button_set_label (self->move_button, protected ? _("_Move Back") : _("_Protect…"));
}

static void
set_moving (SesameLockPreferences *self,
            gboolean               moving)
{
  if (self->moving == moving)
    return;
  self->moving = moving;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOVING]);
}

static void
on_moved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(SesameLockPreferences) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  set_moving (self, FALSE);
  if (!sesame_account_store_protect_finish (SESAME_ACCOUNT_STORE (source), result, NULL, &error) &&
      ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (error->message));
  update (self);
}

/* The keyring asks for the new password itself (or to unlock, for the
 * move back); Sesame never sees it. */
static void
on_move_clicked (SesameLockPreferences *self)
{
  set_moving (self, TRUE);
  sesame_account_store_protect_async (self->store, !sesame_account_store_get_protected (self->store),
                                      NULL, on_moved, g_object_ref (self));
}

AdwPreferencesPage *
sesame_lock_preferences_new (SesameAccountStore *store)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);

  return g_object_new (SESAME_TYPE_LOCK_PREFERENCES, "store", store, NULL);
}

static void
sesame_lock_preferences_constructed (GObject *object)
{
  SesameLockPreferences *self = SESAME_LOCK_PREFERENCES (object);
  GSettings *settings = sesame_settings_get_gsettings (sesame_settings_get_default ());

  G_OBJECT_CLASS (sesame_lock_preferences_parent_class)->constructed (object);

  /* The combo row follows the list (sesame-lock-preferences.ui). */
  g_settings_bind (settings, "lock-after-idle", self->idle_choices, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "lock-on-close", self->close_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->store, "notify::protected", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
sesame_lock_preferences_dispose (GObject *object)
{
  SesameLockPreferences *self = SESAME_LOCK_PREFERENCES (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_LOCK_PREFERENCES);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sesame_lock_preferences_parent_class)->dispose (object);
}

static void
sesame_lock_preferences_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  SesameLockPreferences *self = SESAME_LOCK_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_MOVING:
      g_value_set_boolean (value, self->moving);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_lock_preferences_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  SesameLockPreferences *self = SESAME_LOCK_PREFERENCES (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_lock_preferences_class_init (SesameLockPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sesame_lock_preferences_constructed;
  object_class->dispose = sesame_lock_preferences_dispose;
  object_class->get_property = sesame_lock_preferences_get_property;
  object_class->set_property = sesame_lock_preferences_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SESAME_TYPE_ACCOUNT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The store is being moved in or out of Sesame's collection. */
  properties[PROP_MOVING] =
    g_param_spec_boolean ("moving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SESAME_TYPE_CHOICE);
  g_type_ensure (SESAME_TYPE_CHOICE_LIST);
  g_type_ensure (SESAME_TYPE_ACCOUNT_STORE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-lock-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameLockPreferences, place_row);
  gtk_widget_class_bind_template_child (widget_class, SesameLockPreferences, move_button);
  gtk_widget_class_bind_template_child (widget_class, SesameLockPreferences, idle_choices);
  gtk_widget_class_bind_template_child (widget_class, SesameLockPreferences, close_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_move_clicked);
}

static void
sesame_lock_preferences_init (SesameLockPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
