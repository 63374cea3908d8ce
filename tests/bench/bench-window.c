/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Main window with 100, 500 and 10,000 accounts: time to the first frame of
 * the list, scrolling frame times, and idle CPU. Runs inside the test
 * session (build-aux/dev test -- --benchmark window); accounts are seeded
 * once into the keyring's in-memory session collection under a schema of
 * their own, never among real accounts.
 *
 *   bench-window [--counts 100,500,10000] [--idle-seconds 10]
 */
#include "config.h"

#include <adwaita.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/resource.h>

#include "sesame-account-store.h"
#include "sesame-test-utils.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

static char *counts_arg = NULL;
static char *keyring_counts_arg = NULL;
static int idle_seconds = 10;

static const GOptionEntry options[] = {
  { "counts", 0, 0, G_OPTION_ARG_STRING, &counts_arg, "Account counts to list from memory", "N,N,…" },
  { "keyring-counts", 0, 0, G_OPTION_ARG_STRING, &keyring_counts_arg, "Account counts to load from the keyring", "N,N,…" },
  { "idle-seconds", 0, 0, G_OPTION_ARG_INT, &idle_seconds, "How long to measure idle CPU", "S" },
  { NULL }
};

static char *
schema_for (guint n)
{
  return g_strdup_printf ("%s.Bench.Window.%u", APP_ID, n);
}

static guint
count_items (const char *schema_name)
{
  g_autoptr(SesameAccountStore) store = sesame_account_store_new (schema_name);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  if (!sesame_account_store_load_finish (store, sesame_test_await_result (&result), &error))
    g_error ("Cannot load: %s", error->message);
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

static const char *issuers[] = {
  "GitHub", "Google", "Microsoft", "Proton", "Fastmail", "Mastodon", "Dropbox", "Amazon",
  "Café Lumière", "Nextcloud", "GitLab", "Codeberg", "Bitwarden", "Discord", "Reddit", "Steam",
};

static SesameAccount *
make_account (guint i)
{
  SesameAccount *account = sesame_account_new ();
  g_autoptr(SesameSecret) secret = NULL;
  g_autofree char *name = g_strdup_printf ("user%05u@example.com", i);
  guint8 key[20];
  guint j;

  for (j = 0; j < sizeof key; j++)
    key[j] = (guint8) g_random_int ();
  secret = sesame_secret_new (key, sizeof key);
  sesame_account_set_issuer (account, issuers[i % G_N_ELEMENTS (issuers)]);
  sesame_account_set_name (account, name);
  sesame_account_set_period (account, i % 7 == 0 ? 60 : 30);
  sesame_account_set_favorite (account, i % 50 == 0);
  sesame_account_set_secret (account, secret);
  return account;
}

static guint pending;

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_error ("Cannot seed: %s", error->message);
  pending--;
}

/* Many stores in flight at once; the session collection lives in memory,
 * so seeding does not rewrite a keyring file 10,000 times. */
