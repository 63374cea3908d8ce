/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gcrypt.h>
#include <gio/gio.h>
#include <string.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <utime.h>
#include <sys/resource.h>
#include <unistd.h>

#include "sesame-account.h"
#include "sesame-age.h"
#include "sesame-backup.h"
#include "sesame-base32.h"
#include "sesame-import.h"
#include "sesame-migration.h"
#include "sesame-otpauth.h"
#include "sesame-payload.h"
#include "sesame-secret.h"
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

/* Finding 8: munlock() works on whole pages, so freeing one secret used to
 * unlock the secrets beside it. Every live secret's memory must stay locked
 * (VmFlags "lo" in /proc/self/smaps) whatever is freed around it, where
 * the memlock limit allows locking at all. */

static gboolean
address_locked (gconstpointer address)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean inside = FALSE;
  guintptr at = GPOINTER_TO_SIZE (address);

  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 start, end;
      char *dash;

      if (g_ascii_isxdigit (lines[i][0]) && (dash = strchr (lines[i], '-')) != NULL && strchr (lines[i], ' ') > dash)
        {
          start = g_ascii_strtoull (lines[i], NULL, 16);
          end = g_ascii_strtoull (dash + 1, NULL, 16);
          inside = start <= at && at < end;
        }
      else if (inside && g_str_has_prefix (lines[i], "VmFlags:"))
        return strstr (lines[i], " lo") != NULL;
    }

  g_error ("no mapping holds %p", address);
}

/* Whether this process may lock enough for Sesame's pool (64 KiB, and
 * the pages of larger secrets); with less, secrets are wiped plain memory. */
static gboolean
can_lock (void)
{
  struct rlimit limit;
  gsize page = sysconf (_SC_PAGESIZE);
  void *probe = mmap (NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  /* Under AddressSanitizer mlock() "succeeds" and locks nothing: look. */
  gboolean ok = mlock (probe, page) == 0 && address_locked (probe) && getrlimit (RLIMIT_MEMLOCK, &limit) == 0 &&
                (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= 1024 * 1024);

  munlock (probe, page);
  munmap (probe, page);
  return ok;
}

static void
test_secure_memory_pages (void)
{
  static const gsize sizes[] = { 20, 32, 64, 100, 5000, 70000 };
  gboolean lockable = can_lock ();

  g_test_message ("mlock %s here", lockable ? "works" : "locks nothing (not allowed, or under a sanitizer)");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      guint8 *blocks[24];

      for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
        {
          blocks[i] = sesame_secure_alloc (sizes[s]);
          memset (blocks[i], 0xa5, sizes[s]);
        }
      /* Free every other one: the rest must stay locked and intact. */
      for (guint i = 0; i < G_N_ELEMENTS (blocks); i += 2)
        sesame_secure_free (blocks[i], sizes[s]);
      for (guint i = 1; i < G_N_ELEMENTS (blocks); i += 2)
        {
          g_assert_cmpuint (blocks[i][0], ==, 0xa5);
          g_assert_cmpuint (blocks[i][sizes[s] - 1], ==, 0xa5);
          if (lockable)
            {
              g_assert_true (address_locked (blocks[i]));
              g_assert_true (address_locked (blocks[i] + sizes[s] - 1));
            }
        }
      for (guint i = 1; i < G_N_ELEMENTS (blocks); i += 2)
        sesame_secure_free (blocks[i], sizes[s]);
    }

  /* And SesameSecret, which every account's key lives in. */
  {
    g_autoptr(GPtrArray) secrets = g_ptr_array_new ();

    for (guint i = 0; i < 2000; i++)
      {
        guint8 key[20];

        memset (key, i, sizeof key);
        g_ptr_array_add (secrets, sesame_secret_new (key, sizeof key));
      }
    for (guint i = 0; i < secrets->len; i += 3)
      g_clear_pointer (&g_ptr_array_index (secrets, i), sesame_secret_unref);
    for (guint i = 0; i < secrets->len; i++)
      {
        SesameSecret *secret = g_ptr_array_index (secrets, i);

        if (secret == NULL)
          continue;
        g_assert_cmpuint (sesame_secret_get_data (secret, NULL)[19], ==, (guint8) i);
        if (lockable && i < 1000)
          g_assert_true (address_locked (sesame_secret_get_data (secret, NULL)));
      }
    for (guint i = 0; i < secrets->len; i++)
      g_clear_pointer (&g_ptr_array_index (secrets, i), sesame_secret_unref);
  }
}

