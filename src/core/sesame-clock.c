/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-clock"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "sesame-clock.h"

/* One ticker for the whole application: every row of the list listens to
 * it instead of owning a timer. The timeout is re-armed to the next second
 * boundary on every tick (as GNOME Calendar's GcalClock does), so ticks stay
 * aligned however late the main loop runs, and the clock resyncs at once
 * after a suspend (logind's PrepareForSleep) or a wall-clock change (a
 * timerfd cancelled by any setting of the clock, so every code is recomputed
 * at once, not at the next tick).
 *
 * It also says whether the system clock is synchronised (timedated's
 * NTPSynchronized): codes are only right when the clock is. Unknown (no
 * system bus, no timedated) counts as synchronised. */

#define TIMEDATE_NAME "org.freedesktop.timedate1"
#define TIMEDATE_PATH "/org/freedesktop/timedate1"
/* While unsynchronised, look again this often: timedated does not announce
 * NTPSynchronized changes, which come from the kernel. */
#define SYNC_RECHECK_SECONDS 60

/* Real time may drift from monotonic time by this much between two ticks
 * before we call it a wall-clock change. */
#define JUMP_TOLERANCE_USEC (G_USEC_PER_SEC / 2)

struct _SesameClock
{
  GObject parent_instance;

  guint timeout_id;
  gint64 last_real;
  gint64 last_monotonic;

  SesameClockNowFunc now_func;
  gpointer now_data;
  GDestroyNotify now_destroy;

  GCancellable *cancellable;
  GDBusConnection *system_bus;
  guint sleep_subscription;
  guint timedate_subscription;
  guint recheck_id;
  gboolean synchronized;
  gboolean automatic;

  int timer_fd;
  guint timer_source;
};

enum {
  PROP_0,
  PROP_SYNCHRONIZED,
  PROP_AUTOMATIC_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TICK,
  TIME_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesameClock, sesame_clock, G_TYPE_OBJECT)

static gboolean on_timeout (gpointer user_data);

gint64
sesame_clock_get_real_time_usec (SesameClock *self)
{
  g_return_val_if_fail (SESAME_IS_CLOCK (self), 0);

  if (self->now_func != NULL)
    return self->now_func (self->now_data);

  return g_get_real_time ();
}

/**
 * sesame_clock_usec_to_seconds:
 *
 * Returns: @usec in whole seconds, rounded down, before 1970 too (where
 * plain division would round towards zero)
 */
gint64
sesame_clock_usec_to_seconds (gint64 usec)
{
  if (usec < 0)
    return -((-usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  return usec / G_USEC_PER_SEC;
}

/**
 * sesame_clock_get_time:
 *
 * Returns: the current Unix time in seconds, as the clock sees it (the
 * injected time in tests).
 */
gint64
sesame_clock_get_time (SesameClock *self)
{
  return sesame_clock_usec_to_seconds (sesame_clock_get_real_time_usec (self));
}

static void
schedule_next (SesameClock *self)
{
  gint64 now = g_get_real_time ();
  guint delay_ms;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  /* A millisecond past the boundary, so the tick never lands just before it. */
  delay_ms = (guint) ((G_USEC_PER_SEC - now % G_USEC_PER_SEC) / 1000) + 1;
  self->timeout_id = g_timeout_add_full (G_PRIORITY_HIGH, delay_ms, on_timeout, self, NULL);
  g_source_set_name_by_id (self->timeout_id, "[sesame] clock tick");
}

static void
emit_tick (SesameClock *self)
{
  gint64 real = sesame_clock_get_real_time_usec (self);
  gint64 monotonic = g_get_monotonic_time ();
  gboolean jumped = FALSE;

  if (self->last_monotonic != 0)
    {
      gint64 expected = self->last_real + (monotonic - self->last_monotonic);

      jumped = ABS (real - expected) > JUMP_TOLERANCE_USEC;
    }

  self->last_real = real;
  self->last_monotonic = monotonic;

  if (jumped)
    {
      g_debug ("Wall-clock time changed; resyncing");
      g_signal_emit (self, signals[TIME_CHANGED], 0);
    }

  g_signal_emit (self, signals[TICK], 0, sesame_clock_get_time (self));
}

static gboolean
on_timeout (gpointer user_data)
{
  SesameClock *self = user_data;

  self->timeout_id = 0;
  schedule_next (self);
  emit_tick (self);

  return G_SOURCE_REMOVE;
}

/**
 * sesame_clock_resync:
 *
 * Emits a tick now and re-aligns the next one to the second boundary.
 * Called after a resume from suspend; tests call it after injecting a time.
 */
void
sesame_clock_resync (SesameClock *self)
{
  g_return_if_fail (SESAME_IS_CLOCK (self));

  schedule_next (self);
  emit_tick (self);
}

/**
 * sesame_clock_set_now_func:
 * @func: (nullable): the time source, or %NULL for the real clock
 *
 * For tests: replaces the wall clock. Ticks keep coming on real second
 * boundaries but carry the injected time.
 */
void
sesame_clock_set_now_func (SesameClock        *self,
                           SesameClockNowFunc  func,
                           gpointer            user_data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (SESAME_IS_CLOCK (self));

  if (self->now_destroy != NULL)
    self->now_destroy (self->now_data);

  self->now_func = func;
  self->now_data = user_data;
  self->now_destroy = destroy;
  /* The next tick must not count the switch as a wall-clock jump. */
  self->last_monotonic = 0;
}

static void
on_prepare_for_sleep (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  SesameClock *self = user_data;
  gboolean going_to_sleep = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    {
      g_debug ("Resumed from suspend; resyncing");
      self->last_monotonic = 0;
      sesame_clock_resync (self);
    }
}

static void
set_sync_state (SesameClock *self,
                gboolean     synchronized,
                gboolean     automatic)
{
  if (self->synchronized != synchronized)
    {
      self->synchronized = synchronized;
      g_debug ("The system clock is %s", synchronized ? "synchronised" : "not synchronised");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCHRONIZED]);
    }
  if (self->automatic != automatic)
    {
      self->automatic = automatic;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOMATIC_TIME]);
    }
}

