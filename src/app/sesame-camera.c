/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-camera"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <libportal/portal.h>

#include "sesame-camera.h"
#include "sesame-camera-private.h"
#include "sesame-enums-app.h"
#include "sesame-qr-decode.h"

/* Frames are decoded a few times a second: enough to feel instant, little
 * enough to leave the machine cool. */
#define DECODE_INTERVAL_US (250 * G_TIME_SPAN_MILLISECOND)
/* A frame gets a short retry budget; the next frame is the real retry. */
#define DECODE_BUDGET_MS   120
/* Preview and decoding never need more than this; big sensors are scaled. */
#define MAX_FRAME_SIZE     1280

/* What the streaming thread, the decoder thread and the main thread share.
 * Reference-counted so that none of them outlives the others' data, and
 * reaching the camera object only through a weak reference. */
typedef struct
{
  gatomicrefcount ref_count;
  GWeakRef camera;
  GMutex lock;
  GstSample *latest;
  gint preview_pending;
  gint decoding;
  gint64 last_decode;
  guint generation;
} Shared;

struct _SesameCamera
{
  GObject parent_instance;

  GtkStringList *devices;
  GPtrArray *gst_devices;
  gboolean use_portal;
  char *test_pipeline;

  GstElement *pipeline;
  guint bus_watch;
  Shared *shared;
  GThreadPool *decoder;

  XdpPortal *portal;
  GCancellable *cancellable;

  SesameCameraState state;
  char *error_message;
  GdkPaintable *paintable;
  GBytes *last_payload;
  guint frames_decoded;
};

G_DEFINE_FINAL_TYPE (SesameCamera, sesame_camera, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_PAINTABLE,
  N_PROPS
};

enum {
  PAYLOAD_FOUND,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  Shared *shared;
  guint generation;
  SesameGrayImage *image;
} DecodeJob;

static Shared *
shared_new (SesameCamera *camera)
{
  Shared *shared = g_new0 (Shared, 1);

  g_atomic_ref_count_init (&shared->ref_count);
  g_weak_ref_init (&shared->camera, camera);
  g_mutex_init (&shared->lock);
  return shared;
}

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref_count);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref_count))
    return;

  g_weak_ref_clear (&shared->camera);
  g_clear_pointer (&shared->latest, gst_sample_unref);
  g_mutex_clear (&shared->lock);
  g_free (shared);
}

static void
set_state (SesameCamera      *self,
           SesameCameraState  state,
           const char        *message)
{
  if (g_strcmp0 (self->error_message, message) != 0)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/* RGB to luminance (BT.601 weights, integer). */
static SesameGrayImage *
gray_from_frame (GstVideoFrame *frame)
{
  guint width = GST_VIDEO_FRAME_WIDTH (frame);
  guint height = GST_VIDEO_FRAME_HEIGHT (frame);
  gsize stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);
  const guint8 *rgb = GST_VIDEO_FRAME_PLANE_DATA (frame, 0);
  SesameGrayImage *image = sesame_gray_image_new (width, height);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *in = rgb + y * stride;
      guint8 *out = image->pixels + y * image->stride;

      for (guint x = 0; x < width; x++, in += 3)
        out[x] = (guint8) ((77 * in[0] + 150 * in[1] + 29 * in[2]) >> 8);
    }

  return image;
}

typedef struct
{
  Shared *shared;
  guint generation;
  GPtrArray *payloads;
} DecodeResult;

static gboolean
deliver_payloads (gpointer data)
{
  DecodeResult *result = data;
  g_autoptr(SesameCamera) self = g_weak_ref_get (&result->shared->camera);

  if (self != NULL && result->generation == result->shared->generation)
    {
      self->frames_decoded++;

      for (guint i = 0; result->payloads != NULL && i < result->payloads->len; i++)
        {
          GBytes *payload = g_ptr_array_index (result->payloads, i);

          /* A code held in front of the camera is seen in every frame;
           * tell about it once. */
          if (self->last_payload != NULL && g_bytes_equal (payload, self->last_payload))
            continue;

          g_clear_pointer (&self->last_payload, g_bytes_unref);
          self->last_payload = g_bytes_ref (payload);
          g_signal_emit (self, signals[PAYLOAD_FOUND], 0, payload);
        }
    }

  g_clear_pointer (&result->payloads, g_ptr_array_unref);
  shared_unref (result->shared);
  g_free (result);
  return G_SOURCE_REMOVE;
}

