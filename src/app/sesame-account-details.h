/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"

G_BEGIN_DECLS

#define SESAME_TYPE_ACCOUNT_DETAILS (sesame_account_details_get_type ())

G_DECLARE_FINAL_TYPE (SesameAccountDetails, sesame_account_details, SESAME, ACCOUNT_DETAILS, AdwWindow)

SesameAccountDetails *sesame_account_details_new (GtkWindow          *parent,
                                                  SesameAccountStore *store,
                                                  SesameAccount      *account);

G_END_DECLS
