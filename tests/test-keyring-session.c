/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsecret/secret.h>

#include "sesame-test-utils.h"

static const SecretSchema smoke_schema = {
  APP_ID ".Test.Smoke", SECRET_SCHEMA_NONE,
  {
    { "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* Proves that the test session's own gnome-keyring-daemon answers: an item
 * goes in through libsecret and comes back out. */
static void
test_store_and_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *value = g_strdup_printf ("smoke-%s", uuid);
  g_autofree char *read_back = NULL;
  gboolean ok;

  ok = secret_password_store_sync (&smoke_schema, SECRET_COLLECTION_DEFAULT,
                                   "Sesame smoke test", value, NULL, &error,
                                   "uuid", uuid, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  read_back = secret_password_lookup_sync (&smoke_schema, NULL, &error, "uuid", uuid, NULL);
  g_assert_no_error (error);
  g_assert_cmpstr (read_back, ==, value);

  ok = secret_password_clear_sync (&smoke_schema, NULL, &error, "uuid", uuid, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);

  g_clear_pointer (&read_back, g_free);
  read_back = secret_password_lookup_sync (&smoke_schema, NULL, &error, "uuid", uuid, NULL);
  g_assert_no_error (error);
  g_assert_null (read_back);
}

/* The daemon is the test session's, not the developer's: its control
 * directory lives in the temporary runtime dir build-aux/dev made. */
static void
test_private_session (void)
{
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  const char *home = g_getenv ("HOME");
  const char *session = g_getenv ("SESAME_TEST_TMP");

  g_assert_nonnull (runtime);
  g_assert_nonnull (home);
  g_assert_nonnull (session);
  g_assert_true (g_str_has_prefix (home, session));
  g_assert_true (g_str_has_prefix (runtime, session));
  /* Temporary files too: runs in other checkouts share /tmp. */
  g_assert_true (g_str_has_prefix (g_get_tmp_dir (), session));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  g_test_add_func ("/session/private", test_private_session);
  g_test_add_func ("/session/keyring", test_store_and_read);

  return g_test_run ();
}