static void
decode_in_thread (gpointer data,
                  gpointer user_data)
{
  DecodeJob *job = data;
  DecodeResult *result = g_new0 (DecodeResult, 1);

  result->payloads = sesame_qr_decode_image (job->image, DECODE_BUDGET_MS);
  result->shared = shared_ref (job->shared);
  result->generation = job->generation;
  g_main_context_invoke (NULL, deliver_payloads, result);

  g_atomic_int_set (&job->shared->decoding, 0);
  sesame_gray_image_free (job->image);
  shared_unref (job->shared);
  g_free (job);
}

static gboolean
update_preview (gpointer data)
{
  Shared *shared = data;
  g_autoptr(SesameCamera) self = g_weak_ref_get (&shared->camera);
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GstVideoFrame frame;
  GstVideoInfo info;

  g_atomic_int_set (&shared->preview_pending, 0);

  g_mutex_lock (&shared->lock);
  sample = shared->latest ? gst_sample_ref (shared->latest) : NULL;
  g_mutex_unlock (&shared->lock);

  if (self == NULL || sample == NULL || self->pipeline == NULL)
    return G_SOURCE_REMOVE;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return G_SOURCE_REMOVE;

  bytes = g_bytes_new (GST_VIDEO_FRAME_PLANE_DATA (&frame, 0),
                       GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0) * GST_VIDEO_FRAME_HEIGHT (&frame));
  g_clear_object (&self->paintable);
  self->paintable = GDK_PAINTABLE (gdk_memory_texture_new (GST_VIDEO_FRAME_WIDTH (&frame),
                                                           GST_VIDEO_FRAME_HEIGHT (&frame),
                                                           GDK_MEMORY_R8G8B8, bytes,
                                                           GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0)));
  gst_video_frame_unmap (&frame);

  if (self->state == SESAME_CAMERA_STATE_STARTING)
    set_state (self, SESAME_CAMERA_STATE_RUNNING, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
  return G_SOURCE_REMOVE;
}

static void
maybe_decode (Shared      *shared,
              GstSample   *sample,
              GThreadPool *pool)
{
  gint64 now = g_get_monotonic_time ();
  GstVideoFrame frame;
  GstVideoInfo info;
  DecodeJob *job;

  if (now - shared->last_decode < DECODE_INTERVAL_US ||
      !g_atomic_int_compare_and_exchange (&shared->decoding, 0, 1))
    return;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      g_atomic_int_set (&shared->decoding, 0);
      return;
    }

  shared->last_decode = now;
  job = g_new0 (DecodeJob, 1);
  job->shared = shared_ref (shared);
  job->generation = shared->generation;
  job->image = gray_from_frame (&frame);
  gst_video_frame_unmap (&frame);

  g_thread_pool_push (pool, job, NULL);
}

typedef struct
{
  Shared *shared;
  GThreadPool *pool;
} SinkData;

/* Runs on GStreamer's streaming thread. */
static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    user_data)
{
  SinkData *data = user_data;
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample == NULL)
    return GST_FLOW_EOS;

  g_mutex_lock (&data->shared->lock);
  g_clear_pointer (&data->shared->latest, gst_sample_unref);
  data->shared->latest = gst_sample_ref (sample);
  g_mutex_unlock (&data->shared->lock);

  if (g_atomic_int_compare_and_exchange (&data->shared->preview_pending, 0, 1))
    g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, update_preview,
                                shared_ref (data->shared), (GDestroyNotify) shared_unref);

  maybe_decode (data->shared, sample, data->pool);
  gst_sample_unref (sample);

  return GST_FLOW_OK;
}

static void
sink_data_free (gpointer data)
{
  SinkData *sink_data = data;

  shared_unref (sink_data->shared);
  g_free (sink_data);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  SesameCamera *self = user_data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *debug = NULL;
      g_autofree char *text = NULL;

      gst_message_parse_error (message, &error, &debug);
      g_debug ("Camera pipeline error: %s (%s)", error->message, debug ? debug : "");
      text = g_strdup_printf (_("The camera stopped working: %s. Close this and try again, or choose another camera."),
                              error->message);
      sesame_camera_stop (self);
      set_state (self, SESAME_CAMERA_STATE_ERROR, text);
    }

  return G_SOURCE_CONTINUE;
}

static GstElement *
make_source (SesameCamera  *self,
             guint          device,
             int            pipewire_fd,
             GError       **error)
{
  GstElement *source;

  if (self->test_pipeline != NULL)
    return gst_parse_bin_from_description (self->test_pipeline, TRUE, error);

  if (pipewire_fd >= 0)
    {
      source = gst_element_factory_make ("pipewiresrc", NULL);
      if (source != NULL)
        g_object_set (source, "fd", pipewire_fd, NULL);
      return source;
    }

  if (device >= self->gst_devices->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No camera was found"));
      return NULL;
    }

  return gst_device_create_element (g_ptr_array_index (self->gst_devices, device), NULL);
}

