/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Small wrappers over libgcrypt shared by the age code and the importers.
 * Each returns FALSE when libgcrypt fails (or, for the _open functions,
 * when the tag does not match) and never logs key material. */

#define SESAME_SHA256_SIZE 32
#define SESAME_AEAD_TAG_SIZE 16

gboolean  sesame_crypto_hmac_sha256          (const guint8 *key,
                                              gsize         key_size,
                                              const guint8 *data,
                                              gsize         size,
                                              guint8        out[SESAME_SHA256_SIZE]);
gboolean  sesame_crypto_hkdf_sha256          (const guint8 *ikm,
                                              gsize         ikm_size,
                                              const guint8 *salt,
                                              gsize         salt_size,
                                              const char   *info,
                                              guint8        out[SESAME_SHA256_SIZE]);
gboolean  sesame_crypto_scrypt               (const char   *passphrase,
                                              gsize         passphrase_size,
                                              const guint8 *salt,
                                              gsize         salt_size,
                                              guint64       n,
                                              guint         r,
                                              guint         p,
                                              guint8       *out,
                                              gsize         out_size);
gboolean  sesame_crypto_pbkdf2               (int           md_algo,
                                              const char   *password,
                                              gsize         password_size,
                                              const guint8 *salt,
                                              gsize         salt_size,
                                              gulong        iterations,
                                              guint8       *out,
                                              gsize         out_size);

/* ChaCha20-Poly1305 (12-byte nonce) and AES-256-GCM (any nonce size):
 * @out receives @size bytes; the 16-byte tag is separate. _open checks the
 * tag before it returns TRUE; on FALSE @out is wiped. */
gboolean  sesame_crypto_chacha20poly1305_seal (const guint8 key[32],
                                               const guint8 nonce[12],
                                               const guint8 *in,
                                               gsize         size,
                                               guint8       *out,
                                               guint8        tag[SESAME_AEAD_TAG_SIZE]);
gboolean  sesame_crypto_chacha20poly1305_open (const guint8 key[32],
                                               const guint8 nonce[12],
                                               const guint8 *in,
                                               gsize         size,
                                               const guint8  tag[SESAME_AEAD_TAG_SIZE],
                                               guint8       *out);
gboolean  sesame_crypto_aes256gcm_seal        (const guint8 key[32],
                                               const guint8 *nonce,
                                               gsize         nonce_size,
                                               const guint8 *in,
                                               gsize         size,
                                               guint8       *out,
                                               guint8        tag[SESAME_AEAD_TAG_SIZE]);
gboolean  sesame_crypto_aes256gcm_open        (const guint8 key[32],
                                               const guint8 *nonce,
                                               gsize         nonce_size,
                                               const guint8 *in,
                                               gsize         size,
                                               const guint8  tag[SESAME_AEAD_TAG_SIZE],
                                               guint8       *out);

void      sesame_crypto_random               (guint8       *out,
                                              gsize         size,
                                              gboolean      key_material);
gboolean  sesame_crypto_equal                (const guint8 *a,
                                              const guint8 *b,
                                              gsize         size);

/* Unpadded standard base64 (age's encoding): decoding refuses '=', any
 * character outside the alphabet and non-canonical trailing bits. */
char     *sesame_base64_encode_unpadded      (const guint8 *data,
                                              gsize         size);
guint8   *sesame_base64_decode_unpadded      (const char   *text,
                                              gsize         length,
                                              gsize        *out_size);

G_END_DECLS
