/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scan Screenshot for real on GNOME Shell: another window shows an
 * enrollment QR code, Sesame asks xdg-desktop-portal (with
 * xdg-desktop-portal-gnome) for a screenshot, GNOME asks whether to allow it
 * and the test answers the way a user would, on the keyboard (Tab to
 * "Allow", Enter); the code in the screenshot is enrolled. */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-enroll-dialog.h"
#include "sesame-enroll-dialog-private.h"
#include "sesame-qr-encode.h"
#include "sesame-scan-controller.h"
#include "sesame-scan-controller-private.h"
#include "sesame-test-gnome.h"
#include "sesame-test-images.h"
#include "sesame-test-utils.h"

#define URI "otpauth://totp/Wombatcloud:kim@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Wombatcloud"

static SesameAccountStore *store;

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GtkWidget *
wait_toplevel (GType type,
               guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) widget = g_list_model_get_item (toplevels, i);

          if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && gtk_widget_get_visible (widget))
            return widget;
        }
      sesame_test_wait_ms (50);
    }
  return NULL;
}

/* How many requests of ours the portal service @bus_name holds: the
 * children of /org/freedesktop/portal/desktop/request/SENDER (each
 * request, and the dialog it shows, lives there until it is answered or
 * closed). G_MAXUINT when the service did not answer: xdg-desktop-portal's
 * main thread is blocked while it holds a Close back (up to its 25 s call
 * timeout), and that is not "none". */
static guint
count_requests (const char *bus_name)
{
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (bus) + 1);
  g_autofree char *path = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *xml;
  guint n = 0;

  g_strdelimit (sender, ".", '_');
  path = g_strconcat ("/org/freedesktop/portal/desktop/request/", sender, NULL);
  reply = g_dbus_connection_call_sync (bus, bus_name, path, "org.freedesktop.DBus.Introspectable", "Introspect",
                                       NULL, G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &error);
  g_object_unref (bus);
  if (reply == NULL)
    {
      g_autofree char *remote = g_dbus_error_get_remote_error (error);

      /* No object there at all: no request. */
      if (g_strcmp0 (remote, "org.freedesktop.DBus.Error.UnknownObject") == 0 ||
          g_strcmp0 (remote, "org.freedesktop.DBus.Error.UnknownMethod") == 0 ||
          g_strcmp0 (remote, "org.freedesktop.DBus.Error.UnknownInterface") == 0)
        return 0;
      g_test_message ("%s did not answer: %s", bus_name, error->message);
      return G_MAXUINT;
    }
  g_variant_get (reply, "(&s)", &xml);
  node = g_dbus_node_info_new_for_xml (xml, NULL);
  for (guint i = 0; node != NULL && node->nodes != NULL && node->nodes[i] != NULL; i++)
    n++;
  return n;
}

static void
wait_requests (const char *bus_name,
               guint       n,
               guint       ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint now;

  while ((now = count_requests (bus_name)) != n && g_get_monotonic_time () < end)
    sesame_test_wait_ms (200);
  if (now != n)
    g_error ("%s holds %u screenshot requests of ours, not %u", bus_name, now, n);
}

static void
on_toast (SesameScanController *controller,
          const char           *message,
          gpointer              data)
{
  g_free (*(char **) data);
  *(char **) data = g_strdup (message);
}

static AdwMessageDialog *
wait_message (guint ms)
{
  return ADW_MESSAGE_DIALOG (wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, ms));
}

#define PORTAL "org.freedesktop.portal.Desktop"
/* GNOME Shell shows the "Allow …?" dialog itself (its Access portal) */
#define SHELL "org.gnome.Shell.Portal"
#define TIMEOUT_SECONDS "8"

/* Sesame's Scan Screenshot with nobody answering GNOME's question: Sesame
 * gives up after $SESAME_SCREENSHOT_TIMEOUT, says so, closes its request.
 * Returns once the portal has let the request go. */
