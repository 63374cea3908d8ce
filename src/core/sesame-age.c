/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-age"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-age.h"
#include "sesame-crypto.h"
#include "sesame-kdf-limits.h"

/* age v1 (https://c2sp.org/age), passphrase (scrypt) recipients only.
 *
 * The reader takes binary files and ASCII-armored ones, checks everything
 * the specification asks for (canonical base64, stanza syntax, the header
 * MAC, STREAM's final-chunk rules) and hands plaintext on only after the
 * tag of its chunk has been verified. */

G_DEFINE_QUARK (sesame-age-error-quark, sesame_age_error)

#define AGE_MAGIC          "age-encryption.org/"
#define AGE_VERSION_LINE   "age-encryption.org/v1"
#define ARMOR_BEGIN        "-----BEGIN AGE ENCRYPTED FILE-----"
#define ARMOR_END          "-----END AGE ENCRYPTED FILE-----"
#define SCRYPT_LABEL       "age-encryption.org/v1/scrypt"
#define FILE_KEY_SIZE      16
#define NONCE_SIZE         16
#define TAG_SIZE           SESAME_AEAD_TAG_SIZE
#define ENC_CHUNK_SIZE     (SESAME_AGE_CHUNK_SIZE + TAG_SIZE)
#define RAW_BUFFER_SIZE    16384
#define HEADER_MAX_SIZE    (1024 * 1024)
#define HEADER_MAX_LINE    16384
#define ARMOR_COLUMNS      64

typedef gboolean (*SinkFunc) (const guint8  *data,
                              gsize          size,
                              gpointer       user_data,
                              GCancellable  *cancellable,
                              GError       **error);

/* {{{ Errors */

static void
set_corrupt_header (GError     **error,
                    const char  *reason)
{
  g_set_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_CORRUPT_HEADER,
               /* Translators: %s explains what is wrong in the header. */
               _("The file’s age header is damaged (%s). It cannot be opened; use another copy of the backup."),
               reason);
}

static void
set_corrupt_payload (GError     **error,
                     const char  *reason)
{
  g_set_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_CORRUPT_PAYLOAD,
               /* Translators: %s explains what is wrong in the encrypted data. */
               _("The encrypted data is damaged or incomplete (%s). Nothing after that point can be trusted; use another copy of the backup."),
               reason);
}

static void
set_armor_error (GError     **error,
                 const char  *reason)
{
  g_set_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_ARMOR,
               /* Translators: %s explains what is wrong in the text armor. */
               _("The file’s text armor is malformed (%s). Use an unmodified copy of the file."),
               reason);
}

static void
set_failed (GError **error)
{
  g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_FAILED,
                       _("The cryptography library failed. Try again; if it keeps failing, report a bug."));
}

/* }}} */
/* {{{ Reading raw and armored input */

typedef struct
{
  GInputStream *in;
  GCancellable *cancellable;
  guint8 raw[RAW_BUFFER_SIZE];
  gsize raw_len;
  gsize raw_pos;
  gboolean raw_eof;

  gboolean armored;
  gboolean armor_done;
  gboolean armor_last_line;  /* a short or padded line was seen: END must follow */
  gboolean armor_any_data;
  guint8 dec[ARMOR_COLUMNS];
  gsize dec_len;
  gsize dec_pos;
} Reader;

/* Makes at least @want bytes available unless the input ends first. */
static gboolean
raw_ensure (Reader  *r,
            gsize    want,
            GError **error)
{
  while (r->raw_len - r->raw_pos < want && !r->raw_eof)
    {
      gssize n;

      if (r->raw_pos > 0)
        {
          memmove (r->raw, r->raw + r->raw_pos, r->raw_len - r->raw_pos);
          r->raw_len -= r->raw_pos;
          r->raw_pos = 0;
        }

      n = g_input_stream_read (r->in, r->raw + r->raw_len, sizeof r->raw - r->raw_len,
                               r->cancellable, error);
      if (n < 0)
        return FALSE;
      if (n == 0)
        r->raw_eof = TRUE;
      r->raw_len += n;
    }

  return TRUE;
}

/* *c is -1 at the end of the input. */
static gboolean
raw_getc (Reader  *r,
          int     *c,
          GError **error)
{
  if (!raw_ensure (r, 1, error))
    return FALSE;

  *c = r->raw_pos < r->raw_len ? r->raw[r->raw_pos++] : -1;
  return TRUE;
}

