/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "sesame-account.h"
#include "sesame-account-store.h"
#include "sesame-application.h"
#include "sesame-enroll-dialog.h"
#include "sesame-enroll-dialog-private.h"
#include "sesame-migration.h"
#include "sesame-qr-encode.h"
#include "sesame-scan-controller.h"
#include "sesame-scan-controller-private.h"
#include "sesame-test-images.h"
#include "sesame-test-utils.h"

#define URI_A "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example"

static char *schema_name;
static SesameAccountStore *store;
static GtkWindow *window;
static SesameScanController *controller;

/* The newest toplevel of @type, waiting for it to appear. */
static GtkWidget *
wait_toplevel (GType type)
{
  for (guint tries = 0; tries < 1000; tries++)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) widget = g_list_model_get_item (toplevels, i);

          if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
            return widget;
        }
      sesame_test_iterate_ms (10);
    }

  return NULL;
}

static GtkWidget *
find_toplevel_now (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) widget = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
        return widget;
    }

  return NULL;
}

static void
close_all (GType type)
{
  GtkWidget *widget;

  while ((widget = find_toplevel_now (type)) != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (widget));
      sesame_test_iterate_ms (20);
    }
}

static char *
write_qr_png (const char *text)
{
  g_autoptr(SesameGrayImage) image = sesame_test_qr_render (text, SESAME_QR_EC_MEDIUM, 5, 4);

  return sesame_test_image_save_png (image);
}

static guint
n_accounts (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

static void
wait_accounts (guint n)
{
  for (guint tries = 0; tries < 1000 && n_accounts () != n; tries++)
    sesame_test_iterate_ms (10);
  g_assert_cmpuint (n_accounts (), ==, n);
}

/* A link: the dialog shows the fields; nothing is saved before "Add";
 * the same link again is recognised as a duplicate. */
static void
test_link_then_duplicate (void)
{
  SesameEnrollDialog *dialog;
  guint before = n_accounts ();

  g_assert_true (sesame_scan_controller_handle_text (controller, "  " URI_A "\n"));
  dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (sesame_enroll_dialog_get_n_selected (dialog), ==, 1);
  g_assert_null (sesame_enroll_dialog_get_error (dialog));
  sesame_test_iterate_ms (50);
  g_assert_cmpuint (n_accounts (), ==, before);

  sesame_enroll_dialog_add (dialog);
  wait_accounts (before + 1);
  sesame_test_iterate_ms (50);
  g_assert_null (find_toplevel_now (SESAME_TYPE_ENROLL_DIALOG));

  g_assert_true (sesame_scan_controller_handle_text (controller, URI_A));
  dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_cmpuint (sesame_enroll_dialog_get_n_selected (dialog), ==, 0);
  g_assert_cmpstr (sesame_enroll_dialog_get_error (dialog), ==, "This account is already in Sesame.");
  sesame_enroll_dialog_add (dialog);
  sesame_test_iterate_ms (100);
  g_assert_cmpuint (n_accounts (), ==, before + 1);
  close_all (SESAME_TYPE_ENROLL_DIALOG);

  g_assert_false (sesame_scan_controller_handle_text (controller, "hello, not a link"));
}

/* An image file with a QR code: scanned in a thread, then the dialog. */
static void
test_image_file (void)
{
  const char *uri = "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7&issuer=Bank";
  g_autofree char *png = write_qr_png (uri);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  SesameEnrollDialog *dialog;
  guint before = n_accounts ();
  SesameAccount *added;

  sesame_scan_controller_scan_file (controller, file);
  dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_nonnull (dialog);
  sesame_enroll_dialog_add (dialog);
  wait_accounts (before + 1);

  added = g_list_model_get_item (G_LIST_MODEL (store), before);
  g_assert_cmpstr (sesame_account_get_issuer (added), ==, "Bank");
  g_assert_cmpint (sesame_account_get_otp_type (added), ==, SESAME_OTP_TYPE_HOTP);
  g_assert_cmpuint (sesame_account_get_counter (added), ==, 7);
  g_object_unref (added);
  g_unlink (png);
}

/* A QR code that is not for two-factor: a clear message, nothing added. */
static void
test_not_enrollment (void)
{
  g_autofree char *png = write_qr_png ("https://example.com/login");
  g_autoptr(GFile) file = g_file_new_for_path (png);
  AdwMessageDialog *message;
  guint before = n_accounts ();

  sesame_scan_controller_scan_file (controller, file);
  message = ADW_MESSAGE_DIALOG (wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "Not a Two-Factor Code");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "example.com"));
  g_assert_null (find_toplevel_now (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_cmpuint (n_accounts (), ==, before);
  close_all (ADW_TYPE_MESSAGE_DIALOG);
  g_unlink (png);
}

static void
test_no_code (void)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 200);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  AdwMessageDialog *message;
  int fd;

  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  fd = g_file_open_tmp ("sesame-blank-XXXXXX.png", &path, NULL);
  close (fd);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", NULL, NULL));
  file = g_file_new_for_path (path);

  sesame_scan_controller_scan_file (controller, file);
  message = ADW_MESSAGE_DIALOG (wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "No QR Code Found");
  close_all (ADW_TYPE_MESSAGE_DIALOG);
  g_unlink (path);
}

