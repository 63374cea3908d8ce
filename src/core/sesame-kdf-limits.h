/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The one rule for key-derivation settings read from a file someone else
 * made (an Aegis slot, an andOTP header, a Stratum or FreeOTP backup, an
 * age stanza): each derivation is bounded in memory and computation, a
 * file is bounded in how many derivations it may ask for and in their
 * total work, and every derivation can be cancelled. Beyond the bounds the
 * file is refused with one message (SESAME_IMPORT_ERROR_INVALID), before
 * any work is done. The bounds admit what every known app writes, with a
 * wide margin; see sesame-kdf-limits.c. */

typedef enum
{
  SESAME_KDF_SCRYPT,
  SESAME_KDF_PBKDF2,
  SESAME_KDF_ARGON2ID,
} SesameKdfAlgorithm;

/**
 * SesameKdfParams:
 *
 * Settings as read from the file (signed, so a negative number read from
 * JSON is refused rather than wrapped). Only the fields of @algorithm are
 * looked at.
 */
typedef struct
{
  SesameKdfAlgorithm algorithm;
  /* scrypt: cost N (a power of two), block size r, parallelism p */
  gint64 n;
  gint64 r;
  gint64 p;
  /* PBKDF2: HMAC with @md_algo (GCRY_MD_SHA1, _SHA256, _SHA512) */
  int md_algo;
  gint64 iterations;
  /* Argon2id: passes, memory in KiB, lanes */
  gint64 t_cost;
  gint64 m_cost_kib;
  gint64 parallelism;
} SesameKdfParams;

/* The bounds (public for tests and messages). */
#define SESAME_KDF_MAX_MEMORY        ((guint64) 1 << 30)  /* bytes, one derivation */
#define SESAME_KDF_MAX_WORK          ((guint64) 1 << 23)  /* units (sesame_kdf_work), one file */
#define SESAME_KDF_MAX_DERIVATIONS   8                    /* one file */
#define SESAME_KDF_MAX_PBKDF2_ITERATIONS 10000000

typedef struct _SesameKdfBudget SesameKdfBudget;

SesameKdfBudget *sesame_kdf_budget_new     (GCancellable          *cancellable);
void             sesame_kdf_budget_free    (SesameKdfBudget       *budget);
GCancellable    *sesame_kdf_budget_get_cancellable (SesameKdfBudget *budget);

guint64          sesame_kdf_work           (const SesameKdfParams *params,
                                            gsize                  out_size);
gboolean         sesame_kdf_check          (const SesameKdfParams *params,
                                            const char            *format_name,
                                            GError               **error);
gboolean         sesame_kdf_budget_plan    (SesameKdfBudget       *budget,
                                            const SesameKdfParams *params,
                                            gsize                  out_size,
                                            const char            *format_name,
                                            GError               **error);
gboolean         sesame_kdf_derive         (SesameKdfBudget       *budget,
                                            const SesameKdfParams *params,
                                            const char            *format_name,
                                            const char            *password,
                                            gsize                  password_size,
                                            const guint8          *salt,
                                            gsize                  salt_size,
                                            guint8                *out,
                                            gsize                  out_size,
                                            GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameKdfBudget, sesame_kdf_budget_free)

G_END_DECLS
