/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-scan-controller"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sesame-account.h"
#include "sesame-camera-dialog.h"
#include "sesame-enroll-dialog.h"
#include "sesame-enrolment.h"
#include "sesame-scan-controller.h"
#include "sesame-scan-controller-private.h"
#include "sesame-scan-module.h"
#include "sesame-scanner.h"

/* Everything between "a person has a QR code (or a link)" and "the
 * confirmation dialog is open": every source — image file, paste, drop,
 * screenshot, camera, otpauth:// link — ends in handle_payloads(). */
struct _SesameScanController
{
  GObject parent_instance;

  GtkWindow *window;            /* weak */
  SesameAccountStore *store;
  SesameScanner *scanner;
  GCancellable *cancellable;
  SesameCameraDialog *camera_dialog;   /* weak, while open */
  GCancellable *screenshot_cancellable; /* while waiting for the portal */
  guint screenshot_timeout_id;
};

/* How long the portal may take (it may be asking the person first). */
#define SCREENSHOT_TIMEOUT_SECONDS 60

G_DEFINE_FINAL_TYPE (SesameScanController, sesame_scan_controller, G_TYPE_OBJECT)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
toast (SesameScanController *self,
       const char           *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
show_problem (SesameScanController *self,
              const char           *heading,
              const char           *body)
{
  GtkWidget *dialog;

  if (self->window == NULL)
    return;

  dialog = adw_message_dialog_new (self->window, heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_accounts_added (SesameScanController *self,
                   guint                 n_added)
{
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u account", "Added %u accounts", n_added),
                          n_added);
  toast (self, text);
}

static void
present_enrolment (SesameScanController *self,
                   SesameEnrolment      *enrolment)
{
  SesameEnrollDialog *dialog;

  if (self->camera_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->camera_dialog));

  dialog = sesame_enroll_dialog_new (self->window, self->store, enrolment->accounts,
                                     enrolment->batch_index, enrolment->batch_size);
  g_signal_connect_object (dialog, "accounts-added", G_CALLBACK (on_accounts_added), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Entries of an export that could not be read are said, not dropped. */
  for (guint i = 0; i < enrolment->problems->len; i++)
    toast (self, g_ptr_array_index (enrolment->problems, i));
}

void
sesame_scan_controller_handle_payloads (SesameScanController *self,
                                        GPtrArray            *payloads)
{
  g_autoptr(SesameEnrolment) enrolment = NULL;

  g_return_if_fail (SESAME_IS_SCAN_CONTROLLER (self));

  if (payloads->len == 0)
    {
      show_problem (self, _("No QR Code Found"),
                    _("Make sure the whole code is visible, sharp and not cut off, then try again."));
      return;
    }

  enrolment = sesame_enrolment_new_from_payloads (payloads);
  if (enrolment->accounts->len == 0)
    {
      show_problem (self, _("Not a Two-Factor Code"), sesame_enrolment_explain_nothing (enrolment));
      return;
    }

  present_enrolment (self, enrolment);
}


/**
 * sesame_scan_controller_handle_text:
 * @text: pasted or dropped text, or a link Sesame was opened with
 *
 * Returns: %TRUE when @text was an account link (one per line counts)
 */
gboolean
sesame_scan_controller_handle_text (SesameScanController *self,
                                    const char           *text)
{
  g_autoptr(GPtrArray) payloads = NULL;

  g_return_val_if_fail (SESAME_IS_SCAN_CONTROLLER (self), FALSE);

  payloads = sesame_enrolment_links_from_text (text);
  if (payloads->len == 0)
    return FALSE;

  sesame_scan_controller_handle_payloads (self, payloads);
  return TRUE;
}

/* The scanner, made (and the scan module loaded) at the first scan; NULL
 * with a problem shown when the module cannot be loaded. */
static SesameScanner *
get_scanner (SesameScanController *self)
{
  g_autoptr(GError) error = NULL;

  if (self->scanner == NULL)
    {
      if (sesame_scan_module_load (&error) == NULL)
        {
          show_problem (self, _("Could Not Scan"), error->message);
          return NULL;
        }
      self->scanner = sesame_scanner_new ();
    }
  return self->scanner;
}

static void
on_scanned (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SesameScanController) self = user_data;
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(GError) error = NULL;

  payloads = sesame_scanner_scan_finish (SESAME_SCANNER (object), result, &error);
  if (payloads == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_problem (self, _("Could Not Scan"), error->message);
      return;
    }

  sesame_scan_controller_handle_payloads (self, payloads);
}

void
sesame_scan_controller_scan_file (SesameScanController *self,
                                  GFile                *file)
{
  g_return_if_fail (SESAME_IS_SCAN_CONTROLLER (self));

  if (get_scanner (self) != NULL)
    sesame_scanner_scan_file_async (self->scanner, file, self->cancellable, on_scanned, g_object_ref (self));
}

void
sesame_scan_controller_scan_texture (SesameScanController *self,
                                     GdkTexture           *texture)
{
  g_return_if_fail (SESAME_IS_SCAN_CONTROLLER (self));

  if (get_scanner (self) != NULL)
    sesame_scanner_scan_texture_async (self->scanner, texture, self->cancellable, on_scanned, g_object_ref (self));
}

static void
on_file_chosen (GtkNativeDialog      *native,
                int                   response,
                SesameScanController *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      sesame_scan_controller_scan_file (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
  g_object_unref (self);
}

void
sesame_scan_controller_open_image (SesameScanController *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  g_return_if_fail (SESAME_IS_SCAN_CONTROLLER (self));

  native = gtk_file_chooser_native_new (_("Open Image With QR Code"), self->window,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
end_screenshot_wait (SesameScanController *self)
{
  g_clear_handle_id (&self->screenshot_timeout_id, g_source_remove);
  g_clear_object (&self->screenshot_cancellable);
}

static gboolean
on_screenshot_timeout (gpointer user_data)
{
  SesameScanController *self = user_data;
  g_autofree char *body = NULL;
  guint seconds = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "screenshot-timeout"));

  /* Given up now: a new Scan Screenshot is a new request at once, not
   * "still waiting" until the portal has let this one go. */
  self->screenshot_timeout_id = 0;
  g_cancellable_cancel (self->screenshot_cancellable);
  end_screenshot_wait (self);

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The desktop did not deliver a screenshot within %u second. "
                                       "Take one yourself and open the image, or copy it and paste it here.",
                                       "The desktop did not deliver a screenshot within %u seconds. "
                                       "Take one yourself and open the image, or copy it and paste it here.",
                                       seconds),
                          seconds);
  show_problem (self, _("No Screenshot"), body);
  return G_SOURCE_REMOVE;
}

