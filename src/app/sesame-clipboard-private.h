/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-clipboard.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-clipboard.h"

G_BEGIN_DECLS

GdkClipboard    *sesame_clipboard_get_clipboard (SesameClipboard *self);

G_END_DECLS
