/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of every command, as documented in sesame-cli(1). */
enum {
  SESAME_CLI_EXIT_OK = 0,
  SESAME_CLI_EXIT_FAILED = 1,
  SESAME_CLI_EXIT_USAGE = 2,
  SESAME_CLI_EXIT_LOCKED = 3,   /* the accounts are locked and were not unlocked */
};

/* One function per command, each in its own sesame-cli-NAME.c; argv[0]
 * is the command's name. */
int sesame_cli_add    (int    argc,
                       char **argv);
int sesame_cli_backup (int    argc,
                       char **argv);
int sesame_cli_export (int    argc,
                       char **argv);
int sesame_cli_import (int    argc,
                       char **argv);
int sesame_cli_restore (int    argc,
                        char **argv);
int sesame_cli_code   (int    argc,
                       char **argv);
int sesame_cli_list   (int    argc,
                       char **argv);
int sesame_cli_lock   (int    argc,
                       char **argv);
int sesame_cli_unlock (int    argc,
                       char **argv);
int sesame_cli_protect (int    argc,
                        char **argv);
int sesame_cli_unprotect (int    argc,
                          char **argv);
int sesame_cli_next   (int    argc,
                       char **argv);
int sesame_cli_tag    (int    argc,
                       char **argv);
int sesame_cli_remove (int    argc,
                       char **argv);
int sesame_cli_scan   (int    argc,
                       char **argv);
int sesame_cli_show   (int    argc,
                       char **argv);

G_END_DECLS
