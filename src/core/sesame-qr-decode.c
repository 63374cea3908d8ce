/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-qr-decode"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>
#include <zbar.h>

#include "sesame-qr-decode.h"

G_DEFINE_QUARK (sesame-qr-decode-error-quark, sesame_qr_decode_error)
G_DEFINE_BOXED_TYPE (SesameGrayImage, sesame_gray_image, sesame_gray_image_copy, sesame_gray_image_free)

/* ---------------------------------------------------------------- images */

/**
 * sesame_gray_image_new:
 *
 * Returns: (transfer full): a white image, rows packed (stride = width)
 */
SesameGrayImage *
sesame_gray_image_new (guint width,
                       guint height)
{
  SesameGrayImage *self;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail ((gsize) width * height <= SESAME_GRAY_IMAGE_MAX_PIXELS, NULL);

  self = g_new0 (SesameGrayImage, 1);
  self->width = width;
  self->height = height;
  self->stride = width;
  self->pixels = g_malloc ((gsize) width * height);
  memset (self->pixels, 255, (gsize) width * height);

  return self;
}

SesameGrayImage *
sesame_gray_image_copy (const SesameGrayImage *self)
{
  SesameGrayImage *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = sesame_gray_image_new (self->width, self->height);
  for (guint y = 0; y < self->height; y++)
    memcpy (copy->pixels + (gsize) y * copy->stride, self->pixels + (gsize) y * self->stride, self->width);

  return copy;
}

void
sesame_gray_image_free (SesameGrayImage *self)
{
  if (self == NULL)
    return;

  /* A picture of an enrollment code is as good as the secret it holds. */
  memset (self->pixels, 0, self->stride * self->height);
  g_free (self->pixels);
  g_free (self);
}

/**
 * sesame_gray_image_new_from_pixbuf:
 * @pixbuf: an RGB or RGBA pixbuf, 8 bits per sample
 *
 * Converts to luminance (Rec. 601 weights). Transparent pixels are
 * composited on white, as a viewer shows them: a QR code exported with a
 * transparent background has dark modules on nothing.
 *
 * Returns: (transfer full): the gray image
 */
SesameGrayImage *
sesame_gray_image_new_from_pixbuf (GdkPixbuf *pixbuf)
{
  SesameGrayImage *self;
  const guint8 *src;
  guint width, height, channels;
  gsize rowstride;
  gboolean alpha;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);
  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, NULL);

  width = (guint) gdk_pixbuf_get_width (pixbuf);
  height = (guint) gdk_pixbuf_get_height (pixbuf);
  channels = (guint) gdk_pixbuf_get_n_channels (pixbuf);
  rowstride = (gsize) gdk_pixbuf_get_rowstride (pixbuf);
  alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  src = gdk_pixbuf_read_pixels (pixbuf);

  g_return_val_if_fail (channels >= 3, NULL);

  self = sesame_gray_image_new (width, height);
  for (guint y = 0; y < height; y++)
    {
      const guint8 *p = src + (gsize) y * rowstride;
      guint8 *out = self->pixels + (gsize) y * self->stride;

      for (guint x = 0; x < width; x++, p += channels)
        {
          guint lum = (299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000;

          if (alpha)
            lum = (lum * p[3] + 255 * (255 - p[3]) + 127) / 255;
          out[x] = (guint8) lum;
        }
    }

  return self;
}

static SesameGrayImage *
gray_from_loaded_pixbuf (GdkPixbuf  *loaded,
                         GError    **error)
{
  g_autoptr(GdkPixbuf) oriented = NULL;
  gsize pixels;

  /* Phone photos are stored sideways with an EXIF tag saying so; ZBar
   * copes with any rotation, but the tag is honoured so the image is
   * the one the person sees. */
  oriented = gdk_pixbuf_apply_embedded_orientation (loaded);
  if (oriented == NULL)
    oriented = g_object_ref (loaded);

  pixels = (gsize) gdk_pixbuf_get_width (oriented) * gdk_pixbuf_get_height (oriented);
  if (pixels > SESAME_GRAY_IMAGE_MAX_PIXELS)
    {
      g_set_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_TOO_LARGE,
                   _("The image is too large to scan (%d × %d pixels); crop it around the QR code"),
                   gdk_pixbuf_get_width (oriented), gdk_pixbuf_get_height (oriented));
      return NULL;
    }
  if (gdk_pixbuf_get_bits_per_sample (oriented) != 8 || gdk_pixbuf_get_n_channels (oriented) < 3)
    {
      g_set_error_literal (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD,
                           _("The image uses a pixel format Sesame cannot read"));
      return NULL;
    }

  return sesame_gray_image_new_from_pixbuf (oriented);
}

typedef struct
{
  int      width;
  int      height;
  gboolean too_large;
} LoadSize;

