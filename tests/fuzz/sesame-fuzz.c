/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <gcrypt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sesame-fuzz.h"
#include "sesame-otp.h"

/* What every fuzz target shares: the same set-up, and key derivation kept
 * cheap.
 *
 * The parsers take their key derivation cost from the file (scrypt N and p,
 * PBKDF2 iterations). Run as written, a mutated header asks for seconds of
 * work and gigabytes per input, and the fuzzer would measure libgcrypt, not
 * Sesame. The targets are linked with -Wl,--wrap=gcry_kdf_derive (see
 * meson.build): work up to the seeds' own (scrypt N ≤ 1024 with p = 1,
 * PBKDF2 ≤ 10,000 rounds) runs unchanged, so the encrypted seeds open with
 * SESAME_FUZZ_PASSWORD and their payloads get fuzzed; above that the
 * derivation runs with the least work instead, which yields another key,
 * so such input takes the "wrong password" path, as it would have anyway.
 * How much work a file may demand is checked by the unit tests
 * (docs/security.md), not here. */

#define MAX_SCRYPT_N       1024
#define MAX_PBKDF2_ROUNDS  10000

gpg_error_t __real_gcry_kdf_derive (const void *passphrase, size_t passphrase_size, int algo, int subalgo,
                                    const void *salt, size_t salt_size, unsigned long iterations,
                                    size_t key_size, void *key);
gpg_error_t __wrap_gcry_kdf_derive (const void *passphrase, size_t passphrase_size, int algo, int subalgo,
                                    const void *salt, size_t salt_size, unsigned long iterations,
                                    size_t key_size, void *key);

gpg_error_t
__wrap_gcry_kdf_derive (const void    *passphrase,
                        size_t         passphrase_size,
                        int            algo,
                        int            subalgo,
                        const void    *salt,
                        size_t         salt_size,
                        unsigned long  iterations,
                        size_t         key_size,
                        void          *key)
{
  /* For scrypt, subalgo is N and iterations is p. */
  if (algo == GCRY_KDF_SCRYPT && (subalgo > MAX_SCRYPT_N || iterations > 1))
    {
      subalgo = 2;
      iterations = 1;
    }
  else if (algo == GCRY_KDF_PBKDF2 && iterations > MAX_PBKDF2_ROUNDS)
    iterations = 1;

  return __real_gcry_kdf_derive (passphrase, passphrase_size, algo, subalgo, salt, salt_size,
                                 iterations, key_size, key);
}

/* Argon2id (Stratum backups): param is {tag length, passes, memory in KiB,
 * lanes}. Anything above one pass over 1 MiB runs as one pass, one lane,
 * 8 KiB: another key, as above. */
#define MAX_ARGON2_KIB 1024

gcry_error_t __real_gcry_kdf_open (gcry_kdf_hd_t *hd, int algo, int subalgo, const unsigned long *param,
                                   unsigned int paramlen, const void *passphrase, size_t passphrase_size,
                                   const void *salt, size_t salt_size, const void *key, size_t key_size,
                                   const void *ad, size_t ad_size);
gcry_error_t __wrap_gcry_kdf_open (gcry_kdf_hd_t *hd, int algo, int subalgo, const unsigned long *param,
                                   unsigned int paramlen, const void *passphrase, size_t passphrase_size,
                                   const void *salt, size_t salt_size, const void *key, size_t key_size,
                                   const void *ad, size_t ad_size);

gcry_error_t
__wrap_gcry_kdf_open (gcry_kdf_hd_t       *hd,
                      int                  algo,
                      int                  subalgo,
                      const unsigned long *param,
                      unsigned int         paramlen,
                      const void          *passphrase,
                      size_t               passphrase_size,
                      const void          *salt,
                      size_t               salt_size,
                      const void          *key,
                      size_t               key_size,
                      const void          *ad,
                      size_t               ad_size)
{
  unsigned long cheap[4];

  if (algo == GCRY_KDF_ARGON2 && paramlen == 4 && (param[1] > 1 || param[2] > MAX_ARGON2_KIB || param[3] > 1))
    {
      cheap[0] = param[0];
      cheap[1] = 1;
      cheap[2] = 8;
      cheap[3] = 1;
      param = cheap;
    }
  return __real_gcry_kdf_open (hd, algo, subalgo, param, paramlen, passphrase, passphrase_size, salt, salt_size,
                               key, key_size, ad, ad_size);
}

