/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "sesame-account.h"
#include "sesame-account-store.h"
#include "sesame-backup.h"
#include "sesame-backup-dialog.h"
#include "sesame-backup-dialog-private.h"
#include "sesame-import.h"
#include "sesame-import-dialog.h"
#include "sesame-import-dialog-private.h"
#include "sesame-test-utils.h"

#define PASSPHRASE "seven purple lanterns drift"

static char *source_schema;
static char *target_schema;
static char *backup_path;

static SesameAccountStore *
load_store (const char *schema)
{
  SesameAccountStore *store = sesame_account_store_new (schema);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  g_assert_true (sesame_account_store_load_finish (store, sesame_test_await_result (&result), &error));
  g_assert_no_error (error);
  return store;
}

static void
add_account (SesameAccountStore *store,
             const char         *uri)
{
  g_autoptr(SesameOtpauth) otp = sesame_otpauth_parse (uri, NULL);
  g_autoptr(SesameAccount) account = sesame_account_new_from_otpauth (otp);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_set_note (account, "recovery codes are in the safe");
  sesame_account_store_add_async (store, account, NULL, sesame_test_on_result, &result);
  g_assert_true (sesame_account_store_add_finish (store, sesame_test_await_result (&result), &error));
  g_assert_no_error (error);
}

