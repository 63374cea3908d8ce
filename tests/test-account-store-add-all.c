/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsecret/secret.h>
#include <signal.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-test-keyring.h"
#include "sesame-test-utils.h"

/* sesame_account_store_add_all_async(), the one way a batch of accounts
 * goes into the store, against the session's real gnome-keyring: each
 * policy, progress, cancel, and a retry after both. */

static char *schema_name;
static SecretSchema *schema;

static void
clear_schema (void)
{
  sesame_test_keyring_clear (schema_name);
}

static SesameAccountStore *
loaded_store (void)
{
  g_autoptr(SesameAccountStore) store = sesame_account_store_new (schema_name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  g_assert_true (sesame_account_store_load_finish (store, sesame_test_await_result (&result), &error));
  g_assert_no_error (error);

  return g_steal_pointer (&store);
}

static GPtrArray *
make_accounts (const char *issuer,
               guint       n)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%u", i);
      g_autofree char *key = g_strdup_printf ("%s-key-%u-abcdefghij", issuer, i);
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) key, strlen (key));
      SesameAccount *account = sesame_account_new ();

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, name);
      sesame_account_set_secret (account, secret);
      g_ptr_array_add (accounts, account);
    }

  return accounts;
}

typedef struct
{
  GArray *done;            /* guint, each call's done */
  guint total;
  guint cancel_at;         /* 0: never */
  GCancellable *cancellable;
  guint kill_at;           /* 0: never */
} Progress;

static void
on_progress (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_array_append_val (progress->done, done);
  progress->total = total;
  if (progress->cancel_at != 0 && done == progress->cancel_at)
    g_cancellable_cancel (progress->cancellable);
  if (progress->kill_at != 0 && done == progress->kill_at)
    g_assert_cmpint (kill (sesame_test_keyring_daemon_pid (), SIGKILL), ==, 0);
}

static gboolean
add_all (SesameAccountStore  *store,
         GPtrArray           *accounts,
         SesameAddAllPolicy   policy,
         Progress            *progress,
         SesameAddAllResult **out,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_add_all_async (store, accounts, policy, progress ? on_progress : NULL, progress,
                                      progress ? progress->cancellable : NULL, sesame_test_on_result, &result);
  /* Nothing is reported before the call returns. */
  g_assert_true (progress == NULL || progress->done->len == 0);

  return sesame_account_store_add_all_finish (store, sesame_test_await_result (&result), out, error);
}

static guint
count_issuer (SesameAccountStore *store,
              const char         *issuer)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);

      n += g_strcmp0 (sesame_account_get_issuer (account), issuer) == 0;
    }

  return n;
}

/* All added, progress from 0 to the end one step at a time; the same list
 * again (and an account stored under another id) adds nothing. */
static void
test_add_all_progress (void)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(GPtrArray) accounts = make_accounts ("Plain", 5);
  g_autoptr(GPtrArray) again = make_accounts ("Plain", 5);
  g_autoptr(SesameAddAllResult) result = NULL;
  g_autoptr(SesameAddAllResult) second = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint)) };

  clear_schema ();
  store = loaded_store ();
  g_assert_true (add_all (store, accounts, SESAME_ADD_ALL_STOP_ON_ERROR, &progress, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result->added->len, ==, 5);
  g_assert_cmpuint (result->existing->len, ==, 0);
  g_assert_cmpuint (result->failed->len, ==, 0);
  g_assert_cmpuint (progress.total, ==, 5);
  g_assert_cmpuint (progress.done->len, ==, 6);
  for (guint i = 0; i < progress.done->len; i++)
    g_assert_cmpuint (g_array_index (progress.done, guint, i), ==, i);

  /* Same keys, issuers and names, new ids: already there. */
  g_assert_true (add_all (store, again, SESAME_ADD_ALL_STOP_ON_ERROR, NULL, &second, &error));
  g_assert_cmpuint (second->added->len, ==, 0);
  g_assert_cmpuint (second->existing->len, ==, 5);

  fresh = loaded_store ();
  g_assert_cmpuint (count_issuer (fresh, "Plain"), ==, 5);
  g_array_unref (progress.done);
}

/* A cancel stops between two accounts: those before are stored whole, and
 * the same call again adds only the rest. */
