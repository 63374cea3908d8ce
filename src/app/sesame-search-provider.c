/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-search-provider"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-copier.h"
#include "sesame-search-provider.h"
#include "sesame-secret.h"
#include "sesame-text.h"

/* GNOME Shell's search provider: typing in the overview lists the accounts
 * whose issuer or name matches (never a code or a key in the result text);
 * choosing one copies its current code with the app's clipboard rules and
 * shows a notification that is taken back when the code expires.
 *
 * Without a window the keyring may have changed behind our back (sesame-cli),
 * so a new search and an activation reload the store first; with a window the
 * store is the window's, always current. */

#define NOTIFICATION_ID "code-copied"
/* How long the notification of an HOTP code stays when the clipboard is
 * never cleared: HOTP codes do not expire. */
#define HOTP_NOTIFICATION_MS (30 * 1000)

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

struct _SesameSearchProvider
{
  GObject parent_instance;

  GtkApplication *application;      /* unowned: the application owns us */
  SesameAccountStore *store;
  SesameCopier *copier;             /* made on the first copy: it needs the display */
  GCancellable *cancellable;

  GDBusConnection *connection;
  guint registration_id;

  GQueue pending;                   /* GDBusMethodInvocation waiting for a load */
  gboolean loading;

  guint withdraw_id;                /* takes the notification back */
  guint release_id;                 /* lets the application quit when we are done */
};

G_DEFINE_FINAL_TYPE (SesameSearchProvider, sesame_search_provider, G_TYPE_OBJECT)

SesameSearchProvider *
sesame_search_provider_new (GtkApplication     *application,
                            SesameAccountStore *store)
{
  SesameSearchProvider *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (SESAME_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  self->store = g_object_ref (store);
  return self;
}

/* Matching */

/* GNOME Shell cuts what was typed into terms; the query is the same as
 * the window's (sesame_account_matches_query()). No terms, no results. */
static SesameTextQuery *
query_new (const char * const *terms)
{
  g_autofree char *text = g_strjoinv (" ", (char **) terms);

  return sesame_text_query_new (text);
}

static gboolean
account_matches (SesameAccount         *account,
                 const SesameTextQuery *query)
{
  return !sesame_text_query_is_empty (query) &&
         sesame_account_matches_query (account, query);
}

/* While the accounts are locked, the one result there is: it opens the
 * window, whose locked page has the Unlock button. Never an account. */
#define LOCKED_RESULT_ID "sesame-locked"

static GVariant *
locked_results (void)
{
  const char *ids[] = { LOCKED_RESULT_ID, NULL };

  return g_variant_new ("(^as)", ids);
}

static GVariant *
initial_results (SesameSearchProvider *self,
                 const char * const   *terms)
{
  g_autoptr(SesameTextQuery) query = query_new (terms);
  g_autoptr(GStrvBuilder) favorites = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) others = g_strv_builder_new ();
  g_auto(GStrv) first = NULL;
  g_auto(GStrv) rest = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  if (sesame_account_store_get_locked (self->store))
    return locked_results ();

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (!account_matches (account, query))
        continue;
      g_strv_builder_add (sesame_account_get_favorite (account) ? favorites : others,
                          sesame_account_get_uuid (account));
    }

  /* Favorites first, as in the window. */
  rest = g_strv_builder_end (others);
  g_strv_builder_addv (favorites, (const char **) rest);
  first = g_strv_builder_end (favorites);

  return g_variant_new ("(^as)", first);
}

/* A new search rather than a filter of @previous: GNOME Shell sends the
 * subsearch with no previous results when the first answer came late (the
 * store still loading after D-Bus activation), and longer terms only narrow
 * a search anyway. */
static GVariant *
subsearch_results (SesameSearchProvider *self,
                   const char * const   *previous,
                   const char * const   *terms)
{
  return initial_results (self, terms);
}

/* Issuer and name only: a result never shows a code or a key. An id that is
 * gone (the account was deleted) simply has no meta. */
static GVariant *
result_metas (SesameSearchProvider *self,
              const char * const   *ids)
{
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  g_autofree char *icon_name = g_icon_to_string (icon);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      SesameAccount *account = sesame_account_store_lookup (self->store, ids[i]);
      const char *issuer;
      const char *name;

      if (g_str_equal (ids[i], LOCKED_RESULT_ID) && sesame_account_store_get_locked (self->store))
        {
          g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
          g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (ids[i]));
          g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (_("Sesame Is Locked")));
          g_variant_builder_add (&builder, "{sv}", "description",
                                 g_variant_new_string (_("Open Sesame and unlock to search your accounts")));
          g_variant_builder_add (&builder, "{sv}", "gicon", g_variant_new_string (icon_name));
          g_variant_builder_close (&builder);
          continue;
        }

      if (account == NULL)
        {
          g_debug ("No account %s for a result meta", ids[i]);
          continue;
        }

      issuer = sesame_account_get_issuer (account);
      name = sesame_account_get_name (account);
      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (ids[i]));
      g_variant_builder_add (&builder, "{sv}", "name",
                             g_variant_new_string (sesame_account_get_display_name (account)));
      g_variant_builder_add (&builder, "{sv}", "description",
                             g_variant_new_string (*issuer != '\0' ? name : ""));
      g_variant_builder_add (&builder, "{sv}", "gicon", g_variant_new_string (icon_name));
      g_variant_builder_close (&builder);
    }

  return g_variant_new ("(aa{sv})", &builder);
}

