/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sesame-account.h"

G_BEGIN_DECLS

#define SESAME_STORE_ERROR (sesame_store_error_quark ())

/**
 * SesameStoreError:
 *
 * What went wrong with the keyring. Every message says what to do about it
 * and never contains a key.
 */
typedef enum
{
  SESAME_STORE_ERROR_NO_SERVICE,   /* no Secret Service on the session bus */
  SESAME_STORE_ERROR_LOCKED,       /* the keyring is locked and was not unlocked */
  SESAME_STORE_ERROR_DBUS,         /* any other failure talking to the keyring */
  SESAME_STORE_ERROR_CORRUPT_ITEM, /* an item that is not a readable account (load problems) */
  SESAME_STORE_ERROR_DUPLICATE,    /* the same key, issuer and name is already stored */
  SESAME_STORE_ERROR_NOT_FOUND,    /* no such account in the store */
  SESAME_STORE_ERROR_DISMISSED,    /* the keyring's password prompt was cancelled */
  SESAME_STORE_ERROR_NOT_PROTECTED,/* no Sesame collection: nothing Sesame can lock */
} SesameStoreError;

/* The one label of every item: it tells nothing about the account. */
#define SESAME_STORE_ITEM_LABEL "Sesame one-time password"

#define SESAME_TYPE_ACCOUNT_STORE (sesame_account_store_get_type ())

G_DECLARE_FINAL_TYPE (SesameAccountStore, sesame_account_store, SESAME, ACCOUNT_STORE, GObject)

GQuark              sesame_store_error_quark                    (void);

const char         *sesame_keyring_schema_name                  (void);

SesameAccountStore *sesame_account_store_new                    (const char           *schema_name);
const char         *sesame_account_store_get_schema_name        (SesameAccountStore   *self);
gboolean            sesame_account_store_get_loaded             (SesameAccountStore   *self);
gboolean            sesame_account_store_get_locked             (SesameAccountStore   *self);
gboolean            sesame_account_store_get_protected          (SesameAccountStore   *self);

void                sesame_account_store_load_async             (SesameAccountStore   *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_load_finish            (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
GPtrArray          *sesame_account_store_get_load_problems      (SesameAccountStore   *self);

void                sesame_account_store_add_async              (SesameAccountStore   *self,
                                                                 SesameAccount        *account,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_add_finish             (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                sesame_account_store_update_async           (SesameAccountStore   *self,
                                                                 SesameAccount        *account,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_update_finish          (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                sesame_account_store_remove_async           (SesameAccountStore   *self,
                                                                 SesameAccount        *account,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_remove_finish          (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                sesame_account_store_advance_counter_async  (SesameAccountStore   *self,
                                                                 SesameAccount        *account,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
char               *sesame_account_store_advance_counter_finish (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);

void                sesame_account_store_lock_async             (SesameAccountStore   *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_lock_finish            (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                sesame_account_store_unlock_async           (SesameAccountStore   *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_unlock_finish          (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
void                sesame_account_store_protect_async          (SesameAccountStore   *self,
                                                                 gboolean              protect,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_protect_finish         (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 guint                *n_moved,
                                                                 GError              **error);

/**
 * SesameAddAllPolicy:
 * @SESAME_ADD_ALL_KEEP_GOING: a refused account is listed, the others are
 *   still added (scanning several codes)
 * @SESAME_ADD_ALL_STOP_ON_ERROR: stop at the first refusal and keep what
 *   was added; the same call again adds the rest (enrolment, import)
 * @SESAME_ADD_ALL_ALL_OR_NOTHING: at the first refusal or a cancel, remove
 *   what this call added (restore from the command line)
 *
 * What sesame_account_store_add_all_async() does when the keyring refuses
 * an account.
 */
typedef enum
{
  SESAME_ADD_ALL_KEEP_GOING,
  SESAME_ADD_ALL_STOP_ON_ERROR,
  SESAME_ADD_ALL_ALL_OR_NOTHING,
} SesameAddAllPolicy;

/**
 * SesameAddAllResult:
 * @added: (element-type SesameAccount): stored by this call, in order
 * @existing: (element-type SesameAccount): already stored (same id, or same
 *   key, issuer and name), not added again
 * @failed: (element-type SesameAccount): refused by the keyring
 * @errors: (element-type GError): why, one for each of @failed
 * @n_rolled_back: added, then removed again (%SESAME_ADD_ALL_ALL_OR_NOTHING)
 * @n_rollback_failed: of @added, those that could not be removed again
 */
typedef struct
{
  GPtrArray *added;
  GPtrArray *existing;
  GPtrArray *failed;
  GPtrArray *errors;
  guint n_rolled_back;
  guint n_rollback_failed;
} SesameAddAllResult;

typedef void (*SesameAddAllProgress) (guint    done,
                                      guint    total,
                                      gpointer user_data);

void                sesame_add_all_result_free                  (SesameAddAllResult   *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SesameAddAllResult, sesame_add_all_result_free)

void                sesame_account_store_add_all_async          (SesameAccountStore   *self,
                                                                 GPtrArray            *accounts,
                                                                 SesameAddAllPolicy    policy,
                                                                 SesameAddAllProgress  progress,
                                                                 gpointer              progress_data,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            sesame_account_store_add_all_finish         (SesameAccountStore   *self,
                                                                 GAsyncResult         *result,
                                                                 SesameAddAllResult  **out_result,
                                                                 GError              **error);

SesameAccount      *sesame_account_store_lookup                 (SesameAccountStore   *self,
                                                                 const char           *uuid);
SesameAccount      *sesame_account_store_find_duplicate         (SesameAccountStore   *self,
                                                                 SesameAccount        *candidate);
GPtrArray          *sesame_account_store_snapshot               (SesameAccountStore   *self);
void                sesame_account_store_follow_keyring         (SesameAccountStore   *self);
gboolean            sesame_account_store_get_refreshing         (SesameAccountStore   *self);

G_END_DECLS
