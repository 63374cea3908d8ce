/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The keyring's own password prompt (gcr-prompter on the test session's
 * Xvfb, started by D-Bus activation), typed into with xdotool. Each call
 * waits until the prompt is on screen (at most 30 s, else the test fails);
 * the prompt's D-Bus caller must be waiting in another thread or in the
 * main loop meanwhile.
 *
 * Only between sesame_test_prompter_enable() and _disable() can the
 * prompter reach the display: elsewhere in the suite an unlock prompt
 * fails at once, as the tests written before it expect. */
void         sesame_test_prompter_enable      (void);
void         sesame_test_prompter_disable     (void);
void         sesame_test_prompt_answer        (const char *password);
void         sesame_test_prompt_answer_new    (const char *password);
void         sesame_test_prompt_type          (const char *password);
void         sesame_test_prompt_dismiss       (void);
gboolean     sesame_test_prompt_showing       (void);
void         sesame_test_prompt_wait_gone     (void);

G_END_DECLS
