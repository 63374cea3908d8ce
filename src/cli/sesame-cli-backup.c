/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sesame-backup.h"
#include "sesame-cli-commands.h"
#include "sesame-cli-util.h"
#include "sesame-export.h"
#include "sesame-import.h"
#include "sesame-transfer.h"

/* export/backup and import/restore: files in and out of the keyring. */

/* {{{ Passphrases */

/* Reads one line from the terminal with echo off. */
static char *
prompt_once (int          tty,
             const char  *prompt,
             GError     **error)
{
  struct termios saved, quiet;
  /* A fixed buffer: a growing one would leave copies behind. */
  char *text = g_malloc0 (4096);
  gboolean echo_off;
  int status;

  /* Echo goes off before the prompt shows, so nothing typed is echoed. */
  echo_off = tcgetattr (tty, &saved) == 0;
  if (echo_off)
    {
      quiet = saved;
      quiet.c_lflag &= ~(ECHO | ECHONL);
      quiet.c_lflag |= ICANON;
      tcsetattr (tty, TCSAFLUSH, &quiet);
    }

  if (write (tty, prompt, strlen (prompt)) < 0)
    {
      if (echo_off)
        tcsetattr (tty, TCSAFLUSH, &saved);
      g_free (text);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, g_strerror (errno));
      return NULL;
    }

  status = sesame_cli_read_secret_line (tty, text, 4096, error);

  if (echo_off)
    tcsetattr (tty, TCSAFLUSH, &saved);
  (void) !write (tty, "\n", 1);

  if (status < 0)
    {
      sesame_str_wipe_free (text);
      return NULL;
    }
  return text;
}

/* Asks on the terminal (twice with @confirm); never reads standard input,
 * which scripts use for other things. */
static char *
prompt_passphrase (const char  *prompt,
                   gboolean     confirm,
                   GError     **error)
{
  g_autoptr(SesameSecureStr) first = NULL;
  g_autoptr(SesameSecureStr) second = NULL;
  int tty = open ("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);

  if (tty < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("there is no terminal to ask for the passphrase; give it with --passphrase-file FILE "
                             "(or “--passphrase-file -” for standard input)"));
      return NULL;
    }

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_clear_pointer (&first, sesame_str_wipe_free);
      g_clear_pointer (&second, sesame_str_wipe_free);

      first = prompt_once (tty, prompt, error);
      if (first == NULL)
        break;
      if (!confirm)
        break;
      if (*first == '\0')
        {
          (void) !write (tty, _("The passphrase is empty; type one.\n"), strlen (_("The passphrase is empty; type one.\n")));
          continue;
        }

      second = prompt_once (tty, _("Type it again: "), error);
      if (second == NULL || g_str_equal (first, second))
        break;
      (void) !write (tty, _("The two do not match; try again.\n"), strlen (_("The two do not match; try again.\n")));
    }

  close (tty);
  if (first != NULL && confirm && (second == NULL || !g_str_equal (first, second)))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("the passphrases did not match"));
      return NULL;
    }

  return g_steal_pointer (&first);
}

static char *
get_passphrase (const char  *passphrase_file,
                const char  *prompt,
                gboolean     confirm,
                GError     **error)
{
  if (passphrase_file != NULL)
    return sesame_cli_read_secret_file (passphrase_file, error);

  return prompt_passphrase (prompt, confirm, error);
}

/* }}} */
/* {{{ export, backup */

