/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sesame-window.h"

G_BEGIN_DECLS

void sesame_test_wait_for_state (SesameWindow *window,
                                 const char   *state);

G_END_DECLS
