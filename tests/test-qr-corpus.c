/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-qr-corpus"

#include "config.h"

#include <string.h>

#include "sesame-qr-decode.h"

/* The real-world corpus: screenshots of enrollment pages rendered by
 * Chromium (browser zoom, HiDPI scale factors, dark mode, codes at the
 * corners of 4K pages, several codes, logos, JPEG, webcam-like photos),
 * made by build-aux/make-qr-corpus and listed in
 * tests/data/qr-corpus/corpus.txt. Every image goes through the same calls
 * as a file opened in the app (sesame_gray_image_load, then
 * sesame_qr_decode_image) and must give exactly its payloads: none
 * missing, none extra.
 *
 * The budget is generous (a loaded CI machine or a sanitizer build is many
 * times slower than a desktop, and the retry passes are time-bounded);
 * bench-qr-corpus measures the same images with the app's default budget. */
#define TEST_BUDGET_MS 10000

typedef struct
{
  char  *file;
  char **payloads;  /* NULL-terminated; empty: no code in the image */
} Entry;

/* Images Sesame does not read yet, each with why. They are reported as
 * TODO (not as passes); one that starts decoding fails the test, so the
 * list cannot go stale. */
static const struct
{
  const char *file;
  const char *why;
} known_failures[] = {
  { NULL, NULL },
};

static const char *
known_failure (const char *file)
{
  for (guint i = 0; known_failures[i].file != NULL; i++)
    if (strcmp (known_failures[i].file, file) == 0)
      return known_failures[i].why;
  return NULL;
}

static void
entry_free (gpointer data)
{
  Entry *e = data;

  g_free (e->file);
  g_strfreev (e->payloads);
  g_free (e);
}

static gboolean
contains (GPtrArray  *found,
          const char *payload)
{
  for (guint i = 0; i < found->len; i++)
    {
      gsize size;
      const char *data = g_bytes_get_data (found->pdata[i], &size);

      if (size == strlen (payload) && memcmp (data, payload, size) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
test_image (gconstpointer data)
{
  const Entry *e = data;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "qr-corpus", e->file, NULL);
  g_autoptr(SesameGrayImage) img = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const char *why = known_failure (e->file);
  guint expected = g_strv_length (e->payloads);
  gboolean ok = TRUE;
  gint64 start;

  img = sesame_gray_image_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (img);

  start = g_get_monotonic_time ();
  /* An image with no code spends its whole budget (every retry pass
   * runs): the app's default budget is enough to show nothing is misread,
   * and keeps the test short under a sanitizer. */
  found = sesame_qr_decode_image (img, expected > 0 ? TEST_BUDGET_MS : 0);
  g_test_message ("%s: %ux%u, %u of %u found in %" G_GINT64_FORMAT " ms", e->file, img->width, img->height,
                  found->len, expected, (g_get_monotonic_time () - start) / 1000);

  for (guint i = 0; i < expected; i++)
    if (!contains (found, e->payloads[i]))
      {
        g_test_message ("missing: %s", e->payloads[i]);
        ok = FALSE;
      }
  /* Nothing else: no misread, no phantom code (payloads are unique). */
  if (found->len != expected)
    ok = FALSE;

  if (why != NULL)
    {
      if (ok)
        g_test_fail_printf ("%s now decodes: remove it from known_failures[]", e->file);
      else
        g_test_incomplete (why);
      return;
    }
  if (!ok)
    g_test_fail_printf ("%s: found %u payloads, expected %u (see the messages above)", e->file, found->len,
                        expected);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *manifest = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (entry_free);
  int ret;

  g_test_init (&argc, &argv, NULL);

  manifest = g_test_build_filename (G_TEST_DIST, "data", "qr-corpus", "corpus.txt", NULL);
  if (!g_file_get_contents (manifest, &contents, NULL, &error))
    g_error ("The QR corpus manifest is missing: %s", error->message);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Entry *e;
      g_autofree char *name = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      e = g_new0 (Entry, 1);
      e->file = g_strdup (fields[0]);
      e->payloads = g_strdupv (fields + 1);
      g_ptr_array_add (entries, e);
      name = g_strdup_printf ("/qr-corpus/%s", e->file);
      g_test_add_data_func (name, e, test_image);
    }
  g_assert_cmpuint (entries->len, >=, 40);

  ret = g_test_run ();
  return ret;
}
