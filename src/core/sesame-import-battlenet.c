/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-import-battlenet"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-import-private.h"

/* The Battle.net app's authenticator (shared preferences
 * com.blizzard.messenger.authenticator_preferences.xml on a rooted phone):
 * AUTHENTICATOR_DEVICE_SECRET and AUTHENTICATOR_SERIAL are hex, XOR-masked
 * with a fixed key of the app ("MASK"); unmasked, the secret is the hex of
 * a TOTP key (SHA1, 8 digits, 30 s) and the serial ("US-…") the account
 * name. */

#define BATTLENET_NAME _("Battle.net authenticator data")
#define PREFIX "com.blizzard.messenger."
#define SECRET_KEY PREFIX "AUTHENTICATOR_DEVICE_SECRET"
#define SERIAL_KEY PREFIX "AUTHENTICATOR_SERIAL"

static const guint8 mask[] = {
  0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c,
  0x04, 0xc6, 0x10, 0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6,
  0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68, 0x77, 0x3f, 0xa5, 0x9b, 0xa4, 0x7c, 0x17, 0xca, 0x6c, 0x64,
  0x79, 0x01, 0x5c, 0x1d, 0x5b, 0x8b, 0x8f, 0x6b, 0x9a,
};

static guint
battlenet_detect (const guint8 *data,
                  gsize         size,
                  const char   *filename)
{
  return sesame_import_looks_like_shared_prefs (data, size, SECRET_KEY) ? 90 : 0;
}

static gboolean
battlenet_needs_password (const guint8 *data,
                          gsize         size)
{
  return FALSE;
}

/* The unmasked text (secure memory, NUL-terminated, *size without the NUL)
 * or NULL when @hex is not a masked value. */
static char *
unmask (const char *hex,
        gsize      *size)
{
  guint8 *bytes;
  gsize length = 0;
  char *text;

  bytes = hex != NULL ? sesame_hex_decode (hex, &length) : NULL;
  if (bytes == NULL || length == 0 || length > sizeof mask)
    {
      g_free (bytes);
      return NULL;
    }

  text = sesame_secure_alloc (length + 1);
  for (gsize i = 0; i < length; i++)
    text[i] = bytes[i] ^ mask[i];
  text[length] = '\0';
  sesame_memwipe (bytes, length);
  g_free (bytes);

  *size = length;
  return text;
}

static gboolean
battlenet_parse (const guint8        *data,
                 gsize                size,
                 const char          *password,
                 SesameImportResult  *result,
                 GError             **error)
{
  g_autoptr(GHashTable) prefs = sesame_import_parse_shared_prefs (data, size);
  const char *type = prefs != NULL ? g_hash_table_lookup (prefs, PREFIX "AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE") : NULL;
  g_autofree char *serial = NULL;
  SesameImportEntry e = { 0 };
  char *secret_hex, *serial_text;
  gsize secret_hex_size = 0, serial_size = 0, secret_size = 0;
  guint8 *secret;

  if (prefs == NULL || g_hash_table_lookup (prefs, SECRET_KEY) == NULL)
    {
      sesame_import_set_invalid (error, BATTLENET_NAME, _("it holds no authenticator secret"));
      return FALSE;
    }
  if (type != NULL && g_strcmp0 (type, "MASK") != 0)
    {
      g_set_error_literal (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_UNSUPPORTED_VERSION,
                           _("This Battle.net authenticator data protects its secret in a way Sesame does not know."));
      return FALSE;
    }

  serial_text = unmask (g_hash_table_lookup (prefs, SERIAL_KEY), &serial_size);
  if (serial_text != NULL && g_utf8_validate (serial_text, serial_size, NULL))
    serial = g_strdup (serial_text);
  if (serial_text != NULL)
    sesame_secure_free (serial_text, serial_size + 1);

  secret_hex = unmask (g_hash_table_lookup (prefs, SECRET_KEY), &secret_hex_size);
  secret = secret_hex != NULL ? sesame_hex_decode (secret_hex, &secret_size) : NULL;
  if (secret_hex != NULL)
    sesame_secure_free (secret_hex, secret_hex_size + 1);
  if (secret == NULL || secret_size == 0)
    {
      g_autofree char *what = sesame_import_describe_entry (1, "Battle.net", serial);
      sesame_import_result_add_failure (result, what, _("Its secret cannot be unmasked."));
      g_free (secret);
      return TRUE;
    }

  e.type = "totp";
  e.issuer = "Battle.net";
  e.name = serial != NULL ? serial : "";
  e.secret = secret;
  e.secret_size = secret_size;
  e.algorithm = "SHA1";
  e.digits = 8;
  e.period = 30;
  sesame_import_add_entry (result, 1, &e);

  sesame_memwipe (secret, secret_size);
  g_free (secret);
  return TRUE;
}

const SesameImporter sesame_importer_battlenet = {
  .id = "battlenet",
  .name = N_("Battle.net authenticator data"),
  .detect = battlenet_detect,
  .needs_password = battlenet_needs_password,
  .parse = battlenet_parse,
};