/* Finding 6: a killed write left its .NAME.XXXXXX beside the target
 * forever. The next write of the same file removes ours that no writer
 * holds; a temporary another writer holds (flock), a fresh one, and other
 * names are left alone. */

static gboolean
write_hello (GOutputStream  *stream,
             gpointer        user_data,
             GCancellable   *cancellable,
             GError        **error)
{
  gsize size = GPOINTER_TO_SIZE (user_data);
  g_autofree char *data = g_malloc0 (size);

  return g_output_stream_write_all (stream, data, size, NULL, cancellable, error);
}

static char *
make_temporary (const char *dir,
                const char *name,
                gboolean    old)
{
  char *path = g_build_filename (dir, name, NULL);
  struct utimbuf times = { 1700000000, 1700000000 };

  g_assert_true (g_file_set_contents (path, "half a backup", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  if (old)
    g_assert_cmpint (utime (path, &times), ==, 0);
  return path;
}

static void
test_stale_temporaries (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sesame-stale-XXXXXX", &error);
  g_autofree char *target = g_build_filename (dir, "backup.age", NULL);
  g_autofree char *stale = make_temporary (dir, ".backup.age.Ab12Cd", TRUE);
  g_autofree char *stale2 = make_temporary (dir, ".backup.age.zzzzzz", TRUE);
  g_autofree char *held = make_temporary (dir, ".backup.age.Zz99Yy", TRUE);
  g_autofree char *fresh = make_temporary (dir, ".backup.age.Fr3sh1", FALSE);
  g_autofree char *other = make_temporary (dir, ".other.age.Ab12Cd", TRUE);
  g_autofree char *longer = make_temporary (dir, ".backup.age.Ab12Cd7", TRUE);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  int held_fd = open (held, O_RDONLY);

  g_assert_cmpint (flock (held_fd, LOCK_EX), ==, 0);

  g_assert_true (sesame_write_file_atomic (file, write_hello, GSIZE_TO_POINTER (100), NULL, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale2, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (held, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (longer, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (target, G_FILE_TEST_EXISTS));

  close (held_fd);
  for (const char *const *p = (const char *const[]) { held, fresh, other, longer, target, NULL }; *p; p++)
    g_unlink (*p);
  g_rmdir (dir);
}

/* Finding 12: a full disk said "Error writing to file descriptor: No
 * space left on device", not which file. A real full disk: this program
 * runs itself in a user and mount namespace (unshare) over a 64 KiB tmpfs. */
static int
fill_disk (const char *dir)
{
  g_autofree char *target = g_build_filename (dir, "backup.age", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(GError) error = NULL;

  if (sesame_write_file_atomic (file, write_hello, GSIZE_TO_POINTER (1024 * 1024), NULL, &error))
    return 1;
  g_print ("%s\n", error->message);
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) ? 0 : 2;
}

static const char *self_path;

static void
test_full_disk (void)
{
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  g_autofree char *script = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (unshare == NULL)
    {
      g_test_skip ("no unshare(1) to make a full disk with");
      return;
    }

  script = g_strdup_printf ("d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs \"$d\" || exit 1; "
                            "'%s' --fill-disk \"$d\"; s=$?; umount \"$d\"; rmdir \"$d\"; exit $s", self_path);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { unshare, (char *) "-rm", (char *) "sh", (char *) "-c", script, NULL },
                               NULL, 0, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  /* The program never ran: no namespace, or no tmpfs, for us. */
  if (*out == '\0' && !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("user namespaces are not allowed here: no full disk to test with");
      return;
    }

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "backup.age"));
  g_assert_nonnull (strstr (out, "the disk is full"));
  g_assert_null (strstr (out, "file descriptor"));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && strcmp (argv[1], "--fill-disk") == 0)
    return fill_disk (argv[2]);
  self_path = argv[0];

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hardening/andotp-short", test_andotp_short);
  g_test_add_func ("/hardening/null-error", test_null_error);
  g_test_add_func ("/hardening/no-secret-in-errors", test_no_secret_in_errors);
  g_test_add_func ("/hardening/secure-memory-pages", test_secure_memory_pages);
  g_test_add_func ("/hardening/stale-temporaries", test_stale_temporaries);
  g_test_add_func ("/hardening/full-disk", test_full_disk);

  return g_test_run ();
}
