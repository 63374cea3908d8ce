/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-search-provider"

#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-secret.h"
#include "sesame-test-utils.h"

/* The real application, started by this test as a D-Bus service the way
 * GNOME Shell gets it started, answers org.gnome.Shell.SearchProvider2 on the
 * test session's bus; its accounts are in the session's real keyring under a
 * schema of their own. The test plays GNOME Shell twice: it calls the search
 * provider, and it is the notification server (org.gtk.Notifications) that
 * records what the app shows and takes back. The clipboard is read from
 * another process (xclip), as any application would. */

#define CLEAR_DELAY 3
#define SEARCH_IFACE "org.gnome.Shell.SearchProvider2"

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  char *method;      /* AddNotification or RemoveNotification */
  char *app_id;
  char *id;
  char *title;
  char *body;
  gint64 when;       /* g_get_real_time () */
} NotificationEvent;

static struct
{
  GDBusConnection *bus;
  char *bus_name;
  char *object_path;
  GSubprocess *app;
  char *config_dir;
  SesameAccountStore *store;
  SesameAccount *github;     /* issuer and name */
  SesameAccount *cafe;       /* accents in the issuer */
  SesameAccount *nameless;   /* no issuer */
  SesameAccount *brief;      /* a 3-second period */
  SesameAccount *counter;    /* HOTP */
  GPtrArray *events;         /* NotificationEvent */
} fx;

static void
notification_event_free (NotificationEvent *event)
{
  g_free (event->method);
  g_free (event->app_id);
  g_free (event->id);
  g_free (event->title);
  g_free (event->body);
  g_free (event);
}

/* Main loop helpers */

static gboolean
on_timeout_quit (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @done is TRUE or @seconds pass. */
static gboolean
run_until (gboolean *done,
           double    seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add ((guint) (seconds * 1000), on_timeout_quit, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);
  return *done;
}

static void
sleep_loop (double seconds)
{
  gboolean never = FALSE;

  run_until (&never, seconds);
}

typedef struct
{
  gboolean done;
  GVariant *reply;
  GError *error;
} Call;

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
  call->done = TRUE;
}

/* Calls the search provider, keeping the main loop (our notification server)
 * running meanwhile. */
static GVariant *
call_provider (const char   *method,
               GVariant     *parameters,
               GError      **error)
{
  Call call = { 0 };

  g_dbus_connection_call (fx.bus, fx.bus_name, fx.object_path, SEARCH_IFACE, method, parameters,
                          NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, 20000, NULL, on_call_done, &call);
  g_assert_true (run_until (&call.done, 25));
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.reply;
}

static GStrv
search (const char * const *terms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call_provider ("GetInitialResultSet", g_variant_new ("(^as)", terms), &error);
  GStrv results = NULL;

  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &results);
  return results;
}

static void
activate (const char *id)
{
  g_autoptr(GError) error = NULL;
  const char *terms[] = { "x", NULL };
  g_autoptr(GVariant) reply = call_provider ("ActivateResult", g_variant_new ("(s^asu)", id, terms, 0), &error);

  g_assert_no_error (error);
}

/* The notification server */

static void
on_notification_call (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  NotificationEvent *event = g_new0 (NotificationEvent, 1);

  event->method = g_strdup (method_name);
  event->when = g_get_real_time ();
  if (g_str_equal (method_name, "AddNotification"))
    {
      g_autoptr(GVariant) dict = NULL;

      g_variant_get (parameters, "(ss@a{sv})", &event->app_id, &event->id, &dict);
      g_variant_lookup (dict, "title", "s", &event->title);
      g_variant_lookup (dict, "body", "s", &event->body);
    }
  else
    {
      g_variant_get (parameters, "(ss)", &event->app_id, &event->id);
    }
  g_test_message ("%s %s %s: %s / %s", method_name, event->app_id, event->id,
                  event->title ? event->title : "", event->body ? event->body : "");
  g_ptr_array_add (fx.events, event);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static const GDBusInterfaceVTable notification_vtable = {
  .method_call = on_notification_call,
};

static void
serve_notifications (void)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 result = 0;

  g_dbus_connection_register_object (fx.bus, "/org/gtk/Notifications", info->interfaces[0],
                                     &notification_vtable, NULL, NULL, &error);
  g_assert_no_error (error);

  reply = g_dbus_connection_call_sync (fx.bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 0x4 /* DO_NOT_QUEUE */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &result);
  g_assert_cmpuint (result, ==, 1 /* PRIMARY_OWNER */);
}

