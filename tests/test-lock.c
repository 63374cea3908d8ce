/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>
#include <signal.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-collection.h"
#include "sesame-test-keyring.h"
#include "sesame-test-prompt.h"
#include "sesame-test-utils.h"

/* The Sesame collection (issue 12) against the session's real
 * gnome-keyring and its real prompt, gcr-prompter on the Xvfb display,
 * typed into with xdotool. The tests run in order: each builds on the
 * state the one before left (the collection created, locked, unlocked…). */

#define N_ACCOUNTS 12

static char *schema_name;
static char *password;       /* the Sesame collection's, typed into the prompt */
static char *keys[N_ACCOUNTS];
static char *uuids[N_ACCOUNTS];

static SesameAccountStore *
new_store (void)
{
  return sesame_account_store_new (schema_name);
}

static gboolean
load (SesameAccountStore  *store,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  return sesame_account_store_load_finish (store, sesame_test_await_result (&result), error);
}

static SecretService *
service (void)
{
  g_autoptr(GError) error = NULL;
  SecretService *service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);

  g_assert_no_error (error);
  return service;
}

/* The Sesame collection's path, NULL when there is none. */
static char *
find_collection (gboolean *locked)
{
  g_autoptr(SecretService) secrets = service ();
  g_autoptr(GError) error = NULL;
  char *path = sesame_collection_find_sync (secrets, locked, NULL, &error);

  g_assert_no_error (error);
  return path;
}

/* Every account item of the schema, as "uuid path" lines, and how many
 * are in the Sesame collection. */
static guint
count_items (const char *collection,
             guint      *in_collection)
{
  g_autoptr(SecretService) secrets = service ();
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  g_autoptr(GError) error = NULL;
  /* Not g_autoptr: libsecret's cleanup for SecretSchema calls g_object_unref. */
  SecretSchema *schema = secret_schema_new (schema_name, SECRET_SCHEMA_NONE,
                                            "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  guint n = 0;

  *in_collection = 0;
  secret_service_search_for_dbus_paths_sync (secrets, schema, attributes, NULL, &unlocked, &locked, &error);
  secret_schema_unref (schema);
  g_assert_no_error (error);
  for (guint pass = 0; pass < 2; pass++)
    {
      char **paths = pass == 0 ? unlocked : locked;

      for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
        {
          n++;
          if (collection != NULL && g_str_has_prefix (paths[i], collection) &&
              paths[i][strlen (collection)] == '/')
            (*in_collection)++;
        }
    }

  return n;
}

/* The store holds exactly the seeded accounts, each once, each with its
 * own key. */
static void
assert_all_accounts (SesameAccountStore *store)
{
  GListModel *model = G_LIST_MODEL (store);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_ACCOUNTS);
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      SesameAccount *account = sesame_account_store_lookup (store, uuids[i]);
      g_autofree char *key = NULL;

      g_assert_nonnull (account);
      g_assert_nonnull (sesame_account_get_secret (account));
      key = sesame_secret_to_base32 (sesame_account_get_secret (account));
      g_assert_cmpstr (key, ==, keys[i]);
    }
}

static void
assert_store_locked (SesameAccountStore *store)
{
  g_assert_true (sesame_account_store_get_locked (store));
  g_assert_false (sesame_account_store_get_loaded (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
}

static int
run_cli (const char  *args,
         char       **out,
         char       **err)
{
  g_autofree char *cli = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
  g_autofree char *command = g_strdup_printf ("env LC_ALL=C.UTF-8 SESAME_KEYRING_SCHEMA=%s %s %s",
                                              schema_name, cli, args);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_command_line_sync (command, out, err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("sesame-cli %s → %d\n%s%s", args, WEXITSTATUS (status),
                  out != NULL && *out != NULL ? *out : "", err != NULL && *err != NULL ? *err : "");
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* Seeds the login keyring with the accounts. */
static void
test_seed (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GError) error = NULL;

  sesame_test_assert_ok (load (store, &error), error);
  g_assert_false (sesame_account_store_get_protected (store));
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autofree char *raw = g_strdup_printf ("lock-test-key-%02u-%s", i, schema_name);
      g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) raw, strlen (raw));
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);
      g_autoptr(GAsyncResult) result = NULL;

      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, "me@example.com");
      sesame_account_set_secret (account, secret);
      keys[i] = sesame_secret_to_base32 (secret);
      uuids[i] = g_strdup (sesame_account_get_uuid (account));
      sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
      sesame_test_assert_ok (sesame_account_store_add_finish (store, sesame_test_await_result (&result), &error),
                             error);
    }
  assert_all_accounts (store);
}

