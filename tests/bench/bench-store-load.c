/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-bench"

#include "config.h"

#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "sesame-account-store.h"
#include "sesame-test-utils.h"

/* Keyring loading benchmark (not a test): the median time for
 * SesameAccountStore to load 1,000 and 10,000 accounts from the test
 * session's gnome-keyring-daemon, and its peak RSS, next to the naive
 * peer: one libsecret lookup per account.
 *
 *   build-aux/dev bench        (inside the private headless session)
 *
 * Each measurement runs in a child process of its own, so its peak RSS
 * (getrusage) is its own. Figures are recorded in docs/benchmarks.md. */

#define LABEL "Sesame one-time password"

static const SecretSchema *
schema_for (const char *name)
{
  return secret_schema_new (name, SECRET_SCHEMA_NONE, "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Prints "median min max peak_rss_kb" for the child's caller. */
static void
report (GArray *times)
{
  g_array_sort (times, compare_double);
  printf ("%.1f %.1f %.1f %ld\n",
          g_array_index (times, double, times->len / 2),
          g_array_index (times, double, 0),
          g_array_index (times, double, times->len - 1),
          peak_rss_kb ());
}

/* Populating ------------------------------------------------------------ */

typedef struct
{
  const SecretSchema *schema;
  SecretService *service;
  char *collection;
  guint next;
  guint total;
  guint in_flight;
  guint failed;
} Populate;

static void store_next (Populate *pop);

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Populate *pop = user_data;
  g_autoptr(GError) error = NULL;

  g_autofree char *path = secret_service_create_item_dbus_path_finish (SECRET_SERVICE (source), result, &error);

  if (path == NULL)
    {
      g_printerr ("create failed: %s\n", error->message);
      pop->failed++;
    }
  pop->in_flight--;
  store_next (pop);
}

static void
store_next (Populate *pop)
{
  /* Many writes in flight at once: filling the keyring is not what is
   * measured. */
  while (pop->in_flight < 64 && pop->next < pop->total)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *name = g_strdup_printf ("user%u@example.com", pop->next);
      g_autofree char *issuer = g_strdup_printf ("Service %u", pop->next % 500);
      g_autofree char *key = g_strdup_printf ("bench-key-%08u-0123456789", pop->next);
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) key, strlen (key));
      g_autoptr(SesameSecureStr) json = NULL;
      g_autoptr(SecretValue) value = NULL;
      g_autoptr(GHashTable) properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                                (GDestroyNotify) g_variant_unref);
      GVariantBuilder attributes;

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, name);
      sesame_account_set_secret (account, secret);
      json = sesame_account_to_json (account);
      value = secret_value_new (json, -1, "text/plain");
      g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
      g_variant_builder_add (&attributes, "{ss}", "xdg:schema", pop->schema->name);
      g_variant_builder_add (&attributes, "{ss}", "uuid", sesame_account_get_uuid (account));
      g_hash_table_insert (properties, (gpointer) "org.freedesktop.Secret.Item.Attributes",
                           g_variant_ref_sink (g_variant_builder_end (&attributes)));
      g_hash_table_insert (properties, (gpointer) "org.freedesktop.Secret.Item.Label",
                           g_variant_ref_sink (g_variant_new_string (LABEL)));

      /* The in-memory session collection: gnome-keyring rewrites the whole
       * login keyring file on every change, which would make filling it
       * quadratic. Loading reads both the same way (SearchItems covers
       * every collection, and an unlocked keyring is held in memory). Its
       * items last as long as the connection that made them.
       * Created by path, without "replace" (which searches the whole
       * collection each time) and without a proxy per item. */
      secret_service_create_item_dbus_path (pop->service, pop->collection, properties, value,
                                            SECRET_ITEM_CREATE_NONE, NULL, on_stored, pop);
      pop->in_flight++;
      pop->next++;
    }
}

