/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-qr"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sesame-test-images.h"
#include "sesame-test-utils.h"

/* Every image here is made by libqrencode (through sesame_qr_encode) and
 * then spoiled in C the way screenshots, photos and webcam frames are. */

static const char *uri_a =
  "otpauth://totp/Example%20Corp:alice%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Example%20Corp";
static const char *uri_b =
  "otpauth://hotp/GitLab:bob?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab&counter=42&digits=8&algorithm=SHA256";
static const char *uri_c =
  "otpauth://totp/Bank:carol?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU&issuer=Bank&period=60&algorithm=SHA512";

static void
assert_payloads (const SesameGrayImage *img,
                 const char * const    *expected)
{
  g_autoptr(GPtrArray) found = sesame_qr_decode_image (img, 0);
  guint n = g_strv_length ((char **) expected);

  for (guint i = 0; i < found->len; i++)
    g_test_message ("found: %.*s", (int) g_bytes_get_size (found->pdata[i]),
                    (const char *) g_bytes_get_data (found->pdata[i], NULL));
  g_assert_cmpuint (found->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      gboolean match = FALSE;

      for (guint j = 0; j < found->len && !match; j++)
        {
          gsize size;
          const char *data = g_bytes_get_data (found->pdata[j], &size);

          match = size == strlen (expected[i]) && memcmp (data, expected[i], size) == 0;
        }
      g_assert_true (match);
    }
}

static void
assert_payload (const SesameGrayImage *img,
                const char            *expected)
{
  const char *list[] = { expected, NULL };

  assert_payloads (img, list);
}

static void
test_encode_matrix (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameQrCode) code = sesame_qr_encode ("HELLO", &error);
  g_autofree guint8 *px = NULL;
  guint side, size;

  g_assert_no_error (error);
  size = sesame_qr_code_get_size (code);
  g_assert_cmpuint (size, ==, 21);  /* version 1 */
  /* Finder patterns: dark corners, light separator. */
  g_assert_true (sesame_qr_code_get_module (code, 0, 0));
  g_assert_true (sesame_qr_code_get_module (code, size - 1, 0));
  g_assert_true (sesame_qr_code_get_module (code, 0, size - 1));
  g_assert_false (sesame_qr_code_get_module (code, 7, 7));
  g_assert_false (sesame_qr_code_get_module (code, size, 0));

  px = sesame_qr_code_render_gray (code, 3, 4, &side);
  g_assert_cmpuint (side, ==, (21 + 8) * 3);
  g_assert_cmpuint (px[0], ==, 255);
  g_assert_cmpuint (px[(gsize) 12 * side + 12], ==, 0);
  g_assert_cmpuint (px[(gsize) (12 + 7 * 3) * side + 12 + 7 * 3], ==, 255);
}

static void
test_encode_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *huge = g_strnfill (8000, 'x');
  SesameQrCode *code;

  code = sesame_qr_encode ("", &error);
  g_assert_null (code);
  g_assert_error (error, SESAME_QR_ENCODE_ERROR, SESAME_QR_ENCODE_ERROR_EMPTY);
  g_clear_error (&error);

  code = sesame_qr_encode (huge, &error);
  g_assert_null (code);
  g_assert_error (error, SESAME_QR_ENCODE_ERROR, SESAME_QR_ENCODE_ERROR_TOO_LONG);
}

static void
test_plain (void)
{
  for (guint px = 2; px <= 10; px += 2)
    {
      g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_a, SESAME_QR_EC_MEDIUM, px, 4);

      assert_payload (img, uri_a);
    }
}