static gboolean
is_armor_space (int c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Reads one armor line into @line (without its LF or CRLF). *at_eof is
 * set when the input ended before any LF. */
static gboolean
armor_read_line (Reader    *r,
                 char       line[ARMOR_COLUMNS + 8],
                 gsize     *length,
                 gboolean  *at_eof,
                 GError   **error)
{
  gsize n = 0;

  *at_eof = FALSE;
  for (;;)
    {
      int c;

      if (!raw_getc (r, &c, error))
        return FALSE;
      if (c == -1)
        {
          *at_eof = TRUE;
          break;
        }
      if (c == '\n')
        break;
      if (n >= ARMOR_COLUMNS + 2)
        {
          set_armor_error (error, _("a line is longer than 64 columns"));
          return FALSE;
        }
      line[n++] = c;
    }

  if (n > 0 && line[n - 1] == '\r')
    n--;
  line[n] = '\0';
  *length = n;
  return TRUE;
}

static gboolean
armor_finish (Reader  *r,
              GError **error)
{
  /* Only whitespace may follow the END line. */
  for (;;)
    {
      int c;

      if (!raw_getc (r, &c, error))
        return FALSE;
      if (c == -1)
        break;
      if (!is_armor_space (c))
        {
          set_armor_error (error, _("there is data after the end line"));
          return FALSE;
        }
    }

  r->armor_done = TRUE;
  return TRUE;
}

static gboolean
armor_check_line (const char  *line,
                  gsize        length,
                  gboolean    *padded,
                  GError     **error)
{
  gsize pad = 0;

  if (length == 0 || length % 4 != 0)
    {
      set_armor_error (error, _("a line has a length that base64 cannot have"));
      return FALSE;
    }

  for (gsize i = 0; i < length; i++)
    {
      char c = line[i];

      if (c == '=')
        pad++;
      else if ((g_ascii_isalnum (c) || c == '+' || c == '/') && pad == 0)
        continue;
      else
        {
          set_armor_error (error, _("a line holds characters outside base64"));
          return FALSE;
        }
    }

  if (pad > 2)
    {
      set_armor_error (error, _("a line holds characters outside base64"));
      return FALSE;
    }

  *padded = pad > 0;
  return TRUE;
}

static gboolean
armor_next_line (Reader  *r,
                 GError **error)
{
  char line[ARMOR_COLUMNS + 8];
  g_autofree guint8 *data = NULL;
  g_autofree char *again = NULL;
  gsize length, size = 0;
  gboolean at_eof, padded = FALSE;

  if (!armor_read_line (r, line, &length, &at_eof, error))
    return FALSE;

  if (length == strlen (ARMOR_END) && memcmp (line, ARMOR_END, length) == 0)
    {
      if (!r->armor_any_data)
        {
          set_armor_error (error, _("there is no data between the begin and end lines"));
          return FALSE;
        }
      return armor_finish (r, error);
    }

  if (at_eof)
    {
      set_armor_error (error, _("the end line is missing; the file was cut short"));
      return FALSE;
    }

  if (r->armor_last_line)
    {
      set_armor_error (error, _("a short line is not followed by the end line"));
      return FALSE;
    }

  if (length > ARMOR_COLUMNS)
    {
      set_armor_error (error, _("a line is longer than 64 columns"));
      return FALSE;
    }

  if (!armor_check_line (line, length, &padded, error))
    return FALSE;

  data = g_base64_decode (line, &size);
  again = g_base64_encode (data, size);
  if (strcmp (again, line) != 0 || size > sizeof r->dec)
    {
      set_armor_error (error, _("the base64 is not canonical"));
      return FALSE;
    }

  r->armor_last_line = padded || length < ARMOR_COLUMNS;
  r->armor_any_data = TRUE;
  memcpy (r->dec, data, size);
  r->dec_len = size;
  r->dec_pos = 0;
  return TRUE;
}

static gboolean
armor_begin (Reader  *r,
             GError **error)
{
  char line[ARMOR_COLUMNS + 8];
  gsize length;
  gboolean at_eof;

  for (;;)
    {
      if (!raw_ensure (r, 1, error))
        return FALSE;
      if (r->raw_pos >= r->raw_len || !is_armor_space (r->raw[r->raw_pos]))
        break;
      r->raw_pos++;
    }

  if (!armor_read_line (r, line, &length, &at_eof, error))
    return FALSE;

  if (at_eof || strcmp (line, ARMOR_BEGIN) != 0)
    {
      set_armor_error (error, _("the begin line is wrong"));
      return FALSE;
    }

  r->armored = TRUE;
  return TRUE;
}

/* Reads from the decoded age file (armor removed). *c is -1 at its end. */
static gboolean
reader_getc (Reader  *r,
             int     *c,
             GError **error)
{
  if (!r->armored)
    return raw_getc (r, c, error);

  while (r->dec_pos == r->dec_len && !r->armor_done)
    if (!armor_next_line (r, error))
      return FALSE;

  *c = r->dec_pos < r->dec_len ? r->dec[r->dec_pos++] : -1;
  return TRUE;
}

/* Fills @buf unless the input ends; *got says how much was read. */
static gboolean
reader_read (Reader  *r,
             guint8  *buf,
             gsize    size,
             gsize   *got,
             GError **error)
{
  *got = 0;
  while (*got < size)
    {
      gsize avail, n;

      if (r->armored)
        {
          while (r->dec_pos == r->dec_len && !r->armor_done)
            if (!armor_next_line (r, error))
              return FALSE;
          if (r->dec_pos == r->dec_len)
            break;
          avail = r->dec_len - r->dec_pos;
          n = MIN (avail, size - *got);
          memcpy (buf + *got, r->dec + r->dec_pos, n);
          r->dec_pos += n;
        }
      else
        {
          if (!raw_ensure (r, 1, error))
            return FALSE;
          if (r->raw_pos == r->raw_len)
            break;
          avail = r->raw_len - r->raw_pos;
          n = MIN (avail, size - *got);
          memcpy (buf + *got, r->raw + r->raw_pos, n);
          r->raw_pos += n;
        }
      *got += n;
    }

  return TRUE;
}

/* }}} */
/* {{{ Header */

typedef struct
{
  GPtrArray *args;  /* char*, args[0] is the stanza type */
  guint8 *body;
  gsize body_size;
} Stanza;

static void
stanza_free (Stanza *stanza)
{
  g_ptr_array_unref (stanza->args);
  sesame_memwipe (stanza->body, stanza->body_size);
  g_free (stanza->body);
  g_free (stanza);
}

/* Appends one line to @header; *start is where it begins, *length its
 * length without the LF. */
static gboolean
read_header_line (Reader      *r,
                  GByteArray  *header,
                  gsize       *start,
                  gsize       *length,
                  GError     **error)
{
  *start = header->len;

  for (;;)
    {
      guint8 byte;
      int c;

      if (!reader_getc (r, &c, error))
        return FALSE;
      if (c == -1)
        {
          if (header->len == 0)
            g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_NOT_AGE,
                                 _("The file is empty. Choose a backup made by Sesame or another age tool."));
          else
            set_corrupt_header (error, _("it ends in the middle of the header"));
          return FALSE;
        }
      if (header->len - *start >= HEADER_MAX_LINE || header->len >= HEADER_MAX_SIZE)
        {
          set_corrupt_header (error, _("a header line is too long"));
          return FALSE;
        }

      byte = c;
      g_byte_array_append (header, &byte, 1);
      if (c == '\n')
        break;
    }

  *length = header->len - *start - 1;
  return TRUE;
}

