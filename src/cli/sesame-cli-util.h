/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

/* Ctrl+C during a batch of adds: 128 + SIGINT, as shells report it. */
#define SESAME_CLI_EXIT_INTERRUPTED 130

/* What the account commands share: the store, waiting for async calls,
 * finding an account by id, and one-line messages. */

int                 sesame_cli_fail              (const char           *command,
                                                  const char           *message);
int                 sesame_cli_usage             (const char           *command,
                                                  const char           *message);
gboolean            sesame_cli_parse             (GOptionContext       *context,
                                                  const char           *command,
                                                  int                  *argc,
                                                  char               ***argv);
void                sesame_cli_result_cb         (GObject              *source,
                                                  GAsyncResult         *result,
                                                  gpointer              user_data);
GAsyncResult       *sesame_cli_wait              (GAsyncResult        **slot);
SesameAccountStore *sesame_cli_open_store        (const char           *command);
SesameAccount      *sesame_cli_find_account      (SesameAccountStore   *store,
                                                  const char           *command,
                                                  const char           *id);
void                sesame_cli_print_json        (JsonNode             *root);
char               *sesame_cli_account_label     (SesameAccount        *account);
GPtrArray          *sesame_cli_sorted_accounts   (SesameAccountStore   *store);

int                 sesame_cli_read_secret_line  (int                   fd,
                                                  char                 *buffer,
                                                  gsize                 size,
                                                  GError              **error);
char               *sesame_cli_read_secret_file  (const char           *path,
                                                  GError              **error);
gboolean            sesame_cli_add_all           (SesameAccountStore   *store,
                                                  GPtrArray            *accounts,
                                                  SesameAddAllPolicy    policy,
                                                  SesameAddAllResult  **out_result,
                                                  GError              **error);

G_END_DECLS
