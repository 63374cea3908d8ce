/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-secret"

#include "config.h"

#include <gcrypt.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sesame-base32.h"
#include "sesame-otp.h"
#include "sesame-secret.h"

struct _SesameSecret
{
  gatomicrefcount ref_count;
  gsize size;
  guint8 *data;
};

G_DEFINE_BOXED_TYPE (SesameSecret, sesame_secret, sesame_secret_ref, sesame_secret_unref)

void
sesame_memwipe (gpointer data,
                gsize    size)
{
  if (data != NULL && size > 0)
    explicit_bzero (data, size);
}

void
sesame_str_wipe_free (char *str)
{
  if (str == NULL)
    return;

  sesame_memwipe (str, strlen (str));
  g_free (str);
}

/* Key material lives in locked memory where the memlock limit allows it,
 * and is always wiped before it is released. mlock() and munlock() work on
 * whole pages, so a secret never shares a page with anything that is
 * unlocked on its own (unlocking one secret used to unlock its
 * neighbours):
 *
 *  - small ones (most keys) come from libgcrypt's secure memory, a locked
 *    pool initialised once (sesame_crypto_init), which wipes on release;
 *  - larger ones, or when the pool is full, get whole pages of their own,
 *    locked and unlocked alone, with a header that says how many.
 *
 * When locking is not allowed, both still work, as wiped plain memory,
 * without a warning: wiping is the part that matters most. */

#define SMALL_MAX 1024
#define HEADER_SIZE 16
#define PAGES_MAGIC G_GUINT64_CONSTANT (0x536573616d655067)  /* "SesamePg" */

gpointer
sesame_secure_alloc (gsize size)
{
  gsize want = MAX (size, 1);
  gsize page = sysconf (_SC_PAGESIZE);
  gsize length;
  guint8 *base;

  sesame_crypto_init ();

  if (want <= SMALL_MAX)
    {
      gpointer data = gcry_calloc_secure (1, want);

      if (data != NULL)
        return data;
    }

  length = (want + HEADER_SIZE + page - 1) / page * page;
  base = mmap (NULL, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED)
    g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC, length);
  (void) mlock (base, length);
  (void) madvise (base, length, MADV_DONTDUMP);

  ((guint64 *) base)[0] = PAGES_MAGIC;
  ((guint64 *) base)[1] = length;
  return base + HEADER_SIZE;
}

void
sesame_secure_free (gpointer data,
                    gsize    size)
{
  guint8 *base;
  gsize length;

  if (data == NULL)
    return;

  if (gcry_is_secure (data))
    {
      sesame_memwipe (data, MAX (size, 1));
      gcry_free (data);  /* which wipes the whole block too */
      return;
    }

  base = (guint8 *) data - HEADER_SIZE;
  g_return_if_fail (((guint64 *) base)[0] == PAGES_MAGIC);
  length = ((guint64 *) base)[1];
  sesame_memwipe (base, length);
  (void) munlock (base, length);
  munmap (base, length);
}

SesameSecret *
sesame_secret_new (const guint8 *data,
                   gsize         size)
{
  guint8 *copy;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  copy = sesame_secure_alloc (size);
  if (size > 0)
    memcpy (copy, data, size);

  return sesame_secret_new_take (copy, size);
}

/* @data must come from sesame_secure_alloc() with the same @size. */
SesameSecret *
sesame_secret_new_take (guint8 *data,
                        gsize   size)
{
  SesameSecret *self;

  self = g_new0 (SesameSecret, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->data = data;
  self->size = size;

  return self;
}

SesameSecret *
sesame_secret_ref (SesameSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sesame_secret_unref (SesameSecret *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      sesame_secure_free (self->data, self->size);
      g_free (self);
    }
}

const guint8 *
sesame_secret_get_data (const SesameSecret *self,
                        gsize              *size)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (size != NULL)
    *size = self->size;

  return self->data;
}

gsize
sesame_secret_get_size (const SesameSecret *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

gboolean
sesame_secret_equal (const SesameSecret *a,
                     const SesameSecret *b)
{
  guint8 diff = 0;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->size != b->size)
    return FALSE;

  /* Constant time, so comparing keys tells nothing through timing. */
  for (gsize i = 0; i < a->size; i++)
    diff |= a->data[i] ^ b->data[i];

  return diff == 0;
}

/* Free the result with sesame_str_wipe_free(). */
char *
sesame_secret_to_base32 (const SesameSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return sesame_base32_encode (self->data, self->size);
}
