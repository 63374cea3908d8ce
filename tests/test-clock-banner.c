/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's banner follows timedated's NTPSynchronized and NTP, changed at
 * run time on python-dbusmock's timedated of the test session's private
 * system bus. Registered twice: "clock-banner" on Xvfb and "gnome-clock" on
 * the headless GNOME Shell. */
#include "config.h"

#include <adwaita.h>

#include "sesame-account-store.h"
#include "sesame-application.h"
#include "sesame-clock-banner.h"
#include "sesame-clock-banner-private.h"
#include "sesame-test-gnome.h"
#include "sesame-test-utils.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

#define TIMEDATE_NAME "org.freedesktop.timedate1"
#define TIMEDATE_PATH "/org/freedesktop/timedate1"

static SesameApplication *app;

static void
set_timedate (const char *property,
              gboolean    value)
{
  sesame_test_dbusmock_set (TIMEDATE_NAME, TIMEDATE_PATH, TIMEDATE_NAME, property, g_variant_new_boolean (value));
}

static SesameClockBanner *
find_banner (GtkWidget *widget)
{
  if (SESAME_IS_CLOCK_BANNER (widget))
    return SESAME_CLOCK_BANNER (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SesameClockBanner *banner = find_banner (child);

      if (banner != NULL)
        return banner;
    }
  return NULL;
}

static gboolean
wait_shown (SesameClockBanner *banner,
            gboolean           shown)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (sesame_clock_banner_get_shown (banner) != shown && g_get_monotonic_time () < end)
    sesame_test_wait_ms (50);
  return sesame_clock_banner_get_shown (banner) == shown;
}

static void
test_banner (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.Test.ClockBanner.%u", APP_ID, g_random_int ());
  g_autoptr(SesameAccountStore) store = sesame_account_store_new (schema);
  SesameWindow *window = sesame_window_new_with_store (app, store);
  SesameClockBanner *banner;

  set_timedate ("NTP", TRUE);
  set_timedate ("NTPSynchronized", TRUE);
  gtk_window_present (GTK_WINDOW (window));
  banner = find_banner (GTK_WIDGET (window));
  g_assert_nonnull (banner);
  sesame_test_wait_ms (500);
  g_assert_false (sesame_clock_banner_get_shown (banner));

  /* Automatic time on, not synchronised yet. */
  set_timedate ("NTPSynchronized", FALSE);
  g_assert_true (wait_shown (banner, TRUE));
  g_assert_nonnull (strstr (sesame_clock_banner_get_message (banner), "codes may be rejected"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sesame_clock_banner_get_button (banner))));

  /* Automatic time off: the banner says how to fix it and offers to. */
  set_timedate ("NTP", FALSE);
  for (int i = 0; i < 100 && !gtk_widget_get_visible (GTK_WIDGET (sesame_clock_banner_get_button (banner))); i++)
    sesame_test_wait_ms (50);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (sesame_clock_banner_get_button (banner))));
  g_assert_nonnull (strstr (sesame_clock_banner_get_message (banner), "Turn on automatic date and time"));

  /* The button asks timedated (SetNTP); the mock synchronises at once. */
  g_signal_emit_by_name (sesame_clock_banner_get_button (banner), "clicked");
  g_assert_true (wait_shown (banner, FALSE));

  /* Out of sync again, then synchronised: it goes away by itself. */
  set_timedate ("NTPSynchronized", FALSE);
  g_assert_true (wait_shown (banner, TRUE));
  set_timedate ("NTPSynchronized", TRUE);
  g_assert_true (wait_shown (banner, FALSE));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sesame_test_require_session ();
  if (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS") == NULL)
    g_error ("This test needs the private system bus of build-aux/dev test");
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/clock-banner/follows-timedated", test_banner);

  return g_test_run ();
}
