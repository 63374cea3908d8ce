/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-scanner"

#include "config.h"

#include <glib/gi18n.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "sesame-qr-decode.h"
#include "sesame-scanner.h"

/* Turns what a person has — an image file, a pasted or dropped picture,
 * a screenshot — into the payloads of the QR codes in it. Decoding runs in
 * a thread; the caller gets GBytes payloads (possibly none). */
struct _SesameScanner
{
  GObject parent_instance;

  XdpPortal *portal;
};

G_DEFINE_FINAL_TYPE (SesameScanner, sesame_scanner, G_TYPE_OBJECT)

SesameScanner *
sesame_scanner_new (void)
{
  return g_object_new (SESAME_TYPE_SCANNER, NULL);
}

static void
decode_image_in_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  SesameGrayImage *image = task_data;

  g_task_return_pointer (task, sesame_qr_decode_image (image, 0), (GDestroyNotify) g_ptr_array_unref);
}

static void
decode_file_in_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autoptr(SesameGrayImage) image = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local image files can be scanned"));
      return;
    }

  if (!(image = sesame_gray_image_load (path, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A screenshot is a temporary file the portal made for us; it goes as
   * soon as it is read. */
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "delete-after")))
    g_file_delete (file, NULL, NULL);

  g_task_return_pointer (task, sesame_qr_decode_image (image, 0), (GDestroyNotify) g_ptr_array_unref);
}

void
sesame_scanner_scan_file_async (SesameScanner       *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SESAME_IS_SCANNER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_scanner_scan_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, decode_file_in_thread);
}

/* RGBA (as GDK downloads it) to luminance, alpha composited on white so a
 * transparent PNG's dark modules stay dark. */
static SesameGrayImage *
gray_from_texture (GdkTexture *texture)
{
  guint width = gdk_texture_get_width (texture);
  guint height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint8 *rgba = g_malloc (stride * height);
  SesameGrayImage *image = sesame_gray_image_new (width, height);

  gdk_texture_download (texture, rgba, stride);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *in = rgba + y * stride;
      guint8 *out = image->pixels + y * image->stride;

      /* gdk_texture_download() gives premultiplied B8G8R8A8 (Cairo's
       * ARGB32 in little-endian memory order). */
      for (guint x = 0; x < width; x++, in += 4)
        {
          guint a = in[3];
          guint luma = (29 * in[0] + 150 * in[1] + 77 * in[2]) >> 8;

          out[x] = (guint8) MIN (255, luma + (255 - a));
        }
    }

  return image;
}

void
sesame_scanner_scan_texture_async (SesameScanner       *self,
                                   GdkTexture          *texture,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SESAME_IS_SCANNER (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_scanner_scan_texture_async);
  g_task_set_task_data (task, gray_from_texture (texture), (GDestroyNotify) sesame_gray_image_free);
  g_task_run_in_thread (task, decode_image_in_thread);
}

static void
on_screenshot (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GFile) file = NULL;

  uri = xdp_portal_take_screenshot_finish (XDP_PORTAL (object), result, &error);
  if (uri == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("The screenshot could not be taken: %s. "
                                   "Take it yourself and open the image instead."),
                                 error->message);
      return;
    }

  file = g_file_new_for_uri (uri);
  g_object_set_data (G_OBJECT (task), "delete-after", GINT_TO_POINTER (TRUE));
  g_task_set_task_data (task, g_steal_pointer (&file), g_object_unref);
  g_task_run_in_thread (task, decode_file_in_thread);
}

/* What a screenshot request carries until the portal answers. */
typedef struct
{
  GtkWindow *parent;
  GDBusConnection *bus;
} ScreenshotData;

static void
screenshot_data_free (ScreenshotData *data)
{
  g_clear_object (&data->parent);
  g_clear_object (&data->bus);
  g_free (data);
}

static void
fail_no_portal (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Screenshots need the desktop portal (xdg-desktop-portal), which is not running. "
                             "Install or start it, or take a screenshot yourself and open the image."));
}

static void
take_screenshot (GTask *task)
{
  SesameScanner *self = g_task_get_source_object (task);
  ScreenshotData *data = g_task_get_task_data (task);
  XdpParent *xdp_parent = NULL;

  /* Only now: the portal object talks to the bus, and most sessions never
   * take a screenshot. */
  if (self->portal == NULL)
    self->portal = xdp_portal_new ();

  if (data->parent != NULL)
    xdp_parent = xdp_parent_new_gtk (data->parent);

  /* The whole screen, not interactive: GNOME asks once whether Sesame may
   * take screenshots (and the permission store remembers the answer)
   * instead of its what-to-grab dialog every time; the QR code is found
   * wherever it is on screen. */
  xdp_portal_take_screenshot (self->portal, xdp_parent, XDP_SCREENSHOT_FLAG_NONE,
                              g_task_get_cancellable (task), on_screenshot, task);
  g_clear_pointer (&xdp_parent, xdp_parent_free);
}

static void
on_name_has_owner (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  gboolean has_owner = FALSE;

  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  if (has_owner)
    take_screenshot (task);
  else
    {
      fail_no_portal (task);
      g_object_unref (task);
    }
}

static void
on_activatable_names (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, NULL);
  g_autofree const char **names = NULL;

  if (reply != NULL)
    g_variant_get (reply, "(^a&s)", &names);

  /* Activatable counts: the portal is usually started on demand. */
  if (names != NULL && g_strv_contains (names, "org.freedesktop.portal.Desktop"))
    {
      take_screenshot (task);
      return;
    }

  g_dbus_connection_call (G_DBUS_CONNECTION (object), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "NameHasOwner",
                          g_variant_new ("(s)", "org.freedesktop.portal.Desktop"),
                          G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 1000,
                          g_task_get_cancellable (task), on_name_has_owner, task);
}

static void
on_session_bus (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GTask *task = user_data;
  ScreenshotData *data = g_task_get_task_data (task);

  data->bus = g_bus_get_finish (result, NULL);
  if (data->bus == NULL)
    {
      fail_no_portal (task);
      g_object_unref (task);
      return;
    }

  g_dbus_connection_call (data->bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListActivatableNames",
                          NULL, G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, 1000,
                          g_task_get_cancellable (task), on_activatable_names, task);
}

/**
 * sesame_scanner_scan_screenshot_async:
 *
 * Asks the desktop portal for a screenshot and scans it. Whether there is a
 * portal at all is asked on the bus first, without blocking, so a session
 * without one gets a clear message instead of a long D-Bus timeout.
 */
void
sesame_scanner_scan_screenshot_async (SesameScanner       *self,
                                      GtkWindow           *parent,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  ScreenshotData *data;

  g_return_if_fail (SESAME_IS_SCANNER (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_scanner_scan_screenshot_async);
  data = g_new0 (ScreenshotData, 1);
  data->parent = parent != NULL ? g_object_ref (parent) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) screenshot_data_free);

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_session_bus, task);
}

/**
 * sesame_scanner_scan_finish:
 *
 * Returns: (transfer full) (element-type GBytes): the payloads of every QR
 *   code found, possibly none
 */
GPtrArray *
sesame_scanner_scan_finish (SesameScanner  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sesame_scanner_dispose (GObject *object)
{
  SesameScanner *self = SESAME_SCANNER (object);

  g_clear_object (&self->portal);

  G_OBJECT_CLASS (sesame_scanner_parent_class)->dispose (object);
}

static void
sesame_scanner_class_init (SesameScannerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sesame_scanner_dispose;
}

static void
sesame_scanner_init (SesameScanner *self)
{
}