static void
test_stride (void)
{
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_b, SESAME_QR_EC_MEDIUM, 4, 4);
  gsize stride = img->width + 37;
  g_autofree guint8 *buf = g_malloc (stride * img->height);
  g_autoptr(GPtrArray) found = NULL;

  memset (buf, 0, stride * img->height);  /* padding is dark: must be ignored */
  for (guint y = 0; y < img->height; y++)
    memcpy (buf + y * stride, img->pixels + (gsize) y * img->stride, img->width);
  found = sesame_qr_decode (buf, img->width, img->height, stride, 0);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (found->pdata[0], NULL), g_bytes_get_size (found->pdata[0]),
                   uri_b, strlen (uri_b));
}

static void
test_binary (void)
{
  guint8 data[64];
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameQrCode) code = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree guint8 *px = NULL;
  guint side;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 37 + 200);  /* NULs, high bytes, invalid UTF-8 */
  data[5] = 0;
  code = sesame_qr_encode_full (data, sizeof data, SESAME_QR_EC_LOW, &error);
  g_assert_no_error (error);
  px = sesame_qr_code_render_gray (code, 4, 4, &side);
  found = sesame_qr_decode (px, side, side, side, 0);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpmem (g_bytes_get_data (found->pdata[0], NULL), g_bytes_get_size (found->pdata[0]), data, sizeof data);
}

static void
test_utf8 (void)
{
  const char *text = "otpauth://totp/Bäckerei Müller:jörg?secret=JBSWY3DPEHPK3PXP&issuer=Bäckerei Müller";
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (text, SESAME_QR_EC_MEDIUM, 4, 4);

  assert_payload (img, text);
}

static void
test_inverted (void)
{
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_a, SESAME_QR_EC_MEDIUM, 5, 4);
  g_autoptr(SesameGrayImage) canvas = sesame_gray_image_new (800, 600);

  sesame_test_image_levels (canvas, 30, 30);  /* a dark-mode page */
  sesame_test_image_levels (img, 230, 30);    /* light modules on dark */
  sesame_test_image_paste (canvas, img, 200, 100);
  assert_payload (canvas, uri_a);
}

static void
test_low_contrast (void)
{
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_b, SESAME_QR_EC_MEDIUM, 4, 4);

  sesame_test_image_levels (img, 100, 160);
  assert_payload (img, uri_b);
}

static void
test_scaled (void)
{
  const double factors[] = { 1.5, 0.75, 2.3 };

  for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
    {
      /* 3-px modules: 2.25 px at 0.75, 4.5 at 1.5, 6.9 at 2.3. */
      g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_c, SESAME_QR_EC_MEDIUM, 3, 4);
      g_autoptr(SesameGrayImage) scaled = sesame_test_image_scale (img, factors[i]);

      g_test_message ("factor %.2f", factors[i]);
      assert_payload (scaled, uri_c);
    }
}

static void
test_small_modules (void)
{
  /* A HiDPI screenshot scaled down: 2-px modules, blurred edges, at 1.4
   * px per module after a 0.7 zoom. */
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_a, SESAME_QR_EC_MEDIUM, 2, 4);
  g_autoptr(SesameGrayImage) scaled = sesame_test_image_scale (img, 0.85);

  assert_payload (scaled, uri_a);
}

static void
test_4k_corner (void)
{
  const guint corners[][2] = { { 0, 0 }, { 1, 1 } };

  for (guint i = 0; i < G_N_ELEMENTS (corners); i++)
    {
      g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_a, SESAME_QR_EC_MEDIUM, 3, 2);
      g_autoptr(SesameGrayImage) canvas = sesame_gray_image_new (3840, 2160);
      gint64 start = g_get_monotonic_time ();

      /* Page-like clutter: grey bars of "text". */
      for (guint y = 40; y + 10 < canvas->height; y += 24)
        for (guint x = 600; x < 3200; x++)
          if ((x / 7 + y) % 5 != 0)
            memset (canvas->pixels + (gsize) y * canvas->stride + x, 60, 1);
      sesame_test_image_paste (canvas, img,
             corners[i][0] ? canvas->width - img->width : 0,
             corners[i][1] ? canvas->height - img->height : 0);
      assert_payload (canvas, uri_a);
      g_test_message ("4K decode took %" G_GINT64_FORMAT " ms", (g_get_monotonic_time () - start) / 1000);
    }
}

