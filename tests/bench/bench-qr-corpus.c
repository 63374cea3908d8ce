/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sesame-qr-decode.h"

/* Decoding benchmark over the real-world corpus (tests/data/qr-corpus,
 * made by build-aux/make-qr-corpus): for every image, whether Sesame reads
 * exactly its payloads with the app's default budget, and the median decode
 * time over a few runs (loading the file is not timed).
 *
 *   _build/tests/bench/bench-qr-corpus [--runs N] tests/data/qr-corpus
 *
 * Figures are recorded in docs/benchmarks.md. */

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
exact (GPtrArray  *found,
       char      **expected)
{
  guint n = g_strv_length (expected);

  if (found->len != n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      gboolean match = FALSE;

      for (guint j = 0; j < found->len && !match; j++)
        {
          gsize size;
          const char *data = g_bytes_get_data (found->pdata[j], &size);

          match = size == strlen (expected[i]) && memcmp (data, expected[i], size) == 0;
        }
      if (!match)
        return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  int runs = 5;
  const char *dir = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) medians = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint images = 0, decoded = 0;
  gint64 max_us = 0;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc)
        runs = atoi (argv[++i]);
      else
        dir = argv[i];
    }
  runs = MAX (1, runs);
  if (dir == NULL)
    {
      fprintf (stderr, "Usage: bench-qr-corpus [--runs N] CORPUS-DIR (tests/data/qr-corpus)\n");
      return 2;
    }

  manifest = g_build_filename (dir, "corpus.txt", NULL);
  if (!g_file_get_contents (manifest, &contents, NULL, &error))
    {
      fprintf (stderr, "bench-qr-corpus: %s\n", error->message);
      return 1;
    }

  printf ("%-28s %10s %9s %9s  %s\n", "image", "size", "median", "max", "result");
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *path = NULL;
      g_autoptr(SesameGrayImage) img = NULL;
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
      gboolean ok = TRUE;
      guint found_n = 0;
      gint64 median;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;
      fields = g_strsplit (lines[i], "\t", -1);
      path = g_build_filename (dir, fields[0], NULL);
      img = sesame_gray_image_load (path, &error);
      if (img == NULL)
        {
          fprintf (stderr, "bench-qr-corpus: %s\n", error->message);
          return 1;
        }

      for (int r = 0; r < runs; r++)
        {
          gint64 start = g_get_monotonic_time ();
          g_autoptr(GPtrArray) found = sesame_qr_decode_image (img, 0);
          gint64 us = g_get_monotonic_time () - start;

          g_array_append_val (times, us);
          ok = ok && exact (found, fields + 1);
          found_n = found->len;
        }
      g_array_sort (times, compare_gint64);
      median = g_array_index (times, gint64, times->len / 2);
      g_array_append_val (medians, median);
      max_us = MAX (max_us, g_array_index (times, gint64, times->len - 1));
      images++;
      decoded += ok;
      printf ("%-28s %4ux%-5u %6.1f ms %6.1f ms  %s (%u of %u)\n", fields[0], img->width, img->height,
              median / 1000.0, g_array_index (times, gint64, times->len - 1) / 1000.0,
              ok ? "ok" : "FAIL", found_n, g_strv_length (fields + 1));
    }

  g_array_sort (medians, compare_gint64);
  printf ("\n%u of %u images read exactly (default budget %u ms, %d runs each); "
          "median of medians %.1f ms, slowest run %.1f ms\n",
          decoded, images, SESAME_QR_DECODE_DEFAULT_BUDGET_MS, runs,
          images ? g_array_index (medians, gint64, medians->len / 2) / 1000.0 : 0.0, max_us / 1000.0);
  return 0;
}