/* The events for @method since index @from. */
static guint
count_events (const char *method,
              guint       from)
{
  guint n = 0;

  for (guint i = from; i < fx.events->len; i++)
    {
      NotificationEvent *event = g_ptr_array_index (fx.events, i);

      if (g_str_equal (event->method, method))
        n++;
    }
  return n;
}

static NotificationEvent *
find_event (const char *method,
            guint       from)
{
  for (guint i = from; i < fx.events->len; i++)
    {
      NotificationEvent *event = g_ptr_array_index (fx.events, i);

      if (g_str_equal (event->method, method))
        return event;
    }
  return NULL;
}

static NotificationEvent *
wait_for_event (const char *method,
                guint       from,
                double      seconds)
{
  gint64 end = g_get_real_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (find_event (method, from) == NULL && g_get_real_time () < end)
    sleep_loop (0.05);
  return find_event (method, from);
}

/* Reading the clipboard from another client */

static char *
xclip_read (const char *target,
            gboolean   *ok)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "xclip", "-o", "-selection", "clipboard", "-t", target, NULL };
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  *ok = g_spawn_check_wait_status (status, NULL);
  return g_steal_pointer (&out);
}

/* The account's code now or in the period before (the period may turn
 * between the copy and the check). */
static gboolean
is_current_code (SesameAccount *account,
                 const char    *text)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint period = MAX (sesame_account_get_period (account), 1);
  char code[SESAME_OTP_CODE_SIZE];

  g_assert_true (sesame_account_code_at (account, now, code));
  if (g_strcmp0 (code, text) == 0)
    return TRUE;
  g_assert_true (sesame_account_code_at (account, now - period, code));
  return g_strcmp0 (code, text) == 0;
}

/* Set-up: accounts in the keyring, settings, the app as a D-Bus service */

typedef enum { STORE_LOAD, STORE_ADD, STORE_REMOVE } StoreOp;

typedef struct
{
  StoreOp op;
  gboolean done;
  GError *error;
} StoreCall;

static void
on_store_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  StoreCall *call = user_data;
  SesameAccountStore *store = SESAME_ACCOUNT_STORE (source);

  switch (call->op)
    {
    case STORE_LOAD:
      sesame_account_store_load_finish (store, result, &call->error);
      break;
    case STORE_ADD:
      sesame_account_store_add_finish (store, result, &call->error);
      break;
    case STORE_REMOVE:
      sesame_account_store_remove_finish (store, result, &call->error);
      break;
    default:
      g_assert_not_reached ();
    }
  call->done = TRUE;
}

static void
store_run (StoreOp        op,
           SesameAccount *account)
{
  StoreCall call = { op, FALSE, NULL };

  if (op == STORE_LOAD)
    sesame_account_store_load_async (fx.store, NULL, on_store_done, &call);
  else if (op == STORE_ADD)
    sesame_account_store_add_async (fx.store, account, NULL, on_store_done, &call);
  else
    sesame_account_store_remove_async (fx.store, account, NULL, on_store_done, &call);
  g_assert_true (run_until (&call.done, 20));
  g_assert_no_error (call.error);
}

