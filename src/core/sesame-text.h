/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sesame-otp.h"

G_BEGIN_DECLS

char     *sesame_text_fold_for_search (const char    *text);
gboolean  sesame_text_matches_folded  (const char    *haystack,
                                       const char    *folded_needle);
char     *sesame_text_group_code      (const char    *code,
                                       SesameOtpType  type);

G_END_DECLS
