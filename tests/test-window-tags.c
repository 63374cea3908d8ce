/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "sesame-account.h"
#include "sesame-application.h"
#include "sesame-base32.h"
#include "sesame-test-utils.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

/* Tags in the window: the list filters by tag (any case, through the
 * window's tag menu action), a search finds accounts by tag, and a tag
 * whose last account goes away stops filtering. */

static SesameApplication *app;

static SesameAccount *
make_account (const char         *issuer,
              const char         *name,
              const char * const *tags)
{
  g_autoptr(SesameSecret) secret = sesame_base32_decode ("JBSWY3DPEHPK3PXP", -1, NULL);
  SesameAccount *account = sesame_account_new ();

  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_secret (account, secret);
  sesame_account_set_groups (account, tags);
  return account;
}

static guint
shown (SesameWindow *window)
{
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  return g_list_model_get_n_items (sesame_window_get_shown_model (window));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* "Bank,Vault": the issuers shown, sorted. */
static char *
shown_issuers (SesameWindow *window)
{
  GListModel *model = sesame_window_get_shown_model (window);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  shown (window);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (model, i);
      g_ptr_array_add (names, g_strdup (sesame_account_get_issuer (account)));
    }
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

static void
test_filter (void)
{
  static const char * const work[] = { "Work", NULL };
  static const char * const work_home[] = { "work", "Home", NULL };
  static const char * const home[] = { "Home", NULL };
  g_autoptr(GListStore) memory = g_list_store_new (SESAME_TYPE_ACCOUNT);
  SesameWindow *window;
  g_autoptr(SesameAccount) a = make_account ("Forge", "ann", work);
  g_autoptr(SesameAccount) b = make_account ("Vault", "ben", work_home);
  g_autoptr(SesameAccount) c = make_account ("Bank", "cat", home);
  g_autoptr(SesameAccount) d = make_account ("Mail", "dan", NULL);

  g_list_store_append (memory, a);
  g_list_store_append (memory, b);
  g_list_store_append (memory, c);
  g_list_store_append (memory, d);

  window = sesame_window_new_with_model (app, NULL, G_LIST_MODEL (memory));
  gtk_window_present (GTK_WINDOW (window));
  while (g_strcmp0 (sesame_window_get_state (window), "list") != 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (shown (window), ==, 4);

  sesame_window_set_tag (window, "WORK");
  g_assert_cmpstr (shown_issuers (window), ==, "Forge,Vault");

  /* Through the menu's action, as a click does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "tags.show", "s", "Home"));
  g_assert_cmpstr (shown_issuers (window), ==, "Bank,Vault");
  if (g_getenv ("SESAME_TEST_SCREENSHOTS") != NULL)
    {
      /* For a person to look at: the whole screen, with ImageMagick. */
      g_autofree char *path = g_build_filename (g_getenv ("SESAME_TEST_SCREENSHOTS"), "window-tags.png", NULL);
      g_autofree char *command = g_strdup_printf ("import -window root '%s'", path);

      for (guint i = 0; i < 200; i++)
        g_main_context_iteration (NULL, FALSE);
      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "tags.show", "s", ""));
  g_assert_cmpuint (shown (window), ==, 4);

  /* A search finds a tag too, and the tag narrows it. */
  sesame_window_set_search (window, "hom");
  g_assert_cmpstr (shown_issuers (window), ==, "Bank,Vault");
  sesame_window_set_tag (window, "work");
  g_assert_cmpstr (shown_issuers (window), ==, "Vault");
  sesame_window_set_search (window, "");
  g_assert_cmpuint (shown (window), ==, 2);

  /* The last accounts with the tag go: the list shows everything again. */
  sesame_window_set_tag (window, "Home");
  g_list_store_remove (memory, 2);   /* Bank */
  g_list_store_remove (memory, 1);   /* Vault */
  g_assert_cmpstr (shown_issuers (window), ==, "Forge,Mail");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/window-tags/filter", test_filter);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