static int
populate (const char *schema_name,
          guint       n)
{
  g_autoptr(GError) error = NULL;
  Populate pop = { 0 };
  gint64 start = g_get_monotonic_time ();

  pop.schema = schema_for (schema_name);
  pop.service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
  if (pop.service == NULL)
    g_error ("No Secret Service: %s", error->message);
  pop.total = n;
  pop.collection = secret_service_read_alias_dbus_path_sync (pop.service, SECRET_COLLECTION_SESSION, NULL, &error);
  if (pop.collection == NULL)
    g_error ("No session collection: %s", error ? error->message : "no such alias");

  store_next (&pop);
  while (pop.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);

  g_printerr ("  populated %u accounts in %.1f s\n", n, (g_get_monotonic_time () - start) / 1e6);
  return pop.failed == 0 ? 0 : 1;
}

/* Measuring -------------------------------------------------------------- */

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static int
bench_store (const char *schema_name,
             guint       n,
             guint       runs)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(SesameAccountStore) store = sesame_account_store_new (schema_name);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      sesame_account_store_load_async (store, NULL, on_loaded, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      if (!sesame_account_store_load_finish (store, result, &error))
        g_error ("load failed: %s", error->message);
      ms = (g_get_monotonic_time () - start) / 1e3;

      if (g_list_model_get_n_items (G_LIST_MODEL (store)) != n)
        g_error ("loaded %u accounts, expected %u", g_list_model_get_n_items (G_LIST_MODEL (store)), n);
      g_array_append_val (times, ms);
    }

  report (times);
  return 0;
}

/* The peer: what a program does that looks each account up on its own
 * (the uuids come from an untimed search without secrets). */
static int
bench_naive (const char *schema_name,
             guint       n,
             guint       runs)
{
  const SecretSchema *schema = schema_for (schema_name);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GList *found;

  found = secret_password_searchv_sync (schema, none, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  for (GList *l = found; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);

      g_ptr_array_add (uuids, g_strdup (g_hash_table_lookup (attributes, "uuid")));
    }
  g_list_free_full (found, g_object_unref);
  if (uuids->len != n)
    g_error ("found %u items, expected %u", uuids->len, n);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 start = g_get_monotonic_time ();
      guint failed = 0;
      double ms;

      for (guint i = 0; i < uuids->len; i++)
        {
          g_autoptr(SesameSecureStr) json = NULL;
          SesameAccount *account;

          json = secret_password_lookup_sync (schema, NULL, &error, "uuid", uuids->pdata[i], NULL);
          if (json == NULL)
            {
              /* Seen at 10,000 items: gnome-keyring answers "no such item"
               * for some; counted, not fatal (the time is spent all the same). */
              failed++;
              g_clear_error (&error);
              continue;
            }
          account = sesame_account_new_from_json (json, &error);
          g_assert_no_error (error);
          g_ptr_array_add (accounts, account);
        }
      ms = (g_get_monotonic_time () - start) / 1e3;
      if (failed > 0)
        g_printerr ("  naive: %u of %u lookups failed\n", failed, uuids->len);
      g_array_append_val (times, ms);
    }

  report (times);
  return 0;
}

/* libsecret's one-call search that unlocks and loads every secret: one
 * call for us, but a D-Bus proxy (a property round trip and a match rule)
 * per item inside. */
static int
bench_search (const char *schema_name,
              guint       n,
              guint       runs)
{
  const SecretSchema *schema = schema_for (schema_name);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);

  g_assert_no_error (error);
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
      gint64 start = g_get_monotonic_time ();
      GList *items;
      double ms;

      items = secret_service_search_sync (service, schema, none,
                                          SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                          NULL, &error);
      g_assert_no_error (error);
      for (GList *l = items; l != NULL; l = l->next)
        {
          g_autoptr(SecretValue) value = secret_item_get_secret (l->data);
          SesameAccount *account;

          if (value == NULL)
            continue;
          account = sesame_account_new_from_json (secret_value_get_text (value), &error);
          g_assert_no_error (error);
          g_ptr_array_add (accounts, account);
        }
      g_list_free_full (items, g_object_unref);
      ms = (g_get_monotonic_time () - start) / 1e3;
      if (accounts->len != n)
        g_printerr ("  search: %u of %u accounts read\n", accounts->len, n);
      g_array_append_val (times, ms);
    }

  report (times);
  return 0;
}

static int
clear (const char *schema_name)
{
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  secret_password_clearv_sync (schema_for (schema_name), none, NULL, &error);
  g_assert_no_error (error);
  return 0;
}

/* Driving ---------------------------------------------------------------- */

typedef struct
{
  double median, min, max;
  long rss_kb;
} Figures;

