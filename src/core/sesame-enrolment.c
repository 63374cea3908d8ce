/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-enrolment"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-enrolment.h"
#include "sesame-payload.h"
#include "sesame-secret.h"

/* The schemes of enrolment links. URI schemes are case-insensitive
 * (RFC 3986 §3.1), so "OTPAUTH://" from an upper-case QR code counts. */
static const char * const link_schemes[] = { "otpauth:", "otpauth-migration:", "steam:" };

/**
 * sesame_enrolment_is_link:
 * @text: one line, already trimmed
 *
 * Whether @text starts like an enrolment link (otpauth://,
 * otpauth-migration://, steam://), whatever the case of its scheme.
 */
gboolean
sesame_enrolment_is_link (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (link_schemes); i++)
    if (g_ascii_strncasecmp (text, link_schemes[i], strlen (link_schemes[i])) == 0)
      return TRUE;

  return FALSE;
}

/**
 * sesame_enrolment_links_from_text:
 * @text: pasted or dropped text, or a link Sesame was opened with
 *
 * Returns: (transfer full) (element-type GBytes): every line of @text that
 *   is an enrolment link, trimmed, as payloads for
 *   sesame_enrolment_new_from_payloads(); possibly none
 */
GPtrArray *
sesame_enrolment_links_from_text (const char *text)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, payloads);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (sesame_enrolment_is_link (lines[i]))
        g_ptr_array_add (payloads, g_bytes_new (lines[i], strlen (lines[i])));
    }

  /* The lines held keys: wiped before they go. */
  for (guint i = 0; lines[i] != NULL; i++)
    sesame_memwipe (lines[i], strlen (lines[i]));

  return payloads;
}

static void
add_account (SesameEnrolment *self,
             GHashTable      *seen,
             SesameAccount   *account)
{
  char *print = sesame_account_dup_fingerprint (account);

  if (print != NULL && !g_hash_table_add (seen, print))
    {
      g_object_unref (account);
      return;
    }

  g_ptr_array_add (self->accounts, account);
}

static void
add_batch (SesameEnrolment            *self,
           GHashTable                 *seen,
           const SesameMigrationBatch *batch)
{
  for (guint i = 0; i < batch->accounts->len; i++)
    add_account (self, seen, sesame_account_new_from_otpauth (g_ptr_array_index (batch->accounts, i)));

  for (guint i = 0; i < batch->problems->len; i++)
    g_ptr_array_add (self->problems, g_strdup (((GError *) g_ptr_array_index (batch->problems, i))->message));

  if (self->batch_size <= 1)
    {
      self->batch_index = batch->batch_index;
      self->batch_size = batch->batch_size;
    }
}

/**
 * sesame_enrolment_new_from_payloads:
 * @payloads: (element-type GBytes): what the QR codes (or links) held
 *
 * Returns: (transfer full): the accounts of every usable payload, the
 *   problems worth telling, and why an unusable one was unusable
 */
SesameEnrolment *
sesame_enrolment_new_from_payloads (GPtrArray *payloads)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  SesameEnrolment *self;

  g_return_val_if_fail (payloads != NULL, NULL);

  self = g_new0 (SesameEnrolment, 1);
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->batch_size = 1;

  for (guint i = 0; i < payloads->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesamePayload) payload = sesame_payload_parse_bytes (g_ptr_array_index (payloads, i), &error);

      if (payload == NULL)
        {
          if (self->not_enrolment == NULL)
            self->not_enrolment = g_steal_pointer (&error);
          continue;
        }

      if (payload->kind == SESAME_PAYLOAD_KIND_ACCOUNT)
        add_account (self, seen, sesame_account_new_from_otpauth (payload->account));
      else
        add_batch (self, seen, payload->batch);
    }

  return self;
}

/**
 * sesame_enrolment_explain_nothing:
 *
 * Returns: why a scan gave no account, for a person: what the first
 *   unusable code was, or that the codes held no usable account
 */
const char *
sesame_enrolment_explain_nothing (const SesameEnrolment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->not_enrolment != NULL)
    return self->not_enrolment->message;

  return _("The QR code holds no account Sesame can use");
}

void
sesame_enrolment_free (SesameEnrolment *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->accounts);
  g_ptr_array_unref (self->problems);
  g_clear_error (&self->not_enrolment);
  g_free (self);
}
