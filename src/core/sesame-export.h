/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account.h"

G_BEGIN_DECLS

/**
 * SesameExportFormat:
 * @SESAME_EXPORT_AGE: Sesame's backup: age, passphrase, docs/backup-format.md
 * @SESAME_EXPORT_AEGIS: an encrypted Aegis vault (password slot, scrypt)
 * @SESAME_EXPORT_AEGIS_PLAIN: an unencrypted Aegis vault — keys in the clear
 * @SESAME_EXPORT_URIS: otpauth:// links, one per line — keys in the clear
 */
typedef enum
{
  SESAME_EXPORT_AGE,
  SESAME_EXPORT_AEGIS,
  SESAME_EXPORT_AEGIS_PLAIN,
  SESAME_EXPORT_URIS,
} SesameExportFormat;

gboolean    sesame_export_format_from_string       (const char          *text,
                                                    SesameExportFormat  *format);
const char *sesame_export_format_to_string         (SesameExportFormat   format);
gboolean    sesame_export_format_needs_passphrase  (SesameExportFormat   format);

char       *sesame_export_aegis_json               (GPtrArray           *accounts,
                                                    const char          *password,
                                                    GError             **error);
char       *sesame_export_uris                     (GPtrArray           *accounts);

gboolean    sesame_export_write_file               (GFile               *file,
                                                    GPtrArray           *accounts,
                                                    SesameExportFormat   format,
                                                    const char          *passphrase,
                                                    guint                work_factor,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
void        sesame_export_write_file_async         (GFile               *file,
                                                    GPtrArray           *accounts,
                                                    SesameExportFormat   format,
                                                    const char          *passphrase,
                                                    guint                work_factor,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean    sesame_export_write_file_finish        (GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
