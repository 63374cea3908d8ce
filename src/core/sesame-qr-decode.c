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
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  pixbuf = gdk_pixbuf_new_from_file (path, &local_error);
  if (pixbuf == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD,
                   _("Could not read the image “%s”: %s"), display, local_error->message);
      return NULL;
    }

  return gray_from_loaded_pixbuf (pixbuf, error);
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
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  stream = g_memory_input_stream_new_from_bytes (data);
  pixbuf = gdk_pixbuf_new_from_stream (stream, NULL, &local_error);
  if (pixbuf == NULL)
    {
      g_set_error (error, SESAME_QR_DECODE_ERROR, SESAME_QR_DECODE_ERROR_LOAD,
                   _("Could not read the image: %s"), local_error->message);
      return NULL;
    }

  return gray_from_loaded_pixbuf (pixbuf, error);
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

/* Light blur, then a threshold against the local mean. Why: in photos and
 * webcam frames the lighting varies across the code and JPEG or sensor
 * noise puts false edges inside modules; ZBar reads a clean black-and-white
 * image far better. Flat areas (the inside of a big dark module, larger
 * than the window) fall back to a global threshold. */
static void
threshold (SesameGrayImage *img)
{
  guint w = img->width, h = img->height;
  gsize n = (gsize) w * h;
  g_autofree guint8 *blur = g_malloc (n);
  g_autofree guint8 *mean = g_malloc (n);
  SesameGrayImage blurred = { blur, w, h, w };
  guint lo, hi, mid, delta;
  guint r = MAX (8, MAX (w, h) / 40);

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

/* ----------------------------------------------------------------- passes */

typedef enum
{
  FILTER_NONE,
  FILTER_INVERT,
  FILTER_STRETCH,
  FILTER_STRETCH_INVERT,
  FILTER_THRESHOLD,
  FILTER_THRESHOLD_INVERT,
} Filter;

typedef struct
{
  guint  num, den;  /* scale */
  Filter filter;
} Pass;

/* Tried in order until one finds a symbol or the budget runs out, the most
 * likely rescues first:
 * - inverted: dark-mode pages and apps draw light modules on dark, which
 *   ZBar's finder-pattern search does not look for;
 * - contrast-stretched: grey on grey;
 * - upscaled 2× and 3×: codes with ~2 px modules (HiDPI screenshots scaled
 *   down, small codes at non-integer browser zoom) whose blurred edges ZBar
 *   misses at their native size;
 * - downscaled: huge photos where noise inside the big modules confuses
 *   the edge detector;
 * - thresholded: uneven light, JPEG blocks and blur in photos and frames. */
static const Pass passes[] = {
  { 1, 1, FILTER_NONE },
  { 1, 1, FILTER_INVERT },
  { 1, 1, FILTER_STRETCH },
  { 2, 1, FILTER_NONE },
  { 1, 2, FILTER_NONE },
  { 1, 1, FILTER_THRESHOLD },
  { 3, 1, FILTER_NONE },
  { 2, 1, FILTER_INVERT },
  { 1, 1, FILTER_STRETCH_INVERT },
  { 2, 1, FILTER_THRESHOLD },
  { 1, 2, FILTER_THRESHOLD },
  { 3, 2, FILTER_NONE },
  { 1, 3, FILTER_NONE },
  { 1, 1, FILTER_THRESHOLD_INVERT },
  { 3, 1, FILTER_INVERT },
  { 1, 3, FILTER_THRESHOLD },
};

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

/* NULL when the pass would be the same as an earlier one or is pointless
 * at this size. */
static SesameGrayImage *
make_pass_image (const SesameGrayImage *src,
                 const Pass            *pass)
{
  g_autoptr(SesameGrayImage) img = NULL;
  guint min_side = MIN (src->width, src->height);

  if (pass->num > pass->den)
    {
      /* A 4K frame tripled is 75 megapixels: not worth the time or memory. */
      if ((gsize) src->width * src->height * pass->num * pass->num / (pass->den * pass->den) > 40000000)
        return NULL;
      img = upscale (src, pass->num, pass->den);
    }
  else if (pass->den > pass->num)
    {
      /* Only big photos have modules large enough to survive this. */
      if (min_side / pass->den < 400)
        return NULL;
      img = downscale (src, pass->den);
    }
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
      threshold (img);
      if (pass->filter == FILTER_THRESHOLD_INVERT)
        invert (img);
      break;
    default:
      g_assert_not_reached ();
    }

  return pad (g_steal_pointer (&img));
}

typedef struct
{
  zbar_image_scanner_t *scanner;
  GPtrArray            *found;  /* of GBytes */
  GHashTable           *seen;   /* GBytes set */
} Scan;

/* Returns how many new payloads the pass found. */
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
  Scan scan;
  SesameGrayImage src = { (guint8 *) pixels, width, height, stride };
  g_autoptr(SesameGrayImage) packed = NULL;
  gint64 start, deadline, first_us;
  double us_per_pixel;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (stride >= width, NULL);

  if (budget_ms == 0)
    budget_ms = SESAME_QR_DECODE_DEFAULT_BUDGET_MS;
  start = g_get_monotonic_time ();
  deadline = start + (gint64) budget_ms * 1000;

  scan.found = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  scan.seen = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  scan.scanner = zbar_image_scanner_create ();
  zbar_image_scanner_set_config (scan.scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scan.scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* Raw bytes: otherwise ZBar guesses a text encoding and may turn a
   * UTF-8 issuer into mojibake. */
  zbar_image_scanner_set_config (scan.scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);

  if (stride == width)
    scan_packed (&scan, pixels, width, height);
  else
    {
      packed = copy_packed (&src);
      scan_packed (&scan, packed->pixels, width, height);
    }

  /* ZBar's time is about linear in the pixel count: the first scan tells
   * how long a pass of a given size takes on this machine and image, so a
   * pass that cannot finish in time is skipped for a cheaper one. */
  first_us = MAX (1, g_get_monotonic_time () - start);
  us_per_pixel = (double) first_us / ((double) width * height);

  for (guint i = 1; i < G_N_ELEMENTS (passes) && scan.found->len == 0; i++)
    {
      const Pass *pass = &passes[i];
      g_autoptr(SesameGrayImage) img = NULL;
      double pixels_out = (double) width * height * pass->num * pass->num / (pass->den * pass->den);
      gint64 now = g_get_monotonic_time ();

      if (now + (gint64) (us_per_pixel * pixels_out * 1.3) > deadline)
        continue;

      img = make_pass_image (packed != NULL ? packed : &src, pass);
      if (img == NULL)
        continue;
      if (scan_packed (&scan, img->pixels, img->width, img->height) > 0)
        g_debug ("Found by pass %u (scale %u/%u, filter %d)", i, pass->num, pass->den, pass->filter);
    }

  zbar_image_scanner_destroy (scan.scanner);
  g_hash_table_unref (scan.seen);

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