/* A Google Authenticator export: a list with checkboxes, the account
 * already in Sesame unchecked, the others added. */
static void
test_google_batch (void)
{
  g_autoptr(GPtrArray) otps = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  g_auto(GStrv) uris = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GFile) file = NULL;
  SesameEnrollDialog *dialog;
  guint before = n_accounts ();

  g_ptr_array_add (otps, sesame_otpauth_parse (URI_A, &error));
  g_ptr_array_add (otps, sesame_otpauth_parse ("otpauth://totp/Shop:carol?secret=KRSXG5CTMVRXEZLU&issuer=Shop&digits=8", &error));
  g_ptr_array_add (otps, sesame_otpauth_parse ("otpauth://totp/Mail:dave?secret=MFRGGZDFMZTWQ2LK&issuer=Mail&algorithm=SHA256", &error));
  g_assert_no_error (error);
  uris = sesame_migration_encode (otps, 0, &error);
  g_assert_no_error (error);
  png = write_qr_png (uris[0]);
  file = g_file_new_for_path (png);

  sesame_scan_controller_scan_file (controller, file);
  dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_nonnull (dialog);
  /* Example:alice is already there (first test). */
  g_assert_cmpuint (sesame_enroll_dialog_get_n_selected (dialog), ==, 2);
  sesame_enroll_dialog_add (dialog);
  wait_accounts (before + 2);
  g_unlink (png);
}

/* Drag-and-drop of image data: the window's drop target scans it. */
static void
test_drop_texture (void)
{
  const char *uri = "otpauth://totp/Drop:erin?secret=ONSWG4TFOQ&issuer=Drop";
  g_autofree char *png = write_qr_png (uri);
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, NULL);
  g_autoptr(GtkEventController) target = GTK_EVENT_CONTROLLER (sesame_scan_controller_create_drop_target (controller));
  g_auto(GValue) value = G_VALUE_INIT;
  SesameEnrollDialog *dialog;
  gboolean handled = FALSE;

  g_assert_nonnull (texture);
  g_value_init (&value, GDK_TYPE_TEXTURE);
  g_value_set_object (&value, texture);
  g_signal_emit_by_name (target, "drop", &value, 0.0, 0.0, &handled);
  g_assert_true (handled);

  dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (sesame_enroll_dialog_get_n_selected (dialog), ==, 1);
  close_all (SESAME_TYPE_ENROLL_DIALOG);
  g_unlink (png);
}

/* Ctrl+V of a copied image, through the real X clipboard. */
static void
test_paste_image (void)
{
  const char *uri = "otpauth://totp/Paste:frank?secret=MZXW6YTBOI&issuer=Paste";
  g_autofree char *png = write_qr_png (uri);
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (png, NULL);
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  SesameEnrollDialog *dialog;

  gdk_clipboard_set_texture (clipboard, texture);
  sesame_test_iterate_ms (50);
  sesame_scan_controller_paste (controller);

  dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_nonnull (dialog);
  close_all (SESAME_TYPE_ENROLL_DIALOG);
  g_unlink (png);
}

