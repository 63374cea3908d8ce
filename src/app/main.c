/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <sys/prctl.h>

#include "sesame-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SesameApplication) app = NULL;

  /* No core dumps: they would hold the secrets that are in memory. */
  prctl (PR_SET_DUMPABLE, 0);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = sesame_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
