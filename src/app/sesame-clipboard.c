/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-clipboard"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-clipboard.h"

/* Puts a code on the clipboard with the hint that keeps it out of clipboard
 * histories (GTK 4 lists the hint among the offered types but, as the type
 * has no '/', gdk_intern_mime_type() refuses it and other processes get no
 * data for it; GTK applications reading it locally do), and takes it off again after a delay — but only if the
 * clipboard still holds exactly what we put there: we compare the content
 * provider, so anything copied since (by us or another application) stays. */

struct _SesameClipboard
{
  GObject parent_instance;

  GdkClipboard *clipboard;
  GdkContentProvider *provider;   /* what we last put there */
  guint clear_id;
};

enum {
  CLEARED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SesameClipboard, sesame_clipboard, G_TYPE_OBJECT)

SesameClipboard *
sesame_clipboard_new (GdkClipboard *clipboard)
{
  SesameClipboard *self;

  g_return_val_if_fail (GDK_IS_CLIPBOARD (clipboard), NULL);

  self = g_object_new (SESAME_TYPE_CLIPBOARD, NULL);
  self->clipboard = g_object_ref (clipboard);
  return self;
}

/**
 * sesame_clipboard_get_clipboard:
 *
 * Returns: (transfer none): the clipboard this object writes to
 */
GdkClipboard *
sesame_clipboard_get_clipboard (SesameClipboard *self)
{
  g_return_val_if_fail (SESAME_IS_CLIPBOARD (self), NULL);

  return self->clipboard;
}

/**
 * sesame_clipboard_holds_ours:
 *
 * Returns: whether the clipboard still holds the last code we copied
 */
gboolean
sesame_clipboard_holds_ours (SesameClipboard *self)
{
  g_return_val_if_fail (SESAME_IS_CLIPBOARD (self), FALSE);

  return self->provider != NULL &&
         gdk_clipboard_is_local (self->clipboard) &&
         gdk_clipboard_get_content (self->clipboard) == self->provider;
}

/**
 * sesame_clipboard_clear_now:
 *
 * Empties the clipboard if it still holds our code; leaves it alone otherwise.
 */
void
sesame_clipboard_clear_now (SesameClipboard *self)
{
  g_return_if_fail (SESAME_IS_CLIPBOARD (self));

  g_clear_handle_id (&self->clear_id, g_source_remove);

  if (sesame_clipboard_holds_ours (self))
    {
      g_debug ("Clearing the code from the clipboard");
      gdk_clipboard_set_content (self->clipboard, NULL);
      g_signal_emit (self, signals[CLEARED], 0);
    }
  else
    g_debug ("The clipboard changed since the copy; leaving it alone");

  g_clear_object (&self->provider);
}

static gboolean
on_clear_timeout (gpointer user_data)
{
  SesameClipboard *self = user_data;

  self->clear_id = 0;
  sesame_clipboard_clear_now (self);

  return G_SOURCE_REMOVE;
}

static GdkContentProvider *
new_bytes_provider (const char *mime_type,
                    const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gdk_content_provider_new_for_bytes (mime_type, bytes);
}

/**
 * sesame_clipboard_copy_code:
 * @clear_after_seconds: 0 to leave the code on the clipboard
 *
 * Copies @code as text/plain with the password-manager hint.
 */
void
sesame_clipboard_copy_code (SesameClipboard *self,
                            const char      *code,
                            guint            clear_after_seconds)
{
  GdkContentProvider *providers[3];

  g_return_if_fail (SESAME_IS_CLIPBOARD (self));
  g_return_if_fail (code != NULL);

  providers[0] = new_bytes_provider ("text/plain;charset=utf-8", code);
  providers[1] = new_bytes_provider ("text/plain", code);
  providers[2] = new_bytes_provider (SESAME_CLIPBOARD_PASSWORD_HINT_MIME, "secret");

  g_clear_object (&self->provider);
  self->provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (self->clipboard, self->provider);

  g_clear_handle_id (&self->clear_id, g_source_remove);
  if (clear_after_seconds > 0)
    {
      self->clear_id = g_timeout_add_seconds (clear_after_seconds, on_clear_timeout, self);
      g_source_set_name_by_id (self->clear_id, "[sesame] clear clipboard");
    }
}

static void
sesame_clipboard_dispose (GObject *object)
{
  SesameClipboard *self = SESAME_CLIPBOARD (object);

  g_clear_handle_id (&self->clear_id, g_source_remove);
  g_clear_object (&self->provider);
  g_clear_object (&self->clipboard);

  G_OBJECT_CLASS (sesame_clipboard_parent_class)->dispose (object);
}

static void
sesame_clipboard_class_init (SesameClipboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_clipboard_dispose;

  /**
   * SesameClipboard::cleared:
   *
   * Emitted when the delay ran out and the code was taken off the clipboard.
   */
  signals[CLEARED] = g_signal_new ("cleared",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
sesame_clipboard_init (SesameClipboard *self)
{
}
