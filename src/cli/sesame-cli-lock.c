/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sesame-cli-commands.h"
#include "sesame-cli-util.h"

/* lock, unlock, protect, unprotect: the Sesame collection from a terminal.
 * Every password is asked by the keyring's own prompt, never here. */

static SesameAccountStore *
new_store (void)
{
  return sesame_account_store_new (sesame_keyring_schema_name ());
}

/* The status for a failure of the store: a prompt that was cancelled
 * leaves the accounts locked. */
static int
fail_with (const char   *command,
           const GError *error)
{
  sesame_cli_fail (command, error->message);
  if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED) ||
      (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DISMISSED) &&
       g_str_equal (command, "unlock")))
    return SESAME_CLI_EXIT_LOCKED;
  return SESAME_CLI_EXIT_FAILED;
}

static gboolean
parse_no_arguments (int          *argc,
                    char       ***argv,
                    const char   *command,
                    const char   *parameter,
                    const char   *summary)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);

  g_option_context_set_summary (context, summary);
  if (!sesame_cli_parse (context, command, argc, argv))
    return FALSE;
  if (*argc != 1)
    {
      sesame_cli_usage (command, _("this command takes no argument"));
      return FALSE;
    }

  return TRUE;
}

int
sesame_cli_lock (int    argc,
                 char **argv)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_no_arguments (&argc, &argv, "lock", _("— lock the accounts"),
                           _("Locks the keyring collection of Sesame’s accounts: until it is unlocked, "
                             "no program can read them, Sesame included. Only accounts protected "
                             "with “sesame-cli protect” can be locked.")))
    return SESAME_CLI_EXIT_USAGE;

  store = new_store ();
  sesame_account_store_lock_async (store, NULL, sesame_cli_result_cb, &result);
  if (!sesame_account_store_lock_finish (store, sesame_cli_wait (&result), &error))
    return fail_with ("lock", error);

  printf ("%s\n", _("Sesame’s accounts are locked."));
  return SESAME_CLI_EXIT_OK;
}

int
sesame_cli_unlock (int    argc,
                   char **argv)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  if (!parse_no_arguments (&argc, &argv, "unlock", _("— unlock the accounts"),
                           _("Unlocks the keyring collection of Sesame’s accounts. The keyring asks "
                             "for its password in a window of its own.")))
    return SESAME_CLI_EXIT_USAGE;

  store = new_store ();
  sesame_account_store_unlock_async (store, NULL, sesame_cli_result_cb, &result);
  if (!sesame_account_store_unlock_finish (store, sesame_cli_wait (&result), &error))
    return fail_with ("unlock", error);

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  /* Translators: %u is a number of accounts. */
  printf (g_dngettext (GETTEXT_PACKAGE, "Unlocked: %u account.\n", "Unlocked: %u accounts.\n", n), n);
  return SESAME_CLI_EXIT_OK;
}

static int
move (int          argc,
      char       **argv,
      gboolean     protect)
{
  const char *command = protect ? "protect" : "unprotect";
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint moved = 0;

  if (protect &&
      !parse_no_arguments (&argc, &argv, command, _("— move the accounts into a collection of their own"),
                           _("Moves every account out of the login keyring into a keyring collection "
                             "labelled “Sesame”, which the keyring creates and asks a password for. "
                             "Each account is copied, checked and only then deleted, so an interrupted "
                             "move loses nothing; run the command again to finish it.")))
    return SESAME_CLI_EXIT_USAGE;
  if (!protect &&
      !parse_no_arguments (&argc, &argv, command, _("— move the accounts back into the login keyring"),
                           _("Moves every account from the “Sesame” collection back into the login "
                             "keyring, then deletes the collection. An interrupted move loses nothing; "
                             "run the command again to finish it.")))
    return SESAME_CLI_EXIT_USAGE;

  store = new_store ();
  sesame_account_store_protect_async (store, protect, NULL, sesame_cli_result_cb, &result);
  if (!sesame_account_store_protect_finish (store, sesame_cli_wait (&result), &moved, &error))
    return fail_with (command, error);

  if (protect)
    /* Translators: %u is a number of accounts. */
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u account moved; every account is in the “Sesame” collection. Lock it with "
                         "“sesame-cli lock”.\n",
                         "%u accounts moved; every account is in the “Sesame” collection. Lock it with "
                         "“sesame-cli lock”.\n", moved), moved);
  else
    /* Translators: %u is a number of accounts. */
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u account moved; every account is in the login keyring.\n",
                         "%u accounts moved; every account is in the login keyring.\n", moved), moved);
  return SESAME_CLI_EXIT_OK;
}

int
sesame_cli_protect (int    argc,
                    char **argv)
{
  return move (argc, argv, TRUE);
}

int
sesame_cli_unprotect (int    argc,
                      char **argv)
{
  return move (argc, argv, FALSE);
}
