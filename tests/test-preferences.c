/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>

#include "sesame-account-store.h"
#include "sesame-add-dialog.h"
#include "sesame-add-dialog-private.h"
#include "sesame-backup-dialog.h"
#include "sesame-backup-dialog-private.h"
#include "sesame-choice-list.h"
#include "sesame-lock-preferences.h"
#include "sesame-preferences-window.h"
#include "sesame-settings.h"

/* The combo rows of the preferences (and of the dialogs) show their choices
 * from a SesameChoiceList declared in the .ui, where each choice carries its
 * value: these tests check that a setting shows as its choice and that
 * picking a choice writes its value, through the real windows and GSettings
 * (memory backend). They also check the rules that .ui bindings now carry:
 * which rows a choice shows. */

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *title)
{
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_ptr_array_add (todo, root);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) &&
          (title == NULL ||
           (ADW_IS_PREFERENCES_ROW (w) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) == 0) ||
           (ADW_IS_PREFERENCES_GROUP (w) && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (w)), title) == 0)))
        return w;
      for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (todo, child);
    }
  g_error ("No %s titled “%s”", g_type_name (type), title);
}

/* What the combo row shows: its selected item through its expression. */
static char *
shown_label (AdwComboRow *row)
{
  GtkExpression *expression = adw_combo_row_get_expression (row);
  GObject *item = adw_combo_row_get_selected_item (row);
  g_auto(GValue) value = G_VALUE_INIT;

  g_assert_nonnull (expression);
  g_assert_nonnull (item);
  g_assert_true (gtk_expression_evaluate (expression, item, &value));
  return g_value_dup_string (&value);
}

static void
assert_shows (AdwComboRow *row,
              const char  *label)
{
  g_autofree char *shown = shown_label (row);

  g_assert_cmpstr (shown, ==, label);
}