static gboolean on_recheck (gpointer user_data);

static void
on_timedate_properties (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(SesameClock) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;
  gboolean synchronized = TRUE;
  gboolean automatic = TRUE;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (reply == NULL)
    {
      g_debug ("No timedated, the clock counts as synchronised: %s", error->message);
    }
  else
    {
      g_variant_get (reply, "(@a{sv})", &props);
      g_variant_lookup (props, "NTPSynchronized", "b", &synchronized);
      g_variant_lookup (props, "NTP", "b", &automatic);
    }
  set_sync_state (self, synchronized, automatic);

  g_clear_handle_id (&self->recheck_id, g_source_remove);
  if (!self->synchronized)
    self->recheck_id = g_timeout_add_seconds (SYNC_RECHECK_SECONDS, on_recheck, self);
}

/**
 * sesame_clock_refresh_sync_state:
 *
 * Asks timedated again whether the clock is synchronised (it does not
 * announce every change); #SesameClock:synchronized follows.
 */
void
sesame_clock_refresh_sync_state (SesameClock *self)
{
  g_return_if_fail (SESAME_IS_CLOCK (self));

  if (self->system_bus == NULL)
    return;
  g_dbus_connection_call (self->system_bus, TIMEDATE_NAME, TIMEDATE_PATH,
                          "org.freedesktop.DBus.Properties", "GetAll",
                          g_variant_new ("(s)", "org.freedesktop.timedate1"),
                          G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, 10000,
                          self->cancellable, on_timedate_properties, g_object_ref (self));
}

static gboolean
on_recheck (gpointer user_data)
{
  SesameClock *self = user_data;

  self->recheck_id = 0;
  sesame_clock_refresh_sync_state (self);
  return G_SOURCE_REMOVE;
}

static void
on_timedate_changed (GDBusConnection *connection,
                     const char      *sender_name,
                     const char      *object_path,
                     const char      *interface_name,
                     const char      *signal_name,
                     GVariant        *parameters,
                     gpointer         user_data)
{
  sesame_clock_refresh_sync_state (user_data);
}

/**
 * sesame_clock_get_synchronized:
 *
 * Returns: %FALSE when timedated says the system clock is not synchronised
 */
gboolean
sesame_clock_get_synchronized (SesameClock *self)
{
  g_return_val_if_fail (SESAME_IS_CLOCK (self), TRUE);

  return self->synchronized;
}

/**
 * sesame_clock_get_automatic_time:
 *
 * Returns: whether automatic time (NTP) is on, as far as timedated says
 */
gboolean
sesame_clock_get_automatic_time (SesameClock *self)
{
  g_return_val_if_fail (SESAME_IS_CLOCK (self), TRUE);

  return self->automatic;
}

static void
on_set_ntp (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SesameClock) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Automatic time was not turned on: %s", error->message);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    sesame_clock_refresh_sync_state (self);
}

/**
 * sesame_clock_enable_automatic_time:
 *
 * Asks timedated to turn on automatic time (NTP); the system may ask for a
 * password first. #SesameClock:synchronized follows when it is done.
 */
void
sesame_clock_enable_automatic_time (SesameClock *self)
{
  g_return_if_fail (SESAME_IS_CLOCK (self));

  if (self->system_bus == NULL)
    return;
  g_dbus_connection_call (self->system_bus, TIMEDATE_NAME, TIMEDATE_PATH,
                          "org.freedesktop.timedate1", "SetNTP", g_variant_new ("(bb)", TRUE, TRUE),
                          NULL, G_DBUS_CALL_FLAGS_ALLOW_INTERACTIVE_AUTHORIZATION, G_MAXINT,
                          self->cancellable, on_set_ntp, g_object_ref (self));
}

