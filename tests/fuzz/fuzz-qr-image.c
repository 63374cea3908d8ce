/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sesame-fuzz.h"
#include "sesame-payload.h"
#include "sesame-qr-decode.h"

/* An image file dropped, pasted or given to `sesame-cli scan`
 * (sesame_gray_image_load_bytes: gdk-pixbuf's loaders, then Sesame's
 * conversion to gray), its QR codes read (sesame_qr_decode_image, with a
 * budget of 1 ms so a picture without a code does not take 1.5 s) and
 * what they hold classified, as the app does. The loaders and ZBar are
 * not instrumented for coverage: this target mostly guards Sesame's code
 * around them. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameGrayImage) image = NULL;
  g_autoptr(GPtrArray) found = NULL;

  image = sesame_gray_image_load_bytes (bytes, &error);
  if (image == NULL)
    {
      sesame_fuzz_check (error != NULL, "an unreadable image comes with an error");
      return 0;
    }
  sesame_fuzz_check (image->width > 0 && image->height > 0 && image->stride >= image->width, "an image has pixels");

  found = sesame_qr_decode_image (image, 1);
  sesame_fuzz_report ("qr-image", "%u×%u, %u codes", image->width, image->height, found != NULL ? found->len : 0);
  for (guint i = 0; found != NULL && i < found->len; i++)
    {
      GBytes *code = g_ptr_array_index (found, i);

      sesame_payload_free (sesame_payload_parse_bytes (code, NULL));
    }
  return 0;
}