/* Called by the loader once it has read the image's size, before it
 * allocates the pixels: an image over the limit is stopped here (a size of
 * 0 makes the loader give up), so a 35-byte GIF that says it is 60,000 ×
 * 60,000 costs nothing instead of 14 GB. */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  LoadSize        *size)
{
  size->width = width;
  size->height = height;
  if (width > 0 && height > 0 && (gsize) width * (gsize) height > SESAME_GRAY_IMAGE_MAX_PIXELS)
    {
      size->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

static void
set_too_large (GError **error,
               int      width,
               int      height)
{
  g_set_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_TOO_LARGE,
               _("The image is too large to scan (%d × %d pixels); crop it around the QR code"),
               width, height);
}

/* gdk-pixbuf's loaders, with the size checked from the image's header. */
static SesameGrayImage *
load_data (const guint8  *data,
           gsize          length,
           GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local_error = NULL;
  LoadSize size = { 0 };
  gboolean ok;
  GdkPixbuf *pixbuf;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &size);
  /* The loader refuses no bytes at all (a critical), an empty file is
   * just not an image. */
  ok = length > 0 && gdk_pixbuf_loader_write (loader, data, length, &local_error);
  /* Always closed, even after an error (the loader insists on it). */
  ok = gdk_pixbuf_loader_close (loader, ok ? &local_error : NULL) && ok;
  if (size.too_large)
    {
      set_too_large (error, size.width, size.height);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!ok || pixbuf == NULL)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                             _("The image is empty or damaged"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return gray_from_loaded_pixbuf (pixbuf, error);
}

/**
 * sesame_gray_image_load:
 * @path: an image file (PNG, JPEG, BMP, GIF, … whatever gdk-pixbuf's
 *   loaders read; the first frame of an animation)
 * @error: return location for a #SESAME_QR_DECODE_ERROR
 *
 * Returns: (transfer full): the image in gray, or %NULL with @error set
 */
SesameGrayImage *
sesame_gray_image_load (const char  *path,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  SesameGrayImage *image;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_file_get_contents (path, &contents, &length, &local_error))
    image = load_data ((const guint8 *) contents, length, &local_error);
  else
    image = NULL;
  if (image == NULL)
    {
      g_autofree char *display = NULL;

      if (local_error->domain == SESAME_QR_DECODE_ERROR)
        {
          /* Ours (too large, a pixel format we cannot read) say it all. */
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      display = g_filename_display_name (path);
      g_set_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD,
                   _("Could not read the image “%s”: %s"), display, local_error->message);
      return NULL;
    }

  return image;
}

/**
 * sesame_gray_image_load_bytes:
 * @data: the contents of an image file (pasted or dropped data)
 *
 * Returns: (transfer full): the image in gray, or %NULL with @error set
 */
SesameGrayImage *
sesame_gray_image_load_bytes (GBytes  *data,
                              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  SesameGrayImage *image;
  gsize length;
  const guint8 *bytes;

  g_return_val_if_fail (data != NULL, NULL);

  bytes = g_bytes_get_data (data, &length);
  image = load_data (bytes, length, &local_error);
  if (image == NULL)
    {
      if (local_error->domain == SESAME_QR_DECODE_ERROR)
        {
          /* Ours (too large, a pixel format we cannot read) say it all. */
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_set_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD,
                   _("Could not read the image: %s"), local_error->message);
      return NULL;
    }

  return image;
}

/* ------------------------------------------------------- transformations */

/* Every derived image is packed (stride = width). */

static SesameGrayImage *
packed_new (guint width,
            guint height)
{
  SesameGrayImage *self = g_new0 (SesameGrayImage, 1);

  self->width = width;
  self->height = height;
  self->stride = width;
  self->pixels = g_malloc ((gsize) width * height);

  return self;
}

/* Bilinear, pixel centres aligned, by num/den (> 1). Why bilinear and not
 * nearest: the modules of a HiDPI-downscaled or browser-zoomed code are
 * 1.5–2.5 px wide with grey edges; ZBar's edge detector finds the module
 * borders on the smooth ramps that interpolation makes, where nearest
 * neighbour would make modules of uneven width. */
static SesameGrayImage *
upscale (const SesameGrayImage *src,
         guint                  num,
         guint                  den)
{
  guint w = src->width * num / den;
  guint h = src->height * num / den;
  SesameGrayImage *dst = packed_new (w, h);
  g_autofree guint *x0 = g_new (guint, w);
  g_autofree guint *fx = g_new (guint, w);

  for (guint x = 0; x < w; x++)
    {
      /* 8-bit fixed point source coordinate. */
      gint64 s = (((gint64) 2 * x + 1) * den * 256) / (2 * num) - 128;

      s = CLAMP (s, 0, ((gint64) src->width - 1) * 256);
      x0[x] = (guint) (s >> 8);
      fx[x] = (guint) (s & 255);
      if (x0[x] + 1 >= src->width)
        fx[x] = 0;
    }

  for (guint y = 0; y < h; y++)
    {
      gint64 s = (((gint64) 2 * y + 1) * den * 256) / (2 * num) - 128;
      guint y0, fy;
      const guint8 *r0, *r1;
      guint8 *out = dst->pixels + (gsize) y * w;

      s = CLAMP (s, 0, ((gint64) src->height - 1) * 256);
      y0 = (guint) (s >> 8);
      fy = (guint) (s & 255);
      r0 = src->pixels + (gsize) y0 * src->stride;
      r1 = (y0 + 1 < src->height) ? r0 + src->stride : r0;

      for (guint x = 0; x < w; x++)
        {
          guint a = x0[x], f = fx[x];
          guint b = f ? a + 1 : a;
          guint top = r0[a] * (256 - f) + r0[b] * f;
          guint bottom = r1[a] * (256 - f) + r1[b] * f;

          out[x] = (guint8) ((top * (256 - fy) + bottom * fy + 32768) >> 16);
        }
    }

  return dst;
}

