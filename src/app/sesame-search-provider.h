/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_SEARCH_PROVIDER (sesame_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (SesameSearchProvider, sesame_search_provider, SESAME, SEARCH_PROVIDER, GObject)

SesameSearchProvider *sesame_search_provider_new        (GtkApplication       *application,
                                                         SesameAccountStore   *store);
gboolean              sesame_search_provider_register   (SesameSearchProvider *self,
                                                         GDBusConnection      *connection,
                                                         const char           *object_path,
                                                         GError              **error);
void                  sesame_search_provider_unregister (SesameSearchProvider *self);

G_END_DECLS
