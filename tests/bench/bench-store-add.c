/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-bench"

#include "config.h"

#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-test-utils.h"

/* Adding many accounts (not a test): what part of the time is Sesame's and
 * what part the keyring's. N accounts (SESAME_BENCH_ADD_COUNT, default 300)
 * are added to the test session's gnome-keyring login collection, which
 * gnome-keyring rewrites on every change, by
 *
 * - SesameAccountStore: sesame_account_store_add_async for each, all queued
 *   at once (the store writes them one after the other);
 * - a bare CreateItem loop: one org.freedesktop.Secret.Collection.CreateItem
 *   after the other, same label, attributes and JSON secret, replace=false,
 *   through libsecret's D-Bus wrapper and nothing else: the floor.
 *
 * The items are deleted between runs (not timed), so each run starts from
 * the same keyring. Rounds alternate which goes first; medians are printed.
 *
 *   build-aux/dev bench -- store-add */

#define LABEL "Sesame one-time password"
#define SCHEMA_PREFIX APP_ID ".Bench.Add"

static GPtrArray *
make_accounts (guint count)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < count; i++)
    {
      SesameAccount *account = sesame_account_new ();
      g_autoptr(SesameSecret) secret = NULL;
      g_autofree char *issuer = g_strdup_printf ("Bench Issuer %04u", i);
      g_autofree char *name = g_strdup_printf ("user%u@example.com", i);
      guint8 key[20];

      for (guint k = 0; k < sizeof key; k++)
        key[k] = (guint8) g_random_int ();
      secret = sesame_secret_new (key, sizeof key);
      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, name);
      sesame_account_set_secret (account, secret);
      g_ptr_array_add (accounts, account);
    }
  return accounts;
}

typedef struct
{
  guint pending;
  guint failed;
} Adding;

static void
on_added (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Adding *adding = user_data;
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_add_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    {
      g_printerr ("add failed: %s\n", error->message);
      adding->failed++;
    }
  adding->pending--;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_load_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    g_error ("load: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static double
time_store (const char *schema,
            GPtrArray  *accounts)
{
  g_autoptr(SesameAccountStore) store = sesame_account_store_new (schema);
  Adding adding = { accounts->len, 0 };
  gboolean loaded = FALSE;
  gint64 start;

  sesame_account_store_load_async (store, NULL, on_loaded, &loaded);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < accounts->len; i++)
    {
      g_autoptr(SesameAccount) copy = sesame_account_copy (accounts->pdata[i]);

      sesame_account_store_add_async (store, copy, NULL, on_added, &adding);
    }
  while (adding.pending > 0)
    g_main_context_iteration (NULL, TRUE);
  if (adding.failed > 0)
    g_error ("%u adds failed", adding.failed);
  return (g_get_monotonic_time () - start) / 1000.0;
}

typedef struct
{
  SecretService *service;
  const char *schema;
  GPtrArray *accounts;
  guint next;
  gboolean done;
} Bare;

static void create_next (Bare *bare);

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Bare *bare = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = secret_service_create_item_dbus_path_finish (SECRET_SERVICE (source), result, &error);

  if (path == NULL)
    g_error ("CreateItem: %s", error->message);
  create_next (bare);
}

/* One CreateItem after the other, asynchronously, as the store writes. */
static void
create_next (Bare *bare)
{
  SesameAccount *account;
  g_autoptr(SesameSecureStr) json = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GHashTable) properties = NULL;
  g_autoptr(GVariantBuilder) attributes = NULL;

  if (bare->next == bare->accounts->len)
    {
      bare->done = TRUE;
      return;
    }

  account = bare->accounts->pdata[bare->next++];
  json = sesame_account_to_json (account);
  value = secret_value_new (json, -1, "text/plain");
  properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_variant_unref);
  attributes = g_variant_builder_new (G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (attributes, "{ss}", "xdg:schema", bare->schema);
  g_variant_builder_add (attributes, "{ss}", "uuid", sesame_account_get_uuid (account));
  g_hash_table_insert (properties, (gpointer) "org.freedesktop.Secret.Item.Label",
                       g_variant_ref_sink (g_variant_new_string (LABEL)));
  g_hash_table_insert (properties, (gpointer) "org.freedesktop.Secret.Item.Attributes",
                       g_variant_ref_sink (g_variant_builder_end (attributes)));
  secret_service_create_item_dbus_path (bare->service, "/org/freedesktop/secrets/aliases/default", properties,
                                        value, SECRET_ITEM_CREATE_NONE, NULL, on_created, bare);
}

static double
time_bare (SecretService *service,
           const char    *schema,
           GPtrArray     *accounts)
{
  Bare bare = { service, schema, accounts, 0, FALSE };
  gint64 start = g_get_monotonic_time ();

  create_next (&bare);
  while (!bare.done)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Deletes every item of @schema (not timed). */
static void
clear_schema (SecretService *service,
              const char    *schema)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (attributes, (gpointer) "xdg:schema", (gpointer) schema);
  if (!secret_service_search_for_dbus_paths_sync (service, NULL, attributes, NULL, &unlocked, &locked, &error))
    g_error ("search: %s", error->message);
  for (guint i = 0; unlocked != NULL && unlocked[i] != NULL; i++)
    if (!secret_service_delete_item_dbus_path_sync (service, unlocked[i], NULL, &error))
      g_error ("delete: %s", error->message);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  const char *count_env = g_getenv ("SESAME_BENCH_ADD_COUNT");
  const char *runs_env = g_getenv ("SESAME_BENCH_ADD_RUNS");
  guint count = count_env != NULL ? (guint) atoi (count_env) : 300;
  guint runs = runs_env != NULL ? (guint) atoi (runs_env) : 3;
  g_autofree char *schema = g_strdup_printf ("%s.%u", SCHEMA_PREFIX, (guint) getpid ());
  g_autoptr(GArray) store_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GError) error = NULL;

  if (!sesame_test_in_session ())
    {
      printf ("Needs the private keyring session: run build-aux/dev bench -- store-add\n");
      return 77;
    }

  service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
  g_assert_no_error (error);
  clear_schema (service, schema);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GPtrArray) accounts = make_accounts (count);
      double s, b;

      if (r % 2 == 0)
        {
          s = time_store (schema, accounts);
          clear_schema (service, schema);
          b = time_bare (service, schema, accounts);
          clear_schema (service, schema);
        }
      else
        {
          b = time_bare (service, schema, accounts);
          clear_schema (service, schema);
          s = time_store (schema, accounts);
          clear_schema (service, schema);
        }
      g_array_append_val (store_ms, s);
      g_array_append_val (bare_ms, b);
      printf ("run %u: SesameAccountStore %.0f ms, bare CreateItem loop %.0f ms\n", r + 1, s, b);
      fflush (stdout);
    }

  printf ("%u accounts into the login collection, median of %u runs:\n", count, runs);
  printf ("  SesameAccountStore add_async  %8.0f ms  (%.1f ms an account)\n",
          median (store_ms), median (store_ms) / count);
  printf ("  bare CreateItem loop          %8.0f ms  (%.1f ms an account)\n",
          median (bare_ms), median (bare_ms) / count);
  printf ("  Sesame's share: %.0f ms (%.2fx the bare loop)\n",
          median (store_ms) - median (bare_ms), median (store_ms) / median (bare_ms));
  return 0;
}
