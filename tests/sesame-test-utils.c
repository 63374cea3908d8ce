/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test"
#define _GNU_SOURCE  /* posix_openpt */

#include "config.h"

#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sesame-test-utils.h"

/* build-aux/dev test sets this inside the private D-Bus session it makes,
 * with its own gnome-keyring-daemon and Xvfb. */
gboolean
sesame_test_in_session (void)
{
  return g_strcmp0 (g_getenv ("SESAME_TEST_SESSION"), "1") == 0;
}

/* Tests that talk to a keyring or a display must never reach the
 * developer's own: outside the test session they fail loudly (a skip
 * would count as a pass). */
void
sesame_test_require_session (void)
{
  if (!sesame_test_in_session ())
    g_error ("This test needs the private test session; run it with build-aux/dev test");
}

char *
sesame_test_hex (const guint8 *data,
                 gsize         size)
{
  GString *s = g_string_sized_new (size * 2);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (s, "%02x", data[i]);

  return g_string_free (s, FALSE);
}

/* ../shared/<name> beside the checkout, found from the source tree that
 * meson passes in; NULL when it is not there. */
const char *
sesame_test_shared_dir (const char *name)
{
  static GHashTable *cache;
  g_autofree char *path = NULL;
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  const char *override = g_getenv ("SESAME_SHARED_DIR");

  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);

  if (g_hash_table_contains (cache, name))
    return g_hash_table_lookup (cache, name);

  if (override != NULL)
    path = g_build_filename (override, name, NULL);
  else if (srcdir != NULL)
    path = g_build_filename (srcdir, "..", "..", "shared", name, NULL);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_DIR))
    g_clear_pointer (&path, g_free);

  g_hash_table_insert (cache, g_strdup (name), path ? g_canonicalize_filename (path, NULL) : NULL);
  return g_hash_table_lookup (cache, name);
}

/* A keyring schema name of the test's own, <APP_ID>.Test.<unit>.<random>:
 * a run never sees another run's items, nor real ones. */
char *
sesame_test_schema_name (const char *unit)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("%s.Test.%s.%.8s", APP_ID, unit, uuid);
}

#define GUARD_SECONDS 60

/* A GSourceFunc for a test's own guards: @data says what was awaited. */
gboolean
sesame_test_give_up (gpointer data)
{
  g_error ("Timed out waiting for %s", (const char *) data);
  return G_SOURCE_REMOVE;
}

/* A GAsyncReadyCallback that keeps the result in the GAsyncResult * that
 * @user_data points to, for sesame_test_await_result(). */
void
sesame_test_on_result (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
sesame_test_await_result (GAsyncResult **slot)
{
  guint guard = g_timeout_add_seconds (GUARD_SECONDS, sesame_test_give_up, (gpointer) "an async result");

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  return *slot;
}

/* Iterates until @done (@data) says so: wait for a state, never for a time. */
void
sesame_test_wait_until (gboolean  (*done) (gpointer),
                        gpointer    data,
                        const char *what)
{
  guint guard = g_timeout_add_seconds (GUARD_SECONDS, sesame_test_give_up, (gpointer) what);

  while (!done (data))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Lets the main loop run for @ms: for what has no state to wait for
 * (frames painted, or nothing happening). */
void
sesame_test_iterate_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
sesame_test_run_clear (SesameTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* A pseudo-terminal for the child's stderr: returns the master, gives the
 * slave to @launcher. */
static int
open_tty (GSubprocessLauncher *launcher)
{
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int slave;

  g_assert_cmpint (master, >=, 0);
  g_assert_cmpint (grantpt (master), ==, 0);
  g_assert_cmpint (unlockpt (master), ==, 0);
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_subprocess_launcher_take_stderr_fd (launcher, slave);
  return master;
}

static char *
read_tty (int master)
{
  GString *err = g_string_new (NULL);
  char buffer[4096];
  ssize_t got;

  /* The child is gone: what it wrote is waiting in the master. */
  g_unix_set_fd_nonblocking (master, TRUE, NULL);
  while ((got = read (master, buffer, sizeof buffer)) > 0)
    g_string_append_len (err, buffer, got);
  close (master);
  return g_string_free (err, FALSE);
}

/**
 * sesame_test_run_cli:
 * @args: the arguments after the program's name, %NULL-terminated
 *
 * Runs <build>/src/cli/sesame-cli in the C.UTF-8 locale as @how says, and
 * fills @run with its exit status, stdout and stderr.
 */
void
sesame_test_run_cli (SesameTestRun       *run,
                     const SesameTestCli *how,
                     const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
  GSubprocessFlags flags = G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  int master = -1;

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!how->tty)
    flags |= G_SUBPROCESS_FLAGS_STDERR_PIPE;
  launcher = g_subprocess_launcher_new (flags);
  if (how->schema != NULL)
    g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", how->schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (how->bus_address != NULL)
    g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", how->bus_address, TRUE);
  if (how->tty)
    master = open_tty (launcher);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, how->input != NULL ? how->input : "", NULL,
                                 &run->out, how->tty ? NULL : &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  if (how->tty)
    run->err = read_tty (master);
  g_test_message ("sesame-cli %s → %d\n%s%s", args[0], run->status, run->out, run->err);
}
