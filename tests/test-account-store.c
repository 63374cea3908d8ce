/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsecret/secret.h>
#include <signal.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-base32.h"
#include "sesame-test-keyring.h"
#include "sesame-test-utils.h"

/* Each run uses its own schema, so it never sees another test's items. */
static char *schema_name;
static SecretSchema *schema;

/* A key whose raw bytes, base32 and hex are all easy to grep for. */
static const char leak_key[] = "sesame-leak-probe-key-0123456789";

static SesameAccountStore *
new_store (void)
{
  return sesame_account_store_new (schema_name);
}

static SesameAccount *
make_account (const char    *issuer,
              const char    *name,
              const char    *key,
              SesameOtpType  type)
{
  SesameAccount *account = sesame_account_new ();
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) key, strlen (key));

  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_otp_type (account, type);
  sesame_account_set_secret (account, secret);
  return account;
}

static gboolean
load (SesameAccountStore  *store,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  return sesame_account_store_load_finish (store, sesame_test_await_result (&result), error);
}

static gboolean
add (SesameAccountStore  *store,
     SesameAccount       *account,
     GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
  return sesame_account_store_add_finish (store, sesame_test_await_result (&result), error);
}

static gboolean
update (SesameAccountStore  *store,
        SesameAccount       *account,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_update_async (store, account, NULL, sesame_test_on_result, &result);
  return sesame_account_store_update_finish (store, sesame_test_await_result (&result), error);
}

static gboolean
remove_account (SesameAccountStore  *store,
                SesameAccount       *account,
                GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_remove_async (store, account, NULL, sesame_test_on_result, &result);
  return sesame_account_store_remove_finish (store, sesame_test_await_result (&result), error);
}

static char *
advance (SesameAccountStore  *store,
         SesameAccount       *account,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_advance_counter_async (store, account, NULL, sesame_test_on_result, &result);
  return sesame_account_store_advance_counter_finish (store, sesame_test_await_result (&result), error);
}

/* A fresh store, loaded from the keyring: what another process would see. */
static SesameAccountStore *
reload (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GError) error = NULL;

  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&store);
}

static void
clear_schema (void)
{
  sesame_test_keyring_clear (schema_name);
}

static void
count_changed (SesameAccountStore *store,
               guint              *count)
{
  (*count)++;
}

