/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-clipboard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-clipboard.h"
#include "sesame-clipboard-private.h"

#ifdef GDK_WINDOWING_WAYLAND
#include <gdk/wayland/gdkwayland.h>
#endif

/* Puts a code on the clipboard with the hint that keeps it out of clipboard
 * histories (GTK 4 lists the hint among the offered types but, as the type
 * has no '/', gdk_intern_mime_type() refuses it and other processes get no
 * data for it; GTK applications reading it locally do), and takes it off again
 * after a delay — but only if the clipboard still holds exactly what we put
 * there: anything copied since (by us or another application) stays.
 *
 * GNOME on Wayland needs more than gdk_clipboard_set_content (NULL):
 * - mutter ignores (and cancels) a selection set by a client without the
 *   keyboard focus, and GTK destroys our old data source anyway;
 * - mutter's clipboard manager keeps a copy of every text selection and
 *   offers it again as soon as the owner's data source goes away (our
 *   source destroyed, our process gone).
 * So the code lives in a content provider of our own that stops serving it
 * at expiry (whoever has the focus), our data source stays the selection
 * owner until we can replace it with an empty one (which also drops mutter's
 * copy), and when no window of ours has the focus we present a tiny window
 * for a moment to get it — the way wl-copy does on GNOME. The pending clear
 * is a job of its own that outlives the window that copied and holds the
 * application until it is done. */

/* ------------------------------------------------------------------------ */
/* The content: the code, until it expires. */

#define SESAME_TYPE_CODE_PROVIDER (sesame_code_provider_get_type ())
G_DECLARE_FINAL_TYPE (SesameCodeProvider, sesame_code_provider, SESAME, CODE_PROVIDER, GdkContentProvider)

struct _SesameCodeProvider
{
  GdkContentProvider parent_instance;

  char *code;   /* NULL once expired */
};

G_DEFINE_FINAL_TYPE (SesameCodeProvider, sesame_code_provider, GDK_TYPE_CONTENT_PROVIDER)

static void
wipe_string (char **str)
{
  if (*str == NULL)
    return;
  explicit_bzero (*str, strlen (*str));
  g_clear_pointer (str, g_free);
}

static void
wipe_and_free (gpointer data)
{
  char *str = data;

  wipe_string (&str);
}

static GdkContentFormats *
sesame_code_provider_ref_formats (GdkContentProvider *provider)
{
  const char *mime_types[] = {
    g_intern_static_string ("text/plain;charset=utf-8"),
    g_intern_static_string ("text/plain"),
    g_intern_static_string (SESAME_CLIPBOARD_PASSWORD_HINT_MIME),
  };

  return gdk_content_formats_new (mime_types, G_N_ELEMENTS (mime_types));
}