/* A canvas past FULL_SCAN_PIXELS (what a 325-byte GIF can unpack into:
 * found by fuzz-qr-image, it held `sesame-cli scan` for 18 s) is read
 * from downscaled copies only: a code with the large modules such an
 * image has is still found there, top and bottom. */
static void
test_huge_canvas (void)
{
  const guint places[] = { 0, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_b, SESAME_QR_EC_MEDIUM, 24, 4);
      g_autoptr(SesameGrayImage) canvas = sesame_gray_image_new (4298, 18944);

      sesame_test_image_paste (canvas, img, 700, places[i] ? canvas->height - img->height - 900 : 300);
      assert_payload (canvas, uri_b);
    }
}

static void
test_jpeg (void)
{
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_b, SESAME_QR_EC_MEDIUM, 4, 4);
  g_autoptr(SesameGrayImage) canvas = sesame_gray_image_new (640, 480);
  g_autoptr(SesameGrayImage) jpeg = NULL;

  sesame_test_image_paste (canvas, img, 100, 50);
  jpeg = sesame_test_image_jpeg (canvas, 30);
  assert_payload (jpeg, uri_b);
}

static void
test_logo (void)
{
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_c, SESAME_QR_EC_HIGH, 5, 4);
  guint side = img->width, logo = side * 22 / 100;
  guint top = (side - logo) / 2;

  /* A white-framed dark logo over the centre, as sites put their brand. */
  for (guint y = top; y < top + logo; y++)
    for (guint x = top; x < top + logo; x++)
      {
        gboolean frame = y < top + 4 || x < top + 4 || y >= top + logo - 4 || x >= top + logo - 4;

        img->pixels[(gsize) y * img->stride + x] = frame ? 255 : (guint8) (40 + (x + y) % 50);
      }
  assert_payload (img, uri_c);
}

static void
test_rotated (void)
{
  const double angles[] = { 5, -7, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (angles); i++)
    {
      g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_a, SESAME_QR_EC_MEDIUM, 4, 4);
      g_autoptr(SesameGrayImage) rotated = sesame_test_image_rotate (img, angles[i]);

      g_test_message ("angle %.0f", angles[i]);
      assert_payload (rotated, uri_a);
    }
}

static void
test_blurred (void)
{
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_b, SESAME_QR_EC_MEDIUM, 6, 4);
  g_autoptr(SesameGrayImage) blurred = sesame_test_image_blur (img, 2);

  assert_payload (blurred, uri_b);
}

static void
test_rotated_blurred_jpeg (void)
{
  /* A webcam frame: rotated, soft, compressed, dim and uneven. */
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_c, SESAME_QR_EC_MEDIUM, 5, 4);
  g_autoptr(SesameGrayImage) rotated = sesame_test_image_rotate (img, 8);
  g_autoptr(SesameGrayImage) blurred = sesame_test_image_blur (rotated, 1);
  g_autoptr(SesameGrayImage) jpeg = NULL;

  for (guint y = 0; y < blurred->height; y++)
    for (guint x = 0; x < blurred->width; x++)
      {
        guint8 *p = &blurred->pixels[(gsize) y * blurred->stride + x];

        *p = (guint8) (40 + *p * (120 + 80 * x / blurred->width) / 255);
      }
  jpeg = sesame_test_image_jpeg (blurred, 40);
  assert_payload (jpeg, uri_c);
}

