/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-cli-scan"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sesame-migration.h"
#include "sesame-otpauth.h"
#include "sesame-qr-encode.h"
#include "sesame-test-utils.h"

/* Runs the built sesame-cli on QR code images rendered here by
 * libqrencode, with no D-Bus session and no display in its environment. */

static char *tmpdir;

static char *
cli_path (void)
{
  const char *root = g_getenv ("SESAME_BUILD_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "src", "cli", "sesame-cli", NULL);
}

/* Writes @text as a QR code image; @format is a gdk-pixbuf saver or "gif"
 * (through ImageMagick, gdk-pixbuf has no GIF writer). */
static char *
write_code (const char *name,
            const char *text,
            const char *format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree guint8 *gray = NULL;
  char *path = g_build_filename (tmpdir, name, NULL);
  guint side = 200;
  guint8 *px;
  int rowstride;

  if (text != NULL)
    {
      g_autoptr(SesameQrCode) code = sesame_qr_encode (text, &error);

      g_assert_no_error (error);
      gray = sesame_qr_code_render_gray (code, 4, 4, &side);
    }
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) side, (int) side);
  px = gdk_pixbuf_get_pixels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      memset (px + (gsize) y * rowstride + x * 3, gray ? gray[(gsize) y * side + x] : 255, 3);

  if (g_strcmp0 (format, "gif") == 0)
    {
      g_autofree char *png = g_strconcat (path, ".png", NULL);
      g_autofree char *convert = g_find_program_in_path ("convert");
      const char *argv[] = { convert, png, path, NULL };
      int status;

      g_assert_nonnull (convert);  /* imagemagick is in build-aux/dev's packages */
      g_assert_true (gdk_pixbuf_save (pixbuf, png, "png", &error, NULL));
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, NULL, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_unlink (png);
    }
  else
    {
      g_assert_true (gdk_pixbuf_save (pixbuf, path, format, &error, NULL));
      g_assert_no_error (error);
    }
  return path;
}

static char *schema;

/* With @session, in the test session's D-Bus and keyring, under a keyring
 * schema of this test's own; without, with nothing to reach either. */
static int
run_cli_full (gboolean             session,
              const char * const  *args,
              char               **out,
              char               **err)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status;

  if (session)
    envp = g_environ_setenv (envp, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  else
    {
      /* Nothing to reach a bus or a keyring through. */
      envp = g_environ_unsetenv (envp, "DBUS_SESSION_BUS_ADDRESS");
      envp = g_environ_unsetenv (envp, "DISPLAY");
      envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
      envp = g_environ_setenv (envp, "XDG_RUNTIME_DIR", "/nonexistent", TRUE);
      envp = g_environ_setenv (envp, "DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent", TRUE);
    }
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);

  g_ptr_array_add (argv, cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static int
run_cli (const char * const  *args,
         char               **out,
         char               **err)
{
  return run_cli_full (FALSE, args, out, err);
}

static char *
normalised (const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameOtpauth) a = sesame_otpauth_parse (uri, &error);

  g_assert_no_error (error);
  return sesame_otpauth_format (a);
}

static void
test_one_account (void)
{
  const char *formats[] = { "png", "jpeg", "bmp", "gif" };
  /* Not in canonical form: lower-case algorithm, an unknown parameter. */
  const char *uri = "otpauth://totp/ACME%20Co:jane@example.com?algorithm=sha256&secret=JBSWY3DPEHPK3PXP&foo=bar&issuer=ACME%20Co&digits=8";
  g_autofree char *canonical = normalised (uri);
  g_autofree char *expected = g_strconcat (canonical, "\n", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("one.", formats[i], NULL);
      g_autofree char *path = write_code (name, uri, formats[i]);
      const char *args[] = { "scan", path, NULL };
      g_autofree char *out = NULL, *err = NULL;

      g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
      g_assert_cmpstr (out, ==, expected);
      g_assert_cmpstr (err, ==, "");
    }
}

static void
test_google_export (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  const char *uris[] = {
    "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
    "otpauth://hotp/Bank:bob?secret=GEZDGNBVGY3TQOJQ&issuer=Bank&counter=7&digits=8&algorithm=SHA512",
    "otpauth://totp/carol?secret=KRSXG5CTMVRXEZLU&algorithm=SHA256",
  };
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) migration = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *args[] = { "scan", NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autofree char *n = normalised (uris[i]);

      g_ptr_array_add (accounts, sesame_otpauth_parse (uris[i], &error));
      g_assert_no_error (error);
      g_string_append_printf (expected, "%s\n", n);
    }
  migration = sesame_migration_encode (accounts, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (migration), ==, 1);

  path = write_code ("export.png", migration[0], "png");
  args[1] = path;
  g_assert_cmpint (run_cli (args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, expected->str);
}

