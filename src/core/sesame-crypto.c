/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-crypto"

#include "config.h"

#include <gcrypt.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-otp.h"
#include "sesame-secret.h"

gboolean
sesame_crypto_hmac_sha256 (const guint8 *key,
                           gsize         key_size,
                           const guint8 *data,
                           gsize         size,
                           guint8        out[SESAME_SHA256_SIZE])
{
  static const guint8 zero_key[SESAME_SHA256_SIZE] = { 0 };
  gcry_md_hd_t hd = NULL;
  gboolean ok = FALSE;

  sesame_crypto_init ();

  /* HMAC pads short keys with zeros, so an empty key is the same as a
   * block of zeros (and libgcrypt refuses a zero-length key). */
  if (key_size == 0)
    {
      key = zero_key;
      key_size = sizeof zero_key;
    }

  if (gcry_md_open (&hd, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC | GCRY_MD_FLAG_SECURE) != 0)
    return FALSE;

  if (gcry_md_setkey (hd, key, key_size) == 0)
    {
      if (size > 0)
        gcry_md_write (hd, data, size);
      memcpy (out, gcry_md_read (hd, GCRY_MD_SHA256), SESAME_SHA256_SIZE);
      ok = TRUE;
    }

  gcry_md_close (hd);
  return ok;
}

/* RFC 5869 with L = 32: one HMAC to extract, one to expand. */
gboolean
sesame_crypto_hkdf_sha256 (const guint8 *ikm,
                           gsize         ikm_size,
                           const guint8 *salt,
                           gsize         salt_size,
                           const char   *info,
                           guint8        out[SESAME_SHA256_SIZE])
{
  guint8 prk[SESAME_SHA256_SIZE];
  gsize info_size = strlen (info);
  g_autofree guint8 *block = g_malloc (info_size + 1);
  gboolean ok;

  memcpy (block, info, info_size);
  block[info_size] = 0x01;

  ok = sesame_crypto_hmac_sha256 (salt, salt_size, ikm, ikm_size, prk)
       && sesame_crypto_hmac_sha256 (prk, sizeof prk, block, info_size + 1, out);

  sesame_memwipe (prk, sizeof prk);
  return ok;
}

gboolean
sesame_crypto_scrypt (const char   *passphrase,
                      gsize         passphrase_size,
                      const guint8 *salt,
                      gsize         salt_size,
                      guint64       n,
                      guint         r,
                      guint         p,
                      guint8       *out,
                      gsize         out_size)
{
  static const char empty[1] = "";

  sesame_crypto_init ();

  /* libgcrypt's scrypt has r fixed at 8, which is what age and Aegis use. */
  if (r != 8 || n < 2 || n > G_MAXINT)
    return FALSE;

  if (passphrase == NULL)
    passphrase = empty;

  return gcry_kdf_derive (passphrase, passphrase_size, GCRY_KDF_SCRYPT, (int) n,
                          salt, salt_size, p, out_size, out) == 0;
}

gboolean
sesame_crypto_pbkdf2 (int           md_algo,
                      const char   *password,
                      gsize         password_size,
                      const guint8 *salt,
                      gsize         salt_size,
                      gulong        iterations,
                      guint8       *out,
                      gsize         out_size)
{
  sesame_crypto_init ();

  return gcry_kdf_derive (password, password_size, GCRY_KDF_PBKDF2, md_algo,
                          salt, salt_size, iterations, out_size, out) == 0;
}

static gboolean
aead (int           algo,
      int           mode,
      const guint8 *key,
      const guint8 *nonce,
      gsize         nonce_size,
      const guint8 *in,
      gsize         size,
      guint8       *out,
      guint8       *tag,
      gboolean      encrypt)
{
  gcry_cipher_hd_t hd = NULL;
  gboolean ok = FALSE;
  guint8 dummy[1] = { 0 };

  sesame_crypto_init ();

  /* libgcrypt takes a NULL input as "in place" with the output's size. */
  if (size == 0)
    {
      in = dummy;
      out = dummy;
    }

  if (gcry_cipher_open (&hd, algo, mode, GCRY_CIPHER_SECURE) != 0)
    return FALSE;

  if (gcry_cipher_setkey (hd, key, 32) != 0 || gcry_cipher_setiv (hd, nonce, nonce_size) != 0)
    goto out;

  if (gcry_cipher_final (hd) != 0)
    goto out;

  if (encrypt)
    ok = gcry_cipher_encrypt (hd, out, MAX (size, 1), in, size) == 0
         && gcry_cipher_gettag (hd, tag, SESAME_AEAD_TAG_SIZE) == 0;
  else
    ok = gcry_cipher_decrypt (hd, out, MAX (size, 1), in, size) == 0
         && gcry_cipher_checktag (hd, tag, SESAME_AEAD_TAG_SIZE) == 0;

out:
  gcry_cipher_close (hd);
  if (!ok && !encrypt && size > 0)
    sesame_memwipe (out, size);
  return ok;
}

