/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  sesame_tag_equal       (const char         *a,
                                  const char         *b);
GStrv     sesame_tags_normalize  (const char * const *tags);
GStrv     sesame_tags_parse      (const char         *text);
GStrv     sesame_tags_edit       (const char * const *tags,
                                  const char * const *add,
                                  const char * const *remove);

G_END_DECLS