static SesameAccount *
make_account (const char    *issuer,
              const char    *name,
              SesameOtpType  type,
              guint          period)
{
  SesameAccount *account = sesame_account_new ();
  guint8 key[20];
  g_autoptr(SesameSecret) secret = NULL;

  for (guint i = 0; i < sizeof key; i++)
    key[i] = (guint8) g_random_int ();
  secret = sesame_secret_new (key, sizeof key);
  sesame_memwipe (key, sizeof key);

  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_otp_type (account, type);
  if (type == SESAME_OTP_TYPE_HOTP)
    sesame_account_set_counter (account, 7);
  else
    sesame_account_set_period (account, period);
  sesame_account_set_secret (account, secret);
  return account;
}

/* Bus name and object path as the installed .ini file tells GNOME Shell. */
static void
read_provider_ini (void)
{
  g_autoptr(GKeyFile) ini = g_key_file_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  path = g_strdup_printf ("%s/data/%s.search-provider.ini", g_getenv ("SESAME_BUILD_ROOT"), APP_ID);
  g_key_file_load_from_file (ini, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  fx.bus_name = g_key_file_get_string (ini, "Shell Search Provider", "BusName", &error);
  g_assert_no_error (error);
  fx.object_path = g_key_file_get_string (ini, "Shell Search Provider", "ObjectPath", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_key_file_get_integer (ini, "Shell Search Provider", "Version", NULL), ==, 2);
}

/* Settings the spawned app reads: the keyfile backend in a config dir of
 * our own, with a short clipboard delay. */
static void
write_settings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *group = NULL;
  g_autofree char *content = NULL;

  fx.config_dir = g_dir_make_tmp ("sesame-search-XXXXXX", &error);
  g_assert_no_error (error);
  dir = g_build_filename (fx.config_dir, "glib-2.0", "settings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  file = g_build_filename (dir, "keyfile", NULL);
  /* The schema's path without the slashes around it. */
  group = g_strdelimit (g_strdup (APP_ID), ".", '/');
  content = g_strdup_printf ("[%s]\nclipboard-clear-delay=uint32 %u\n", group, CLEAR_DELAY);
  g_file_set_contents (file, content, -1, &error);
  g_assert_no_error (error);
}

static void
on_name_appeared (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
start_app (const char *schema)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *app = NULL;
  g_autoptr(GError) error = NULL;
  gboolean appeared = FALSE;
  guint watch;

  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", fx.config_dir, TRUE);
  app = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "app", "sesame", NULL);
  fx.app = g_subprocess_launcher_spawn (launcher, &error, app, "--gapplication-service", NULL);
  g_assert_no_error (error);

  watch = g_bus_watch_name_on_connection (fx.bus, fx.bus_name, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                          on_name_appeared, NULL, &appeared, NULL);
  if (!run_until (&appeared, 20))
    g_error ("Sesame did not take its bus name %s", fx.bus_name);
  g_bus_unwatch_name (watch);
}

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = NULL;

  fx.events = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_event_free);
  fx.bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  serve_notifications ();
  read_provider_ini ();
  write_settings ();

  schema = g_strdup_printf ("io.github.sesame.Test.SearchProvider%08x", g_random_int ());
  fx.store = sesame_account_store_new (schema);
  store_run (STORE_LOAD, NULL);
  fx.github = make_account ("GitHub", "alice@example.com", SESAME_OTP_TYPE_TOTP, 30);
  fx.cafe = make_account ("Café Crème", "bob", SESAME_OTP_TYPE_TOTP, 30);
  fx.nameless = make_account ("", "Nameless Co", SESAME_OTP_TYPE_TOTP, 30);
  fx.brief = make_account ("Brief", "carol", SESAME_OTP_TYPE_TOTP, 3);
  fx.counter = make_account ("Counter", "dave", SESAME_OTP_TYPE_HOTP, 0);
  store_run (STORE_ADD, fx.github);
  store_run (STORE_ADD, fx.cafe);
  store_run (STORE_ADD, fx.nameless);
  store_run (STORE_ADD, fx.brief);
  store_run (STORE_ADD, fx.counter);

  start_app (schema);
}