/* Activation */

static gboolean
on_release_timeout (gpointer user_data)
{
  SesameSearchProvider *self = user_data;

  self->release_id = 0;
  g_application_release (G_APPLICATION (self->application));
  return G_SOURCE_REMOVE;
}

/* Keeps the application running for @ms: the clipboard's content and the
 * timers live in this process, which D-Bus activation started for a moment. */
static void
stay_alive (SesameSearchProvider *self,
            guint                 ms)
{
  if (self->release_id == 0)
    g_application_hold (G_APPLICATION (self->application));
  else
    g_source_remove (self->release_id);

  self->release_id = g_timeout_add (ms, on_release_timeout, self);
}

static gboolean
on_withdraw_timeout (gpointer user_data)
{
  SesameSearchProvider *self = user_data;

  self->withdraw_id = 0;
  g_application_withdraw_notification (G_APPLICATION (self->application), NOTIFICATION_ID);
  return G_SOURCE_REMOVE;
}

static void
send_notification (SesameSearchProvider *self,
                   SesameAccount        *account,
                   guint                 remaining,
                   guint                 delay,
                   guint                 lifetime_ms)
{
  g_autoptr(GNotification) notification = g_notification_new (_("Code Copied"));
  const char *display_name = sesame_account_get_display_name (account);
  g_autofree char *validity = NULL;
  g_autofree char *clearing = NULL;
  g_autofree char *body = NULL;

  if (remaining > 0)
    /* Translators: %s is an account (“GitHub”), %u a number of seconds */
    validity = g_strdup_printf (g_dngettext (NULL, "The code of %s is valid for %u more second.",
                                             "The code of %s is valid for %u more seconds.", remaining),
                                display_name, remaining);
  else
    /* Translators: %s is an account (“GitHub”) */
    validity = g_strdup_printf (_("The code of %s is on the clipboard."), display_name);

  if (delay > 0)
    /* Translators: %u is a number of seconds */
    clearing = g_strdup_printf (g_dngettext (NULL, "The clipboard clears in %u second.",
                                             "The clipboard clears in %u seconds.", delay),
                                delay);

  body = clearing != NULL ? g_strjoin (" ", validity, clearing, NULL) : g_strdup (validity);
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self->application), NOTIFICATION_ID, notification);

  g_clear_handle_id (&self->withdraw_id, g_source_remove);
  self->withdraw_id = g_timeout_add (lifetime_ms, on_withdraw_timeout, self);
}

static SesameCopier *
ensure_copier (SesameSearchProvider *self)
{
  g_autoptr(SesameClipboard) clipboard = NULL;
  GdkDisplay *display;

  if (self->copier != NULL)
    return self->copier;

  display = gdk_display_get_default ();
  if (display == NULL)
    return NULL;

  clipboard = sesame_clipboard_new (gdk_display_get_clipboard (display));
  self->copier = sesame_copier_new (self->store, clipboard);
  return self->copier;
}

static void
activate_result (SesameSearchProvider *self,
                 const char           *id)
{
  SesameAccount *account = sesame_account_store_lookup (self->store, id);
  SesameCopier *copier;
  SesameCopyReport report;
  g_autoptr(GError) error = NULL;
  guint lifetime_ms;

  if (g_str_equal (id, LOCKED_RESULT_ID))
    {
      g_application_activate (G_APPLICATION (self->application));
      return;
    }

  /* Deleted since the search, or never there: nothing to copy. */
  if (account == NULL)
    {
      g_debug ("No account %s to activate", id);
      return;
    }

  copier = ensure_copier (self);
  if (copier == NULL)
    {
      g_debug ("No display, so no clipboard to copy to");
      return;
    }

  if (!sesame_copier_copy (copier, account, &report, &error))
    {
      g_debug ("Account %s: %s", id, error->message);
      return;
    }

  /* The notification goes when the code expires (to the millisecond); an
   * HOTP code does not expire, so it goes with the clipboard's content. */
  if (report.remaining > 0)
    lifetime_ms = report.remaining * 1000 - (guint) ((report.now_usec / 1000) % 1000);
  else
    lifetime_ms = report.clear_delay > 0 ? report.clear_delay * 1000 : HOTP_NOTIFICATION_MS;
  send_notification (self, account, report.remaining, report.clear_delay, lifetime_ms);
  stay_alive (self, MAX (lifetime_ms, report.clear_delay * 1000) + 1000);
}

