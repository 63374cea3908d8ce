/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_ENROLL_DIALOG (sesame_enroll_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SesameEnrollDialog, sesame_enroll_dialog, SESAME, ENROLL_DIALOG, AdwWindow)

SesameEnrollDialog *sesame_enroll_dialog_new        (GtkWindow          *parent,
                                                     SesameAccountStore *store,
                                                     GPtrArray          *accounts,
                                                     guint               batch_index,
                                                     guint               batch_size);

G_END_DECLS
