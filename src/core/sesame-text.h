/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sesame-otp.h"

G_BEGIN_DECLS

char     *sesame_text_fold_for_search (const char    *text);
char     *sesame_text_group_code      (const char    *code,
                                       SesameOtpType  type);

typedef struct _SesameTextQuery SesameTextQuery;

SesameTextQuery *sesame_text_query_new        (const char            *text);
void             sesame_text_query_free       (SesameTextQuery       *query);
gboolean         sesame_text_query_is_empty   (const SesameTextQuery *query);
const char      *sesame_text_query_get_folded (const SesameTextQuery *query);
gboolean         sesame_text_query_matches    (const SesameTextQuery *query,
                                               const char * const    *fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameTextQuery, sesame_text_query_free)

G_END_DECLS