static void
test_add_all_cancel_retry (void)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(GPtrArray) accounts = make_accounts ("Cancel", 6);
  g_autoptr(SesameAddAllResult) result = NULL;
  g_autoptr(SesameAddAllResult) retry = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint)) };

  clear_schema ();
  store = loaded_store ();
  progress.cancellable = g_cancellable_new ();
  progress.cancel_at = 2;
  g_assert_false (add_all (store, accounts, SESAME_ADD_ALL_STOP_ON_ERROR, &progress, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (result->added->len, ==, 2);

  fresh = loaded_store ();
  g_assert_cmpuint (count_issuer (fresh, "Cancel"), ==, 2);
  g_clear_object (&fresh);

  g_assert_true (add_all (store, accounts, SESAME_ADD_ALL_STOP_ON_ERROR, NULL, &retry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (retry->existing->len, ==, 2);
  g_assert_cmpuint (retry->added->len, ==, 4);

  fresh = loaded_store ();
  g_assert_cmpuint (count_issuer (fresh, "Cancel"), ==, 6);
  g_object_unref (progress.cancellable);
  g_array_unref (progress.done);
}

/* All or nothing: a cancel takes back what this call added, and only
 * that. */
static void
test_add_all_rollback (void)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(GPtrArray) before = make_accounts ("Before", 2);
  g_autoptr(GPtrArray) accounts = make_accounts ("Rollback", 5);
  g_autoptr(SesameAddAllResult) first = NULL;
  g_autoptr(SesameAddAllResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint)) };

  clear_schema ();
  store = loaded_store ();
  g_assert_true (add_all (store, before, SESAME_ADD_ALL_ALL_OR_NOTHING, NULL, &first, &error));
  g_assert_cmpuint (first->added->len, ==, 2);

  progress.cancellable = g_cancellable_new ();
  progress.cancel_at = 3;
  g_assert_false (add_all (store, accounts, SESAME_ADD_ALL_ALL_OR_NOTHING, &progress, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (result->added->len, ==, 0);
  g_assert_cmpuint (result->n_rolled_back, ==, 3);
  g_assert_cmpuint (result->n_rollback_failed, ==, 0);
  g_assert_cmpuint (count_issuer (store, "Rollback"), ==, 0);

  fresh = loaded_store ();
  g_assert_cmpuint (count_issuer (fresh, "Rollback"), ==, 0);
  g_assert_cmpuint (count_issuer (fresh, "Before"), ==, 2);
  g_object_unref (progress.cancellable);
  g_array_unref (progress.done);
}

/* The keyring goes away in the middle of a batch (its daemon is killed):
 * "stop" keeps what was stored and does not try the rest; "keep going"
 * tries every account and lists each refusal. After a restart, the same
 * list again stores what is missing, nothing twice. */
static void
test_add_all_keyring_dies (gconstpointer data)
{
  SesameAddAllPolicy policy = GPOINTER_TO_INT (data);
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(GPtrArray) accounts = make_accounts ("Dies", 8);
  g_autoptr(SesameAddAllResult) result = NULL;
  g_autoptr(SesameAddAllResult) retry = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { g_array_new (FALSE, FALSE, sizeof (guint)) };
  gboolean ok;

  clear_schema ();
  store = loaded_store ();
  progress.kill_at = 3;
  ok = add_all (store, accounts, policy, &progress, &result, &error);
  g_test_message ("%u added, %u failed: %s", result->added->len, result->failed->len,
                  error ? error->message : "no error");
  g_assert_cmpuint (result->added->len, ==, 3);
  g_assert_cmpuint (result->failed->len, ==, result->errors->len);
  if (policy == SESAME_ADD_ALL_KEEP_GOING)
    {
      g_assert_true (ok);
      g_assert_no_error (error);
      g_assert_cmpuint (result->failed->len, ==, 5);
    }
  else
    {
      g_assert_false (ok);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SESAME_STORE_ERROR);
      g_assert_cmpuint (result->failed->len, ==, 1);
    }
  g_assert_cmpuint (progress.total, ==, 8);

  sesame_test_keyring_restart ();
  g_clear_error (&error);
  g_clear_object (&store);
  store = loaded_store ();
  g_assert_cmpuint (count_issuer (store, "Dies"), ==, 3);
  g_assert_true (add_all (store, accounts, SESAME_ADD_ALL_STOP_ON_ERROR, NULL, &retry, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (retry->existing->len, ==, 3);
  g_assert_cmpuint (retry->added->len, ==, 5);

  fresh = loaded_store ();
  g_assert_cmpuint (count_issuer (fresh, "Dies"), ==, 8);
  g_array_unref (progress.done);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  schema_name = sesame_test_schema_name ("AddAll");
  schema = secret_schema_new (schema_name, SECRET_SCHEMA_NONE,
                              "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);

  g_test_add_func ("/add-all/progress", test_add_all_progress);
  g_test_add_func ("/add-all/cancel-retry", test_add_all_cancel_retry);
  g_test_add_func ("/add-all/rollback", test_add_all_rollback);
  g_test_add_data_func ("/add-all/keyring-dies-stop", GINT_TO_POINTER (SESAME_ADD_ALL_STOP_ON_ERROR),
                        test_add_all_keyring_dies);
  g_test_add_data_func ("/add-all/keyring-dies-keep-going", GINT_TO_POINTER (SESAME_ADD_ALL_KEEP_GOING),
                        test_add_all_keyring_dies);

  g_test_add_func ("/add-all/cleanup", clear_schema);

  return g_test_run ();
}
