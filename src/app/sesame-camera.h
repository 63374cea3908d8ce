/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SESAME_TYPE_CAMERA (sesame_camera_get_type ())

typedef enum
{
  SESAME_CAMERA_STATE_IDLE,
  SESAME_CAMERA_STATE_STARTING,
  SESAME_CAMERA_STATE_RUNNING,
  SESAME_CAMERA_STATE_NO_CAMERA,
  SESAME_CAMERA_STATE_ERROR,
} SesameCameraState;

G_DECLARE_FINAL_TYPE (SesameCamera, sesame_camera, SESAME, CAMERA, GObject)

SesameCamera      *sesame_camera_new               (void);
GListModel        *sesame_camera_get_devices       (SesameCamera *self);
void               sesame_camera_start             (SesameCamera *self,
                                                    guint         device);
void               sesame_camera_stop              (SesameCamera *self);
SesameCameraState  sesame_camera_get_state         (SesameCamera *self);
const char        *sesame_camera_get_error_message (SesameCamera *self);
GdkPaintable      *sesame_camera_get_paintable     (SesameCamera *self);

G_END_DECLS
