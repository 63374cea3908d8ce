/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-secret.h"

G_BEGIN_DECLS

#define SESAME_AGE_ERROR (sesame_age_error_quark ())

/**
 * SesameAgeError:
 *
 * Why an age file could not be read or written. Every message says what
 * went wrong and what to do; none contains a passphrase or a key.
 */
typedef enum
{
  SESAME_AGE_ERROR_NOT_AGE,               /* not an age file at all */
  SESAME_AGE_ERROR_UNSUPPORTED,           /* encrypted to keys (X25519, plugins), not with a passphrase */
  SESAME_AGE_ERROR_WRONG_PASSPHRASE,      /* no stanza opens with this passphrase */
  SESAME_AGE_ERROR_CORRUPT_HEADER,        /* the header does not follow the format */
  SESAME_AGE_ERROR_HEADER_MAC,            /* the header was altered after it was written */
  SESAME_AGE_ERROR_CORRUPT_PAYLOAD,       /* a chunk failed its tag, or the file was cut short */
  SESAME_AGE_ERROR_ARMOR,                 /* the ASCII armor is malformed */
  SESAME_AGE_ERROR_WORK_FACTOR_TOO_HIGH,  /* scrypt work factor over SESAME_AGE_MAX_WORK_FACTOR */
  SESAME_AGE_ERROR_INVALID_ARGUMENT,      /* an empty passphrase, a work factor out of range */
  SESAME_AGE_ERROR_FAILED,                /* the crypto library failed */
  SESAME_AGE_ERROR_UNSUPPORTED_VERSION,   /* an age format version other than v1 */
} SesameAgeError;

/* Plaintext is split in chunks of this size (age's STREAM). */
#define SESAME_AGE_CHUNK_SIZE          65536
#define SESAME_AGE_DEFAULT_WORK_FACTOR 18
#define SESAME_AGE_MIN_WORK_FACTOR     1
/* The bound of every KDF read from a file (sesame-kdf-limits.h): 2²⁰ is
 * 1 GiB of scrypt memory (the age reference implementation allows 2²²,
 * 4 GiB). Sesame writes no more than it reads; anything above is refused
 * before any scrypt work. */
#define SESAME_AGE_MAX_WORK_FACTOR     20

typedef enum
{
  SESAME_AGE_STAGE_KDF,      /* deriving the key from the passphrase (no byte count) */
  SESAME_AGE_STAGE_PAYLOAD,  /* encrypting or decrypting chunks */
} SesameAgeStage;

/**
 * SesameAgeProgressFunc:
 * @stage: what is being done
 * @bytes: plaintext bytes processed so far
 * @user_data: closure
 *
 * Called between steps. With the synchronous functions it runs in the
 * calling thread; with the _async ones in the thread-default main context
 * of the caller.
 */
typedef void (*SesameAgeProgressFunc) (SesameAgeStage stage,
                                       guint64        bytes,
                                       gpointer       user_data);

GQuark        sesame_age_error_quark      (void);

gboolean      sesame_age_encrypt          (GInputStream           *plaintext,
                                           GOutputStream          *ciphertext,
                                           const char             *passphrase,
                                           guint                   work_factor,
                                           SesameAgeProgressFunc   progress,
                                           gpointer                progress_data,
                                           GCancellable           *cancellable,
                                           GError                **error);
gboolean      sesame_age_decrypt          (GInputStream           *ciphertext,
                                           GOutputStream          *plaintext,
                                           const char             *passphrase,
                                           SesameAgeProgressFunc   progress,
                                           gpointer                progress_data,
                                           GCancellable           *cancellable,
                                           GError                **error);

GBytes       *sesame_age_encrypt_bytes    (const guint8           *data,
                                           gsize                   size,
                                           const char             *passphrase,
                                           guint                   work_factor,
                                           GCancellable           *cancellable,
                                           GError                **error);
SesameSecret *sesame_age_decrypt_bytes    (const guint8           *data,
                                           gsize                   size,
                                           const char             *passphrase,
                                           GCancellable           *cancellable,
                                           GError                **error);
SesameSecret *sesame_age_decrypt_stream   (GInputStream           *ciphertext,
                                           const char             *passphrase,
                                           SesameAgeProgressFunc   progress,
                                           gpointer                progress_data,
                                           GCancellable           *cancellable,
                                           GError                **error);

void          sesame_age_encrypt_async    (GInputStream           *plaintext,
                                           GOutputStream          *ciphertext,
                                           const char             *passphrase,
                                           guint                   work_factor,
                                           SesameAgeProgressFunc   progress,
                                           gpointer                progress_data,
                                           GDestroyNotify          progress_notify,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
gboolean      sesame_age_encrypt_finish   (GAsyncResult           *result,
                                           GError                **error);
void          sesame_age_decrypt_async    (GInputStream           *ciphertext,
                                           GOutputStream          *plaintext,
                                           const char             *passphrase,
                                           SesameAgeProgressFunc   progress,
                                           gpointer                progress_data,
                                           GDestroyNotify          progress_notify,
                                           GCancellable           *cancellable,
                                           GAsyncReadyCallback     callback,
                                           gpointer                user_data);
gboolean      sesame_age_decrypt_finish   (GAsyncResult           *result,
                                           GError                **error);

gboolean      sesame_age_looks_like_age   (const guint8           *data,
                                           gsize                   size);

G_END_DECLS
