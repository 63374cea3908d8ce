/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test"

#include "config.h"

#include <glib/gstdio.h>

#include "sesame-test-utils.h"

/* build-aux/dev test sets this inside the private D-Bus session it makes,
 * with its own gnome-keyring-daemon and Xvfb. */
gboolean
sesame_test_in_session (void)
{
  return g_strcmp0 (g_getenv ("SESAME_TEST_SESSION"), "1") == 0;
}

/* Tests that talk to a keyring or a display must never reach the
 * developer's own: outside the test session they fail loudly (a skip
 * would count as a pass). */
void
sesame_test_require_session (void)
{
  if (!sesame_test_in_session ())
    g_error ("This test needs the private test session; run it with build-aux/dev test");
}

char *
sesame_test_hex (const guint8 *data,
                 gsize         size)
{
  GString *s = g_string_sized_new (size * 2);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (s, "%02x", data[i]);

  return g_string_free (s, FALSE);
}

/* ../shared/<name> beside the checkout, found from the source tree that
 * meson passes in; NULL when it is not there. */
const char *
sesame_test_shared_dir (const char *name)
{
  static GHashTable *cache;
  g_autofree char *path = NULL;
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  const char *override = g_getenv ("SESAME_SHARED_DIR");

  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);

  if (g_hash_table_contains (cache, name))
    return g_hash_table_lookup (cache, name);

  if (override != NULL)
    path = g_build_filename (override, name, NULL);
  else if (srcdir != NULL)
    path = g_build_filename (srcdir, "..", "..", "shared", name, NULL);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    g_clear_pointer (&path, g_free);

  g_hash_table_insert (cache, g_strdup (name), path ? g_canonicalize_filename (path, NULL) : NULL);
  return g_hash_table_lookup (cache, name);
}