static void
test_not_enrollment (void)
{
  g_autofree char *link = write_code ("link.png", "https://example.com/welcome", "png");
  g_autofree char *good = write_code ("good.png", "otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&issuer=X", "png");
  g_autofree char *blank = write_code ("blank.png", NULL, "png");
  g_autofree char *missing = g_build_filename (tmpdir, "missing.png", NULL);
  g_autofree char *expected = normalised ("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&issuer=X");
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *args[] = { "scan", link, good, blank, missing, NULL };

  /* Every image is tried; the good one is printed, each bad one is one
   * line on stderr. */
  g_assert_cmpint (run_cli (args, &out, &err), ==, 1);
  g_assert_true (g_str_has_prefix (out, expected));
  g_assert_cmpstr (out + strlen (expected), ==, "\n");
  lines = g_strsplit (err, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);  /* three lines and the empty tail */
  g_assert_nonnull (strstr (lines[0], "link.png"));
  g_assert_nonnull (strstr (lines[0], "This QR code is not a two-factor enrollment code"));
  g_assert_nonnull (strstr (lines[0], "https://example.com/welcome"));
  g_assert_nonnull (strstr (lines[1], "blank.png"));
  g_assert_nonnull (strstr (lines[1], "No QR code found"));
  g_assert_nonnull (strstr (lines[2], "missing.png"));
}

static void
test_usage (void)
{
  const char *none[] = { "scan", NULL };
  const char *bogus[] = { "scan", "--bogus", "x.png", NULL };
  const char *help[] = { "scan", "--help", NULL };
  g_autofree char *out1 = NULL, *err1 = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;

  g_assert_cmpint (run_cli (none, &out1, &err1), ==, 2);
  g_assert_cmpstr (out1, ==, "");
  g_assert_cmpint (run_cli (bogus, &out2, &err2), ==, 2);
  g_assert_nonnull (strstr (err2, "--bogus"));
  g_assert_cmpint (run_cli (help, &out3, &err3), ==, 0);
  g_assert_nonnull (strstr (out3, "IMAGE"));
}

static char **
lines_of (const char *text)
{
  g_auto(GStrv) raw = g_strsplit (text, "\n", -1);
  GPtrArray *lines = g_ptr_array_new ();

  for (guint i = 0; raw[i] != NULL; i++)
    if (*raw[i] != '\0')
      g_ptr_array_add (lines, g_strdup (raw[i]));
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (lines, FALSE);
}

static void
test_add (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) migration = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *export_png = NULL;
  g_autofree char *single_png = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL, *out3 = NULL, *err3 = NULL;
  g_autofree char *out4 = NULL, *err4 = NULL;

  if (!sesame_test_in_session ())
    {
      g_test_skip ("scan --add needs the test session's keyring; run it with build-aux/dev test");
      return;
    }

  g_ptr_array_add (accounts, sesame_otpauth_parse ("otpauth://totp/ScanCo:ann?secret=JBSWY3DPEHPK3PXP&issuer=ScanCo", &error));
  g_ptr_array_add (accounts, sesame_otpauth_parse ("otpauth://hotp/ScanCo:ben?secret=GEZDGNBVGY3TQOJQ&issuer=ScanCo&counter=3", &error));
  g_assert_no_error (error);
  migration = sesame_migration_encode (accounts, 0, &error);
  g_assert_no_error (error);
  export_png = write_code ("add-export.png", migration[0], "png");
  single_png = write_code ("add-single.png", "otpauth://totp/ScanCo:cat?secret=KRSXG5CTMVRXEZLU&issuer=ScanCo", "png");

  {
    const char *args[] = { "scan", "--add", export_png, single_png, NULL };

    /* One id per new account, nothing else. */
    g_assert_cmpint (run_cli_full (TRUE, args, &out, &err), ==, 0);
    ids = lines_of (out);
    g_assert_cmpuint (g_strv_length (ids), ==, 3);
    for (guint i = 0; ids[i] != NULL; i++)
      g_assert_true (g_uuid_string_is_valid (ids[i]));
    g_assert_cmpstr (err, ==, "");
  }
  {
    const char *args[] = { "scan", "--add", export_png, NULL };

    /* Scanned again: nothing added twice, and that is no failure. */
    g_assert_cmpint (run_cli_full (TRUE, args, &out2, &err2), ==, 0);
    g_assert_cmpstr (out2, ==, "");
    g_assert_nonnull (strstr (err2, "already stored"));
  }
  {
    const char *args[] = { "list", NULL };

    g_assert_cmpint (run_cli_full (TRUE, args, &out3, &err3), ==, 0);
    g_assert_nonnull (strstr (out3, "ann"));
    g_assert_nonnull (strstr (out3, "ben"));
    g_assert_nonnull (strstr (out3, "cat"));
  }
  {
    const char *args[] = { "scan", "--add", single_png, NULL };

    /* Without a bus: one clear line, status 1. */
    g_assert_cmpint (run_cli_full (FALSE, args, &out4, &err4), ==, 1);
    g_assert_cmpstr (out4, ==, "");
    g_assert_nonnull (strstr (err4, "sesame-cli"));
  }

  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *args[] = { "remove", ids[i], NULL };
      g_autofree char *o = NULL, *e = NULL;

      g_assert_cmpint (run_cli_full (TRUE, args, &o, &e), ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  schema = sesame_test_schema_name ("CliScan");
  tmpdir = g_dir_make_tmp ("sesame-cli-scan-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/cli/scan/one-account", test_one_account);
  g_test_add_func ("/cli/scan/google-export", test_google_export);
  g_test_add_func ("/cli/scan/not-enrollment", test_not_enrollment);
  g_test_add_func ("/cli/scan/usage", test_usage);
  g_test_add_func ("/cli/scan/add", test_add);

  status = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmpdir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  g_free (schema);
  return status;
}
