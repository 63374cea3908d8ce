/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void   sesame_a11y_init                 (void);
char  *sesame_a11y_strip_mnemonic       (const char *label);

G_END_DECLS