static int
run_export (const char         *command,
            const char         *path,
            SesameExportFormat  format,
            const char         *passphrase_file,
            gboolean            force)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(SesameSecureStr) passphrase = NULL;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* An older backup may be the only copy of something: replace it only
   * when asked to. */
  if (!force && g_file_query_exists (file, NULL))
    {
      g_autofree char *message =
        /* Translators: %s is a file name */
        g_strdup_printf (_("%s already exists; give --force to replace it"), path);

      return sesame_cli_fail (command, message);
    }

  store = sesame_cli_open_store (command);
  if (store == NULL)
    return SESAME_CLI_EXIT_FAILED;
  accounts = sesame_account_store_snapshot (store);

  if (sesame_export_format_needs_passphrase (format))
    {
      passphrase = get_passphrase (passphrase_file, _("Passphrase for the new file: "), TRUE, &error);
      if (passphrase == NULL)
        return sesame_cli_fail (command, error->message);
      if (*passphrase == '\0')
        return sesame_cli_fail (command, _("the passphrase is empty; the file would not be protected"));
    }
  else
    fprintf (stderr, _("sesame-cli %s: warning: %s holds your secret keys unencrypted; keep it safe and delete it after use\n"),
             command, path);

  sesame_export_write_file_async (file, accounts, format, passphrase, SESAME_AGE_DEFAULT_WORK_FACTOR, NULL,
                                  sesame_cli_result_cb, &result);
  if (!sesame_export_write_file_finish (sesame_cli_wait (&result), &error))
    return sesame_cli_fail (command, error->message);

  /* Translators: %u is a number of accounts, %s a file name. */
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u account to %s\n", "Wrote %u accounts to %s\n", accounts->len),
          accounts->len, path);
  return SESAME_CLI_EXIT_OK;
}

/* Google Authenticator "Transfer accounts" QR codes as PNG files in
 * @path; the accounts the format cannot carry on standard error. */
static int
run_transfer (const char *command,
              const char *path)
{
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(SesameTransfer) transfer = NULL;
  g_autoptr(GFile) directory = g_file_new_for_commandline_arg (path);
  g_autoptr(GError) error = NULL;
  guint n_codes;

  store = sesame_cli_open_store (command);
  if (store == NULL)
    return SESAME_CLI_EXIT_FAILED;
  accounts = sesame_account_store_snapshot (store);

  transfer = sesame_transfer_new (accounts, &error);
  if (transfer == NULL)
    return sesame_cli_fail (command, error->message);

  for (guint i = 0; i < transfer->skipped->len; i++)
    {
      SesameTransferSkipped *skipped = g_ptr_array_index (transfer->skipped, i);
      const char *issuer = sesame_account_get_issuer (skipped->account);
      const char *name = sesame_account_get_name (skipped->account);
      g_autofree char *who = *issuer != '\0' && *name != '\0' ? g_strdup_printf ("%s (%s)", issuer, name)
                                                              : g_strdup (*issuer != '\0' ? issuer : name);

      /* Translators: the first %s is an account ("GitHub (alice)"), the second why. */
      fprintf (stderr, _("sesame-cli %s: skipped %s: %s\n"), command, who, skipped->reason);
    }

  n_codes = sesame_transfer_get_n_codes (transfer);
  if (n_codes == 0)
    return sesame_cli_fail (command, _("no account can be carried by Google Authenticator's format"));

  fprintf (stderr, _("sesame-cli %s: warning: the images in %s hold your secret keys; delete them after use\n"),
           command, path);
  if (!sesame_transfer_write_pngs (transfer, directory, NULL, &error))
    return sesame_cli_fail (command, error->message);

  for (guint i = 0; i < n_codes; i++)
    {
      g_autofree char *name = sesame_transfer_file_name (i, n_codes);
      g_autoptr(GFile) file = g_file_get_child (directory, name);
      g_autofree char *shown = g_file_get_parse_name (file);

      printf ("%s\n", shown);
    }
  /* Translators: the first %u is a number of accounts, the second of QR codes (the plural follows it). */
  fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "Wrote %u accounts in %u QR code\n", "Wrote %u accounts in %u QR codes\n",
                                n_codes),
           transfer->carried->len, n_codes);
  return SESAME_CLI_EXIT_OK;
}

