/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-camera-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-camera-dialog.h"
#include "sesame-camera-dialog-private.h"

/* The camera page: a live preview, a camera chooser when there are several,
 * and a clear state when there is none. The camera is released as soon as
 * the dialog closes. Whoever opened it listens to the camera's
 * "payload-found" signal. */
struct _SesameCameraDialog
{
  AdwWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkDropDown *device_dropdown;
  GtkStack *stack;
  GtkPicture *picture;
  AdwStatusPage *problem_page;
  GtkButton *open_image_button;

  SesameCamera *camera;
};

G_DEFINE_FINAL_TYPE (SesameCameraDialog, sesame_camera_dialog, ADW_TYPE_WINDOW)

static void
on_state_changed (SesameCameraDialog *self)
{
  const char *message = sesame_camera_get_error_message (self->camera);

  switch (sesame_camera_get_state (self->camera))
    {
    case SESAME_CAMERA_STATE_RUNNING:
      gtk_stack_set_visible_child_name (self->stack, "preview");
      break;

    case SESAME_CAMERA_STATE_NO_CAMERA:
      adw_status_page_set_title (self->problem_page, _("No Camera Found"));
      adw_status_page_set_description (self->problem_page, message);
      gtk_stack_set_visible_child_name (self->stack, "problem");
      gtk_widget_grab_focus (GTK_WIDGET (self->open_image_button));
      break;

    case SESAME_CAMERA_STATE_ERROR:
      adw_status_page_set_title (self->problem_page, _("Camera Unavailable"));
      adw_status_page_set_description (self->problem_page, message);
      gtk_stack_set_visible_child_name (self->stack, "problem");
      gtk_widget_grab_focus (GTK_WIDGET (self->open_image_button));
      break;

    case SESAME_CAMERA_STATE_IDLE:
    case SESAME_CAMERA_STATE_STARTING:
    default:
      gtk_stack_set_visible_child_name (self->stack, "starting");
      break;
    }
}

static void
on_paintable_changed (SesameCameraDialog *self)
{
  gtk_picture_set_paintable (self->picture, sesame_camera_get_paintable (self->camera));
}

static void
on_device_selected (SesameCameraDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->device_dropdown);

  /* With no camera at all nothing is selected: starting device 0 is what
   * says so at once, instead of a spinner that never ends. */
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  sesame_camera_start (self->camera, selected);
}

/* The other ways in, offered where the camera fails: the dialog closes and
 * the window that opened it does the job. */
static void
hand_over (SesameCameraDialog *self,
           const char         *action)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    g_object_ref (parent);
  gtk_window_close (GTK_WINDOW (self));
  if (parent != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (parent), action, NULL);
      g_object_unref (parent);
    }
}

static void
on_open_image_clicked (SesameCameraDialog *self)
{
  hand_over (self, "win.open-image");
}

static void
on_paste_clicked (SesameCameraDialog *self)
{
  hand_over (self, "win.paste");
}

static void
on_screenshot_clicked (SesameCameraDialog *self)
{
  hand_over (self, "win.scan-screenshot");
}

/* "starting", "preview" or "problem" (tests) */
const char *
sesame_camera_dialog_get_page (SesameCameraDialog *self)
{
  g_return_val_if_fail (SESAME_IS_CAMERA_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * sesame_camera_dialog_show_problem:
 *
 * Tells about a code that was seen but is no use (not an enrollment code),
 * and keeps scanning.
 */
void
sesame_camera_dialog_show_problem (SesameCameraDialog *self,
                                   const char         *message)
{
  AdwToast *toast;

  g_return_if_fail (SESAME_IS_CAMERA_DIALOG (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

SesameCamera *
sesame_camera_dialog_get_camera (SesameCameraDialog *self)
{
  g_return_val_if_fail (SESAME_IS_CAMERA_DIALOG (self), NULL);

  return self->camera;
}

SesameCameraDialog *
sesame_camera_dialog_new (GtkWindow *parent)
{
  return g_object_new (SESAME_TYPE_CAMERA_DIALOG,
                       "transient-for", parent,
                       NULL);
}

static void
sesame_camera_dialog_map (GtkWidget *widget)
{
  SesameCameraDialog *self = SESAME_CAMERA_DIALOG (widget);

  GTK_WIDGET_CLASS (sesame_camera_dialog_parent_class)->map (widget);

  if (sesame_camera_get_state (self->camera) == SESAME_CAMERA_STATE_IDLE)
    on_device_selected (self);
  else
    on_state_changed (self);
}

static void
sesame_camera_dialog_unmap (GtkWidget *widget)
{
  SesameCameraDialog *self = SESAME_CAMERA_DIALOG (widget);

  /* Nobody looks at a hidden preview: release the camera now. */
  sesame_camera_stop (self->camera);

  GTK_WIDGET_CLASS (sesame_camera_dialog_parent_class)->unmap (widget);
}

static void
sesame_camera_dialog_dispose (GObject *object)
{
  SesameCameraDialog *self = SESAME_CAMERA_DIALOG (object);

  if (self->camera != NULL)
    sesame_camera_stop (self->camera);
  g_clear_object (&self->camera);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_CAMERA_DIALOG);

  G_OBJECT_CLASS (sesame_camera_dialog_parent_class)->dispose (object);
}

static void
sesame_camera_dialog_class_init (SesameCameraDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_camera_dialog_dispose;
  widget_class->map = sesame_camera_dialog_map;
  widget_class->unmap = sesame_camera_dialog_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-camera-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameCameraDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SesameCameraDialog, device_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SesameCameraDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SesameCameraDialog, picture);
  gtk_widget_class_bind_template_child (widget_class, SesameCameraDialog, problem_page);
  gtk_widget_class_bind_template_child (widget_class, SesameCameraDialog, open_image_button);
  gtk_widget_class_bind_template_callback (widget_class, on_open_image_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_paste_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_screenshot_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sesame_camera_dialog_init (SesameCameraDialog *self)
{
  GListModel *devices;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->camera = sesame_camera_new ();
  devices = sesame_camera_get_devices (self->camera);
  gtk_drop_down_set_model (self->device_dropdown, devices);
  gtk_widget_set_visible (GTK_WIDGET (self->device_dropdown), g_list_model_get_n_items (devices) > 1);

  g_signal_connect_object (self->camera, "notify::state", G_CALLBACK (on_state_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "notify::paintable", G_CALLBACK (on_paintable_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->device_dropdown, "notify::selected", G_CALLBACK (on_device_selected), self, G_CONNECT_SWAPPED);
}
