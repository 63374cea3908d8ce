/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean     sesame_test_in_session        (void);
void         sesame_test_require_session   (void);
char        *sesame_test_hex               (const guint8 *data,
                                            gsize         size);
const char  *sesame_test_shared_dir        (const char   *name);

G_END_DECLS
