/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-account"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sesame-account.h"
#include "sesame-base32.h"
#include "sesame-tags.h"
#include "sesame-text.h"

/**
 * SesameAccount:
 *
 * One one-time-password account. Everything but the key is a property;
 * the key (and the recovery codes) live in wiped memory and are reached
 * only through functions, so no property dump, binding or debug print can
 * show them.
 */

typedef struct
{
  char *code;       /* wiped on free */
  gboolean used;
} RecoveryCode;

struct _SesameAccount
{
  GObject parent_instance;

  char *uuid;
  SesameOtpType type;
  char *issuer;
  char *name;
  SesameOtpAlgorithm algorithm;
  guint digits;
  guint period;
  guint64 counter;
  gint64 created;
  gint64 last_used;
  gboolean favorite;
  char *note;
  GStrv groups;

  SesameSecret *secret;
  GArray *recovery_codes;   /* RecoveryCode */

  /* Members of the document this Sesame does not know (written by a newer
   * one), kept so a round trip through us loses nothing. */
  JsonObject *unknown;
};

G_DEFINE_TYPE (SesameAccount, sesame_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (sesame-account-error-quark, sesame_account_error)

enum {
  PROP_0,
  PROP_UUID,
  PROP_TYPE,
  PROP_ISSUER,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_ALGORITHM,
  PROP_DIGITS,
  PROP_PERIOD,
  PROP_COUNTER,
  PROP_CREATED,
  PROP_LAST_USED,
  PROP_FAVORITE,
  PROP_NOTE,
  PROP_GROUPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The members this version reads and writes; everything else is kept. */
static const char * const known_members[] = {
  "version", "uuid", "type", "issuer", "name", "secret", "algorithm", "digits",
  "period", "counter", "created", "last_used", "favorite", "note", "groups",
  "recovery_codes", NULL,
};

static gboolean
set_string (char       **slot,
            const char  *value)
{
  if (value == NULL)
    value = "";

  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;

  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
recovery_code_clear (gpointer data)
{
  RecoveryCode *rc = data;

  g_clear_pointer (&rc->code, sesame_str_wipe_free);
}

static void
sesame_account_finalize (GObject *object)
{
  SesameAccount *self = (SesameAccount *)object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->issuer, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->note, g_free);
  g_clear_pointer (&self->groups, g_strfreev);
  g_clear_pointer (&self->secret, sesame_secret_unref);
  g_clear_pointer (&self->recovery_codes, g_array_unref);
  g_clear_pointer (&self->unknown, json_object_unref);

  G_OBJECT_CLASS (sesame_account_parent_class)->finalize (object);
}

static void
sesame_account_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SesameAccount *self = SESAME_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_ISSUER:
      g_value_set_string (value, self->issuer);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, sesame_account_get_display_name (self));
      break;
    case PROP_ALGORITHM:
      g_value_set_enum (value, self->algorithm);
      break;
    case PROP_DIGITS:
      g_value_set_uint (value, self->digits);
      break;
    case PROP_PERIOD:
      g_value_set_uint (value, self->period);
      break;
    case PROP_COUNTER:
      g_value_set_uint64 (value, self->counter);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_LAST_USED:
      g_value_set_int64 (value, self->last_used);
      break;
    case PROP_FAVORITE:
      g_value_set_boolean (value, self->favorite);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_GROUPS:
      g_value_set_boxed (value, self->groups);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_account_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SesameAccount *self = SESAME_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      {
        const char *uuid = g_value_get_string (value);

        g_free (self->uuid);
        self->uuid = uuid != NULL && g_uuid_string_is_valid (uuid)
                       ? g_ascii_strdown (uuid, -1) : g_uuid_string_random ();
      }
      break;
    case PROP_TYPE:
      sesame_account_set_otp_type (self, g_value_get_enum (value));
      break;
    case PROP_ISSUER:
      sesame_account_set_issuer (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      sesame_account_set_name (self, g_value_get_string (value));
      break;
    case PROP_ALGORITHM:
      sesame_account_set_algorithm (self, g_value_get_enum (value));
      break;
    case PROP_DIGITS:
      sesame_account_set_digits (self, g_value_get_uint (value));
      break;
    case PROP_PERIOD:
      sesame_account_set_period (self, g_value_get_uint (value));
      break;
    case PROP_COUNTER:
      sesame_account_set_counter (self, g_value_get_uint64 (value));
      break;
    case PROP_CREATED:
      sesame_account_set_created (self, g_value_get_int64 (value));
      break;
    case PROP_LAST_USED:
      sesame_account_set_last_used (self, g_value_get_int64 (value));
      break;
    case PROP_FAVORITE:
      sesame_account_set_favorite (self, g_value_get_boolean (value));
      break;
    case PROP_NOTE:
      sesame_account_set_note (self, g_value_get_string (value));
      break;
    case PROP_GROUPS:
      sesame_account_set_groups (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_account_class_init (SesameAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sesame_account_finalize;
  object_class->get_property = sesame_account_get_property;
  object_class->set_property = sesame_account_set_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TYPE] =
    g_param_spec_enum ("type", NULL, NULL, SESAME_TYPE_OTP_TYPE, SESAME_OTP_TYPE_TOTP, rw);
  properties[PROP_ISSUER] = g_param_spec_string ("issuer", NULL, NULL, "", rw);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", rw);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALGORITHM] =
    g_param_spec_enum ("algorithm", NULL, NULL, SESAME_TYPE_OTP_ALGORITHM,
                       SESAME_OTP_ALGORITHM_SHA1, rw);
  properties[PROP_DIGITS] =
    g_param_spec_uint ("digits", NULL, NULL, SESAME_OTP_MIN_DIGITS, SESAME_OTP_MAX_DIGITS,
                       SESAME_OTP_DEFAULT_DIGITS, rw);
  properties[PROP_PERIOD] =
    g_param_spec_uint ("period", NULL, NULL, 1, SESAME_OTP_MAX_PERIOD,
                       SESAME_OTP_DEFAULT_PERIOD, rw);
  properties[PROP_COUNTER] = g_param_spec_uint64 ("counter", NULL, NULL, 0, G_MAXUINT64, 0, rw);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_LAST_USED] = g_param_spec_int64 ("last-used", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_FAVORITE] = g_param_spec_boolean ("favorite", NULL, NULL, FALSE, rw);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, "", rw);
  /* The tags (sesame_account_has_tag()); notified so rows and the
   * window's tag menu follow an edit. */
  properties[PROP_GROUPS] = g_param_spec_boxed ("groups", NULL, NULL, G_TYPE_STRV, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sesame_account_init (SesameAccount *self)
{
  self->issuer = g_strdup ("");
  self->name = g_strdup ("");
  self->note = g_strdup ("");
  self->groups = g_new0 (char *, 1);
  self->algorithm = SESAME_OTP_ALGORITHM_SHA1;
  self->digits = SESAME_OTP_DEFAULT_DIGITS;
  self->period = SESAME_OTP_DEFAULT_PERIOD;
  self->recovery_codes = g_array_new (FALSE, TRUE, sizeof (RecoveryCode));
  g_array_set_clear_func (self->recovery_codes, recovery_code_clear);
}

/**
 * sesame_account_new:
 *
 * A TOTP account with a fresh random uuid, no key yet, created now.
 */
SesameAccount *
sesame_account_new (void)
{
  return g_object_new (SESAME_TYPE_ACCOUNT,
                       "created", g_get_real_time () / G_USEC_PER_SEC,
                       NULL);
}

static SesameAccount *
account_new_with_uuid (const char *uuid)
{
  return g_object_new (SESAME_TYPE_ACCOUNT, "uuid", uuid, NULL);
}

SesameAccount *
sesame_account_new_from_otpauth (const SesameOtpauth *otp)
{
  SesameAccount *self;

  g_return_val_if_fail (otp != NULL, NULL);

  self = sesame_account_new ();
  self->type = otp->type;
  set_string (&self->issuer, otp->issuer);
  set_string (&self->name, otp->name);
  self->algorithm = otp->algorithm;
  self->digits = CLAMP (otp->digits, SESAME_OTP_MIN_DIGITS, SESAME_OTP_MAX_DIGITS);
  self->period = MAX (otp->period, 1);
  self->counter = otp->counter;
  if (otp->secret != NULL)
    self->secret = sesame_secret_ref (otp->secret);

  return self;
}

/* Returns: (transfer full) (nullable): %NULL when the account has no key. */
SesameOtpauth *
sesame_account_to_otpauth (SesameAccount *self)
{
  SesameOtpauth *otp;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  if (self->secret == NULL)
    return NULL;

  otp = sesame_otpauth_new ();
  otp->type = self->type;
  set_string (&otp->issuer, self->issuer);
  set_string (&otp->name, self->name);
  otp->secret = sesame_secret_ref (self->secret);
  otp->algorithm = self->algorithm;
  otp->digits = self->digits;
  otp->period = self->period;
  otp->counter = self->counter;

  return otp;
}

static void
copy_recovery_codes (SesameAccount *dest,
                     SesameAccount *src)
{
  g_array_set_size (dest->recovery_codes, 0);
  for (guint i = 0; i < src->recovery_codes->len; i++)
    {
      const RecoveryCode *from = &g_array_index (src->recovery_codes, RecoveryCode, i);
      RecoveryCode rc = { g_strdup (from->code), from->used };

      g_array_append_val (dest->recovery_codes, rc);
    }
}

/**
 * sesame_account_copy:
 *
 * Everything, the uuid included, so the copy can be edited and then saved
 * in place of the original.
 */
SesameAccount *
sesame_account_copy (SesameAccount *self)
{
  SesameAccount *copy;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  copy = account_new_with_uuid (self->uuid);
  sesame_account_assign (copy, self);

  return copy;
}

/**
 * sesame_account_assign:
 * @self: the account to change
 * @source: where the values come from
 *
 * Gives @self every field of @source but its uuid, notifying each property
 * that really changes (so rows bound to @self follow an edit made on a
 * copy).
 */
void
sesame_account_assign (SesameAccount *self,
                       SesameAccount *source)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (source));

  if (self == source)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  sesame_account_set_otp_type (self, source->type);
  sesame_account_set_issuer (self, source->issuer);
  sesame_account_set_name (self, source->name);
  sesame_account_set_algorithm (self, source->algorithm);
  sesame_account_set_digits (self, source->digits);
  sesame_account_set_period (self, source->period);
  sesame_account_set_counter (self, source->counter);
  sesame_account_set_created (self, source->created);
  sesame_account_set_last_used (self, source->last_used);
  sesame_account_set_favorite (self, source->favorite);
  sesame_account_set_note (self, source->note);
  sesame_account_set_groups (self, (const char * const *) source->groups);
  sesame_account_set_secret (self, source->secret);
  copy_recovery_codes (self, source);
  g_clear_pointer (&self->unknown, json_object_unref);
  /* Never changed once read, so it can be shared. */
  if (source->unknown != NULL)
    self->unknown = json_object_ref (source->unknown);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
sesame_account_get_uuid (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return self->uuid;
}

SesameOtpType
sesame_account_get_otp_type (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), SESAME_OTP_TYPE_TOTP);

  return self->type;
}

