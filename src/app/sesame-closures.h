/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Closures that several templates' .ui files call in <closure> tags. */
void sesame_closures_bind (GtkWidgetClass *widget_class);

G_END_DECLS
