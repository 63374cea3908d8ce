/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-wipe"
#define _GNU_SOURCE

#include "config.h"

#include <dlfcn.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <malloc.h>
#include <string.h>

#include "sesame-account.h"
#include "sesame-backup.h"
#include "sesame-import.h"
#include "sesame-otpauth.h"
#include "sesame-test-utils.h"

/* Issue 13, finding 11: copies of a secret are wiped before they are
 * freed. This program replaces free() and realloc() (for itself and the
 * libraries it loads: GLib, json-glib): while armed, every block given
 * back is searched for the key, in base32 and raw, and a block that still
 * holds 8 characters of it is counted. realloc always moves, so the old
 * block is searched too; every block is cleared once freed, so only what
 * was written into a block in its lifetime can count. */

static void (*real_free) (void *);
static void *(*real_malloc) (size_t);

static gboolean armed;
static const char *marker;        /* base32, upper case */
static const guint8 *raw_marker;
static gsize raw_size;
static guint hits;
static guint parser_hits;
static int in_parser;
static char first_hit[96];

static gboolean
holds_secret (const guint8 *block,
              gsize         size)
{
  gsize length = strlen (marker);

  for (gsize i = 0; i + 8 <= length; i += 4)
    if (memmem (block, size, marker + i, 8) != NULL)
      return TRUE;
  return memmem (block, size, raw_marker, raw_size) != NULL;
}

static void
check_block (void *p)
{
  gsize size;

  if (!armed || p == NULL)
    return;

  size = malloc_usable_size (p);
  armed = FALSE;  /* no recursion from what follows */
  if (holds_secret (p, size))
    {
      if (in_parser > 0)
        parser_hits++;
      else if (g_getenv ("SESAME_WIPE_TRAP") != NULL)
        G_BREAKPOINT ();
      if (in_parser == 0 && hits++ == 0)
        {
          gsize n = MIN (size, sizeof first_hit - 1);

          for (gsize i = 0; i < n; i++)
            first_hit[i] = g_ascii_isprint (((char *) p)[i]) ? ((char *) p)[i] : '.';
          first_hit[n] = '\0';
        }
    }
  armed = TRUE;
}


static gboolean looking_up;

static void
look_up (void)
{
  if (real_free != NULL || looking_up)
    return;
  looking_up = TRUE;
  real_malloc = dlsym (RTLD_NEXT, "malloc");
  real_free = dlsym (RTLD_NEXT, "free");
  looking_up = FALSE;
}

void
free (void *p)
{
  look_up ();
  if (real_free == NULL)
    return;  /* only while dlsym looks it up: leak it */
  check_block (p);
  /* Every block is cleared on its way out, armed or not, so a block that
   * is handed out again never shows what an earlier one held. */
  if (p != NULL)
    memset (p, 0, malloc_usable_size (p));
  real_free (p);
}

void *
realloc (void  *p,
         size_t size)
{
  void *moved;
  size_t old;

  look_up ();
  if (p == NULL)
    return real_malloc (size);
  if (size == 0)
    {
      free (p);
      return NULL;
    }

  moved = real_malloc (size);
  if (moved == NULL)
    return NULL;
  old = malloc_usable_size (p);
  memcpy (moved, p, MIN (old, size));
  free (p);
  return moved;
}

/* json-glib's scanner keeps each string token in a temporary it frees
 * itself, out of Sesame's reach: those are counted apart (and reported),
 * everything after the parse (the tree, our copies) must be wiped. */
gboolean
json_parser_load_from_data (JsonParser   *parser,
                            const gchar  *data,
                            gssize        length,
                            GError      **error)
{
  static gboolean (*real) (JsonParser *, const gchar *, gssize, GError **);
  gboolean ok;

  if (real == NULL)
    real = dlsym (RTLD_NEXT, "json_parser_load_from_data");
  in_parser++;
  ok = real (parser, data, length, error);
  in_parser--;
  return ok;
}

#define SECRET_RAW "\x8c\xd9\x7f\x32\x11\xa0\x55\xe3\x06\x9b"

