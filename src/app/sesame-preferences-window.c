/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-choice-list.h"
#include "sesame-preferences-window.h"
#include "sesame-settings.h"

struct _SesamePreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GtkAdjustment *clear_adjustment;
  GtkSwitch *next_switch;
  GtkSwitch *hide_switch;
  SesameChoiceList *sort_choices;
};

G_DEFINE_FINAL_TYPE (SesamePreferencesWindow, sesame_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

SesamePreferencesWindow *
sesame_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (SESAME_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}

static void
sesame_preferences_window_class_init (SesamePreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, clear_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, next_switch);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, hide_switch);
  gtk_widget_class_bind_template_child (widget_class, SesamePreferencesWindow, sort_choices);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);

  g_type_ensure (SESAME_TYPE_CHOICE);
  g_type_ensure (SESAME_TYPE_CHOICE_LIST);
  g_type_ensure (SESAME_TYPE_SORT_ORDER);
}

static void
sesame_preferences_window_init (SesamePreferencesWindow *self)
{
  SesameSettings *settings = sesame_settings_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (settings, "clipboard-clear-delay", self->clear_adjustment, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (settings, "show-next-code", self->next_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (settings, "hide-codes", self->hide_switch, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  /* The combo row follows the list (sesame-preferences-window.ui). */
  g_object_bind_property (settings, "sort-order", self->sort_choices, "value",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
}