/* Preferences → General → Sort Accounts is the "sort-order" setting. */
static void
test_preferences_sort (void)
{
  SesameSettings *settings = sesame_settings_get_default ();
  GSettings *gsettings = sesame_settings_get_gsettings (settings);
  GtkWidget *window;
  AdwComboRow *row;

  g_settings_set_enum (gsettings, "sort-order", SESAME_SORT_ORDER_RECENT);
  window = GTK_WIDGET (sesame_preferences_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  row = ADW_COMBO_ROW (find_widget (window, ADW_TYPE_COMBO_ROW, "_Sort Accounts"));

  /* The setting as it was when the window opened. */
  assert_shows (row, "Recently Used");

  /* Picked in the combo: written to the setting and the settings object. */
  adw_combo_row_set_selected (row, 0);
  g_assert_cmpint (g_settings_get_enum (gsettings, "sort-order"), ==, SESAME_SORT_ORDER_ISSUER);
  g_assert_cmpint (sesame_settings_get_sort_order (settings), ==, SESAME_SORT_ORDER_ISSUER);

  /* Changed elsewhere (another window, gsettings): the combo follows. */
  g_settings_set_enum (gsettings, "sort-order", SESAME_SORT_ORDER_RECENT);
  assert_shows (row, "Recently Used");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (gsettings, "sort-order");
}

/* Preferences → Security → Lock When Idle is "lock-after-idle", in seconds;
 * the Locking group can only be used on a collection Sesame locks. */
static void
test_preferences_idle (void)
{
  GSettings *gsettings = sesame_settings_get_gsettings (sesame_settings_get_default ());
  g_autoptr(SesameAccountStore) store = sesame_account_store_new ("io.github.sesame.Test.Preferences");
  GtkWidget *window = adw_preferences_window_new ();
  AdwPreferencesPage *page = sesame_lock_preferences_new (store);
  AdwComboRow *row;
  GtkWidget *group;

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  row = ADW_COMBO_ROW (find_widget (GTK_WIDGET (page), ADW_TYPE_COMBO_ROW, "Lock When Idle"));
  group = find_widget (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_GROUP, "Locking");

  /* The schema's default, 5 minutes. */
  assert_shows (row, "After 5 Minutes");

  adw_combo_row_set_selected (row, 3);
  assert_shows (row, "After 15 Minutes");
  g_assert_cmpuint (g_settings_get_uint (gsettings, "lock-after-idle"), ==, 900);
  adw_combo_row_set_selected (row, 0);
  assert_shows (row, "Never");
  g_assert_cmpuint (g_settings_get_uint (gsettings, "lock-after-idle"), ==, 0);

  g_settings_set_uint (gsettings, "lock-after-idle", 3600);
  assert_shows (row, "After 1 Hour");

  /* A time with no choice of its own (set with gsettings) shows as the
   * choice below it, never as "Never"; showing it does not change it. */
  g_settings_set_uint (gsettings, "lock-after-idle", 120);
  assert_shows (row, "After 1 Minute");
  g_settings_set_uint (gsettings, "lock-after-idle", 30);
  assert_shows (row, "After 1 Minute");
  g_assert_cmpuint (g_settings_get_uint (gsettings, "lock-after-idle"), ==, 30);
  g_settings_set_uint (gsettings, "lock-after-idle", 86400);
  assert_shows (row, "After 1 Hour");
  g_assert_cmpuint (g_settings_get_uint (gsettings, "lock-after-idle"), ==, 86400);

  /* The store keeps its accounts in the login keyring (it was never
   * protected): nothing of Sesame's to lock. */
  g_assert_false (sesame_account_store_get_protected (store));
  g_assert_false (gtk_widget_get_sensitive (group));

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (gsettings, "lock-after-idle");
}

/* Back Up → Format: the combo and sesame_backup_dialog_set_format() choose
 * the same thing, and what is written follows. */
static void
test_preferences_backup_format (void)
{
  g_autoptr(SesameAccountStore) store = sesame_account_store_new ("io.github.sesame.Test.Preferences");
  SesameBackupDialog *dialog = sesame_backup_dialog_new (NULL, store);
  AdwComboRow *row;

  gtk_window_present (GTK_WINDOW (dialog));
  row = ADW_COMBO_ROW (find_widget (GTK_WIDGET (dialog), ADW_TYPE_COMBO_ROW, "_Format"));
  assert_shows (row, "Sesame Backup (encrypted)");
  g_assert_true (gtk_widget_is_visible (find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Passphrase")));
  g_assert_false (gtk_widget_get_visible (find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, NULL)));

  sesame_backup_dialog_set_format (dialog, SESAME_EXPORT_URIS);
  assert_shows (row, "otpauth:// Links (not encrypted)");
  /* No passphrase for a plain file: the yes instead (.ui bindings). */
  g_assert_false (gtk_widget_is_visible (find_widget (GTK_WIDGET (dialog), ADW_TYPE_PASSWORD_ENTRY_ROW, "Passphrase")));
  g_assert_true (gtk_widget_get_visible (find_widget (GTK_WIDGET (dialog), GTK_TYPE_CHECK_BUTTON, NULL)));
  /* Keys in the clear, explicitly confirmed: no passphrase needed. */
  sesame_backup_dialog_set_plain_confirmed (dialog, TRUE);
  g_assert_true (sesame_backup_dialog_can_save (dialog));

  /* Picked in the combo: the encrypted backup wants its passphrase. */
  adw_combo_row_set_selected (row, 0);
  assert_shows (row, "Sesame Backup (encrypted)");
  g_assert_false (sesame_backup_dialog_can_save (dialog));
  /* Another plain format asks for the yes again. */
  adw_combo_row_set_selected (row, 2);
  assert_shows (row, "Aegis Vault (not encrypted)");
  g_assert_false (sesame_backup_dialog_can_save (dialog));
  sesame_backup_dialog_set_plain_confirmed (dialog, TRUE);
  g_assert_true (sesame_backup_dialog_can_save (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
assert_rows_shown (GtkWidget  *dialog,
                   const char *expected)
{
  static const char * const titles[] = { "_Algorithm", "_Digits", "_Period", "_Counter" };
  g_autoptr(GString) shown = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (gtk_widget_get_visible (find_widget (dialog, ADW_TYPE_PREFERENCES_ROW, titles[i])))
      g_string_append_printf (shown, "%s%s", shown->len > 0 ? " " : "", titles[i] + 1);
  g_assert_cmpstr (shown->str, ==, expected);
}

/* Add Account → Advanced: the type chosen decides which settings are
 * offered (.ui bindings on the type's value); a pasted link chooses the
 * type and the algorithm. */
static void
test_preferences_add_type_rows (void)
{
  g_autoptr(SesameAccountStore) store = sesame_account_store_new ("io.github.sesame.Test.Preferences");
  SesameAddDialog *dialog = sesame_add_dialog_new (NULL, store);
  GtkWidget *widget = GTK_WIDGET (dialog);
  AdwComboRow *type_row;
  AdwComboRow *algorithm_row;

  gtk_window_present (GTK_WINDOW (dialog));
  type_row = ADW_COMBO_ROW (find_widget (widget, ADW_TYPE_COMBO_ROW, "_Type"));
  algorithm_row = ADW_COMBO_ROW (find_widget (widget, ADW_TYPE_COMBO_ROW, "_Algorithm"));
  assert_shows (type_row, "Time-based (TOTP)");
  assert_rows_shown (widget, "Algorithm Digits Period");

  adw_combo_row_set_selected (type_row, 1);
  assert_shows (type_row, "Counter-based (HOTP)");
  assert_rows_shown (widget, "Algorithm Digits Counter");

  /* Steam Guard's settings are fixed. */
  adw_combo_row_set_selected (type_row, 2);
  assert_shows (type_row, "Steam Guard");
  assert_rows_shown (widget, "");

  gtk_editable_set_text (sesame_add_dialog_get_field (dialog, "secret"),
                         "otpauth://hotp/Forge:alex?secret=JBSWY3DPEHPK3PXP&algorithm=SHA512&counter=7");
  assert_shows (type_row, "Counter-based (HOTP)");
  assert_shows (algorithm_row, "SHA-512");
  assert_rows_shown (widget, "Algorithm Digits Counter");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The list on its own, as a .ui declares it: values by number or by enum
 * nick; the value and the selection follow each other. */
static void
test_preferences_choice_list (void)
{
  static const char ui[] =
    "<interface>"
    "  <object class='SesameChoiceList' id='list'>"
    "    <property name='enum-type'>SesameSortOrder</property>"
    "    <child><object class='SesameChoice'>"
    "      <property name='label'>Recently Used</property><property name='nick'>recent</property>"
    "    </object></child>"
    "    <child><object class='SesameChoice'>"
    "      <property name='label'>By Issuer</property><property name='nick'>issuer</property>"
    "    </object></child>"
    "  </object>"
    "</interface>";
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(SesameChoiceList) seconds = sesame_choice_list_new ();
  g_autoptr(SesameChoice) choice = NULL;
  SesameChoiceList *list;

  g_type_ensure (SESAME_TYPE_CHOICE);
  g_type_ensure (SESAME_TYPE_CHOICE_LIST);
  g_type_ensure (SESAME_TYPE_SORT_ORDER);
  builder = gtk_builder_new_from_string (ui, -1);
  list = SESAME_CHOICE_LIST (gtk_builder_get_object (builder, "list"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == SESAME_TYPE_CHOICE);

  /* Position 0 is selected from the start, with its value. */
  g_assert_cmpuint (sesame_choice_list_get_selected (list), ==, 0);
  g_assert_cmpint (sesame_choice_list_get_value (list), ==, SESAME_SORT_ORDER_RECENT);
  choice = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpstr (sesame_choice_get_label (choice), ==, "By Issuer");
  g_assert_cmpint (sesame_choice_get_value (choice), ==, SESAME_SORT_ORDER_ISSUER);

  sesame_choice_list_set_value (list, SESAME_SORT_ORDER_ISSUER);
  g_assert_cmpuint (sesame_choice_list_get_selected (list), ==, 1);
  sesame_choice_list_set_selected (list, 0);
  g_assert_cmpint (sesame_choice_list_get_value (list), ==, SESAME_SORT_ORDER_RECENT);
  /* Past the end (a combo row with nothing selected): nothing changes. */
  sesame_choice_list_set_selected (list, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (sesame_choice_list_get_selected (list), ==, 0);
  g_assert_cmpint (sesame_choice_list_get_value (list), ==, SESAME_SORT_ORDER_RECENT);

  /* Values between choices: the one below; above the first that is not 0
   * (0 is "never"); above the last. */
  sesame_choice_list_append (seconds, "Never", 0);
  sesame_choice_list_append (seconds, "A minute", 60);
  sesame_choice_list_append (seconds, "An hour", 3600);
  sesame_choice_list_set_value (seconds, 59);
  g_assert_cmpuint (sesame_choice_list_get_selected (seconds), ==, 1);
  sesame_choice_list_set_value (seconds, 61);
  g_assert_cmpuint (sesame_choice_list_get_selected (seconds), ==, 1);
  sesame_choice_list_set_value (seconds, 0);
  g_assert_cmpuint (sesame_choice_list_get_selected (seconds), ==, 0);
  sesame_choice_list_set_value (seconds, 99999);
  g_assert_cmpuint (sesame_choice_list_get_selected (seconds), ==, 2);
  g_assert_cmpint (sesame_choice_list_get_value (seconds), ==, 99999);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/preferences/sort", test_preferences_sort);
  g_test_add_func ("/preferences/idle", test_preferences_idle);
  g_test_add_func ("/preferences/backup-format", test_preferences_backup_format);
  g_test_add_func ("/preferences/add-type-rows", test_preferences_add_type_rows);
  g_test_add_func ("/preferences/choice-list", test_preferences_choice_list);

  return g_test_run ();
}