static void
test_add_and_load (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(SesameAccount) a = make_account ("GitHub", "alice", "key-one-1234567890", SESAME_OTP_TYPE_TOTP);
  g_autoptr(SesameAccount) b = make_account ("", "bob@example.com", "key-two-1234567890", SESAME_OTP_TYPE_HOTP);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;
  guint changed = 0;

  clear_schema ();
  g_signal_connect (store, "changed", G_CALLBACK (count_changed), &changed);

  g_assert_false (sesame_account_store_get_loaded (store));
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_true (sesame_account_store_get_loaded (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == SESAME_TYPE_ACCOUNT);

  sesame_account_set_created (a, 100);
  sesame_account_set_created (b, 200);
  sesame_account_set_note (b, "note");
  g_assert_true (add (store, a, &error));
  g_assert_no_error (error);
  g_assert_true (add (store, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_true (sesame_account_store_lookup (store, sesame_account_get_uuid (a)) == a);

  fresh = reload ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, 2);
  g_assert_cmpuint (sesame_account_store_get_load_problems (fresh)->len, ==, 0);
  {
    g_autoptr(SesameAccount) first = g_list_model_get_item (G_LIST_MODEL (fresh), 0);
    g_autoptr(SesameAccount) second = g_list_model_get_item (G_LIST_MODEL (fresh), 1);

    g_assert_cmpstr (sesame_account_get_uuid (first), ==, sesame_account_get_uuid (a));
    g_assert_cmpstr (sesame_account_get_issuer (first), ==, "GitHub");
    g_assert_true (sesame_account_same_identity (first, a));
    g_assert_cmpstr (sesame_account_get_uuid (second), ==, sesame_account_get_uuid (b));
    g_assert_cmpstr (sesame_account_get_note (second), ==, "note");
    g_assert_cmpint (sesame_account_get_otp_type (second), ==, SESAME_OTP_TYPE_HOTP);
  }

  /* In the keyring: the generic label, and uuid the only attribute. */
  service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_assert_no_error (error);
  items = secret_service_search_sync (service, schema, none, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 2);
  for (GList *l = items; l; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (l->data);
      g_autofree char *label = secret_item_get_label (l->data);

      g_assert_cmpstr (label, ==, "Sesame one-time password");
      g_assert_cmpuint (g_hash_table_size (attributes), ==, 2);
      g_assert_true (g_hash_table_contains (attributes, "uuid"));
      g_assert_cmpstr (g_hash_table_lookup (attributes, "xdg:schema"), ==, schema_name);
    }
  g_list_free_full (items, g_object_unref);
}

static void
test_duplicates (void)
{
  g_autoptr(SesameAccountStore) store = reload ();
  g_autoptr(SesameAccount) again = make_account ("github", "ALICE", "key-one-1234567890", SESAME_OTP_TYPE_TOTP);
  g_autoptr(SesameAccount) other = make_account ("GitHub", "alice", "another-key-12345", SESAME_OTP_TYPE_TOTP);
  g_autoptr(SesameAccount) twice = make_account ("Twice", "t", "twice-key-1234567", SESAME_OTP_TYPE_TOTP);
  g_autoptr(SesameAccount) twice2 = make_account ("Twice", "t", "twice-key-1234567", SESAME_OTP_TYPE_TOTP);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *found;

  found = sesame_account_store_find_duplicate (store, again);
  g_assert_nonnull (found);
  g_assert_cmpstr (sesame_account_get_issuer (found), ==, "GitHub");
  g_assert_null (sesame_account_store_find_duplicate (store, other));
  g_assert_null (sesame_account_store_find_duplicate (store, found));

  g_assert_false (add (store, again, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "GitHub"));
  g_clear_error (&error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* Two adds of the same account in flight: the second is refused. */
  sesame_account_store_add_async (store, twice, NULL, sesame_test_on_result, &r1);
  sesame_account_store_add_async (store, twice2, NULL, sesame_test_on_result, &r2);
  g_assert_false (sesame_account_store_add_finish (store, sesame_test_await_result (&r2), &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_true (sesame_account_store_add_finish (store, sesame_test_await_result (&r1), &error));
  g_assert_no_error (error);
  g_assert_true (remove_account (store, twice, &error));
  g_assert_no_error (error);
  /* Once removed, it may be added again. */
  g_assert_null (sesame_account_store_find_duplicate (store, twice2));
}

static void
test_update (void)
{
  g_autoptr(SesameAccountStore) store = reload ();
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(SesameAccount) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(SesameAccount) copy = NULL;
  g_autoptr(SesameAccount) stranger = make_account ("Nobody", "n", "stranger-key-123", SESAME_OTP_TYPE_TOTP);
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (store, "changed", G_CALLBACK (count_changed), &changed);

  /* Edited in place. */
  sesame_account_set_favorite (first, TRUE);
  sesame_account_set_issuer (first, "GitHub Enterprise");
  g_assert_true (update (store, first, &error));
  g_assert_no_error (error);

  /* Edited on a copy, which then carries over to the stored object. */
  copy = sesame_account_copy (first);
  sesame_account_set_note (copy, "edited on a copy");
  g_assert_true (update (store, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sesame_account_get_note (first), ==, "edited on a copy");
  g_assert_cmpuint (changed, ==, 2);

  fresh = reload ();
  {
    SesameAccount *back = sesame_account_store_lookup (fresh, sesame_account_get_uuid (first));

    g_assert_nonnull (back);
    g_assert_true (sesame_account_get_favorite (back));
    g_assert_cmpstr (sesame_account_get_issuer (back), ==, "GitHub Enterprise");
    g_assert_cmpstr (sesame_account_get_note (back), ==, "edited on a copy");
  }

  /* The new issuer is what duplicates are now checked against. */
  {
    g_autoptr(SesameAccount) old_identity = make_account ("GitHub", "alice", "key-one-1234567890", SESAME_OTP_TYPE_TOTP);
    g_autoptr(SesameAccount) new_identity = make_account ("GitHub Enterprise", "alice", "key-one-1234567890", SESAME_OTP_TYPE_TOTP);

    g_assert_null (sesame_account_store_find_duplicate (store, old_identity));
    g_assert_true (sesame_account_store_find_duplicate (store, new_identity) == first);
  }

  g_assert_false (update (store, stranger, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (changed, ==, 2);
}

static void
test_advance_counter (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(SesameAccount) hotp = make_account ("RFC 4226", "test", "12345678901234567890", SESAME_OTP_TYPE_HOTP);
  g_autoptr(SesameAccount) totp = make_account ("TOTP", "test", "12345678901234567890", SESAME_OTP_TYPE_TOTP);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *code2 = NULL;
  g_autofree char *code3 = NULL;
  char now[SESAME_OTP_CODE_SIZE];

  g_assert_true (load (store, &error));
  g_assert_true (add (store, hotp, &error));
  g_assert_true (add (store, totp, &error));
  g_assert_no_error (error);

  g_assert_true (sesame_account_code_at (hotp, 0, now));
  g_assert_cmpstr (now, ==, "755224");

  code = advance (store, hotp, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "287082");
  g_assert_cmpuint (sesame_account_get_counter (hotp), ==, 1);
  g_assert_cmpint (sesame_account_get_last_used (hotp), >, 0);

  /* Queued back to back: each moves on by one. */
  sesame_account_store_advance_counter_async (store, hotp, NULL, sesame_test_on_result, &r1);
  sesame_account_store_advance_counter_async (store, hotp, NULL, sesame_test_on_result, &r2);
  code2 = sesame_account_store_advance_counter_finish (store, sesame_test_await_result (&r1), &error);
  g_assert_no_error (error);
  code3 = sesame_account_store_advance_counter_finish (store, sesame_test_await_result (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code2, ==, "359152");
  g_assert_cmpstr (code3, ==, "969429");

  fresh = reload ();
  g_assert_cmpuint (sesame_account_get_counter (sesame_account_store_lookup (fresh, sesame_account_get_uuid (hotp))), ==, 3);

  g_assert_null (advance (store, totp, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS);
  g_clear_error (&error);

  g_assert_true (remove_account (store, hotp, &error));
  g_assert_true (remove_account (store, totp, &error));
  g_assert_no_error (error);
}

static void
test_remove (void)
{
  g_autoptr(SesameAccountStore) store = reload ();
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(SesameAccount) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  g_assert_cmpuint (n, ==, 2);
  g_assert_true (remove_account (store, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n - 1);
  g_assert_null (sesame_account_store_lookup (store, sesame_account_get_uuid (first)));
  g_assert_null (sesame_account_store_find_duplicate (store, first));

  fresh = reload ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, n - 1);
  g_assert_null (sesame_account_store_lookup (fresh, sesame_account_get_uuid (first)));
}

static void
store_raw_item (const char *uuid,
                const char *text)
{
  g_autoptr(GError) error = NULL;

  secret_password_store_sync (schema, SECRET_COLLECTION_DEFAULT, "Sesame one-time password",
                              text, NULL, &error, "uuid", uuid, NULL);
  g_assert_no_error (error);
}

static void
test_corrupt_item (void)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autofree char *bad_json = g_uuid_string_random ();
  g_autofree char *future = g_uuid_string_random ();
  g_autofree char *binary = g_uuid_string_random ();
  g_autofree char *future_doc = g_strdup_printf ("{\"version\":99,\"uuid\":\"%s\",\"secret\":\"JBSWY3DPEHPK3PXP\"}", future);
  static const guint8 not_text[] = { 0xff, 0xfe, 0x00, 0x81, 'J', 'B' };
  g_autoptr(SecretValue) binary_value = secret_value_new ((const char *) not_text, sizeof not_text,
                                                          "application/octet-stream");
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;
  g_autoptr(GString) all = g_string_new (NULL);

  store_raw_item (bad_json, "{\"version\":1,\"secret\":\"JBSWY3DPEHPK3PXP\",");
  store_raw_item (future, future_doc);
  secret_password_store_binary_sync (schema, SECRET_COLLECTION_DEFAULT, "Sesame one-time password",
                                     binary_value, NULL, &error, "uuid", binary, NULL);
  g_assert_no_error (error);

  store = reload ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  problems = sesame_account_store_get_load_problems (store);
  g_assert_cmpuint (problems->len, ==, 3);
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *e = g_ptr_array_index (problems, i);

      g_assert_error ((GError *) e, SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT_ITEM);
      g_assert_null (strstr (e->message, "JBSWY3DP"));
      g_string_append_printf (all, "%s\n", e->message);
    }
  g_test_message ("%s", all->str);
  g_assert_nonnull (strstr (all->str, bad_json));
  g_assert_nonnull (strstr (all->str, future));
  g_assert_nonnull (strstr (all->str, "newer version"));
  g_assert_nonnull (strstr (all->str, binary));

  secret_password_clear_sync (schema, NULL, NULL, "uuid", bad_json, NULL);
  secret_password_clear_sync (schema, NULL, NULL, "uuid", future, NULL);
  secret_password_clear_sync (schema, NULL, NULL, "uuid", binary, NULL);
  g_clear_object (&store);
  store = reload ();
  g_assert_cmpuint (sesame_account_store_get_load_problems (store)->len, ==, 0);
}

/* In a child whose session bus has no Secret Service at all (GTestDBus
 * starts a bus with no service files). */
static void
test_no_service (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_autoptr(SesameAccountStore) store = NULL;
      g_autoptr(SesameAccount) account = make_account ("X", "y", "no-service-key-123", SESAME_OTP_TYPE_TOTP);
      g_autoptr(GError) error = NULL;

      g_test_dbus_up (bus);
      store = new_store ();
      g_assert_false (load (store, &error));
      g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_NO_SERVICE);
      g_assert_nonnull (strstr (error->message, "gnome-keyring"));
      g_assert_nonnull (strstr (error->message, "KeePassXC"));
      g_printerr ("load: %s\n", error->message);
      g_clear_error (&error);

      g_assert_false (add (store, account, &error));
      g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_NO_SERVICE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
      g_printerr ("add: %s\n", error->message);

      g_clear_object (&store);
      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*load: No keyring service is running*add: No keyring service*");
}

static gboolean
on_timeout_cancel (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_locked (void)
{
  g_autoptr(SesameAccountStore) store = reload ();
  g_autoptr(SesameAccountStore) locked = new_store ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  guint timeout;

  g_assert_cmpuint (n, >, 0);
  sesame_test_keyring_lock ();

  /* The unlock prompt cannot be shown in the test session; a prompt that
   * hangs is cancelled, which fails the test rather than blocking it. */
  timeout = g_timeout_add_seconds (30, on_timeout_cancel, cancellable);
  sesame_account_store_load_async (locked, cancellable, sesame_test_on_result, &result);
  g_assert_false (sesame_account_store_load_finish (locked, sesame_test_await_result (&result), &error));
  g_source_remove (timeout);
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (locked)), ==, 0);
  g_assert_false (sesame_account_store_get_loaded (locked));
  g_clear_error (&error);

  sesame_test_keyring_unlock ();
  g_assert_true (load (locked, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (locked)), ==, n);
}

typedef struct
{
  SesameAccountStore *store;
  GPtrArray *saved;       /* uuids whose add reported success */
  guint done;
  guint failed;
  guint kill_after;
  GPid daemon;
} Batch;

typedef struct
{
  Batch *batch;
  SesameAccount *account;
} BatchAdd;

static void
on_batch_add (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree BatchAdd *add_data = user_data;
  Batch *batch = add_data->batch;
  SesameAccount *account = add_data->account;
  g_autoptr(GError) error = NULL;

  if (sesame_account_store_add_finish (batch->store, result, &error))
    g_ptr_array_add (batch->saved, g_strdup (sesame_account_get_uuid (account)));
  else
    {
      batch->failed++;
      g_assert_true (error->domain == SESAME_STORE_ERROR);
      g_assert_true (error->code == SESAME_STORE_ERROR_DBUS ||
                     error->code == SESAME_STORE_ERROR_NO_SERVICE ||
                     error->code == SESAME_STORE_ERROR_LOCKED);
      g_test_message ("add %u failed: %s", batch->done, error->message);
    }

  if (++batch->done == batch->kill_after)
    {
      g_test_message ("killing the keyring daemon %d", batch->daemon);
      g_assert_cmpint (kill (batch->daemon, SIGKILL), ==, 0);
    }
}

static void
test_daemon_killed (void)
{
  g_autoptr(SesameAccountStore) store = reload ();
  g_autoptr(SesameAccountStore) fresh = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  Batch batch = { 0 };
  const guint n = 40;

  batch.store = store;
  batch.saved = g_ptr_array_new_with_free_func (g_free);
  batch.kill_after = 10;
  batch.daemon = sesame_test_keyring_daemon_pid ();
  g_assert_cmpint (batch.daemon, >, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("user%u", i);
      g_autofree char *key = g_strdup_printf ("batch-key-%u-abcdefghij", i);
      SesameAccount *account = make_account ("Batch", name, key, SESAME_OTP_TYPE_TOTP);

      g_ptr_array_add (accounts, account);
    }

  /* All queued at once, as an import would. */
  for (guint i = 0; i < n; i++)
    {
      BatchAdd *add_data = g_new0 (BatchAdd, 1);

      add_data->batch = &batch;
      add_data->account = g_ptr_array_index (accounts, i);
      sesame_account_store_add_async (store, add_data->account, NULL, on_batch_add, add_data);
    }
  while (batch.done < n)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("%u saved, %u failed", batch.saved->len, batch.failed);
  g_assert_cmpuint (batch.saved->len, >=, batch.kill_after - 1);
  g_assert_cmpuint (batch.failed, >, 0);

  sesame_test_keyring_restart ();

  fresh = reload ();
  g_assert_cmpuint (sesame_account_store_get_load_problems (fresh)->len, ==, 0);
  for (guint i = 0; i < batch.saved->len; i++)
    {
      const char *uuid = g_ptr_array_index (batch.saved, i);
      SesameAccount *back = sesame_account_store_lookup (fresh, uuid);

      if (back == NULL)
        g_error ("account %s was reported saved but is missing after the restart", uuid);
      g_assert_cmpstr (sesame_account_get_issuer (back), ==, "Batch");
    }

  g_ptr_array_unref (batch.saved);
}

/* The whole life of a store with debug output on: no key in any of it. */
static void
test_no_secret_in_output (void)
{
  g_autofree char *b32 = sesame_base32_encode ((const guint8 *) leak_key, strlen (leak_key));
  g_autofree char *hex = sesame_test_hex ((const guint8 *) leak_key, strlen (leak_key));
  g_autofree char *pat_b32 = g_strdup_printf ("*%.16s*", b32);
  g_autofree char *pat_raw = g_strdup_printf ("*%.16s*", leak_key);
  g_autofree char *pat_hex = g_strdup_printf ("*%.16s*", hex);

  if (g_test_subprocess ())
    {
      g_autoptr(SesameAccountStore) store = reload ();
      g_autoptr(SesameAccount) account = make_account ("Leak", "probe", leak_key, SESAME_OTP_TYPE_HOTP);
      g_autoptr(SesameAccount) again = make_account ("Leak", "probe", leak_key, SESAME_OTP_TYPE_HOTP);
      g_autoptr(SesameAccountStore) fresh = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;
      g_autofree char *doc = NULL;
      g_autofree char *uuid = g_uuid_string_random ();

      g_assert_true (add (store, account, &error));
      g_assert_false (add (store, again, &error));
      g_printerr ("duplicate: %s\n", error->message);
      g_clear_error (&error);
      code = advance (store, account, &error);
      g_assert_no_error (error);
      sesame_account_set_note (account, "noted");
      g_assert_true (update (store, account, &error));

      /* A broken item that holds the key in base32 and raw. */
      doc = g_strdup_printf ("{\"version\":1,\"uuid\":\"%s\",\"secret\":\"%s!\",\"raw\":\"%s\"", uuid, b32, leak_key);
      store_raw_item (uuid, doc);
      fresh = reload ();
      for (guint i = 0; i < sesame_account_store_get_load_problems (fresh)->len; i++)
        g_printerr ("problem: %s\n", ((GError *) g_ptr_array_index (sesame_account_store_get_load_problems (fresh), i))->message);
      secret_password_clear_sync (schema, NULL, NULL, "uuid", uuid, NULL);
      {
        g_autoptr(GError) json_error = NULL;
        g_autofree char *bad = g_strdup_printf ("{\"version\":1,\"uuid\":\"%s\",\"secret\":\"%s\",\"digits\":\"%s\"}", uuid, b32, leak_key);

        g_assert_null (sesame_account_new_from_json (bad, &json_error));
        g_printerr ("json: %s\n", json_error->message);
      }

      g_assert_true (remove_account (store, account, &error));
      g_assert_no_error (error);
      return;
    }

  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_unsetenv ("G_MESSAGES_DEBUG");
  g_test_trap_assert_passed ();
  /* The debug output is there (so the greps below can fail)… */
  g_test_trap_assert_stdout ("*sesame-store*");
  g_test_trap_assert_stderr ("*duplicate:*problem:*json:*");
  /* …and holds no key. */
  g_test_trap_assert_stdout_unmatched (pat_b32);
  g_test_trap_assert_stderr_unmatched (pat_b32);
  g_test_trap_assert_stdout_unmatched (pat_raw);
  g_test_trap_assert_stderr_unmatched (pat_raw);
  g_test_trap_assert_stdout_unmatched (pat_hex);
  g_test_trap_assert_stderr_unmatched (pat_hex);
}

static void
test_cleanup (void)
{
  g_autoptr(SesameAccountStore) store = NULL;

  clear_schema ();
  store = reload ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

/* $SESAME_KEYRING_SCHEMA is read in one place: set and not empty, it names
 * the schema; empty or unset, the app's own. */
static void
test_schema_override (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("SESAME_KEYRING_SCHEMA"));
  g_autofree char *other = g_strdup_printf ("%s.Test.Override", APP_ID);
  g_autoptr(SesameAccountStore) store = NULL;

  g_unsetenv ("SESAME_KEYRING_SCHEMA");
  g_assert_cmpstr (sesame_keyring_schema_name (), ==, APP_ID ".Account");

  g_setenv ("SESAME_KEYRING_SCHEMA", "", TRUE);
  g_assert_cmpstr (sesame_keyring_schema_name (), ==, APP_ID ".Account");
  store = sesame_account_store_new (sesame_keyring_schema_name ());
  g_assert_cmpstr (sesame_account_store_get_schema_name (store), ==, APP_ID ".Account");
  g_clear_object (&store);

  g_setenv ("SESAME_KEYRING_SCHEMA", other, TRUE);
  g_assert_cmpstr (sesame_keyring_schema_name (), ==, other);
  store = sesame_account_store_new (sesame_keyring_schema_name ());
  g_assert_cmpstr (sesame_account_store_get_schema_name (store), ==, other);

  if (saved != NULL)
    g_setenv ("SESAME_KEYRING_SCHEMA", saved, TRUE);
  else
    g_unsetenv ("SESAME_KEYRING_SCHEMA");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  /* A subprocess reuses its parent's schema, passed down the environment. */
  if (g_getenv ("SESAME_TEST_STORE_SCHEMA") != NULL)
    schema_name = g_strdup (g_getenv ("SESAME_TEST_STORE_SCHEMA"));
  else
    {
      g_autofree char *uuid = g_uuid_string_random ();

      schema_name = sesame_test_schema_name ("Store");
      g_setenv ("SESAME_TEST_STORE_SCHEMA", schema_name, TRUE);
    }
  schema = secret_schema_new (schema_name, SECRET_SCHEMA_NONE,
                              "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);

  /* In this order: each builds on the keyring the one before left. */
  g_test_add_func ("/store/add-and-load", test_add_and_load);
  g_test_add_func ("/store/duplicates", test_duplicates);
  g_test_add_func ("/store/update", test_update);
  g_test_add_func ("/store/advance-counter", test_advance_counter);
  g_test_add_func ("/store/remove", test_remove);
  g_test_add_func ("/store/corrupt-item", test_corrupt_item);
  g_test_add_func ("/store/no-service", test_no_service);
  g_test_add_func ("/store/locked", test_locked);
  g_test_add_func ("/store/daemon-killed", test_daemon_killed);
  g_test_add_func ("/store/no-secret-in-output", test_no_secret_in_output);
  g_test_add_func ("/store/cleanup", test_cleanup);
  g_test_add_func ("/store/schema-override", test_schema_override);

  return g_test_run ();
}
