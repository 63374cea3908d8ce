/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test"

#include "config.h"

#include "sesame-test-utils.h"
#include "sesame-test-window.h"
#include "sesame-window-private.h"

/**
 * sesame_test_wait_for_state:
 * @state: a page of the window's stack ("list", "empty", "locked", …)
 *
 * Waits until the window shows @state, then lets the list view lay out and
 * bind its rows.
 */
void
sesame_test_wait_for_state (SesameWindow *window,
                            const char   *state)
{
  guint guard = g_timeout_add_seconds (60, sesame_test_give_up, (gpointer) state);

  while (g_strcmp0 (sesame_window_get_state (window), state) != 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  sesame_test_iterate_ms (200);
}

/* Adds @account to the keyring through @store, failing the test on error. */
void
sesame_test_store_add (SesameAccountStore *store,
                       SesameAccount      *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
  sesame_account_store_add_finish (store, sesame_test_await_result (&result), &error);
  g_assert_no_error (error);
}

void
sesame_test_store_load (SesameAccountStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  sesame_account_store_load_finish (store, sesame_test_await_result (&result), &error);
  g_assert_no_error (error);
}