static void
iterate_until_page (SesameImportDialog *dialog,
                    const char         *page)
{
  for (guint i = 0; i < 3000 && g_strcmp0 (sesame_import_dialog_get_page (dialog), page) != 0; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (sesame_import_dialog_get_page (dialog), ==, page);
}

static void
on_backup_finished (SesameBackupDialog *dialog,
                    GFile              *file,
                    guint               n,
                    guint              *out)
{
  *out = n;
}

/* Back Up…: the passphrase must be confirmed; the file is age, holds every
 * account with its note, and nothing readable is on disk. */
static void
test_backup (void)
{
  g_autoptr(SesameAccountStore) store = load_store (source_schema);
  g_autoptr(GFile) file = NULL;
  g_autoptr(SesameImportResult) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SesameBackupDialog *dialog;
  guint written = G_MAXUINT;
  gsize length;

  add_account (store, "otpauth://totp/Forge:ann?secret=JBSWY3DPEHPK3PXP&issuer=Forge");
  add_account (store, "otpauth://hotp/Vault:ben?secret=GEZDGNBVGY3TQOJQ&issuer=Vault&counter=3");

  dialog = sesame_backup_dialog_new (NULL, store);
  sesame_backup_dialog_set_work_factor (dialog, 10);
  gtk_window_present (GTK_WINDOW (dialog));
  g_signal_connect (dialog, "finished", G_CALLBACK (on_backup_finished), &written);

  g_assert_false (sesame_backup_dialog_can_save (dialog));
  sesame_backup_dialog_set_passphrase (dialog, PASSPHRASE, "something else");
  g_assert_false (sesame_backup_dialog_can_save (dialog));
  sesame_backup_dialog_set_passphrase (dialog, PASSPHRASE, PASSPHRASE);
  g_assert_true (sesame_backup_dialog_can_save (dialog));

  backup_path = g_build_filename (g_get_tmp_dir (), "sesame-dialog-backup.age", NULL);
  file = g_file_new_for_path (backup_path);
  sesame_backup_dialog_save_to (dialog, file);
  while (written == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (written, ==, 2);

  g_assert_true (g_file_get_contents (backup_path, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "age-encryption.org/v1\n"));
  g_assert_null (g_strstr_len (contents, length, "Forge"));

  read = sesame_import_file (file, "age", PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->accounts->len, ==, 2);
  g_assert_cmpstr (sesame_account_get_note (g_ptr_array_index (read->accounts, 0)), ==,
                   "recovery codes are in the safe");
}

/* Exports for other apps: an encrypted Aegis vault needs the passphrase; a
 * plain one needs an explicit confirmation, and both import back. */
static void
test_exports (void)
{
  g_autoptr(SesameAccountStore) store = load_store (source_schema);
  g_autofree char *aegis_path = g_build_filename (g_get_tmp_dir (), "sesame-dialog-aegis.json", NULL);
  g_autofree char *plain_path = g_build_filename (g_get_tmp_dir (), "sesame-dialog-links.txt", NULL);
  g_autoptr(GFile) aegis = g_file_new_for_path (aegis_path);
  g_autoptr(GFile) plain = g_file_new_for_path (plain_path);
  g_autoptr(SesameImportResult) read = NULL;
  g_autoptr(GError) error = NULL;
  SesameBackupDialog *dialog;
  guint written = G_MAXUINT;

  dialog = sesame_backup_dialog_new (NULL, store);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_backup_finished), &written);
  gtk_window_present (GTK_WINDOW (dialog));
  sesame_backup_dialog_set_format (dialog, SESAME_EXPORT_AEGIS);
  sesame_backup_dialog_set_passphrase (dialog, PASSPHRASE, PASSPHRASE);
  g_assert_true (sesame_backup_dialog_can_save (dialog));
  sesame_backup_dialog_save_to (dialog, aegis);
  while (written == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (written, ==, 2);

  read = sesame_import_file (aegis, NULL, PASSPHRASE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->accounts->len, ==, 2);
  g_clear_pointer (&read, sesame_import_result_free);

  written = G_MAXUINT;
  dialog = sesame_backup_dialog_new (NULL, store);
  g_signal_connect (dialog, "finished", G_CALLBACK (on_backup_finished), &written);
  gtk_window_present (GTK_WINDOW (dialog));
  sesame_backup_dialog_set_format (dialog, SESAME_EXPORT_URIS);
  g_assert_false (sesame_backup_dialog_can_save (dialog));
  sesame_backup_dialog_set_plain_confirmed (dialog, TRUE);
  g_assert_true (sesame_backup_dialog_can_save (dialog));
  sesame_backup_dialog_save_to (dialog, plain);
  while (written == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);

  read = sesame_import_file (plain, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->accounts->len, ==, 2);

  g_unlink (aegis_path);
  g_unlink (plain_path);
}

static void
on_import_finished (SesameImportDialog *dialog,
                    guint               added,
                    guint               skipped,
                    guint              *out)
{
  out[0] = added;
  out[1] = skipped;
}

/* Restore…: asks the passphrase (a wrong one is said so), shows the plan,
 * adds on confirmation; a second restore adds nothing. */
static void
test_restore_twice (void)
{
  g_autoptr(SesameAccountStore) store = load_store (target_schema);
  g_autoptr(GFile) file = g_file_new_for_path (backup_path);
  SesameImportDialog *dialog;
  guint counts[2] = { G_MAXUINT, G_MAXUINT };

  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_until_page (dialog, "password");
  /* Asked, not yet wrong: no error line. */
  g_assert_null (sesame_import_dialog_get_password_error (dialog));

  sesame_import_dialog_unlock (dialog, "not the passphrase");
  iterate_until_page (dialog, "working");
  iterate_until_page (dialog, "password");
  g_assert_nonnull (sesame_import_dialog_get_password_error (dialog));
  g_test_message ("wrong passphrase: %s", sesame_import_dialog_get_password_error (dialog));
  g_assert_cmpstr (sesame_import_dialog_get_password_error (dialog), !=, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  sesame_import_dialog_unlock (dialog, PASSPHRASE);
  iterate_until_page (dialog, "summary");
  g_assert_cmpuint (sesame_import_dialog_get_n_to_add (dialog), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  g_signal_connect (dialog, "finished", G_CALLBACK (on_import_finished), counts);
  sesame_import_dialog_confirm (dialog);
  while (counts[0] == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counts[0], ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_until_page (dialog, "password");
  sesame_import_dialog_unlock (dialog, PASSPHRASE);
  iterate_until_page (dialog, "summary");
  g_assert_cmpuint (sesame_import_dialog_get_n_to_add (dialog), ==, 0);
  g_assert_cmpuint (sesame_import_dialog_get_n_skipped (dialog), ==, 2);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
}

/* A damaged backup: a clear error page, nothing imported. */
static void
test_truncated (void)
{
  g_autoptr(SesameAccountStore) store = load_store (target_schema);
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "sesame-dialog-truncated.age", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SesameImportDialog *dialog;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (store));
  gsize length;

  g_assert_true (g_file_get_contents (backup_path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length - 40, NULL));

  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_until_page (dialog, "password");
  sesame_import_dialog_unlock (dialog, PASSPHRASE);
  iterate_until_page (dialog, "error");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, before);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_unlink (path);
}

static void clear_schema (const char *name);

static GtkProgressBar *
find_progress_bar (GtkWidget *widget)
{
  if (GTK_IS_PROGRESS_BAR (widget))
    return GTK_PROGRESS_BAR (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkProgressBar *found = find_progress_bar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A big import shows its progress; closing the window (Cancel) part-way
 * keeps the whole accounts added so far and says how many; importing the
 * same file again adds only the rest, none twice. */
static void
test_import_cancel (void)
{
  g_autofree char *schema = g_strdup_printf ("%s.Cancel", target_schema);
  g_autoptr(SesameAccountStore) store = load_store (schema);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "sesame-dialog-many.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) uris = g_string_new (NULL);
  SesameImportDialog *dialog;
  GtkProgressBar *bar;
  guint counts[2] = { G_MAXUINT, G_MAXUINT };
  guint first;

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (uris, "otpauth://totp/Many%%20%03u:me?secret=JBSWY3DPEHPK3PXP&issuer=Many%%20%03u\n", i, i);
  g_assert_true (g_file_set_contents (path, uris->str, -1, NULL));

  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_until_page (dialog, "summary");
  g_assert_cmpuint (sesame_import_dialog_get_n_to_add (dialog), ==, 120);

  g_signal_connect (dialog, "finished", G_CALLBACK (on_import_finished), counts);
  sesame_import_dialog_confirm (dialog);
  bar = find_progress_bar (GTK_WIDGET (dialog));
  g_assert_nonnull (bar);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (bar)));
  while (g_list_model_get_n_items (G_LIST_MODEL (store)) < 5)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), >, 0.0);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), <, 1.0);
  g_assert_true (g_str_has_suffix (gtk_progress_bar_get_text (bar), " of 120"));

  gtk_window_close (GTK_WINDOW (dialog));
  while (counts[0] == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  first = counts[0];
  g_test_message ("cancelled after %u of 120", first);
  g_assert_cmpuint (first, >=, 5);
  g_assert_cmpuint (first, <, 120);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, first);

  dialog = sesame_import_dialog_new (NULL, store, file);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate_until_page (dialog, "summary");
  g_assert_cmpuint (sesame_import_dialog_get_n_to_add (dialog), ==, 120 - first);
  g_assert_cmpuint (sesame_import_dialog_get_n_skipped (dialog), ==, first);
  counts[0] = G_MAXUINT;
  g_signal_connect (dialog, "finished", G_CALLBACK (on_import_finished), counts);
  sesame_import_dialog_confirm (dialog);
  while (counts[0] == G_MAXUINT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counts[0], ==, 120 - first);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 120);

  g_unlink (path);
  clear_schema (schema);
}

static void
clear_schema (const char *name)
{
  SecretSchema *schema = secret_schema_new (name, SECRET_SCHEMA_NONE,
                                            "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  secret_password_clearv_sync (schema, none, NULL, NULL);
  secret_schema_unref (schema);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  source_schema = sesame_test_schema_name ("BackupSource");
  target_schema = sesame_test_schema_name ("BackupTarget");

  g_test_add_func ("/backup-dialogs/backup", test_backup);
  g_test_add_func ("/backup-dialogs/exports", test_exports);
  g_test_add_func ("/backup-dialogs/restore-twice", test_restore_twice);
  g_test_add_func ("/backup-dialogs/truncated", test_truncated);
  g_test_add_func ("/backup-dialogs/import-cancel", test_import_cancel);

  status = g_test_run ();

  clear_schema (source_schema);
  clear_schema (target_schema);
  if (backup_path != NULL)
    g_unlink (backup_path);

  return status;
}
