/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sesame-age.h"
#include "sesame-crypto.h"

/* Low work factor: these tests are about the format, not the KDF. */
#define FAST_WORK_FACTOR 10
#define PASSPHRASE "correct horse battery staple"

static GBytes *
make_plaintext (gsize size)
{
  guint8 *data = g_malloc (MAX (size, 1));
  GRand *rand = g_rand_new_with_seed (size);

  for (gsize i = 0; i < size; i++)
    data[i] = g_rand_int (rand) & 0xff;
  g_rand_free (rand);

  return g_bytes_new_take (data, size);
}

static GBytes *
encrypt (GBytes *plain)
{
  g_autoptr(GError) error = NULL;
  GBytes *sealed;

  sealed = sesame_age_encrypt_bytes (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain),
                                     PASSPHRASE, FAST_WORK_FACTOR, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sealed);
  return sealed;
}

static SesameSecret *
decrypt_data (const guint8  *data,
              gsize          size,
              const char    *passphrase,
              GError       **error)
{
  return sesame_age_decrypt_bytes (data, size, passphrase, NULL, error);
}

static void
assert_same (SesameSecret *secret,
             GBytes       *plain)
{
  gsize size = 0;
  const guint8 *data = sesame_secret_get_data (secret, &size);

  g_assert_cmpmem (data, size, g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
}

static void
round_trip (gsize size)
{
  g_autoptr(GBytes) plain = make_plaintext (size);
  g_autoptr(GBytes) sealed = encrypt (plain);
  g_autoptr(SesameSecret) opened = NULL;
  g_autoptr(GError) error = NULL;

  /* Header + 16-byte nonce + one 16-byte tag per chunk. */
  g_assert_cmpuint (g_bytes_get_size (sealed), >,
                    size + 16 + 16 * (size / SESAME_AGE_CHUNK_SIZE + 1));

  opened = decrypt_data (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), PASSPHRASE, &error);
  g_assert_no_error (error);
  assert_same (opened, plain);
}

static void
test_round_trip_sizes (void)
{
  /* Empty, tiny, chunk boundaries (a full final chunk), several chunks. */
  const gsize sizes[] = { 0, 1, 3, SESAME_AGE_CHUNK_SIZE - 1, SESAME_AGE_CHUNK_SIZE,
                          SESAME_AGE_CHUNK_SIZE + 1, 2 * SESAME_AGE_CHUNK_SIZE, 3 * SESAME_AGE_CHUNK_SIZE + 17 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    round_trip (sizes[i]);
}

static void
test_header_shape (void)
{
  g_autoptr(GBytes) plain = make_plaintext (10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;

  sealed = sesame_age_encrypt_bytes (g_bytes_get_data (plain, NULL), 10, PASSPHRASE,
                                     SESAME_AGE_DEFAULT_WORK_FACTOR, NULL, &error);
  g_assert_no_error (error);

  text = g_strndup (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  lines = g_strsplit (text, "\n", 5);
  g_assert_cmpstr (lines[0], ==, "age-encryption.org/v1");
  g_assert_true (g_str_has_prefix (lines[1], "-> scrypt "));
  g_assert_true (g_str_has_suffix (lines[1], " 18"));
  g_assert_cmpuint (strlen (lines[1]), ==, strlen ("-> scrypt ") + 22 + 3);
  g_assert_cmpuint (strlen (lines[2]), ==, 43);
  g_assert_true (g_str_has_prefix (lines[3], "--- "));
  g_assert_cmpuint (strlen (lines[3]), ==, 4 + 43);
}

static void
test_wrong_passphrase (void)
{
  g_autoptr(GBytes) plain = make_plaintext (100);
  g_autoptr(GBytes) sealed = encrypt (plain);
  g_autoptr(SesameSecret) opened = NULL;
  g_autoptr(GError) error = NULL;

  opened = decrypt_data (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), "Correct horse battery staple", &error);
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE);
  g_assert_null (opened);
  g_assert_null (strstr (error->message, PASSPHRASE));
}

static gsize
header_size (GBytes *sealed)
{
  const char *data = g_bytes_get_data (sealed, NULL);
  const char *mac = g_strstr_len (data, g_bytes_get_size (sealed), "\n--- ");
  const char *end = memchr (mac + 1, '\n', g_bytes_get_size (sealed) - (mac + 1 - data));

  return end + 1 - data;
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) plain = make_plaintext (2 * SESAME_AGE_CHUNK_SIZE + 100);
  g_autoptr(GBytes) sealed = encrypt (plain);
  const guint8 *data = g_bytes_get_data (sealed, NULL);
  gsize size = g_bytes_get_size (sealed);
  gsize header = header_size (sealed);
  struct { gsize length; int code; } cases[] = {
    { 0, SESAME_AGE_ERROR_NOT_AGE },
    { 10, SESAME_AGE_ERROR_NOT_AGE },
    { 30, SESAME_AGE_ERROR_CORRUPT_HEADER },
    { header - 1, SESAME_AGE_ERROR_CORRUPT_HEADER },
    { header, SESAME_AGE_ERROR_CORRUPT_PAYLOAD },
    { header + 16, SESAME_AGE_ERROR_CORRUPT_PAYLOAD },
    { header + 16 + 15, SESAME_AGE_ERROR_CORRUPT_PAYLOAD },
    /* Cut exactly at a chunk boundary: the last chunk is missing. */
    { header + 16 + SESAME_AGE_CHUNK_SIZE + 16, SESAME_AGE_ERROR_CORRUPT_PAYLOAD },
    { header + 16 + 2 * (SESAME_AGE_CHUNK_SIZE + 16), SESAME_AGE_ERROR_CORRUPT_PAYLOAD },
    { size - 1, SESAME_AGE_ERROR_CORRUPT_PAYLOAD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameSecret) opened = decrypt_data (data, cases[i].length, PASSPHRASE, &error);

      g_test_message ("cut at %" G_GSIZE_FORMAT ": %s", cases[i].length, error ? error->message : "ok");
      g_assert_error (error, SESAME_AGE_ERROR, cases[i].code);
      g_assert_null (opened);
    }
}

