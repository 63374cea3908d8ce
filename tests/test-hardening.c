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

/* Finding 5: no error text contains a secret, whatever the input. Keys
 * (random, in the forms people meet them: base32, lower case, in groups of
 * four, hex) are put where a mistyped link, a web link, Wi-Fi settings,
 * a pasted note or a damaged export would have them; every error message
 * and every import failure is searched for any 8 characters of the key. */

static char *
normalise (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static void
assert_no_secret (const char *message,
                  const char *secret,
                  const char *input)
{
  g_autofree char *haystack = NULL;
  g_autofree char *needle = normalise (secret);
  gsize length = strlen (needle);

  if (message == NULL)
    return;
  haystack = normalise (message);
  for (gsize i = 0; i + 8 <= length; i++)
    {
      char window[9];

      memcpy (window, needle + i, 8);
      window[8] = '\0';
      if (strstr (haystack, window) != NULL)
        g_error ("the message “%s” shows the key of the input “%s”", message, input);
    }
}

static const char *const secret_templates[] = {
  "otpauth:/totp/Site:me?secret=%s&issuer=Site",
  "otpauth//totp/Site:me?secret=%s",
  "otpauth:totp/Site:me?secret=%s",
  "otpath://totp/me?secret=%s",
  "OTPAUTH:/TOTP/ME?SECRET=%s",
  "otp://totp/me?secret=%s",
  "otpauth ://totp/me?secret=%s",
  "\xef\xbb\xbfotpauth:/totp/me?secret=%s",
  "\xef\xbb\xbf\xef\xbb\xbf otpauth://totp/me?secret=%s&digits=99",
  "\xe2\x80\x8botpauth://totp/me?secret=%s&algorithm=MD5",
  "otpauth://totp/me?secret=%s&period=0",
  "otpauth://totp/me?secret=%s&digits=x",
  "otpauth://xotp/me?secret=%s",
  "otpauth://totp/me?secret=%s!",
  "otpauth://totp/me?secret=%s&secret=A",
  "otpauth://hotp/me?secret=%s",
  "otpauth://totp/%s",
  "otpauth://totp/me?foo=%s",
  "steam:/%s",
  "steam://%s!",
  "otpauth-migration://offline?data=%s",
  "otpauth-migration:/offline?data=%s",
  "https://example.com/enroll?secret=%s",
  "https://example.com/enroll?next=/a&key=%s",
  "https://example.com/%s",
  "https://example.com/setup/%s/confirm",
  "https://user:%s@example.com/",
  "http://example.com/#%s",
  "WIFI:S:home;T:WPA;P:%s;;",
  "WIFI:T:WPA;P:%s;S:home;;",
  "%s",
  "secret=%s",
  "Your key: %s",
  "\t%s\n",
  "%s\x01",
  "\xff%s",
  "[{\"secret\": \"%s\", \"label\": \"x\", \"type\": \"RTOP\"}]",
  "{\"version\": 1, \"header\": {\"slots\": null}, \"db\": {\"version\": 9, \"entries\": [{\"info\": {\"secret\": \"%s\"}}]}}",
};

static char *
make_secret (guint i)
{
  guint8 bytes[40];
  gsize size = 10 + i % 31;
  g_autoptr(SesameSecret) secret = NULL;
  g_autofree char *base32 = NULL;

  gcry_create_nonce (bytes, size);
  secret = sesame_secret_new (bytes, size);
  base32 = sesame_secret_to_base32 (secret);

  switch (i % 4)
    {
    case 0:
      return g_steal_pointer (&base32);
    case 1:
      return g_ascii_strdown (base32, -1);
    case 2:
      {
        GString *spaced = g_string_new (NULL);

        for (gsize k = 0; base32[k] != '\0'; k++)
          {
            if (k > 0 && k % 4 == 0)
              g_string_append_c (spaced, ' ');
            g_string_append_c (spaced, g_ascii_tolower (base32[k]));
          }
        return g_string_free (spaced, FALSE);
      }
    default:
      return sesame_test_hex (bytes, size);
    }
}

static void
check_input (const char *input,
             gsize       size,
             const char *secret)
{
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesamePayload) payload = sesame_payload_parse ((const guint8 *) input, size, &error);

    if (error != NULL)
      assert_no_secret (error->message, secret, input);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesameOtpauth) otp = sesame_otpauth_parse (input, &error);

    if (error != NULL)
      assert_no_secret (error->message, secret, input);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesameMigrationBatch) batch = sesame_migration_parse (input, &error);

    if (error != NULL)
      assert_no_secret (error->message, secret, input);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesameImportResult) result = sesame_import_data ((const guint8 *) input, size, "export.txt", NULL,
                                                               "password", &error);

    if (error != NULL)
      assert_no_secret (error->message, secret, input);
    for (guint k = 0; result != NULL && k < result->failures->len; k++)
      {
        SesameImportFailure *failure = g_ptr_array_index (result->failures, k);

        assert_no_secret (failure->entry, secret, input);
        assert_no_secret (failure->reason, secret, input);
      }
  }
}

static void
test_no_secret_in_errors (void)
{
  guint checked = 0;

  for (guint i = 0; i < 64; i++)
    {
      g_autofree char *secret = make_secret (i);

      for (guint t = 0; t < G_N_ELEMENTS (secret_templates); t++)
        {
          GString *filled = g_string_new (secret_templates[t]);
          g_autofree char *input = NULL;
          gsize size;

          g_string_replace (filled, "%s", secret, 0);
          size = filled->len;
          input = g_string_free (filled, FALSE);

          check_input (input, size, secret);
          /* Cut anywhere (a partly read code). */
          for (gsize cut = size / 3; cut < size; cut += size / 3 + 1)
            {
              g_autofree char *part = g_strndup (input, cut);
              check_input (part, cut, secret);
            }
          checked++;
        }
    }

  g_test_message ("%u inputs checked", checked);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/andotp-short", test_andotp_short);
  g_test_add_func ("/hardening/null-error", test_null_error);
  g_test_add_func ("/hardening/no-secret-in-errors", test_no_secret_in_errors);

  return g_test_run ();
}
