/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sesame-age.h"
#include "sesame-test-utils.h"

/* Runs every age conformance vector in testdata/age-testkit (C2SP CCTV,
 * scrypt subset). The format of a vector is described in the README of
 * that folder: "key: value" lines, an empty line, then the age file. */

typedef struct
{
  char *name;
  char *expect;
  char *payload;
  GPtrArray *passphrases;
  gboolean armored;
  gboolean compressed;
  GBytes *body;
} Vector;

static void
vector_free (Vector *v)
{
  g_free (v->name);
  g_free (v->expect);
  g_free (v->payload);
  g_ptr_array_unref (v->passphrases);
  g_bytes_unref (v->body);
  g_free (v);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Vector, vector_free)

static Vector *
vector_load (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *head = NULL;
  const char *split;
  gsize length = 0;
  Vector *v;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  split = g_strstr_len (contents, length, "\n\n");
  g_assert_nonnull (split);

  v = g_new0 (Vector, 1);
  v->name = g_path_get_basename (path);
  v->passphrases = g_ptr_array_new_with_free_func (g_free);
  v->body = g_bytes_new (split + 2, length - (split + 2 - contents));

  head = g_strndup (contents, split - contents);
  lines = g_strsplit (head, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "expect: "))
        v->expect = g_strdup (line + strlen ("expect: "));
      else if (g_str_has_prefix (line, "payload: "))
        v->payload = g_strdup (line + strlen ("payload: "));
      else if (g_str_has_prefix (line, "passphrase: "))
        g_ptr_array_add (v->passphrases, g_strdup (line + strlen ("passphrase: ")));
      else if (g_str_has_prefix (line, "armored: "))
        v->armored = g_str_equal (line + strlen ("armored: "), "yes");
      else if (g_str_has_prefix (line, "compressed: "))
        v->compressed = TRUE;
    }

  return v;
}

/* Which "expect:" class an outcome belongs to. */
static const char *
classify (const GError *error)
{
  if (error == NULL)
    return "success";

  g_assert_true (error->domain == SESAME_AGE_ERROR);
  switch ((SesameAgeError) error->code)
    {
    case SESAME_AGE_ERROR_WRONG_PASSPHRASE:
    case SESAME_AGE_ERROR_UNSUPPORTED:
      return "no match";
    case SESAME_AGE_ERROR_HEADER_MAC:
      return "HMAC failure";
    case SESAME_AGE_ERROR_CORRUPT_PAYLOAD:
      return "payload failure";
    case SESAME_AGE_ERROR_ARMOR:
      return "armor failure";
    case SESAME_AGE_ERROR_NOT_AGE:
    case SESAME_AGE_ERROR_UNSUPPORTED_VERSION:
    case SESAME_AGE_ERROR_CORRUPT_HEADER:
    case SESAME_AGE_ERROR_WORK_FACTOR_TOO_HIGH:
      return "header failure";
    case SESAME_AGE_ERROR_INVALID_ARGUMENT:
    case SESAME_AGE_ERROR_FAILED:
    default:
      return "unexpected error";
    }
}

static void
run_vector (gconstpointer user_data)
{
  const char *path = user_data;
  g_autoptr(Vector) v = vector_load (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;
  g_autofree char *hash = NULL;
  const char *passphrase;
  gint64 start;

  g_assert_nonnull (v->expect);
  if (v->compressed)
    {
      g_test_skip ("zlib-compressed vectors are not part of the scrypt subset");
      return;
    }

  /* Vectors without a passphrase (empty) still have to fail cleanly. */
  passphrase = v->passphrases->len > 0 ? g_ptr_array_index (v->passphrases, 0) : "password";

  in = g_memory_input_stream_new_from_bytes (v->body);
  out = g_memory_output_stream_new_resizable ();
  start = g_get_monotonic_time ();
  sesame_age_decrypt (in, out, passphrase, NULL, NULL, NULL, &error);
  g_test_message ("%s: %s (%s) in %" G_GINT64_FORMAT " ms", v->name, classify (error),
                  error ? error->message : "ok", (g_get_monotonic_time () - start) / 1000);

  g_assert_cmpstr (classify (error), ==, v->expect);

  if (v->payload != NULL)
    {
      g_output_stream_close (out, NULL, NULL);
      hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                          g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                          g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
      g_assert_cmpstr (hash, ==, v->payload);
    }
  else
    {
      /* A failure that is not a payload failure releases nothing. */
      g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, 0);
    }

  if (g_str_equal (v->name, "scrypt_work_factor_23"))
    {
      g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WORK_FACTOR_TOO_HIGH);
      /* Refused before scrypt: 2^23 would take seconds and 8 GiB. */
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
test_missing (void)
{
  g_test_skip ("testdata/age-testkit not found (expected in ../shared beside the checkout, "
               "or set SESAME_SHARED_DIR); the age conformance vectors were not run");
}

int
main (int   argc,
      char *argv[])
{
  const char *testdata;
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint vectors = 0;

  g_test_init (&argc, &argv, NULL);

  testdata = sesame_test_shared_dir ("testdata");
  if (testdata != NULL)
    dir = g_build_filename (testdata, "age-testkit", NULL);

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_add_func ("/age-testkit/missing", test_missing);
      return g_test_run ();
    }

  listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  for (const char *name; (name = g_dir_read_name (listing)) != NULL;)
    if (!g_str_has_suffix (name, ".txt") && !g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *test_path = g_strdup_printf ("/age-testkit/%s", name);

      g_test_add_data_func_full (test_path, g_build_filename (dir, name, NULL), run_vector, g_free);
      vectors++;
    }

  /* The folder holds 27 vectors; fewer means a broken copy. */
  g_assert_cmpuint (vectors, >=, 27);
  return g_test_run ();
}