static void
test_mirrored (void)
{
  /* A front camera's mirror image, slightly soft: ZBar reads it as it is
   * (its QR decoder also tries the transposed grid), no pass needed. */
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_b, SESAME_QR_EC_MEDIUM, 4, 4);
  g_autoptr(SesameGrayImage) frame = sesame_gray_image_new (640, 480);
  g_autoptr(SesameGrayImage) soft = NULL;

  for (guint y = 0; y < img->height; y++)
    for (guint x = 0; x < img->width / 2; x++)
      {
        guint8 *row = img->pixels + (gsize) y * img->stride;
        guint8 t = row[x];

        row[x] = row[img->width - 1 - x];
        row[img->width - 1 - x] = t;
      }
  sesame_test_image_paste (frame, img, 200, 100);
  soft = sesame_test_image_blur (frame, 1);
  assert_payload (soft, uri_b);
}

static void
test_dark_page_no_quiet_zone (void)
{
  /* Black-on-white modules drawn straight onto a dark page, no margin. */
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_a, SESAME_QR_EC_MEDIUM, 4, 0);
  g_autoptr(SesameGrayImage) page = sesame_gray_image_new (1280, 800);

  sesame_test_image_levels (page, 30, 30);
  sesame_test_image_paste (page, img, 300, 200);
  assert_payload (page, uri_a);
}

static void
test_three_codes (void)
{
  const char *expected[] = { uri_a, uri_b, uri_c, NULL };
  g_autoptr(SesameGrayImage) canvas = sesame_gray_image_new (1600, 900);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SesameGrayImage) img = sesame_test_qr_render (expected[i], SESAME_QR_EC_MEDIUM, 3 + i, 4);

      sesame_test_image_paste (canvas, img, 40 + i * 520, 100 + i * 150);
    }
  assert_payloads (canvas, expected);
}

