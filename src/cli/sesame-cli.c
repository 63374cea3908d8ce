/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "sesame-cli-commands.h"
#include "sesame-i18n.h"
#include "sesame-otp.h"

/* Exit statuses, as documented in sesame-cli(1). */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char *name;
  const char *summary;
  CommandFunc func;
} Command;

static const Command commands[] = {
  { "add", N_("Add accounts from otpauth:// URIs or options"), sesame_cli_add },
  { "list", N_("List the accounts"), sesame_cli_list },
  { "code", N_("Print one-time codes"), sesame_cli_code },
  { "next", N_("Advance an HOTP counter and print the new code"), sesame_cli_next },
  { "remove", N_("Remove an account"), sesame_cli_remove },
  { "tag", N_("Show or change an account's tags"), sesame_cli_tag },
  { "show", N_("Show an account, its otpauth:// URI or its QR code"), sesame_cli_show },
  { "scan", N_("Print the accounts in QR code images"), sesame_cli_scan },
  { "backup", N_("Write an encrypted backup of every account"), sesame_cli_backup },
  { "restore", N_("Add the accounts of a Sesame backup"), sesame_cli_restore },
  { "export", N_("Write every account to a file (age, Aegis, otpauth links)"), sesame_cli_export },
  { "import", N_("Add the accounts of a backup or another app's export"), sesame_cli_import },
  { "lock", N_("Lock the accounts protected by their own password"), sesame_cli_lock },
  { "unlock", N_("Unlock the accounts (the keyring asks for the password)"), sesame_cli_unlock },
  { "protect", N_("Move the accounts into a keyring collection of their own"), sesame_cli_protect },
  { "unprotect", N_("Move the accounts back into the login keyring"), sesame_cli_unprotect },
  { NULL, NULL, NULL },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: sesame-cli COMMAND [OPTION…]"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; commands[i].name != NULL; i++)
    fprintf (stream, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Run “sesame-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  prctl (PR_SET_DUMPABLE, 0);

  sesame_i18n_init ();

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("sesame-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; commands[i].name != NULL; i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].func (argc - 1, argv + 1);
    }

  fprintf (stderr, _("sesame-cli: unknown command “%s”; see “sesame-cli --help”\n"), argv[1]);
  return EXIT_USAGE;
}