/* Area average over factor × factor blocks: also averages away the sensor
 * noise and JPEG ringing of big photos, where modules are 20+ px. */
static SesameGrayImage *
downscale (const SesameGrayImage *src,
           guint                  factor)
{
  guint w = src->width / factor;
  guint h = src->height / factor;
  SesameGrayImage *dst = packed_new (w, h);
  g_autofree guint *acc = g_new (guint, w);
  guint area = factor * factor;

  for (guint y = 0; y < h; y++)
    {
      memset (acc, 0, sizeof (guint) * w);
      for (guint dy = 0; dy < factor; dy++)
        {
          const guint8 *row = src->pixels + (gsize) (y * factor + dy) * src->stride;

          for (guint x = 0; x < w; x++)
            for (guint dx = 0; dx < factor; dx++)
              acc[x] += row[x * factor + dx];
        }
      for (guint x = 0; x < w; x++)
        dst->pixels[(gsize) y * w + x] = (guint8) ((acc[x] + area / 2) / area);
    }

  return dst;
}

static SesameGrayImage *
copy_packed (const SesameGrayImage *src)
{
  SesameGrayImage *dst = packed_new (src->width, src->height);

  for (guint y = 0; y < src->height; y++)
    memcpy (dst->pixels + (gsize) y * dst->width, src->pixels + (gsize) y * src->stride, src->width);

  return dst;
}

static void
invert (SesameGrayImage *img)
{
  gsize n = (gsize) img->width * img->height;

  for (gsize i = 0; i < n; i++)
    img->pixels[i] = 255 - img->pixels[i];
}

/* The levels below which 1 % and above which 1 % of the pixels lie. */
static void
percentiles (const SesameGrayImage *img,
             guint                 *lo,
             guint                 *hi)
{
  guint64 hist[256] = { 0 };
  gsize n = (gsize) img->width * img->height;
  gsize cut = n / 100;
  gsize seen = 0;
  guint i;

  for (gsize k = 0; k < n; k++)
    hist[img->pixels[k]]++;

  for (i = 0; i < 255 && seen + hist[i] <= cut; i++)
    seen += hist[i];
  *lo = i;
  seen = 0;
  for (i = 255; i > 0 && seen + hist[i] <= cut; i--)
    seen += hist[i];
  *hi = i;
}

/* Grey modules on a grey background (a disabled-looking widget, a faded
 * print, a dim photo): ZBar's edge detector ignores small steps, so the
 * range is stretched to black…white. */
static gboolean
stretch (SesameGrayImage *img)
{
  guint lo, hi;
  guint8 map[256];
  gsize n = (gsize) img->width * img->height;

  percentiles (img, &lo, &hi);
  if (hi <= lo + 8 || (lo < 16 && hi > 239))
    return FALSE;  /* blank, or already full range: nothing to gain */

  for (guint v = 0; v < 256; v++)
    {
      int s = ((int) v - (int) lo) * 255 / (int) (hi - lo);

      map[v] = (guint8) CLAMP (s, 0, 255);
    }
  for (gsize k = 0; k < n; k++)
    img->pixels[k] = map[img->pixels[k]];

  return TRUE;
}

/* Mean over a (2r+1)² window, clamped at the borders, by running sums
 * (cost independent of r). */
static void
box_mean (const SesameGrayImage *src,
          guint8                *dst,
          guint                  r)
{
  guint w = src->width, h = src->height;
  g_autofree guint8 *horiz = g_malloc ((gsize) w * h);
  g_autofree guint32 *col = g_new0 (guint32, w);

  for (guint y = 0; y < h; y++)
    {
      const guint8 *row = src->pixels + (gsize) y * src->stride;
      guint8 *out = horiz + (gsize) y * w;
      guint32 sum = 0;
      guint lo = 0, hi = 0;  /* window is [lo, hi) */

      for (guint x = 0; x < w; x++)
        {
          guint want_hi = MIN (w, x + r + 1);
          guint want_lo = x > r ? x - r : 0;

          for (; hi < want_hi; hi++)
            sum += row[hi];
          for (; lo < want_lo; lo++)
            sum -= row[lo];
          out[x] = (guint8) ((sum + (hi - lo) / 2) / (hi - lo));
        }
    }

  {
    guint lo = 0, hi = 0;

    for (guint y = 0; y < h; y++)
      {
        guint want_hi = MIN (h, y + r + 1);
        guint want_lo = y > r ? y - r : 0;
        guint count;
        guint8 *out = dst + (gsize) y * w;

        for (; hi < want_hi; hi++)
          for (guint x = 0; x < w; x++)
            col[x] += horiz[(gsize) hi * w + x];
        for (; lo < want_lo; lo++)
          for (guint x = 0; x < w; x++)
            col[x] -= horiz[(gsize) lo * w + x];
        count = hi - lo;
        for (guint x = 0; x < w; x++)
          out[x] = (guint8) ((col[x] + count / 2) / count);
      }
  }
}