static void
test_blank (void)
{
  g_autoptr(SesameGrayImage) white = sesame_gray_image_new (1920, 1080);
  g_autoptr(SesameGrayImage) noise = sesame_gray_image_new (1280, 720);
  g_autoptr(GPtrArray) found = NULL;
  gint64 start;

  for (gsize i = 0; i < (gsize) noise->width * noise->height; i++)
    noise->pixels[i] = (guint8) g_test_rand_int_range (0, 256);

  start = g_get_monotonic_time ();
  found = sesame_qr_decode_image (white, 500);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = sesame_qr_decode_image (noise, 500);
  g_assert_cmpuint (found->len, ==, 0);
  /* Two budgets of 0.5 s, with room for one pass over time each and a
   * slow (sanitizer) build. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_load_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) junk = g_bytes_new_static ("not an image", 12);
  g_autoptr(GBytes) empty = g_bytes_new_static (NULL, 0);
  SesameGrayImage *img;

  img = sesame_gray_image_load ("/nonexistent/sesame.png", &error);
  g_assert_null (img);
  g_assert_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD);
  g_clear_error (&error);

  img = sesame_gray_image_load_bytes (junk, &error);
  g_assert_null (img);
  g_assert_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD);
  g_clear_error (&error);

  img = sesame_gray_image_load_bytes (empty, &error);
  g_assert_null (img);
  g_assert_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD);
}

/* Image headers that claim a huge size (found by fuzz-qr-image): refused
 * from the header, before gdk-pixbuf allocates the pixels. These 35 and
 * 109 bytes made `sesame-cli scan` grow to 14 GB and 2.6 GB. */
static const guint8 huge_gif[] = {  /* 60,000 × 60,000 */
  0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x60, 0xea, 0x60, 0xea, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
  0xff, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
};
static const guint8 huge_png[] = {  /* 30,000 × 30,000 */
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
  0x75, 0x30, 0x00, 0x00, 0x75, 0x30, 0x08, 0x00, 0x00, 0x00, 0x00, 0x43, 0x4c, 0xa7, 0x66, 0x00, 0x00, 0x00,
  0x34, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0xed, 0xc1, 0x31, 0x01, 0x00, 0x00, 0x00, 0xc2, 0xa0, 0xf5, 0x4f,
  0x6d, 0x09, 0x4f, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x4e, 0x06, 0x75,
  0x31, 0x00, 0x01, 0x38, 0xf7, 0xab, 0x24, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60,
  0x82,
};

static void
test_load_huge (void)
{
  struct { const guint8 *data; gsize size; const char *name; } images[] = {
    { huge_png, sizeof huge_png, "huge.png" },
    { huge_gif, sizeof huge_gif, "huge.gif" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sesame-qr-XXXXXX", &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (images[i].data, images[i].size);
      g_autofree char *path = g_build_filename (dir, images[i].name, NULL);
      gint64 start = g_get_monotonic_time ();
      SesameGrayImage *img;

      img = sesame_gray_image_load_bytes (bytes, &error);
      g_assert_null (img);
      g_assert_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "too large"));
      g_clear_error (&error);

      g_assert_true (g_file_set_contents (path, (const char *) images[i].data, images[i].size, &error));
      img = sesame_gray_image_load (path, &error);
      g_assert_null (img);
      g_assert_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_TOO_LARGE);
      g_clear_error (&error);
      g_unlink (path);

      /* No allocation of the pixels: far under the seconds it took. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
    }
  g_rmdir (dir);
}

static void
test_load_alpha (void)
{
  /* Dark modules on a transparent background (a typical PNG export):
   * composited on white, not read as black on black. */
  g_autoptr(SesameGrayImage) img = sesame_test_qr_render (uri_a, SESAME_QR_EC_MEDIUM, 4, 4);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, (int) img->width, (int) img->height);
  g_autoptr(SesameGrayImage) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sesame-qr-XXXXXX", &error);
  g_autofree char *path = NULL;
  guint8 *px = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  g_assert_no_error (error);
  for (guint y = 0; y < img->height; y++)
    for (guint x = 0; x < img->width; x++)
      {
        guint8 *p = px + (gsize) y * rowstride + x * 4;
        gboolean dark = img->pixels[(gsize) y * img->stride + x] < 128;

        p[0] = p[1] = p[2] = 0;
        p[3] = dark ? 255 : 0;
      }
  path = g_build_filename (dir, "code.png", NULL);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);

  loaded = sesame_gray_image_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->width, ==, img->width);
  assert_payload (loaded, uri_a);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/qr/encode/matrix", test_encode_matrix);
  g_test_add_func ("/qr/encode/errors", test_encode_errors);
  g_test_add_func ("/qr/decode/plain", test_plain);
  g_test_add_func ("/qr/decode/stride", test_stride);
  g_test_add_func ("/qr/decode/binary", test_binary);
  g_test_add_func ("/qr/decode/utf8", test_utf8);
  g_test_add_func ("/qr/decode/inverted", test_inverted);
  g_test_add_func ("/qr/decode/low-contrast", test_low_contrast);
  g_test_add_func ("/qr/decode/scaled", test_scaled);
  g_test_add_func ("/qr/decode/small-modules", test_small_modules);
  g_test_add_func ("/qr/decode/4k-corner", test_4k_corner);
  g_test_add_func ("/qr/decode/huge-canvas", test_huge_canvas);
  g_test_add_func ("/qr/decode/jpeg", test_jpeg);
  g_test_add_func ("/qr/decode/logo", test_logo);
  g_test_add_func ("/qr/decode/rotated", test_rotated);
  g_test_add_func ("/qr/decode/blurred", test_blurred);
  g_test_add_func ("/qr/decode/webcam-like", test_rotated_blurred_jpeg);
  g_test_add_func ("/qr/decode/mirrored", test_mirrored);
  g_test_add_func ("/qr/decode/dark-page-no-quiet-zone", test_dark_page_no_quiet_zone);
  g_test_add_func ("/qr/decode/three-codes", test_three_codes);
  g_test_add_func ("/qr/decode/blank", test_blank);
  g_test_add_func ("/qr/load/errors", test_load_errors);
  g_test_add_func ("/qr/load/alpha", test_load_alpha);
  g_test_add_func ("/qr/load/huge", test_load_huge);

  return g_test_run ();
}
