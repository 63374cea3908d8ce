/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-bench"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <zbar.h>

#include "sesame-test-images.h"

/* Decoding benchmark (not a test): the median time to decode
 * screenshot-like images, and the share of a set of spoiled images that
 * Sesame reads next to ZBar alone (one scan, QR only: what zbarimg does).
 *
 *   _build/tests/bench/bench-qr-decode [--runs N] [--verbose]
 *
 * Figures are recorded in docs/benchmarks.md. */

static int runs = 15;
static gboolean verbose;

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static char *
uri_for (guint i)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  char secret[33];

  for (guint k = 0; k < 32; k++)
    secret[k] = alphabet[(i * 7 + k * 13 + k * k) % 32];
  secret[32] = '\0';
  return g_strdup_printf ("otpauth://totp/Service%%20%u:user%u%%40example.com?secret=%s&issuer=Service%%20%u",
                          i, i, secret, i);
}

static gboolean
found_all (GPtrArray         *found,
           const char *const *expected)
{
  for (guint i = 0; expected[i] != NULL; i++)
    {
      gboolean match = FALSE;

      for (guint j = 0; j < found->len && !match; j++)
        {
          gsize size;
          const char *data = g_bytes_get_data (found->pdata[j], &size);

          match = size == strlen (expected[i]) && memcmp (data, expected[i], size) == 0;
        }
      if (!match)
        return FALSE;
    }
  return TRUE;
}

/* ZBar alone: one scan of the image as it is, QR codes only. */
static GPtrArray *
zbar_plain (const SesameGrayImage *img)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  zbar_image_t *zimg = zbar_image_create ();
  g_autoptr(SesameGrayImage) packed = sesame_gray_image_copy (img);

  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  zbar_image_set_format (zimg, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (zimg, packed->width, packed->height);
  zbar_image_set_data (zimg, packed->pixels, (unsigned long) packed->width * packed->height, NULL);
  if (zbar_scan_image (scanner, zimg) > 0)
    for (const zbar_symbol_t *s = zbar_image_first_symbol (zimg); s; s = zbar_symbol_next (s))
      g_ptr_array_add (found, g_bytes_new (zbar_symbol_get_data (s), zbar_symbol_get_data_length (s)));
  zbar_image_destroy (zimg);
  zbar_image_scanner_destroy (scanner);
  return found;
}

/* ------------------------------------------------------------- timing */

static void
time_decode (const char            *label,
             const SesameGrayImage *img,
             const char            *expected)
{
  g_autofree gint64 *t = g_new (gint64, runs);
  gboolean ok = TRUE;

  for (int r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) found = sesame_qr_decode_image (img, 0);

      t[r] = g_get_monotonic_time () - start;
      if (expected != NULL)
        {
          const char *list[] = { expected, NULL };

          ok = ok && found_all (found, list);
        }
      else
        ok = ok && found->len == 0;
    }
  qsort (t, runs, sizeof (gint64), compare_gint64);
  printf ("%-58s median %7.1f ms  (min %.1f, max %.1f, %d runs)%s\n", label,
          t[runs / 2] / 1000.0, t[0] / 1000.0, t[runs - 1] / 1000.0, runs, ok ? "" : "  WRONG RESULT");
}

static SesameGrayImage *
screenshot (guint       width,
            guint       height,
            const char *uri,
            guint       module_px,
            double      zoom,
            guint       left,
            guint       top)
{
  SesameGrayImage *page = sesame_test_image_page (width, height);
  g_autoptr(SesameGrayImage) code = sesame_test_qr_render (uri, SESAME_QR_EC_MEDIUM, module_px, 4);

  if (zoom != 1.0)
    {
      g_autoptr(SesameGrayImage) zoomed = sesame_test_image_scale (code, zoom);

      sesame_test_image_paste (page, zoomed, left, top);
    }
  else
    sesame_test_image_paste (page, code, left, top);
  return page;
}

static void
bench_timing (void)
{
  g_autofree char *uri = uri_for (1);
  g_autoptr(SesameGrayImage) hd = screenshot (1920, 1080, uri, 4, 1.0, 1300, 500);
  g_autoptr(SesameGrayImage) uhd = screenshot (3840, 2160, uri, 8, 1.0, 2600, 1000);
  g_autoptr(SesameGrayImage) uhd_small = screenshot (3840, 2160, uri, 2, 0.8, 3000, 1700);
  g_autoptr(SesameGrayImage) uhd_dark = screenshot (3840, 2160, uri, 8, 1.0, 100, 1200);
  g_autoptr(SesameGrayImage) blank = sesame_test_image_page (3840, 2160);

  sesame_test_image_levels (uhd_dark, 255, 0);
  printf ("Decode time (in process, default budget %d ms)\n", SESAME_QR_DECODE_DEFAULT_BUDGET_MS);
  time_decode ("1920×1080 page, code with 4-px modules", hd, uri);
  time_decode ("3840×2160 page, code with 8-px modules", uhd, uri);
  time_decode ("3840×2160 dark-mode page (inverted), 8-px modules", uhd_dark, uri);
  time_decode ("3840×2160 page, code with 1.6-px modules (retries)", uhd_small, uri);
  time_decode ("3840×2160 page, no code (whole budget)", blank, NULL);
}

