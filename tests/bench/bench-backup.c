/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-bench"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sesame-backup.h"
#include "sesame-export.h"
#include "sesame-import.h"
#include "sesame-base32.h"
#include "sesame-crypto.h"

/* Backup and restore of 1,000 accounts (not a test):
 *  - the time outside the KDF: back up and restore with work factor 1
 *    (scrypt with N = 2 costs nothing), split into its steps;
 *  - the KDF: scrypt at age's default N = 2^18 in Sesame (libgcrypt), and
 *    the whole decryption of the same work-factor-18 backup by Sesame and by
 *    the age CLI (run through `script`, which gives it the terminal it
 *    reads passphrases from).
 *
 *   meson compile -C _build && _build/tests/bench/bench-backup [--runs N]
 *
 * Figures are recorded in docs/benchmarks.md. */

#define N_ACCOUNTS 1000
#define PASSPHRASE "benchmark passphrase"

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_double);
  return g_array_index (times, double, times->len / 2);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static GPtrArray *
make_accounts (void)
{
  GPtrArray *accounts = g_ptr_array_new_with_free_func (g_object_unref);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      guint8 key[20];
      g_autoptr(SesameSecret) secret = NULL;
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);
      g_autofree char *name = g_strdup_printf ("user%u@example.com", i);
      SesameAccount *account = sesame_account_new ();

      for (guint j = 0; j < sizeof key; j++)
        key[j] = g_rand_int (rand) & 0xff;
      secret = sesame_secret_new (key, sizeof key);
      sesame_account_set_issuer (account, issuer);
      sesame_account_set_name (account, name);
      sesame_account_set_secret (account, secret);
      sesame_account_set_note (account, "a short note");
      g_ptr_array_add (accounts, account);
    }

  g_rand_free (rand);
  return accounts;
}

static void
bench_outside_kdf (GPtrArray  *accounts,
                   const char *dir,
                   guint       runs)
{
  g_autofree char *path = g_build_filename (dir, "wf1.age", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) serialise = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) write = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) read = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plan = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GListStore) empty = g_list_store_new (SESAME_TYPE_ACCOUNT);
  GStatBuf st;

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameImportResult) result = NULL;
      g_autoptr(SesameRestorePlan) restore = NULL;
      double t0 = now_ms (), t;
      char *json = sesame_backup_to_json (accounts, NULL);

      t = now_ms () - t0;
      g_array_append_val (serialise, t);
      sesame_str_wipe_free (json);

      t0 = now_ms ();
      if (!sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE, 1, NULL, &error))
        g_error ("%s", error->message);
      t = now_ms () - t0;
      g_array_append_val (write, t);

      t0 = now_ms ();
      result = sesame_import_file (file, "age", PASSPHRASE, NULL, &error);
      if (result == NULL || result->accounts->len != N_ACCOUNTS)
        g_error ("restore failed");
      t = now_ms () - t0;
      g_array_append_val (read, t);

      t0 = now_ms ();
      restore = sesame_restore_plan_new (G_LIST_MODEL (empty), result->accounts);
      t = now_ms () - t0;
      g_array_append_val (plan, t);
    }

  g_stat (path, &st);
  printf ("file: %ld bytes for %d accounts\n", (long) st.st_size, N_ACCOUNTS);
  printf ("outside the KDF (work factor 1), median of %u:\n", runs);
  printf ("  serialise JSON                     %7.1f ms\n", median (serialise));
  printf ("  back up (JSON + age + fsync)       %7.1f ms\n", median (write));
  printf ("  read (age decrypt + parse + check) %7.1f ms\n", median (read));
  printf ("  restore plan (duplicates)          %7.1f ms\n", median (plan));
  g_unlink (path);
}

static double
run_age_cli (const char *path,
             const char *out)
{
  g_autofree char *command = g_strdup_printf ("age -d -o '%s' '%s'", out, path);
  const char *argv[] = { "script", "-q", "-e", "-c", command, "/dev/null", NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  double t0 = now_ms (), t;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  if (process == NULL)
    g_error ("%s", error->message);
  g_subprocess_communicate_utf8 (process, PASSPHRASE "\n", NULL, NULL, NULL, &error);
  t = now_ms () - t0;
  if (!g_subprocess_get_successful (process))
    g_error ("age -d failed");
  return t;
}

static void
bench_kdf (GPtrArray  *accounts,
           const char *dir,
           guint       runs)
{
  g_autofree char *path = g_build_filename (dir, "wf18.age", NULL);
  g_autofree char *out = g_build_filename (dir, "out.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) scrypt = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sesame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) age = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autofree char *age_path = g_find_program_in_path ("age");
  g_autofree char *script_path = g_find_program_in_path ("script");

  if (!sesame_export_write_file (file, accounts, SESAME_EXPORT_AGE, PASSPHRASE, SESAME_AGE_DEFAULT_WORK_FACTOR, NULL, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < runs; i++)
    {
      guint8 salt[16] = { 0 }, key[32];
      g_autoptr(SesameImportResult) result = NULL;
      double t0 = now_ms (), t;

      sesame_crypto_scrypt (PASSPHRASE, strlen (PASSPHRASE), salt, sizeof salt, 1 << 18, 8, 1, key, sizeof key);
      t = now_ms () - t0;
      g_array_append_val (scrypt, t);

      t0 = now_ms ();
      result = sesame_import_file (file, "age", PASSPHRASE, NULL, &error);
      if (result == NULL)
        g_error ("%s", error->message);
      t = now_ms () - t0;
      g_array_append_val (sesame, t);

      if (age_path != NULL && script_path != NULL)
        {
          t = run_age_cli (path, out);
          g_array_append_val (age, t);
        }
    }

  printf ("KDF (scrypt N=2^18, r=8, p=1), median of %u:\n", runs);
  printf ("  scrypt alone, libgcrypt            %7.1f ms\n", median (scrypt));
  printf ("  Sesame: read the backup (wf 18)    %7.1f ms\n", median (sesame));
  if (age->len > 0)
    printf ("  age -d of the same file (CLI)      %7.1f ms (process start and pty included)\n", median (age));
  else
    printf ("  age -d: not run (age or script not installed)\n");

  g_unlink (out);
  g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) accounts = make_accounts ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sesame-bench-backup-XXXXXX", &error);
  guint runs = 5;

  if (argc == 3 && g_str_equal (argv[1], "--runs"))
    runs = MAX (1, atoi (argv[2]));
  if (dir == NULL)
    g_error ("%s", error->message);

  bench_outside_kdf (accounts, dir, runs);
  bench_kdf (accounts, dir, runs);

  g_rmdir (dir);
  return 0;
}