/* Light blur, then a threshold against the local mean over a window of
 * radius @r. Why: in photos and webcam frames the lighting varies across
 * the code and JPEG or sensor noise puts false edges inside modules; ZBar
 * reads a clean black-and-white image far better. Flat areas (the inside
 * of a big dark module, larger than the window) fall back to a global
 * threshold. */
static void
threshold (SesameGrayImage *img,
           guint            r)
{
  guint w = img->width, h = img->height;
  gsize n = (gsize) w * h;
  g_autofree guint8 *blur = g_malloc (n);
  g_autofree guint8 *mean = g_malloc (n);
  SesameGrayImage blurred = { blur, w, h, w };
  guint lo, hi, mid, delta;

  box_mean (img, blur, 1);
  box_mean (&blurred, mean, r);
  percentiles (&blurred, &lo, &hi);
  mid = (lo + hi) / 2;
  delta = MAX (3, (hi > lo ? hi - lo : 0) / 16);

  for (gsize k = 0; k < n; k++)
    {
      guint p = blur[k], m = mean[k];
      gboolean dark;

      if (p + delta < m)
        dark = TRUE;
      else if (p > m + delta)
        dark = FALSE;
      else
        dark = p < mid;
      img->pixels[k] = dark ? 0 : 255;
    }
}

/* Only the darkest tones stay dark: everything from 30 % of the way up
 * the range turns white. Why: the logo sites put in the middle of an
 * EC-H code (a letter in a coloured, white-bordered box) is mid-grey in
 * luminance, and a "D", "G" or "O" in a box that ZBar binarizes dark has
 * the 1:1:3:1:1 rings of a finder pattern, which makes ZBar read nothing
 * (with the box plain black or white, the same code reads). The modules
 * are the darkest thing on the page and stay; the box and its glyph turn
 * white, which error correction covers. */
static void
keep_darkest (SesameGrayImage *img)
{
  guint64 hist[256] = { 0 };
  gsize n = (gsize) img->width * img->height;
  gsize seen = 0;
  guint lo, hi, cut;

  /* The darkest level that 0.1 % of the pixels reach: the modules of a
   * small code on a big page are only ~1 % of it, so the 1 % percentile
   * of percentiles() can lie above them. */
  for (gsize k = 0; k < n; k++)
    hist[img->pixels[k]]++;
  for (lo = 0; lo < 255 && seen + hist[lo] <= n / 1000; lo++)
    seen += hist[lo];
  seen = 0;
  for (hi = 255; hi > 0 && seen + hist[hi] <= n / 100; hi--)
    seen += hist[hi];

  cut = lo + (hi > lo ? hi - lo : 0) * 3 / 10;
  for (gsize k = 0; k < n; k++)
    img->pixels[k] = img->pixels[k] <= cut ? 0 : 255;
}

/* Mean luminance from a sparse sample. */
static guint
mean_level (const SesameGrayImage *img)
{
  guint64 sum = 0, count = 0;
  guint step_y = MAX (1, img->height / 64), step_x = MAX (1, img->width / 64);

  for (guint y = 0; y < img->height; y += step_y)
    for (guint x = 0; x < img->width; x += step_x, count++)
      sum += img->pixels[(gsize) y * img->stride + x];

  return count ? (guint) (sum / count) : 255;
}

/* A code drawn without a quiet zone on a dark page (black modules on
 * near-black) has its finder patterns merged into the page, and ZBar sees
 * none. Only in a mostly dark image: the levels just above the darkest
 * become white, which parts modules from page again. */
static gboolean
keep_near_black (SesameGrayImage *img)
{
  guint lo, hi;
  gsize n = (gsize) img->width * img->height;

  if (mean_level (img) >= 100)
    return FALSE;
  percentiles (img, &lo, &hi);
  for (gsize k = 0; k < n; k++)
    img->pixels[k] = img->pixels[k] <= lo + 8 ? 0 : 255;

  return TRUE;
}

/* ----------------------------------------------------------------- passes */

typedef enum
{
  FILTER_NONE,
  FILTER_INVERT,
  FILTER_STRETCH,
  FILTER_STRETCH_INVERT,
  FILTER_THRESHOLD,         /* window ~1/40 of the image: photos, uneven light */
  FILTER_THRESHOLD_INVERT,
  FILTER_THRESHOLD_FINE,    /* window of a few modules: small, soft codes */
  FILTER_DARKEST,           /* only the darkest tones dark: logos in colour */
  FILTER_DARKEST_INVERT,
  FILTER_NEAR_BLACK,        /* dark images: only near-black is dark */
} Filter;