/* ---------------------------------------------------- decode rate */

typedef struct
{
  const char      *name;
  SesameGrayImage *image;
  char           **expected;
} Case;

static void
add_case (GArray          *cases,
          const char      *name,
          SesameGrayImage *image,
          char           **expected)
{
  Case c = { name, image, expected };

  g_array_append_val (cases, c);
}

static char **
one (guint i)
{
  char **v = g_new0 (char *, 2);

  v[0] = uri_for (i);
  return v;
}

static SesameGrayImage *
on_page (SesameGrayImage *code,
         guint            width,
         guint            height)
{
  SesameGrayImage *page = sesame_test_image_page (width, height);

  sesame_test_image_paste (page, code, (width - code->width) / 3, (height - code->height) / 2);
  sesame_gray_image_free (code);
  return page;
}

static SesameGrayImage *
logo (SesameGrayImage *code,
      double           fraction)
{
  guint side = code->width, l = (guint) (side * fraction), top = (side - l) / 2;

  for (guint y = top; y < top + l; y++)
    for (guint x = top; x < top + l; x++)
      code->pixels[(gsize) y * code->stride + x] = (guint8) (30 + (x * 3 + y) % 90);
  return code;
}

/* Uneven light: darker to the right and bottom, as under a desk lamp. */
static void
vignette (SesameGrayImage *img)
{
  for (guint y = 0; y < img->height; y++)
    for (guint x = 0; x < img->width; x++)
      {
        guint8 *p = &img->pixels[(gsize) y * img->stride + x];
        double f = 1.0 - 0.45 * ((double) x / img->width + (double) y / img->height) / 2;

        *p = (guint8) (*p * f);
      }
}

