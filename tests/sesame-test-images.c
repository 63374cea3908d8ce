/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test"

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "sesame-test-images.h"

/* QR code images made by libqrencode (through sesame_qr_encode) and
 * spoiled in C the way screenshots, photos and webcam frames are; shared
 * by test-qr, test-cli-scan and the decoding benchmark. */

SesameGrayImage *
sesame_test_qr_render (const char      *text,
                       SesameQrEcLevel  level,
                       guint            module_px,
                       guint            quiet)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameQrCode) code = NULL;
  SesameGrayImage *img;
  guint side;

  code = sesame_qr_encode_full ((const guint8 *) text, strlen (text), level, &error);
  g_assert_no_error (error);
  img = g_new0 (SesameGrayImage, 1);
  img->pixels = sesame_qr_code_render_gray (code, module_px, quiet, &side);
  img->width = img->height = side;
  img->stride = side;
  return img;
}

static guint8
sample (const SesameGrayImage *img,
        double                 x,
        double                 y,
        guint8                 outside)
{
  int x0 = (int) floor (x), y0 = (int) floor (y);
  double fx = x - x0, fy = y - y0;
  double v = 0;

  for (int dy = 0; dy < 2; dy++)
    for (int dx = 0; dx < 2; dx++)
      {
        int sx = x0 + dx, sy = y0 + dy;
        double w = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);
        guint8 p = outside;

        if (sx >= 0 && sy >= 0 && sx < (int) img->width && sy < (int) img->height)
          p = img->pixels[(gsize) sy * img->stride + sx];
        v += w * p;
      }
  return (guint8) CLAMP (lround (v), 0, 255);
}

/* Bilinear resampling by a non-integer factor, as a browser zooms. */
SesameGrayImage *
sesame_test_image_scale (const SesameGrayImage *src,
                         double                 factor)
{
  guint w = (guint) (src->width * factor), h = (guint) (src->height * factor);
  SesameGrayImage *dst = sesame_gray_image_new (w, h);

  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        double sx = (x + 0.5) / factor - 0.5, sy = (y + 0.5) / factor - 0.5;

        if (factor < 1)
          {
            /* Average a few samples so a downscale is not aliased. */
            double acc = 0;

            for (int k = 0; k < 4; k++)
              acc += sample (src, sx + (k % 2 - 0.5) * 0.5 / factor, sy + (k / 2 - 0.5) * 0.5 / factor, 255);
            dst->pixels[(gsize) y * dst->stride + x] = (guint8) lround (acc / 4);
          }
        else
          dst->pixels[(gsize) y * dst->stride + x] = sample (src, sx, sy, 255);
      }
  return dst;
}

SesameGrayImage *
sesame_test_image_rotate (const SesameGrayImage *src,
                          double                 degrees)
{
  double a = degrees * G_PI / 180, c = cos (a), s = sin (a);
  guint side = (guint) ((src->width + src->height) * 0.8);
  SesameGrayImage *dst = sesame_gray_image_new (side, side);
  double cx = side / 2.0, cy = side / 2.0, sx0 = src->width / 2.0, sy0 = src->height / 2.0;

  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      {
        double dx = x - cx, dy = y - cy;

        dst->pixels[(gsize) y * dst->stride + x] =
          sample (src, c * dx + s * dy + sx0, -s * dx + c * dy + sy0, 255);
      }
  return dst;
}

SesameGrayImage *
sesame_test_image_blur (const SesameGrayImage *src,
                        int                    r)
{
  SesameGrayImage *dst = sesame_gray_image_new (src->width, src->height);

  for (int y = 0; y < (int) src->height; y++)
    for (int x = 0; x < (int) src->width; x++)
      {
        guint acc = 0, n = 0;

        for (int dy = -r; dy <= r; dy++)
          for (int dx = -r; dx <= r; dx++)
            {
              int sx = CLAMP (x + dx, 0, (int) src->width - 1), sy = CLAMP (y + dy, 0, (int) src->height - 1);

              acc += src->pixels[(gsize) sy * src->stride + sx];
              n++;
            }
        dst->pixels[(gsize) y * dst->stride + x] = (guint8) ((acc + n / 2) / n);
      }
  return dst;
}

void
sesame_test_image_paste (SesameGrayImage       *canvas,
                         const SesameGrayImage *img,
                         guint                  left,
                         guint                  top)
{
  g_assert_cmpuint (left + img->width, <=, canvas->width);
  g_assert_cmpuint (top + img->height, <=, canvas->height);
  for (guint y = 0; y < img->height; y++)
    memcpy (canvas->pixels + (gsize) (top + y) * canvas->stride + left,
            img->pixels + (gsize) y * img->stride, img->width);
}

void
sesame_test_image_levels (SesameGrayImage *img,
                          guint8           black,
                          guint8           white)
{
  for (guint y = 0; y < img->height; y++)
    for (guint x = 0; x < img->width; x++)
      {
        guint8 *p = &img->pixels[(gsize) y * img->stride + x];

        *p = (guint8) (black + (*p * (white - black) + 127) / 255);
      }
}

/* Through a real JPEG encoder and decoder (gdk-pixbuf's libjpeg). */
static GdkPixbuf *
to_pixbuf (const SesameGrayImage *src)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int) src->width, (int) src->height);
  guint8 *px = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  for (guint y = 0; y < src->height; y++)
    for (guint x = 0; x < src->width; x++)
      memset (px + (gsize) y * rowstride + x * 3, src->pixels[(gsize) y * src->stride + x], 3);

  return pixbuf;
}

/* Writes @src to a new temporary PNG file; returns its path. */
char *
sesame_test_image_save_png (const SesameGrayImage *src)
{
  g_autoptr(GdkPixbuf) pixbuf = to_pixbuf (src);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = g_file_open_tmp ("sesame-test-XXXXXX.png", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

SesameGrayImage *
sesame_test_image_jpeg (const SesameGrayImage *src,
                        int                    quality)
{
  g_autoptr(GdkPixbuf) pixbuf = to_pixbuf (src);
  g_autofree char *buffer = NULL;
  g_autofree char *q = g_strdup_printf ("%d", quality);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  SesameGrayImage *out;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, "quality", q, NULL));
  g_assert_no_error (error);
  bytes = g_bytes_new (buffer, size);
  out = sesame_gray_image_load_bytes (bytes, &error);
  g_assert_no_error (error);
  return out;
}

void
sesame_test_image_noise (SesameGrayImage *img,
                         int              amplitude,
                         guint32          seed)
{
  GRand *rand = g_rand_new_with_seed (seed);

  for (guint y = 0; y < img->height; y++)
    for (guint x = 0; x < img->width; x++)
      {
        guint8 *p = &img->pixels[(gsize) y * img->stride + x];
        int v = *p + g_rand_int_range (rand, -amplitude, amplitude + 1);

        *p = (guint8) CLAMP (v, 0, 255);
      }
  g_rand_free (rand);
}

/* A page: white with rows of grey "text" and a few dark UI boxes. */
SesameGrayImage *
sesame_test_image_page (guint width,
                        guint height)
{
  SesameGrayImage *page = sesame_gray_image_new (width, height);

  for (guint y = 40; y + 10 < height; y += 24)
    for (guint x = width / 6; x < width * 5 / 6; x++)
      if ((x / 7 + y) % 5 != 0)
        memset (page->pixels + (gsize) y * page->stride + x, 60, 1 + (x % 3 == 0));
  for (guint y = 0; y < 48 && y < height; y++)
    memset (page->pixels + (gsize) y * page->stride, 45, width);
  return page;
}