static void
screenshot_times_out (SesameScanController *controller,
                      char                **toasted,
                      SesameTestKeyboard   *keyboard)
{
  AdwMessageDialog *message;

  sesame_scan_controller_scan_screenshot (controller);
  /* At once, and not "still waiting": a new request. */
  g_assert_nonnull (*toasted);
  g_assert_nonnull (strstr (*toasted, "Taking a screenshot"));
  /* The portal holds it while GNOME asks whether to allow it… */
  wait_requests (PORTAL, 1, 60000);
  wait_requests (SHELL, 1, 60000);
  g_assert_true (sesame_scan_controller_get_waiting_for_screenshot (controller));

  /* …until Sesame gives up, with a message that says what to do. */
  message = wait_message (60000);
  g_assert_nonnull (message);
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, "No Screenshot");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "within " TIMEOUT_SECONDS " seconds"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "open the image"));
  g_assert_false (sesame_scan_controller_get_waiting_for_screenshot (controller));

  /* Its request is closed: the portal lets it go. (xdg-desktop-portal 1.16
   * handles the Close only once its own call to the dialog ends, after its
   * 25 s D-Bus timeout: hence the long wait.) */
  wait_requests (PORTAL, 0, 120000);
  /* GNOME's dialog is not closed with it: the portal does not pass the
   * Close on while the question is up. The answer now goes nowhere (the
   * portal stopped waiting for it): Escape dismisses the dialog and nothing
   * is remembered. */
  g_test_message ("GNOME's dialogs still up after the request was closed: %u", count_requests (SHELL));
  for (int i = 0; i < 10 && count_requests (SHELL) != 0; i++)
    {
      sesame_test_keyboard_key (keyboard, 0xff1b);
      sesame_test_wait_ms (1000);
    }
  wait_requests (SHELL, 0, 10000);

  /* The message closes; the window is Sesame's again. */
  gtk_window_close (GTK_WINDOW (message));
  sesame_test_wait_ms (500);
  g_assert_null (wait_toplevel (ADW_TYPE_MESSAGE_DIALOG, 1));
}

/* #16.10: GNOME's "Allow screenshots?" holds the request and nobody
 * answers: after $SESAME_SCREENSHOT_TIMEOUT Sesame says so and closes its
 * request; a second Scan Screenshot starts afresh (not stuck "still
 * waiting") and ends the same way. Runs before scan-enrolls and never
 * answers the question while the portal waits for it, so that no answer is
 * remembered by the permission store. */
static void
test_screenshot_timeout (void)
{
  g_autoptr(SesameTestKeyboard) keyboard = sesame_test_keyboard_new ();
  g_autoptr(SesameScanController) controller = NULL;
  g_autofree char *toasted = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) version = NULL;
  g_autoptr(GError) error = NULL;

  /* Out of the overview. */
  sesame_test_keyboard_key (keyboard, 0xff1b);
  sesame_test_wait_ms (500);
  g_setenv ("SESAME_SCREENSHOT_TIMEOUT", TIMEOUT_SECONDS, TRUE);
  gtk_window_set_title (window, "Sesame");
  gtk_window_present (window);
  controller = sesame_scan_controller_new (window, store);
  g_signal_connect (controller, "toast", G_CALLBACK (on_toast), &toasted);

  /* The portal is started on demand: start it before the clock runs, so
   * that the request surely reaches it within the timeout. */
  version = g_dbus_connection_call_sync (bus, PORTAL, "/org/freedesktop/portal/desktop",
                                         "org.freedesktop.DBus.Properties", "Get",
                                         g_variant_new ("(ss)", "org.freedesktop.portal.Screenshot", "version"),
                                         NULL, G_DBUS_CALL_FLAGS_NONE, 60000, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_requests (PORTAL), ==, 0);

  screenshot_times_out (controller, &toasted, keyboard);
  g_clear_pointer (&toasted, g_free);
  screenshot_times_out (controller, &toasted, keyboard);

  g_unsetenv ("SESAME_SCREENSHOT_TIMEOUT");
  gtk_window_destroy (window);
}