void
sesame_account_set_otp_type (SesameAccount *self,
                             SesameOtpType  type)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (type <= SESAME_OTP_TYPE_STEAM);

  if (self->type == type)
    return;

  self->type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TYPE]);
}

const char *
sesame_account_get_issuer (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return self->issuer;
}

/* issuer and name both feed display-name, which is notified only when
 * what it shows changes. */
static void
set_label_part (SesameAccount *self,
                char         **slot,
                const char    *value,
                guint          prop_id)
{
  g_autofree char *old_display = g_strdup (sesame_account_get_display_name (self));

  if (!set_string (slot, value))
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  if (g_strcmp0 (old_display, sesame_account_get_display_name (self)) != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

void
sesame_account_set_issuer (SesameAccount *self,
                           const char    *issuer)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  set_label_part (self, &self->issuer, issuer, PROP_ISSUER);
}

const char *
sesame_account_get_name (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return self->name;
}

void
sesame_account_set_name (SesameAccount *self,
                         const char    *name)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  set_label_part (self, &self->name, name, PROP_NAME);
}

/* The issuer, or the account name for accounts without one. */
const char *
sesame_account_get_display_name (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return *self->issuer != '\0' ? self->issuer : self->name;
}

SesameOtpAlgorithm
sesame_account_get_algorithm (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), SESAME_OTP_ALGORITHM_SHA1);

  return self->algorithm;
}