static void
on_code_written (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
sesame_code_provider_write_mime_type_async (GdkContentProvider  *provider,
                                            const char          *mime_type,
                                            GOutputStream       *stream,
                                            int                  io_priority,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  SesameCodeProvider *self = SESAME_CODE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  char *data;

  g_task_set_source_tag (task, sesame_code_provider_write_mime_type_async);

  if (self->code == NULL)
    {
      g_debug ("The code expired; serving nothing");
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "The clipboard was cleared");
      return;
    }

  if (g_str_equal (mime_type, SESAME_CLIPBOARD_PASSWORD_HINT_MIME))
    data = g_strdup ("secret");
  else
    data = g_strdup (self->code);
  /* The buffer must live until the write is done; wiped then. */
  g_task_set_task_data (task, data, wipe_and_free);
  g_output_stream_write_all_async (stream, data, strlen (data), io_priority, cancellable,
                                   on_code_written, g_steal_pointer (&task));
}
static gboolean
sesame_code_provider_write_mime_type_finish (GdkContentProvider  *provider,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sesame_code_provider_finalize (GObject *object)
{
  SesameCodeProvider *self = SESAME_CODE_PROVIDER (object);

  wipe_string (&self->code);

  G_OBJECT_CLASS (sesame_code_provider_parent_class)->finalize (object);
}

static void
sesame_code_provider_class_init (SesameCodeProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  object_class->finalize = sesame_code_provider_finalize;
  provider_class->ref_formats = sesame_code_provider_ref_formats;
  provider_class->write_mime_type_async = sesame_code_provider_write_mime_type_async;
  provider_class->write_mime_type_finish = sesame_code_provider_write_mime_type_finish;
}

static void
sesame_code_provider_init (SesameCodeProvider *self)
{
}

static SesameCodeProvider *
sesame_code_provider_new (const char *code)
{
  SesameCodeProvider *self = g_object_new (SESAME_TYPE_CODE_PROVIDER, NULL);

  self->code = g_strdup (code);
  return self;
}

/* From now on nobody gets the code from us, whatever the compositor lets us do. */
static void
sesame_code_provider_expire (SesameCodeProvider *self)
{
  wipe_string (&self->code);
}

/* ------------------------------------------------------------------------ */
/* The pending clear: one per GdkClipboard, owned by it, not by the window. */

#define JOB_KEY "sesame-clipboard-job"
/* How long a tiny window waits for the focus before we try again later. */
#define FOCUS_WAIT_MS 2000
#define RETRY_SECONDS 10
#define QUICK_RETRIES 5
/* How long a process asked to end waits for its clears. */
#define QUIT_WAIT_SECONDS 5

struct _SesameClipboard
{
  GObject parent_instance;

  GdkClipboard *clipboard;
  GdkContentProvider *provider;   /* what we last put there */
};

enum {
  CLEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GdkClipboard *clipboard;
  SesameCodeProvider *provider;
  SesameClipboard *owner;         /* weak: told when the code is gone */
  GApplication *application;      /* held until the job is done */
  gboolean placed;                /* the provider went onto the clipboard */
  gboolean expired;
  guint expire_id;
  guint poll_id;
  GtkWindow *focus_window;        /* the tiny window that takes the focus */
  guint focus_timeout_id;
  GtkEventController *focus_controller;   /* of focus_window */
  gulong focus_handler;
  guint focus_idle_id;
  GDBusConnection *session_bus;
  GDBusConnection *system_bus;
  guint screensaver_id;
  guint logind_id;
  gboolean locked;
  gint64 next_focus_try;          /* monotonic µs */
  guint focus_tries;
  guint retry_id;
} ClearJob;

static void job_step (ClearJob *job);
static void job_expire (ClearJob *job);

/* Every pending job, and the application to quit once they are done. */
static GList *jobs;
static GApplication *quit_when_done;

static gboolean
is_wayland (GdkClipboard *clipboard)
{
#ifdef GDK_WINDOWING_WAYLAND
  return GDK_IS_WAYLAND_DISPLAY (gdk_clipboard_get_display (clipboard));
#else
  return FALSE;
#endif
}

static ClearJob *
job_get (GdkClipboard *clipboard)
{
  return g_object_get_data (G_OBJECT (clipboard), JOB_KEY);
}

static void
job_close_focus_window (ClearJob *job)
{
  g_clear_handle_id (&job->focus_timeout_id, g_source_remove);
  g_clear_handle_id (&job->focus_idle_id, g_source_remove);
  if (job->focus_window != NULL)
    {
      g_clear_signal_handler (&job->focus_handler, job->focus_controller);
      job->focus_controller = NULL;
      gtk_window_destroy (job->focus_window);
      job->focus_window = NULL;
    }
}

static void
job_free (gpointer data)
{
  ClearJob *job = data;

  g_clear_handle_id (&job->expire_id, g_source_remove);
  g_clear_handle_id (&job->poll_id, g_source_remove);
  g_clear_handle_id (&job->retry_id, g_source_remove);
  job_close_focus_window (job);
  if (job->screensaver_id != 0)
    g_dbus_connection_signal_unsubscribe (job->session_bus, job->screensaver_id);
  if (job->logind_id != 0)
    g_dbus_connection_signal_unsubscribe (job->system_bus, job->logind_id);
  g_clear_object (&job->session_bus);
  g_clear_object (&job->system_bus);
  g_clear_object (&job->provider);
  g_clear_weak_pointer (&job->owner);
  g_clear_object (&job->clipboard);
  if (job->application != NULL)
    {
      g_application_release (job->application);
      g_clear_object (&job->application);
    }
  jobs = g_list_remove (jobs, job);
  g_free (job);

  if (jobs == NULL && quit_when_done != NULL)
    {
      g_debug ("Every clear is done; quitting");
      g_application_quit (quit_when_done);
      g_clear_object (&quit_when_done);
    }
}

/* Ends the job (frees it): call last. */
static void
job_done (ClearJob *job)
{
  g_object_set_data (G_OBJECT (job->clipboard), JOB_KEY, NULL);
}

static gboolean
job_ours (ClearJob *job)
{
  return gdk_clipboard_is_local (job->clipboard) &&
         gdk_clipboard_get_content (job->clipboard) == GDK_CONTENT_PROVIDER (job->provider);
}

/* Whether one of our windows on the clipboard's display has the keyboard
 * focus, so that the compositor accepts a new selection from us. */
static gboolean
have_focus (ClearJob *job)
{
  GdkDisplay *display = gdk_clipboard_get_display (job->clipboard);
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (gtk_widget_get_display (GTK_WIDGET (window)) == display && gtk_window_is_active (window))
        return TRUE;
    }
  return FALSE;
}