static void
test_trailing_data (void)
{
  g_autoptr(GBytes) plain = make_plaintext (SESAME_AGE_CHUNK_SIZE);
  g_autoptr(GBytes) sealed = encrypt (plain);
  g_autoptr(GByteArray) longer = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) opened = NULL;

  g_byte_array_append (longer, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  g_byte_array_append (longer, (const guint8 *) "x", 1);

  opened = decrypt_data (longer->data, longer->len, PASSPHRASE, &error);
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_CORRUPT_PAYLOAD);
}

/* A flipped bit anywhere is caught: in the header by the MAC or the
 * stanza's tag or the parser, in the payload by a chunk tag. */
static void
test_flipped_bytes (void)
{
  g_autoptr(GBytes) plain = make_plaintext (1000);
  g_autoptr(GBytes) sealed = encrypt (plain);
  gsize size = g_bytes_get_size (sealed);
  gsize header = header_size (sealed);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (sealed, NULL), size);

  for (gsize at = 0; at < size; at++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameSecret) opened = NULL;

      copy[at] ^= 0x04;
      opened = decrypt_data (copy, size, PASSPHRASE, &error);
      copy[at] ^= 0x04;

      g_assert_null (opened);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SESAME_AGE_ERROR);
      if (at >= header)
        g_assert_cmpint (error->code, ==, SESAME_AGE_ERROR_CORRUPT_PAYLOAD);
      else
        g_assert_true (error->code == SESAME_AGE_ERROR_NOT_AGE ||
                       error->code == SESAME_AGE_ERROR_UNSUPPORTED ||
                       error->code == SESAME_AGE_ERROR_UNSUPPORTED_VERSION ||
                       error->code == SESAME_AGE_ERROR_CORRUPT_HEADER ||
                       error->code == SESAME_AGE_ERROR_WRONG_PASSPHRASE ||
                       error->code == SESAME_AGE_ERROR_HEADER_MAC ||
                       error->code == SESAME_AGE_ERROR_WORK_FACTOR_TOO_HIGH);
    }
}

static void
test_header_mac (void)
{
  g_autoptr(GBytes) plain = make_plaintext (10);
  g_autoptr(GBytes) sealed = encrypt (plain);
  gsize size = g_bytes_get_size (sealed);
  g_autofree char *copy = g_memdup2 (g_bytes_get_data (sealed, NULL), size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecret) opened = NULL;
  char *mac = g_strstr_len (copy, size, "\n--- ") + 5;

  /* Change the MAC to another canonical value. */
  mac[0] = mac[0] == 'A' ? 'B' : 'A';
  opened = decrypt_data ((guint8 *) copy, size, PASSPHRASE, &error);
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_HEADER_MAC);
}