void
sesame_account_set_algorithm (SesameAccount      *self,
                              SesameOtpAlgorithm  algorithm)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (algorithm <= SESAME_OTP_ALGORITHM_SHA512);

  if (self->algorithm == algorithm)
    return;

  self->algorithm = algorithm;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALGORITHM]);
}

guint
sesame_account_get_digits (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), SESAME_OTP_DEFAULT_DIGITS);

  return self->digits;
}

void
sesame_account_set_digits (SesameAccount *self,
                           guint          digits)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (digits >= SESAME_OTP_MIN_DIGITS && digits <= SESAME_OTP_MAX_DIGITS);

  if (self->digits == digits)
    return;

  self->digits = digits;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGITS]);
}

guint
sesame_account_get_period (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), SESAME_OTP_DEFAULT_PERIOD);

  return self->period;
}

void
sesame_account_set_period (SesameAccount *self,
                           guint          period)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (period >= 1 && period <= SESAME_OTP_MAX_PERIOD);

  if (self->period == period)
    return;

  self->period = period;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
}

guint64
sesame_account_get_counter (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), 0);

  return self->counter;
}

void
sesame_account_set_counter (SesameAccount *self,
                            guint64        counter)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  if (self->counter == counter)
    return;

  self->counter = counter;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTER]);
}

gint64
sesame_account_get_created (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), 0);

  return self->created;
}

void
sesame_account_set_created (SesameAccount *self,
                            gint64         created)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  if (self->created == created)
    return;

  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

