/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-scan-controller.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-scan-controller.h"

G_BEGIN_DECLS

gboolean              sesame_scan_controller_get_waiting_for_screenshot (SesameScanController *self);
void                  sesame_scan_controller_scan_file        (SesameScanController *self,
                                                               GFile                *file);

G_END_DECLS
