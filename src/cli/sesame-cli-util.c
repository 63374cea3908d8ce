/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sesame-cli-commands.h"
#include "sesame-cli-util.h"
#include "sesame-text.h"

/* "sesame-cli COMMAND: MESSAGE" on one line of stderr; returns the exit
 * status for a failure. */
int
sesame_cli_fail (const char *command,
                 const char *message)
{
  fprintf (stderr, "sesame-cli %s: %s\n", command, message);
  return SESAME_CLI_EXIT_FAILED;
}

int
sesame_cli_usage (const char *command,
                  const char *message)
{
  /* Translators: the first %s is a command (list, add…), the second says what is wrong. */
  fprintf (stderr, _("sesame-cli %s: %s (see “sesame-cli %s --help”)\n"), command, message, command);
  return SESAME_CLI_EXIT_USAGE;
}

gboolean
sesame_cli_parse (GOptionContext   *context,
                  const char       *command,
                  int              *argc,
                  char           ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      sesame_cli_usage (command, error->message);
      return FALSE;
    }

  return TRUE;
}

void
sesame_cli_result_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* A command does one thing and then exits: it simply runs the main
 * context until its one call is answered. */
GAsyncResult *
sesame_cli_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

/* The store of sesame_keyring_schema_name () ($SESAME_KEYRING_SCHEMA or this build's app ID),
 * loaded; NULL after printing why not. Items that could not be read are
 * reported as warnings, the others load. */
SesameAccountStore *
sesame_cli_open_store (const char *command)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  store = sesame_account_store_new (sesame_keyring_schema_name ());
  sesame_account_store_load_async (store, NULL, sesame_cli_result_cb, &result);
  if (!sesame_account_store_load_finish (store, sesame_cli_wait (&result), &error))
    {
      sesame_cli_fail (command, error->message);
      /* Its own status, so that scripts can tell "locked" from a failure. */
      if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED))
        {
          if (sesame_account_store_get_locked (store))
            fprintf (stderr, "%s\n", _("sesame-cli: unlock them with “sesame-cli unlock”, or in Sesame"));
          exit (SESAME_CLI_EXIT_LOCKED);
        }
      return NULL;
    }

  problems = sesame_account_store_get_load_problems (store);
  for (guint i = 0; i < problems->len; i++)
    {
      const GError *problem = g_ptr_array_index (problems, i);

      /* Translators: %s says which stored account could not be read. */
      fprintf (stderr, _("sesame-cli: warning: %s\n"), problem->message);
    }

  return g_steal_pointer (&store);
}

/* "Issuer: name", "Issuer" or "name": how the commands name an account. */
char *
sesame_cli_account_label (SesameAccount *account)
{
  const char *issuer = sesame_account_get_issuer (account);
  const char *name = sesame_account_get_name (account);

  if (*issuer != '\0' && *name != '\0')
    return g_strdup_printf ("%s: %s", issuer, name);
  return g_strdup (*issuer != '\0' ? issuer : name);
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b)
{
  SesameAccount *account_a = *(SesameAccount **) a;
  SesameAccount *account_b = *(SesameAccount **) b;
  g_autofree char *key_a = g_utf8_casefold (sesame_account_get_display_name (account_a), -1);
  g_autofree char *key_b = g_utf8_casefold (sesame_account_get_display_name (account_b), -1);
  int cmp = g_utf8_collate (key_a, key_b);

  if (cmp != 0)
    return cmp;
  cmp = g_utf8_collate (sesame_account_get_name (account_a), sesame_account_get_name (account_b));
  if (cmp != 0)
    return cmp;
  return strcmp (sesame_account_get_uuid (account_a), sesame_account_get_uuid (account_b));
}

/* The accounts in the order people look for them: issuer A–Z, then name
 * (the same order every run, whatever the keyring's). */
GPtrArray *
sesame_cli_sorted_accounts (SesameAccountStore *store)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
  GPtrArray *accounts = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (accounts, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_ptr_array_sort (accounts, compare_accounts);
  return accounts;
}

/* The one account that @query matches (sesame_account_matches_query():
 * every word in its issuer, name or tags, any case or accents); NULL after
 * printing why not. */
static SesameAccount *
find_by_query (SesameAccountStore *store,
               const char         *command,
               const char         *query)
{
  g_autoptr(GPtrArray) accounts = sesame_cli_sorted_accounts (store);
  g_autoptr(SesameTextQuery) matcher = sesame_text_query_new (query);
  g_autoptr(GString) names = g_string_new (NULL);
  SesameAccount *found = NULL;
  guint n_found = 0;

  for (guint i = 0; i < accounts->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *label = NULL;

      if (!sesame_account_matches_query (account, matcher))
        continue;
      found = account;
      n_found++;
      label = sesame_cli_account_label (account);
      g_string_append_printf (names, "%s“%s”", names->len > 0 ? ", " : "", label);
    }

  if (n_found == 1)
    return found;

  if (n_found == 0)
    {
      g_autofree char *message =
        /* Translators: %s is what was given: an account ID (a uuid or the start of one) or words of its name. */
        g_strdup_printf (_("no account has the ID “%s” or an issuer or name containing it; "
                           "“sesame-cli list” shows them"), query);

      sesame_cli_fail (command, message);
    }
  else
    {
      g_autofree char *message =
        /* Translators: %s is what was given, %u how many accounts match, the last %s lists them. */
        g_strdup_printf (_("“%s” matches %u accounts (%s); give more of the name, or the ID"),
                         query, n_found, names->str);

      sesame_cli_fail (command, message);
    }

  return NULL;
}