static void
start_pipeline (SesameCamera *self,
                guint         device,
                int           pipewire_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstBus) bus = NULL;
  GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  GstElement *source, *convert, *scale, *sink;
  SinkData *sink_data;

  if (!(source = make_source (self, device, pipewire_fd, &error)))
    {
      set_state (self, SESAME_CAMERA_STATE_ERROR,
                 error ? error->message : _("The camera could not be opened"));
      return;
    }

  self->pipeline = gst_pipeline_new ("sesame-camera");
  convert = gst_element_factory_make ("videoconvert", NULL);
  scale = gst_element_factory_make ("videoscale", NULL);
  sink = gst_element_factory_make ("appsink", NULL);
  caps = gst_caps_from_string ("video/x-raw,format=RGB,pixel-aspect-ratio=1/1,"
                               "width=[16," G_STRINGIFY (MAX_FRAME_SIZE) "],"
                               "height=[16," G_STRINGIFY (MAX_FRAME_SIZE) "]");
  g_object_set (sink, "caps", caps, "max-buffers", 1, "drop", TRUE, "sync", FALSE, NULL);

  self->shared = shared_new (self);
  sink_data = g_new0 (SinkData, 1);
  sink_data->shared = shared_ref (self->shared);
  sink_data->pool = self->decoder;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, sink_data, sink_data_free);

  gst_bin_add_many (GST_BIN (self->pipeline), source, convert, scale, sink, NULL);
  if (!gst_element_link_many (source, convert, scale, sink, NULL))
    {
      sesame_camera_stop (self);
      set_state (self, SESAME_CAMERA_STATE_ERROR, _("The camera gives pictures Sesame cannot read"));
      return;
    }

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);

  set_state (self, SESAME_CAMERA_STATE_STARTING, NULL);
  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      sesame_camera_stop (self);
      set_state (self, SESAME_CAMERA_STATE_ERROR,
                 _("The camera could not be started; another application may be using it"));
    }
}

static void
on_camera_access (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(SesameCamera) self = user_data;
  g_autoptr(GError) error = NULL;
  int fd;

  if (!xdp_portal_access_camera_finish (XDP_PORTAL (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_state (self, SESAME_CAMERA_STATE_ERROR,
                 _("Sesame may not use the camera. Allow it in Settings → Apps → Sesame, then try again."));
      return;
    }

  fd = xdp_portal_open_pipewire_remote_for_camera (XDP_PORTAL (object));
  if (fd < 0)
    {
      set_state (self, SESAME_CAMERA_STATE_ERROR, _("The camera could not be opened through the desktop portal"));
      return;
    }

  start_pipeline (self, 0, fd);
}

static void
enumerate_devices (SesameCamera *self)
{
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GList *devices;

  if (self->test_pipeline != NULL)
    {
      gtk_string_list_append (self->devices, _("Test Source"));
      return;
    }

  /* In a sandbox the camera is reached through the portal, as PipeWire. */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) &&
      self->portal != NULL && xdp_portal_is_camera_present (self->portal) &&
      gst_element_factory_find ("pipewiresrc") != NULL)
    {
      self->use_portal = TRUE;
      gtk_string_list_append (self->devices, _("Camera"));
      return;
    }

  monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  devices = gst_device_monitor_get_devices (monitor);

  for (GList *l = devices; l != NULL; l = l->next)
    {
      g_autofree char *name = gst_device_get_display_name (l->data);

      g_ptr_array_add (self->gst_devices, l->data);
      gtk_string_list_append (self->devices, name);
    }

  g_list_free (devices);
}

SesameCamera *
sesame_camera_new (void)
{
  return g_object_new (SESAME_TYPE_CAMERA, NULL);
}

/**
 * sesame_camera_get_devices:
 *
 * Returns: (transfer none): a #GtkStringList of camera names
 */
GListModel *
sesame_camera_get_devices (SesameCamera *self)
{
  g_return_val_if_fail (SESAME_IS_CAMERA (self), NULL);

  return G_LIST_MODEL (self->devices);
}