static Figures
run_child (const char *self,
           const char *mode,
           const char *schema_name,
           guint       n,
           guint       runs)
{
  g_autofree char *n_str = g_strdup_printf ("%u", n);
  g_autofree char *runs_str = g_strdup_printf ("%u", runs);
  const char *argv[] = { self, mode, schema_name, n_str, runs_str, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  Figures f = { 0 };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s %s failed: %s", mode, n_str, error->message);

  if (out != NULL && *out != '\0' &&
      sscanf (out, "%lf %lf %lf %ld", &f.median, &f.min, &f.max, &f.rss_kb) != 4)
    g_error ("unexpected output of %s: %s", mode, out);

  return f;
}

static int
drive (const char *self)
{
  const char *sizes_env = g_getenv ("SESAME_BENCH_SIZES");
  const char *runs_env = g_getenv ("SESAME_BENCH_RUNS");
  g_auto(GStrv) sizes = g_strsplit (sizes_env != NULL ? sizes_env : "1000,10000", ",", -1);
  const char *peer_runs_env = g_getenv ("SESAME_BENCH_PEER_RUNS");
  guint runs = runs_env != NULL ? (guint) atoi (runs_env) : 5;
  guint peer_runs = peer_runs_env != NULL ? (guint) atoi (peer_runs_env) : 3;

  printf ("## Loading accounts from the keyring (`tests/bench/bench-store-load.c`)\n\n");
  printf ("%u runs of the store, %u of each peer; time to every account parsed (median, min–max); "
          "peak RSS of the measuring process.\n\n", runs, peer_runs);
  printf ("| accounts | SesameAccountStore (3 D-Bus calls) | peak RSS "
          "| naive peer: one lookup per account | peak RSS | naive / store "
          "| libsecret search (ALL, UNLOCK, LOAD_SECRETS) | peak RSS | search / store |\n");
  printf ("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  fflush (stdout);

  for (guint i = 0; sizes[i] != NULL; i++)
    {
      guint n = (guint) atoi (sizes[i]);
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *schema_name = g_strdup_printf ("%s.Bench.%.8s", APP_ID, uuid);
      Figures store, naive, search;

      g_printerr ("%u accounts:\n", n);
      /* In this process, which stays connected while the children measure:
       * gnome-keyring drops the session collection's items of a client
       * that disconnects. */
      if (populate (schema_name, n) != 0)
        g_error ("could not store %u accounts", n);
      store = run_child (self, "store", schema_name, n, runs);
      naive = run_child (self, "naive", schema_name, n, peer_runs);
      search = run_child (self, "search", schema_name, n, peer_runs);
      clear (schema_name);

      printf ("| %u | %.0f ms (%.0f–%.0f) | %.1f MiB | %.0f ms (%.0f–%.0f) | %.1f MiB | %.1f× "
              "| %.0f ms (%.0f–%.0f) | %.1f MiB | %.1f× |\n",
              n, store.median, store.min, store.max, store.rss_kb / 1024.0,
              naive.median, naive.min, naive.max, naive.rss_kb / 1024.0,
              naive.median / store.median,
              search.median, search.min, search.max, search.rss_kb / 1024.0,
              search.median / store.median);
      fflush (stdout);
    }

  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (!sesame_test_in_session ())
    {
      g_printerr ("bench-store-load needs the private test session (a throwaway keyring): "
                  "run it with build-aux/dev bench\n");
      return 1;
    }

  if (argc == 1)
    return drive (argv[0]);

  if (argc == 5)
    {
      const char *mode = argv[1];
      const char *schema_name = argv[2];
      guint n = (guint) atoi (argv[3]);
      guint runs = (guint) atoi (argv[4]);

      if (g_str_equal (mode, "populate"))
        return populate (schema_name, n);
      if (g_str_equal (mode, "store"))
        return bench_store (schema_name, n, runs);
      if (g_str_equal (mode, "naive"))
        return bench_naive (schema_name, n, runs);
      if (g_str_equal (mode, "search"))
        return bench_search (schema_name, n, runs);
      if (g_str_equal (mode, "clear"))
        return clear (schema_name);
    }

  g_printerr ("usage: bench-store-load [populate|store|naive|clear SCHEMA N RUNS]\n");
  return 2;
}
