/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-account-store"

#include "config.h"

#include "sesame-account-store.h"

/* Adding a batch of accounts: the one place where a list of accounts (an
 * import, a restore, a scan of several codes) goes into the store. The
 * accounts are added one after the other; a cancel is only looked at
 * between two of them, so an account is either stored whole or not
 * attempted, and a later call with the same list adds only what is still
 * missing. */

typedef struct
{
  GPtrArray *accounts;            /* (element-type SesameAccount) */
  SesameAddAllPolicy policy;
  SesameAddAllProgress progress;
  gpointer progress_data;
  guint next;
  SesameAddAllResult *result;
  GError *error;                  /* why the batch stopped, if it did */
} AddAllData;

static void
add_all_data_free (AddAllData *data)
{
  g_ptr_array_unref (data->accounts);
  g_clear_pointer (&data->result, sesame_add_all_result_free);
  g_clear_error (&data->error);
  g_free (data);
}

static SesameAddAllResult *
add_all_result_new (void)
{
  SesameAddAllResult *result = g_new0 (SesameAddAllResult, 1);

  result->added = g_ptr_array_new_with_free_func (g_object_unref);
  result->existing = g_ptr_array_new_with_free_func (g_object_unref);
  result->failed = g_ptr_array_new_with_free_func (g_object_unref);
  result->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  return result;
}

void
sesame_add_all_result_free (SesameAddAllResult *result)
{
  if (result == NULL)
    return;

  g_ptr_array_unref (result->added);
  g_ptr_array_unref (result->existing);
  g_ptr_array_unref (result->failed);
  g_ptr_array_unref (result->errors);
  g_free (result);
}

static guint
n_done (AddAllData *data)
{
  SesameAddAllResult *result = data->result;

  return result->added->len + result->existing->len + result->failed->len + result->n_rolled_back;
}

static void
report_progress (AddAllData *data)
{
  if (data->progress != NULL)
    data->progress (n_done (data), data->accounts->len, data->progress_data);
}

/* Already there under the same id (an earlier, interrupted call), or with
 * the same key, issuer and name: not added again. */
static gboolean
is_stored (SesameAccountStore *self,
           SesameAccount      *account)
{
  return sesame_account_store_lookup (self, sesame_account_get_uuid (account)) != NULL ||
         sesame_account_store_find_duplicate (self, account) != NULL;
}

static void roll_back_next (GTask *task);

static void
on_rolled_back (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AddAllData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* Failed removals gather at the end of the list, behind the one that
   * was just tried. */
  if (sesame_account_store_remove_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    {
      g_ptr_array_remove_index (data->result->added,
                                data->result->added->len - data->result->n_rollback_failed - 1);
      data->result->n_rolled_back++;
    }
  else
    {
      /* It stays stored, and stays listed as added: the truth. */
      g_debug ("Could not take back an account added by an incomplete batch: %s", error->message);
      data->result->n_rollback_failed++;
    }

  roll_back_next (g_steal_pointer (&task));
}

/* Removes what this call added, newest first, whatever the cancellable
 * says: "all or nothing" holds after a cancel too. */
static void
roll_back_next (GTask *task)
{
  SesameAccountStore *self = g_task_get_source_object (task);
  AddAllData *data = g_task_get_task_data (task);
  guint left = data->result->added->len - data->result->n_rollback_failed;

  if (left == 0)
    {
      g_task_return_error (task, g_steal_pointer (&data->error));
      g_object_unref (task);
      return;
    }

  sesame_account_store_remove_async (self, g_ptr_array_index (data->result->added, left - 1),
                                     NULL, on_rolled_back, task);
}

static void
stop (GTask  *task,
      GError *error)
{
  AddAllData *data = g_task_get_task_data (task);

  data->error = error;
  if (data->policy == SESAME_ADD_ALL_ALL_OR_NOTHING && data->result->added->len > 0)
    {
      roll_back_next (task);
      return;
    }

  g_task_return_error (task, g_steal_pointer (&data->error));
  g_object_unref (task);
}

static void add_next (GTask *task);

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  AddAllData *data = g_task_get_task_data (task);
  SesameAccount *account = g_ptr_array_index (data->accounts, data->next);
  GError *error = NULL;

  data->next++;
  if (sesame_account_store_add_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    g_ptr_array_add (data->result->added, g_object_ref (account));
  else if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DUPLICATE))
    {
      /* Twice in the same list: the first one is stored. */
      g_ptr_array_add (data->result->existing, g_object_ref (account));
      g_clear_error (&error);
    }
  else
    {
      g_ptr_array_add (data->result->failed, g_object_ref (account));
      g_ptr_array_add (data->result->errors, g_error_copy (error));
      if (data->policy != SESAME_ADD_ALL_KEEP_GOING)
        {
          report_progress (data);
          stop (task, error);
          return;
        }
      g_clear_error (&error);
    }

  report_progress (data);
  add_next (task);
}