typedef enum
{
  WHOLE,  /* the whole image */
  TILES,  /* overlapping crops, busiest first */
} Area;

typedef struct
{
  Area   area;
  guint  num, den;  /* scale */
  Filter filter;
} Pass;

/* Tried in order until one finds a symbol or the budget runs out, the most
 * likely rescues first:
 * - inverted: dark-mode pages and apps draw light modules on dark, which
 *   ZBar's finder-pattern search does not look for (when the image is
 *   mostly dark, the inverted scan goes first);
 * - contrast-stretched: grey on grey;
 * - upscaled: codes with ~2 px modules (HiDPI screenshots scaled down,
 *   small codes at non-integer browser zoom) whose blurred edges ZBar
 *   misses at their native size;
 * - downscaled: huge photos where noise inside the big modules confuses
 *   the edge detector;
 * - darkest tones only: a coloured logo over the middle of the code;
 *   near-black only: a code without quiet zone on a dark page;
 * - thresholded: uneven light, JPEG blocks and blur in photos and frames;
 * - tiles: ZBar binarizes with a window of 1/8 of the image side before it
 *   samples the modules, so in a large, mostly white screenshot the grey
 *   edges of a small code (modules under 2 px) all turn dark and the code
 *   is found but not read; cropped to a few hundred pixels, the same code
 *   reads. Tiles are upscaled 3× and thresholded over a few modules, which
 *   reads codes down to ~1.4 px per module. */
static const Pass passes[] = {
  { WHOLE, 1, 1, FILTER_NONE },
  { WHOLE, 1, 1, FILTER_INVERT },
  { WHOLE, 1, 1, FILTER_STRETCH },
  { WHOLE, 1, 1, FILTER_DARKEST },
  { WHOLE, 1, 1, FILTER_NEAR_BLACK },
  /* 3/2 early: a letter in a near-black box over an EC-H code (which the
   * darkest-tones pass cannot whiten) fools ZBar's alignment-pattern
   * search at native size but not resampled; ~40 ms on 1080p. */
  { WHOLE, 3, 2, FILTER_NONE },
  { WHOLE, 2, 1, FILTER_NONE },
  { WHOLE, 1, 2, FILTER_NONE },
  { TILES, 3, 1, FILTER_THRESHOLD_FINE },
  { WHOLE, 1, 1, FILTER_THRESHOLD },
  { WHOLE, 1, 2, FILTER_THRESHOLD },
  { WHOLE, 1, 3, FILTER_NONE },
  { WHOLE, 3, 1, FILTER_THRESHOLD_FINE },
  { TILES, 1, 1, FILTER_NONE },
  { WHOLE, 3, 1, FILTER_NONE },
  { WHOLE, 2, 1, FILTER_INVERT },
  { WHOLE, 1, 1, FILTER_STRETCH_INVERT },
  { WHOLE, 2, 1, FILTER_THRESHOLD },
  { WHOLE, 1, 1, FILTER_THRESHOLD_INVERT },
  { WHOLE, 3, 1, FILTER_INVERT },
  { WHOLE, 1, 3, FILTER_THRESHOLD },
  { WHOLE, 1, 1, FILTER_DARKEST_INVERT },
};

/* Whole-image passes never make more pixels than this (a 4K frame tripled
 * is 75 megapixels: not worth the time or memory). */
#define MAX_PASS_PIXELS 24000000.0

/* Tiles: TILE px squares every TILE / 2 px, so any code up to TILE / 2 px
 * wide lies whole in one of them. */
#define TILE 320
#define TILE_BLOCK 32

/* See sesame_qr_decode(). */
#define PHOTO_US_PER_PIXEL 0.035
#define FULL_SCAN_PIXELS 50000000

/* Light border added around derived images: ZBar needs a light run before
 * a finder pattern, which a tightly cropped code (no quiet zone) lacks. */
#define PAD 12

static SesameGrayImage *
pad (SesameGrayImage *img)
{
  SesameGrayImage *out = packed_new (img->width + 2 * PAD, img->height + 2 * PAD);

  memset (out->pixels, 255, (gsize) out->width * out->height);
  for (guint y = 0; y < img->height; y++)
    memcpy (out->pixels + (gsize) (y + PAD) * out->width + PAD,
            img->pixels + (gsize) y * img->width, img->width);
  sesame_gray_image_free (img);

  return out;
}

