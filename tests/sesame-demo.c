/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sesame with demo accounts in a keyring schema of its own, for screenshots
 * and trying things out inside the test session. Not a test.
 *
 *   sesame-demo [--seed] [--time UNIX] [--dark] [--width W --height H]
 *               [--screen main|add|add-advanced|details|prefs|security|backups|search]
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sesame-account-details.h"
#include "sesame-add-dialog.h"
#include "sesame-add-dialog-private.h"
#include "sesame-base32.h"
#include "sesame-application.h"
#include "sesame-backup-preferences.h"
#include "sesame-clock.h"
#include "sesame-i18n.h"
#include "sesame-lock-preferences.h"
#include "sesame-preferences-window.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

static gint64 fixed_time;
static gboolean seed;
static gboolean dark;
static int width = 420;
static int height = 640;
static char *screen;
static double text_scale = 1.0;
static gboolean similar;

static const struct {
  const char *issuer;
  const char *name;
  const char *key;
  SesameOtpType type;
  guint digits;
  gboolean favorite;
} demo_accounts[] = {
  { "GitHub", "octocat", "JBSWY3DPEHPK3PXP", SESAME_OTP_TYPE_TOTP, 6, TRUE },
  { "Proton", "alex@proton.me", "KRSXG5CTMVRXEZLU", SESAME_OTP_TYPE_TOTP, 6, TRUE },
  { "Google", "alex.martin@gmail.com", "GEZDGNBVGY3TQOJQ", SESAME_OTP_TYPE_TOTP, 6, FALSE },
  { "Microsoft", "alex.martin@outlook.com", "MFRGGZDFMZTWQ2LK", SESAME_OTP_TYPE_TOTP, 6, FALSE },
  { "Fastmail", "alex@fastmail.com", "ONSWG4TFOQYTEMZU", SESAME_OTP_TYPE_TOTP, 8, FALSE },
  { "Mastodon", "@alex@fosstodon.org", "NVQXG5DPMRXW4ZLU", SESAME_OTP_TYPE_TOTP, 6, FALSE },
  { "Steam", "alex_plays", "OBQXG43XN5ZGIMJS", SESAME_OTP_TYPE_STEAM, 5, FALSE },
  { "Nextcloud", "alex", "NZSXQ5DDNRXXKZBR", SESAME_OTP_TYPE_HOTP, 6, FALSE },
  { "Café Lumière", "alex", "MNQWMZLMOVWWS2LS", SESAME_OTP_TYPE_TOTP, 6, FALSE },
};

/* Names that tell accounts apart only near their end: at large text and
 * 360 px they must wrap, never be cut to "Air…". */
static const struct {
  const char *issuer;
  const char *name;
  const char *key;
} similar_accounts[] = {
  { "Air Canada", "alex.martin@example.com", "JBSWY3DPEHPK3PXP" },
  { "Airbnb", "alex.martin@example.com", "KRSXG5CTMVRXEZLU" },
  { "SerenityLabs", "alex", "GEZDGNBVGY3TQOJQ" },
  { "SerenityLabs", "alex-admin", "MFRGGZDFMZTWQ2LK" },
  { "GitHub", "octocat", "ONSWG4TFOQYTEMZU" },
};

static const GOptionEntry options[] = {
  { "seed", 0, 0, G_OPTION_ARG_NONE, &seed, "Add the demo accounts if the demo keyring has none", NULL },
  { "time", 0, 0, G_OPTION_ARG_INT64, &fixed_time, "Show codes at this Unix time", "UNIX" },
  { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "Dark style", NULL },
  { "width", 0, 0, G_OPTION_ARG_INT, &width, "Window width", "PX" },
  { "height", 0, 0, G_OPTION_ARG_INT, &height, "Window height", "PX" },
  { "screen", 0, 0, G_OPTION_ARG_STRING, &screen, "Screen to open", "NAME" },
  { "text-scale", 0, 0, G_OPTION_ARG_DOUBLE, &text_scale, "Text size (1.5 = large text at 150 %)", "FACTOR" },
  { "similar", 0, 0, G_OPTION_ARG_NONE, &similar, "Seed accounts whose names differ only at the end", NULL },
  { NULL }
};

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
await_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
seed_accounts (SesameAccountStore *store)
{
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GError) error = NULL;
  gsize i;

  sesame_account_store_load_async (store, NULL, on_result, &loaded);
  if (!sesame_account_store_load_finish (store, await_result (&loaded), &error))
    g_error ("Cannot load the demo keyring: %s", error->message);

  if (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    return;

  for (i = 0; similar && i < G_N_ELEMENTS (similar_accounts); i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autoptr(SesameSecret) secret = sesame_base32_decode (similar_accounts[i].key, -1, NULL);
      g_autoptr(GAsyncResult) added = NULL;

      sesame_account_set_issuer (account, similar_accounts[i].issuer);
      sesame_account_set_name (account, similar_accounts[i].name);
      sesame_account_set_secret (account, secret);
      sesame_account_store_add_async (store, account, NULL, on_result, &added);
      if (!sesame_account_store_add_finish (store, await_result (&added), &error))
        g_error ("Cannot add a demo account: %s", error->message);
    }

  for (i = 0; !similar && i < G_N_ELEMENTS (demo_accounts); i++)
    {
      g_autoptr(SesameAccount) account = sesame_account_new ();
      g_autoptr(SesameSecret) secret = sesame_base32_decode (demo_accounts[i].key, -1, NULL);
      g_autoptr(GAsyncResult) added = NULL;

      sesame_account_set_issuer (account, demo_accounts[i].issuer);
      sesame_account_set_name (account, demo_accounts[i].name);
      sesame_account_set_otp_type (account, demo_accounts[i].type);
      sesame_account_set_digits (account, demo_accounts[i].digits);
      sesame_account_set_favorite (account, demo_accounts[i].favorite);
      sesame_account_set_secret (account, secret);
      sesame_account_store_add_async (store, account, NULL, on_result, &added);
      if (!sesame_account_store_add_finish (store, await_result (&added), &error))
        g_error ("Cannot add a demo account: %s", error->message);
    }
}