static void
add_next (GTask *task)
{
  SesameAccountStore *self = g_task_get_source_object (task);
  AddAllData *data = g_task_get_task_data (task);
  GError *error = NULL;

  while (data->next < data->accounts->len &&
         is_stored (self, g_ptr_array_index (data->accounts, data->next)))
    {
      g_ptr_array_add (data->result->existing, g_object_ref (g_ptr_array_index (data->accounts, data->next)));
      data->next++;
      report_progress (data);
    }

  if (data->next >= data->accounts->len)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      stop (task, error);
      return;
    }

  /* No cancellable for the write itself: once started, an account is
   * stored whole (see the top of this file). */
  sesame_account_store_add_async (self, g_ptr_array_index (data->accounts, data->next), NULL,
                                  on_added, task);
}

static gboolean
start (gpointer user_data)
{
  GTask *task = user_data;

  report_progress (g_task_get_task_data (task));
  add_next (task);

  return G_SOURCE_REMOVE;
}

/**
 * sesame_account_store_add_all_async:
 * @accounts: (element-type SesameAccount): what to add, in order
 * @policy: what a failure does to the rest of the batch
 * @progress: (nullable) (scope notified): called with how many accounts
 *   are done (added, already there, failed) out of how many, first with 0,
 *   then after each, in the thread-default main context of this call;
 *   @progress_data must stay valid until @callback runs
 * @cancellable: (nullable): looked at between two accounts, never in the
 *   middle of one
 *
 * Adds a batch of accounts: every import, restore and scan goes through
 * here. Accounts already stored (same id, or same key, issuer and name)
 * are not added again, so calling this again after a failure or a cancel
 * adds only what is missing.
 */
void
sesame_account_store_add_all_async (SesameAccountStore   *self,
                                    GPtrArray            *accounts,
                                    SesameAddAllPolicy    policy,
                                    SesameAddAllProgress  progress,
                                    gpointer              progress_data,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  GTask *task;
  AddAllData *data;
  g_autoptr(GSource) idle = NULL;

  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));
  g_return_if_fail (accounts != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_store_add_all_async);
  data = g_new0 (AddAllData, 1);
  data->accounts = g_ptr_array_new_full (accounts->len, g_object_unref);
  for (guint i = 0; i < accounts->len; i++)
    g_ptr_array_add (data->accounts, g_object_ref (g_ptr_array_index (accounts, i)));
  data->policy = policy;
  data->progress = progress;
  data->progress_data = progress_data;
  data->result = add_all_result_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) add_all_data_free);

  /* Progress is never reported before this call returns. */
  idle = g_idle_source_new ();
  g_source_set_callback (idle, start, task, NULL);
  g_source_set_static_name (idle, "[sesame] add_all");
  g_source_attach (idle, g_task_get_context (task));
}

/**
 * sesame_account_store_add_all_finish:
 * @out_result: (out) (optional) (transfer full): what happened to each
 *   account, set on failure too
 *
 * Returns: %FALSE when the batch stopped: cancelled (%G_IO_ERROR_CANCELLED),
 * or, unless the policy is %SESAME_ADD_ALL_KEEP_GOING, at the first
 * account the keyring refused (that error). With
 * %SESAME_ADD_ALL_KEEP_GOING, refused accounts are listed in @out_result
 * and the call still succeeds.
 */
gboolean
sesame_account_store_add_all_finish (SesameAccountStore  *self,
                                     GAsyncResult        *result,
                                     SesameAddAllResult **out_result,
                                     GError             **error)
{
  AddAllData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_add_all_async, FALSE);

  data = g_task_get_task_data (G_TASK (result));
  if (out_result != NULL)
    *out_result = g_steal_pointer (&data->result);

  return g_task_propagate_boolean (G_TASK (result), error);
}
