/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sesame-account-details.h"
#include "sesame-application.h"
#include "sesame-import-dialog.h"
#include "sesame-import-dialog-private.h"
#include "sesame-tags.h"
#include "sesame-test-keyring.h"
#include "sesame-test-utils.h"
#include "sesame-test-window.h"
#include "sesame-window.h"
#include "sesame-window-private.h"

/* Tags in the app, with real windows on the test session's Xvfb display,
 * real key presses (xdotool) and the session's real gnome-keyring: edited
 * in the account details, read back by a fresh store, followed by the
 * window's tag menu and filter; shown in the import preview. Every wait
 * is for a state, with a generous limit: the suite may share two loaded
 * cores. */

static SesameApplication *app;
static char *schema_prefix;
static guint schema_serial;

static SesameAccountStore *
new_store (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.%u", schema_prefix, ++schema_serial);

  return sesame_account_store_new (schema);
}

static SesameAccount *
store_add (SesameAccountStore *store,
           const char         *issuer,
           const char * const *tags)
{
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) "12345678901234567890", 20);
  SesameAccount *account = sesame_account_new ();

  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, "alex");
  sesame_account_set_secret (account, secret);
  sesame_account_set_groups (account, tags);
  sesame_test_store_add (store, account);
  return account;
}

/* "home|Banking": an account's tags, to compare in one assertion. */
static char *
tags_of (SesameAccount *account)
{
  return g_strjoinv ("|", (char **) sesame_account_get_groups (account));
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

/* Lets the main loop run (drawing, focus changes) until nothing is left
 * to do right now. */
static void
settle (void)
{
  for (guint i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
run_xdotool (const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, sesame_test_on_result, &result);
  g_subprocess_wait_finish (proc, sesame_test_await_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (proc));
  settle ();
}

static void
screenshot (const char *name)
{
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;

  /* For a person to look at: the whole screen, with ImageMagick. */
  if (g_getenv ("SESAME_TEST_SCREENSHOTS") == NULL)
    return;
  path = g_build_filename (g_getenv ("SESAME_TEST_SCREENSHOTS"), name, NULL);
  command = g_strdup_printf ("import -window root '%s'", path);
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_usleep (G_USEC_PER_SEC / 2);
  for (guint i = 0; i < 100; i++)
    g_main_context_iteration (NULL, FALSE);
  g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
}

/* Details */

typedef struct
{
  SesameAccount *account;
  const char *tags;
} TagsWait;

static gboolean
has_tags (gpointer data)
{
  TagsWait *wait = data;
  g_autofree char *tags = tags_of (wait->account);

  return g_str_equal (tags, wait->tags);
}

static void
wait_for_tags (SesameAccount *account,
               const char    *tags)
{
  TagsWait wait = { account, tags };
  g_autofree char *what = g_strdup_printf ("the tags “%s”", tags);

  sesame_test_wait_until (has_tags, &wait, what);
}

static gboolean
store_is_idle (gpointer data)
{
  /* A write in flight is done once a sync no-op update comes back: the
   * store runs its writes in order. */
  return *(gboolean *) data;
}

static void
on_synced (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  sesame_account_store_update_finish (SESAME_ACCOUNT_STORE (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* Waits until every write queued before now reached the keyring. */
static void
wait_for_writes (SesameAccountStore *store,
                 SesameAccount      *account)
{
  gboolean done = FALSE;

  sesame_account_store_update_async (store, account, NULL, on_synced, &done);
  sesame_test_wait_until (store_is_idle, &done, "the keyring writes");
}

static GtkWidget *
focus_of (GtkWindow *window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

/* The remove button of the tag row titled @tag, or NULL. */
static GtkWidget *
remove_button (GtkWindow  *details,
               const char *tag)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (details), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

      if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), tag) != 0)
        continue;
      collect (rows->pdata[i], GTK_TYPE_BUTTON, buttons);
      for (guint j = 0; j < buttons->len; j++)
        if (g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[j]), "window-close-symbolic") == 0)
          return buttons->pdata[j];
    }
  return NULL;
}

static guint
n_tag_rows (GtkWindow *details)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n = 0;

  collect (GTK_WIDGET (details), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (remove_button (details, adw_preferences_row_get_title (rows->pdata[i])) != NULL)
      n++;
  return n;
}