gint64
sesame_account_get_last_used (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), 0);

  return self->last_used;
}

void
sesame_account_set_last_used (SesameAccount *self,
                              gint64         last_used)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  if (self->last_used == last_used)
    return;

  self->last_used = last_used;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_USED]);
}

gboolean
sesame_account_get_favorite (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), FALSE);

  return self->favorite;
}

void
sesame_account_set_favorite (SesameAccount *self,
                             gboolean       favorite)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  favorite = !!favorite;
  if (self->favorite == favorite)
    return;

  self->favorite = favorite;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVORITE]);
}

const char *
sesame_account_get_note (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return self->note;
}

void
sesame_account_set_note (SesameAccount *self,
                         const char    *note)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  if (set_string (&self->note, note))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
}

/**
 * sesame_account_get_secret:
 *
 * Returns: (transfer none) (nullable): the key, or %NULL before one is set
 */
SesameSecret *
sesame_account_get_secret (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return self->secret;
}

void
sesame_account_set_secret (SesameAccount *self,
                           SesameSecret  *secret)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  if (self->secret == secret)
    return;

  if (secret != NULL)
    sesame_secret_ref (secret);
  g_clear_pointer (&self->secret, sesame_secret_unref);
  self->secret = secret;
}

guint
sesame_account_get_n_recovery_codes (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), 0);

  return self->recovery_codes->len;
}

const char *
sesame_account_get_recovery_code (SesameAccount *self,
                                  guint          i,
                                  gboolean      *used)
{
  const RecoveryCode *rc;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);
  g_return_val_if_fail (i < self->recovery_codes->len, NULL);

  rc = &g_array_index (self->recovery_codes, RecoveryCode, i);
  if (used != NULL)
    *used = rc->used;

  return rc->code;
}

/* Empty lines are dropped; every code starts unused. */
void
sesame_account_set_recovery_codes (SesameAccount      *self,
                                   const char * const *codes)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  g_array_set_size (self->recovery_codes, 0);
  for (guint i = 0; codes != NULL && codes[i] != NULL; i++)
    {
      RecoveryCode rc = { NULL, FALSE };

      if (*codes[i] == '\0')
        continue;
      rc.code = g_strdup (codes[i]);
      g_array_append_val (self->recovery_codes, rc);
    }
}

void
sesame_account_set_recovery_code_used (SesameAccount *self,
                                       guint          i,
                                       gboolean       used)
{
  g_return_if_fail (SESAME_IS_ACCOUNT (self));
  g_return_if_fail (i < self->recovery_codes->len);

  g_array_index (self->recovery_codes, RecoveryCode, i).used = !!used;
}

const char * const *
sesame_account_get_groups (SesameAccount *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  return (const char * const *) self->groups;
}

void
sesame_account_set_groups (SesameAccount      *self,
                           const char * const *groups)
{
  static const char * const none[] = { NULL };

  g_return_if_fail (SESAME_IS_ACCOUNT (self));

  if (groups == NULL)
    groups = none;
  if (g_strv_equal ((const char * const *) self->groups, groups))
    return;

  g_strfreev (self->groups);
  self->groups = g_strdupv ((char **) groups);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUPS]);
}

/**
 * sesame_account_has_tag:
 * @tag: a tag (one of the account's groups), compared without regard to case
 *
 * Tags are the account's groups: what Aegis calls groups, 2FAS groups and
 * Stratum categories.
 */
gboolean
sesame_account_has_tag (SesameAccount *self,
                        const char    *tag)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (tag != NULL, FALSE);

  for (guint i = 0; self->groups[i] != NULL; i++)
    if (sesame_tag_equal (self->groups[i], tag))
      return TRUE;
  return FALSE;
}

/**
 * sesame_account_matches_query:
 *
 * The one search rule of the window, the GNOME Shell search provider and
 * sesame-cli: every term of @query is in the issuer, the name or one of the
 * tags, ignoring case and accents.
 */
gboolean
sesame_account_matches_query (SesameAccount         *self,
                              const SesameTextQuery *query)
{
  g_autoptr(GPtrArray) fields = NULL;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  fields = g_ptr_array_new ();
  g_ptr_array_add (fields, (gpointer) sesame_account_get_issuer (self));
  g_ptr_array_add (fields, (gpointer) sesame_account_get_name (self));
  for (guint i = 0; self->groups[i] != NULL; i++)
    g_ptr_array_add (fields, self->groups[i]);
  g_ptr_array_add (fields, NULL);

  return sesame_text_query_matches (query, (const char * const *) fields->pdata);
}

/**
 * sesame_account_code_at:
 * @code: (out caller-allocates): where the code is written
 *
 * TOTP and Steam: the code at @unix_time. HOTP: the code of the stored
 * counter, which is not advanced (the store does that, persisting first).
 *
 * Returns: %FALSE when the account has no key
 */