static void
seed (const char *schema_name,
      guint       n)
{
  /* Not g_autoptr: libsecret's cleanup for SecretSchema calls g_object_unref. */
  SecretSchema *schema = secret_schema_new (schema_name, SECRET_SCHEMA_NONE,
                                                      "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  guint i;

  for (i = 0; i < n; i++)
    {
      g_autoptr(SesameAccount) account = make_account (i);
      g_autoptr(SesameSecureStr) json = sesame_account_to_json (account);

      while (pending >= 64)
        g_main_context_iteration (NULL, TRUE);
      pending++;
      secret_password_store (schema, SECRET_COLLECTION_SESSION, SESAME_STORE_ITEM_LABEL, json,
                             NULL, on_stored, NULL,
                             "uuid", sesame_account_get_uuid (account), NULL);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  secret_schema_unref (schema);
}

static gboolean painted;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gulong id;

  painted = FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
}

static GtkListView *
find_list_view (GtkWidget *widget)
{
  GtkWidget *child;

  if (GTK_IS_LIST_VIEW (widget))
    return GTK_LIST_VIEW (widget);
  for (child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkListView *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
measure (SesameApplication *app,
         guint              n,
         gboolean           from_keyring)
{
  g_autofree char *schema_name = schema_for (n);
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GListStore) memory = NULL;
  SesameWindow *window;
  GtkListView *list_view;
  GtkAdjustment *adjustment;
  gint64 t0, t_loaded, t_frame;
  double max_frame = 0, total_frames = 0, cpu_before, cpu_after, cpu_start, cpu_frame;
  gboolean settled = FALSE;
  guint frames = 0;
  gboolean idle_done = FALSE;
  guint have = from_keyring ? count_items (schema_name) : n;
  gint64 seed_start = g_get_monotonic_time ();

  if (have < n)
    {
      seed (schema_name, n - have);
      g_print ("# seeded %u accounts into the session collection in %.1f s\n",
               n - have, (g_get_monotonic_time () - seed_start) / 1e6);
    }

  /* Startup: a store that is not loaded yet, as when Sesame starts. */
  store = sesame_account_store_new (schema_name);
  if (!from_keyring)
    {
      guint i;

      memory = g_list_store_new (SESAME_TYPE_ACCOUNT);
      for (i = 0; i < n; i++)
        {
          g_autoptr(SesameAccount) account = make_account (i);

          g_list_store_append (memory, account);
        }
    }
  t0 = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  window = sesame_window_new_with_model (app, store, G_LIST_MODEL (memory));
  gtk_window_present (GTK_WINDOW (window));
  while (g_strcmp0 (sesame_window_get_state (window), "list") != 0 &&
         g_strcmp0 (sesame_window_get_state (window), "error") != 0)
    g_main_context_iteration (NULL, TRUE);
  t_loaded = g_get_monotonic_time ();
  if (g_strcmp0 (sesame_window_get_state (window), "error") == 0)
    {
      g_print ("%6u accounts: the keyring load failed after %.1f s\n", n, (t_loaded - t0) / 1e6);
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  wait_for_paint (GTK_WIDGET (window));
  t_frame = g_get_monotonic_time ();
  cpu_frame = cpu_seconds () - cpu_start;

  /* Scrolling: half a page per frame, down through up to 400 frames. */
  list_view = find_list_view (GTK_WIDGET (window));
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
  while (frames < 400 &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) <
         gtk_adjustment_get_upper (adjustment))
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) +
                                gtk_adjustment_get_page_size (adjustment) / 2);
      wait_for_paint (GTK_WIDGET (list_view));
      ms = (g_get_monotonic_time () - start) / 1000.0;
      total_frames += ms;
      max_frame = MAX (max_frame, ms);
      frames++;
    }

  /* Idle: the clock ticks, the visible rows update, nothing else. */
  g_timeout_add_seconds (2, set_flag, &settled);
  while (!settled)
    g_main_context_iteration (NULL, TRUE);
  cpu_before = cpu_seconds ();
  g_timeout_add_seconds (idle_seconds, set_flag, &idle_done);
  while (!idle_done)
    g_main_context_iteration (NULL, TRUE);
  cpu_after = cpu_seconds ();

  g_print ("%6u accounts (%s): model ready %6.1f ms, first list frame %6.1f ms after start "
           "(%6.1f ms CPU); scroll %3u frames, mean %5.1f ms, max %6.1f ms; idle CPU %.2f %%\n",
           n, from_keyring ? "keyring" : "memory", (t_loaded - t0) / 1000.0, (t_frame - t0) / 1000.0,
           cpu_frame * 1000.0,
           frames, frames > 0 ? total_frames / frames : 0.0, max_frame,
           100.0 * (cpu_after - cpu_before) / idle_seconds);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameApplication) app = NULL;
  g_auto(GStrv) counts = NULL;
  guint i;

  sesame_test_require_session ();
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  gtk_init ();
  adw_init ();

  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  counts = g_strsplit (counts_arg != NULL ? counts_arg : "100,500,10000", ",", -1);
  for (i = 0; counts[i] != NULL && *counts[i] != '\0'; i++)
    measure (app, (guint) g_ascii_strtoull (counts[i], NULL, 10), FALSE);
  g_strfreev (counts);

  /* 10,000 items are beyond what gnome-keyring answers within libsecret's
   * D-Bus timeout (see docs/benchmarks.md), hence fewer by default. */
  counts = g_strsplit (keyring_counts_arg != NULL ? keyring_counts_arg : "100,500", ",", -1);
  for (i = 0; counts[i] != NULL && *counts[i] != '\0'; i++)
    measure (app, (guint) g_ascii_strtoull (counts[i], NULL, 10), TRUE);

  return 0;
}
