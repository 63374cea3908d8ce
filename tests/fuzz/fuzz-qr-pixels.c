/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sesame-fuzz.h"
#include "sesame-qr-decode.h"

/* Sesame's own image passes before ZBar (sesame_qr_decode: inversion,
 * contrast, resampling by 3/2, 2, 1/2, 1/3, tiles, thresholds) on any
 * gray pixels, as from a camera frame or a screenshot. The input is
 * [width − 1][repeat and padding][pixels…]: the pixels are rows of that
 * width (the last partial row dropped), each pixel repeated 1–4 times in
 * both directions so small inputs make larger images, and rows padded by
 * 0–3 bytes (stride > width). The budget is 1 ms, so after the first scan
 * the passes tried depend on time: a crash found here replays by its
 * input, but may need the passes the budget allowed. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  guint width, height, repeat, pad, w, h;
  gsize stride;
  g_autofree guint8 *pixels = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (size < 3)
    return 0;
  width = (guint) data[0] + 1;
  repeat = (data[1] & 3) + 1;
  pad = (data[1] >> 2) & 3;
  data += 2;
  size -= 2;
  height = size / width;
  if (height == 0)
    return 0;

  w = width * repeat;
  h = height * repeat;
  stride = w + pad;
  pixels = g_malloc (stride * h);
  for (guint y = 0; y < h; y++)
    {
      for (guint x = 0; x < w; x++)
        pixels[y * stride + x] = data[(y / repeat) * width + x / repeat];
      memset (pixels + y * stride + w, 0x55, pad);
    }

  found = sesame_qr_decode (pixels, w, h, stride, 1);
  sesame_fuzz_report ("qr-pixels", "%u×%u, %u codes", w, h, found != NULL ? found->len : 0);
  return 0;
}