static void
arm (void)
{
  hits = 0;
  parser_hits = 0;
  first_hit[0] = '\0';
  armed = TRUE;
}

static void
disarm_and_check (const char *what)
{
  armed = FALSE;
  if (parser_hits > 0)
    g_test_message ("%s: %u temporary copies inside json-glib's parser", what, parser_hits);
  if (hits > 0)
    g_error ("%s: %u freed blocks still held the key, the first: “%s”", what, hits, first_hit);
}

/* A list of links (Aegis's, 2FAS's plain export): its lines, with the key. */
static void
test_uri_list (void)
{
  g_autofree char *text = g_strconcat ("# accounts\n"
                                       "otpauth://totp/ACME:jane?secret=", marker, "&issuer=ACME\n"
                                       "   otpauth://hotp/Other:joe?secret=", marker, "&counter=3#", marker, "  \n"
                                       "otpauth://totp/Bad:x?secret=", marker, "&digits=99\n", NULL);
  gsize size = strlen (text);

  arm ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesameImportResult) result = sesame_import_data ((const guint8 *) text, size, "links.txt", "uris",
                                                               NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (result->accounts->len, ==, 2);
  }
  disarm_and_check ("the list of links");
}

/* One link, parsed and written back. */
static void
test_otpauth (void)
{
  g_autofree char *uri = g_strconcat ("  otpauth://totp/ACME:jane?secret=", marker, "&issuer=ACME#", marker, "  ", NULL);

  arm ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesameOtpauth) otp = sesame_otpauth_parse (uri, &error);
    g_autoptr(SesameSecureStr) again = NULL;

    g_assert_no_error (error);
    again = sesame_otpauth_format (otp);
  }
  disarm_and_check ("otpauth parse and format");
}

/* A JSON export (Aegis, plain): json-glib's copies, and ours. */
static void
test_json_export (void)
{
  g_autofree char *json = g_strconcat ("{\"version\": 1, \"header\": {\"slots\": null, \"params\": null}, "
                                       "\"db\": {\"version\": 2, \"entries\": [{\"type\": \"totp\", "
                                       "\"name\": \"jane\", \"issuer\": \"ACME\", \"info\": {\"secret\": \"",
                                       marker, "\", \"algo\": \"SHA1\", \"digits\": 6, \"period\": 30}}]}}", NULL);

  arm ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesameImportResult) result = sesame_import_data ((const guint8 *) json, strlen (json), "aegis.json",
                                                               "aegis", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (result->accounts->len, ==, 1);
  }
  disarm_and_check ("an Aegis JSON export");
}

/* A Sesame backup document (what a restore reads once decrypted). */
static void
test_backup_document (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SesameSecret) secret = sesame_secret_new ((const guint8 *) SECRET_RAW, 10);
  SesameAccount *account = sesame_account_new ();
  g_autoptr(SesameSecureStr) json = NULL;

  sesame_account_set_issuer (account, "ACME");
  sesame_account_set_name (account, "jane");
  sesame_account_set_secret (account, secret);
  g_ptr_array_add (accounts, account);
  json = sesame_backup_to_json (accounts, NULL);

  arm ();
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SesameImportResult) result = sesame_backup_parse (json, strlen (json), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (result->accounts->len, ==, 1);
  }
  disarm_and_check ("a backup document");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SesameSecret) secret = NULL;

  look_up ();
  g_assert_nonnull (real_malloc);
  g_assert_nonnull (real_free);

  g_test_init (&argc, &argv, NULL);

  secret = sesame_secret_new ((const guint8 *) SECRET_RAW, 10);
  marker = sesame_secret_to_base32 (secret);
  raw_marker = (const guint8 *) SECRET_RAW;
  raw_size = 10;

  g_test_add_func ("/wipe/uri-list", test_uri_list);
  g_test_add_func ("/wipe/otpauth", test_otpauth);
  g_test_add_func ("/wipe/json-export", test_json_export);
  g_test_add_func ("/wipe/backup-document", test_backup_document);

  return g_test_run ();
}
