/* SPDX-License-Identifier: GPL-3.0-or-later */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The password every fuzz target tries on encrypted input. The seeds that
 * are encrypted (tests/fuzz/corpus/) use it, like the Aegis test files. */
#define SESAME_FUZZ_PASSWORD "test"

/* libFuzzer's entry points, defined by each target (and sesame-fuzz.c). */
int   LLVMFuzzerInitialize   (int           *argc,
                              char        ***argv);
int   LLVMFuzzerTestOneInput (const guint8  *data,
                              size_t         size);

char *sesame_fuzz_strndup    (const guint8  *data,
                              gsize          size);
void  sesame_fuzz_check      (gboolean       condition,
                              const char    *what);

G_END_DECLS

G_BEGIN_DECLS

/* All the messages a parser gives for @data (errors, failures), in one
 * string: for telling a message's fixed text from what it quotes. */
typedef char *(*SesameFuzzMessages) (const guint8 *data,
                                     gsize         size,
                                     gpointer      user_data);

gboolean sesame_fuzz_enabled         (const char         *check);
void     sesame_fuzz_check_no_secret (const guint8       *data,
                                      gsize               size,
                                      const char         *message,
                                      SesameFuzzMessages  messages_of,
                                      gpointer            user_data);

G_END_DECLS

G_BEGIN_DECLS

void     sesame_fuzz_report          (const char *target,
                                      const char *format,
                                      ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
