/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sesame-i18n.h"

/**
 * sesame_i18n_get_localedir:
 *
 * Where the message catalogs are: `$SESAME_LOCALEDIR` when set (the tests
 * point it at the catalogs of the build tree, so an uninstalled build speaks
 * German), the installed locale directory otherwise.
 *
 * Returns: (transfer none): a directory
 */
const char *
sesame_i18n_get_localedir (void)
{
  const char *dir = g_getenv ("SESAME_LOCALEDIR");

  if (dir != NULL && *dir != '\0')
    return dir;

  return LOCALEDIR;
}

/**
 * sesame_i18n_init:
 *
 * Sets the locale from the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`,
 * and `LANGUAGE` for the order of languages) and binds Sesame's text domain,
 * in UTF-8 whatever the locale's charset. Called first thing by `main()` of
 * the app and of the CLI.
 */
void
sesame_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, sesame_i18n_get_localedir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