static gboolean
protect (SesameAccountStore  *store,
         gboolean             to_collection,
         const char          *answer,
         guint               *moved,
         GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_protect_async (store, to_collection, NULL, sesame_test_on_result, &result);
  if (answer == NULL)
    sesame_test_prompt_dismiss ();
  else if (*answer != '\0')
    {
      if (to_collection)
        sesame_test_prompt_answer_new (answer);
      else
        sesame_test_prompt_answer (answer);
    }
  return sesame_account_store_protect_finish (store, sesame_test_await_result (&result), moved, error);
}

/* The keyring's prompt for the new collection's password, cancelled with
 * Escape: no collection, every account where it was. */
static void
test_protect_cancelled (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *collection = NULL;
  guint in_collection;

  sesame_test_assert_ok (load (store, &error), error);
  g_assert_false (protect (store, TRUE, NULL, NULL, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DISMISSED);
  g_test_message ("cancelled: %s", error->message);
  sesame_test_prompt_wait_gone ();

  collection = find_collection (NULL);
  g_assert_null (collection);
  g_assert_cmpuint (count_items (NULL, &in_collection), ==, N_ACCOUNTS);
  g_assert_false (sesame_account_store_get_protected (store));
  assert_all_accounts (store);
}

/* What the keyring holds and whether a prompter runs, for the log: if a
 * move fails, the state it started from is there. */
static void
log_keyring_state (void)
{
  g_autoptr(SecretService) secrets = service ();
  GDBusConnection *bus = g_dbus_proxy_get_connection (G_DBUS_PROXY (secrets));
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean prompter = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", "org.freedesktop.Secret.Service", "Collections"),
                                       G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    {
      g_autofree const char **paths = NULL;

      g_variant_get (reply, "(v)", &value);
      paths = g_variant_get_objv (value, NULL);
      for (guint i = 0; paths[i] != NULL; i++)
        {
          g_autoptr(GVariant) props = NULL;
          g_autoptr(GVariant) all = NULL;
          g_autoptr(GVariant) items = NULL;
          const char *label = "?";
          gboolean locked = FALSE;

          props = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", paths[i],
                                               "org.freedesktop.DBus.Properties", "GetAll",
                                               g_variant_new ("(s)", "org.freedesktop.Secret.Collection"),
                                               G_VARIANT_TYPE ("(a{sv})"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
          if (props == NULL)
            continue;
          all = g_variant_get_child_value (props, 0);
          g_variant_lookup (all, "Label", "&s", &label);
          g_variant_lookup (all, "Locked", "b", &locked);
          items = g_variant_lookup_value (all, "Items", G_VARIANT_TYPE_OBJECT_PATH_ARRAY);
          g_string_append_printf (text, " %s \"%s\" %s, %" G_GSIZE_FORMAT " items;", paths[i], label,
                                  locked ? "locked" : "unlocked", items != NULL ? g_variant_n_children (items) : 0);
        }
    }

  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.gnome.keyring.SystemPrompter"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &prompter);
  g_test_message ("keyring:%s prompter %s", text->str, prompter ? "running" : "not running");
}

/* The collection is created through the prompt (password typed twice),
 * every account moves in, and a fresh store finds them there. */
static void
test_protect (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) fresh = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *collection = NULL;
  gboolean locked = TRUE;
  guint moved = 0;
  guint in_collection;

  log_keyring_state ();
  sesame_test_assert_ok (load (store, &error), error);
  sesame_test_assert_ok (protect (store, TRUE, password, &moved, &error), error);
  g_assert_cmpuint (moved, ==, N_ACCOUNTS);
  g_assert_true (sesame_account_store_get_protected (store));
  assert_all_accounts (store);

  collection = find_collection (&locked);
  g_assert_nonnull (collection);
  g_assert_false (locked);
  g_assert_cmpuint (count_items (collection, &in_collection), ==, N_ACCOUNTS);
  g_assert_cmpuint (in_collection, ==, N_ACCOUNTS);

  sesame_test_assert_ok (load (fresh, &error), error);
  g_assert_true (sesame_account_store_get_protected (fresh));
  assert_all_accounts (fresh);
}

/* Protected, a new account goes into the collection too. */
static void
test_add_protected (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = sesame_account_new ();
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) "added-while-protected", 21);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *collection = find_collection (NULL);
  guint in_collection;

  sesame_test_assert_ok (load (store, &error), error);
  sesame_account_set_issuer (account, "Later");
  sesame_account_set_secret (account, secret);
  sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_add_finish (store, sesame_test_await_result (&result), &error), error);
  g_assert_cmpuint (count_items (collection, &in_collection), ==, N_ACCOUNTS + 1);
  g_assert_cmpuint (in_collection, ==, N_ACCOUNTS + 1);

  g_clear_object (&result);
  sesame_account_store_remove_async (store, account, NULL, sesame_test_on_result, &result);
  sesame_test_assert_ok (sesame_account_store_remove_finish (store, sesame_test_await_result (&result), &error), error);
  assert_all_accounts (store);
}

