/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sys/prctl.h>

#include "sesame-application.h"
#include "sesame-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SesameApplication) app = NULL;

  /* No core dumps: they would hold the secrets that are in memory. */
  prctl (PR_SET_DUMPABLE, 0);

  sesame_i18n_init ();

  app = sesame_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
