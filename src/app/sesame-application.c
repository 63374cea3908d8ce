/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-application.h"
#include "sesame-window.h"

struct _SesameApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SesameApplication, sesame_application, ADW_TYPE_APPLICATION)

SesameApplication *
sesame_application_new (void)
{
  return g_object_new (SESAME_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

static void
sesame_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (sesame_window_new (SESAME_APPLICATION (app)));

  gtk_window_present (window);
}

static void
sesame_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  sesame_application_activate (app);
}

static void
sesame_application_class_init (SesameApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = sesame_application_activate;
  app_class->open = sesame_application_open;
}

static void
sesame_application_init (SesameApplication *self)
{
}