/* Whether the window's tag menu lists @tag. */
static gboolean
menu_lists (GMenuModel *menu,
            const char *tag)
{
  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label) &&
          g_str_equal (label, tag))
        return TRUE;
      if (section != NULL && menu_lists (section, tag))
        return TRUE;
    }
  return FALSE;
}

static GMenuModel *
tag_menu (SesameWindow *window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GMenuModel *menu = gtk_menu_button_get_menu_model (buttons->pdata[i]);

      if (menu_lists (menu, "All Tags"))
        return menu;
    }
  return NULL;
}

typedef struct
{
  SesameWindow *window;
  guint n;
} ShownWait;

static gboolean
shows (gpointer data)
{
  ShownWait *wait = data;

  return g_list_model_get_n_items (sesame_window_get_shown_model (wait->window)) == wait->n;
}

static void
wait_for_shown (SesameWindow *window,
                guint         n)
{
  ShownWait wait = { window, n };

  sesame_test_wait_until (shows, &wait, "the list to show the accounts of the filter");
}

static gboolean
window_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

typedef struct
{
  GtkWindow *window;
  GtkWidget *widget;
} FocusWait;

static gboolean
focus_inside (gpointer data)
{
  FocusWait *wait = data;
  GtkWidget *focus = focus_of (wait->window);

  return focus != NULL && (focus == wait->widget || gtk_widget_is_ancestor (focus, wait->widget));
}

typedef struct
{
  GtkWidget *entry;
  const char *text;
} TextWait;

static gboolean
entry_holds (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (wait->entry)), wait->text) == 0;
}

/* X events reach the app some time after xdotool returns: wait for
 * what they do, never assume it is done. */
static void
wait_for_text (GtkWidget  *entry,
               const char *text)
{
  TextWait wait = { entry, text };
  g_autofree char *what = g_strdup_printf ("the entry to hold “%s”", text);

  sesame_test_wait_until (entry_holds, &wait, what);
}

typedef struct
{
  GtkWindow *window;
  GtkWidget *before;
} FocusMoveWait;

static gboolean
focus_moved (gpointer data)
{
  FocusMoveWait *wait = data;

  return focus_of (wait->window) != wait->before;
}

/* Tab, one real key press at a time, until the focus is on @target. */
static void
tab_to (GtkWindow *window,
        GtkWidget *target)
{
  for (guint i = 0; i < 8 && focus_of (window) != target; i++)
    {
      FocusMoveWait wait = { window, focus_of (window) };

      run_xdotool ("key", "Tab", NULL);
      sesame_test_wait_until (focus_moved, &wait, "the focus to move on Tab");
    }
  g_assert_true (focus_of (window) == target);
}

static GtkWidget *
tag_entry (GtkWindow *details)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (details), ADW_TYPE_ENTRY_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (adw_preferences_row_get_title (rows->pdata[i]), "Add _Tags"))
      return rows->pdata[i];
  return NULL;
}

static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_visible (labels->pdata[i]) && g_str_equal (gtk_label_get_text (labels->pdata[i]), text))
      return TRUE;
  return FALSE;
}

/* Whether @row shows a button (the ✓ of an entry row). */
static gboolean
shows_a_button (GtkWidget *row)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (row, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_is_visible (buttons->pdata[i]))
      return TRUE;
  return FALSE;
}

/* The details of an account: its tags are added (a comma, then Enter,
 * and an existing tag in another case changes nothing), removed (Tab to a
 * tag's button, Space) and, typed without Enter, saved on Escape; all by
 * real key presses. A fresh store reads them back, and the window's tag
 * menu and filter follow each saved edit. */
