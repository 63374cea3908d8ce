/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean     sesame_test_in_session        (void);
void         sesame_test_require_session   (void);
char        *sesame_test_hex               (const guint8 *data,
                                            gsize         size);
const char  *sesame_test_shared_dir        (const char   *name);

/* Asserts that @call returned TRUE, looking at @error first: a failure logs
 * its cause, not only "assertion failed". */
#define sesame_test_assert_ok(call, error) \
  G_STMT_START { \
    gboolean sesame_test_ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (sesame_test_ok_); \
  } G_STMT_END

G_END_DECLS
