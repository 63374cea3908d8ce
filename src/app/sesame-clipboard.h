/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Tells clipboard managers (KDE's Klipper, GNOME extensions, …) not to keep
 * the content in their history. */
#define SESAME_CLIPBOARD_PASSWORD_HINT_MIME "x-kde-passwordManagerHint"

#define SESAME_TYPE_CLIPBOARD (sesame_clipboard_get_type ())

G_DECLARE_FINAL_TYPE (SesameClipboard, sesame_clipboard, SESAME, CLIPBOARD, GObject)

SesameClipboard *sesame_clipboard_new         (GdkClipboard    *clipboard);
void             sesame_clipboard_copy_code   (SesameClipboard *self,
                                               const char      *code,
                                               guint            clear_after_seconds);
gboolean         sesame_clipboard_holds_ours  (SesameClipboard *self);
void             sesame_clipboard_clear_now   (SesameClipboard *self);
void             sesame_clipboard_clear_all_then_quit (GApplication *application);

G_END_DECLS
