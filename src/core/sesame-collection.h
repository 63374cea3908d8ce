/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>

G_BEGIN_DECLS

/* The keyring collection of Sesame's own, and the crash-safe move of the
 * accounts into it and back (docs/keyring-format.md). Blocking calls, for
 * the store's worker threads: each one may show the keyring's prompt. */

/* The label of the collection; it is how Sesame finds it again. */
#define SESAME_COLLECTION_LABEL "Sesame"

char     *sesame_collection_find_sync     (SecretService  *service,
                                           gboolean       *locked,
                                           GCancellable   *cancellable,
                                           GError        **error);
char     *sesame_collection_create_sync   (SecretService  *service,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean  sesame_collection_lock_sync     (SecretService  *service,
                                           const char     *path,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean  sesame_collection_unlock_sync   (SecretService  *service,
                                           const char     *path,
                                           GCancellable   *cancellable,
                                           GError        **error);
gboolean  sesame_collection_move_sync     (SecretService  *service,
                                           const SecretSchema *schema,
                                           gboolean        protect,
                                           guint          *n_moved,
                                           GCancellable   *cancellable,
                                           GError        **error);

G_END_DECLS
