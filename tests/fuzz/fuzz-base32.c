/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "sesame-base32.h"
#include "sesame-fuzz.h"

/* Base32 keys (sesame_base32_decode), with a length and NUL-terminated.
 * Whatever decodes must encode back to something that decodes to the same
 * bytes. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) secret = NULL;
  g_autoptr(SesameSecret) nul_terminated = NULL;
  g_autofree char *text = sesame_fuzz_strndup (data, size);

  secret = sesame_base32_decode ((const char *) data, (gssize) size, &error);
  sesame_fuzz_check ((secret == NULL) == (error != NULL), "an error exactly when nothing is decoded");
  g_clear_error (&error);

  nul_terminated = sesame_base32_decode (text, -1, &error);
  sesame_fuzz_check ((nul_terminated == NULL) == (error != NULL), "an error exactly when nothing is decoded");
  if (memchr (data, '\0', size) == NULL)
    sesame_fuzz_check ((secret == NULL) == (nul_terminated == NULL) &&
                       (secret == NULL || sesame_secret_equal (secret, nul_terminated)),
                       "a length and a NUL terminator read the same");

  if (secret != NULL)
    {
      gsize n;
      const guint8 *bytes = sesame_secret_get_data (secret, &n);
      g_autofree char *encoded = sesame_base32_encode (bytes, n);
      g_autoptr(SesameSecret) again = sesame_base32_decode (encoded, -1, NULL);

      sesame_fuzz_check (again != NULL && sesame_secret_equal (secret, again), "decode → encode → decode is the identity");
    }
  return 0;
}