static gboolean
lock (SesameAccountStore  *store,
      GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_lock_async (store, NULL, sesame_test_on_result, &result);
  return sesame_account_store_lock_finish (store, sesame_test_await_result (&result), error);
}

static void
on_notify_locked (SesameAccountStore *store,
                  GParamSpec         *pspec,
                  guint              *count)
{
  (*count)++;
}

/* Lock now: the secrets leave the accounts themselves, the model empties,
 * the collection is locked in the keyring; loading again does not prompt
 * and says locked; the CLI says so with status 3. */
static void
test_lock_manual (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) fresh = new_store ();
  g_autoptr(SesameAccount) held = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gboolean locked = FALSE;
  guint notified = 0;

  sesame_test_assert_ok (load (store, &error), error);
  assert_all_accounts (store);
  held = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_signal_connect (store, "notify::locked", G_CALLBACK (on_notify_locked), &notified);

  sesame_test_assert_ok (lock (store, &error), error);
  assert_store_locked (store);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_null (sesame_account_get_secret (held));

  collection = find_collection (&locked);
  g_assert_true (locked);

  g_assert_false (load (fresh, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED);
  g_test_message ("load while locked: %s", error->message);
  assert_store_locked (fresh);
  g_assert_false (sesame_test_prompt_showing ());

  g_assert_cmpint (run_cli ("list", &out, &err), ==, 3);
  g_assert_nonnull (strstr (err, "locked"));
  g_assert_nonnull (strstr (err, "sesame-cli unlock"));
  g_assert_cmpstr (out, ==, "");
}

static gboolean
unlock (SesameAccountStore  *store,
        const char          *answer,
        GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_unlock_async (store, NULL, sesame_test_on_result, &result);
  if (answer == NULL)
    sesame_test_prompt_dismiss ();
  else
    sesame_test_prompt_answer (answer);
  return sesame_account_store_unlock_finish (store, sesame_test_await_result (&result), error);
}

/* Escape in the unlock prompt: still locked, and said so. */
static void
test_unlock_cancelled (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  gboolean locked = FALSE;
  g_autofree char *collection = NULL;

  g_assert_false (load (store, &error));
  g_clear_error (&error);
  g_assert_false (unlock (store, NULL, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DISMISSED);
  assert_store_locked (store);
  collection = find_collection (&locked);
  g_assert_true (locked);
  sesame_test_prompt_wait_gone ();
}

/* A wrong password: the keyring asks again, nothing is unlocked; then the
 * right one unlocks and the list comes back. */
static void
test_unlock_wrong_password (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean locked = FALSE;
  g_autofree char *collection = NULL;

  g_assert_false (load (store, &error));
  g_clear_error (&error);

  sesame_account_store_unlock_async (store, NULL, sesame_test_on_result, &result);
  sesame_test_prompt_type ("not the password");
  /* The prompter shows the error and asks again; nothing unlocked. */
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (100 * 1000);
    }
  g_assert_null (result);
  g_assert_true (sesame_test_prompt_showing ());
  collection = find_collection (&locked);
  g_assert_true (locked);
  assert_store_locked (store);

  sesame_test_prompt_answer (password);
  sesame_test_assert_ok (sesame_account_store_unlock_finish (store, sesame_test_await_result (&result), &error), error);
  g_assert_false (sesame_account_store_get_locked (store));
  g_assert_true (sesame_account_store_get_loaded (store));
  assert_all_accounts (store);
  g_clear_pointer (&collection, g_free);
  collection = find_collection (&locked);
  g_assert_false (locked);
}

/* Locked by someone else (sesame-cli lock): a running store forgets its
 * accounts too. sesame-cli unlock brings them back through the prompt. */
