/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gmodule.h>

#include "sesame-camera-private.h"
#include "sesame-scan-module.h"

/* The entry point of libsesame-scan.so (see sesame-scan-module.h): the only
 * symbol it exports (the module is built with hidden visibility). */

static const SesameScanModule scan_module = {
  .version = SESAME_SCAN_MODULE_VERSION,
  .scanner_get_type = sesame_scanner_get_type,
  .scanner_new = sesame_scanner_new,
  .scanner_scan_file_async = sesame_scanner_scan_file_async,
  .scanner_scan_texture_async = sesame_scanner_scan_texture_async,
  .scanner_scan_screenshot_async = sesame_scanner_scan_screenshot_async,
  .scanner_scan_finish = sesame_scanner_scan_finish,
  .camera_get_type = sesame_camera_get_type,
  .camera_new = sesame_camera_new,
  .camera_get_devices = sesame_camera_get_devices,
  .camera_start = sesame_camera_start,
  .camera_stop = sesame_camera_stop,
  .camera_get_state = sesame_camera_get_state,
  .camera_get_error_message = sesame_camera_get_error_message,
  .camera_get_paintable = sesame_camera_get_paintable,
  .camera_get_frames_decoded = sesame_camera_get_frames_decoded,
};

G_MODULE_EXPORT const SesameScanModule *sesame_scan_module_get (void);

G_MODULE_EXPORT const SesameScanModule *
sesame_scan_module_get (void)
{
  return &scan_module;
}