static void
test_work_factor_too_high (void)
{
  g_autoptr(GBytes) plain = make_plaintext (10);
  g_autoptr(GBytes) sealed = encrypt (plain);
  g_autoptr(GString) text = g_string_new_len (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) write_error = NULL;
  g_autoptr(SesameSecret) opened = NULL;
  char *line = strstr (text->str, "-> scrypt ");
  char *end = strchr (line, '\n');
  gint64 start;

  /* "... 10" becomes "... 23". */
  g_assert_true (end[-2] == '1' && end[-1] == '0');
  end[-2] = '2';
  end[-1] = '3';

  start = g_get_monotonic_time ();
  opened = decrypt_data ((guint8 *) text->str, text->len, PASSPHRASE, &error);
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WORK_FACTOR_TOO_HIGH);
  /* Refused before any scrypt work (2^23 would take seconds and 8 GiB). */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 10);

  /* And never written. */
  g_assert_null (sesame_age_encrypt_bytes ((const guint8 *) "x", 1, PASSPHRASE, 23, NULL, &write_error));
  g_assert_error (write_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_INVALID_ARGUMENT);
}

static void
test_empty_passphrase (void)
{
  g_autoptr(GError) error = NULL;

  g_autoptr(GError) read_error = NULL;
  g_autoptr(GBytes) plain = make_plaintext (10);
  g_autoptr(GBytes) sealed = encrypt (plain);
  g_autoptr(SesameSecret) opened = NULL;

  g_assert_null (sesame_age_encrypt_bytes ((const guint8 *) "x", 1, "", 10, NULL, &error));
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_INVALID_ARGUMENT);

  opened = decrypt_data (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed), "", &read_error);
  g_assert_error (read_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE);
}

static void
test_not_age (void)
{
  const char *inputs[] = {
    "{\"format\": \"sesame-backup\"}",
    "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\n",
    "age-encryption.org/v2\n-> x\n\n--- AAAA\n",
    "-----BEGIN PGP MESSAGE-----\n\nabc\n",
    "age-encryption.org/v1\r\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA 10\r\n",
    "age-encryption.org/v1\n-> X25519 O6DLx/wDIawpUC978NSPjYvrfDtJVnZApXKp4FMPHCY\n"
    "3aKjozt9agh7jGmvOKvR4iax41Wl4zj95MKK4X9JuWc\n--- AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
  };
  const int codes[] = {
    SESAME_AGE_ERROR_NOT_AGE,
    SESAME_AGE_ERROR_NOT_AGE,
    SESAME_AGE_ERROR_UNSUPPORTED_VERSION,
    SESAME_AGE_ERROR_ARMOR,
    SESAME_AGE_ERROR_CORRUPT_HEADER,
    SESAME_AGE_ERROR_UNSUPPORTED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameSecret) opened = decrypt_data ((const guint8 *) inputs[i], strlen (inputs[i]),
                                                     PASSPHRASE, &error);

      g_assert_error (error, SESAME_AGE_ERROR, codes[i]);
    }

  g_assert_true (sesame_age_looks_like_age ((const guint8 *) "age-encryption.org/v1\n", 22));
  g_assert_true (sesame_age_looks_like_age ((const guint8 *) "\n-----BEGIN AGE ENCRYPTED FILE-----\n", 36));
  g_assert_false (sesame_age_looks_like_age ((const guint8 *) inputs[0], strlen (inputs[0])));
}

static char *
armor (GBytes     *sealed,
       const char *eol)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  GString *text = g_string_new ("-----BEGIN AGE ENCRYPTED FILE-----");
  gsize length = strlen (b64);

  g_string_append (text, eol);
  for (gsize i = 0; i < length; i += 64)
    {
      g_string_append_len (text, b64 + i, MIN (64, length - i));
      g_string_append (text, eol);
    }
  g_string_append (text, "-----END AGE ENCRYPTED FILE-----");
  g_string_append (text, eol);
  return g_string_free (text, FALSE);
}

static void
test_armor (void)
{
  g_autoptr(GBytes) plain = make_plaintext (SESAME_AGE_CHUNK_SIZE + 500);
  g_autoptr(GBytes) sealed = encrypt (plain);
  g_autofree char *lf = armor (sealed, "\n");
  g_autofree char *crlf = armor (sealed, "\r\n");
  g_autofree char *spaced = g_strdup_printf ("\n  \t%s\n\n ", lf);
  const char *good[] = { lf, crlf, spaced };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameSecret) opened = decrypt_data ((guint8 *) good[i], strlen (good[i]), PASSPHRASE, &error);

      g_assert_no_error (error);
      assert_same (opened, plain);
    }
}

