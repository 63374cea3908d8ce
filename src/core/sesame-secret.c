/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-secret"

#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "sesame-base32.h"
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

/* mlock() keeps key material out of swap where the limit allows it. When it
 * does not (RLIMIT_MEMLOCK is small for ordinary users), the memory is still
 * wiped on release, which is the part that matters most. */
gpointer
sesame_secure_alloc (gsize size)
{
  gpointer data = g_malloc0 (MAX (size, 1));

  (void) mlock (data, MAX (size, 1));
  return data;
}

void
sesame_secure_free (gpointer data,
                    gsize    size)
{
  if (data == NULL)
    return;

  sesame_memwipe (data, MAX (size, 1));
  (void) munlock (data, MAX (size, 1));
  g_free (data);
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
