/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sesame-secret.h"

G_BEGIN_DECLS

SesameSecret *sesame_base32_decode (const char   *text,
                                    gssize        length,
                                    GError      **error);
char         *sesame_base32_encode (const guint8 *data,
                                    gsize         size);

G_END_DECLS