static void
on_screenshot_scanned (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  SesameScanController *self = user_data;

  /* The answer to a request given up on (timed out, already said): not the
   * one waited for now, if any. */
  if (g_task_get_cancellable (G_TASK (result)) != self->screenshot_cancellable)
    {
      g_autoptr(GPtrArray) payloads = sesame_scanner_scan_finish (SESAME_SCANNER (object), result, NULL);

      g_object_unref (self);
      return;
    }

  end_screenshot_wait (self);
  on_scanned (object, result, self);
}

/**
 * sesame_scan_controller_scan_screenshot:
 *
 * Asks the desktop portal for a screenshot. The wait is said in a toast
 * (the desktop may ask the person first) and ends with a message after
 * SCREENSHOT_TIMEOUT_SECONDS ($SESAME_SCREENSHOT_TIMEOUT in tests).
 */
void
sesame_scan_controller_scan_screenshot (SesameScanController *self)
{
  const char *env = g_getenv ("SESAME_SCREENSHOT_TIMEOUT");
  guint seconds = SCREENSHOT_TIMEOUT_SECONDS;

  g_return_if_fail (SESAME_IS_SCAN_CONTROLLER (self));

  if (self->screenshot_cancellable != NULL)
    {
      toast (self, _("Still waiting for the screenshot…"));
      return;
    }
  if (get_scanner (self) == NULL)
    return;

  if (env != NULL && g_ascii_strtoull (env, NULL, 10) > 0)
    seconds = (guint) g_ascii_strtoull (env, NULL, 10);
  g_object_set_data (G_OBJECT (self), "screenshot-timeout", GUINT_TO_POINTER (seconds));

  self->screenshot_cancellable = g_cancellable_new ();
  self->screenshot_timeout_id = g_timeout_add_seconds (seconds, on_screenshot_timeout, self);
  toast (self, _("Taking a screenshot… your desktop may ask you to confirm"));
  sesame_scanner_scan_screenshot_async (self->scanner, self->window, self->screenshot_cancellable,
                                        on_screenshot_scanned, g_object_ref (self));
}

/* TRUE while a screenshot is being waited for (tests) */
gboolean
sesame_scan_controller_get_waiting_for_screenshot (SesameScanController *self)
{
  g_return_val_if_fail (SESAME_IS_SCAN_CONTROLLER (self), FALSE);

  return self->screenshot_cancellable != NULL;
}