/* No screenshot portal in the test session: a clear message, no crash. */
static void
test_screenshot_without_portal (void)
{
  AdwMessageDialog *message;

  sesame_scan_controller_scan_screenshot (controller);
  message = ADW_MESSAGE_DIALOG (wait_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "portal"));
  close_all (ADW_TYPE_MESSAGE_DIALOG);
}

static gboolean found_dialog;

static gboolean
check_and_quit (gpointer data)
{
  GApplication *app = data;

  if (find_toplevel_now (SESAME_TYPE_ENROLL_DIALOG) == NULL)
    return G_SOURCE_CONTINUE;

  found_dialog = TRUE;
  close_all (SESAME_TYPE_ENROLL_DIALOG);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

/* `sesame otpauth://…`: the application opens the link into the same
 * confirmation dialog. */
static void
test_application_opens_link (void)
{
  g_autoptr(SesameApplication) app = NULL;
  char *args[] = { (char *) "sesame", (char *) "otpauth://totp/Linked:gina?secret=NBSWY3DP&issuer=Linked", NULL };

  g_setenv ("SESAME_KEYRING_SCHEMA", schema_name, TRUE);
  app = sesame_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_timeout_add (50, check_and_quit, app);
  g_application_run (G_APPLICATION (app), 2, args);

  g_assert_true (found_dialog);
}

static void
clear_items (void)
{
  SecretSchema *schema = secret_schema_new (schema_name, SECRET_SCHEMA_NONE,
                                            "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
  g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

  secret_password_clearv_sync (schema, none, NULL, NULL);
  secret_schema_unref (schema);
}

/* A Google export whose entries Sesame cannot all read: the ones it can
 * go to the confirmation, and the others are said (a toast each), not
 * dropped; the link is taken whatever the case of its scheme. */
#define MIGRATION_WITH_MD5 "OTPAUTH-MIGRATION://offline?data=CiEKCvqlBekzoNEukL4SA21kNRoGTGVnYWN5IAQoATACOAAKIAoK" \
                           "%2BqUF6TOg0S6QvhIEZ29vZBoEQWNtZSABKAEwAjgAEAEYAiAAKAc%3D"

static void
on_toast (SesameScanController *scan,
          const char           *message,
          GPtrArray            *toasts)
{
  g_ptr_array_add (toasts, g_strdup (message));
}

static void
test_google_problems_said (void)
{
  g_autoptr(GPtrArray) toasts = g_ptr_array_new_with_free_func (g_free);
  SesameEnrollDialog *dialog;
  gulong handler;

  handler = g_signal_connect (controller, "toast", G_CALLBACK (on_toast), toasts);
  g_assert_true (sesame_scan_controller_handle_text (controller, "  " MIGRATION_WITH_MD5 "\n"));
  dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (sesame_enroll_dialog_get_n_selected (dialog), ==, 1);
  g_signal_handler_disconnect (controller, handler);

  g_assert_cmpuint (toasts->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (toasts, 0), "md5"));
  close_all (SESAME_TYPE_ENROLL_DIALOG);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema_name = sesame_test_schema_name ("Scan");
  store = sesame_account_store_new (schema_name);
  sesame_account_store_load_async (store, NULL, sesame_test_on_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sesame_account_store_load_finish (store, result, &error));

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (window);
  controller = sesame_scan_controller_new (window, store);

  g_test_add_func ("/scan/link-then-duplicate", test_link_then_duplicate);
  g_test_add_func ("/scan/image-file", test_image_file);
  g_test_add_func ("/scan/not-enrollment", test_not_enrollment);
  g_test_add_func ("/scan/no-code", test_no_code);
  g_test_add_func ("/scan/google-batch", test_google_batch);
  g_test_add_func ("/scan/google-problems-said", test_google_problems_said);
  g_test_add_func ("/scan/drop-texture", test_drop_texture);
  g_test_add_func ("/scan/paste-image", test_paste_image);
  g_test_add_func ("/scan/screenshot-without-portal", test_screenshot_without_portal);
  g_test_add_func ("/scan/application-opens-link", test_application_opens_link);

  status = g_test_run ();

  clear_items ();
  g_clear_object (&controller);
  gtk_window_destroy (window);
  g_clear_object (&store);

  return status;
}