static void
test_scan_screenshot (void)
{
  g_autoptr(SesameTestKeyboard) keyboard = sesame_test_keyboard_new ();
  g_autoptr(SesameGrayImage) image = sesame_test_qr_render (URI, SESAME_QR_EC_MEDIUM, 8, 4);
  g_autofree char *png = sesame_test_image_save_png (image);
  g_autoptr(SesameScanController) controller = NULL;
  g_autoptr(SesameAccount) added = NULL;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWindow *other = GTK_WINDOW (gtk_window_new ());
  SesameEnrollDialog *dialog;

  sesame_test_keyboard_key (keyboard, 0xff1b);
  sesame_test_wait_ms (500);
  gtk_window_set_title (window, "Sesame");
  gtk_window_present (window);
  controller = sesame_scan_controller_new (window, store);

  /* Another application's window with the code, on top. */
  gtk_window_set_title (other, "A website's enrollment page");
  gtk_window_set_default_size (other, 500, 500);
  gtk_window_set_child (other, gtk_picture_new_for_filename (png));
  gtk_window_present (other);
  sesame_test_wait_ms (1500);

  sesame_scan_controller_scan_screenshot (controller);
  /* GNOME asks "Allow Sesame to take screenshots?" the first time, in a
   * dialog of its own with Deny focused: Tab to Allow, Enter — again until
   * the portal answered (the dialog takes a moment on a loaded machine). */
  dialog = NULL;
  for (int i = 0; i < 8 && dialog == NULL; i++)
    {
      sesame_test_wait_ms (3000);
      if (!sesame_scan_controller_get_waiting_for_screenshot (controller))
        break;
      sesame_test_keyboard_key (keyboard, 0xff09);
      sesame_test_keyboard_key (keyboard, 0xff0d);
      dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG, 1000));
    }
  if (dialog == NULL)
    dialog = SESAME_ENROLL_DIALOG (wait_toplevel (SESAME_TYPE_ENROLL_DIALOG, 10000));
  if (dialog == NULL)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWidget) widget = g_list_model_get_item (toplevels, i);

          g_printerr ("window %s \"%s\"\n", G_OBJECT_TYPE_NAME (widget),
                      gtk_window_get_title (GTK_WINDOW (widget)));
          if (ADW_IS_MESSAGE_DIALOG (widget))
            g_printerr ("  %s: %s\n", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (widget)),
                        adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (widget)));
        }
    }
  g_assert_nonnull (dialog);
  g_assert_cmpuint (sesame_enroll_dialog_get_n_selected (dialog), ==, 1);
  sesame_enroll_dialog_add (dialog);
  for (int i = 0; i < 400 && g_list_model_get_n_items (G_LIST_MODEL (store)) == 0; i++)
    sesame_test_wait_ms (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  added = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (sesame_account_get_issuer (added), ==, "Wombatcloud");
  g_assert_cmpstr (sesame_account_get_name (added), ==, "kim@example.com");

  gtk_window_destroy (other);
  gtk_window_destroy (window);
  g_unlink (png);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *schema_name = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  sesame_test_gnome_require ();
  sesame_test_require_session ();
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  schema_name = g_strdup_printf ("%s.Test.GnomeScreenshot.%.8s", APP_ID, uuid);
  store = sesame_account_store_new (schema_name);
  sesame_account_store_load_async (store, NULL, on_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sesame_account_store_load_finish (store, result, &error));

  /* First: it leaves the permission store without an answer. */
  g_test_add_func ("/gnome/screenshot/timeout", test_screenshot_timeout);
  g_test_add_func ("/gnome/screenshot/scan-enrolls", test_scan_screenshot);
  status = g_test_run ();

  {
    SecretSchema *schema = secret_schema_new (schema_name, SECRET_SCHEMA_NONE,
                                              "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING, NULL);
    g_autoptr(GHashTable) none = g_hash_table_new (g_str_hash, g_str_equal);

    secret_password_clearv_sync (schema, none, NULL, NULL);
    secret_schema_unref (schema);
  }
  g_clear_object (&store);
  return status;
}