static gboolean
is_vchar (guint8 c)
{
  return c >= 0x21 && c <= 0x7e;
}

static gboolean
is_b64_char (guint8 c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

static Stanza *
parse_stanza_args (const guint8  *line,
                   gsize          length,
                   GError       **error)
{
  Stanza *stanza = g_new0 (Stanza, 1);
  gsize i = 3;  /* after "-> " */

  stanza->args = g_ptr_array_new_with_free_func (g_free);

  while (i < length || stanza->args->len == 0)
    {
      gsize start = i;

      while (i < length && line[i] != ' ')
        {
          if (!is_vchar (line[i]))
            {
              set_corrupt_header (error, _("a stanza argument holds a character that is not allowed"));
              stanza_free (stanza);
              return NULL;
            }
          i++;
        }

      if (i == start || (i < length && i + 1 == length))
        {
          set_corrupt_header (error, _("a stanza has an empty argument"));
          stanza_free (stanza);
          return NULL;
        }

      g_ptr_array_add (stanza->args, g_strndup ((const char *) line + start, i - start));
      if (i < length)
        i++;  /* the space */
    }

  return stanza;
}

static gboolean
read_stanza_body (Reader      *r,
                  GByteArray  *header,
                  Stanza      *stanza,
                  GError     **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (;;)
    {
      gsize start, length;

      if (!read_header_line (r, header, &start, &length, error))
        return FALSE;

      if (length > ARMOR_COLUMNS)
        {
          set_corrupt_header (error, _("a stanza body line is longer than 64 columns"));
          return FALSE;
        }

      for (gsize i = 0; i < length; i++)
        if (!is_b64_char (header->data[start + i]))
          {
            set_corrupt_header (error, _("a stanza body is not base64"));
            return FALSE;
          }

      g_string_append_len (text, (const char *) header->data + start, length);
      if (length < ARMOR_COLUMNS)
        break;
    }

  stanza->body = sesame_base64_decode_unpadded (text->str, text->len, &stanza->body_size);
  if (stanza->body == NULL)
    {
      set_corrupt_header (error, _("a stanza body is not canonical base64"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_version_line (Reader      *r,
                   GByteArray  *header,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize start, length;

  /* The caller's @error may be NULL: look at a local one. */
  if (!read_header_line (r, header, &start, &length, &local_error))
    {
      if (g_error_matches (local_error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_CORRUPT_HEADER) &&
          (header->len < strlen (AGE_MAGIC) || memcmp (header->data, AGE_MAGIC, strlen (AGE_MAGIC)) != 0))
        g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_NOT_AGE,
                             _("This is not an age-encrypted file. Choose a backup made by Sesame or another age tool."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (length == strlen (AGE_VERSION_LINE) && memcmp (header->data, AGE_VERSION_LINE, length) == 0)
    return TRUE;

  if (length >= strlen (AGE_MAGIC) && memcmp (header->data, AGE_MAGIC, strlen (AGE_MAGIC)) == 0)
    {
      /* version = 1*VCHAR: anything else (a CR of a CRLF file) is damage. */
      gboolean valid = length > strlen (AGE_MAGIC);

      for (gsize i = strlen (AGE_MAGIC); i < length; i++)
        valid = valid && header->data[i] >= 0x21 && header->data[i] <= 0x7e;

      if (!valid)
        set_corrupt_header (error, _("the version line is malformed"));
      else
        g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_UNSUPPORTED_VERSION,
                             _("This file uses another version of the age format. Open it with a newer age tool."));
    }
  else
    g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_NOT_AGE,
                         _("This is not an age-encrypted file. Choose a backup made by Sesame or another age tool."));
  return FALSE;
}

/* Parses the whole header. On success *mac_input is the number of header
 * bytes the MAC covers. */
static gboolean
read_header (Reader      *r,
             GByteArray  *header,
             GPtrArray   *stanzas,
             gsize       *mac_input,
             guint8       mac[SESAME_SHA256_SIZE],
             GError     **error)
{
  if (!read_version_line (r, header, error))
    return FALSE;

  for (;;)
    {
      const guint8 *line;
      gsize start, length;

      if (!read_header_line (r, header, &start, &length, error))
        return FALSE;
      line = header->data + start;

      if (length >= 3 && memcmp (line, "-> ", 3) == 0)
        {
          Stanza *stanza = parse_stanza_args (line, length, error);

          if (stanza == NULL)
            return FALSE;
          g_ptr_array_add (stanzas, stanza);
          if (!read_stanza_body (r, header, stanza, error))
            return FALSE;
        }
      else if (length >= 3 && memcmp (line, "---", 3) == 0)
        {
          g_autofree guint8 *decoded = NULL;
          gsize size = 0;

          if (stanzas->len == 0)
            {
              set_corrupt_header (error, _("it has no recipient stanza"));
              return FALSE;
            }
          if (length != 4 + 43 || line[3] != ' ' ||
              (decoded = sesame_base64_decode_unpadded ((const char *) line + 4, 43, &size)) == NULL ||
              size != SESAME_SHA256_SIZE)
            {
              set_corrupt_header (error, _("the MAC line is malformed"));
              return FALSE;
            }

          memcpy (mac, decoded, SESAME_SHA256_SIZE);
          *mac_input = start + 3;
          return TRUE;
        }
      else
        {
          set_corrupt_header (error, _("a line is neither a stanza nor the MAC line"));
          return FALSE;
        }
    }
}

/* ^[1-9][0-9]*$, and no more than the limit. */
static gboolean
parse_work_factor (const char  *text,
                   guint       *work_factor,
                   GError     **error)
{
  guint64 value = 0;

  if (text[0] < '1' || text[0] > '9')
    {
      set_corrupt_header (error, _("the scrypt work factor is not a decimal number"));
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        {
          set_corrupt_header (error, _("the scrypt work factor is not a decimal number"));
          return FALSE;
        }
      if (value <= 1000)
        value = value * 10 + (*p - '0');
    }

  if (value > SESAME_AGE_MAX_WORK_FACTOR)
    {
      g_set_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WORK_FACTOR_TOO_HIGH,
                   _("The file asks for a passphrase work factor above 2^%d, the most Sesame opens; "
                     "opening it would take too much time and memory. It was not made by Sesame or age."),
                   SESAME_AGE_MAX_WORK_FACTOR);
      return FALSE;
    }

  *work_factor = value;
  return TRUE;
}

/* Checks the stanzas, then runs scrypt and unwraps the file key. */
static gboolean
unwrap_file_key (GPtrArray     *stanzas,
                 const char    *passphrase,
                 GCancellable  *cancellable,
                 guint8         file_key[FILE_KEY_SIZE],
                 GError       **error)
{
  g_autoptr(SesameKdfBudget) budget = sesame_kdf_budget_new (cancellable);
  g_autoptr(GError) kdf_error = NULL;
  SesameKdfParams params = { .algorithm = SESAME_KDF_SCRYPT, .r = 8, .p = 1 };
  Stanza *scrypt = NULL;
  g_autofree guint8 *salt = NULL;
  guint8 full_salt[sizeof SCRYPT_LABEL - 1 + 16];
  static const guint8 zero_nonce[12] = { 0 };
  guint8 *wrap_key;
  gsize salt_size = 0;
  guint work_factor = 0;
  gboolean ok;

  for (guint i = 0; i < stanzas->len; i++)
    {
      Stanza *stanza = g_ptr_array_index (stanzas, i);

      if (g_strcmp0 (g_ptr_array_index (stanza->args, 0), "scrypt") == 0)
        {
          scrypt = stanza;
          break;
        }
    }

  if (scrypt == NULL)
    {
      g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_UNSUPPORTED,
                           _("This file is encrypted to age keys, not with a passphrase. "
                             "Decrypt it with age and its identity file, then import the result."));
      return FALSE;
    }

  /* A passphrase-encrypted file has exactly one stanza, so that nobody
   * else could have added a recipient to it. */
  if (stanzas->len != 1)
    {
      set_corrupt_header (error, _("a passphrase stanza is mixed with other stanzas"));
      return FALSE;
    }

  if (scrypt->args->len != 3)
    {
      set_corrupt_header (error, _("the scrypt stanza has the wrong number of arguments"));
      return FALSE;
    }

  salt = sesame_base64_decode_unpadded (g_ptr_array_index (scrypt->args, 1),
                                        strlen (g_ptr_array_index (scrypt->args, 1)), &salt_size);
  if (salt == NULL || salt_size != 16)
    {
      set_corrupt_header (error, _("the scrypt salt is not 16 bytes of canonical base64"));
      return FALSE;
    }

  if (!parse_work_factor (g_ptr_array_index (scrypt->args, 2), &work_factor, error))
    return FALSE;

  if (scrypt->body_size != FILE_KEY_SIZE + TAG_SIZE)
    {
      set_corrupt_header (error, _("the scrypt stanza body is not 32 bytes"));
      return FALSE;
    }

  memcpy (full_salt, SCRYPT_LABEL, sizeof SCRYPT_LABEL - 1);
  memcpy (full_salt + sizeof SCRYPT_LABEL - 1, salt, 16);

  /* The rule for every KDF read from a file (sesame-kdf-limits.h); the
   * work factor is already within it, and the derivation can be cancelled. */
  params.n = (gint64) 1 << work_factor;
  wrap_key = sesame_secure_alloc (32);
  ok = sesame_kdf_derive (budget, &params, "age", passphrase, strlen (passphrase), full_salt,
                          sizeof full_salt, wrap_key, 32, &kdf_error);
  if (!ok)
    {
      sesame_secure_free (wrap_key, 32);
      if (g_error_matches (kdf_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&kdf_error));
      /* libgcrypt refuses an empty passphrase, and none can be right. */
      else if (passphrase[0] == '\0')
        g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE,
                             _("The passphrase is empty. Type the passphrase of this backup."));
      else
        set_failed (error);
      return FALSE;
    }

  ok = sesame_crypto_chacha20poly1305_open (wrap_key, zero_nonce, scrypt->body, FILE_KEY_SIZE,
                                            scrypt->body + FILE_KEY_SIZE, file_key);
  sesame_secure_free (wrap_key, 32);

  if (!ok)
    {
      g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_WRONG_PASSPHRASE,
                           _("The passphrase is wrong. Check it (it is the one chosen when this backup was made) and try again."));
      return FALSE;
    }

  return TRUE;
}

/* }}} */
/* {{{ Decryption */

static void
chunk_nonce (guint8   nonce[12],
             guint64  counter,
             gboolean last)
{
  memset (nonce, 0, 12);
  for (int i = 0; i < 8; i++)
    nonce[10 - i] = (counter >> (8 * i)) & 0xff;
  nonce[11] = last ? 0x01 : 0x00;
}

typedef struct
{
  guint8 file_key[FILE_KEY_SIZE];
  guint8 payload_key[SESAME_SHA256_SIZE];
  guint8 hmac_key[SESAME_SHA256_SIZE];
} Keys;

static Keys *
keys_new (void)
{
  return sesame_secure_alloc (sizeof (Keys));
}

static void
keys_free (Keys *keys)
{
  sesame_secure_free (keys, sizeof (Keys));
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Keys, keys_free)

static gboolean
check_header_mac (Keys          *keys,
                  GByteArray    *header,
                  gsize          mac_input,
                  const guint8   mac[SESAME_SHA256_SIZE],
                  GError       **error)
{
  guint8 expected[SESAME_SHA256_SIZE];

  if (!sesame_crypto_hkdf_sha256 (keys->file_key, FILE_KEY_SIZE, NULL, 0, "header", keys->hmac_key) ||
      !sesame_crypto_hmac_sha256 (keys->hmac_key, sizeof keys->hmac_key, header->data, mac_input, expected))
    {
      set_failed (error);
      return FALSE;
    }

  if (!sesame_crypto_equal (expected, mac, sizeof expected))
    {
      g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_HEADER_MAC,
                           _("The file’s header was altered or damaged after it was written (its MAC does not match). "
                             "Use another copy of the backup."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
decrypt_payload (Reader                 *r,
                 Keys                   *keys,
                 SinkFunc                sink,
                 gpointer                sink_data,
                 SesameAgeProgressFunc   progress,
                 gpointer                progress_data,
                 GError                **error)
{
  guint8 nonce[NONCE_SIZE];
  guint8 chunk_iv[12];
  g_autofree guint8 *enc = g_malloc (ENC_CHUNK_SIZE + 1);
  guint8 *plain = sesame_secure_alloc (SESAME_AGE_CHUNK_SIZE);
  guint64 counter = 0, done = 0;
  gsize have = 0, got;
  gboolean ok = FALSE;

  if (!reader_read (r, nonce, sizeof nonce, &got, error))
    goto out;
  if (got < sizeof nonce)
    {
      set_corrupt_payload (error, _("it ends before the payload starts"));
      goto out;
    }

  if (!sesame_crypto_hkdf_sha256 (keys->file_key, FILE_KEY_SIZE, nonce, sizeof nonce, "payload",
                                  keys->payload_key))
    {
      set_failed (error);
      goto out;
    }

  for (;;)
    {
      gboolean last;
      gsize size;

      if (g_cancellable_set_error_if_cancelled (r->cancellable, error))
        goto out;

      /* One byte beyond a full chunk tells whether this chunk is the last. */
      if (!reader_read (r, enc + have, ENC_CHUNK_SIZE + 1 - have, &got, error))
        goto out;
      have += got;
      last = have <= ENC_CHUNK_SIZE;
      size = last ? have : ENC_CHUNK_SIZE;

      if (size < TAG_SIZE)
        {
          set_corrupt_payload (error, _("it was cut short"));
          goto out;
        }
      if (last && size == TAG_SIZE && counter > 0)
        {
          set_corrupt_payload (error, _("it ends with an empty chunk"));
          goto out;
        }

      chunk_nonce (chunk_iv, counter, last);
      if (!sesame_crypto_chacha20poly1305_open (keys->payload_key, chunk_iv, enc, size - TAG_SIZE,
                                                enc + size - TAG_SIZE, plain))
        {
          set_corrupt_payload (error, last ? _("the last chunk does not authenticate")
                                           : _("a chunk does not authenticate, or data follows the last chunk"));
          goto out;
        }

      if (size > TAG_SIZE && !sink (plain, size - TAG_SIZE, sink_data, r->cancellable, error))
        goto out;
      sesame_memwipe (plain, size - TAG_SIZE);
      done += size - TAG_SIZE;

      if (progress != NULL)
        progress (SESAME_AGE_STAGE_PAYLOAD, done, progress_data);

      if (last)
        break;

      enc[0] = enc[ENC_CHUNK_SIZE];
      have = 1;
      counter++;
    }

  ok = TRUE;

out:
  sesame_secure_free (plain, SESAME_AGE_CHUNK_SIZE);
  return ok;
}

static gboolean
decrypt_internal (GInputStream           *in,
                  const char             *passphrase,
                  SinkFunc                sink,
                  gpointer                sink_data,
                  SesameAgeProgressFunc   progress,
                  gpointer                progress_data,
                  GCancellable           *cancellable,
                  GError                **error)
{
  g_autofree Reader *r = g_new0 (Reader, 1);
  g_autoptr(GByteArray) header = g_byte_array_new ();
  g_autoptr(GPtrArray) stanzas = g_ptr_array_new_with_free_func ((GDestroyNotify) stanza_free);
  g_autoptr(Keys) keys = keys_new ();
  guint8 mac[SESAME_SHA256_SIZE];
  gsize mac_input = 0;

  r->in = in;
  r->cancellable = cancellable;

  if (!raw_ensure (r, strlen (AGE_MAGIC), error))
    return FALSE;

  if (r->raw_len > 0 && r->raw[0] != 'a' &&
      (is_armor_space (r->raw[0]) || r->raw[0] == '-'))
    {
      if (!armor_begin (r, error))
        return FALSE;
    }

  if (!read_header (r, header, stanzas, &mac_input, mac, error))
    return FALSE;

  if (progress != NULL)
    progress (SESAME_AGE_STAGE_KDF, 0, progress_data);

  if (!unwrap_file_key (stanzas, passphrase, r->cancellable, keys->file_key, error))
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!check_header_mac (keys, header, mac_input, mac, error))
    return FALSE;

  return decrypt_payload (r, keys, sink, sink_data, progress, progress_data, error);
}

static gboolean
stream_sink (const guint8  *data,
             gsize          size,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  return g_output_stream_write_all (user_data, data, size, NULL, cancellable, error);
}

gboolean
sesame_age_decrypt (GInputStream           *ciphertext,
                    GOutputStream          *plaintext,
                    const char             *passphrase,
                    SesameAgeProgressFunc   progress,
                    gpointer                progress_data,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_return_val_if_fail (G_IS_INPUT_STREAM (ciphertext), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (plaintext), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return decrypt_internal (ciphertext, passphrase, stream_sink, plaintext,
                           progress, progress_data, cancellable, error);
}

/* A growing buffer whose old copies are wiped when it moves. */
typedef struct
{
  guint8 *data;
  gsize len;
  gsize cap;
} SecureBuffer;

static gboolean
secure_sink (const guint8  *data,
             gsize          size,
             gpointer       user_data,
             GCancellable  *cancellable,
             GError       **error)
{
  SecureBuffer *buf = user_data;

  if (buf->len + size > buf->cap)
    {
      gsize cap = MAX (MAX (buf->cap * 2, buf->len + size), 4096);
      guint8 *bigger = sesame_secure_alloc (cap);

      if (buf->len > 0)
        memcpy (bigger, buf->data, buf->len);
      sesame_secure_free (buf->data, buf->cap);
      buf->data = bigger;
      buf->cap = cap;
    }

  memcpy (buf->data + buf->len, data, size);
  buf->len += size;
  return TRUE;
}

SesameSecret *
sesame_age_decrypt_stream (GInputStream           *ciphertext,
                           const char             *passphrase,
                           SesameAgeProgressFunc   progress,
                           gpointer                progress_data,
                           GCancellable           *cancellable,
                           GError                **error)
{
  SecureBuffer buf = { NULL, 0, 0 };
  SesameSecret *secret = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (ciphertext), NULL);
  g_return_val_if_fail (passphrase != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (decrypt_internal (ciphertext, passphrase, secure_sink, &buf, progress, progress_data,
                        cancellable, error))
    secret = sesame_secret_new (buf.data, buf.len);

  sesame_secure_free (buf.data, buf.cap);
  return secret;
}

SesameSecret *
sesame_age_decrypt_bytes (const guint8  *data,
                          gsize          size,
                          const char    *passphrase,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GInputStream) in = NULL;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  in = g_memory_input_stream_new_from_data (data, size, NULL);
  return sesame_age_decrypt_stream (in, passphrase, NULL, NULL, cancellable, error);
}

/* }}} */
/* {{{ Encryption */

static gboolean
write_header (GOutputStream  *out,
              Keys           *keys,
              const char     *passphrase,
              guint           work_factor,
              GCancellable   *cancellable,
              GError        **error)
{
  static const guint8 zero_nonce[12] = { 0 };
  guint8 salt[16];
  guint8 full_salt[sizeof SCRYPT_LABEL - 1 + 16];
  guint8 body[FILE_KEY_SIZE + TAG_SIZE];
  guint8 mac[SESAME_SHA256_SIZE];
  g_autofree char *salt_b64 = NULL;
  g_autofree char *body_b64 = NULL;
  g_autofree char *mac_b64 = NULL;
  g_autoptr(GString) header = g_string_new (AGE_VERSION_LINE "\n");
  guint8 *wrap_key;
  gboolean ok;

  sesame_crypto_random (keys->file_key, FILE_KEY_SIZE, TRUE);
  sesame_crypto_random (salt, sizeof salt, FALSE);

  memcpy (full_salt, SCRYPT_LABEL, sizeof SCRYPT_LABEL - 1);
  memcpy (full_salt + sizeof SCRYPT_LABEL - 1, salt, sizeof salt);

  wrap_key = sesame_secure_alloc (32);
  ok = sesame_crypto_scrypt (passphrase, strlen (passphrase), full_salt, sizeof full_salt,
                             (guint64) 1 << work_factor, 8, 1, wrap_key, 32)
       && sesame_crypto_chacha20poly1305_seal (wrap_key, zero_nonce, keys->file_key, FILE_KEY_SIZE,
                                               body, body + FILE_KEY_SIZE);
  sesame_secure_free (wrap_key, 32);
  if (!ok)
    {
      set_failed (error);
      return FALSE;
    }

  salt_b64 = sesame_base64_encode_unpadded (salt, sizeof salt);
  body_b64 = sesame_base64_encode_unpadded (body, sizeof body);
  g_string_append_printf (header, "-> scrypt %s %u\n%s\n---", salt_b64, work_factor, body_b64);

  if (!sesame_crypto_hkdf_sha256 (keys->file_key, FILE_KEY_SIZE, NULL, 0, "header", keys->hmac_key) ||
      !sesame_crypto_hmac_sha256 (keys->hmac_key, sizeof keys->hmac_key,
                                  (const guint8 *) header->str, header->len, mac))
    {
      set_failed (error);
      return FALSE;
    }

  mac_b64 = sesame_base64_encode_unpadded (mac, sizeof mac);
  g_string_append_printf (header, " %s\n", mac_b64);

  return g_output_stream_write_all (out, header->str, header->len, NULL, cancellable, error);
}

static gboolean
encrypt_payload (GInputStream           *in,
                 GOutputStream          *out,
                 Keys                   *keys,
                 SesameAgeProgressFunc   progress,
                 gpointer                progress_data,
                 GCancellable           *cancellable,
                 GError                **error)
{
  guint8 nonce[NONCE_SIZE];
  guint8 chunk_iv[12];
  guint8 *plain = sesame_secure_alloc (SESAME_AGE_CHUNK_SIZE + 1);
  g_autofree guint8 *enc = g_malloc (ENC_CHUNK_SIZE);
  guint64 counter = 0, done = 0;
  gsize have = 0, got;
  gboolean ok = FALSE;

  sesame_crypto_random (nonce, sizeof nonce, FALSE);
  if (!sesame_crypto_hkdf_sha256 (keys->file_key, FILE_KEY_SIZE, nonce, sizeof nonce, "payload",
                                  keys->payload_key))
    {
      set_failed (error);
      goto out;
    }

  if (!g_output_stream_write_all (out, nonce, sizeof nonce, NULL, cancellable, error))
    goto out;

  for (;;)
    {
      gboolean last;
      gsize size;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      if (!g_input_stream_read_all (in, plain + have, SESAME_AGE_CHUNK_SIZE + 1 - have, &got,
                                    cancellable, error))
        goto out;
      have += got;
      last = have <= SESAME_AGE_CHUNK_SIZE;
      size = last ? have : SESAME_AGE_CHUNK_SIZE;

      chunk_nonce (chunk_iv, counter, last);
      if (!sesame_crypto_chacha20poly1305_seal (keys->payload_key, chunk_iv, plain, size, enc, enc + size))
        {
          set_failed (error);
          goto out;
        }
      if (!g_output_stream_write_all (out, enc, size + TAG_SIZE, NULL, cancellable, error))
        goto out;

      done += size;
      if (progress != NULL)
        progress (SESAME_AGE_STAGE_PAYLOAD, done, progress_data);

      if (last)
        break;

      plain[0] = plain[SESAME_AGE_CHUNK_SIZE];
      have = 1;
      counter++;
    }

  ok = TRUE;

out:
  sesame_secure_free (plain, SESAME_AGE_CHUNK_SIZE + 1);
  return ok;
}

static gboolean
check_encrypt_args (const char  *passphrase,
                    guint        work_factor,
                    GError     **error)
{
  if (passphrase[0] == '\0')
    {
      g_set_error_literal (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_INVALID_ARGUMENT,
                           _("The passphrase is empty. Choose a passphrase to protect the backup."));
      return FALSE;
    }

  if (work_factor < SESAME_AGE_MIN_WORK_FACTOR || work_factor > SESAME_AGE_MAX_WORK_FACTOR)
    {
      g_set_error (error, SESAME_AGE_ERROR, SESAME_AGE_ERROR_INVALID_ARGUMENT,
                   _("The work factor must be between %d and %d."),
                   SESAME_AGE_MIN_WORK_FACTOR, SESAME_AGE_MAX_WORK_FACTOR);
      return FALSE;
    }

  return TRUE;
}

gboolean
sesame_age_encrypt (GInputStream           *plaintext,
                    GOutputStream          *ciphertext,
                    const char             *passphrase,
                    guint                   work_factor,
                    SesameAgeProgressFunc   progress,
                    gpointer                progress_data,
                    GCancellable           *cancellable,
                    GError                **error)
{
  g_autoptr(Keys) keys = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (plaintext), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (ciphertext), FALSE);
  g_return_val_if_fail (passphrase != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_encrypt_args (passphrase, work_factor, error))
    return FALSE;

  keys = keys_new ();
  if (progress != NULL)
    progress (SESAME_AGE_STAGE_KDF, 0, progress_data);

  if (!write_header (ciphertext, keys, passphrase, work_factor, cancellable, error))
    return FALSE;

  return encrypt_payload (plaintext, ciphertext, keys, progress, progress_data, cancellable, error);
}

GBytes *
sesame_age_encrypt_bytes (const guint8  *data,
                          gsize          size,
                          const char    *passphrase,
                          guint          work_factor,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  in = g_memory_input_stream_new_from_data (data, size, NULL);
  out = g_memory_output_stream_new_resizable ();

  if (!sesame_age_encrypt (in, out, passphrase, work_factor, NULL, NULL, cancellable, error) ||
      !g_output_stream_close (out, cancellable, error))
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

/* }}} */
/* {{{ Async */

typedef struct
{
  GInputStream *in;
  GOutputStream *out;
  char *passphrase;
  gsize passphrase_size;
  guint work_factor;
  SesameAgeProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_notify;
  GMainContext *context;
} AsyncData;

typedef struct
{
  AsyncData *data;
  SesameAgeStage stage;
  guint64 bytes;
} ProgressEvent;

static void
async_data_clear (AsyncData *data)
{
  g_clear_object (&data->in);
  g_clear_object (&data->out);
  sesame_secure_free (data->passphrase, data->passphrase_size);
  if (data->progress_notify != NULL)
    data->progress_notify (data->progress_data);
  g_clear_pointer (&data->context, g_main_context_unref);
}

static void
async_data_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) async_data_clear);
}