/* NULL when the pass is pointless for this image. */
static SesameGrayImage *
transform (const SesameGrayImage *src,
           const Pass            *pass)
{
  g_autoptr(SesameGrayImage) img = NULL;

  if (pass->num > pass->den)
    img = upscale (src, pass->num, pass->den);
  else if (pass->den > pass->num)
    img = downscale (src, pass->den);
  else
    img = copy_packed (src);

  switch (pass->filter)
    {
    case FILTER_NONE:
      break;
    case FILTER_INVERT:
      invert (img);
      break;
    case FILTER_STRETCH:
    case FILTER_STRETCH_INVERT:
      if (!stretch (img))
        return NULL;
      if (pass->filter == FILTER_STRETCH_INVERT)
        invert (img);
      break;
    case FILTER_THRESHOLD:
    case FILTER_THRESHOLD_INVERT:
      threshold (img, MAX (8, MAX (img->width, img->height) / 40));
      if (pass->filter == FILTER_THRESHOLD_INVERT)
        invert (img);
      break;
    case FILTER_DARKEST:
      keep_darkest (img);
      break;
    case FILTER_NEAR_BLACK:
      if (!keep_near_black (img))
        return NULL;
      break;
    case FILTER_DARKEST_INVERT:
      /* Light modules on dark around a coloured logo. */
      invert (img);
      keep_darkest (img);
      break;
    case FILTER_THRESHOLD_FINE:
      /* About 4 modules of a 1.5-px-module code, after scaling. */
      threshold (img, 6 * pass->num / pass->den);
      break;
    default:
      g_assert_not_reached ();
    }

  return pad (g_steal_pointer (&img));
}

static gboolean
whole_pass_useful (const SesameGrayImage *src,
                   const Pass            *pass)
{
  double pixels = (double) src->width * src->height * pass->num * pass->num / (pass->den * pass->den);

  if (pixels > MAX_PASS_PIXELS)
    return FALSE;
  /* Only big photos have modules large enough to survive a downscale. */
  if (pass->den > pass->num && MIN (src->width, src->height) / pass->den < 400)
    return FALSE;
  return TRUE;
}

typedef struct
{
  zbar_image_scanner_t *scanner;
  GPtrArray            *found;  /* of GBytes */
  GHashTable           *seen;   /* GBytes set */
  GArray               *tiles;  /* of Tile, busiest first; NULL until needed */
  gint64                deadline;
  double                us_per_pixel;
} Scan;

typedef struct
{
  guint  x, y, w, h;
  guint  score;
} Tile;