/* The kernel cancels this timer whenever the wall clock is set. */
static gboolean
arm_set_timer (SesameClock *self)
{
  struct itimerspec spec = { .it_value = { .tv_sec = G_MAXINT32 } };

  return timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL) == 0;
}

static gboolean
on_clock_set (int          fd,
              GIOCondition condition,
              gpointer     user_data)
{
  SesameClock *self = user_data;
  guint64 expirations;

  /* ECANCELED: the clock was set. Read and re-arm either way. */
  if (read (fd, &expirations, sizeof expirations) < 0 && errno == ECANCELED)
    {
      g_debug ("The wall clock was set; resyncing");
      sesame_clock_resync (self);
      sesame_clock_refresh_sync_state (self);
    }
  if (!arm_set_timer (self))
    {
      self->timer_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
watch_clock_set (SesameClock *self)
{
  self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (self->timer_fd < 0)
    return;
  if (arm_set_timer (self))
    self->timer_source = g_unix_fd_add (self->timer_fd, G_IO_IN, on_clock_set, self);
}

static void
on_system_bus (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SesameClock) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      /* Containers and test sessions often have no system bus: ticks still
       * resync on their own at most a second after a resume. */
      g_debug ("No system bus, suspend will not be watched: %s", error->message);
      return;
    }

  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus,
                                        "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager",
                                        "PrepareForSleep",
                                        "/org/freedesktop/login1",
                                        NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_prepare_for_sleep,
                                        self, NULL);
  self->timedate_subscription =
    g_dbus_connection_signal_subscribe (bus,
                                        TIMEDATE_NAME,
                                        "org.freedesktop.DBus.Properties",
                                        "PropertiesChanged",
                                        TIMEDATE_PATH,
                                        NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_timedate_changed,
                                        self, NULL);
  sesame_clock_refresh_sync_state (self);
}

static void
sesame_clock_dispose (GObject *object)
{
  SesameClock *self = SESAME_CLOCK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  if (self->system_bus != NULL && self->timedate_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->timedate_subscription);
  self->timedate_subscription = 0;
  g_clear_handle_id (&self->recheck_id, g_source_remove);
  g_clear_handle_id (&self->timer_source, g_source_remove);
  if (self->timer_fd >= 0)
    close (self->timer_fd);
  self->timer_fd = -1;
  g_clear_object (&self->system_bus);
  g_clear_object (&self->cancellable);
  sesame_clock_set_now_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (sesame_clock_parent_class)->dispose (object);
}

static void
sesame_clock_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SesameClock *self = SESAME_CLOCK (object);

  switch (prop_id)
    {
    case PROP_SYNCHRONIZED:
      g_value_set_boolean (value, self->synchronized);
      break;
    case PROP_AUTOMATIC_TIME:
      g_value_set_boolean (value, self->automatic);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_clock_class_init (SesameClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_clock_dispose;
  object_class->get_property = sesame_clock_get_property;

  /**
   * SesameClock:synchronized:
   *
   * %FALSE when timedated says the system clock is not synchronised: codes
   * may then be rejected.
   */
  properties[PROP_SYNCHRONIZED] =
    g_param_spec_boolean ("synchronized", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SesameClock:automatic-time:
   *
   * Whether automatic time (NTP) is on.
   */
  properties[PROP_AUTOMATIC_TIME] =
    g_param_spec_boolean ("automatic-time", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SesameClock::tick:
   * @unix_time: the current Unix time in seconds
   *
   * Emitted just after every second boundary, and on a resync.
   */
  signals[TICK] = g_signal_new ("tick",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * SesameClock::time-changed:
   *
   * Emitted (before the tick) when the wall clock moved differently from
   * the monotonic clock: the time was set, or the machine slept.
   */
  signals[TIME_CHANGED] = g_signal_new ("time-changed",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
}

static void
sesame_clock_init (SesameClock *self)
{
  self->cancellable = g_cancellable_new ();
  self->synchronized = TRUE;
  self->automatic = TRUE;
  self->timer_fd = -1;
  schedule_next (self);
  watch_clock_set (self);

  /* An extra reference, so the callback finds the clock even if it was
   * disposed meanwhile (the cancellable makes it return at once). */
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_system_bus, g_object_ref (self));
}

SesameClock *
sesame_clock_new (void)
{
  return g_object_new (SESAME_TYPE_CLOCK, NULL);
}

/**
 * sesame_clock_get_default:
 *
 * Returns: (transfer none): the clock shared by the whole process
 */
SesameClock *
sesame_clock_get_default (void)
{
  static SesameClock *clock;

  if (g_once_init_enter (&clock))
    g_once_init_leave (&clock, sesame_clock_new ());

  return clock;
}