int
sesame_cli_export (int    argc,
                   char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *passphrase_file = NULL;
  gboolean force = FALSE;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("age (default, a Sesame backup), aegis, aegis-plain, uris or google-migration"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write (instead of FILE); a directory for google-migration"), N_("PATH") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE (“-”: standard input) instead of asking"), N_("FILE") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — write every account to a file"));
  SesameExportFormat format = SESAME_EXPORT_AGE;
  const char *path;

  g_option_context_set_summary (context,
    _("Writes every account to FILE: an encrypted Sesame backup (age; open it with “age -d”), an Aegis "
      "vault (encrypted, or plain), or a list of otpauth:// links. Encrypted formats ask for a passphrase "
      "twice on the terminal unless --passphrase-file is given.\n\n"
      "With --format google-migration, writes Google Authenticator “Transfer accounts” QR codes as "
      "transfer-1-of-N.png … in the directory --output (Google Authenticator, Aegis, 2FAS, Ente and Proton "
      "Authenticator scan them) and lists on standard error the accounts the format cannot carry, with "
      "the reason."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "export", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;

  if (argc + (output != NULL ? 1 : 0) != 2)
    return sesame_cli_usage ("export", _("give exactly one file to write"));
  path = output != NULL ? output : argv[1];

  if (g_strcmp0 (format_name, "google-migration") == 0)
    return run_transfer ("export", path);
  if (format_name != NULL && !sesame_export_format_from_string (format_name, &format))
    return sesame_cli_usage ("export", _("unknown format; use age, aegis, aegis-plain, uris or google-migration"));

  return run_export ("export", path, format, passphrase_file, force);
}

int
sesame_cli_backup (int    argc,
                   char **argv)
{
  g_autofree char *passphrase_file = NULL;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE (“-”: standard input) instead of asking"), N_("FILE") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — write an encrypted backup"));

  g_option_context_set_summary (context,
    _("Writes every account to FILE as an encrypted Sesame backup (age, passphrase). Anyone with the "
      "passphrase can read it with “age -d”; “sesame-cli restore” reads it back."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "backup", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;

  if (argc != 2)
    return sesame_cli_usage ("backup", _("give exactly one file to write"));

  return run_export ("backup", argv[1], SESAME_EXPORT_AGE, passphrase_file, force);
}

/* }}} */
/* {{{ import, restore */

static void
print_failures (const char *command,
                GPtrArray  *failures,
                const char *what)
{
  for (guint i = 0; i < failures->len; i++)
    {
      SesameImportFailure *failure = g_ptr_array_index (failures, i);

      /* Translators: "skipped" or "not imported", then an entry and the reason. */
      fprintf (stderr, "sesame-cli %s: %s: %s: %s\n", command, what, failure->entry, failure->reason);
    }
}

static int
run_import (const char *command,
            const char *path,
            const char *format,
            const char *passphrase_file,
            gboolean    dry_run)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(SesameImportResult) result = NULL;
  g_autoptr(SesameRestorePlan) plan = NULL;
  g_autoptr(SesameSecureStr) password = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = g_file_get_basename (file);
  gsize size = 0;

  if (!g_file_load_contents (file, NULL, &contents, &size, NULL, &error))
    return sesame_cli_fail (command, error->message);

  if (sesame_import_needs_password ((const guint8 *) contents, size, basename, format))
    {
      password = get_passphrase (passphrase_file, _("Passphrase of the file: "), FALSE, &error);
      if (password == NULL)
        {
          sesame_memwipe (contents, size);
          return sesame_cli_fail (command, error->message);
        }
    }

  result = sesame_import_data ((const guint8 *) contents, size, basename, format, password, &error);
  sesame_memwipe (contents, size);
  if (result == NULL)
    return sesame_cli_fail (command, error->message);

  print_failures (command, result->failures, _("not imported"));

  store = sesame_cli_open_store (command);
  if (store == NULL)
    return SESAME_CLI_EXIT_FAILED;

  plan = sesame_restore_plan_new (G_LIST_MODEL (store), result->accounts);
  print_failures (command, plan->skipped, _("skipped"));

  if (!dry_run)
    {
      /* Either every account or none: a failure, or Ctrl+C, takes back
       * what this run added. */
      if (!sesame_cli_add_all (store, plan->to_add, SESAME_ADD_ALL_ALL_OR_NOTHING, NULL, &error))
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              sesame_cli_fail (command, _("interrupted: nothing was added"));
              return SESAME_CLI_EXIT_INTERRUPTED;
            }
          return sesame_cli_fail (command, error->message);
        }
    }

  for (guint i = 0; i < plan->to_add->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (plan->to_add, i);

      g_autofree char *label = sesame_cli_account_label (account);

      /* A dry run names what would be added (its uuid would be new, and
       * mean nothing); a real one also gives the ID to use it by. */
      if (dry_run)
        printf ("%s %s\n", _("would add"), label);
      else
        printf ("%s %s\t%s\n", _("added"), sesame_account_get_uuid (account), label);
    }

  fprintf (stderr, dry_run ? _("sesame-cli %s: %u to add, %u skipped, %u not importable (dry run: nothing changed)\n")
                           : _("sesame-cli %s: %u added, %u skipped, %u not importable\n"),
           command, plan->to_add->len, plan->skipped->len, result->failures->len);
  return SESAME_CLI_EXIT_OK;
}