static void
tear_down (void)
{
  g_autoptr(GError) error = NULL;
  SesameAccount *accounts[] = { fx.github, fx.cafe, fx.nameless, fx.brief, fx.counter };
  const char *rm[] = { "rm", "-rf", fx.config_dir, NULL };

  g_subprocess_send_signal (fx.app, SIGTERM);
  g_subprocess_wait (fx.app, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (accounts); i++)
    {
      if (sesame_account_store_lookup (fx.store, sesame_account_get_uuid (accounts[i])) != NULL)
        store_run (STORE_REMOVE, accounts[i]);
      g_object_unref (accounts[i]);
    }
  g_clear_object (&fx.store);
  g_clear_object (&fx.app);
  g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&fx.events, g_ptr_array_unref);
  g_clear_object (&fx.bus);
  g_clear_pointer (&fx.bus_name, g_free);
  g_clear_pointer (&fx.object_path, g_free);
  g_clear_pointer (&fx.config_dir, g_free);
}

/* The tests */

static void
assert_results (const char * const *terms,
                ...)
{
  g_auto(GStrv) results = search (terms);
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  SesameAccount *account;
  va_list args;

  va_start (args, terms);
  while ((account = va_arg (args, SesameAccount *)) != NULL)
    g_ptr_array_add (expected, (gpointer) sesame_account_get_uuid (account));
  va_end (args);
  g_ptr_array_add (expected, NULL);

  g_assert_cmpstrv (results, (const char * const *) expected->pdata);
}

static void
test_initial (void)
{
  const char *git[] = { "git", NULL };
  const char *upper[] = { "GITHUB", NULL };
  const char *cafe[] = { "cafe", NULL };
  const char *two_fields[] = { "creme", "BOB", NULL };
  const char *name_only[] = { "alice@example", NULL };
  const char *no_issuer[] = { "nameless", NULL };
  const char *mixed[] = { "github", "bob", NULL };
  const char *nothing[] = { "zzzz", NULL };

  assert_results (git, fx.github, NULL);
  assert_results (upper, fx.github, NULL);
  assert_results (cafe, fx.cafe, NULL);
  assert_results (two_fields, fx.cafe, NULL);
  assert_results (name_only, fx.github, NULL);
  assert_results (no_issuer, fx.nameless, NULL);
  /* Every term must match. */
  assert_results (mixed, NULL);
  assert_results (nothing, NULL);
}

static void
test_subsearch (void)
{
  const char *previous[] = {
    sesame_account_get_uuid (fx.github),
    "00000000-0000-4000-8000-000000000000",
    sesame_account_get_uuid (fx.cafe),
    NULL,
  };
  const char *terms[] = { "CAFÉ", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_auto(GStrv) results = NULL;

  reply = call_provider ("GetSubsearchResultSet", g_variant_new ("(^as^as)", previous, terms), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &results);
  g_assert_cmpuint (g_strv_length (results), ==, 1);
  g_assert_cmpstr (results[0], ==, sesame_account_get_uuid (fx.cafe));
}

/* No text of a result holds the key or a code. */
static void
assert_no_secret (const char    *text,
                  SesameAccount *account)
{
  g_autofree char *base32 = sesame_secret_to_base32 (sesame_account_get_secret (account));
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  char code[SESAME_OTP_CODE_SIZE];

  g_assert_null (strstr (text, base32));
  for (int k = -1; k <= 1; k++)
    {
      g_assert_true (sesame_account_code_at (account, now + k * 30, code));
      g_assert_null (strstr (text, code));
    }
}

static void
test_metas (void)
{
  const char *ids[] = {
    sesame_account_get_uuid (fx.github),
    "no-such-account",
    sesame_account_get_uuid (fx.nameless),
    NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  const char *id, *name, *description, *gicon;

  reply = call_provider ("GetResultMetas", g_variant_new ("(^as)", ids), &error);
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);
  g_assert_cmpuint (g_variant_n_children (metas), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GVariant) meta = g_variant_get_child_value (metas, i);
      SesameAccount *account = i == 0 ? fx.github : fx.nameless;

      g_assert_true (g_variant_lookup (meta, "id", "&s", &id));
      g_assert_true (g_variant_lookup (meta, "name", "&s", &name));
      g_assert_true (g_variant_lookup (meta, "description", "&s", &description));
      g_assert_true (g_variant_lookup (meta, "gicon", "&s", &gicon));
      g_assert_cmpstr (id, ==, sesame_account_get_uuid (account));
      assert_no_secret (name, account);
      assert_no_secret (description, account);
    }

  g_variant_lookup (g_variant_get_child_value (metas, 0), "name", "&s", &name);
  g_assert_cmpstr (name, ==, "GitHub");
  g_variant_lookup (g_variant_get_child_value (metas, 0), "description", "&s", &description);
  g_assert_cmpstr (description, ==, "alice@example.com");
  g_variant_lookup (g_variant_get_child_value (metas, 1), "name", "&s", &name);
  g_assert_cmpstr (name, ==, "Nameless Co");
  g_variant_lookup (g_variant_get_child_value (metas, 1), "description", "&s", &description);
  g_assert_cmpstr (description, ==, "");
  g_assert_cmpstr (gicon, ==, APP_ID);
}

