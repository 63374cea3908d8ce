/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-copier"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-clock.h"
#include "sesame-copier.h"
#include "sesame-settings.h"

/* Copying a code, the one way: the window (click, Enter, Ctrl+C) and the
 * GNOME Shell search provider both come here. The code is the one for the
 * clock's time (tests set it), it goes to the clipboard with the clear
 * delay of the preferences (SesameClipboard clears it), and the account's
 * last use is recorded in memory always but written to the keyring only
 * under the Recently Used order: every keyring write makes an automatic
 * backup, and a copy should not, unless the order depends on it. */

struct _SesameCopier
{
  GObject parent_instance;

  SesameAccountStore *store;
  SesameClipboard *clipboard;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (SesameCopier, sesame_copier, G_TYPE_OBJECT)

G_DEFINE_QUARK (sesame-copy-error-quark, sesame_copy_error)

SesameCopier *
sesame_copier_new (SesameAccountStore *store,
                   SesameClipboard    *clipboard)
{
  SesameCopier *self;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (store), NULL);
  g_return_val_if_fail (SESAME_IS_CLIPBOARD (clipboard), NULL);

  self = g_object_new (SESAME_TYPE_COPIER, NULL);
  self->store = g_object_ref (store);
  self->clipboard = g_object_ref (clipboard);

  return self;
}

SesameClipboard *
sesame_copier_get_clipboard (SesameCopier *self)
{
  g_return_val_if_fail (SESAME_IS_COPIER (self), NULL);

  return self->clipboard;
}

static void
on_last_used_saved (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!sesame_account_store_update_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    g_debug ("Could not record when the account was last used: %s", error->message);
}

/**
 * sesame_copier_copy:
 * @report: (out caller-allocates) (optional): what was done
 *
 * Copies the account's current code and records its last use (see the
 * top of this file).
 *
 * Returns: %FALSE with %SESAME_COPY_ERROR_NO_CODE when the key cannot make
 * a code; nothing is copied then
 */
gboolean
sesame_copier_copy (SesameCopier      *self,
                    SesameAccount     *account,
                    SesameCopyReport  *report,
                    GError           **error)
{
  SesameSettings *settings = sesame_settings_get_default ();
  char code[SESAME_OTP_CODE_SIZE];
  SesameCopyReport done = { 0 };
  gint64 now;

  g_return_val_if_fail (SESAME_IS_COPIER (self), FALSE);
  g_return_val_if_fail (SESAME_IS_ACCOUNT (account), FALSE);

  done.now_usec = sesame_clock_get_real_time_usec (sesame_clock_get_default ());
  now = sesame_clock_usec_to_seconds (done.now_usec);
  if (!sesame_account_code_at (account, now, code))
    {
      g_set_error_literal (error, SESAME_COPY_ERROR, SESAME_COPY_ERROR_NO_CODE,
                           _("This account’s key cannot make a code"));
      return FALSE;
    }

  done.clear_delay = sesame_settings_get_clipboard_clear_delay (settings);
  sesame_clipboard_copy_code (self->clipboard, code, done.clear_delay);
  sesame_memwipe (code, sizeof code);
  done.remaining = sesame_account_seconds_remaining (account, now);

  sesame_account_set_last_used (account, now);
  if (sesame_settings_get_sort_order (settings) == SESAME_SORT_ORDER_RECENT)
    {
      sesame_account_store_update_async (self->store, account, self->cancellable, on_last_used_saved, NULL);
      done.recorded = TRUE;
    }

  if (report != NULL)
    *report = done;

  return TRUE;
}

static void
sesame_copier_dispose (GObject *object)
{
  SesameCopier *self = SESAME_COPIER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->clipboard);

  G_OBJECT_CLASS (sesame_copier_parent_class)->dispose (object);
}

static void
sesame_copier_class_init (SesameCopierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sesame_copier_dispose;
}

static void
sesame_copier_init (SesameCopier *self)
{
  self->cancellable = g_cancellable_new ();
}
