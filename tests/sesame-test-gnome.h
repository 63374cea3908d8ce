/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Helpers for the "gnome" suite, which build-aux/dev test runs on a private
 * headless GNOME Shell (Wayland) with a private system bus whose logind,
 * upower and timedated are python-dbusmock's. */

void       sesame_test_gnome_require        (void);

/* A keyboard on the seat: mutter's remote-desktop API. Without one the seat
 * has no keyboard, so no client gets the focus or the selection. Lives as long
 * as the process's connection to the session bus. */
typedef struct _SesameTestKeyboard SesameTestKeyboard;

SesameTestKeyboard *sesame_test_keyboard_new  (void);
void       sesame_test_keyboard_key         (SesameTestKeyboard *keyboard,
                                             guint               keysym);
void       sesame_test_keyboard_combo       (SesameTestKeyboard *keyboard,
                                             guint               modifier,
                                             guint               keysym);
void       sesame_test_keyboard_type        (SesameTestKeyboard *keyboard,
                                             const char         *text);
void       sesame_test_keyboard_free        (SesameTestKeyboard *keyboard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameTestKeyboard, sesame_test_keyboard_free)

/* The clipboard as another client sees it: `wl-paste -n`, run while our own
 * main loop keeps serving. NULL when nothing could be pasted. */
char      *sesame_test_wl_paste             (void);

/* Runs the main loop for @ms. */
void       sesame_test_wait_ms              (guint ms);
/* Runs the main loop until *@flag is TRUE or @ms passed; returns *@flag. */
gboolean   sesame_test_wait_for             (gboolean *flag,
                                             guint     ms);

/* python-dbusmock on the private system bus: sets a property (dbusmock
 * emits PropertiesChanged) and emits a signal from a mocked service. */
void       sesame_test_dbusmock_set         (const char *bus_name,
                                             const char *object_path,
                                             const char *interface,
                                             const char *property,
                                             GVariant   *value);
void       sesame_test_dbusmock_emit        (const char *bus_name,
                                             const char *object_path,
                                             const char *interface,
                                             const char *signal,
                                             const char *signature,
                                             GVariant   *args);

G_END_DECLS