static void
test_armor_strict (void)
{
  g_autoptr(GBytes) plain = make_plaintext (100);
  g_autoptr(GBytes) sealed = encrypt (plain);
  g_autofree char *lf = armor (sealed, "\n");
  g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  char *first_data = strchr (lf, '\n') + 1;
  char *end_line = strstr (lf, "-----END");

  /* Garbage after the end line. */
  g_ptr_array_add (bad, g_strconcat (lf, "x\n", NULL));
  /* Garbage before the begin line. */
  g_ptr_array_add (bad, g_strconcat ("x", lf, NULL));
  /* No end line. */
  g_ptr_array_add (bad, g_strndup (lf, end_line - lf));
  /* A line of 63 characters in the middle (rewrapped at 60). */
  {
    GString *s = g_string_new_len (lf, first_data - lf);
    g_autofree char *b64 = g_base64_encode (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
    for (gsize i = 0; i < strlen (b64); i += 60)
      {
        g_string_append_len (s, b64 + i, MIN (60, strlen (b64) - i));
        g_string_append_c (s, '\n');
      }
    g_string_append (s, "-----END AGE ENCRYPTED FILE-----\n");
    g_ptr_array_add (bad, g_string_free (s, FALSE));
  }
  /* A space inside the data. */
  {
    char *s = g_strdup (lf);
    s[first_data - lf + 10] = ' ';
    g_ptr_array_add (bad, s);
  }
  /* Lowercase label. */
  {
    char *s = g_strdup (lf);
    memcpy (s + 11, "age", 3);
    g_ptr_array_add (bad, s);
  }

  for (guint i = 0; i < bad->len; i++)
    {
      g_autoptr(GError) error = NULL;
      const char *text = g_ptr_array_index (bad, i);
      g_autoptr(SesameSecret) opened = decrypt_data ((const guint8 *) text, strlen (text), PASSPHRASE, &error);

      g_test_message ("bad armor %u: %s", i, error ? error->message : "accepted");
      g_assert_null (opened);
      /* Text before the begin line does not look like age at all. */
      if (i == 1)
        g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_NOT_AGE);
      else
        g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_ARMOR);
    }
}

static void
test_big_payload (void)
{
  g_autoptr(GBytes) plain = make_plaintext (5 * 1024 * 1024);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (plain);
  g_autoptr(GOutputStream) sealed = g_memory_output_stream_new_resizable ();
  g_autoptr(GInputStream) sealed_in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) sealed_bytes = NULL;
  g_autoptr(GBytes) result = NULL;

  g_assert_true (sesame_age_encrypt (in, sealed, PASSPHRASE, FAST_WORK_FACTOR, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (sealed, NULL, NULL);
  sealed_bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sealed));
  g_assert_cmpuint (g_bytes_get_size (sealed_bytes), >, 5 * 1024 * 1024 + 80 * 16);

  sealed_in = g_memory_input_stream_new_from_bytes (sealed_bytes);
  g_assert_true (sesame_age_decrypt (sealed_in, out, PASSPHRASE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, NULL);
  result = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_bytes_equal (result, plain));
}

/* A tampered chunk in the middle: the chunks before it are released, none
 * of it or after it. */
static void
test_release_only_authenticated (void)
{
  g_autoptr(GBytes) plain = make_plaintext (3 * SESAME_AGE_CHUNK_SIZE + 10);
  g_autoptr(GBytes) sealed = encrypt (plain);
  gsize size = g_bytes_get_size (sealed);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (sealed, NULL), size);
  gsize second_chunk = header_size (sealed) + 16 + (SESAME_AGE_CHUNK_SIZE + 16);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  copy[second_chunk + 100] ^= 1;
  in = g_memory_input_stream_new_from_data (copy, size, NULL);
  g_assert_false (sesame_age_decrypt (in, out, PASSPHRASE, NULL, NULL, NULL, &error));
  g_assert_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_CORRUPT_PAYLOAD);
  g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)), ==, SESAME_AGE_CHUNK_SIZE);
  g_assert_cmpmem (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)), SESAME_AGE_CHUNK_SIZE,
                   g_bytes_get_data (plain, NULL), SESAME_AGE_CHUNK_SIZE);
}

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
  guint kdf_reports;
  guint64 last_bytes;
  GThread *main_thread;
  GCancellable *cancel_after_first_chunk;
} AsyncState;

