/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sesame-account-store.h"
#include "sesame-clipboard.h"

G_BEGIN_DECLS

#define SESAME_COPY_ERROR (sesame_copy_error_quark ())

typedef enum
{
  SESAME_COPY_ERROR_NO_CODE,   /* the account's key cannot make a code */
} SesameCopyError;

/**
 * SesameCopyReport:
 * @now_usec: the clock's time the code is for, in microseconds
 * @clear_delay: seconds until the clipboard is cleared; 0: never
 * @remaining: seconds the code stays valid; 0: it does not expire (HOTP)
 * @recorded: the last use was saved to the keyring (only the Recently Used
 *   order needs it), so the list's order may have changed
 *
 * What a copy did, for the caller to tell the person.
 */
typedef struct
{
  gint64 now_usec;
  guint clear_delay;
  guint remaining;
  gboolean recorded;
} SesameCopyReport;

#define SESAME_TYPE_COPIER (sesame_copier_get_type ())

G_DECLARE_FINAL_TYPE (SesameCopier, sesame_copier, SESAME, COPIER, GObject)

GQuark           sesame_copy_error_quark     (void);

SesameCopier    *sesame_copier_new           (SesameAccountStore *store,
                                              SesameClipboard    *clipboard);
SesameClipboard *sesame_copier_get_clipboard (SesameCopier       *self);
gboolean         sesame_copier_copy          (SesameCopier       *self,
                                              SesameAccount      *account,
                                              SesameCopyReport   *report,
                                              GError            **error);

G_END_DECLS
