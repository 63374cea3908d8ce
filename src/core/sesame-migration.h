/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sesame-otpauth.h"

G_BEGIN_DECLS

#define SESAME_MIGRATION_ERROR      (sesame_migration_error_quark ())
#define SESAME_TYPE_MIGRATION_BATCH (sesame_migration_batch_get_type ())

/* Google Authenticator splits an export into QR codes of about this many
 * accounts; the encoder does the same so each code stays readable. */
#define SESAME_MIGRATION_DEFAULT_PER_CODE 10

/* And at most about this many bytes of payload (a QR code of version ~20
 * once in base64 and a URI), unless one account alone is larger. */
#define SESAME_MIGRATION_MAX_BYTES_PER_CODE 600

/**
 * SesameMigrationError:
 *
 * Why an otpauth-migration:// URI, or one account in it, was refused.
 * Messages never contain a secret.
 */
typedef enum
{
  SESAME_MIGRATION_ERROR_INVALID_URI,            /* not otpauth-migration://offline?data=… */
  SESAME_MIGRATION_ERROR_INVALID_BASE64,         /* data= is not base64 */
  SESAME_MIGRATION_ERROR_INVALID_PAYLOAD,        /* not a MigrationPayload protobuf */
  SESAME_MIGRATION_ERROR_EMPTY,                  /* a payload without accounts */
  SESAME_MIGRATION_ERROR_UNSUPPORTED_ALGORITHM,  /* one account: MD5 or an unknown algorithm */
  SESAME_MIGRATION_ERROR_INVALID_ENTRY,          /* one account: no secret, unknown type or digits */
  SESAME_MIGRATION_ERROR_UNSUPPORTED,            /* encoder: an account the format cannot carry */
} SesameMigrationError;

/**
 * SesameMigrationBatch:
 * @accounts: (element-type SesameOtpauth): the accounts read, in order
 * @problems: (element-type GError): one error per account that could not
 *   be read (its message names the account); the others are still there
 * @version: the payload's format version (1 today)
 * @batch_size: how many QR codes the export has (≥ 1)
 * @batch_index: which of them this is, from 0
 * @batch_id: the same in every code of one export
 *
 * What one "Transfer accounts" QR code holds.
 */
typedef struct
{
  GPtrArray *accounts;
  GPtrArray *problems;
  int        version;
  int        batch_size;
  int        batch_index;
  int        batch_id;
} SesameMigrationBatch;

GQuark                sesame_migration_error_quark     (void);
GType                 sesame_migration_batch_get_type  (void) G_GNUC_CONST;

gboolean              sesame_migration_is_migration_uri (const char                 *text);
SesameMigrationBatch *sesame_migration_parse            (const char                 *uri,
                                                         GError                    **error);
SesameMigrationBatch *sesame_migration_parse_payload    (const guint8               *data,
                                                         gsize                       size,
                                                         GError                    **error);
SesameMigrationBatch *sesame_migration_batch_copy       (const SesameMigrationBatch *self);
void                  sesame_migration_batch_free       (SesameMigrationBatch       *self);

char                 *sesame_migration_unsupported_reason (const SesameOtpauth *account);
char                **sesame_migration_encode           (GPtrArray                  *accounts,
                                                         guint                       per_code,
                                                         GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameMigrationBatch, sesame_migration_batch_free)

G_END_DECLS