/* Returns how many new payloads the scan found. */
static guint
scan_packed (Scan         *scan,
             const guint8 *pixels,
             guint         width,
             guint         height)
{
  zbar_image_t *zimg = zbar_image_create ();
  const zbar_symbol_t *sym;
  guint added = 0;

  zbar_image_set_format (zimg, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (zimg, width, height);
  zbar_image_set_data (zimg, pixels, (unsigned long) width * height, NULL);

  if (zbar_scan_image (scan->scanner, zimg) > 0)
    {
      for (sym = zbar_image_first_symbol (zimg); sym != NULL; sym = zbar_symbol_next (sym))
        {
          g_autoptr(GBytes) payload = NULL;

          if (zbar_symbol_get_type (sym) != ZBAR_QRCODE)
            continue;
          payload = g_bytes_new (zbar_symbol_get_data (sym), zbar_symbol_get_data_length (sym));
          if (g_bytes_get_size (payload) == 0 || g_hash_table_contains (scan->seen, payload))
            continue;
          g_hash_table_add (scan->seen, g_bytes_ref (payload));
          g_ptr_array_add (scan->found, g_steal_pointer (&payload));
          added++;
        }
    }

  zbar_image_destroy (zimg);
  return added;
}

static gboolean
affordable (Scan   *scan,
            double  pixels)
{
  return g_get_monotonic_time () + (gint64) (scan->us_per_pixel * pixels * 1.3) <= scan->deadline;
}

static int
compare_tiles (gconstpointer a,
               gconstpointer b)
{
  const Tile *x = a, *y = b;

  return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

/* Where a code may be: tiles scored by how many strong edges they have in
 * both directions (a QR code is dense with both; blank space has none,
 * text mostly vertical strokes), busiest first, empty ones left out. */
static GArray *
find_tiles (const SesameGrayImage *img)
{
  guint bw = (img->width + TILE_BLOCK - 1) / TILE_BLOCK;
  guint bh = (img->height + TILE_BLOCK - 1) / TILE_BLOCK;
  g_autofree guint *hcount = g_new0 (guint, (gsize) bw * bh);
  g_autofree guint *vcount = g_new0 (guint, (gsize) bw * bh);
  GArray *tiles = g_array_new (FALSE, FALSE, sizeof (Tile));
  guint step = TILE / 2;

  for (guint y = 0; y + 1 < img->height; y++)
    {
      const guint8 *row = img->pixels + (gsize) y * img->stride;
      const guint8 *below = row + img->stride;
      guint *h = hcount + (gsize) (y / TILE_BLOCK) * bw;
      guint *v = vcount + (gsize) (y / TILE_BLOCK) * bw;

      for (guint x = 0; x + 1 < img->width; x++)
        {
          h[x / TILE_BLOCK] += ABS ((int) row[x + 1] - (int) row[x]) > 24;
          v[x / TILE_BLOCK] += ABS ((int) below[x] - (int) row[x]) > 24;
        }
    }

  for (guint ty = 0; ty < img->height; ty += step)
    {
      for (guint tx = 0; tx < img->width; tx += step)
        {
          Tile t;

          t.w = MIN (TILE, img->width);
          t.h = MIN (TILE, img->height);
          t.x = MIN (tx, img->width - t.w);
          t.y = MIN (ty, img->height - t.h);
          t.score = 0;
          for (guint by = t.y / TILE_BLOCK; by < (t.y + t.h) / TILE_BLOCK && by < bh; by++)
            for (guint bx = t.x / TILE_BLOCK; bx < (t.x + t.w) / TILE_BLOCK && bx < bw; bx++)
              t.score += MIN (hcount[by * bw + bx], vcount[by * bw + bx]);
          if (t.score > 0)
            g_array_append_val (tiles, t);
          if (tx + TILE >= img->width)
            break;
        }
      if (ty + TILE >= img->height)
        break;
    }

  g_array_sort (tiles, compare_tiles);
  return tiles;
}

static void
run_tiles (Scan                  *scan,
           const SesameGrayImage *src,
           const Pass            *pass)
{
  guint min_score = 0;
  /* One tile pass may take at most 40 % of what is left: on a photo
   * (huge modules) tiles are hopeless, and later passes need the time. */
  gint64 now = g_get_monotonic_time ();
  gint64 pass_deadline = now + (scan->deadline - now) * 2 / 5;

  if (scan->tiles == NULL)
    scan->tiles = find_tiles (src);

  for (guint i = 0; i < scan->tiles->len; i++)
    {
      const Tile *t = &g_array_index (scan->tiles, Tile, i);
      SesameGrayImage crop = { src->pixels + (gsize) t->y * src->stride + t->x, t->w, t->h, src->stride };
      g_autoptr(SesameGrayImage) img = NULL;

      /* Once a code is found, only tiles about as busy may hold another
       * (several codes on one page look alike); the rest are not worth
       * the time. */
      if (t->score < min_score)
        break;
      if (!affordable (scan, (double) t->w * t->h * pass->num * pass->num * 1.5) ||
          g_get_monotonic_time () > pass_deadline)
        break;
      img = transform (&crop, pass);
      /* A dark tile is a dark-mode code, if anything: turn it around. */
      if (img != NULL && mean_level (img) < 100)
        invert (img);
      if (img != NULL && scan_packed (scan, img->pixels, img->width, img->height) > 0)
        {
          g_debug ("Found in tile %u (%u,%u) of %u, score %u", i, t->x, t->y, scan->tiles->len, t->score);
          if (min_score == 0)
            min_score = t->score / 3;
        }
    }
}

/**
 * sesame_qr_decode:
 * @pixels: 8-bit gray pixels, 0 black … 255 white
 * @width: width in pixels
 * @height: height in pixels
 * @stride: bytes between rows (≥ @width)
 * @budget_ms: how long to keep retrying when a plain scan finds nothing;
 *   0 for %SESAME_QR_DECODE_DEFAULT_BUDGET_MS
 *
 * Finds every QR code in the image. Only QR codes are looked for (other
 * barcodes would only give false positives). When ZBar finds nothing in
 * the image as it is, transformed copies are scanned (see passes[]) until
 * one finds something or the budget is spent; the first scan always runs
 * in full. Payloads are the symbols' raw bytes (binary-safe, not
 * re-encoded), each once, in the order found.
 *
 * Safe to call from any thread.
 *
 * Returns: (transfer full) (element-type GBytes): the payloads, possibly
 *   none
 */
GPtrArray *
sesame_qr_decode (const guint8 *pixels,
                  guint         width,
                  guint         height,
                  gsize         stride,
                  guint         budget_ms)
{
  Scan scan = { 0 };
  SesameGrayImage src = { (guint8 *) pixels, width, height, stride };
  g_autoptr(SesameGrayImage) packed = NULL;
  const SesameGrayImage *img;
  gint64 start, first_us;
  gboolean dark, tiled, photo, huge;
  guint order[G_N_ELEMENTS (passes)];

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= width, NULL);

  if (budget_ms == 0)
    budget_ms = SESAME_QR_DECODE_DEFAULT_BUDGET_MS;
  start = g_get_monotonic_time ();
  scan.deadline = start + (gint64) budget_ms * 1000;

  scan.found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  scan.seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  scan.scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scan.scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scan.scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* Raw bytes: otherwise ZBar guesses a text encoding and may turn a
   * UTF-8 issuer into mojibake. */
  zbar_image_scanner_set_config (scan.scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);

  if (stride != width)
    packed = copy_packed (&src);
  img = packed != NULL ? packed : &src;

  /* Beyond a 4K screen it is a camera photo: its modules are large and
   * its noise makes a full-size scan slow (a second or more for 20
   * megapixels), so a halved or thirded copy, which averages the noise
   * away, is tried before anything else. */
  if ((gsize) width * height > 9000000)
    {
      g_autoptr(SesameGrayImage) small = downscale (img, (gsize) width * height > 30000000 ? 3 : 2);
      g_autoptr(SesameGrayImage) smaller = downscale (small, 2);
      double small_pixels = (double) small->width * small->height;
      gint64 scan_start = g_get_monotonic_time ();

      if (scan_packed (&scan, small->pixels, small->width, small->height) > 0)
        goto out;
      /* What the rest costs, from the copy's scan until a full-size scan
       * tells better. */
      scan.us_per_pixel = (double) MAX (1, g_get_monotonic_time () - scan_start) / small_pixels;
      if (affordable (&scan, small_pixels))
        {
          threshold (small, MAX (8, MAX (small->width, small->height) / 40));
          if (scan_packed (&scan, small->pixels, small->width, small->height) > 0)
            goto out;
        }
      if (affordable (&scan, small_pixels / 4) &&
          scan_packed (&scan, smaller->pixels, smaller->width, smaller->height) > 0)
        goto out;
    }

  /* A mostly dark image is a dark-mode screenshot: its code is most
   * likely light on dark, so the inverted scan goes first. */
  dark = mean_level (img) < 100;
  tiled = width > TILE * 3 / 2 || height > TILE * 3 / 2;

  /* Beyond FULL_SCAN_PIXELS (more than a 48 MP phone photo, more than an
   * 8K screen) only downscaled copies are scanned: a code in such an image
   * has modules of many pixels, and a full-size scan would take seconds,
   * the more so as a small file can unpack into a huge canvas. */
  huge = (gsize) width * height > FULL_SCAN_PIXELS;
  if (huge)
    g_debug ("%u × %u: downscaled scans only", width, height);
  else
    {
      if (dark)
        {
          g_autoptr(SesameGrayImage) inverted = copy_packed (img);

          invert (inverted);
          scan_packed (&scan, inverted->pixels, width, height);
        }
      else
        scan_packed (&scan, img->pixels, width, height);

      /* ZBar's time is about linear in the pixel count: the first scan
       * tells how long a pass of a given size takes on this machine and
       * image, so a pass that cannot finish in time is skipped for a
       * cheaper one. */
      first_us = MAX (1, g_get_monotonic_time () - start);
      scan.us_per_pixel = (double) first_us / ((double) width * height);
    }

  /* A scan that slow means an image full of edges: a noisy photo, where
   * full-size passes cost a lot and rarely help while downscaled ones
   * (which average the noise away) cost a quarter and often do: those go
   * first. A clean screenshot scans at ~10 ns per pixel. */
  photo = scan.us_per_pixel > PHOTO_US_PER_PIXEL && (gsize) width * height > 2000000;
  for (guint k = 0; k < G_N_ELEMENTS (passes); k++)
    order[k] = k;
  if (photo)
    {
      guint n = 1;

      for (guint k = 1; k < G_N_ELEMENTS (passes); k++)
        if (passes[k].den > passes[k].num)
          order[n++] = k;
      for (guint k = 1; k < G_N_ELEMENTS (passes); k++)
        if (passes[k].den <= passes[k].num)
          order[n++] = k;
    }

  for (guint k = 1; k < G_N_ELEMENTS (passes) && scan.found->len == 0; k++)
    {
      guint i = order[k];
      Pass pass = passes[i];
      g_autoptr(SesameGrayImage) derived = NULL;

      g_assert (i != 1 || pass.filter == FILTER_INVERT);
      if (i == 1 && dark)
        pass.filter = FILTER_NONE;  /* the inverted scan went first */

      g_debug ("Pass %u after %" G_GINT64_FORMAT " ms", i, (g_get_monotonic_time () - start) / 1000);
      /* Fine passes run on tiles where the image is larger than a tile,
       * on the whole image where it is not. */
      if (huge && (pass.area == TILES || pass.num >= pass.den))
        continue;
      if (pass.area == TILES)
        {
          if (tiled)
            run_tiles (&scan, img, &pass);
          continue;
        }
      if (pass.filter == FILTER_THRESHOLD_FINE && tiled)
        continue;

      if (!whole_pass_useful (img, &pass) ||
          !affordable (&scan, (double) width * height * pass.num * pass.num / (pass.den * pass.den)))
        continue;
      derived = transform (img, &pass);
      if (derived == NULL)
        continue;
      if (scan_packed (&scan, derived->pixels, derived->width, derived->height) > 0)
        g_debug ("Found by pass %u (scale %u/%u, filter %d)", i, pass.num, pass.den, pass.filter);
    }

out:
  zbar_image_scanner_destroy (scan.scanner);
  g_hash_table_unref (scan.seen);
  g_clear_pointer (&scan.tiles, g_array_unref);

  return scan.found;
}

/**
 * sesame_qr_decode_image:
 * @image: a gray image
 * @budget_ms: see sesame_qr_decode()
 *
 * Returns: (transfer full) (element-type GBytes): the payloads
 */
GPtrArray *
sesame_qr_decode_image (const SesameGrayImage *image,
                        guint                  budget_ms)
{
  g_return_val_if_fail (image != NULL, NULL);

  return sesame_qr_decode (image->pixels, image->width, image->height, image->stride, budget_ms);
}