static gboolean
progress_dispatch (gpointer user_data)
{
  ProgressEvent *event = user_data;

  event->data->progress (event->stage, event->bytes, event->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_event_free (gpointer user_data)
{
  ProgressEvent *event = user_data;

  async_data_unref (event->data);
  g_free (event);
}

/* Runs in the worker thread: hands the report to the caller's context. */
static void
progress_forward (SesameAgeStage stage,
                  guint64        bytes,
                  gpointer       user_data)
{
  AsyncData *data = user_data;
  ProgressEvent *event = g_new0 (ProgressEvent, 1);
  GSource *source;

  event->data = g_atomic_rc_box_acquire (data);
  event->stage = stage;
  event->bytes = bytes;

  /* Always through a source: g_main_context_invoke() would run the
   * callback right here whenever this thread can acquire the context. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_dispatch, event, progress_event_free);
  g_source_set_static_name (source, "[sesame] age progress");
  g_source_attach (source, data->context);
  g_source_unref (source);
}

static AsyncData *
async_data_new (GInputStream           *in,
                GOutputStream          *out,
                const char             *passphrase,
                guint                   work_factor,
                SesameAgeProgressFunc   progress,
                gpointer                progress_data,
                GDestroyNotify          progress_notify)
{
  AsyncData *data = g_atomic_rc_box_new0 (AsyncData);

  data->in = g_object_ref (in);
  data->out = g_object_ref (out);
  data->passphrase_size = strlen (passphrase) + 1;
  data->passphrase = sesame_secure_alloc (data->passphrase_size);
  memcpy (data->passphrase, passphrase, data->passphrase_size);
  data->work_factor = work_factor;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_notify = progress_notify;
  data->context = g_main_context_ref_thread_default ();
  return data;
}

static void
encrypt_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;

  if (sesame_age_encrypt (data->in, data->out, data->passphrase, data->work_factor,
                          data->progress ? progress_forward : NULL, data,
                          cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
decrypt_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;

  if (sesame_age_decrypt (data->in, data->out, data->passphrase,
                          data->progress ? progress_forward : NULL, data,
                          cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sesame_age_encrypt_async (GInputStream           *plaintext,
                          GOutputStream          *ciphertext,
                          const char             *passphrase,
                          guint                   work_factor,
                          SesameAgeProgressFunc   progress,
                          gpointer                progress_data,
                          GDestroyNotify          progress_notify,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_INPUT_STREAM (plaintext));
  g_return_if_fail (G_IS_OUTPUT_STREAM (ciphertext));
  g_return_if_fail (passphrase != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_age_encrypt_async);
  g_task_set_task_data (task, async_data_new (plaintext, ciphertext, passphrase, work_factor,
                                              progress, progress_data, progress_notify),
                        async_data_unref);
  g_task_run_in_thread (task, encrypt_thread);
}

gboolean
sesame_age_encrypt_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_age_encrypt_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
sesame_age_decrypt_async (GInputStream           *ciphertext,
                          GOutputStream          *plaintext,
                          const char             *passphrase,
                          SesameAgeProgressFunc   progress,
                          gpointer                progress_data,
                          GDestroyNotify          progress_notify,
                          GCancellable           *cancellable,
                          GAsyncReadyCallback     callback,
                          gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_INPUT_STREAM (ciphertext));
  g_return_if_fail (G_IS_OUTPUT_STREAM (plaintext));
  g_return_if_fail (passphrase != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_age_decrypt_async);
  g_task_set_task_data (task, async_data_new (ciphertext, plaintext, passphrase, 0,
                                              progress, progress_data, progress_notify),
                        async_data_unref);
  g_task_run_in_thread (task, decrypt_thread);
}

gboolean
sesame_age_decrypt_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_age_decrypt_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */

/* A cheap sniff for format detection: the start of a binary or an
 * armored age file. */
gboolean
sesame_age_looks_like_age (const guint8 *data,
                           gsize         size)
{
  gsize i = 0;

  if (size >= strlen (AGE_MAGIC) && memcmp (data, AGE_MAGIC, strlen (AGE_MAGIC)) == 0)
    return TRUE;

  while (i < size && is_armor_space (data[i]))
    i++;

  return size - i >= strlen (ARMOR_BEGIN) && memcmp (data + i, ARMOR_BEGIN, strlen (ARMOR_BEGIN)) == 0;
}