static void
on_progress (SesameAgeStage stage,
             guint64        bytes,
             gpointer       user_data)
{
  AsyncState *state = user_data;

  /* Delivered in the caller's context, not the worker thread. */
  g_assert_true (g_thread_self () == state->main_thread);
  if (stage == SESAME_AGE_STAGE_KDF)
    state->kdf_reports++;
  else
    {
      g_assert_cmpuint (bytes, >=, state->last_bytes);
      state->last_bytes = bytes;
      if (state->cancel_after_first_chunk != NULL)
        g_cancellable_cancel (state->cancel_after_first_chunk);
    }
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncState *state = user_data;

  state->result = g_object_ref (result);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autoptr(GBytes) plain = make_plaintext (4 * SESAME_AGE_CHUNK_SIZE);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (plain);
  g_autoptr(GOutputStream) sealed = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GInputStream) sealed_in = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autoptr(GError) error = NULL;
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, 0, 0, g_thread_self (), NULL };

  sesame_age_encrypt_async (in, sealed, PASSPHRASE, FAST_WORK_FACTOR, on_progress, &state, NULL,
                            NULL, on_done, &state);
  g_main_loop_run (state.loop);
  g_assert_true (sesame_age_encrypt_finish (state.result, &error));
  g_assert_no_error (error);
  g_clear_object (&state.result);
  /* Let the last progress reports run. */
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (state.kdf_reports, ==, 1);
  g_assert_cmpuint (state.last_bytes, ==, 4 * SESAME_AGE_CHUNK_SIZE);

  g_output_stream_close (sealed, NULL, NULL);
  sealed_in = g_memory_input_stream_new_from_bytes (g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sealed)));
  state.last_bytes = 0;
  sesame_age_decrypt_async (sealed_in, out, PASSPHRASE, on_progress, &state, NULL, NULL, on_done, &state);
  g_main_loop_run (state.loop);
  g_assert_true (sesame_age_decrypt_finish (state.result, &error));
  g_assert_no_error (error);
  g_clear_object (&state.result);
  g_output_stream_close (out, NULL, NULL);
  result = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  g_assert_true (g_bytes_equal (result, plain));

  while (g_main_context_iteration (NULL, FALSE));
  g_main_loop_unref (state.loop);
}

static void
test_async_cancel (void)
{
  g_autoptr(GBytes) plain = make_plaintext (64 * SESAME_AGE_CHUNK_SIZE);
  g_autoptr(GInputStream) in = g_memory_input_stream_new_from_bytes (plain);
  g_autoptr(GOutputStream) sealed = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AsyncState state = { g_main_loop_new (NULL, FALSE), NULL, 0, 0, g_thread_self (), cancellable };

  sesame_age_encrypt_async (in, sealed, PASSPHRASE, FAST_WORK_FACTOR, on_progress, &state, NULL,
                            cancellable, on_done, &state);
  g_main_loop_run (state.loop);
  g_assert_false (sesame_age_encrypt_finish (state.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_object (&state.result);
  while (g_main_context_iteration (NULL, FALSE));
  g_main_loop_unref (state.loop);
}

static void
test_base64_canonical (void)
{
  gsize size = 0;
  g_autofree guint8 *ok = sesame_base64_decode_unpadded ("AAE", 3, &size);

  g_assert_nonnull (ok);
  g_assert_cmpuint (size, ==, 2);
  /* Trailing bits set, padding, bad characters, impossible length. */
  g_assert_null (sesame_base64_decode_unpadded ("AAF", 3, &size));
  g_assert_null (sesame_base64_decode_unpadded ("AAE=", 4, &size));
  g_assert_null (sesame_base64_decode_unpadded ("AA-E", 4, &size));
  g_assert_null (sesame_base64_decode_unpadded ("AAAAA", 5, &size));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/age/base64-canonical", test_base64_canonical);
  g_test_add_func ("/age/round-trip-sizes", test_round_trip_sizes);
  g_test_add_func ("/age/header-shape", test_header_shape);
  g_test_add_func ("/age/wrong-passphrase", test_wrong_passphrase);
  g_test_add_func ("/age/truncated", test_truncated);
  g_test_add_func ("/age/trailing-data", test_trailing_data);
  g_test_add_func ("/age/flipped-bytes", test_flipped_bytes);
  g_test_add_func ("/age/header-mac", test_header_mac);
  g_test_add_func ("/age/work-factor-too-high", test_work_factor_too_high);
  g_test_add_func ("/age/empty-passphrase", test_empty_passphrase);
  g_test_add_func ("/age/not-age", test_not_age);
  g_test_add_func ("/age/armor", test_armor);
  g_test_add_func ("/age/armor-strict", test_armor_strict);
  g_test_add_func ("/age/big-payload", test_big_payload);
  g_test_add_func ("/age/release-only-authenticated", test_release_only_authenticated);
  g_test_add_func ("/age/async", test_async);
  g_test_add_func ("/age/async-cancel", test_async_cancel);

  return g_test_run ();
}