static GLogWriterOutput
fatal_writer (GLogLevelFlags   level,
              const GLogField *fields,
              gsize            n_fields,
              gpointer         user_data)
{
  GLogWriterOutput output;
  const char *domain = "";

  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
      domain = fields[i].value;

  /* gdk-pixbuf's image loaders complain of some damaged images with a
   * critical of their own (a GIF frame of width 0, for one); they then
   * fail cleanly, and it is not Sesame's bug. Said once, not fatal. */
  if (g_str_has_prefix (domain, "GdkPixbuf") && level != G_LOG_LEVEL_ERROR)
    {
      static gboolean said = FALSE;

      if (!said)
        g_log_writer_standard_streams (level, fields, n_fields, user_data);
      said = TRUE;
      return G_LOG_WRITER_HANDLED;
    }

  output = g_log_writer_standard_streams (level, fields, n_fields, user_data);
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      fprintf (stderr, "sesame-fuzz: a warning or critical is a bug like a crash\n");
      abort ();
    }
  return output;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  /* A critical or a warning from GLib or Sesame is a bug like a crash:
   * bad input must only ever give a GError. abort(), not GLib's
   * breakpoint trap, so libFuzzer keeps the input. */
  g_log_set_writer_func (fatal_writer, NULL, NULL);
  sesame_crypto_init ();
  return 0;
}

/* A NUL-terminated copy, for the parsers of text; input with a NUL inside
 * is cut there, as a C caller would cut it. */
char *
sesame_fuzz_strndup (const guint8 *data,
                     gsize         size)
{
  return g_strndup ((const char *) data, size);
}

/* A property that must hold for every input (a round trip, no secret in
 * a message): abort, so that libFuzzer keeps the input as a crash. */
void
sesame_fuzz_check (gboolean    condition,
                   const char *what)
{
  if (condition)
    return;
  fprintf (stderr, "sesame-fuzz: property violated: %s\n", what);
  abort ();
}

/* Whether a check of a property is on. All are, unless named in
 * SESAME_FUZZ_SKIP (comma-separated): that is for fuzzing the rest while a
 * known violation waits for its fix, never for the replay in the suite. */
gboolean
sesame_fuzz_enabled (const char *check)
{
  static char **skip = NULL;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      const char *value = g_getenv ("SESAME_FUZZ_SKIP");
      skip = g_strsplit (value != NULL ? value : "", ",", -1);
      g_once_init_leave (&once, 1);
    }
  return !g_strv_contains ((const char * const *) skip, check);
}

