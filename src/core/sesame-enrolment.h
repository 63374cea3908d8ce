/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account.h"

G_BEGIN_DECLS

/**
 * SesameEnrolment:
 * @accounts: (element-type SesameAccount): the accounts of every usable
 *   code, in scan order; an account shown twice (the same key, issuer and
 *   name) is listed once
 * @problems: (element-type utf8): what the person should hear about codes
 *   that were used: entries of a Google Authenticator export that could not
 *   be read
 * @not_enrolment: (nullable): why the first unusable code was unusable
 *   (a web link, Wi-Fi settings…); worth saying when @accounts is empty
 * @batch_index: for a Google Authenticator export, which of its codes was
 *   scanned (from 0)
 * @batch_size: how many codes that export has (1 when there is no export)
 *
 * What a scan (of an image, a screenshot, the camera, pasted text) means
 * for enrolment. The one place where scanned payloads become accounts: the
 * app's scan controller and `sesame-cli scan` both use it.
 */
typedef struct
{
  GPtrArray *accounts;
  GPtrArray *problems;
  GError    *not_enrolment;
  int        batch_index;
  int        batch_size;
} SesameEnrolment;

SesameEnrolment *sesame_enrolment_new_from_payloads (GPtrArray             *payloads);
void             sesame_enrolment_free              (SesameEnrolment       *self);
const char      *sesame_enrolment_explain_nothing   (const SesameEnrolment *self);

gboolean         sesame_enrolment_is_link           (const char            *text);
GPtrArray       *sesame_enrolment_links_from_text   (const char            *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameEnrolment, sesame_enrolment_free)

G_END_DECLS
