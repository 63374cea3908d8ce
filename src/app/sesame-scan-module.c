/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-scan-module"

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>

#include "sesame-camera-private.h"
#include "sesame-scan-module.h"

/* Loads libsesame-scan.so on first use and forwards the SesameScanner and
 * SesameCamera API to it (the module defines the same functions; only its
 * entry point is exported). Where the module is looked for, in order:
 * $SESAME_MODULE_DIR (the tests set it to the build tree), the directory of
 * the running program (an uninstalled build: the module is built beside
 * src/app/sesame), then the installed PKGLIBDIR. */

static const SesameScanModule *module_table;

static char *
program_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL ? g_path_get_dirname (exe) : NULL;
}

static GModule *
open_in (const char  *dir,
         GString     *tried)
{
  g_autofree char *path = NULL;
  GModule *module;

  if (dir == NULL || *dir == '\0')
    return NULL;
  path = g_module_build_path (dir, "sesame-scan");
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_string_append_printf (tried, "%s%s: not there", tried->len ? "; " : "", path);
      return NULL;
    }
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    g_string_append_printf (tried, "%s%s", tried->len ? "; " : "", g_module_error ());
  return module;
}

/**
 * sesame_scan_module_load:
 *
 * Loads the scan module once (it stays loaded: its types are registered).
 *
 * Returns: (transfer none): its functions, or %NULL with @error set when
 *   it is missing or of another version
 */
const SesameScanModule *
sesame_scan_module_load (GError **error)
{
  g_autoptr(GString) tried = NULL;
  g_autofree char *here = NULL;
  GModule *module;
  SesameScanModuleGetFunc get = NULL;
  const SesameScanModule *table;

  if (module_table != NULL)
    return module_table;

  tried = g_string_new (NULL);
  here = program_dir ();
  if (!(module = open_in (g_getenv ("SESAME_MODULE_DIR"), tried)) &&
      !(module = open_in (here, tried)) &&
      !(module = open_in (PKGLIBDIR, tried)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Scanning is not available: Sesame’s scan module could not be loaded (%s)"), tried->str);
      return NULL;
    }
  if (!g_module_symbol (module, SESAME_SCAN_MODULE_SYMBOL, (gpointer *) &get) || get == NULL ||
      (table = get ()) == NULL || table->version != SESAME_SCAN_MODULE_VERSION)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Scanning is not available: %s is not the scan module of this version of Sesame"),
                   g_module_name (module));
      g_module_close (module);
      return NULL;
    }
  g_module_make_resident (module);
  g_debug ("loaded %s", g_module_name (module));
  module_table = table;
  return module_table;
}

gboolean
sesame_scan_module_is_loaded (void)
{
  return module_table != NULL;
}

/* Callers that can report a failure load the module first (the scan
 * controller does); past that, a missing module is a broken installation. */
static const SesameScanModule *
table (void)
{
  g_autoptr(GError) error = NULL;
  const SesameScanModule *loaded = sesame_scan_module_load (&error);

  if (loaded == NULL)
    g_error ("%s", error->message);
  return loaded;
}

GType
sesame_scanner_get_type (void)
{
  return table ()->scanner_get_type ();
}

SesameScanner *
sesame_scanner_new (void)
{
  return table ()->scanner_new ();
}

void
sesame_scanner_scan_file_async (SesameScanner       *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  table ()->scanner_scan_file_async (self, file, cancellable, callback, user_data);
}

void
sesame_scanner_scan_texture_async (SesameScanner       *self,
                                   GdkTexture          *texture,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  table ()->scanner_scan_texture_async (self, texture, cancellable, callback, user_data);
}

void
sesame_scanner_scan_screenshot_async (SesameScanner       *self,
                                      GtkWindow           *parent,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  table ()->scanner_scan_screenshot_async (self, parent, cancellable, callback, user_data);
}

GPtrArray *
sesame_scanner_scan_finish (SesameScanner  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  return table ()->scanner_scan_finish (self, result, error);
}

GType
sesame_camera_get_type (void)
{
  return table ()->camera_get_type ();
}

SesameCamera *
sesame_camera_new (void)
{
  return table ()->camera_new ();
}

GListModel *
sesame_camera_get_devices (SesameCamera *self)
{
  return table ()->camera_get_devices (self);
}

void
sesame_camera_start (SesameCamera *self,
                     guint         device)
{
  table ()->camera_start (self, device);
}

void
sesame_camera_stop (SesameCamera *self)
{
  table ()->camera_stop (self);
}

SesameCameraState
sesame_camera_get_state (SesameCamera *self)
{
  return table ()->camera_get_state (self);
}

const char *
sesame_camera_get_error_message (SesameCamera *self)
{
  return table ()->camera_get_error_message (self);
}

GdkPaintable *
sesame_camera_get_paintable (SesameCamera *self)
{
  return table ()->camera_get_paintable (self);
}

guint
sesame_camera_get_frames_decoded (SesameCamera *self)
{
  return table ()->camera_get_frames_decoded (self);
}
