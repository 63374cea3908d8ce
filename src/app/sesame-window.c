/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-window.h"

struct _SesameWindow
{
  AdwApplicationWindow parent_instance;

  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (SesameWindow, sesame_window, ADW_TYPE_APPLICATION_WINDOW)

SesameWindow *
sesame_window_new (SesameApplication *application)
{
  return g_object_new (SESAME_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
sesame_window_class_init (SesameWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, status_page);
}

static void
sesame_window_init (SesameWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}
