/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "sesame-test-utils.h"
#include "sesame-window.h"

static gboolean
quit_loop (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* A real window on the Xvfb display: it maps and gets a size. */
static void
test_window_maps (void)
{
  g_autoptr(SesameApplication) app = sesame_application_new ();
  SesameWindow *window;
  gboolean done = FALSE;

  g_application_register (G_APPLICATION (app), NULL, NULL);
  window = sesame_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  g_timeout_add (300, quit_loop, &done);
  while (!done || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 0);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (gdk_display_get_default ()), ==, "GdkX11Display");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/session/display", test_window_maps);

  return g_test_run ();
}