static void
on_camera_payload (SesameScanController *self,
                   GBytes               *payload)
{
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(SesameEnrolment) enrolment = NULL;

  g_ptr_array_add (payloads, g_bytes_ref (payload));
  enrolment = sesame_enrolment_new_from_payloads (payloads);

  /* Not every code in view is for us: say so and keep looking. */
  if (enrolment->accounts->len == 0)
    {
      if (self->camera_dialog != NULL)
        sesame_camera_dialog_show_problem (self->camera_dialog, sesame_enrolment_explain_nothing (enrolment));
      return;
    }

  present_enrolment (self, enrolment);
}

void
sesame_scan_controller_scan_camera (SesameScanController *self)
{
  g_return_if_fail (SESAME_IS_SCAN_CONTROLLER (self));

  if (self->camera_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->camera_dialog));
      return;
    }

  if (get_scanner (self) == NULL)
    return;
  self->camera_dialog = sesame_camera_dialog_new (self->window);
  g_object_add_weak_pointer (G_OBJECT (self->camera_dialog), (gpointer *) &self->camera_dialog);
  g_signal_connect_object (sesame_camera_dialog_get_camera (self->camera_dialog), "payload-found",
                           G_CALLBACK (on_camera_payload), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->camera_dialog));
}

static void
on_texture_read (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SesameScanController) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), result, &error);
  if (texture == NULL)
    show_problem (self, _("Could Not Paste"), error->message);
  else
    sesame_scan_controller_scan_texture (self, texture);
}

static void
on_text_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SesameScanController) self = user_data;
  g_autofree char *text = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (text == NULL || !sesame_scan_controller_handle_text (self, text))
    toast (self, _("Paste an image of a QR code or an otpauth:// link"));
}

static void
on_files_read (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SesameScanController) self = user_data;
  const GValue *value;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), result, NULL);
  if (value == NULL || g_value_get_boxed (value) == NULL)
    {
      toast (self, _("Paste an image of a QR code or an otpauth:// link"));
      return;
    }

  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    sesame_scan_controller_scan_file (self, l->data);
}

/**
 * sesame_scan_controller_paste:
 *
 * Ctrl+V in the window: a copied image, a copied image file, or an
 * otpauth:// link.
 */
void
sesame_scan_controller_paste (SesameScanController *self)
{
  GdkClipboard *clipboard;
  GdkContentFormats *formats;

  g_return_if_fail (SESAME_IS_SCAN_CONTROLLER (self));

  clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, self->cancellable, on_texture_read, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                    self->cancellable, on_files_read, g_object_ref (self));
  else
    gdk_clipboard_read_text_async (clipboard, self->cancellable, on_text_read, g_object_ref (self));
}

static gboolean
on_drop (GtkDropTarget        *target,
         const GValue         *value,
         double                x,
         double                y,
         SesameScanController *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      for (GSList *l = files; l != NULL; l = l->next)
        sesame_scan_controller_scan_file (self, l->data);
      return files != NULL;
    }

  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      sesame_scan_controller_scan_texture (self, g_value_get_object (value));
      return TRUE;
    }

  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    return sesame_scan_controller_handle_text (self, g_value_get_string (value));

  return FALSE;
}

/**
 * sesame_scan_controller_create_drop_target:
 *
 * Returns: (transfer full): a drop target for the window: image files,
 *   image data and otpauth:// text
 */
GtkDropTarget *
sesame_scan_controller_create_drop_target (SesameScanController *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE, G_TYPE_STRING };

  g_return_val_if_fail (SESAME_IS_SCAN_CONTROLLER (self), NULL);

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, 0);

  return target;
}

SesameScanController *
sesame_scan_controller_new (GtkWindow          *window,
                            SesameAccountStore *store)
{
  SesameScanController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);

  self = g_object_new (SESAME_TYPE_SCAN_CONTROLLER, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->store = g_object_ref (store);

  return self;
}

static void
sesame_scan_controller_dispose (GObject *object)
{
  SesameScanController *self = SESAME_SCAN_CONTROLLER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->screenshot_cancellable);
  end_screenshot_wait (self);
  g_clear_object (&self->scanner);
  g_clear_object (&self->store);

  if (self->camera_dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->camera_dialog), (gpointer *) &self->camera_dialog);
      self->camera_dialog = NULL;
    }

  if (self->window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
      self->window = NULL;
    }

  G_OBJECT_CLASS (sesame_scan_controller_parent_class)->dispose (object);
}

static void
sesame_scan_controller_class_init (SesameScanControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_scan_controller_dispose;

  /**
   * SesameScanController::toast:
   * @message: a short message for the window to show
   */
  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
sesame_scan_controller_init (SesameScanController *self)
{
  self->cancellable = g_cancellable_new ();
}