/* %XX decoded where XX is hex, '+' as a space, the rest kept. */
static char *
lenient_unescape (const char *text,
                  gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '%' && i + 2 < length && g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
        {
          g_string_append_c (out, (char) (g_ascii_xdigit_value (text[i + 1]) << 4 | g_ascii_xdigit_value (text[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, text[i] == '+' ? ' ' : text[i]);
    }
  return g_string_free (out, FALSE);
}

/* A secret= value as the key it would be: decoded, without the spaces,
 * dashes and padding people put in, in upper case; NULL unless that is
 * base32 of at least 16 characters (80 bits), which is what a key is. */
static char *
normalised_key (const char *value,
                gsize       length)
{
  g_autofree char *decoded = lenient_unescape (value, length);
  GString *key = g_string_new (NULL);

  for (const char *p = decoded; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-' || c == '=')
        continue;
      if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')))
        {
          g_string_free (key, TRUE);
          return NULL;
        }
      g_string_append_c (key, c);
    }
  if (key->len < 16)
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  return g_string_free (key, FALSE);
}

/* No message may contain a secret, whatever the input (review finding 5):
 * no 8 characters in a row of a key given as "secret=" in the input (an
 * otpauth URI, alone or inside another format) may appear in the message,
 * in any case, with or without the separators of a grouped key
 * (JBSW-Y3DP). 8 characters that also appear elsewhere in the input (as
 * the issuer, say) may be quoted for that. And as the fuzzer soon learns
 * to build keys out of the messages' own words ("AUTHENTICATOR"), a hit
 * counts only if it goes away when the key is changed: the input is
 * parsed again with every character of the key shifted (A→B, 2→3, …) and
 * the window looked for in those messages. */
#define WINDOW 8

static char *
compact_upper (const char *text)
{
  char *out = g_ascii_strup (text, -1);
  gsize n = 0;

  for (const char *p = out; *p != '\0'; p++)
    if (*p != ' ' && *p != '-')
      out[n++] = *p;
  out[n] = '\0';
  return out;
}

static gboolean
holds_window (const char *message,
              const char *window)
{
  g_autofree char *upper = g_ascii_strup (message, -1);
  g_autofree char *compact = compact_upper (message);

  return strstr (upper, window) != NULL || strstr (compact, window) != NULL;
}

static char
shifted (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c == 'Z' ? 'A' : c + 1;
  if (c >= 'a' && c <= 'z')
    return c == 'z' ? 'a' : c + 1;
  if (c >= '2' && c <= '7')
    return c == '7' ? '2' : c + 1;
  return c;
}

void
sesame_fuzz_check_no_secret (const guint8       *data,
                             gsize               size,
                             const char         *message,
                             SesameFuzzMessages  messages_of,
                             gpointer            user_data)
{
  g_autofree char *input = NULL;
  const char *at;

  if (message == NULL || !sesame_fuzz_enabled ("no-secret"))
    return;
  input = g_strndup ((const char *) data, size);
  at = input;

  while ((at = strstr (at, "secret=")) != NULL)
    {
      const char *value = at + strlen ("secret=");
      gsize length = strcspn (value, "&#\"'\r\n<,;");
      gsize offset = value - input;
      g_autofree char *key = normalised_key (value, length);
      g_autofree char *rest = NULL;
      g_autofree char *rest_upper = NULL;
      g_autofree char *blanked = NULL;
      g_autofree guint8 *other = NULL;
      g_autofree char *other_messages = NULL;

      at = value;
      if (key == NULL)
        continue;

      /* The input without this value, decoded the same way. */
      blanked = g_strdup (input);
      memset (blanked + offset, ' ', length);
      rest = lenient_unescape (blanked, strlen (blanked));
      rest_upper = g_ascii_strup (rest, -1);

      for (gsize i = 0; i + WINDOW <= strlen (key); i++)
        {
          char window[WINDOW + 1];

          memcpy (window, key + i, WINDOW);
          window[WINDOW] = '\0';
          if (!holds_window (message, window) || strstr (rest_upper, window) != NULL)
            continue;

          if (other == NULL)
            {
              other = g_memdup2 (data, size);
              for (gsize k = 0; k < length; k++)
                other[offset + k] = (guint8) shifted ((char) other[offset + k]);
              other_messages = messages_of (other, size, user_data);
            }
          if (other_messages != NULL && holds_window (other_messages, window))
            continue;  /* the message's own text */

          fprintf (stderr, "sesame-fuzz: a message quotes the secret (%s): %s\n", window, message);
          abort ();
        }
    }
}

/* With SESAME_FUZZ_VERBOSE set, says what a target made of its input, to
 * see which seeds reach how deep (never in a fuzzing run: it is slow). */
void
sesame_fuzz_report (const char *target,
                    const char *format,
                    ...)
{
  va_list args;

  if (g_getenv ("SESAME_FUZZ_VERBOSE") == NULL)
    return;
  va_start (args, format);
  fprintf (stderr, "%s: ", target);
  vfprintf (stderr, format, args);
  fputc ('\n', stderr);
  va_end (args);
}
