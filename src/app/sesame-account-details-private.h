/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Functions that only sesame-account-details.c and the tests call: out of the
 * public header, so that the rest of the app does not come to rely on
 * them. */

#include "sesame-account-details.h"

G_BEGIN_DECLS

gboolean              sesame_account_details_get_qr_in_view (SesameAccountDetails *self);

G_END_DECLS
