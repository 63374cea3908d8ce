/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sesame-account.h"
#include "sesame-base32.h"
#include "sesame-migration.h"
#include "sesame-otpauth.h"
#include "sesame-transfer-dialog.h"
#include "sesame-transfer-dialog-private.h"

/* Export → Transfer to a Phone, on a real window under Xvfb: the codes step
 * one after another ("Code 2 of 3"), and what the window draws is read by
 * zbarimg as the right code; the accounts the format cannot carry follow
 * one by one as otpauth:// codes. */

static SesameAccount *
make_account (SesameOtpType       type,
              const char         *issuer,
              const char         *name,
              const char         *secret_base32,
              SesameOtpAlgorithm  algorithm,
              guint               digits,
              guint               period)
{
  g_autoptr(SesameSecret) secret = sesame_base32_decode (secret_base32, -1, NULL);
  SesameAccount *account = sesame_account_new ();

  sesame_account_set_otp_type (account, type);
  sesame_account_set_issuer (account, issuer);
  sesame_account_set_name (account, name);
  sesame_account_set_secret (account, secret);
  sesame_account_set_algorithm (account, algorithm);
  sesame_account_set_digits (account, digits);
  sesame_account_set_period (account, period);
  return account;
}

static void
wait_drawn (GtkWidget *widget)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end &&
         (!gtk_widget_get_mapped (widget) || gtk_widget_get_width (widget) < 100))
    g_main_context_iteration (NULL, FALSE);
  /* A few more frames for the new code to be laid out and drawn. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (widget));
}

/* What the widget draws, as a PNG file; its path. */
static char *
render (GtkWidget  *widget,
        const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width, height;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *keep = g_getenv ("SESAME_TEST_SCREENSHOTS");
  char *path;

  wait_drawn (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (keep != NULL ? keep : g_get_tmp_dir (), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}

static char *
scan (const char *path)
{
  const char *argv[] = { "zbarimg", "--quiet", "--raw", path, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_nonnull (g_find_program_in_path ("zbarimg"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("zbarimg read no code in %s", path);
  if (g_getenv ("SESAME_TEST_SCREENSHOTS") == NULL)
    g_unlink (path);
  return g_strchomp (out);
}

static void
test_step_through (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  SesameTransferDialog *dialog;
  int batch_id = 0;

  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, "SPDX", "James", "5OM4WOOGPLQEF6UGN3CPEOOLWU", SESAME_OTP_ALGORITHM_SHA256, 7, 20));
  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_STEAM, "Steam", "Sophia", "JRZCL47CMXVOQMNPZR2F7J4RGI", SESAME_OTP_ALGORITHM_SHA1, 5, 30));
  for (guint i = 0; i < 18; i++)
    {
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);
      g_autofree char *name = g_strdup_printf ("user%u@example.org", i);

      g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, issuer, name, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
                                               SESAME_OTP_ALGORITHM_SHA1, 6, 30));
    }

  dialog = sesame_transfer_dialog_new (NULL, accounts);
  gtk_window_present (GTK_WINDOW (dialog));

  g_assert_cmpstr (sesame_transfer_dialog_get_page (dialog), ==, "codes");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *want = g_strdup_printf ("Code %u of 3", i + 1);
      g_autofree char *name = g_strdup_printf ("transfer-dialog-code-%u.png", i + 1);
      g_autofree char *shot = NULL;
      g_autofree char *uri = NULL;
      g_autoptr(SesameMigrationBatch) batch = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (sesame_transfer_dialog_get_position (dialog), ==, want);
      if (i == 1 && g_getenv ("SESAME_TEST_SCREENSHOTS") != NULL)
        g_free (render (GTK_WIDGET (dialog), "transfer-dialog-window.png"));
      shot = render (sesame_transfer_dialog_get_qr_view (dialog), name);
      uri = scan (shot);
      batch = sesame_migration_parse (uri, &error);
      g_assert_no_error (error);
      g_assert_cmpint (batch->batch_size, ==, 3);
      g_assert_cmpint (batch->batch_index, ==, (int) i);
      if (i == 0)
        batch_id = batch->batch_id;
      g_assert_cmpint (batch->batch_id, ==, batch_id);
      g_assert_cmpuint (batch->accounts->len, >, 0);

      sesame_transfer_dialog_next (dialog);
    }
  /* The last code stays. */
  g_assert_cmpstr (sesame_transfer_dialog_get_position (dialog), ==, "Code 3 of 3");
  sesame_transfer_dialog_previous (dialog);
  g_assert_cmpstr (sesame_transfer_dialog_get_position (dialog), ==, "Code 2 of 3");

  /* The two set apart, one by one, as otpauth:// codes. */
  sesame_transfer_dialog_show_skipped (dialog);
  g_assert_cmpstr (sesame_transfer_dialog_get_page (dialog), ==, "single");
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *want = g_strdup_printf ("Account %u of 2", i + 1);
      g_autofree char *name = g_strdup_printf ("transfer-dialog-single-%u.png", i + 1);
      g_autofree char *shot = NULL;
      g_autofree char *uri = NULL;
      g_autoptr(SesameOtpauth) otp = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (sesame_transfer_dialog_get_position (dialog), ==, want);
      if (i == 0 && g_getenv ("SESAME_TEST_SCREENSHOTS") != NULL)
        g_free (render (GTK_WIDGET (dialog), "transfer-dialog-single-window.png"));
      shot = render (sesame_transfer_dialog_get_qr_view (dialog), name);
      uri = scan (shot);
      otp = sesame_otpauth_parse (uri, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (otp->issuer, ==, i == 0 ? "SPDX" : "Steam");
      g_assert_cmpuint (otp->digits, ==, i == 0 ? 7 : 5);
      sesame_transfer_dialog_next (dialog);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Nothing the format carries: the dialog starts with the accounts one by one. */
static void
test_only_skipped (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);
  SesameTransferDialog *dialog, *empty;

  g_ptr_array_add (accounts, make_account (SESAME_OTP_TYPE_TOTP, "Slow", "x", "JBSWY3DPEHPK3PXP", SESAME_OTP_ALGORITHM_SHA1, 6, 60));
  dialog = sesame_transfer_dialog_new (NULL, accounts);
  g_assert_cmpstr (sesame_transfer_dialog_get_page (dialog), ==, "single");
  g_assert_cmpstr (sesame_transfer_dialog_get_position (dialog), ==, "Account 1 of 1");
  gtk_window_destroy (GTK_WINDOW (dialog));

  empty = sesame_transfer_dialog_new (NULL, none);
  g_assert_cmpstr (sesame_transfer_dialog_get_page (empty), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (empty));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/transfer-dialog/step-through", test_step_through);
  g_test_add_func ("/transfer-dialog/only-skipped", test_only_skipped);

  return g_test_run ();
}
