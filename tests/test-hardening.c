/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gcrypt.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sesame-account.h"
#include "sesame-age.h"
#include "sesame-backup.h"
#include "sesame-base32.h"
#include "sesame-import.h"
#include "sesame-migration.h"
#include "sesame-otpauth.h"
#include "sesame-payload.h"
#include "sesame-test-utils.h"

/* Findings of the 6b9f0f9 review (issue 13) that have no better home:
 * each test here failed on 6b9f0f9. */

/* {{{ Guarded buffers: the byte after the data is an unmapped page, so
 * reading one byte too far is a crash, with or without a sanitizer. */

typedef struct
{
  guint8 *map;
  gsize map_size;
  guint8 *data;
} Guarded;

static Guarded
guarded_new (const guint8 *data,
             gsize         size)
{
  gsize page = sysconf (_SC_PAGESIZE);
  gsize pages = (size + page - 1) / page + 1;
  Guarded g;

  g.map_size = pages * page;
  g.map = mmap (NULL, g.map_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  g_assert_true (g.map != MAP_FAILED);
  g_assert_cmpint (mprotect (g.map + (pages - 1) * page, page, PROT_NONE), ==, 0);
  g.data = g.map + (pages - 1) * page - size;
  if (size > 0)
    memcpy (g.data, data, size);
  return g;
}

static void
guarded_free (Guarded *g)
{
  munmap (g->map, g->map_size);
}

/* }}} */

/* Finding 2: andOTP's new encryption read its 4-byte iteration count
 * before it checked the size. */
static void
test_andotp_short (void)
{
  static const guint8 bytes[] = { 0x80, 0x81, 0x82, 0x83, 0x84 };

  for (gsize size = 0; size < sizeof bytes; size++)
    {
      Guarded g = guarded_new (bytes, size);
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameImportResult) result = NULL;

      result = sesame_import_data (g.data, size, "otp_accounts.json.aes", "andotp", "password", &error);
      g_assert_null (result);
      g_assert_nonnull (error);
      guarded_free (&g);
    }
}

/* Finding 3: no parser may need a GError to fail (the age reader
 * dereferenced a NULL one when the version line could not be read). Every
 * parser of outside bytes, every bad input, error = NULL. */
static const char *const bad_inputs[] = {
  "",
  "a",
  "hello",
  "age",
  "age-encryption.org/v1",
  "age-encryption.org/v1\n",
  "age-encryption.org/v1\r\n",
  "age-encryption.org/v2\n",
  "age-encryption.org/\n",
  "age-encryption.org/v1\n-> scrypt\n",
  "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 99\nAAAA\n--- AAAA\n",
  "age-encryption.org/v1\n-> X25519 abc\n\n--- x\n",
  "-----BEGIN AGE ENCRYPTED FILE-----\n",
  "-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----\n",
  "otpauth://",
  "otpauth://totp/",
  "otpauth://totp/a?secret=!!!",
  "otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=x",
  "otpauth-migration://offline?data=",
  "otpauth-migration://offline?data=%%%",
  "otpauth-migration://offline?data=CgA",
  "steam://",
  "{",
  "{}",
  "[]",
  "{\"version\": 1, \"header\": {}, \"db\": \"x\"}",
  "{\"format\": \"sesame-backup\"}",
  "{\"format\": \"sesame-backup\", \"version\": 1, \"accounts\": [{}]}",
  "\xef\xbb\xbf",
  "\xff\xfe\x00",
  "====",
  "A",
};

static void
try_everything (const guint8 *data,
                gsize         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);

  {
    g_autoptr(SesameSecret) plain = sesame_age_decrypt_bytes (data, size, "password", NULL, NULL);
  }
  {
    g_autoptr(SesameOtpauth) otp = sesame_otpauth_parse (text, NULL);
  }
  {
    g_autoptr(SesameSecret) secret = sesame_base32_decode (text, strlen (text), NULL);
  }
  {
    g_autoptr(SesameImportResult) backup = sesame_backup_parse (text, strlen (text), NULL);
  }
  {
    g_autoptr(SesamePayload) payload = sesame_payload_parse (data, size, NULL);
  }
  {
    g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse (text, NULL);
  }
  {
    g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse_payload (data, size, NULL);
  }
  {
    g_autoptr(SesameAccount) account = sesame_account_new_from_json (text, NULL);
  }
  {
    g_autoptr(SesameImportResult) result = sesame_import_data (data, size, "file", NULL, "password", NULL);
  }
  for (const SesameImporter *const *i = sesame_importers (); *i != NULL; i++)
    {
      g_autoptr(SesameImportResult) result = sesame_import_data (data, size, "file", (*i)->id, "password", NULL);
    }
}

static void
test_null_error (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      gsize size = strlen (bad_inputs[i]);

      g_test_message ("input %u", i);
      try_everything ((const guint8 *) bad_inputs[i], size);
      /* Every prefix of it, too (a short read is where the bug was). */
      for (gsize cut = 0; cut < size; cut++)
        try_everything ((const guint8 *) bad_inputs[i], cut);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/andotp-short", test_andotp_short);
  g_test_add_func ("/hardening/null-error", test_null_error);

  return g_test_run ();
}
