/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-i18n"

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "sesame-i18n.h"
#include "sesame-test-utils.h"

/* Runs the built sesame-cli --help with the catalogs of the build tree and
 * the given locale variables (NULL = unset); returns its standard output. */
static char *
run_cli_help (const char *lang,
              const char *language,
              const char *locpath)
{
  const char *build_root = g_getenv ("SESAME_BUILD_ROOT");
  g_autofree char *cli = NULL;
  g_autofree char *localedir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *argv[3];
  int status = 0;

  g_assert_nonnull (build_root);
  cli = g_build_filename (build_root, "src", "cli", "sesame-cli", NULL);
  localedir = g_build_filename (build_root, "po", NULL);
  argv[0] = cli;
  argv[1] = "--help";
  argv[2] = NULL;

  env = g_environ_unsetenv (env, "LC_ALL");
  env = g_environ_unsetenv (env, "LC_MESSAGES");
  env = g_environ_unsetenv (env, "LC_CTYPE");
  env = g_environ_setenv (env, "SESAME_LOCALEDIR", localedir, TRUE);
  env = g_environ_setenv (env, "LANG", lang, TRUE);
  env = language ? g_environ_setenv (env, "LANGUAGE", language, TRUE)
                 : g_environ_unsetenv (env, "LANGUAGE");
  env = locpath ? g_environ_setenv (env, "LOCPATH", locpath, TRUE)
                : g_environ_unsetenv (env, "LOCPATH");

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  g_test_message ("LANG=%s LANGUAGE=%s: %s%s", lang, language ? language : "(unset)", out, err);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&out);
}

static void
assert_speaks (const char *out,
               const char *commands,
               const char *not_english)
{
  g_assert_nonnull (strstr (out, commands));
  if (not_english != NULL)
    g_assert_null (strstr (out, not_english));
}

static void
test_english (void)
{
  g_autofree char *out = run_cli_help ("C.UTF-8", NULL, NULL);

  assert_speaks (out, "Commands:", NULL);
}

static void
test_language_variable (void)
{
  struct { const char *language; const char *commands; } cases[] = {
    { "de", "Befehle:" },
    { "fr", "Commandes\xc2\xa0:" },
    { "es", "Comandos:" },
    /* The first language that has a catalog wins. */
    { "xx:de", "Befehle:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = run_cli_help ("C.UTF-8", cases[i].language, NULL);

      assert_speaks (out, cases[i].commands, "Commands:");
    }
}

/* LANG alone, as a German desktop sets it. Debian ships no compiled German
 * locale by default and generating one system-wide needs root, so the test
 * compiles de_DE.UTF-8 with localedef (package "locales") into a temporary
 * LOCPATH unless the system already has it. */
static void
test_lang_variable (void)
{
  g_autofree char *tmp = NULL;
  g_autofree char *target = NULL;
  g_autofree char *out = NULL;
  const char *locpath = NULL;
  locale_t loc;

  loc = newlocale (LC_ALL_MASK, "de_DE.UTF-8", (locale_t) 0);
  if (loc != (locale_t) 0)
    {
      freelocale (loc);
    }
  else
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      int status = 0;
      const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", NULL, NULL };

      tmp = g_dir_make_tmp ("sesame-locale-XXXXXX", &error);
      g_assert_no_error (error);
      target = g_build_filename (tmp, "de_DE.UTF-8", NULL);
      argv[5] = target;
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                    NULL, NULL, NULL, &err, &status, &error);
      g_assert_no_error (error);
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("localedef could not compile de_DE.UTF-8 (install the \"locales\" package): %s", err);
      locpath = tmp;
    }

  out = run_cli_help ("de_DE.UTF-8", NULL, locpath);
  assert_speaks (out, "Befehle:", "Commands:");

  if (tmp != NULL)
    {
      g_autoptr(GError) error = NULL;
      const char *rm[] = { "rm", "-rf", tmp, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                    NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (g_file_test (tmp, G_FILE_TEST_EXISTS));
    }
}

static void
test_localedir_override (void)
{
  g_assert_cmpstr (sesame_i18n_get_localedir (), ==, g_getenv ("SESAME_LOCALEDIR"));
  g_unsetenv ("SESAME_LOCALEDIR");
  g_assert_cmpstr (sesame_i18n_get_localedir (), ==, LOCALEDIR);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/localedir-override", test_localedir_override);
  g_test_add_func ("/i18n/cli-help/english", test_english);
  g_test_add_func ("/i18n/cli-help/language-variable", test_language_variable);
  g_test_add_func ("/i18n/cli-help/lang-variable", test_lang_variable);

  return g_test_run ();
}