/* Whether a window of ours is open (besides the tiny one), which will get
 * the focus back sooner or later. */
static gboolean
have_open_window (ClearJob *job)
{
  GdkDisplay *display = gdk_clipboard_get_display (job->clipboard);
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != job->focus_window &&
          gtk_widget_get_display (GTK_WIDGET (window)) == display &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

static void
job_emit_cleared (ClearJob *job)
{
  if (job->owner != NULL && job->owner->provider == GDK_CONTENT_PROVIDER (job->provider))
    g_signal_emit (job->owner, signals[CLEARED], 0);
}

/* With the focus: put the code there, or (expired) an empty selection. */
static void
job_act_with_focus (ClearJob *job)
{
  if (!job->placed)
    {
      g_debug ("Copying the code to the clipboard");
      gdk_clipboard_set_content (job->clipboard, GDK_CONTENT_PROVIDER (job->provider));
      job->placed = TRUE;
      if (job->expire_id == 0 && !job->expired)
        {
          job_done (job);   /* never cleared */
          return;
        }
      job_close_focus_window (job);
      return;
    }

  g_debug ("Clearing the code from the clipboard");
  /* An empty selection replaces ours, and with it mutter's copy. */
  gdk_clipboard_set_content (job->clipboard, NULL);
  job_done (job);
}

/* The keyboard focus itself, not the "activated" state that comes before
 * it: mutter takes a selection only with the serial of our keyboard's enter. */
static gboolean
on_focus_idle (gpointer user_data)
{
  ClearJob *job = user_data;

  job->focus_idle_id = 0;
  job_act_with_focus (job);
  return G_SOURCE_REMOVE;
}

static gboolean
on_focus_window_event (GtkEventControllerLegacy *controller,
                       GdkEvent                 *event,
                       ClearJob                 *job)
{
  /* Not from inside the window's event handling: the window goes. */
  if (gdk_event_get_event_type (event) == GDK_FOCUS_CHANGE && gdk_focus_event_get_in (event) &&
      job->focus_idle_id == 0)
    job->focus_idle_id = g_idle_add (on_focus_idle, job);
  return GDK_EVENT_PROPAGATE;
}

static gboolean
on_retry (gpointer user_data)
{
  ClearJob *job = user_data;

  job->retry_id = 0;
  job_step (job);
  return G_SOURCE_REMOVE;
}

static gboolean
on_focus_timeout (gpointer user_data)
{
  ClearJob *job = user_data;

  job->focus_timeout_id = 0;
  /* The shell may have held the focus (its overview closing): a fresh
   * window soon, a few times, then now and then. */
  job->focus_tries++;
  job->next_focus_try = g_get_monotonic_time () +
                        (job->focus_tries < QUICK_RETRIES ? 1 : RETRY_SECONDS) * G_USEC_PER_SEC;
  g_debug ("The focus did not come; trying again later");
  job_close_focus_window (job);
  if (!job->placed && job->focus_tries < QUICK_RETRIES)
    job->retry_id = g_timeout_add_seconds (1, on_retry, job);
  return G_SOURCE_REMOVE;
}

/* Shows a tiny window for a moment: GNOME gives a new window the focus. */
static void
job_take_focus (ClearJob *job)
{
  if (job->focus_window != NULL || g_get_monotonic_time () < job->next_focus_try)
    return;

  job->focus_window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_display (job->focus_window, gdk_clipboard_get_display (job->clipboard));
  gtk_window_set_title (job->focus_window, "Sesame");
  gtk_window_set_decorated (job->focus_window, FALSE);
  gtk_window_set_default_size (job->focus_window, 1, 1);
  job->focus_controller = gtk_event_controller_legacy_new ();
  job->focus_handler = g_signal_connect (job->focus_controller, "event",
                                         G_CALLBACK (on_focus_window_event), job);
  gtk_widget_add_controller (GTK_WIDGET (job->focus_window), job->focus_controller);
  job->focus_timeout_id = g_timeout_add (FOCUS_WAIT_MS, on_focus_timeout, job);
  gtk_window_present (job->focus_window);
}

static gboolean
on_poll (gpointer user_data)
{
  job_step (user_data);
  return G_SOURCE_CONTINUE;
}

/* Moves the job on as far as the compositor lets it. */
static void
job_step (ClearJob *job)
{
  if (!job->placed)
    {
      if (have_focus (job) || !is_wayland (job->clipboard))
        job_act_with_focus (job);
      else if (!job->locked)
        job_take_focus (job);
      return;
    }

  if (!job->expired)
    return;

  /* Anything copied since stays, and our code is not there any more. */
  if (!job_ours (job))
    {
      job_done (job);
      return;
    }

  if (have_focus (job) || !is_wayland (job->clipboard))
    {
      job_act_with_focus (job);
      return;
    }

  /* Nobody gets the code from us any more. A window of ours that is open
   * gets the focus back some time; without one we take it for a moment. */
  if (!job->locked && !have_open_window (job))
    job_take_focus (job);
  if (job->poll_id == 0)
    {
      job->poll_id = g_timeout_add_seconds (1, on_poll, job);
      g_source_set_name_by_id (job->poll_id, "[sesame] clipboard handover");
    }
}

static void
job_expire (ClearJob *job)
{
  gboolean was_ours;

  g_clear_handle_id (&job->expire_id, g_source_remove);
  was_ours = job->placed && job_ours (job);
  job->expired = TRUE;
  sesame_code_provider_expire (job->provider);
  if (!job->placed)
    {
      job_done (job);   /* it never got there */
      return;
    }
  if (was_ours)
    job_emit_cleared (job);
  else
    g_debug ("The clipboard changed since the copy; leaving it alone");
  job_step (job);
}

static gboolean
on_expire_timeout (gpointer user_data)
{
  ClearJob *job = user_data;

  job->expire_id = 0;
  job_expire (job);
  return G_SOURCE_REMOVE;
}

/* The screen locks: nothing of ours on the clipboard while nobody watches. */
static void
on_screensaver_active (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  ClearJob *job = user_data;
  gboolean active = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &active);
  job->locked = active;
  if (active && !job->expired)
    {
      g_debug ("The screen locked: clearing the clipboard now");
      job_expire (job);
    }
  else if (!active && job->expired)
    job_step (job);
}