static void
test_activate_unknown (void)
{
  const char *git[] = { "git", NULL };
  guint before = fx.events->len;

  activate ("no-such-account");
  activate ("");
  /* Nothing shown, and the provider still answers. */
  g_assert_cmpuint (count_events ("AddNotification", before), ==, 0);
  assert_results (git, fx.github, NULL);
}

static void
test_activate_copies (void)
{
  guint before = fx.events->len;
  g_autofree char *text = NULL;
  g_autofree char *targets = NULL;
  g_autofree char *after = NULL;
  NotificationEvent *added;
  gboolean ok = FALSE;

  activate (sesame_account_get_uuid (fx.github));

  text = xclip_read ("UTF8_STRING", &ok);
  g_assert_true (ok);
  g_assert_true (is_current_code (fx.github, text));
  targets = xclip_read ("TARGETS", &ok);
  g_assert_true (ok);
  g_assert_nonnull (strstr (targets, "x-kde-passwordManagerHint"));

  /* A notification names the account, never the code. */
  added = wait_for_event ("AddNotification", before, 5);
  g_assert_nonnull (added);
  g_assert_cmpstr (added->app_id, ==, APP_ID);
  g_assert_nonnull (added->body);
  g_assert_nonnull (strstr (added->body, "GitHub"));
  assert_no_secret (added->title, fx.github);
  assert_no_secret (added->body, fx.github);

  /* The clipboard forgets the code after the configured delay. */
  sleep_loop (CLEAR_DELAY + 1);
  after = xclip_read ("UTF8_STRING", &ok);
  g_assert_true (!ok || g_strcmp0 (after, text) != 0);

  /* The window's rule (SesameCopier): under the default order (by issuer)
   * a copy writes nothing to the keyring, so it makes no backup. */
  store_run (STORE_LOAD, NULL);
  g_assert_cmpint (sesame_account_get_last_used (sesame_account_store_lookup (fx.store, sesame_account_get_uuid (fx.github))),
                   ==, 0);
}