/* By full uuid or a prefix that only one account has (case does not
 * matter), else by words of the issuer or name that only one account has
 * (as "sesame-cli code" matches); NULL after printing why not. */
SesameAccount *
sesame_cli_find_account (SesameAccountStore *store,
                         const char         *command,
                         const char         *id)
{
  g_autofree char *prefix = g_ascii_strdown (id, -1);
  SesameAccount *found = NULL;
  guint n_found = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (*prefix == '\0')
    {
      sesame_cli_fail (command, _("the account ID is empty; “sesame-cli list” shows the IDs"));
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_has_prefix (sesame_account_get_uuid (account), prefix))
        {
          found = account;
          n_found++;
        }
    }

  if (n_found == 1)
    return found;

  if (n_found == 0)
    return find_by_query (store, command, id);
  else
    {
      g_autofree char *message =
        /* Translators: %s is the start of an account ID, %u how many accounts share it. */
        g_strdup_printf (_("“%s” is the start of %u account IDs; give more of it"), id, n_found);

      sesame_cli_fail (command, message);
    }

  return NULL;
}

void
sesame_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

/* {{{ Secrets read from files and standard input */

#define SECRET_FILE_MAX 4096

/**
 * sesame_cli_read_secret_line:
 * @buffer: (out caller-allocates): receives the line, NUL-terminated
 *
 * Reads one line (its end left out) from @fd byte by byte, so that nothing
 * past it is consumed and no copy of it stays in a stdio or GLib buffer.
 * A line longer than @size - 1 bytes is read to its end, wiped, and
 * reported as an error.
 *
 * Returns: 1 for a line, 0 at the end of the input, -1 with @error
 */
int
sesame_cli_read_secret_line (int      fd,
                             char    *buffer,
                             gsize    size,
                             GError **error)
{
  gsize length = 0;
  gboolean any = FALSE, too_long = FALSE;
  char c = 0;

  for (;;)
    {
      ssize_t got = read (fd, &c, 1);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          sesame_memwipe (buffer, size);
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved), g_strerror (saved));
          return -1;
        }
      if (got == 0)
        break;
      any = TRUE;
      if (c == '\n')
        break;
      if (length + 1 < size)
        buffer[length++] = c;
      else
        too_long = TRUE;
    }
  c = 0;

  if (length > 0 && buffer[length - 1] == '\r')
    length--;
  buffer[length] = '\0';

  if (too_long)
    {
      sesame_memwipe (buffer, size);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   _("a line is longer than %u bytes"), (guint) size - 1);
      return -1;
    }

  return any ? 1 : 0;
}

/**
 * sesame_cli_read_secret_file:
 * @path: a file, or "-" for standard input
 *
 * Returns: (transfer full): the first line of @path without its end (free
 *   it with sesame_str_wipe_free()), or %NULL with @error
 */
char *
sesame_cli_read_secret_file (const char  *path,
                             GError     **error)
{
  char *line = g_malloc0 (SECRET_FILE_MAX);
  int fd = g_strcmp0 (path, "-") == 0 ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC);
  int status;

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      g_free (line);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* Translators: %s is a file name, then what went wrong. */
                   _("cannot read %s: %s"), name, g_strerror (saved));
      return NULL;
    }

  status = sesame_cli_read_secret_line (fd, line, SECRET_FILE_MAX, error);
  if (fd != STDIN_FILENO)
    close (fd);
  if (status < 0)
    {
      sesame_str_wipe_free (line);
      return NULL;
    }

  return line;
}

/* }}} */

/* Adding many accounts: a progress line on a terminal --------------------- */

/* "Adding accounts: 120 of 2000", redrawn in place on stderr; nothing
 * when stderr is not a terminal (a log or a pipe gets no carriage returns). */
static void
show_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  gboolean *shown = user_data;

  /* A single account needs no progress. */
  if (total < 2 || !isatty (STDERR_FILENO))
    return;

  /* Translators: a progress line of sesame-cli; %u are numbers of accounts */
  fprintf (stderr, "\r\033[K");
  fprintf (stderr, _("Adding accounts: %u of %u"), done, total);
  fflush (stderr);
  *shown = TRUE;
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/**
 * sesame_cli_add_all:
 *
 * sesame_account_store_add_all_async() with a progress line on a terminal;
 * Ctrl+C (SIGINT) and SIGTERM cancel it between two accounts, so only whole
 * accounts are stored (@policy says whether they stay), and running the
 * same command again adds only what is missing.
 */
gboolean
sesame_cli_add_all (SesameAccountStore  *store,
                    GPtrArray           *accounts,
                    SesameAddAllPolicy   policy,
                    SesameAddAllResult **out_result,
                    GError             **error)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gboolean shown = FALSE;
  gboolean ok;
  guint sigint_id = g_unix_signal_add (SIGINT, on_interrupt, cancellable);
  guint sigterm_id = g_unix_signal_add (SIGTERM, on_interrupt, cancellable);

  sesame_account_store_add_all_async (store, accounts, policy, show_progress, &shown,
                                      cancellable, sesame_cli_result_cb, &result);
  ok = sesame_account_store_add_all_finish (store, sesame_cli_wait (&result), out_result, error);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (shown)
    fprintf (stderr, "\r\033[K");
  return ok;
}
