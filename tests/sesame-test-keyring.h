/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Drive the test session's gnome-keyring-daemon (build-aux/dev test). */
GPid         sesame_test_keyring_daemon_pid   (void);
void         sesame_test_keyring_lock         (void);
void         sesame_test_keyring_unlock       (void);
void         sesame_test_keyring_restart      (void);
void         sesame_test_keyring_unlock_collection (const char *path,
                                                    const char *password);
char        *sesame_test_keyring_create_collection (const char *label,
                                                    const char *password);
gboolean     sesame_test_keyring_collection_locked (const char *path);
void         sesame_test_keyring_clear        (const char *schema_name);

G_END_DECLS