/* D-Bus */

static void
dispatch (SesameSearchProvider  *self,
          GDBusMethodInvocation *invocation)
{
  const char *method = g_dbus_method_invocation_get_method_name (invocation);
  GVariant *parameters = g_dbus_method_invocation_get_parameters (invocation);
  g_autofree const char **terms = NULL;
  g_autofree const char **previous = NULL;
  const char *id = NULL;

  if (g_str_equal (method, "GetInitialResultSet"))
    {
      g_variant_get (parameters, "(^a&s)", &terms);
      g_dbus_method_invocation_return_value (invocation, initial_results (self, terms));
    }
  else if (g_str_equal (method, "GetSubsearchResultSet"))
    {
      g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
      g_dbus_method_invocation_return_value (invocation, subsearch_results (self, previous, terms));
    }
  else if (g_str_equal (method, "GetResultMetas"))
    {
      g_variant_get (parameters, "(^a&s)", &terms);
      g_dbus_method_invocation_return_value (invocation, result_metas (self, terms));
    }
  else if (g_str_equal (method, "ActivateResult"))
    {
      g_variant_get (parameters, "(&s^a&su)", &id, &terms, NULL);
      activate_result (self, id);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method, "LaunchSearch"))
    {
      g_application_activate (G_APPLICATION (self->application));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "Unknown method %s", method);
    }

  g_application_release (G_APPLICATION (self->application));
}

static void
on_store_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SesameSearchProvider) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusMethodInvocation *invocation;

  /* A locked or missing keyring gives no results, not a failed search:
   * the Shell shows the other providers' results as usual. */
  if (!sesame_account_store_load_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    g_debug ("Could not load the accounts: %s", error->message);

  self->loading = FALSE;
  while ((invocation = g_queue_pop_head (&self->pending)) != NULL)
    dispatch (self, invocation);
}

/* Whether @method needs the store (re)loaded before it can answer. */
static gboolean
needs_load (SesameSearchProvider *self,
            const char           *method)
{
  /* A window keeps the store current, or is loading it itself. */
  if (gtk_application_get_windows (self->application) != NULL)
    return FALSE;

  if (!sesame_account_store_get_loaded (self->store))
    return TRUE;

  /* Alone, we may have missed changes by sesame-cli since the last search. */
  return g_str_equal (method, "GetInitialResultSet") || g_str_equal (method, "ActivateResult");
}

static void
handle_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  SesameSearchProvider *self = user_data;

  /* Until the answer is sent, even if the store has to load first. */
  g_application_hold (G_APPLICATION (self->application));

  if (!self->loading && !needs_load (self, method_name))
    {
      dispatch (self, invocation);
      return;
    }

  g_queue_push_tail (&self->pending, invocation);
  if (!self->loading)
    {
      self->loading = TRUE;
      sesame_account_store_load_async (self->store, self->cancellable,
                                       on_store_loaded, g_object_ref (self));
    }
}

static const GDBusInterfaceVTable vtable = {
  .method_call = handle_method_call,
};

/**
 * sesame_search_provider_register:
 * @object_path: where GNOME Shell looks for it (the .ini file's ObjectPath)
 *
 * Exports the provider on @connection.
 */
gboolean
sesame_search_provider_register (SesameSearchProvider  *self,
                                 GDBusConnection       *connection,
                                 const char            *object_path,
                                 GError               **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (SESAME_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (info == NULL)
    return FALSE;

  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             info->interfaces[0], &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  self->connection = g_object_ref (connection);
  return TRUE;
}

void
sesame_search_provider_unregister (SesameSearchProvider *self)
{
  g_return_if_fail (SESAME_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

static void
sesame_search_provider_dispose (GObject *object)
{
  SesameSearchProvider *self = SESAME_SEARCH_PROVIDER (object);
  GDBusMethodInvocation *invocation;

  g_cancellable_cancel (self->cancellable);
  sesame_search_provider_unregister (self);

  while ((invocation = g_queue_pop_head (&self->pending)) != NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                     "Sesame is quitting");
      g_application_release (G_APPLICATION (self->application));
    }

  g_clear_handle_id (&self->withdraw_id, g_source_remove);
  if (self->release_id != 0)
    {
      g_clear_handle_id (&self->release_id, g_source_remove);
      g_application_release (G_APPLICATION (self->application));
    }

  g_clear_object (&self->copier);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (sesame_search_provider_parent_class)->dispose (object);
}

static void
sesame_search_provider_class_init (SesameSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_search_provider_dispose;
}

static void
sesame_search_provider_init (SesameSearchProvider *self)
{
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->pending);
}
