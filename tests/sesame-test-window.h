/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sesame-account-store.h"
#include "sesame-window.h"

G_BEGIN_DECLS

void sesame_test_wait_for_state (SesameWindow       *window,
                                 const char         *state);
void sesame_test_store_add      (SesameAccountStore *store,
                                 SesameAccount      *account);
void sesame_test_store_load     (SesameAccountStore *store);

G_END_DECLS
