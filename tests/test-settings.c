/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "sesame-settings.h"
#include "sesame-settings-private.h"

/* Defaults come from the compiled schema of this build (the Devel app ID). */
static void
test_settings_defaults (void)
{
  g_autoptr(SesameSettings) settings = sesame_settings_new ();
  g_autofree char *schema_id = NULL;

  g_assert_cmpuint (sesame_settings_get_clipboard_clear_delay (settings), ==, 30);
  g_assert_false (sesame_settings_get_show_next_code (settings));
  g_assert_false (sesame_settings_get_hide_codes (settings));
  g_assert_cmpint (sesame_settings_get_sort_order (settings), ==, SESAME_SORT_ORDER_ISSUER);
  g_object_get (sesame_settings_get_gsettings (settings), "schema-id", &schema_id, NULL);
  g_assert_cmpstr (schema_id, ==, APP_ID);
}

/* Properties and keys follow each other both ways. */
static void
test_settings_binding (void)
{
  g_autoptr(SesameSettings) settings = sesame_settings_new ();
  GSettings *gsettings = sesame_settings_get_gsettings (settings);
  g_autofree char *order = NULL;

  g_settings_set_uint (gsettings, "clipboard-clear-delay", 5);
  g_assert_cmpuint (sesame_settings_get_clipboard_clear_delay (settings), ==, 5);

  sesame_settings_set_show_next_code (settings, TRUE);
  g_assert_true (g_settings_get_boolean (gsettings, "show-next-code"));

  sesame_settings_set_sort_order (settings, SESAME_SORT_ORDER_RECENT);
  order = g_settings_get_string (gsettings, "sort-order");
  g_assert_cmpstr (order, ==, "recent");

  g_settings_set_string (gsettings, "sort-order", "issuer");
  g_assert_cmpint (sesame_settings_get_sort_order (settings), ==, SESAME_SORT_ORDER_ISSUER);

  g_settings_set_boolean (gsettings, "hide-codes", TRUE);
  g_assert_true (sesame_settings_get_hide_codes (settings));

  g_settings_reset (gsettings, "clipboard-clear-delay");
  g_settings_reset (gsettings, "show-next-code");
  g_settings_reset (gsettings, "hide-codes");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/settings/defaults", test_settings_defaults);
  g_test_add_func ("/settings/binding", test_settings_binding);

  return g_test_run ();
}