gboolean
sesame_account_code_at (SesameAccount *self,
                        gint64         unix_time,
                        char           code[SESAME_OTP_CODE_SIZE])
{
  const guint8 *key;
  gsize size;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  code[0] = '\0';
  if (self->secret == NULL)
    return FALSE;

  key = sesame_secret_get_data (self->secret, &size);
  switch (self->type)
    {
    case SESAME_OTP_TYPE_HOTP:
      return sesame_otp_hotp (key, size, self->algorithm, self->counter, self->digits, code);
    case SESAME_OTP_TYPE_STEAM:
      return sesame_otp_steam (key, size, unix_time, code);
    case SESAME_OTP_TYPE_TOTP:
    default:
      return sesame_otp_totp (key, size, self->algorithm, unix_time, self->period,
                              self->digits, code);
    }
}

/* Seconds until the code of @unix_time changes; 0 for HOTP. */
guint
sesame_account_seconds_remaining (SesameAccount *self,
                                  gint64         unix_time)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), 0);

  switch (self->type)
    {
    case SESAME_OTP_TYPE_HOTP:
      return 0;
    case SESAME_OTP_TYPE_STEAM:
      return sesame_otp_seconds_remaining (unix_time, SESAME_OTP_STEAM_PERIOD);
    case SESAME_OTP_TYPE_TOTP:
    default:
      return sesame_otp_seconds_remaining (unix_time, self->period);
    }
}

/* Wipes a string member in place before the tree is freed: json-glib
 * copies strings and frees them without wiping. */
static void
wipe_string_node (JsonNode *node)
{
  const char *str;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return;

  str = json_node_get_string (node);
  if (str != NULL)
    sesame_memwipe ((char *) str, strlen (str));
}

static void
wipe_secrets_in_object (JsonObject *object)
{
  JsonArray *codes;

  wipe_string_node (json_object_get_member (object, "secret"));

  if (!json_object_has_member (object, "recovery_codes") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "recovery_codes")))
    return;

  codes = json_object_get_array_member (object, "recovery_codes");
  for (guint i = 0; i < json_array_get_length (codes); i++)
    {
      JsonNode *element = json_array_get_element (codes, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        wipe_string_node (json_object_get_member (json_node_get_object (element), "code"));
    }
}

static void
copy_unknown_member (JsonObject  *object,
                     const char  *member_name,
                     JsonNode    *member_node,
                     gpointer     user_data)
{
  JsonObject *dest = user_data;

  if (!json_object_has_member (dest, member_name))
    json_object_set_member (dest, member_name, json_node_copy (member_node));
}

/**
 * sesame_account_to_json_object:
 *
 * The keyring document as a tree, for embedding in a backup. It holds the
 * key in base32.
 *
 * Returns: (transfer full): a new object
 */
JsonObject *
sesame_account_to_json_object (SesameAccount *self)
{
  JsonObject *object;
  JsonArray *groups;
  JsonArray *codes;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  object = json_object_new ();
  json_object_set_int_member (object, "version", SESAME_ACCOUNT_JSON_VERSION);
  json_object_set_string_member (object, "uuid", self->uuid);
  json_object_set_string_member (object, "type", sesame_otp_type_to_string (self->type));
  json_object_set_string_member (object, "issuer", self->issuer);
  json_object_set_string_member (object, "name", self->name);
  if (self->secret != NULL)
    {
      g_autoptr(SesameSecureStr) secret = sesame_secret_to_base32 (self->secret);

      json_object_set_string_member (object, "secret", secret);
    }
  json_object_set_string_member (object, "algorithm", sesame_otp_algorithm_to_string (self->algorithm));
  json_object_set_int_member (object, "digits", self->digits);
  json_object_set_int_member (object, "period", self->period);
  /* JSON readers hold integers as int64 (or doubles): a counter beyond
   * that is written as a decimal string. */
  if (self->counter <= G_MAXINT64)
    json_object_set_int_member (object, "counter", (gint64) self->counter);
  else
    {
      g_autofree char *counter = g_strdup_printf ("%" G_GUINT64_FORMAT, self->counter);

      json_object_set_string_member (object, "counter", counter);
    }
  json_object_set_int_member (object, "created", self->created);
  json_object_set_int_member (object, "last_used", self->last_used);
  json_object_set_boolean_member (object, "favorite", self->favorite);
  json_object_set_string_member (object, "note", self->note);

  groups = json_array_new ();
  for (guint i = 0; self->groups[i] != NULL; i++)
    json_array_add_string_element (groups, self->groups[i]);
  json_object_set_array_member (object, "groups", groups);

  codes = json_array_new ();
  for (guint i = 0; i < self->recovery_codes->len; i++)
    {
      const RecoveryCode *rc = &g_array_index (self->recovery_codes, RecoveryCode, i);
      JsonObject *code = json_object_new ();

      json_object_set_string_member (code, "code", rc->code);
      json_object_set_boolean_member (code, "used", rc->used);
      json_array_add_object_element (codes, code);
    }
  json_object_set_array_member (object, "recovery_codes", codes);

  if (self->unknown != NULL)
    json_object_foreach_member (self->unknown, copy_unknown_member, object);

  return object;
}

