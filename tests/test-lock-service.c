/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sesame-account-store.h"
#include "sesame-collection.h"
#include "sesame-secret.h"
#include "sesame-test-gnome.h"
#include "sesame-test-keyring.h"
#include "sesame-test-utils.h"

/* Sesame started by D-Bus for the Shell's search only, with no window
 * (issue 12): it locks too when the session locks. The real app runs as
 * the D-Bus service (`sesame --gapplication-service`) over a protected
 * store of this test's schema; logind's Session.Lock comes from the
 * session's dbusmock logind on the private system bus. Then the collection
 * is locked in the keyring and the provider offers only "Sesame Is
 * Locked". This process only seeds and checks with a plain store: it
 * has no lock monitor of its own, so the lock is the service's. */

#define N_ACCOUNTS 2

static char *schema;
static char *password;
static char *provider_path;

static GSubprocess *
start_service (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *path = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "app", "sesame", NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *app;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "sesame-lock", TRUE);
  /* Its messages in the test's log, not in the TAP stream. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  app = g_subprocess_launcher_spawn (launcher, &error, path, "--gapplication-service", NULL);
  g_assert_no_error (error);

  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean owned = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", APP_ID), G_VARIANT_TYPE ("(b)"),
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(b)", &owned);
      if (owned)
        return app;
      g_usleep (100 * 1000);
    }

  g_error ("Sesame's D-Bus service did not start within 60 seconds");
}

/* The provider's answer to @method, as text. */
static char *
call_provider (const char *method,
               GVariant   *args)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  /* Synchronous: this process serves nothing meanwhile. */
  reply = g_dbus_connection_call_sync (bus, APP_ID, provider_path, "org.gnome.Shell.SearchProvider2",
                                       method, args, NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &error);
  g_assert_no_error (error);
  return g_variant_print (reply, FALSE);
}

static char *
search (const char *term)
{
  const char *terms[] = { term, NULL };

  return call_provider ("GetInitialResultSet", g_variant_new ("(^as)", terms));
}

static void
test_no_window (void)
{
  g_autoptr(SesameAccountStore) store = sesame_account_store_new (schema);
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) secrets = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *found = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *metas = NULL;
  const char *locked_id[] = { "sesame-locked", NULL };
  guint moved = 0;
  gboolean locked = TRUE;

  /* Two accounts, moved into a Sesame collection made without a prompt. */
  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_load_finish (store, sesame_test_await_result (&result), &error), error);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *issuer = g_strdup_printf ("Wombat %u", i);
      g_autofree char *raw = g_strdup_printf ("lock-service-key-%u-0123456789", i);
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) raw, strlen (raw));

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_secret (account, secret);
      g_clear_object (&result);
      sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
      sesame_test_assert_ok (sesame_account_store_add_finish (store, sesame_test_await_result (&result),
                                                              &error),
                             error);
    }
  collection = sesame_test_keyring_create_collection (SESAME_COLLECTION_LABEL, password);
  g_clear_object (&result);
  sesame_account_store_protect_async (store, TRUE, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_protect_finish (store, sesame_test_await_result (&result),
                                                              &moved, &error),
                         error);
  g_assert_cmpuint (moved, ==, N_ACCOUNTS);
  g_assert_false (sesame_test_keyring_collection_locked (collection));

  /* The service, as the Shell starts it; a search loads its store. */
  service = start_service ();
  before = search ("wombat");
  g_test_message ("results before the lock: %s", before);
  g_assert_null (strstr (before, "sesame-locked"));
  /* Both accounts: two quoted ids. */
  {
    guint quotes = 0;

    for (const char *c = before; *c != '\0'; c++)
      quotes += *c == '\'';
    g_assert_cmpuint (quotes, ==, 2 * N_ACCOUNTS);
  }

  /* The session locks (loginctl lock-session). */
  sesame_test_dbusmock_emit ("org.freedesktop.login1", "/org/freedesktop/login1",
                             "org.freedesktop.login1.Session", "Lock", "",
                             g_variant_new_array (G_VARIANT_TYPE_VARIANT, NULL, 0));
  for (guint i = 0; i < 600 && !sesame_test_keyring_collection_locked (collection); i++)
    g_usleep (100 * 1000);
  g_assert_true (sesame_test_keyring_collection_locked (collection));

  /* Its provider offers no account any more, only the locked result. */
  after = search ("wombat");
  g_test_message ("results after the lock: %s", after);
  g_assert_cmpstr (after, ==, "(['sesame-locked'],)");
  metas = call_provider ("GetResultMetas", g_variant_new ("(^as)", locked_id));
  g_assert_nonnull (strstr (metas, "Sesame Is Locked"));
  g_assert_null (strstr (metas, "Wombat"));

  g_subprocess_send_signal (service, SIGTERM);
  g_subprocess_wait (service, NULL, &error);
  g_assert_no_error (error);

  /* Back to the login keyring; the collection goes. */
  sesame_test_keyring_unlock_collection (collection, password);
  g_clear_object (&result);
  sesame_account_store_protect_async (store, FALSE, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_protect_finish (store, sesame_test_await_result (&result),
                                                              &moved, &error),
                         error);
  g_assert_cmpuint (moved, ==, N_ACCOUNTS);
  secrets = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  found = sesame_collection_find_sync (secrets, &locked, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (found);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();

  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  schema = g_strdup_printf ("%s.Test.LockService.%.8s", APP_ID, uuid);
  password = g_strdup_printf ("pw-%.12s", uuid + 9);
  provider_path = g_strdelimit (g_strdup_printf ("/%s/SearchProvider", APP_ID), ".", '/');

  g_test_add_func ("/lock-service/no-window", test_no_window);
  return g_test_run ();
}