static void
on_logind_lock (GDBusConnection *connection,
                const char      *sender,
                const char      *path,
                const char      *interface,
                const char      *signal,
                GVariant        *parameters,
                gpointer         user_data)
{
  ClearJob *job = user_data;

  if (!job->expired)
    {
      g_debug ("The session locked: clearing the clipboard now");
      job_expire (job);
    }
}

static void
job_watch_lock (ClearJob *job)
{
  job->session_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (job->session_bus != NULL)
    job->screensaver_id = g_dbus_connection_signal_subscribe (job->session_bus, "org.gnome.ScreenSaver",
                                                              "org.gnome.ScreenSaver", "ActiveChanged",
                                                              "/org/gnome/ScreenSaver", NULL,
                                                              G_DBUS_SIGNAL_FLAGS_NONE,
                                                              on_screensaver_active, job, NULL);
  /* Any session's Lock (loginctl lock-session[s]): clearing early is harmless. */
  job->system_bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, NULL);
  if (job->system_bus != NULL)
    job->logind_id = g_dbus_connection_signal_subscribe (job->system_bus, "org.freedesktop.login1",
                                                         "org.freedesktop.login1.Session", "Lock",
                                                         NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                                         on_logind_lock, job, NULL);
}

static ClearJob *
job_new (SesameClipboard    *owner,
         SesameCodeProvider *provider,
         guint               clear_after_seconds)
{
  ClearJob *job = g_new0 (ClearJob, 1);
  GApplication *application = g_application_get_default ();

  job->clipboard = g_object_ref (owner->clipboard);
  job->provider = g_object_ref (provider);
  g_set_weak_pointer (&job->owner, owner);
  /* Replaces (and frees) the job of an earlier copy. */
  g_object_set_data_full (G_OBJECT (job->clipboard), JOB_KEY, job, job_free);
  jobs = g_list_prepend (jobs, job);

  if (clear_after_seconds > 0)
    {
      job->expire_id = g_timeout_add_seconds (clear_after_seconds, on_expire_timeout, job);
      g_source_set_name_by_id (job->expire_id, "[sesame] clear clipboard");
      job_watch_lock (job);
      if (application != NULL)
        {
          job->application = g_object_ref (application);
          g_application_hold (application);
        }
    }
  return job;
}

/* ------------------------------------------------------------------------ */

