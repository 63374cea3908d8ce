/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sesame-account-store.h"
#include "sesame-auto-backup.h"
#include "sesame-lock-monitor.h"

G_BEGIN_DECLS

#define SESAME_TYPE_APPLICATION (sesame_application_get_type ())

G_DECLARE_FINAL_TYPE (SesameApplication, sesame_application, SESAME, APPLICATION, AdwApplication)

SesameApplication  *sesame_application_new       (void);
SesameAccountStore *sesame_application_get_store (SesameApplication *self);
SesameAutoBackup   *sesame_application_get_auto_backup (SesameApplication *self);
SesameLockMonitor  *sesame_application_get_lock_monitor (SesameApplication *self);

G_END_DECLS
