/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sesame-age.h"
#include "sesame-fuzz.h"

/* age files, binary and ASCII-armored (sesame_age_decrypt_bytes), with the
 * passphrase SESAME_FUZZ_PASSWORD. Inputs of odd size are read without a
 * GError, the way a caller that only wants yes or no reads them (review
 * finding 3). What opens must encrypt again and open to the same bytes. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) plain = NULL;
  gboolean want_error = size % 2 == 0 || !sesame_fuzz_enabled ("age-null-error");

  (void) sesame_age_looks_like_age (data, size);

  plain = sesame_age_decrypt_bytes (data, size, SESAME_FUZZ_PASSWORD, NULL, want_error ? &error : NULL);
  sesame_fuzz_report ("age", "%s", plain != NULL ? "decrypted" : error != NULL ? error->message : "refused");
  if (want_error)
    sesame_fuzz_check ((plain == NULL) == (error != NULL), "an error exactly when nothing is decrypted");

  if (plain != NULL)
    {
      gsize n;
      const guint8 *bytes = sesame_secret_get_data (plain, &n);
      g_autoptr(GBytes) sealed = sesame_age_encrypt_bytes (bytes, n, SESAME_FUZZ_PASSWORD, 1, NULL, NULL);
      g_autoptr(SesameSecret) again = NULL;

      sesame_fuzz_check (sealed != NULL, "what was decrypted encrypts");
      again = sesame_age_decrypt_bytes (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed),
                                        SESAME_FUZZ_PASSWORD, NULL, NULL);
      sesame_fuzz_check (again != NULL && sesame_secret_equal (plain, again), "encrypt → decrypt is the identity");
    }
  return 0;
}