static GArray *
make_cases (void)
{
  GArray *cases = g_array_new (FALSE, FALSE, sizeof (Case));
  guint n = 0;

  /* Small modules: HiDPI screenshots scaled down, browser zoom. */
  {
    const double zoom[] = { 0.6, 0.7, 0.8, 0.9, 1.15, 1.25 };

    for (guint i = 0; i < G_N_ELEMENTS (zoom); i++, n++)
      {
        char **e = one (n);
        g_autoptr(SesameGrayImage) code = sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, 2, 4);

        add_case (cases, "small modules (zoomed 2-px)", on_page (sesame_test_image_scale (code, zoom[i]), 1920, 1080), e);
      }
  }
  /* Dark mode, also low contrast. */
  {
    const guint8 levels[][2] = { { 230, 20 }, { 200, 60 }, { 160, 100 } };

    for (guint i = 0; i < G_N_ELEMENTS (levels); i++, n++)
      {
        char **e = one (n);
        SesameGrayImage *img = on_page (sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, 4, 4), 1280, 800);

        sesame_test_image_levels (img, levels[i][0], levels[i][1]);
        add_case (cases, "dark mode", img, e);
      }
  }
  /* Grey on grey. */
  {
    const guint8 levels[][2] = { { 100, 160 }, { 120, 150 }, { 150, 200 }, { 60, 90 } };

    for (guint i = 0; i < G_N_ELEMENTS (levels); i++, n++)
      {
        char **e = one (n);
        SesameGrayImage *img = sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, 4, 4);

        sesame_test_image_levels (img, levels[i][0], levels[i][1]);
        add_case (cases, "low contrast", img, e);
      }
  }
  /* JPEG artefacts. */
  {
    const int quality[] = { 10, 20, 30 };

    for (guint i = 0; i < G_N_ELEMENTS (quality); i++, n++)
      {
        char **e = one (n);
        g_autoptr(SesameGrayImage) page = on_page (sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, 3, 4), 1280, 800);

        add_case (cases, "JPEG", sesame_test_image_jpeg (page, quality[i]), e);
      }
  }
  /* Blur. */
  {
    const guint px[] = { 3, 4, 5, 6 };
    const int r[] = { 1, 2, 2, 3 };

    for (guint i = 0; i < G_N_ELEMENTS (px); i++, n++)
      {
        char **e = one (n);
        g_autoptr(SesameGrayImage) code = sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, px[i], 4);

        add_case (cases, "blurred", sesame_test_image_blur (code, r[i]), e);
      }
  }
  /* Rotation. */
  {
    const double angle[] = { 5, 10, 20, 30, 45 };

    for (guint i = 0; i < G_N_ELEMENTS (angle); i++, n++)
      {
        char **e = one (n);
        g_autoptr(SesameGrayImage) code = sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, 4, 4);

        add_case (cases, "rotated", sesame_test_image_rotate (code, angle[i]), e);
      }
  }
  /* Logos over high-EC codes. */
  {
    const double fraction[] = { 0.2, 0.25, 0.3 };

    for (guint i = 0; i < G_N_ELEMENTS (fraction); i++, n++)
      {
        char **e = one (n);

        add_case (cases, "logo (EC H)", logo (sesame_test_qr_render (e[0], SESAME_QR_EC_HIGH, 5, 4), fraction[i]), e);
      }
  }
  /* Webcam frames: rotated, blurred, noisy, uneven light, compressed. */
  {
    const double angle[] = { 4, -8, 12 };

    for (guint i = 0; i < G_N_ELEMENTS (angle); i++, n++)
      {
        char **e = one (n);
        g_autoptr(SesameGrayImage) code = sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, 5, 4);
        g_autoptr(SesameGrayImage) rot = sesame_test_image_rotate (code, angle[i]);
        g_autoptr(SesameGrayImage) soft = sesame_test_image_blur (rot, 1 + (int) i % 2);
        g_autoptr(SesameGrayImage) frame = sesame_gray_image_new (1280, 720);

        sesame_test_image_levels (soft, 50, 190);
        sesame_test_image_levels (frame, 120, 120);
        sesame_test_image_paste (frame, soft, 300, (720 - soft->height) / 2);
        vignette (frame);
        sesame_test_image_noise (frame, 25, 7 + i);
        add_case (cases, "webcam frame", sesame_test_image_jpeg (frame, 50), e);
      }
  }
  /* Big photos: huge noisy modules. */
  {
    const guint px[] = { 24, 40, 60 };

    for (guint i = 0; i < G_N_ELEMENTS (px); i++, n++)
      {
        char **e = one (n);
        g_autoptr(SesameGrayImage) code = sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, px[i], 4);
        g_autoptr(SesameGrayImage) rot = sesame_test_image_rotate (code, 3);
        g_autoptr(SesameGrayImage) soft = sesame_test_image_blur (rot, 3);

        sesame_test_image_levels (soft, 40, 200);
        vignette (soft);
        sesame_test_image_noise (soft, 40, 11 + i);
        add_case (cases, "big photo", sesame_test_image_jpeg (soft, 60), e);
      }
  }
  /* Several codes of different sizes in one screenshot. */
  {
    char **e = g_new0 (char *, 5);
    SesameGrayImage *page = sesame_test_image_page (2560, 1440);

    for (guint k = 0; k < 4; k++, n++)
      {
        g_autoptr(SesameGrayImage) code = sesame_test_qr_render ((e[k] = uri_for (n)), SESAME_QR_EC_MEDIUM, 2 + k, 4);

        sesame_test_image_paste (page, code, 60 + k * 600, 100 + k * 250);
      }
    add_case (cases, "four codes in one image", page, e);
  }
  /* 4K screenshots with the code in a corner, no quiet zone. */
  for (guint k = 0; k < 2; k++, n++)
    {
      char **e = one (n);
      g_autoptr(SesameGrayImage) code = sesame_test_qr_render (e[0], SESAME_QR_EC_MEDIUM, 3 + k * 3, 1);
      SesameGrayImage *page = sesame_test_image_page (3840, 2160);

      sesame_test_image_paste (page, code, k ? 3840 - code->width : 0, k ? 2160 - code->height : 0);
      add_case (cases, "4K corner, thin quiet zone", page, e);
    }

  return cases;
}

static void
bench_rate (void)
{
  g_autoptr(GArray) cases = make_cases ();
  guint ours = 0, plain = 0;
  gint64 ours_us = 0;

  printf ("\nDecode rate on %u generated images (all payloads exact)\n", cases->len);
  for (guint i = 0; i < cases->len; i++)
    {
      Case *c = &g_array_index (cases, Case, i);
      g_autoptr(GPtrArray) a = NULL;
      g_autoptr(GPtrArray) b = zbar_plain (c->image);
      gint64 start = g_get_monotonic_time ();
      gboolean ok_a, ok_b;

      a = sesame_qr_decode_image (c->image, 0);
      ours_us += g_get_monotonic_time () - start;
      ok_a = found_all (a, (const char * const *) c->expected);
      ok_b = found_all (b, (const char * const *) c->expected);
      ours += ok_a;
      plain += ok_b;
      if (verbose || !ok_a)
        printf ("  %-30s %5u×%-5u sesame %-4s zbar %s\n", c->name, c->image->width, c->image->height,
                ok_a ? "yes" : "NO", ok_b ? "yes" : "no");
      sesame_gray_image_free (c->image);
      g_strfreev (c->expected);
    }
  printf ("Sesame: %u/%u   ZBar alone (one scan, as zbarimg): %u/%u   Sesame's mean time %.0f ms\n",
          ours, cases->len, plain, cases->len, ours_us / 1000.0 / cases->len);
}

int
main (int   argc,
      char *argv[])
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        runs = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--verbose"))
        verbose = TRUE;
    }

  runs = MAX (runs, 1);
  bench_timing ();
  bench_rate ();
  return 0;
}