static void
test_lock_external (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *cli = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *unlock_out = NULL;

  sesame_test_assert_ok (load (store, &error), error);
  assert_all_accounts (store);

  g_assert_cmpint (run_cli ("lock", &out, &err), ==, 0);
  for (guint i = 0; i < 100 && !sesame_account_store_get_locked (store); i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (50 * 1000);
    }
  assert_store_locked (store);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema_name, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "unlock", NULL);
  g_assert_no_error (error);
  sesame_test_prompt_answer (password);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &unlock_out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (unlock_out, "Unlocked"));

  sesame_test_assert_ok (load (store, &error), error);
  assert_all_accounts (store);
}

/* The collection made without a prompt (gnome-keyring's own interface for
 * it), for the kill test only: the prompt itself is tested above. */
static void
create_collection_quietly (void)
{
  g_autofree char *path = sesame_test_keyring_create_collection (SESAME_COLLECTION_LABEL, password);

  g_assert_nonnull (path);
}

/* Every account readable, and listed exactly once, by a fresh store and
 * by the CLI, whatever the state the killed move left. */
static void
assert_readable_once (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  guint lines = 0;

  sesame_test_assert_ok (load (store, &error), error);
  assert_all_accounts (store);

  g_assert_cmpint (run_cli ("list", &out, NULL), ==, 0);
  for (const char *p = out; (p = strchr (p, '\n')) != NULL; p++)
    lines++;
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autofree char *head = g_strndup (uuids[i], 8);
      const char *at = strstr (out, head);

      g_assert_nonnull (at);
      g_assert_null (strstr (at + 1, head));
    }
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *exited = TRUE;
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *passed = user_data;

  *passed = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs `sesame-cli VERB` and sends it SIGKILL DELAY µs after the start,
 * unless it ended by itself before (then *RAN is how long it took).
 * TRUE if the kill is what ended it. */
static gboolean
run_cli_killed_after (const char *verb,
                      gint64      delay,
                      gint64     *ran)
{
  g_autofree char *cli = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;
  gboolean passed = FALSE;
  gint64 start;
  guint deadline;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema_name, TRUE);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, cli, verb, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (process, NULL, on_exited, &exited);
  deadline = g_timeout_add (MAX (delay / 1000, 1), on_deadline, &passed);
  while (!exited && !passed)
    g_main_context_iteration (NULL, TRUE);
  *ran = g_get_monotonic_time () - start;
  if (!passed)
    g_source_remove (deadline);
  else
    g_subprocess_send_signal (process, SIGKILL);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);

  if (g_subprocess_get_if_exited (process))
    g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  return g_subprocess_get_if_signaled (process);
}

/* kill -9 of sesame-cli protect / unprotect at random moments, many
 * times: every account stays readable exactly once, and the move, run
 * again, finishes.
 *
 * How long a move takes depends on the machine and its load, so the
 * window the kills are drawn from adapts: a run that ended before its
 * kill narrows it to how long that run took, a kill that found nothing
 * moved yet raises its start. The test goes on until MIN_PARTIAL kills
 * have left a half-done move behind (the case that matters), and fails
 * if that does not happen within MAX_RUNS runs. */
#define MIN_RUNS 24
#define MIN_PARTIAL 12
#define MAX_RUNS 160