/* "age, aegis, 2fas, …": every importer's id, in the registry's order. */
static char *
importer_ids (void)
{
  const SesameImporter * const *importers = sesame_importers ();
  g_autoptr(GString) ids = g_string_new (NULL);

  for (guint i = 0; importers[i] != NULL; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", importers[i]->id);
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

int
sesame_cli_import (int    argc,
                   char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *passphrase_file = NULL;
  g_autofree char *password_file = NULL;
  g_autofree char *format_ids = importer_ids ();
  /* Translators: %s is the list of format names ("age, aegis, 2fas, …"). */
  g_autofree char *format_help = g_strdup_printf (_("auto (default) or one of: %s"), format_ids);
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, format_help, N_("FORMAT") },
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the file's password from the first line of FILE (“-”: standard input) instead of asking"), N_("FILE") },
    { "password-file", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &password_file, NULL, NULL },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would be added and skipped; change nothing"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — add the accounts of a backup or export"));

  g_option_context_set_summary (context,
    _("Adds the accounts of FILE: a Sesame backup; an Aegis vault; a 2FAS, andOTP, FreeOTP, FreeOTP+, Stratum, "
      "Proton Authenticator, TOTP Authenticator or Bitwarden export; a Steam .maFile; the app data of Authy, "
      "Duo, Battle.net, Google or Microsoft Authenticator (from a rooted phone); or a text file of otpauth:// "
      "or otpauth-migration:// links. Accounts already in Sesame are skipped. On any error nothing is "
      "imported and the exit status is 1."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "import", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;

  if (argc != 2)
    return sesame_cli_usage ("import", _("give exactly one file to read"));
  if (format != NULL && g_ascii_strcasecmp (format, "auto") != 0 && sesame_importer_find (format) == NULL)
    {
      /* Translators: %s is the list of format names ("age, aegis, 2fas, …"). */
      g_autofree char *message = g_strdup_printf (_("unknown format; use auto or one of: %s"), format_ids);
      return sesame_cli_usage ("import", message);
    }

  return run_import ("import", argv[1], format, passphrase_file ? passphrase_file : password_file, dry_run);
}

int
sesame_cli_restore (int    argc,
                    char **argv)
{
  g_autofree char *passphrase_file = NULL;
  gboolean dry_run = FALSE;
  const GOptionEntry entries[] = {
    { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &passphrase_file,
      N_("Read the passphrase from the first line of FILE (“-”: standard input) instead of asking"), N_("FILE") },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what would be added and skipped; change nothing"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE — add the accounts of a Sesame backup"));

  g_option_context_set_summary (context,
    _("Adds the accounts of an encrypted Sesame backup that are not in Sesame yet; restoring the same "
      "backup twice adds nothing."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "restore", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;

  if (argc != 2)
    return sesame_cli_usage ("restore", _("give exactly one backup file"));

  return run_import ("restore", argv[1], "age", passphrase_file, dry_run);
}

/* }}} */