static void
test_details_edit (void)
{
  static const char * const work[] = { "Work", NULL };
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) reloaded = NULL;
  g_autoptr(SesameAccount) forge = NULL;
  g_autoptr(SesameAccount) mail = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *read_back = NULL;
  SesameWindow *window;
  GtkWindow *details;
  GtkWidget *entry;
  FocusWait focus_wait;

  sesame_test_store_load (store);
  forge = store_add (store, "Forge", work);
  mail = store_add (store, "Mail", NULL);
  uuid = g_strdup (sesame_account_get_uuid (forge));

  window = sesame_window_new_with_store (app, store);
  gtk_window_present (GTK_WINDOW (window));
  sesame_test_wait_for_state (window, "list");
  sesame_window_set_tag (window, "work");
  wait_for_shown (window, 1);

  details = GTK_WINDOW (sesame_account_details_new (GTK_WINDOW (window), store, forge));
  g_object_add_weak_pointer (G_OBJECT (details), (gpointer *) &details);
  gtk_window_present (details);
  sesame_test_wait_until (is_mapped, details, "the details window");
  entry = tag_entry (details);
  g_assert_nonnull (entry);
  g_assert_cmpuint (n_tag_rows (details), ==, 1);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (remove_button (details, "Work")),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Remove tag “Work”");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (entry))),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Add Tags");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (entry))),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Separate tags with commas");

  /* Keys go to the window under the pointer (no window manager; windows
   * open at the top left). Alt+T is the entry's mnemonic. */
  run_xdotool ("mousemove", "200", "20", NULL);
  run_xdotool ("key", "alt+t", NULL);
  focus_wait = (FocusWait) { details, entry };
  sesame_test_wait_until (focus_inside, &focus_wait, "the focus in the tag entry");

  /* A comma adds the tag typed before it; Enter the rest. */
  run_xdotool ("type", "--delay", "30", " home ,Banking", NULL);
  wait_for_tags (forge, "Work|home");
  wait_for_text (entry, "Banking");
  run_xdotool ("key", "Return", NULL);
  wait_for_tags (forge, "Work|home|Banking");
  wait_for_text (entry, "");
  /* Emptied, it offers no ✓ (nothing to apply). */
  g_assert_false (shows_a_button (entry));
  g_assert_cmpuint (n_tag_rows (details), ==, 3);
  g_assert_true (focus_inside (&focus_wait));

  /* The same tag in another case is the same tag (the CLI's rule). */
  run_xdotool ("type", "--delay", "30", "WORK", NULL);
  wait_for_text (entry, "WORK");
  run_xdotool ("key", "Return", NULL);
  wait_for_text (entry, "");
  wait_for_writes (store, forge);
  read_back = tags_of (forge);
  g_assert_cmpstr (read_back, ==, "Work|home|Banking");
  g_clear_pointer (&read_back, g_free);
  screenshot ("details-tags.png");

  /* The window's menu lists the new tags once the keyring has them. */
  wait_for_writes (store, forge);
  g_assert_true (menu_lists (tag_menu (window), "Banking"));
  g_assert_true (menu_lists (tag_menu (window), "home"));

  /* Tab from the entry reaches "Remove tag “Work”" (the first tag row);
   * Space removes the tag, and the focus goes to the next tag's button. */
  tab_to (details, remove_button (details, "Work"));
  run_xdotool ("key", "space", NULL);
  wait_for_tags (forge, "home|Banking");
  g_assert_null (remove_button (details, "Work"));
  focus_wait = (FocusWait) { details, remove_button (details, "home") };
  sesame_test_wait_until (focus_inside, &focus_wait, "the focus on the next tag's button");

  /* "Work" had no other account: the menu drops it and the filter, which
   * showed only Forge, shows every account again. */
  wait_for_shown (window, 2);
  g_assert_false (menu_lists (tag_menu (window), "Work"));

  /* Typed, no Enter: Escape closes and saves it, as the other fields. */
  run_xdotool ("key", "alt+t", NULL);
  focus_wait = (FocusWait) { details, entry };
  sesame_test_wait_until (focus_inside, &focus_wait, "the focus back in the tag entry");
  run_xdotool ("type", "--delay", "30", "Travel", NULL);
  run_xdotool ("key", "Escape", NULL);
  sesame_test_wait_until (window_gone, &details, "the details to save and close");
  wait_for_tags (forge, "home|Banking|Travel");

  /* A fresh store reads them from the keyring. */
  reloaded = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  sesame_test_store_load (reloaded);
  read_back = tags_of (sesame_account_store_lookup (reloaded, uuid));
  g_assert_cmpstr (read_back, ==, "home|Banking|Travel");

  /* The window's filter finds the account by its new tag, and its row
   * shows the tags as saved. */
  wait_for_writes (store, forge);
  g_assert_true (menu_lists (tag_menu (window), "Travel"));
  g_assert_true (shows_label (GTK_WIDGET (window), "home · Banking · Travel"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "tags.show", "s", "Travel"));
  wait_for_shown (window, 1);
  {
    g_autoptr(SesameAccount) shown = g_list_model_get_item (sesame_window_get_shown_model (window), 0);

    g_assert_cmpstr (sesame_account_get_uuid (shown), ==, uuid);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* Removing every tag with the mouse's button (activated) and closing:
 * the account has none, and the window's tag menu hides. */
static void
test_details_remove_all (void)
{
  static const char * const tags[] = { "One", "Two", NULL };
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccountStore) reloaded = NULL;
  g_autoptr(SesameAccount) account = NULL;
  GtkWindow *details;

  sesame_test_store_load (store);
  account = store_add (store, "Solo", tags);
  details = GTK_WINDOW (sesame_account_details_new (NULL, store, account));
  g_object_add_weak_pointer (G_OBJECT (details), (gpointer *) &details);
  gtk_window_present (details);
  sesame_test_wait_until (is_mapped, details, "the details window");

  gtk_widget_activate (remove_button (details, "Two"));
  wait_for_tags (account, "One");
  gtk_widget_activate (remove_button (details, "One"));
  wait_for_tags (account, "");
  g_assert_cmpuint (n_tag_rows (details), ==, 0);
  /* Nothing left to remove: the focus is in the entry, to add one. */
  g_assert_true (gtk_widget_is_ancestor (focus_of (details), tag_entry (details)));
  gtk_window_close (details);
  sesame_test_wait_until (window_gone, &details, "the details to close");
  wait_for_writes (store, account);

  reloaded = sesame_account_store_new (sesame_account_store_get_schema_name (store));
  sesame_test_store_load (reloaded);
  g_assert_null (sesame_account_get_groups (sesame_account_store_lookup (reloaded, sesame_account_get_uuid (account)))[0]);
}

