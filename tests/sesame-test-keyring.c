/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test"

#include "config.h"

#include <gio/gio.h>
#include <libsecret/secret.h>
#include <string.h>
#include <unistd.h>

#include "sesame-test-keyring.h"

#define SECRETS_NAME "org.freedesktop.secrets"
#define SECRETS_PATH "/org/freedesktop/secrets"

static GDBusConnection *
session_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  return bus;
}

/* Keeps the session bus connection open: gnome-keyring's Secret Service
 * sessions belong to the connection that opened them, and the shared
 * connection closes when its last reference goes. */
static GDBusConnection *
kept_bus (void)
{
  static GDBusConnection *bus;

  if (bus == NULL)
    bus = session_bus ();
  return bus;
}

static GVariant *
call (const char         *dest,
      const char         *path,
      const char         *iface,
      const char         *method,
      GVariant           *args,
      const GVariantType *reply,
      GError            **error)
{
  return g_dbus_connection_call_sync (kept_bus (), dest, path, iface, method, args, reply,
                                      G_DBUS_CALL_FLAGS_NO_AUTO_START, 10000, NULL, error);
}

/* The process that owns org.freedesktop.secrets now (the session's first
 * daemon may have been replaced by a test); 0 when nobody does. */
GPid
sesame_test_keyring_daemon_pid (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  guint32 pid;

  reply = call ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                "GetConnectionUnixProcessID", g_variant_new ("(s)", SECRETS_NAME),
                G_VARIANT_TYPE ("(u)"), &error);
  if (reply == NULL)
    return 0;

  g_variant_get (reply, "(u)", &pid);
  return (GPid) pid;
}

static char *
default_collection_path (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  char *path;

  reply = call (SECRETS_NAME, SECRETS_PATH, "org.freedesktop.Secret.Service", "ReadAlias",
                g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"), &error);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(o)", &path);
  return path;
}

static gboolean
default_collection_unlocked (void)
{
  g_autofree char *path = default_collection_path ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  if (path == NULL || g_str_equal (path, "/"))
    return FALSE;

  reply = call (SECRETS_NAME, path, "org.freedesktop.DBus.Properties", "Get",
                g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
                G_VARIANT_TYPE ("(v)"), NULL);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(v)", &value);
  return !g_variant_get_boolean (value);
}

void
sesame_test_keyring_lock (void)
{
  g_autoptr(SecretService) service = NULL;
  g_autoptr(SecretCollection) collection = NULL;
  g_autoptr(GError) error = NULL;
  GList list = { NULL, NULL, NULL };

  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);

  list.data = collection;
  secret_service_lock_sync (service, &list, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (default_collection_unlocked ());
}

/* A "plain" Secret Service session, for gnome-keyring's calls that take a
 * password as a secret. */
static char *
open_plain_session (void)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) output = NULL;
  g_autoptr(GError) error = NULL;
  char *session = NULL;

  reply = call (SECRETS_NAME, SECRETS_PATH, "org.freedesktop.Secret.Service", "OpenSession",
                g_variant_new ("(sv)", "plain", g_variant_new_string ("")),
                G_VARIANT_TYPE ("(vo)"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(vo)", &output, &session);
  return session;
}

static void
close_session (const char *session)
{
  g_autoptr(GVariant) reply = NULL;

  reply = call (SECRETS_NAME, session, "org.freedesktop.Secret.Session", "Close", NULL, NULL, NULL);
}

static GVariant *
password_secret (const char *session,
                 const char *password)
{
  return g_variant_new ("(o@ay@ays)", session,
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                        g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, password, strlen (password), 1),
                        "text/plain");
}

/* gnome-keyring's own way in without a prompt: the master password sent
 * over a "plain" session. */
void
sesame_test_keyring_unlock (void)
{
  const char *password = g_getenv ("SESAME_TEST_KEYRING_PASSWORD");
  g_autofree char *collection = default_collection_path ();

  g_assert_nonnull (password);
  g_assert_nonnull (collection);
  sesame_test_keyring_unlock_collection (collection, password);
  g_assert_true (default_collection_unlocked ());
}