static void
test_kill_move (void)
{
  gint64 window_start = 0;
  gint64 window_end;
  guint partial = 0;
  guint killed = 0;
  guint runs;

  /* A whole move, timed: the first window. */
  {
    gint64 start = g_get_monotonic_time ();
    g_assert_cmpint (run_cli ("unprotect", NULL, NULL), ==, 0);
    window_end = g_get_monotonic_time () - start;
    g_test_message ("a whole move takes %" G_GINT64_FORMAT " ms", window_end / 1000);
    assert_readable_once ();
  }

  /* Runs go in pairs, protect then unprotect, so the accounts end where
   * they started: in the login keyring, with no collection. */
  for (runs = 0; runs % 2 == 1 || (runs < MAX_RUNS && (runs < MIN_RUNS || partial < MIN_PARTIAL)); runs++)
    {
      gboolean to_collection = runs % 2 == 0;
      g_autofree char *found = find_collection (NULL);
      gint64 delay = window_start + g_test_rand_int_range (0, (gint32) MAX (window_end - window_start, 2000));
      guint moved_before = 0;
      guint before, after, in_collection, moved;
      gboolean was_killed;
      gint64 ran = 0;

      if (to_collection && found == NULL)
        create_collection_quietly ();
      g_clear_pointer (&found, g_free);
      found = find_collection (NULL);
      count_items (found, &moved_before);

      was_killed = run_cli_killed_after (to_collection ? "protect" : "unprotect", delay, &ran);

      g_clear_pointer (&found, g_free);
      found = find_collection (NULL);
      before = count_items (found, &in_collection);
      moved = to_collection ? in_collection - MIN (in_collection, moved_before)
                            : moved_before - MIN (in_collection, moved_before);
      g_test_message ("%s %s after %" G_GINT64_FORMAT " ms: %u items, %u in the collection (%u moved)",
                      to_collection ? "protect" : "unprotect", was_killed ? "killed" : "ended",
                      ran / 1000, before, in_collection, moved);
      g_assert_cmpuint (before, >=, N_ACCOUNTS);
      g_assert_cmpuint (before, <=, N_ACCOUNTS + 1);
      assert_readable_once ();

      if (!was_killed)
        window_end = MAX (window_start + 2000, MIN (window_end, ran));
      else
        {
          killed++;
          if (before > N_ACCOUNTS || (moved > 0 && moved < N_ACCOUNTS))
            partial++;
          else if (moved == 0)
            {
              /* Killed before the first account moved: start later, and
               * widen the window if the machine got slower. */
              window_start = MAX (window_start, ran * 9 / 10);
              window_end = MAX (window_end, window_start * 3 / 2);
            }
          else
            window_end = MAX (window_start + 2000, MIN (window_end, ran));
        }

      /* Run again, it finishes. */
      g_assert_cmpint (run_cli (to_collection ? "protect" : "unprotect", NULL, NULL), ==, 0);
      g_clear_pointer (&found, g_free);
      found = find_collection (NULL);
      after = count_items (found, &in_collection);
      g_assert_cmpuint (after, ==, N_ACCOUNTS);
      g_assert_cmpuint (in_collection, ==, to_collection ? N_ACCOUNTS : 0);
      if (!to_collection)
        g_assert_null (found);
      assert_readable_once ();
    }

  g_test_message ("%u runs: %u killed, %u of them in the middle of the move", runs, killed, partial);
  g_assert_cmpuint (partial, >=, MIN_PARTIAL);
}

/* The move back with the collection locked: the unlock prompt first, then
 * every account is in the login keyring and the collection is gone. */
static void
test_unprotect_locked (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *collection = NULL;
  guint moved = 0;
  guint in_collection;

  sesame_test_assert_ok (load (store, &error), error);
  g_assert_true (sesame_account_store_get_protected (store));
  sesame_test_assert_ok (lock (store, &error), error);
  assert_store_locked (store);

  sesame_test_assert_ok (protect (store, FALSE, password, &moved, &error), error);
  g_assert_cmpuint (moved, ==, N_ACCOUNTS);
  g_assert_false (sesame_account_store_get_protected (store));
  g_assert_false (sesame_account_store_get_locked (store));
  assert_all_accounts (store);

  collection = find_collection (NULL);
  g_assert_null (collection);
  g_assert_cmpuint (count_items (NULL, &in_collection), ==, N_ACCOUNTS);

  /* Nothing to lock in the login keyring. */
  g_assert_false (lock (store, &error));
  g_assert_error (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_NOT_PROTECTED);
  g_assert_false (sesame_account_store_get_locked (store));
  assert_all_accounts (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();
  int status;

  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();

  schema_name = g_strdup_printf ("io.github.sesame.Test.Lock%.8s", uuid);
  password = g_strdup_printf ("pw-%.12s", uuid + 9);

  sesame_test_prompter_enable ();
  g_test_add_func ("/lock/seed", test_seed);
  g_test_add_func ("/lock/protect-cancelled", test_protect_cancelled);
  g_test_add_func ("/lock/protect", test_protect);
  g_test_add_func ("/lock/add-protected", test_add_protected);
  g_test_add_func ("/lock/lock-manual", test_lock_manual);
  g_test_add_func ("/lock/unlock-cancelled", test_unlock_cancelled);
  g_test_add_func ("/lock/unlock-wrong-password", test_unlock_wrong_password);
  g_test_add_func ("/lock/lock-external", test_lock_external);
  g_test_add_func ("/lock/kill-move", test_kill_move);
  g_test_add_func ("/lock/protect-again", test_protect);
  g_test_add_func ("/lock/unprotect-locked", test_unprotect_locked);

  status = g_test_run ();
  sesame_test_prompter_disable ();
  return status;
}