/**
 * sesame_account_to_json:
 *
 * The document stored in the keyring (see docs/keyring-format.md).
 *
 * Returns: compact JSON holding the key: free it with sesame_str_wipe_free()
 */
char *
sesame_account_to_json (SesameAccount *self)
{
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  char *json;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  object = sesame_account_to_json_object (self);
  root = json_node_init_object (json_node_alloc (), object);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, FALSE);
  json = json_generator_to_data (generator, NULL);

  wipe_secrets_in_object (object);
  json_object_unref (object);

  return json;
}

static gboolean
field_error (GError     **error,
             const char  *member)
{
  /* Translators: %s is the name of a field of the stored account, e.g. "digits". */
  g_set_error (error, SESAME_ACCOUNT_ERROR, SESAME_ACCOUNT_ERROR_INVALID_FIELD,
               _("The stored account has an invalid “%s” field"), member);
  return FALSE;
}

/* Fetches an optional member of @type; FALSE (with @error set) only when
 * it is present but of another kind. */
static gboolean
get_member (JsonObject  *object,
            const char  *member,
            GType        type,
            JsonNode   **node,
            GError     **error)
{
  JsonNode *found = json_object_get_member (object, member);

  *node = NULL;
  if (found == NULL)
    return TRUE;

  if (JSON_NODE_TYPE (found) != JSON_NODE_VALUE ||
      json_node_get_value_type (found) != type)
    return field_error (error, member);

  *node = found;
  return TRUE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             char       **slot,
             GError     **error)
{
  JsonNode *node;

  if (!get_member (object, member, G_TYPE_STRING, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!g_utf8_validate (json_node_get_string (node), -1, NULL))
    return field_error (error, member);

  set_string (slot, json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *member,
          gint64       min,
          gint64       max,
          gint64      *value,
          GError     **error)
{
  JsonNode *node;

  if (!get_member (object, member, G_TYPE_INT64, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;

  *value = json_node_get_int (node);
  if (*value < min || *value > max)
    return field_error (error, member);

  return TRUE;
}

static gboolean
read_enums (SesameAccount  *self,
            JsonObject     *object,
            GError        **error)
{
  JsonNode *node;

  if (!get_member (object, "type", G_TYPE_STRING, &node, error))
    return FALSE;
  if (node != NULL && !sesame_otp_type_from_string (json_node_get_string (node), &self->type))
    return field_error (error, "type");

  if (!get_member (object, "algorithm", G_TYPE_STRING, &node, error))
    return FALSE;
  if (node != NULL &&
      !sesame_otp_algorithm_from_string (json_node_get_string (node), &self->algorithm))
    return field_error (error, "algorithm");

  return TRUE;
}

static gboolean
read_counter (SesameAccount  *self,
              JsonObject     *object,
              GError        **error)
{
  JsonNode *node = json_object_get_member (object, "counter");
  gint64 value = 0;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    {
      if (!g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64,
                                       &self->counter, NULL))
        return field_error (error, "counter");
      return TRUE;
    }

  if (!read_int (object, "counter", 0, G_MAXINT64, &value, error))
    return FALSE;

  self->counter = (guint64) value;
  return TRUE;
}

static gboolean
read_numbers (SesameAccount  *self,
              JsonObject     *object,
              GError        **error)
{
  gint64 digits = self->digits;
  gint64 period = self->period;
  gboolean favorite = FALSE;
  JsonNode *node;

  if (!read_int (object, "digits", SESAME_OTP_MIN_DIGITS, SESAME_OTP_MAX_DIGITS, &digits, error) ||
      !read_int (object, "period", 1, SESAME_OTP_MAX_PERIOD, &period, error) ||
      !read_int (object, "created", 0, G_MAXINT64, &self->created, error) ||
      !read_int (object, "last_used", 0, G_MAXINT64, &self->last_used, error) ||
      !read_counter (self, object, error))
    return FALSE;

  self->digits = digits;
  self->period = period;

  if (!get_member (object, "favorite", G_TYPE_BOOLEAN, &node, error))
    return FALSE;
  if (node != NULL)
    favorite = json_node_get_boolean (node);
  self->favorite = favorite;

  return TRUE;
}

static gboolean
read_secret (SesameAccount  *self,
             JsonObject     *object,
             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node;

  if (!get_member (object, "secret", G_TYPE_STRING, &node, error))
    return FALSE;

  if (node == NULL || *json_node_get_string (node) == '\0')
    {
      g_set_error_literal (error, SESAME_ACCOUNT_ERROR, SESAME_ACCOUNT_ERROR_INVALID_FIELD,
                           _("The stored account has no secret key"));
      return FALSE;
    }

  /* The base32 error says what is wrong with the key, never the key. */
  self->secret = sesame_base32_decode (json_node_get_string (node), -1, &local_error);
  if (self->secret == NULL)
    {
      g_set_error (error, SESAME_ACCOUNT_ERROR, SESAME_ACCOUNT_ERROR_INVALID_FIELD,
                   _("The stored account has an invalid secret key: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_groups (SesameAccount  *self,
             JsonObject     *object,
             GError        **error)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  JsonNode *node = json_object_get_member (object, "groups");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, "groups");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      /* json-glib 1.6 takes "\333" (not JSON) as the byte 0xDB. */
      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          !g_utf8_validate (json_node_get_string (element), -1, NULL))
        return field_error (error, "groups");
      g_ptr_array_add (groups, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (groups, NULL);

  g_strfreev (self->groups);
  self->groups = (GStrv) g_ptr_array_free (g_steal_pointer (&groups), FALSE);
  return TRUE;
}

static gboolean
read_recovery_codes (SesameAccount  *self,
                     JsonObject     *object,
                     GError        **error)
{
  JsonNode *node = json_object_get_member (object, "recovery_codes");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return field_error (error, "recovery_codes");

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *entry;
      JsonNode *code;
      JsonNode *used;
      RecoveryCode rc = { NULL, FALSE };

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return field_error (error, "recovery_codes");
      entry = json_node_get_object (element);
      if (!get_member (entry, "code", G_TYPE_STRING, &code, error) ||
          !get_member (entry, "used", G_TYPE_BOOLEAN, &used, error))
        return FALSE;
      if (code == NULL || !g_utf8_validate (json_node_get_string (code), -1, NULL))
        return field_error (error, "recovery_codes");

      rc.code = g_strdup (json_node_get_string (code));
      rc.used = used != NULL && json_node_get_boolean (used);
      g_array_append_val (self->recovery_codes, rc);
    }

  return TRUE;
}

/* Whether json-glib writes @value as valid JSON: not infinity (1e999 reads
 * as that), and not a number it prints without a '.' but with an exponent
 * ("1e+207"), to which it appends ".0" (json-glib 1.6). */
static gboolean
writable_double (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return FALSE;
  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') != NULL || (strchr (text, 'e') == NULL && strchr (text, 'E') == NULL);
}

/* Whether @node can be written back as the JSON it was read from (its
 * strings valid UTF-8: json-glib 1.6 reads the escape "\333", which JSON
 * does not have, as the byte 0xDB). */
static gboolean
writable_node (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return g_utf8_validate (json_node_get_string (node), -1, NULL);
      return json_node_get_value_type (node) != G_TYPE_DOUBLE || writable_double (json_node_get_double (node));
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!writable_node (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_OBJECT:
      {
        g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

        for (GList *l = members; l != NULL; l = l->next)
          if (!writable_node (l->data))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static void
keep_unknown_member (JsonObject  *object,
                     const char  *member_name,
                     JsonNode    *member_node,
                     gpointer     user_data)
{
  SesameAccount *self = user_data;

  if (g_strv_contains (known_members, member_name))
    return;
  /* Kept, it would be written as "inf" and the account refused at the
   * next load (found by fuzzing): it cannot be kept unchanged anyway. */
  if (!writable_node (member_node))
    return;

  if (self->unknown == NULL)
    self->unknown = json_object_new ();
  json_object_set_member (self->unknown, member_name, json_node_copy (member_node));
}

static gboolean
check_version (JsonObject  *object,
               GError     **error)
{
  JsonNode *node;

  if (!get_member (object, "version", G_TYPE_INT64, &node, error))
    return FALSE;

  if (node == NULL || json_node_get_int (node) < 1)
    return field_error (error, "version");

  if (json_node_get_int (node) > SESAME_ACCOUNT_JSON_VERSION)
    {
      g_set_error_literal (error, SESAME_ACCOUNT_ERROR, SESAME_ACCOUNT_ERROR_UNSUPPORTED_VERSION,
                           _("The account was saved by a newer version of Sesame; update Sesame to use it"));
      return FALSE;
    }

  return TRUE;
}

/**
 * sesame_account_new_from_json_object:
 * @object: a document as written by sesame_account_to_json_object()
 *
 * Members this version does not know are kept and written back.
 *
 * Returns: (transfer full): the account, or %NULL with @error set in
 *   %SESAME_ACCOUNT_ERROR
 */
SesameAccount *
sesame_account_new_from_json_object (JsonObject  *object,
                                     GError     **error)
{
  g_autoptr(SesameAccount) self = NULL;
  g_autofree char *uuid = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  if (!check_version (object, error) || !read_string (object, "uuid", &uuid, error))
    return NULL;
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    {
      field_error (error, "uuid");
      return NULL;
    }

  self = account_new_with_uuid (uuid);
  if (!read_enums (self, object, error) ||
      !read_string (object, "issuer", &self->issuer, error) ||
      !read_string (object, "name", &self->name, error) ||
      !read_string (object, "note", &self->note, error) ||
      !read_numbers (self, object, error) ||
      !read_secret (self, object, error) ||
      !read_groups (self, object, error) ||
      !read_recovery_codes (self, object, error))
    return NULL;

  json_object_foreach_member (object, keep_unknown_member, self);

  return g_steal_pointer (&self);
}

/**
 * sesame_account_new_from_json:
 * @json: the keyring document
 *
 * Returns: (transfer full): the account, or %NULL with @error set in
 *   %SESAME_ACCOUNT_ERROR
 */
SesameAccount *
sesame_account_new_from_json (const char  *json,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  SesameAccount *self;
  JsonNode *root;

  g_return_val_if_fail (json != NULL, NULL);

  /* The parser's message may quote the text it choked on, which could be
   * the key: it is never passed on. */
  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error_literal (error, SESAME_ACCOUNT_ERROR, SESAME_ACCOUNT_ERROR_INVALID_JSON,
                           _("The stored account is not valid JSON"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, SESAME_ACCOUNT_ERROR, SESAME_ACCOUNT_ERROR_INVALID_JSON,
                           _("The stored account is not a JSON object"));
      return NULL;
    }

  self = sesame_account_new_from_json_object (json_node_get_object (root), error);
  wipe_secrets_in_object (json_node_get_object (root));

  return self;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb) == 0;
}

/**
 * sesame_account_same_identity:
 *
 * Whether @a and @b are the same account added twice: the same key, issuer
 * and name (the last two compared without regard to case).
 */
gboolean
sesame_account_same_identity (SesameAccount *a,
                              SesameAccount *b)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT (a), FALSE);
  g_return_val_if_fail (SESAME_IS_ACCOUNT (b), FALSE);

  if (a->secret == NULL || b->secret == NULL)
    return FALSE;

  return sesame_secret_equal (a->secret, b->secret)
      && same_text (a->issuer, b->issuer)
      && same_text (a->name, b->name);
}

/* A random key per process: fingerprints can be compared within a run but
 * are useless to anyone trying to guess a key from one. */
static const guint8 *
fingerprint_key (void)
{
  static guint8 key[32];
  static gsize initialised = 0;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i < sizeof key / sizeof (guint32); i++)
        {
          guint32 r = g_random_int ();

          memcpy (key + i * sizeof r, &r, sizeof r);
        }
      g_once_init_leave (&initialised, 1);
    }

  return key;
}

static void
hmac_update_field (GHmac        *hmac,
                   const guint8 *data,
                   gsize         size)
{
  guint8 length[8];

  /* Length-prefixed, so ("ab", "c") and ("a", "bc") differ. */
  for (guint i = 0; i < 8; i++)
    length[i] = (guint8) ((guint64) size >> (56 - 8 * i));
  g_hmac_update (hmac, length, sizeof length);
  g_hmac_update (hmac, data, size);
}

/**
 * sesame_account_dup_fingerprint:
 *
 * A keyed hash (HMAC-SHA256 with a key random to this process) of the key,
 * the case-folded issuer and the case-folded name: equal for accounts for
 * which sesame_account_same_identity() holds. It reveals nothing of the key.
 *
 * Returns: (transfer full) (nullable): hex, or %NULL when there is no key
 */
char *
sesame_account_dup_fingerprint (SesameAccount *self)
{
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *name = NULL;
  const guint8 *key;
  gsize size;

  g_return_val_if_fail (SESAME_IS_ACCOUNT (self), NULL);

  if (self->secret == NULL)
    return NULL;

  issuer = g_utf8_casefold (self->issuer, -1);
  name = g_utf8_casefold (self->name, -1);
  key = sesame_secret_get_data (self->secret, &size);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, fingerprint_key (), 32);
  hmac_update_field (hmac, key, size);
  hmac_update_field (hmac, (const guint8 *) issuer, strlen (issuer));
  hmac_update_field (hmac, (const guint8 *) name, strlen (name));

  return g_strdup (g_hmac_get_string (hmac));
}