/**
 * sesame_test_keyring_unlock_collection:
 *
 * Unlocks the collection at @path with its password, without a prompt
 * (gnome-keyring's InternalUnsupportedGuiltRiddenInterface).
 */
void
sesame_test_keyring_unlock_collection (const char *path,
                                       const char *password)
{
  g_autofree char *session = open_plain_session ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = call (SECRETS_NAME, SECRETS_PATH, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                "UnlockWithMasterPassword",
                g_variant_new ("(o@(oayays))", path, password_secret (session, password)),
                NULL, &error);
  g_assert_no_error (error);
  close_session (session);
}

/**
 * sesame_test_keyring_create_collection:
 *
 * Creates a collection labelled @label with @password, unlocked, without a
 * prompt (gnome-keyring's InternalUnsupportedGuiltRiddenInterface): for
 * tests of what comes after the keyring's prompt, which tests/test-lock.c
 * tests itself.
 *
 * Returns: (transfer full): its D-Bus path
 */
char *
sesame_test_keyring_create_collection (const char *label,
                                       const char *password)
{
  g_autofree char *session = open_plain_session ();
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder props;
  char *path = NULL;

  g_variant_builder_init (&props, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&props, "{sv}", "org.freedesktop.Secret.Collection.Label",
                         g_variant_new_string (label));
  reply = call (SECRETS_NAME, SECRETS_PATH, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface",
                "CreateWithMasterPassword",
                g_variant_new ("(a{sv}@(oayays))", &props, password_secret (session, password)),
                G_VARIANT_TYPE ("(o)"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &path);
  close_session (session);
  return path;
}

/**
 * sesame_test_keyring_collection_locked:
 *
 * The Secret Service's Locked property of the collection at @path.
 */
gboolean
sesame_test_keyring_collection_locked (const char *path)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;

  reply = call (SECRETS_NAME, path, "org.freedesktop.DBus.Properties", "Get",
                g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
                G_VARIANT_TYPE ("(v)"), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  return g_variant_get_boolean (value);
}

/* Starts a new daemon with the session's password, detached (it lives on
 * for the rest of the suite and ends with the session bus), and waits until
 * it owns the bus name with the login keyring unlocked. */
void
sesame_test_keyring_restart (void)
{
  const char *password = g_getenv ("SESAME_TEST_KEYRING_PASSWORD");
  const char *argv[] = {
    "gnome-keyring-daemon", "--foreground", "--replace", "--unlock", "--components=secrets", NULL
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  GPid old = sesame_test_keyring_daemon_pid ();
  GPid pid;
  int in_fd = -1;

  g_assert_nonnull (password);
  /* Not the tests' debugging settings: with fatal-warnings, the daemon's
   * own harmless warnings would kill it. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");
  envp = g_environ_unsetenv (envp, "G_MESSAGES_DEBUG");
  envp = g_environ_unsetenv (envp, "MALLOC_CHECK_");
  envp = g_environ_unsetenv (envp, "MALLOC_PERTURB_");
  g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                            G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                            NULL, NULL, &pid, &in_fd, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (write (in_fd, password, strlen (password)), ==, (gssize) strlen (password));
  close (in_fd);

  for (guint i = 0; i < 300; i++)
    {
      GPid now = sesame_test_keyring_daemon_pid ();

      if (now != 0 && now != old && default_collection_unlocked ())
        {
          g_test_message ("keyring daemon restarted as %d", now);
          /* libsecret's shared connection still points at the old one. */
          secret_service_disconnect ();
          return;
        }
      g_usleep (100 * 1000);
    }

  g_error ("The keyring daemon did not come back unlocked within 30 seconds");
}

/* Deletes every item of the keyring schema @schema_name (a test's own). */
void
sesame_test_keyring_clear (const char *schema_name)
{
  /* Not g_autoptr: libsecret 0.20's cleanup for SecretSchema is g_object_unref. */
  SecretSchema *schema = secret_schema_new (schema_name, SECRET_SCHEMA_NONE, NULL);
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  secret_password_clearv_sync (schema, none, NULL, &error);
  secret_schema_unref (schema);
  g_assert_no_error (error);
}
