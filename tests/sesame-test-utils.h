/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean     sesame_test_in_session        (void);
void         sesame_test_require_session   (void);
char        *sesame_test_hex               (const guint8 *data,
                                            gsize         size);
const char  *sesame_test_shared_dir        (const char   *name);
char        *sesame_test_schema_name       (const char   *unit);

/* Waiting in the main loop, each with a guard that fails the test (a
 * generous one: CI runs on two loaded cores). */
gboolean      sesame_test_give_up      (gpointer       what);
void          sesame_test_on_result    (GObject       *source,
                                        GAsyncResult  *result,
                                        gpointer       user_data);
GAsyncResult *sesame_test_await_result (GAsyncResult **slot);
void          sesame_test_wait_until   (gboolean     (*done) (gpointer),
                                        gpointer       data,
                                        const char    *what);
void          sesame_test_iterate_ms   (guint          ms);

/* One run of the built sesame-cli. */
typedef struct
{
  int status;
  char *out;
  char *err;
} SesameTestRun;

typedef struct
{
  const char *schema;       /* SESAME_KEYRING_SCHEMA of the run */
  const char *input;        /* its stdin; NULL: empty */
  const char *bus_address;  /* NULL: the test's session bus */
  gboolean tty;             /* stderr on a new pseudo-terminal, read into err */
} SesameTestCli;

void sesame_test_run_clear (SesameTestRun       *run);
void sesame_test_run_cli   (SesameTestRun       *run,
                            const SesameTestCli *how,
                            const char * const  *args);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SesameTestRun, sesame_test_run_clear)

/* Asserts that @call returned TRUE, looking at @error first: a failure logs
 * its cause, not only "assertion failed". */
#define sesame_test_assert_ok(call, error) \
  G_STMT_START { \
    gboolean sesame_test_ok_ = (call); \
    g_assert_no_error (error); \
    g_assert_true (sesame_test_ok_); \
  } G_STMT_END

G_END_DECLS
