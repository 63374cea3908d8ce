/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-camera-dialog.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-camera-dialog.h"

G_BEGIN_DECLS

const char         *sesame_camera_dialog_get_page   (SesameCameraDialog *self);

G_END_DECLS