void
sesame_camera_start (SesameCamera *self,
                     guint         device)
{
  g_return_if_fail (SESAME_IS_CAMERA (self));

  sesame_camera_stop (self);
  g_clear_pointer (&self->last_payload, g_bytes_unref);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->devices)) == 0)
    {
      set_state (self, SESAME_CAMERA_STATE_NO_CAMERA,
                 _("No camera was found. Connect one, or scan a screenshot or an image instead."));
      return;
    }

  if (self->use_portal)
    {
      set_state (self, SESAME_CAMERA_STATE_STARTING, NULL);
      self->cancellable = g_cancellable_new ();
      xdp_portal_access_camera (self->portal, NULL, XDP_CAMERA_FLAG_NONE, self->cancellable,
                                on_camera_access, g_object_ref (self));
      return;
    }

  start_pipeline (self, device, -1);
}

/* Releases the camera: the pipeline goes to NULL, which joins its
 * streaming thread, so nothing of it runs after this returns. */
void
sesame_camera_stop (SesameCamera *self)
{
  g_return_if_fail (SESAME_IS_CAMERA (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->pipeline != NULL)
    {
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      g_clear_handle_id (&self->bus_watch, g_source_remove);
      gst_clear_object (&self->pipeline);
    }

  if (self->shared != NULL)
    {
      /* Results still on their way belong to the old run. */
      self->shared->generation++;
      g_clear_pointer (&self->shared, shared_unref);
    }

  if (self->state == SESAME_CAMERA_STATE_RUNNING || self->state == SESAME_CAMERA_STATE_STARTING)
    set_state (self, SESAME_CAMERA_STATE_IDLE, NULL);
}

SesameCameraState
sesame_camera_get_state (SesameCamera *self)
{
  g_return_val_if_fail (SESAME_IS_CAMERA (self), SESAME_CAMERA_STATE_ERROR);

  return self->state;
}

const char *
sesame_camera_get_error_message (SesameCamera *self)
{
  g_return_val_if_fail (SESAME_IS_CAMERA (self), NULL);

  return self->error_message;
}

/**
 * sesame_camera_get_paintable:
 *
 * Returns: (transfer none) (nullable): the latest frame
 */
GdkPaintable *
sesame_camera_get_paintable (SesameCamera *self)
{
  g_return_val_if_fail (SESAME_IS_CAMERA (self), NULL);

  return self->paintable;
}

guint
sesame_camera_get_frames_decoded (SesameCamera *self)
{
  g_return_val_if_fail (SESAME_IS_CAMERA (self), 0);

  return self->frames_decoded;
}

static void
sesame_camera_dispose (GObject *object)
{
  SesameCamera *self = SESAME_CAMERA (object);

  sesame_camera_stop (self);

  if (self->decoder != NULL)
    {
      /* Waits for a decode in progress; its result is dropped. */
      g_thread_pool_free (self->decoder, TRUE, TRUE);
      self->decoder = NULL;
    }

  g_clear_object (&self->paintable);
  g_clear_object (&self->portal);

  G_OBJECT_CLASS (sesame_camera_parent_class)->dispose (object);
}

static void
sesame_camera_finalize (GObject *object)
{
  SesameCamera *self = SESAME_CAMERA (object);

  g_clear_object (&self->devices);
  g_clear_pointer (&self->gst_devices, g_ptr_array_unref);
  g_free (self->test_pipeline);
  g_free (self->error_message);
  g_clear_pointer (&self->last_payload, g_bytes_unref);

  G_OBJECT_CLASS (sesame_camera_parent_class)->finalize (object);
}

static void
sesame_camera_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SesameCamera *self = SESAME_CAMERA (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_camera_class_init (SesameCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_camera_dispose;
  object_class->finalize = sesame_camera_finalize;
  object_class->get_property = sesame_camera_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       SESAME_TYPE_CAMERA_STATE, SESAME_CAMERA_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SesameCamera::payload-found:
   * @payload: the contents of a QR code seen by the camera
   *
   * Emitted on the main thread, once for each new code in view.
   */
  signals[PAYLOAD_FOUND] =
    g_signal_new ("payload-found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
sesame_camera_init (SesameCamera *self)
{
  g_autoptr(GError) error = NULL;

  if (!gst_init_check (NULL, NULL, &error))
    g_warning ("GStreamer could not start: %s", error->message);

  self->devices = gtk_string_list_new (NULL);
  self->gst_devices = g_ptr_array_new_with_free_func (gst_object_unref);
  self->decoder = g_thread_pool_new (decode_in_thread, NULL, 1, FALSE, NULL);
  self->test_pipeline = g_strdup (g_getenv ("SESAME_CAMERA_PIPELINE"));
  self->portal = xdp_portal_new ();

  enumerate_devices (self);
}
