/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SESAME_TYPE_SECRET (sesame_secret_get_type ())

/* An immutable, reference-counted byte buffer for key material.
 * The memory is locked where the memlock limit allows and always wiped
 * before it is released. */
typedef struct _SesameSecret SesameSecret;

GType          sesame_secret_get_type    (void) G_GNUC_CONST;
SesameSecret  *sesame_secret_new         (const guint8  *data,
                                          gsize          size);
SesameSecret  *sesame_secret_new_take    (guint8        *data,
                                          gsize          size);
SesameSecret  *sesame_secret_ref         (SesameSecret  *self);
void           sesame_secret_unref       (SesameSecret  *self);
const guint8  *sesame_secret_get_data    (const SesameSecret *self,
                                          gsize         *size);
gsize          sesame_secret_get_size    (const SesameSecret *self);
gboolean       sesame_secret_equal       (const SesameSecret *a,
                                          const SesameSecret *b);
char          *sesame_secret_to_base32   (const SesameSecret *self);

void           sesame_memwipe            (gpointer       data,
                                          gsize          size);
void           sesame_str_wipe_free      (char          *str);
gpointer       sesame_secure_alloc       (gsize          size);
void           sesame_secure_free        (gpointer       data,
                                          gsize          size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameSecret, sesame_secret_unref)

/* For strings that hold a secret (a base32 key, an otpauth URI, a JSON
 * document with a key in it): wiped before they are freed. */
typedef char SesameSecureStr;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameSecureStr, sesame_str_wipe_free)

G_END_DECLS
