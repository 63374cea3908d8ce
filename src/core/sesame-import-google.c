/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-google"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-import-private.h"

/* Google Authenticator "Transfer accounts" links (otpauth-migration://),
 * one per line in a text file, as QR decoders and extract_otp_secrets
 * write them. The protobuf is read by sesame-migration.c. */

static guint
google_detect (const guint8 *data,
               gsize         size,
               const char   *filename)
{
  return sesame_import_count_lines (data, size, "otpauth-migration://") > 0 ? 70 : 0;
}

static gboolean
google_needs_password (const guint8 *data,
                       gsize         size)
{
  return FALSE;
}

static gboolean
google_parse (const guint8        *data,
              gsize                size,
              const char          *password,
              SesameImportResult  *result,
              GError             **error)
{
  return sesame_import_parse_lines (data, size, _("list of Google Authenticator transfer links"), result, error);
}

const SesameImporter sesame_importer_google = {
  .id = "google",
  .name = N_("list of Google Authenticator transfer links"),
  .detect = google_detect,
  .needs_password = google_needs_password,
  .parse = google_parse,
};