typedef struct
{
  gboolean emptied;
  gboolean given_back;
} RefusedWait;

static void
on_refused_changed (GtkEditable *entry,
                    RefusedWait *wait)
{
  const char *text = gtk_editable_get_text (entry);

  if (*text == '\0')
    wait->emptied = TRUE;
  else if (wait->emptied && g_str_equal (text, "Refused"))
    wait->given_back = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return ((RefusedWait *) data)->given_back;
}

/* The keyring refuses the edit (locked; no unlock prompt can be shown
 * here): the tag goes away again, and what was typed is back in the entry
 * to try again, not lost. */
static void
test_details_refused (void)
{
  static const char * const kept[] = { "Kept", NULL };
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autoptr(SesameAccount) account = NULL;
  GtkWindow *details;
  GtkWidget *entry;
  FocusWait focus_wait;
  RefusedWait given_back = { FALSE, FALSE };
  g_autofree char *tags = NULL;

  sesame_test_store_load (store);
  account = store_add (store, "Vault", kept);
  details = GTK_WINDOW (sesame_account_details_new (NULL, store, account));
  g_object_add_weak_pointer (G_OBJECT (details), (gpointer *) &details);
  gtk_window_present (details);
  sesame_test_wait_until (is_mapped, details, "the details window");
  entry = tag_entry (details);

  run_xdotool ("mousemove", "200", "20", NULL);
  run_xdotool ("key", "alt+t", NULL);
  focus_wait = (FocusWait) { details, entry };
  sesame_test_wait_until (focus_inside, &focus_wait, "the focus in the tag entry");
  run_xdotool ("type", "--delay", "30", "Refused", NULL);
  wait_for_text (entry, "Refused");

  sesame_test_keyring_lock ();
  g_signal_connect (entry, "changed", G_CALLBACK (on_refused_changed), &given_back);
  run_xdotool ("key", "Return", NULL);
  /* Emptied by Enter, then given back when the keyring said no. */
  sesame_test_wait_until (flag_set, &given_back, "the typed tag given back");
  g_signal_handlers_disconnect_by_func (entry, on_refused_changed, &given_back);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "Refused");
  tags = tags_of (account);
  g_assert_cmpstr (tags, ==, "Kept");
  g_assert_cmpuint (n_tag_rows (details), ==, 1);
  sesame_test_keyring_unlock ();

  /* Unlocked, Enter saves it. */
  run_xdotool ("key", "Return", NULL);
  wait_for_tags (account, "Kept|Refused");
  wait_for_text (entry, "");
  gtk_window_destroy (details);
  sesame_test_wait_until (window_gone, &details, "the details to close");
  wait_for_writes (store, account);
}

/* Import preview */

