/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sesame-camera.h"
#include "sesame-camera-private.h"
#include "sesame-camera-dialog.h"
#include "sesame-qr-encode.h"
#include "sesame-scan-module.h"
#include "sesame-test-images.h"
#include "sesame-test-utils.h"

#define PAYLOAD "otpauth://totp/Camera:frames@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Camera"

/* A PNG of a QR code rendered by libqrencode, standing in for a camera:
 * the same pipeline code runs, only the source differs. */
static char *
write_qr_png (const char *text)
{
  g_autoptr(SesameGrayImage) image = sesame_test_qr_render (text, SESAME_QR_EC_MEDIUM, 5, 4);

  return sesame_test_image_save_png (image);
}

static void
on_payload (SesameCamera  *camera,
            GBytes        *payload,
            GBytes       **out)
{
  if (*out == NULL)
    *out = g_bytes_ref (payload);
}

static gboolean
timed_out (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_until (gboolean (*done) (gpointer),
           gpointer  data,
           guint     seconds)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (seconds, timed_out, &expired);

  while (!expired && !done (data))
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);
}

static gboolean
have_payload (gpointer data)
{
  return *(GBytes **) data != NULL;
}

static gboolean
decoded_three (gpointer data)
{
  return sesame_camera_get_frames_decoded (data) >= 3;
}

static gboolean
is_mapped (const char *library)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, library) != NULL;
}

/* GStreamer and the portal come with the scan module, loaded by the first
 * camera (or scanner) made: not before. Runs first, in a fresh process. */
static void
test_loaded_on_demand (void)
{
  g_autoptr(SesameCamera) camera = NULL;

  g_assert_false (sesame_scan_module_is_loaded ());
  g_assert_false (is_mapped ("/libsesame-scan.so"));
  g_assert_false (is_mapped ("/libgstreamer-1.0.so"));
  g_assert_false (is_mapped ("/libportal.so"));

  camera = sesame_camera_new ();
  g_assert_true (sesame_scan_module_is_loaded ());
  g_assert_true (is_mapped ("/libsesame-scan.so"));
  g_assert_true (is_mapped ("/libgstreamer-1.0.so"));
  g_assert_true (is_mapped ("/libportal.so"));
}

static void
test_reads_code_from_frames (void)
{
  g_autofree char *png = write_qr_png (PAYLOAD);
  g_autofree char *pipeline = g_strdup_printf ("filesrc location=%s ! pngdec ! imagefreeze is-live=true ! video/x-raw,framerate=15/1 ! videoconvert", png);
  g_autoptr(SesameCamera) camera = NULL;
  g_autoptr(GBytes) payload = NULL;

  g_setenv ("SESAME_CAMERA_PIPELINE", pipeline, TRUE);
  camera = sesame_camera_new ();
  g_assert_cmpuint (g_list_model_get_n_items (sesame_camera_get_devices (camera)), ==, 1);
  g_signal_connect (camera, "payload-found", G_CALLBACK (on_payload), &payload);

  sesame_camera_start (camera, 0);
  run_until (have_payload, &payload, 20);

  g_assert_nonnull (payload);
  g_assert_cmpmem (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), PAYLOAD, strlen (PAYLOAD));
  g_assert_cmpint (sesame_camera_get_state (camera), ==, SESAME_CAMERA_STATE_RUNNING);
  g_assert_nonnull (sesame_camera_get_paintable (camera));

  /* Released: no pipeline, back to idle. */
  sesame_camera_stop (camera);
  g_assert_cmpint (sesame_camera_get_state (camera), ==, SESAME_CAMERA_STATE_IDLE);

  g_unsetenv ("SESAME_CAMERA_PIPELINE");
  g_unlink (png);
}

/* Frames without a code are decoded (a few a second) and report nothing. */
static void
test_no_code_in_view (void)
{
  g_autoptr(SesameCamera) camera = NULL;
  g_autoptr(GBytes) payload = NULL;

  g_setenv ("SESAME_CAMERA_PIPELINE", "videotestsrc pattern=smpte is-live=true ! video/x-raw,width=640,height=480,framerate=15/1 ! videoconvert", TRUE);
  camera = sesame_camera_new ();
  g_signal_connect (camera, "payload-found", G_CALLBACK (on_payload), &payload);

  sesame_camera_start (camera, 0);
  run_until (decoded_three, camera, 20);

  g_assert_cmpuint (sesame_camera_get_frames_decoded (camera), >=, 3);
  g_assert_null (payload);
  sesame_camera_stop (camera);
  g_unsetenv ("SESAME_CAMERA_PIPELINE");
}

static void
test_broken_source (void)
{
  g_autoptr(SesameCamera) camera = NULL;

  g_setenv ("SESAME_CAMERA_PIPELINE", "nosuchelement-sesame", TRUE);
  camera = sesame_camera_new ();
  sesame_camera_start (camera, 0);

  g_assert_cmpint (sesame_camera_get_state (camera), ==, SESAME_CAMERA_STATE_ERROR);
  g_assert_nonnull (sesame_camera_get_error_message (camera));
  g_unsetenv ("SESAME_CAMERA_PIPELINE");
}

static gboolean
is_running (gpointer data)
{
  return sesame_camera_get_state (data) == SESAME_CAMERA_STATE_RUNNING;
}

/* The dialog starts the camera when shown and releases it when closed. */
static void
test_dialog_releases_camera (void)
{
  g_autofree char *png = write_qr_png (PAYLOAD);
  g_autofree char *pipeline = g_strdup_printf ("filesrc location=%s ! pngdec ! imagefreeze is-live=true ! video/x-raw,framerate=15/1 ! videoconvert", png);
  SesameCameraDialog *dialog;
  g_autoptr(SesameCamera) camera = NULL;

  g_setenv ("SESAME_CAMERA_PIPELINE", pipeline, TRUE);
  dialog = sesame_camera_dialog_new (NULL);
  camera = g_object_ref (sesame_camera_dialog_get_camera (dialog));
  gtk_window_present (GTK_WINDOW (dialog));

  run_until (is_running, camera, 20);
  g_assert_cmpint (sesame_camera_get_state (camera), ==, SESAME_CAMERA_STATE_RUNNING);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (sesame_camera_get_state (camera), ==, SESAME_CAMERA_STATE_IDLE);

  g_unsetenv ("SESAME_CAMERA_PIPELINE");
  g_unlink (png);
}

int
main (int   argc,
      char *argv[])
{
  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/camera/loaded-on-demand", test_loaded_on_demand);
  g_test_add_func ("/camera/reads-code", test_reads_code_from_frames);
  g_test_add_func ("/camera/no-code", test_no_code_in_view);
  g_test_add_func ("/camera/broken-source", test_broken_source);
  g_test_add_func ("/camera/dialog-releases", test_dialog_releases_camera);

  return g_test_run ();
}
