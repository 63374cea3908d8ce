/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-account-row.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-account-row.h"

G_BEGIN_DECLS

const char    *sesame_account_row_get_code     (SesameAccountRow *self);
const char    *sesame_account_row_get_shown_code (SesameAccountRow *self);
const char    *sesame_account_row_get_next_code  (SesameAccountRow *self);
guint          sesame_account_row_get_remaining  (SesameAccountRow *self);
gboolean       sesame_account_row_get_stacked    (SesameAccountRow *self);

G_END_DECLS
