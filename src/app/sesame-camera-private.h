/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-camera.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-camera.h"

G_BEGIN_DECLS

guint              sesame_camera_get_frames_decoded (SesameCamera *self);

G_END_DECLS