G_DEFINE_FINAL_TYPE (SesameClipboard, sesame_clipboard, G_TYPE_OBJECT)

SesameClipboard *
sesame_clipboard_new (GdkClipboard *clipboard)
{
  SesameClipboard *self;

  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), NULL);

  self = g_object_new (SESAME_TYPE_CLIPBOARD, NULL);
  self->clipboard = g_object_ref (clipboard);
  return self;
}

/**
 * sesame_clipboard_get_clipboard:
 *
 * Returns: (transfer none): the clipboard this object writes to
 */
GdkClipboard *
sesame_clipboard_get_clipboard (SesameClipboard *self)
{
  g_return_val_if_fail (SESAME_IS_CLIPBOARD (self), NULL);

  return self->clipboard;
}

/**
 * sesame_clipboard_holds_ours:
 *
 * Returns: whether the clipboard still holds the last code we copied (and
 *   it has not expired)
 */
gboolean
sesame_clipboard_holds_ours (SesameClipboard *self)
{
  g_return_val_if_fail (SESAME_IS_CLIPBOARD (self), FALSE);

  return self->provider != NULL &&
         SESAME_CODE_PROVIDER (self->provider)->code != NULL &&
         gdk_clipboard_is_local (self->clipboard) &&
         gdk_clipboard_get_content (self->clipboard) == self->provider;
}

/**
 * sesame_clipboard_clear_now:
 *
 * Empties the clipboard if it still holds our code; leaves it alone otherwise.
 */
void
sesame_clipboard_clear_now (SesameClipboard *self)
{
  ClearJob *job;

  g_return_if_fail (SESAME_IS_CLIPBOARD (self));

  if (self->provider == NULL)
    return;

  job = job_get (self->clipboard);
  if (job == NULL || job->provider != SESAME_CODE_PROVIDER (self->provider))
    {
      /* A code copied to stay: it gets a job now, to be cleared. */
      job = job_new (self, SESAME_CODE_PROVIDER (self->provider), 0);
      job->placed = TRUE;
    }
  if (!job->expired)
    job_expire (job);
  g_clear_object (&self->provider);
}

/**
 * sesame_clipboard_copy_code:
 * @clear_after_seconds: 0 to leave the code on the clipboard
 *
 * Copies @code as text/plain with the password-manager hint. The clear
 * happens even if @self is gone by then.
 */
void
sesame_clipboard_copy_code (SesameClipboard *self,
                            const char      *code,
                            guint            clear_after_seconds)
{
  g_autoptr(SesameCodeProvider) provider = NULL;
  ClearJob *job;

  g_return_if_fail (SESAME_IS_CLIPBOARD (self));
  g_return_if_fail (code != NULL);

  provider = sesame_code_provider_new (code);
  g_set_object (&self->provider, GDK_CONTENT_PROVIDER (provider));
  job = job_new (self, provider, clear_after_seconds);
  job_step (job);
}

/**
 * sesame_clipboard_clear_all_then_quit:
 *
 * For a process asked to end (SIGTERM, logout): takes every code of ours off
 * the clipboard now, then quits @application — at once if nothing is pending.
 * Quitting first would leave GNOME Shell's copy of a code on the clipboard.
 */
void
sesame_clipboard_clear_all_then_quit (GApplication *application)
{
  g_return_if_fail (G_IS_APPLICATION (application));

  if (jobs == NULL)
    {
      g_application_quit (application);
      return;
    }
  g_set_object (&quit_when_done, application);
  /* Not forever: the focus may never come (a locked screen). */
  g_timeout_add_once (QUIT_WAIT_SECONDS * 1000, (GSourceOnceFunc) g_application_quit, application);
  for (GList *l = jobs; l != NULL;)
    {
      ClearJob *job = l->data;

      l = l->next;
      if (!job->expired)
        job_expire (job);
    }
}

static void
sesame_clipboard_dispose (GObject *object)
{
  SesameClipboard *self = SESAME_CLIPBOARD (object);

  /* A pending clear is not ours to cancel: its job lives on. */
  g_clear_object (&self->provider);
  g_clear_object (&self->clipboard);

  G_OBJECT_CLASS (sesame_clipboard_parent_class)->dispose (object);
}

static void
sesame_clipboard_class_init (SesameClipboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_clipboard_dispose;

  /**
   * SesameClipboard::cleared:
   *
   * Emitted when the delay ran out and the code was taken off the clipboard.
   */
  signals[CLEARED] = g_signal_new ("cleared",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
sesame_clipboard_init (SesameClipboard *self)
{
}
