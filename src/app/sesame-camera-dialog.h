/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-camera.h"

G_BEGIN_DECLS

#define SESAME_TYPE_CAMERA_DIALOG (sesame_camera_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameCameraDialog, sesame_camera_dialog, SESAME, CAMERA_DIALOG, AdwWindow)

SesameCameraDialog *sesame_camera_dialog_new        (GtkWindow          *parent);
SesameCamera       *sesame_camera_dialog_get_camera (SesameCameraDialog *self);
void                sesame_camera_dialog_show_problem (SesameCameraDialog *self,
                                                       const char         *message);

G_END_DECLS
