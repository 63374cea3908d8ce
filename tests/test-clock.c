/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "sesame-clock.h"

typedef struct
{
  guint n_ticks;
  guint n_changes;
  gint64 last_time;
  gint64 real_usec_at_tick;
  GMainLoop *loop;
  guint wanted;
} TickLog;

static void
on_tick (SesameClock *clock,
         gint64       unix_time,
         TickLog     *log)
{
  log->n_ticks++;
  log->last_time = unix_time;
  log->real_usec_at_tick = g_get_real_time ();
  if (log->loop != NULL && log->n_ticks >= log->wanted)
    g_main_loop_quit (log->loop);
}

static void
on_time_changed (SesameClock *clock,
                 TickLog     *log)
{
  log->n_changes++;
}

static gboolean
fail_timeout (gpointer data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

static void
run_until_ticks (SesameClock *clock,
                 TickLog     *log,
                 guint        wanted)
{
  guint guard = g_timeout_add_seconds (10, fail_timeout, NULL);

  log->wanted = wanted;
  log->loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (log->loop);
  g_clear_pointer (&log->loop, g_main_loop_unref);
  g_source_remove (guard);
}

/* Ticks arrive just after real second boundaries, one per second. */
static void
test_clock_aligned (void)
{
  g_autoptr(SesameClock) clock = sesame_clock_new ();
  TickLog log = { 0 };
  gint64 first;
  guint i;

  g_signal_connect (clock, "tick", G_CALLBACK (on_tick), &log);

  run_until_ticks (clock, &log, 1);
  first = log.last_time;
  for (i = 0; i < 2; i++)
    {
      guint before = log.n_ticks;

      run_until_ticks (clock, &log, before + 1);
      /* Within 150 ms after the boundary (the timeout is armed to 1 ms past
       * it; the rest is scheduling slack on a loaded machine). */
      g_assert_cmpint (log.real_usec_at_tick % G_USEC_PER_SEC, <, 150000);
      g_assert_cmpint (log.last_time, ==, log.real_usec_at_tick / G_USEC_PER_SEC);
    }
  g_assert_cmpint (log.last_time - first, ==, 2);
  g_assert_cmpuint (log.n_ticks, ==, 3);
}

static gint64
fixed_now (gpointer data)
{
  return *(gint64 *) data;
}

/* An injected time is what ticks and get_time report. */
static void
test_clock_injected (void)
{
  g_autoptr(SesameClock) clock = sesame_clock_new ();
  TickLog log = { 0 };
  gint64 now = G_GINT64_CONSTANT (1111111109) * G_USEC_PER_SEC + 250000;

  g_signal_connect (clock, "tick", G_CALLBACK (on_tick), &log);
  sesame_clock_set_now_func (clock, fixed_now, &now, NULL);
  g_assert_cmpint (sesame_clock_get_time (clock), ==, 1111111109);

  sesame_clock_resync (clock);
  g_assert_cmpuint (log.n_ticks, ==, 1);
  g_assert_cmpint (log.last_time, ==, 1111111109);

  /* Back to the real clock. */
  sesame_clock_set_now_func (clock, NULL, NULL, NULL);
  g_assert_cmpint (ABS (sesame_clock_get_time (clock) - g_get_real_time () / G_USEC_PER_SEC), <=, 1);
}

/* The wall clock jumping an hour between two ticks is noticed. */
static void
test_clock_jump (void)
{
  g_autoptr(SesameClock) clock = sesame_clock_new ();
  TickLog log = { 0 };
  gint64 now = g_get_real_time ();

  g_signal_connect (clock, "tick", G_CALLBACK (on_tick), &log);
  g_signal_connect (clock, "time-changed", G_CALLBACK (on_time_changed), &log);
  sesame_clock_set_now_func (clock, fixed_now, &now, NULL);

  sesame_clock_resync (clock);
  g_assert_cmpuint (log.n_changes, ==, 0);

  now += (gint64) 3600 * G_USEC_PER_SEC;
  sesame_clock_resync (clock);
  g_assert_cmpuint (log.n_changes, ==, 1);
  g_assert_cmpint (log.last_time, ==, now / G_USEC_PER_SEC);

  /* Going forward as the monotonic clock does is not a jump. */
  {
    gint64 mono = g_get_monotonic_time ();

    while (g_get_monotonic_time () - mono < 200000)
      g_usleep (50000);
    now += g_get_monotonic_time () - mono;
  }
  sesame_clock_resync (clock);
  g_assert_cmpuint (log.n_changes, ==, 1);
  g_assert_cmpuint (log.n_ticks, ==, 3);
}

/* The shared clock is one object, and works without a system bus (the test
 * session has none). */
static void
test_clock_default (void)
{
  SesameClock *clock = sesame_clock_get_default ();
  TickLog log = { 0 };
  gulong id;

  g_assert_true (clock == sesame_clock_get_default ());
  id = g_signal_connect (clock, "tick", G_CALLBACK (on_tick), &log);
  run_until_ticks (clock, &log, 1);
  g_assert_cmpuint (log.n_ticks, ==, 1);
  g_signal_handler_disconnect (clock, id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/aligned", test_clock_aligned);
  g_test_add_func ("/clock/injected", test_clock_injected);
  g_test_add_func ("/clock/jump", test_clock_jump);
  g_test_add_func ("/clock/default", test_clock_default);

  return g_test_run ();
}