static gboolean
on_summary_page (gpointer data)
{
  return g_strcmp0 (sesame_import_dialog_get_page (data), "summary") == 0;
}

/* The subtitle of the preview row titled @title. */
static const char *
row_subtitle (GtkWidget  *dialog,
              const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (dialog, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return adw_action_row_get_subtitle (rows->pdata[i]);
  return NULL;
}

static void
on_import_finished (SesameImportDialog *dialog,
                    guint               added,
                    guint               skipped,
                    gpointer            data)
{
  *(guint *) data = added;
}

static gboolean
import_done (gpointer data)
{
  return *(guint *) data != G_MAXUINT;
}

/* An Aegis vault with groups: the preview shows each account's tags
 * before anything is added, and the added accounts carry them. */
static void
test_import_preview (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  SesameImportDialog *dialog;
  guint added = G_MAXUINT;

  if (sesame_test_shared_dir ("testdata") == NULL)
    {
      g_test_skip ("testdata not found (../shared beside the checkout, or SESAME_SHARED_DIR)");
      return;
    }
  path = g_build_filename (sesame_test_shared_dir ("testdata"), "aegis-importers", "aegis_plain_grouped_v2.json", NULL);
  file = g_file_new_for_path (path);

  sesame_test_store_load (store);
  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  sesame_test_wait_until (on_summary_page, dialog, "the import preview");
  g_assert_cmpuint (sesame_import_dialog_get_n_to_add (dialog), ==, 7);

  g_assert_cmpstr (row_subtitle (GTK_WIDGET (dialog), "Deno"), ==, "Mason\nTag: group1");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (dialog), "Airbnb"), ==, "Elijah\nTag: group1");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (dialog), "Issuu"), ==, "James\nTag: group2");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (dialog), "SPDX"), ==, "James");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  screenshot ("import-preview-tags.png");

  g_signal_connect (dialog, "finished", G_CALLBACK (on_import_finished), &added);
  sesame_import_dialog_confirm (dialog);
  sesame_test_wait_until (import_done, &added, "the import");
  g_assert_cmpuint (added, ==, 7);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *tags = tags_of (account);

      if (g_str_equal (sesame_account_get_issuer (account), "Deno"))
        g_assert_cmpstr (tags, ==, "group1");
      else if (g_str_equal (sesame_account_get_issuer (account), "SPDX"))
        g_assert_cmpstr (tags, ==, "");
    }
  if (GTK_IS_WINDOW (dialog))
    gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
}

/* A preview row's tags when there is no issuer, and several tags. */
static void
test_import_preview_no_issuer (void)
{
  g_autoptr(SesameAccountStore) store = new_store ();
  g_autofree char *dir = g_dir_make_tmp ("sesame-tags-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "tags.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SesameImportDialog *dialog;
  /* andOTP's plain format: a list of entries with tags. */
  const char *json =
    "[{\"secret\":\"JBSWY3DPEHPK3PXP\",\"issuer\":\"\",\"label\":\"nobody\",\"digits\":6,\"type\":\"TOTP\","
    "\"algorithm\":\"SHA1\",\"thumbnail\":\"Default\",\"last_used\":0,\"used_frequency\":0,\"period\":30,"
    "\"tags\":[\"Work\",\"Home\"]}]";

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);
  sesame_test_store_load (store);
  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  sesame_test_wait_until (on_summary_page, dialog, "the import preview");
  g_assert_cmpuint (sesame_import_dialog_get_n_to_add (dialog), ==, 1);
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (dialog), "nobody"), ==, "Tags: Work, Home");
  gtk_window_destroy (GTK_WINDOW (dialog));
  settle ();
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();

  sesame_test_require_session ();
  /* GTK's test accessibility backend keeps what assistive technologies
   * would be told (the suite sets "none"). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema_prefix = g_strdup_printf ("%s.Test.Tags.%.8s", APP_ID, uuid);
  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add_func ("/tags-ui/details-edit", test_details_edit);
  g_test_add_func ("/tags-ui/details-remove-all", test_details_remove_all);
  g_test_add_func ("/tags-ui/import-preview", test_import_preview);
  g_test_add_func ("/tags-ui/import-preview-no-issuer", test_import_preview_no_issuer);
  /* Last: it locks the session's keyring for a moment. */
  g_test_add_func ("/tags-ui/details-refused", test_details_refused);

  return g_test_run ();
}
