/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-application.h"
#include "sesame-search-provider.h"
#include "sesame-window.h"

/* Started by D-Bus for the Shell's search, Sesame quits this long after its
 * last caller is done. */
#define INACTIVITY_TIMEOUT_MS (20 * 1000)

struct _SesameApplication
{
  AdwApplication parent_instance;

  SesameAccountStore *store;
  SesameSearchProvider *search_provider;
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

/**
 * sesame_application_get_store:
 *
 * The one account store of the process. $SESAME_KEYRING_SCHEMA names another
 * keyring schema than the app's own: tests use it so that they never see
 * real accounts.
 *
 * Returns: (transfer none): the store
 */
SesameAccountStore *
sesame_application_get_store (SesameApplication *self)
{
  g_return_val_if_fail (SESAME_IS_APPLICATION (self), NULL);

  if (self->store == NULL)
    self->store = sesame_account_store_new (g_getenv ("SESAME_KEYRING_SCHEMA"));

  return self->store;
}

static gboolean
sesame_application_dbus_register (GApplication     *app,
                                  GDBusConnection  *connection,
                                  const char       *object_path,
                                  GError          **error)
{
  SesameApplication *self = SESAME_APPLICATION (app);
  g_autofree char *path = NULL;

  if (!G_APPLICATION_CLASS (sesame_application_parent_class)->dbus_register (app, connection,
                                                                             object_path, error))
    return FALSE;

  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, INACTIVITY_TIMEOUT_MS);

  path = g_strconcat (object_path, "/SearchProvider", NULL);
  self->search_provider = sesame_search_provider_new (GTK_APPLICATION (app),
                                                      sesame_application_get_store (self));
  return sesame_search_provider_register (self->search_provider, connection, path, error);
}

static void
sesame_application_dbus_unregister (GApplication    *app,
                                    GDBusConnection *connection,
                                    const char      *object_path)
{
  SesameApplication *self = SESAME_APPLICATION (app);

  if (self->search_provider != NULL)
    sesame_search_provider_unregister (self->search_provider);

  G_APPLICATION_CLASS (sesame_application_parent_class)->dbus_unregister (app, connection, object_path);
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
sesame_application_dispose (GObject *object)
{
  SesameApplication *self = SESAME_APPLICATION (object);

  g_clear_object (&self->search_provider);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (sesame_application_parent_class)->dispose (object);
}

static void
sesame_application_class_init (SesameApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = sesame_application_dispose;
  app_class->activate = sesame_application_activate;
  app_class->open = sesame_application_open;
  app_class->dbus_register = sesame_application_dbus_register;
  app_class->dbus_unregister = sesame_application_dbus_unregister;
}

static void
sesame_application_init (SesameApplication *self)
{
}