gboolean
sesame_crypto_chacha20poly1305_seal (const guint8  key[32],
                                     const guint8  nonce[12],
                                     const guint8 *in,
                                     gsize         size,
                                     guint8       *out,
                                     guint8        tag[SESAME_AEAD_TAG_SIZE])
{
  return aead (GCRY_CIPHER_CHACHA20, GCRY_CIPHER_MODE_POLY1305, key, nonce, 12, in, size, out, tag, TRUE);
}

gboolean
sesame_crypto_chacha20poly1305_open (const guint8  key[32],
                                     const guint8  nonce[12],
                                     const guint8 *in,
                                     gsize         size,
                                     const guint8  tag[SESAME_AEAD_TAG_SIZE],
                                     guint8       *out)
{
  return aead (GCRY_CIPHER_CHACHA20, GCRY_CIPHER_MODE_POLY1305, key, nonce, 12, in, size, out,
               (guint8 *) tag, FALSE);
}

gboolean
sesame_crypto_aes256gcm_seal (const guint8  key[32],
                              const guint8 *nonce,
                              gsize         nonce_size,
                              const guint8 *in,
                              gsize         size,
                              guint8       *out,
                              guint8        tag[SESAME_AEAD_TAG_SIZE])
{
  return aead (GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_GCM, key, nonce, nonce_size, in, size, out, tag, TRUE);
}

gboolean
sesame_crypto_aes256gcm_open (const guint8  key[32],
                              const guint8 *nonce,
                              gsize         nonce_size,
                              const guint8 *in,
                              gsize         size,
                              const guint8  tag[SESAME_AEAD_TAG_SIZE],
                              guint8       *out)
{
  return aead (GCRY_CIPHER_AES256, GCRY_CIPHER_MODE_GCM, key, nonce, nonce_size, in, size, out,
               (guint8 *) tag, FALSE);
}

void
sesame_crypto_random (guint8   *out,
                      gsize     size,
                      gboolean  key_material)
{
  sesame_crypto_init ();

  if (key_material)
    gcry_randomize (out, size, GCRY_STRONG_RANDOM);
  else
    gcry_create_nonce (out, size);
}

gboolean
sesame_crypto_equal (const guint8 *a,
                     const guint8 *b,
                     gsize         size)
{
  guint8 diff = 0;

  for (gsize i = 0; i < size; i++)
    diff |= a[i] ^ b[i];

  return diff == 0;
}

char *
sesame_base64_encode_unpadded (const guint8 *data,
                               gsize         size)
{
  char *text = g_base64_encode (data, size);
  char *pad = strchr (text, '=');

  if (pad != NULL)
    *pad = '\0';

  return text;
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* Returns NULL for anything but canonical unpadded base64. The result is
 * g_malloc()ed; callers holding key material wipe it. */
guint8 *
sesame_base64_decode_unpadded (const char *text,
                               gsize       length,
                               gsize      *out_size)
{
  g_autofree char *padded = NULL;
  g_autofree char *again = NULL;
  guint8 *data;
  gsize size = 0;

  if (length % 4 == 1)
    return NULL;

  for (gsize i = 0; i < length; i++)
    if (!is_base64_char (text[i]))
      return NULL;

  padded = g_malloc (length + 4);
  memcpy (padded, text, length);
  memset (padded + length, '=', (4 - length % 4) % 4);
  padded[length + (4 - length % 4) % 4] = '\0';

  data = g_base64_decode (padded, &size);
  if (size == 0 && length == 0)
    {
      g_free (data);
      data = g_malloc0 (1);
    }

  /* Unused low bits in the last character must be zero. */
  again = sesame_base64_encode_unpadded (data, size);
  if (strlen (again) != length || memcmp (again, text, length) != 0)
    {
      sesame_memwipe (data, size);
      sesame_memwipe (again, strlen (again));
      g_free (data);
      return NULL;
    }

  sesame_memwipe (again, strlen (again));
  *out_size = size;
  return data;
}