static gint64
demo_now (gpointer data)
{
  static gint64 start;

  /* Time moves on from the given instant, so the countdowns still run. */
  if (start == 0)
    start = g_get_monotonic_time ();
  return fixed_time * G_USEC_PER_SEC + (g_get_monotonic_time () - start);
}

/* Opens every expander row (the add dialog's Advanced). */
static void
expand_all (GtkWidget *widget)
{
  if (ADW_IS_EXPANDER_ROW (widget))
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (widget), TRUE);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    expand_all (child);
}

static gboolean
open_screen (gpointer data)
{
  SesameWindow *window = data;
  GListModel *shown = sesame_window_get_shown_model (window);

  if (g_strcmp0 (screen, "add") == 0)
    {
      SesameAddDialog *dialog = sesame_add_dialog_new (GTK_WINDOW (window), sesame_window_get_store (window));

      gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "issuer"), "Codeberg");
      gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "name"), "alex");
      gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "secret"), "JBSWY3DPEHPK3PX1");
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (g_strcmp0 (screen, "details") == 0 && g_list_model_get_n_items (shown) > 0)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (shown, 0);

      const char *codes[] = { "3F7K-Q9WM", "H2PX-8RTD", "M4ZC-6VNB", "T8LJ-2YGE", NULL };
      const char *tags[] = { "Work", "Open source", NULL };
      GtkWindow *details;

      /* Shown, not saved. */
      sesame_account_set_groups (account, tags);
      sesame_account_set_recovery_codes (account, codes);
      sesame_account_set_recovery_code_used (account, 0, TRUE);
      sesame_account_set_note (account, "Recovery e-mail: alex@proton.me");
      details = GTK_WINDOW (sesame_account_details_new (GTK_WINDOW (window), sesame_window_get_store (window), account));
      /* Tall enough for the tags and the recovery codes. */
      gtk_window_set_default_size (details, 460, 860);
      gtk_window_present (details);
      gtk_window_set_focus (details, NULL);
    }
  else if (g_strcmp0 (screen, "backup") == 0)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.backup", NULL);
  else if (g_strcmp0 (screen, "camera") == 0)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.scan-camera", NULL);
  else if (g_strcmp0 (screen, "prefs") == 0)
    gtk_window_present (GTK_WINDOW (sesame_preferences_window_new (GTK_WINDOW (window))));
  else if (g_strcmp0 (screen, "security") == 0)
    {
      AdwPreferencesWindow *prefs = ADW_PREFERENCES_WINDOW (sesame_preferences_window_new (GTK_WINDOW (window)));
      AdwPreferencesPage *page = sesame_lock_preferences_new (sesame_window_get_store (window));

      adw_preferences_window_add (prefs, page);
      adw_preferences_window_set_visible_page (prefs, page);
      gtk_window_present (GTK_WINDOW (prefs));
    }
  else if (g_strcmp0 (screen, "backups") == 0)
    {
      AdwPreferencesWindow *prefs = ADW_PREFERENCES_WINDOW (sesame_preferences_window_new (GTK_WINDOW (window)));
      SesameApplication *app = SESAME_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
      AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (sesame_backup_preferences_new (sesame_application_get_auto_backup (app)));

      adw_preferences_window_add (prefs, page);
      adw_preferences_window_set_visible_page (prefs, page);
      gtk_window_present (GTK_WINDOW (prefs));
    }
  else if (g_strcmp0 (screen, "add-advanced") == 0)
    {
      SesameAddDialog *dialog = sesame_add_dialog_new (GTK_WINDOW (window), sesame_window_get_store (window));

      gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "secret"),
                             "otpauth://hotp/Forge:alex?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&counter=7");
      expand_all (GTK_WIDGET (dialog));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else if (g_strcmp0 (screen, "search") == 0)
    sesame_window_set_search (window, "cafe");

  return G_SOURCE_REMOVE;
}

static void
on_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  gtk_window_set_default_size (window, width, height);
  g_timeout_add (800, open_screen, window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameApplication) app = NULL;

  /* As the app does: screenshots in other languages with LANGUAGE=de etc. */
  sesame_i18n_init ();
  g_option_context_add_main_entries (context, options, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  if (g_getenv ("SESAME_KEYRING_SCHEMA") == NULL)
    g_setenv ("SESAME_KEYRING_SCHEMA", APP_ID ".Demo.Account", TRUE);

  gtk_init ();
  adw_init ();

  /* What the large-text setting does: the font DPI (96 at 100 %). */
  if (text_scale != 1.0)
    g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", (int) (96 * 1024 * text_scale), NULL);

  if (fixed_time != 0)
    sesame_clock_set_now_func (sesame_clock_get_default (), demo_now, NULL, NULL);

  if (dark)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);

  app = sesame_application_new ();
  if (seed)
    seed_accounts (sesame_application_get_store (app));

  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}