static void
test_withdrawn_on_expiry (void)
{
  guint before;
  guint added_at = 0;
  gint64 activated;
  gint64 returned;
  gint64 expiry;
  gint64 latest_expiry;
  NotificationEvent *added;
  NotificationEvent *removed;
  g_autofree char *text = NULL;
  gboolean ok = FALSE;

  /* Not too close to the end of a 3 s period, so "expiry" is unambiguous. */
  while ((g_get_real_time () / 1000) % 3000 > 2000)
    sleep_loop (0.05);
  /* The notification of an earlier test may still be taken back while we
   * wait above: only what comes after our own counts. */
  before = fx.events->len;
  activated = g_get_real_time ();
  activate (sesame_account_get_uuid (fx.brief));
  returned = g_get_real_time ();
  /* On a loaded machine the call may land in the next period: the code
   * copied then expires at the end of that one. */
  expiry = (activated / G_USEC_PER_SEC / 3 + 1) * 3 * G_USEC_PER_SEC;
  latest_expiry = (returned / G_USEC_PER_SEC / 3 + 1) * 3 * G_USEC_PER_SEC;

  text = xclip_read ("UTF8_STRING", &ok);
  g_assert_true (ok);
  g_assert_true (is_current_code (fx.brief, text));

  added = wait_for_event ("AddNotification", before, 8);
  g_assert_nonnull (added);
  while (g_ptr_array_index (fx.events, added_at) != added)
    added_at++;
  removed = wait_for_event ("RemoveNotification", added_at + 1, 8);
  g_assert_nonnull (removed);
  g_assert_cmpstr (removed->id, ==, added->id);
  g_assert_cmpstr (removed->app_id, ==, APP_ID);
  /* Taken back when the code expired: not before, and not much later. */
  g_test_message ("expiry in %" G_GINT64_FORMAT " ms, withdrawn %" G_GINT64_FORMAT " ms after it",
                  (expiry - activated) / 1000, (removed->when - expiry) / 1000);
  g_assert_cmpint (removed->when, >=, expiry - 50000);
  g_assert_cmpint (removed->when, <=, latest_expiry + G_USEC_PER_SEC);
}

static void
test_hotp (void)
{
  g_autofree char *text = NULL;
  char code[SESAME_OTP_CODE_SIZE];
  gboolean ok = FALSE;

  activate (sesame_account_get_uuid (fx.counter));
  text = xclip_read ("UTF8_STRING", &ok);
  g_assert_true (ok);
  /* The code of the stored counter: activation does not advance it. */
  g_assert_true (sesame_account_code_at (fx.counter, 0, code));
  g_assert_cmpstr (text, ==, code);
}

static void
test_deleted_account (void)
{
  const char *cafe[] = { "cafe", NULL };
  const char *git[] = { "git", NULL };
  g_autofree char *text = NULL;
  g_autofree char *still = NULL;
  gboolean ok = FALSE;
  guint before;

  /* Copy something, so we can see that the deleted account copies nothing. */
  activate (sesame_account_get_uuid (fx.github));
  text = xclip_read ("UTF8_STRING", &ok);
  g_assert_true (ok);

  /* Deleted behind the app's back (as sesame-cli would), after a search
   * that found it. */
  assert_results (cafe, fx.cafe, NULL);
  store_run (STORE_REMOVE, fx.cafe);
  before = fx.events->len;
  activate (sesame_account_get_uuid (fx.cafe));
  still = xclip_read ("UTF8_STRING", &ok);
  g_assert_true (ok);
  g_assert_cmpstr (still, ==, text);
  sleep_loop (0.3);
  g_assert_cmpuint (count_events ("AddNotification", before), ==, 0);

  /* A new search does not find it any more; the provider goes on. */
  assert_results (cafe, NULL);
  assert_results (git, fx.github, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  g_test_add_func ("/search-provider/initial-result-set", test_initial);
  g_test_add_func ("/search-provider/subsearch", test_subsearch);
  g_test_add_func ("/search-provider/result-metas", test_metas);
  g_test_add_func ("/search-provider/activate-unknown", test_activate_unknown);
  g_test_add_func ("/search-provider/activate-copies", test_activate_copies);
  g_test_add_func ("/search-provider/notification-withdrawn-on-expiry", test_withdrawn_on_expiry);
  g_test_add_func ("/search-provider/hotp", test_hotp);
  g_test_add_func ("/search-provider/deleted-account", test_deleted_account);

  set_up ();
  ret = g_test_run ();
  tear_down ();

  return ret;
}
