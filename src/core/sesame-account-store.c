/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-store"

#include "config.h"

#include <glib/gi18n.h>
#define SECRET_API_SUBJECT_TO_CHANGE
#include <libsecret/secret.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-collection.h"

/**
 * SesameAccountStore:
 *
 * Every account, as a #GListModel, kept in the desktop keyring through the
 * Secret Service: one item per account, attribute `uuid` only, the same
 * label for all, the account's JSON document as the secret.
 *
 * Loading is a single search that unlocks and fetches every secret at once.
 * Writes go through a queue, one at a time and in order, so an update never
 * overtakes an add and two counter advances never both write N + 1. An
 * account enters or leaves the model only once the keyring has confirmed
 * the write.
 *
 * The accounts live in the login keyring, or in a collection of their own
 * (“protect”, sesame_account_store_protect_async()) that Sesame can lock.
 * While that collection is locked the store is #SesameAccountStore:locked:
 * empty, every secret it held dropped, writes refused.
 */

struct _SesameAccountStore
{
  GObject parent_instance;

  char *schema_name;
  SecretSchema *schema;

  GPtrArray *accounts;          /* SesameAccount, the model's items */
  GHashTable *by_uuid;          /* uuid → SesameAccount (borrowed from accounts) */
  GHashTable *fingerprints;     /* fingerprint → uuid, also for adds in flight */
  GHashTable *uuid_fingerprint; /* uuid → fingerprint */
  GPtrArray *problems;          /* GError, one per item skipped at load */

  GQueue writes;                /* GTask, the first one running */
  gboolean writing;
  gboolean loaded;

  char *collection_path;        /* the Sesame collection; NULL when there is none */
  gboolean locked;              /* it is locked and nothing of it is in memory */
  GDBusConnection *bus;         /* the keyring's, for CollectionChanged */
  guint collection_changed_id;

  /* Following the keyring (sesame_account_store_follow_keyring) */
  guint item_signals_id;
  guint refresh_id;             /* a refresh is due */
  gboolean refreshing;
};

static void list_model_iface_init (GListModelInterface *iface);
static void set_locked (SesameAccountStore *self,
                        gboolean            locked);
static void set_collection (SesameAccountStore *self,
                            SecretService      *service,
                            const char         *path);
static void find_collection_async (SesameAccountStore  *self,
                                   SecretService       *service,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
static gboolean find_collection_finish (SesameAccountStore  *self,
                                        GAsyncResult        *result,
                                        char               **path,
                                        gboolean            *locked,
                                        GError             **error);
static void on_collection_for_load (GObject      *source,
                                    GAsyncResult *result,
                                    gpointer      user_data);

G_DEFINE_FINAL_TYPE_WITH_CODE (SesameAccountStore, sesame_account_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

G_DEFINE_QUARK (sesame-store-error-quark, sesame_store_error)

enum {
  PROP_0,
  PROP_SCHEMA_NAME,
  PROP_LOADED,
  PROP_LOCKED,
  PROP_PROTECTED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  WRITE_ADD,
  WRITE_UPDATE,
  WRITE_REMOVE,
  WRITE_ADVANCE,
} WriteKind;

typedef struct
{
  WriteKind kind;
  SesameAccount *account;  /* what the caller gave */
  SesameAccount *to_write; /* the state that goes to the keyring */
  char *fingerprint;       /* of to_write */
} WriteOp;

static void
write_op_free (gpointer data)
{
  WriteOp *op = data;

  g_clear_object (&op->account);
  g_clear_object (&op->to_write);
  g_clear_pointer (&op->fingerprint, g_free);
  g_free (op);
}

static GType
sesame_account_store_get_item_type (GListModel *model)
{
  return SESAME_TYPE_ACCOUNT;
}

static guint
sesame_account_store_get_n_items (GListModel *model)
{
  return SESAME_ACCOUNT_STORE (model)->accounts->len;
}

static gpointer
sesame_account_store_get_item (GListModel *model,
                               guint       position)
{
  SesameAccountStore *self = SESAME_ACCOUNT_STORE (model);

  if (position >= self->accounts->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->accounts, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = sesame_account_store_get_item_type;
  iface->get_n_items = sesame_account_store_get_n_items;
  iface->get_item = sesame_account_store_get_item;
}

static void
sesame_account_store_finalize (GObject *object)
{
  SesameAccountStore *self = (SesameAccountStore *)object;

  g_assert (g_queue_is_empty (&self->writes));

  if (self->collection_changed_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->collection_changed_id);
  if (self->item_signals_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->item_signals_id);
  g_clear_object (&self->bus);
  g_clear_pointer (&self->collection_path, g_free);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  g_clear_pointer (&self->schema_name, g_free);
  g_clear_pointer (&self->schema, secret_schema_unref);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->fingerprints, g_hash_table_unref);
  g_clear_pointer (&self->uuid_fingerprint, g_hash_table_unref);
  g_clear_pointer (&self->accounts, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (sesame_account_store_parent_class)->finalize (object);
}

static void
sesame_account_store_constructed (GObject *object)
{
  SesameAccountStore *self = (SesameAccountStore *)object;

  G_OBJECT_CLASS (sesame_account_store_parent_class)->constructed (object);

  if (self->schema_name == NULL)
    self->schema_name = g_strdup (APP_ID ".Account");

  self->schema = secret_schema_new (self->schema_name, SECRET_SCHEMA_NONE,
                                    "uuid", SECRET_SCHEMA_ATTRIBUTE_STRING,
                                    NULL);
}

static void
sesame_account_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SesameAccountStore *self = SESAME_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SCHEMA_NAME:
      g_value_set_string (value, self->schema_name);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    case PROP_PROTECTED:
      g_value_set_boolean (value, self->collection_path != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_account_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SesameAccountStore *self = SESAME_ACCOUNT_STORE (object);

  switch (prop_id)
    {
    case PROP_SCHEMA_NAME:
      self->schema_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_account_store_class_init (SesameAccountStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sesame_account_store_finalize;
  object_class->constructed = sesame_account_store_constructed;
  object_class->get_property = sesame_account_store_get_property;
  object_class->set_property = sesame_account_store_set_property;

  properties[PROP_SCHEMA_NAME] =
    g_param_spec_string ("schema-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SesameAccountStore:locked:
   *
   * The Sesame collection is locked: the model is empty, no secret of it is
   * in memory, writes are refused. Only the store sets it (when it locks,
   * when a load finds the collection locked, and when the keyring reports
   * that someone else locked it); sesame_account_store_unlock_async() ends it.
   */
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * SesameAccountStore:protected:
   *
   * The accounts are in a collection of their own (labelled “Sesame”) rather
   * than in the login keyring; only then is there something to lock.
   */
  properties[PROP_PROTECTED] =
    g_param_spec_boolean ("protected", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SesameAccountStore::changed:
   *
   * After every add, update, removal or counter advance that the keyring
   * confirmed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sesame_account_store_init (SesameAccountStore *self)
{
  self->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  self->fingerprints = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->uuid_fingerprint = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  g_queue_init (&self->writes);
}

/**
 * sesame_keyring_schema_name:
 *
 * The keyring schema of this process's accounts, and the one place that reads
 * $SESAME_KEYRING_SCHEMA: its value when set and not empty (tests use it so
 * that they never see real accounts), else `<APP_ID>.Account`. An empty value
 * counts as unset.
 *
 * Returns: (transfer none): the schema name
 */
const char *
sesame_keyring_schema_name (void)
{
  const char *schema = g_getenv ("SESAME_KEYRING_SCHEMA");

  return schema != NULL && *schema != '\0' ? schema : APP_ID ".Account";
}

/**
 * sesame_account_store_new:
 * @schema_name: (nullable): the Secret Service schema; %NULL for
 *   `<APP_ID>.Account` (tests pass their own)
 */
SesameAccountStore *
sesame_account_store_new (const char *schema_name)
{
  return g_object_new (SESAME_TYPE_ACCOUNT_STORE, "schema-name", schema_name, NULL);
}

const char *
sesame_account_store_get_schema_name (SesameAccountStore *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), NULL);

  return self->schema_name;
}

gboolean
sesame_account_store_get_loaded (SesameAccountStore *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), FALSE);

  return self->loaded;
}

gboolean
sesame_account_store_get_locked (SesameAccountStore *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), FALSE);

  return self->locked;
}

gboolean
sesame_account_store_get_protected (SesameAccountStore *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), FALSE);

  return self->collection_path != NULL;
}

/* The errors ---------------------------------------------------------- */

static gboolean
is_no_service (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         (error->domain == G_DBUS_ERROR &&
          error->code >= G_DBUS_ERROR_SPAWN_EXEC_FAILED &&
          error->code <= G_DBUS_ERROR_SPAWN_FAILED);
}

static GError *
no_service_error (void)
{
  return g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_NO_SERVICE,
                              _("No keyring service is running. Install and start GNOME Keyring "
                                "(gnome-keyring), or turn on KeePassXC’s Secret Service integration, "
                                "then try again"));
}

static GError *
locked_error (void)
{
  return g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED,
                              _("The keyring is locked and was not unlocked. Unlock it (with your "
                                "login password) to see your accounts; nothing was changed"));
}

static GError *
collection_locked_error (void)
{
  return g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED,
                              _("Sesame’s accounts are locked with their own password. Unlock them "
                                "to see them; nothing was changed"));
}

/* Turns a libsecret or D-Bus error into ours. @connecting: the error came
 * from reaching the service at all. */
static GError *
store_error_new (const GError *error,
                 gboolean      connecting)
{
  g_autoptr(GError) copy = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == SESAME_STORE_ERROR)
    return g_error_copy (error);

  if (connecting || is_no_service (error))
    return no_service_error ();

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return locked_error ();

  copy = g_error_copy (error);
  g_dbus_error_strip_remote_error (copy);
  /* Translators: %s is the keyring's own description of the problem. */
  return g_error_new (SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS,
                      _("The keyring failed: %s. Nothing was changed; try again"), copy->message);
}

/* The indexes ---------------------------------------------------------- */

static void
index_account (SesameAccountStore *self,
               SesameAccount      *account,
               const char         *fingerprint)
{
  const char *uuid = sesame_account_get_uuid (account);

  g_hash_table_insert (self->by_uuid, (gpointer) uuid, account);
  if (fingerprint != NULL)
    {
      g_hash_table_insert (self->fingerprints, g_strdup (fingerprint), g_strdup (uuid));
      g_hash_table_insert (self->uuid_fingerprint, g_strdup (uuid), g_strdup (fingerprint));
    }
}

static void
unindex_fingerprint (SesameAccountStore *self,
                     const char         *uuid)
{
  const char *fingerprint = g_hash_table_lookup (self->uuid_fingerprint, uuid);

  if (fingerprint != NULL)
    {
      const char *owner = g_hash_table_lookup (self->fingerprints, fingerprint);

      if (g_strcmp0 (owner, uuid) == 0)
        g_hash_table_remove (self->fingerprints, fingerprint);
      g_hash_table_remove (self->uuid_fingerprint, uuid);
    }
}

static void
clear_indexes (SesameAccountStore *self)
{
  g_hash_table_remove_all (self->by_uuid);
  g_hash_table_remove_all (self->fingerprints);
  g_hash_table_remove_all (self->uuid_fingerprint);
}

/**
 * sesame_account_store_lookup:
 *
 * Returns: (transfer none) (nullable): the account with @uuid
 */
SesameAccount *
sesame_account_store_lookup (SesameAccountStore *self,
                             const char         *uuid)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return g_hash_table_lookup (self->by_uuid, uuid);
}

/**
 * sesame_account_store_find_duplicate:
 *
 * The stored account with the same key, issuer and name as @candidate
 * (other than @candidate itself), found by fingerprint without reading any
 * secret from the keyring.
 *
 * Returns: (transfer none) (nullable): the duplicate
 */
SesameAccount *
sesame_account_store_find_duplicate (SesameAccountStore *self,
                                     SesameAccount      *candidate)
{
  g_autofree char *fingerprint = NULL;
  const char *uuid;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), NULL);
  g_return_val_if_fail (SESAME_IS_ACCOUNT (candidate), NULL);

  fingerprint = sesame_account_dup_fingerprint (candidate);
  if (fingerprint == NULL)
    return NULL;

  uuid = g_hash_table_lookup (self->fingerprints, fingerprint);
  if (uuid == NULL || g_str_equal (uuid, sesame_account_get_uuid (candidate)))
    return NULL;

  return g_hash_table_lookup (self->by_uuid, uuid);
}

/**
 * sesame_account_store_snapshot:
 *
 * Copies of every account, for work in another thread (a backup, an
 * export) while the person may go on editing the stored ones.
 *
 * Returns: (transfer full) (element-type SesameAccount): the copies
 */
GPtrArray *
sesame_account_store_snapshot (SesameAccountStore *self)
{
  guint n;
  GPtrArray *accounts;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self));
  accounts = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (self), i);

      g_ptr_array_add (accounts, sesame_account_copy (account));
    }

  return accounts;
}

/* Loading ------------------------------------------------------------- */

/**
 * sesame_account_store_get_load_problems:
 *
 * Returns: (transfer none) (element-type GError): one error in
 *   %SESAME_STORE_ERROR_CORRUPT_ITEM per item the last load skipped
 */
GPtrArray *
sesame_account_store_get_load_problems (SesameAccountStore *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), NULL);

  return self->problems;
}

static void
add_problem (GPtrArray  *problems,
             const char *uuid,
             const char *why)
{
  /* Translators: the first %s is an identifier like 0b5f7b1e-…, the second says what is wrong. */
  g_ptr_array_add (problems,
                   g_error_new (SESAME_STORE_ERROR, SESAME_STORE_ERROR_CORRUPT_ITEM,
                                _("The account %s in the keyring could not be read and was skipped: %s"),
                                uuid != NULL ? uuid : _("without identifier"), why));
}

static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  SesameAccount *x = *(SesameAccount **) a;
  SesameAccount *y = *(SesameAccount **) b;
  gint64 cx = sesame_account_get_created (x);
  gint64 cy = sesame_account_get_created (y);

  if (cx != cy)
    return cx < cy ? -1 : 1;

  return strcmp (sesame_account_get_uuid (x), sesame_account_get_uuid (y));
}

/* Replaces the model's content in one items-changed. */
static void
replace_accounts (SesameAccountStore *self,
                  GPtrArray          *accounts)
{
  guint removed = self->accounts->len;

  clear_indexes (self);
  g_ptr_array_sort (accounts, compare_created);
  g_ptr_array_unref (self->accounts);
  self->accounts = g_ptr_array_ref (accounts);

  for (guint i = 0; i < accounts->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (accounts, i);
      g_autofree char *fingerprint = sesame_account_dup_fingerprint (account);

      index_account (self, account, fingerprint);
    }

  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, accounts->len);
}

/* A refresh changes only what differs: accounts that stay keep their
 * objects (rows, open details windows), edited ones are updated in place,
 * new ones are appended and gone ones removed. */
static void
merge_accounts (SesameAccountStore *self,
                GPtrArray          *loaded)
{
  g_autoptr(GHashTable) fresh = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean edited = FALSE;

  for (guint i = 0; i < loaded->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (loaded, i);

      g_hash_table_insert (fresh, (gpointer) sesame_account_get_uuid (account), account);
    }

  for (guint i = self->accounts->len; i-- > 0; )
    {
      SesameAccount *stored = g_ptr_array_index (self->accounts, i);
      const char *uuid = sesame_account_get_uuid (stored);

      if (g_hash_table_contains (fresh, uuid))
        continue;
      unindex_fingerprint (self, uuid);
      g_hash_table_remove (self->by_uuid, uuid);
      g_ptr_array_remove_index (self->accounts, i);
      g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 0);
    }

  g_ptr_array_sort (loaded, compare_created);
  for (guint i = 0; i < loaded->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (loaded, i);
      const char *uuid = sesame_account_get_uuid (account);
      SesameAccount *stored = g_hash_table_lookup (self->by_uuid, uuid);
      g_autofree char *fingerprint = sesame_account_dup_fingerprint (account);

      if (stored == NULL)
        {
          g_ptr_array_add (self->accounts, g_object_ref (account));
          index_account (self, account, fingerprint);
          g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
          continue;
        }

      {
        g_autofree char *before = sesame_account_to_json (stored);
        g_autofree char *after = sesame_account_to_json (account);

        if (g_strcmp0 (before, after) == 0)
          {
            sesame_memwipe (before, strlen (before));
            sesame_memwipe (after, strlen (after));
            continue;
          }
        sesame_memwipe (before, strlen (before));
        sesame_memwipe (after, strlen (after));
      }

      unindex_fingerprint (self, uuid);
      index_account (self, stored, fingerprint);
      sesame_account_assign (stored, account);
      edited = TRUE;
    }

  if (edited)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Loading is three calls whatever the number of accounts: SearchItems,
 * Unlock (only when something is locked; this is where a prompt shows),
 * and GetSecrets for every path at once (in chunks, to keep each reply a
 * reasonable size). libsecret's secret_service_search() with
 * SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS
 * would do the same in one call of ours, but it builds a D-Bus proxy per
 * item, each with its own property round trip and match rule: slower than
 * one lookup per account already at 1,000 (docs/benchmarks.md). */
#define SECRETS_PER_CALL 2000

typedef struct
{
  char *path;
  char *why;
  char *uuid;
} BadItem;

typedef struct
{
  SecretService *service;
  char *collection_path; /* the Sesame collection, or NULL */
  GPtrArray *paths;      /* unlocked item paths, to read */
  guint n_locked;
  guint next;            /* first path of the next GetSecrets */
  GPtrArray *accounts;
  GHashTable *seen;      /* uuid → its index in accounts, see parse_item() */
  GPtrArray *bad;        /* BadItem */
  guint pending;         /* attribute look-ups of bad items */
  gboolean merge;        /* a refresh: keep the account objects that stay */
} LoadData;

static void
bad_item_free (gpointer data)
{
  BadItem *bad = data;

  g_free (bad->path);
  g_free (bad->why);
  g_free (bad->uuid);
  g_free (bad);
}

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_clear_object (&load->service);
  g_free (load->collection_path);
  g_ptr_array_unref (load->paths);
  g_ptr_array_unref (load->accounts);
  g_hash_table_unref (load->seen);
  g_ptr_array_unref (load->bad);
  g_free (load);
}

static void
add_paths (GPtrArray *paths,
           char     **more)
{
  for (guint i = 0; more != NULL && more[i] != NULL; i++)
    g_ptr_array_add (paths, g_strdup (more[i]));
}

static void
add_bad (LoadData   *load,
         const char *path,
         const char *why)
{
  BadItem *bad = g_new0 (BadItem, 1);

  bad->path = g_strdup (path);
  bad->why = g_strdup (why);
  g_ptr_array_add (load->bad, bad);
}

static gboolean
item_in_collection (const char *item_path,
                    const char *collection_path)
{
  gsize n = strlen (collection_path);

  return strncmp (item_path, collection_path, n) == 0 && item_path[n] == '/';
}

static void
parse_item (LoadData    *load,
            const char  *path,
            SecretValue *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameAccount) account = NULL;
  const char *text = value != NULL ? secret_value_get_text (value) : NULL;
  gboolean in_collection;
  gpointer slot;

  if (text == NULL)
    {
      add_bad (load, path, _("its content is not text"));
      return;
    }

  account = sesame_account_new_from_json (text, &error);
  if (account == NULL)
    {
      add_bad (load, path, error->message);
      return;
    }

  /* The same account in two collections (a move into the Sesame collection
   * or out of it was interrupted): the copy in the Sesame collection wins,
   * it is the one writes go to (sesame_collection_move_sync()). The value
   * is the index in accounts, times two, plus one when in the collection. */
  in_collection = load->collection_path != NULL && item_in_collection (path, load->collection_path);
  if (g_hash_table_lookup_extended (load->seen, sesame_account_get_uuid (account), NULL, &slot))
    {
      guint index = GPOINTER_TO_UINT (slot) >> 1;

      if ((GPOINTER_TO_UINT (slot) & 1) || !in_collection)
        return;
      g_object_unref (g_ptr_array_index (load->accounts, index));
      g_ptr_array_index (load->accounts, index) = g_steal_pointer (&account);
      g_hash_table_insert (load->seen, g_strdup (sesame_account_get_uuid (g_ptr_array_index (load->accounts, index))),
                           GUINT_TO_POINTER (index << 1 | 1));
      return;
    }

  g_hash_table_insert (load->seen, g_strdup (sesame_account_get_uuid (account)),
                       GUINT_TO_POINTER (load->accounts->len << 1 | in_collection));
  g_ptr_array_add (load->accounts, g_steal_pointer (&account));
}

static void
complete_load (GTask *task)
{
  SesameAccountStore *self = g_task_get_source_object (task);
  LoadData *load = g_task_get_task_data (task);

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; i < load->bad->len; i++)
    {
      BadItem *bad = g_ptr_array_index (load->bad, i);

      add_problem (self->problems, bad->uuid, bad->why);
    }

  g_debug ("Loaded %u accounts, skipped %u", load->accounts->len, load->bad->len);
  if (load->merge)
    merge_accounts (self, load->accounts);
  else
    replace_accounts (self, load->accounts);
  set_locked (self, FALSE);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }

  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  GTask *task;
  BadItem *bad;
} BadLookup;

static void
on_bad_item (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autofree BadLookup *lookup = user_data;
  g_autoptr(GTask) task = lookup->task;
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(SecretItem) item = secret_item_new_for_dbus_path_finish (result, NULL);

  if (item != NULL)
    {
      g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);

      lookup->bad->uuid = g_strdup (g_hash_table_lookup (attributes, "uuid"));
    }

  if (--load->pending == 0)
    complete_load (task);
}

/* Only for the items that could not be read (rare): their uuid attribute,
 * so the report says which account it was. */
static void
name_bad_items (GTask *task)
{
  LoadData *load = g_task_get_task_data (task);

  if (load->bad->len == 0)
    {
      complete_load (task);
      return;
    }

  load->pending = load->bad->len;
  for (guint i = 0; i < load->bad->len; i++)
    {
      BadLookup *lookup = g_new0 (BadLookup, 1);

      lookup->task = g_object_ref (task);
      lookup->bad = g_ptr_array_index (load->bad, i);
      secret_item_new_for_dbus_path (load->service, lookup->bad->path, SECRET_ITEM_NONE,
                                     g_task_get_cancellable (task), on_bad_item, lookup);
    }
}

static void read_secrets (GTask *task);

static void
on_secrets (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(GHashTable) secrets = NULL;
  g_autoptr(GError) error = NULL;
  guint end = MIN (load->next + SECRETS_PER_CALL, load->paths->len);

  secrets = secret_service_get_secrets_for_dbus_paths_finish (SECRET_SERVICE (source), result, &error);
  if (secrets == NULL)
    {
      g_debug ("GetSecrets failed: %s", error->message);
      g_task_return_error (task, store_error_new (error, FALSE));
      return;
    }

  for (guint i = load->next; i < end; i++)
    {
      const char *path = g_ptr_array_index (load->paths, i);

      parse_item (load, path, g_hash_table_lookup (secrets, path));
    }
  load->next = end;

  read_secrets (g_steal_pointer (&task));
}

static void
read_secrets (GTask *task)
{
  LoadData *load = g_task_get_task_data (task);
  g_autofree const char **chunk = NULL;
  guint n;

  if (load->next >= load->paths->len)
    {
      name_bad_items (task);
      g_object_unref (task);
      return;
    }

  n = MIN (SECRETS_PER_CALL, load->paths->len - load->next);
  chunk = g_new0 (const char *, n + 1);
  memcpy (chunk, load->paths->pdata + load->next, n * sizeof (char *));
  secret_service_get_secrets_for_dbus_paths (load->service, chunk, g_task_get_cancellable (task),
                                             on_secrets, task);
}

static void
on_unlocked (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  g_auto(GStrv) unlocked = NULL;
  g_autoptr(GError) error = NULL;
  int n;

  n = secret_service_unlock_dbus_paths_finish (SECRET_SERVICE (source), result, &unlocked, &error);
  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A refused, dismissed or impossible prompt: the list would be
   * incomplete, and saving over it would look like data loss. */
  if (error != NULL || n < 0 || (guint) n < load->n_locked)
    {
      g_debug ("%u items locked, %d unlocked%s%s", load->n_locked, n,
               error ? ": " : "", error ? error->message : "");
      g_task_return_error (task, locked_error ());
      return;
    }

  add_paths (load->paths, unlocked);
  read_secrets (g_steal_pointer (&task));
}

static void
on_paths_found (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoadData *load = g_task_get_task_data (task);
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  if (!secret_service_search_for_dbus_paths_finish (SECRET_SERVICE (source), result,
                                                    &unlocked, &locked, &error))
    {
      g_debug ("Search failed: %s", error->message);
      g_task_return_error (task, store_error_new (error, FALSE));
      return;
    }

  add_paths (load->paths, unlocked);
  load->n_locked = locked != NULL ? g_strv_length (locked) : 0;
  if (load->n_locked == 0)
    {
      read_secrets (g_steal_pointer (&task));
      return;
    }

  /* A refresh never prompts: following the keyring is not a reason to
   * ask for its password. */
  if (load->merge)
    {
      g_task_return_error (task, locked_error ());
      return;
    }

  cancellable = g_task_get_cancellable (task);
  secret_service_unlock_dbus_paths (load->service, (const char **) locked, cancellable,
                                    on_unlocked, g_steal_pointer (&task));
}

static void
on_service_for_load (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameAccountStore *self = g_task_get_source_object (task);
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  load->service = secret_service_get_finish (result, &error);
  if (load->service == NULL)
    {
      g_debug ("No Secret Service: %s", error->message);
      g_task_return_error (task, store_error_new (error, TRUE));
      return;
    }

  cancellable = g_task_get_cancellable (task);
  find_collection_async (self, load->service, cancellable, on_collection_for_load,
                         g_steal_pointer (&task));
}

static void
on_collection_for_load (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameAccountStore *self = g_task_get_source_object (task);
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  gboolean locked = FALSE;

  if (!find_collection_finish (self, result, &load->collection_path, &locked, &error))
    {
      g_debug ("Listing the collections failed: %s", error->message);
      g_task_return_error (task, store_error_new (error, FALSE));
      return;
    }

  set_collection (self, load->service, load->collection_path);

  /* Sesame's own collection is unlocked only when asked for
   * (sesame_account_store_unlock_async()), never by loading. */
  if (locked)
    {
      set_locked (self, TRUE);
      g_task_return_error (task, collection_locked_error ());
      return;
    }

  /* Only the schema (xdg:schema) to match: every account. */
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  cancellable = g_task_get_cancellable (task);
  secret_service_search_for_dbus_paths (load->service, self->schema, attributes, cancellable,
                                        on_paths_found, g_steal_pointer (&task));
}

/**
 * sesame_account_store_load_async:
 *
 * (Re)reads every account. Items that cannot be read are skipped and
 * listed by sesame_account_store_get_load_problems(); the others load.
 */
void
sesame_account_store_load_async (SesameAccountStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sesame_account_store_load_async);
  load = g_new0 (LoadData, 1);
  load->paths = g_ptr_array_new_with_free_func (g_free);
  load->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  load->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load->bad = g_ptr_array_new_with_free_func (bad_item_free);
  g_task_set_task_data (task, load, load_data_free);

  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable,
                      on_service_for_load, g_steal_pointer (&task));
}

gboolean
sesame_account_store_load_finish (SesameAccountStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Writing ------------------------------------------------------------- */

static GError *
duplicate_error (SesameAccount *existing)
{
  /* Translators: %s is the name of an account, like "GitHub". */
  return g_error_new (SESAME_STORE_ERROR, SESAME_STORE_ERROR_DUPLICATE,
                      _("“%s” is already in Sesame with the same key, issuer and name"),
                      sesame_account_get_display_name (existing));
}

static GError *
not_found_error (void)
{
  return g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_NOT_FOUND,
                              _("This account is no longer in Sesame; reload the list"));
}

static void run_next_write (SesameAccountStore *self);

static void
apply_write (SesameAccountStore *self,
             WriteOp            *op)
{
  const char *uuid = sesame_account_get_uuid (op->account);
  SesameAccount *stored = g_hash_table_lookup (self->by_uuid, uuid);
  guint position;

  switch (op->kind)
    {
    case WRITE_ADD:
      g_ptr_array_add (self->accounts, g_object_ref (op->account));
      index_account (self, op->account, op->fingerprint);
      g_list_model_items_changed (G_LIST_MODEL (self), self->accounts->len - 1, 0, 1);
      break;

    case WRITE_UPDATE:
    case WRITE_ADVANCE:
      if (stored == NULL)
        break;
      unindex_fingerprint (self, uuid);
      index_account (self, stored, op->fingerprint);
      sesame_account_assign (stored, op->to_write);
      break;

    case WRITE_REMOVE:
      unindex_fingerprint (self, uuid);
      g_hash_table_remove (self->by_uuid, uuid);
      if (stored != NULL && g_ptr_array_find (self->accounts, stored, &position))
        {
          g_ptr_array_remove_index (self->accounts, position);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Ends the running write: the model changes only when the keyring said
 * yes. */
static void
finish_write (GTask  *task,
              GError *error)
{
  SesameAccountStore *self = g_task_get_source_object (task);
  WriteOp *op = g_task_get_task_data (task);
  GTask *head = g_queue_pop_head (&self->writes);

  g_assert (head == task);
  self->writing = FALSE;

  if (error == NULL)
    {
      apply_write (self, op);
      g_debug ("Write %d of %s done", op->kind, sesame_account_get_uuid (op->account));
    }
  else if (op->kind == WRITE_ADD && op->fingerprint != NULL)
    {
      /* The reservation made when the add was queued. */
      const char *owner = g_hash_table_lookup (self->fingerprints, op->fingerprint);

      if (g_strcmp0 (owner, sesame_account_get_uuid (op->account)) == 0)
        g_hash_table_remove (self->fingerprints, op->fingerprint);
    }

  if (error != NULL)
    g_task_return_error (task, error);
  else if (op->kind == WRITE_ADVANCE)
    {
      char code[SESAME_OTP_CODE_SIZE];
      SesameAccount *stored = g_hash_table_lookup (self->by_uuid, sesame_account_get_uuid (op->account));

      sesame_account_code_at (stored != NULL ? stored : op->to_write, 0, code);
      g_task_return_pointer (task, g_strdup (code), g_free);
    }
  else
    g_task_return_boolean (task, TRUE);

  if (error == NULL)
    g_signal_emit (self, signals[CHANGED], 0);

  g_object_unref (task);
  run_next_write (self);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_service_store_finish (SECRET_SERVICE (source), result, &error))
    {
      g_debug ("Store failed: %s", error->message);
      finish_write (task, store_error_new (error, FALSE));
      return;
    }

  finish_write (task, NULL);
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  SesameAccountStore *self = g_task_get_source_object (task);
  WriteOp *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = secret_service_create_item_dbus_path_finish (SECRET_SERVICE (source), result, &error);

  if (path == NULL && self->collection_path == NULL &&
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    {
      g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);

      /* No default collection yet: secret_service_store() has one made. */
      g_hash_table_insert (attributes, (gpointer) "uuid", (gpointer) sesame_account_get_uuid (op->account));
      secret_service_store (SECRET_SERVICE (source), self->schema, attributes, SECRET_COLLECTION_DEFAULT,
                            _(SESAME_STORE_ITEM_LABEL), g_object_get_data (G_OBJECT (task), "sesame-value"),
                            g_task_get_cancellable (task), on_stored, task);
      return;
    }

  if (path == NULL)
    {
      g_debug ("CreateItem failed: %s", error->message);
      finish_write (task, store_error_new (error, FALSE));
      return;
    }

  finish_write (task, NULL);
}

/* A new account has a new uuid: a plain CreateItem. secret_service_store()
 * asks for "replace", which makes gnome-keyring search the collection for
 * an item with the same attributes at every add, a cost that grows with the
 * number of items (bench-store-add). */
static void
create_item (SesameAccountStore *self,
             SecretService      *service,
             GTask              *task,
             SecretValue        *value)
{
  WriteOp *op = g_task_get_task_data (task);
  g_autoptr(GHashTable) item_properties = NULL;
  GVariantBuilder attributes;

  g_variant_builder_init (&attributes, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&attributes, "{ss}", "xdg:schema", self->schema->name);
  g_variant_builder_add (&attributes, "{ss}", "uuid", sesame_account_get_uuid (op->account));
  item_properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_variant_unref);
  g_hash_table_insert (item_properties, (gpointer) "org.freedesktop.Secret.Item.Label",
                       g_variant_ref_sink (g_variant_new_string (_(SESAME_STORE_ITEM_LABEL))));
  g_hash_table_insert (item_properties, (gpointer) "org.freedesktop.Secret.Item.Attributes",
                       g_variant_ref_sink (g_variant_builder_end (&attributes)));
  /* Kept for the fallback below. */
  g_object_set_data_full (G_OBJECT (task), "sesame-value", secret_value_ref (value),
                          (GDestroyNotify) secret_value_unref);
  secret_service_create_item_dbus_path (service,
                                        self->collection_path != NULL ? self->collection_path
                                                                      : "/org/freedesktop/secrets/aliases/default",
                                        item_properties, value, SECRET_ITEM_CREATE_NONE,
                                        g_task_get_cancellable (task), on_created, task);
}

static void
on_cleared (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: nothing matched, so it is gone all the same. */
  if (!secret_service_clear_finish (SECRET_SERVICE (source), result, &error) && error != NULL)
    {
      g_debug ("Clear failed: %s", error->message);
      finish_write (task, store_error_new (error, FALSE));
      return;
    }

  finish_write (task, NULL);
}

static GError *
prepare_advance (SesameAccountStore *self,
                 WriteOp            *op)
{
  SesameAccount *stored = sesame_account_store_lookup (self, sesame_account_get_uuid (op->account));

  if (stored == NULL)
    return not_found_error ();
  if (sesame_account_get_counter (stored) == G_MAXUINT64)
    return g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS,
                                _("The counter is at its largest value and cannot advance"));

  g_clear_object (&op->to_write);
  op->to_write = sesame_account_copy (stored);
  sesame_account_set_counter (op->to_write, sesame_account_get_counter (stored) + 1);
  sesame_account_set_last_used (op->to_write, g_get_real_time () / G_USEC_PER_SEC);
  g_free (op->fingerprint);
  op->fingerprint = sesame_account_dup_fingerprint (op->to_write);
  return NULL;
}

static void
on_service_for_write (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GTask *task = user_data;
  SesameAccountStore *self = g_task_get_source_object (task);
  WriteOp *op = g_task_get_task_data (task);
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameSecureStr) json = NULL;

  service = secret_service_get_finish (result, &error);
  if (service == NULL)
    {
      finish_write (task, store_error_new (error, TRUE));
      return;
    }

  /* Nothing is written to a locked collection, and nothing would prompt. */
  if (self->locked)
    {
      finish_write (task, collection_locked_error ());
      return;
    }

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "uuid", (gpointer) sesame_account_get_uuid (op->account));

  if (op->kind == WRITE_REMOVE)
    {
      secret_service_clear (service, self->schema, attributes, g_task_get_cancellable (task),
                            on_cleared, task);
      return;
    }

  if (op->kind == WRITE_ADVANCE && (error = prepare_advance (self, op)) != NULL)
    {
      finish_write (task, g_steal_pointer (&error));
      return;
    }

  /* libsecret keeps the value in its own wiped memory. */
  json = sesame_account_to_json (op->to_write);
  value = secret_value_new (json, -1, "text/plain");
  if (op->kind == WRITE_ADD)
    {
      create_item (self, service, task, value);
      return;
    }
  secret_service_store (service, self->schema, attributes,
                        self->collection_path != NULL ? self->collection_path : SECRET_COLLECTION_DEFAULT,
                        _(SESAME_STORE_ITEM_LABEL), value, g_task_get_cancellable (task),
                        on_stored, task);
}

static void
run_next_write (SesameAccountStore *self)
{
  GTask *task;

  if (self->writing || g_queue_is_empty (&self->writes))
    return;

  task = g_queue_peek_head (&self->writes);
  self->writing = TRUE;

  if (g_task_return_error_if_cancelled (task))
    {
      WriteOp *op = g_task_get_task_data (task);

      /* Already returned; only the bookkeeping is left. */
      g_queue_pop_head (&self->writes);
      self->writing = FALSE;
      if (op->kind == WRITE_ADD && op->fingerprint != NULL)
        g_hash_table_remove (self->fingerprints, op->fingerprint);
      g_object_unref (task);
      run_next_write (self);
      return;
    }

  secret_service_get (SECRET_SERVICE_OPEN_SESSION, g_task_get_cancellable (task),
                      on_service_for_write, task);
}

static void
queue_write (SesameAccountStore  *self,
             WriteKind            kind,
             SesameAccount       *account,
             SesameAccount       *to_write,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  WriteOp *op = g_new0 (WriteOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->kind = kind;
  op->account = g_object_ref (account);
  op->to_write = to_write != NULL ? g_object_ref (to_write) : NULL;
  op->fingerprint = to_write != NULL ? sesame_account_dup_fingerprint (to_write) : NULL;
  g_task_set_task_data (task, op, write_op_free);

  g_queue_push_tail (&self->writes, task);
  run_next_write (self);
}

static void
fail_now (SesameAccountStore  *self,
          gpointer             source_tag,
          GError              *error,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

/**
 * sesame_account_store_add_async:
 * @account: a new account with a key
 *
 * Saves @account in the keyring and appends it to the model once the
 * keyring confirms. An account with the same key, issuer and name as one
 * already stored is refused with %SESAME_STORE_ERROR_DUPLICATE.
 */
void
sesame_account_store_add_async (SesameAccountStore  *self,
                                SesameAccount       *account,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *fingerprint = NULL;
  const char *owner;

  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (account));
  g_return_if_fail (sesame_account_get_secret (account) != NULL);

  fingerprint = sesame_account_dup_fingerprint (account);
  owner = g_hash_table_lookup (self->fingerprints, fingerprint);
  if (owner != NULL || g_hash_table_contains (self->by_uuid, sesame_account_get_uuid (account)))
    {
      SesameAccount *existing = owner != NULL ? g_hash_table_lookup (self->by_uuid, owner) : NULL;

      fail_now (self, sesame_account_store_add_async,
                duplicate_error (existing != NULL ? existing : account), callback, user_data);
      return;
    }

  /* Reserved now, so a second add of the same account queued before the
   * first one completes is refused too. */
  g_hash_table_insert (self->fingerprints, g_strdup (fingerprint),
                       g_strdup (sesame_account_get_uuid (account)));

  queue_write (self, WRITE_ADD, account, account, sesame_account_store_add_async,
               cancellable, callback, user_data);
}

gboolean
sesame_account_store_add_finish (SesameAccountStore  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_add_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sesame_account_store_update_async:
 * @account: the stored account, already edited, or an edited copy of it
 *   (sesame_account_copy()), whose values are then given to the stored one
 */
void
sesame_account_store_update_async (SesameAccountStore  *self,
                                   SesameAccount       *account,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  SesameAccount *duplicate;
  g_autoptr(SesameAccount) snapshot = NULL;

  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (account));

  if (sesame_account_store_lookup (self, sesame_account_get_uuid (account)) == NULL)
    {
      fail_now (self, sesame_account_store_update_async, not_found_error (), callback, user_data);
      return;
    }

  if ((duplicate = sesame_account_store_find_duplicate (self, account)) != NULL)
    {
      fail_now (self, sesame_account_store_update_async, duplicate_error (duplicate), callback, user_data);
      return;
    }

  /* What is written is the account as it is now, whatever edits follow. */
  snapshot = sesame_account_copy (account);
  queue_write (self, WRITE_UPDATE, account, snapshot, sesame_account_store_update_async,
               cancellable, callback, user_data);
}

gboolean
sesame_account_store_update_finish (SesameAccountStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_update_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sesame_account_store_remove_async:
 *
 * Deletes the account's item; the account leaves the model once the
 * keyring confirms.
 */
void
sesame_account_store_remove_async (SesameAccountStore  *self,
                                   SesameAccount       *account,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (account));

  queue_write (self, WRITE_REMOVE, account, NULL, sesame_account_store_remove_async,
               cancellable, callback, user_data);
}

gboolean
sesame_account_store_remove_finish (SesameAccountStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_remove_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sesame_account_store_advance_counter_async:
 *
 * Moves an HOTP account to its next counter. The new counter is written to
 * the keyring first; only then is the new code returned, so a code that was
 * shown is never shown again after a crash.
 */
void
sesame_account_store_advance_counter_async (SesameAccountStore  *self,
                                            SesameAccount       *account,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  SesameAccount *stored;
  g_autoptr(SesameAccount) next = NULL;

  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));
  g_return_if_fail (SESAME_IS_ACCOUNT (account));

  stored = sesame_account_store_lookup (self, sesame_account_get_uuid (account));
  if (stored == NULL)
    {
      fail_now (self, sesame_account_store_advance_counter_async, not_found_error (),
                callback, user_data);
      return;
    }

  if (sesame_account_get_otp_type (stored) != SESAME_OTP_TYPE_HOTP)
    {
      fail_now (self, sesame_account_store_advance_counter_async,
                g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS,
                                     _("Only counter-based (HOTP) accounts have a counter to advance")),
                callback, user_data);
      return;
    }

  /* The counter to write is computed when the write runs (see
   * prepare_advance()), so advances queued back to back each move on by one. */
  next = sesame_account_copy (stored);
  queue_write (self, WRITE_ADVANCE, stored, next, sesame_account_store_advance_counter_async,
               cancellable, callback, user_data);
}

char *
sesame_account_store_advance_counter_finish (SesameAccountStore  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_advance_counter_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The Sesame collection: protect, lock, unlock --------------------- */

typedef struct
{
  SecretService *service;
  gboolean protect;
  char *path;        /* found, or the one to lock or unlock */
  gboolean locked;
  guint n_moved;
} CollectionOp;

static void
collection_op_free (gpointer data)
{
  CollectionOp *op = data;

  g_clear_object (&op->service);
  g_free (op->path);
  g_free (op);
}

static void
find_collection_thread (GTask        *task,
                        gpointer      source,
                        gpointer      data,
                        GCancellable *cancellable)
{
  CollectionOp *op = data;
  GError *error = NULL;

  op->path = sesame_collection_find_sync (op->service, &op->locked, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
find_collection_async (SesameAccountStore  *self,
                       SecretService       *service,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  CollectionOp *op = g_new0 (CollectionOp, 1);

  op->service = g_object_ref (service);
  g_task_set_task_data (task, op, collection_op_free);
  g_task_run_in_thread (task, find_collection_thread);
}

static gboolean
find_collection_finish (SesameAccountStore  *self,
                        GAsyncResult        *result,
                        char               **path,
                        gboolean            *locked,
                        GError             **error)
{
  CollectionOp *op = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  *path = g_steal_pointer (&op->path);
  *locked = op->locked;
  return TRUE;
}

/* Forgets every account, and every secret they held: the keys and the
 * recovery codes are dropped from the accounts themselves, so a row or a
 * dialog that still holds one has nothing left to show. */
static void
wipe (SesameAccountStore *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->accounts->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (self->accounts, i);

      sesame_account_set_secret (account, NULL);
      sesame_account_set_recovery_codes (account, NULL);
    }

  replace_accounts (self, none);
  g_ptr_array_set_size (self->problems, 0);
}

static void
set_locked (SesameAccountStore *self,
            gboolean            locked)
{
  if (locked)
    {
      wipe (self);
      if (self->loaded)
        {
          self->loaded = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
        }
    }

  if (self->locked != locked)
    {
      self->locked = locked;
      g_debug ("The Sesame collection is %s", locked ? "locked" : "unlocked");
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
    }
}

static void
on_locked_property (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SesameAccountStore) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply == NULL)
    return;

  g_variant_get (reply, "(v)", &value);
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean (value))
    set_locked (self, TRUE);
}

/* Someone else locked the collection (sesame-cli lock, Seahorse, another
 * Sesame): what was read from it is forgotten here too. */
static void
on_collection_changed (GDBusConnection *connection,
                       const char      *sender,
                       const char      *object_path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  SesameAccountStore *self = user_data;
  const char *path = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(o)")))
    return;
  g_variant_get (parameters, "(&o)", &path);
  if (self->locked || g_strcmp0 (path, self->collection_path) != 0)
    return;

  g_dbus_connection_call (connection, sender, path, "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", "org.freedesktop.Secret.Collection", "Locked"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_locked_property, g_object_ref (self));
}

static void
set_collection (SesameAccountStore *self,
                SecretService      *service,
                const char         *path)
{
  gboolean was_protected = self->collection_path != NULL;

  if (g_strcmp0 (path, self->collection_path) == 0)
    return;

  g_free (self->collection_path);
  self->collection_path = g_strdup (path);

  if (self->collection_changed_id == 0 && path != NULL)
    {
      /* The bus may already be there for sesame_account_store_follow_keyring(). */
      if (self->bus == NULL)
        self->bus = g_object_ref (g_dbus_proxy_get_connection (G_DBUS_PROXY (service)));
      self->collection_changed_id =
        g_dbus_connection_signal_subscribe (self->bus, g_dbus_proxy_get_name (G_DBUS_PROXY (service)),
                                            "org.freedesktop.Secret.Service", "CollectionChanged",
                                            "/org/freedesktop/secrets", NULL,
                                            G_DBUS_SIGNAL_FLAGS_NONE, on_collection_changed,
                                            self, NULL);
    }

  if (was_protected != (path != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTECTED]);
}

typedef enum
{
  DO_LOCK,
  DO_UNLOCK,
  DO_MOVE,
} CollectionAction;

static void
collection_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  SesameAccountStore *self = source;
  CollectionOp *op = data;
  CollectionAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "action"));
  GError *error = NULL;
  gboolean ok = FALSE;

  switch (action)
    {
    case DO_MOVE:
      ok = sesame_collection_move_sync (op->service, self->schema, op->protect, &op->n_moved,
                                        cancellable, &error);
      break;

    case DO_LOCK:
    case DO_UNLOCK:
      op->path = sesame_collection_find_sync (op->service, &op->locked, cancellable, &error);
      if (op->path == NULL)
        {
          if (error == NULL)
            error = g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_NOT_PROTECTED,
                                         _("Your accounts are in the login keyring, which Sesame does "
                                           "not lock: protect them with a separate password first"));
          break;
        }
      if (action == DO_LOCK)
        ok = sesame_collection_lock_sync (op->service, op->path, cancellable, &error);
      else
        ok = !op->locked || sesame_collection_unlock_sync (op->service, op->path, cancellable, &error);
      break;

    default:
      g_assert_not_reached ();
    }

  if (!ok && error == NULL)
    error = g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS,
                                 _("The keyring stopped answering; nothing more was changed"));
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_reloaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!sesame_account_store_load_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_collection_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  SesameAccountStore *self = SESAME_ACCOUNT_STORE (source);
  g_autoptr(GTask) task = user_data;
  CollectionOp *op = g_task_get_task_data (task);
  CollectionOp *done = g_task_get_task_data (G_TASK (result));
  CollectionAction action = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "action"));
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  op->n_moved = done->n_moved;
  g_free (op->path);
  op->path = g_strdup (done->path);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_debug ("Collection action %d failed: %s", action, error->message);
      g_task_return_error (task, store_error_new (error, FALSE));
      return;
    }

  if (action == DO_LOCK)
    {
      set_collection (self, op->service, op->path);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Unlocked or moved: read everything again, from where it is now. */
  cancellable = g_task_get_cancellable (task);
  sesame_account_store_load_async (self, cancellable, on_reloaded, g_steal_pointer (&task));
}

static void
on_service_for_collection (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SesameAccountStore *self = g_task_get_source_object (task);
  CollectionOp *op = g_task_get_task_data (task);
  g_autoptr(GTask) worker = NULL;
  g_autoptr(GError) error = NULL;
  CollectionOp *work;
  gpointer action;
  GCancellable *cancellable;

  op->service = secret_service_get_finish (result, &error);
  if (op->service == NULL)
    {
      g_task_return_error (task, store_error_new (error, TRUE));
      return;
    }

  work = g_new0 (CollectionOp, 1);
  work->service = g_object_ref (op->service);
  work->protect = op->protect;
  action = g_object_get_data (G_OBJECT (task), "action");
  cancellable = g_task_get_cancellable (task);
  worker = g_task_new (self, cancellable, on_collection_done, g_steal_pointer (&task));
  g_object_set_data (G_OBJECT (worker), "action", action);
  g_task_set_task_data (worker, work, collection_op_free);
  g_task_run_in_thread (worker, collection_thread);
}

static void
start_collection_action (SesameAccountStore  *self,
                         CollectionAction     action,
                         gboolean             protect,
                         gpointer             source_tag,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  CollectionOp *op = g_new0 (CollectionOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->protect = protect;
  g_task_set_task_data (task, op, collection_op_free);
  g_object_set_data (G_OBJECT (task), "action", GINT_TO_POINTER (action));

  secret_service_get (SECRET_SERVICE_OPEN_SESSION, cancellable, on_service_for_collection, task);
}

/**
 * sesame_account_store_lock_async:
 *
 * Forgets every account and every secret read from the keyring at once
 * (#SesameAccountStore:locked becomes %TRUE), then locks the Sesame
 * collection through the Secret Service. Fails with
 * %SESAME_STORE_ERROR_NOT_PROTECTED when the accounts are in the login
 * keyring, which Sesame does not lock; nothing is forgotten then.
 */
void
sesame_account_store_lock_async (SesameAccountStore  *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));

  /* At once, not when the keyring answers: the secrets leave memory
   * before anything else can happen. */
  if (self->collection_path != NULL)
    set_locked (self, TRUE);

  start_collection_action (self, DO_LOCK, FALSE, sesame_account_store_lock_async,
                           cancellable, callback, user_data);
}

gboolean
sesame_account_store_lock_finish (SesameAccountStore  *self,
                                  GAsyncResult        *result,
                                  GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_lock_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sesame_account_store_unlock_async:
 *
 * Unlocks the Sesame collection through the Secret Service (the keyring
 * shows its own password prompt), then loads every account. A cancelled
 * prompt fails with %SESAME_STORE_ERROR_DISMISSED and the store stays
 * locked.
 */
void
sesame_account_store_unlock_async (SesameAccountStore  *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));

  start_collection_action (self, DO_UNLOCK, FALSE, sesame_account_store_unlock_async,
                           cancellable, callback, user_data);
}

gboolean
sesame_account_store_unlock_finish (SesameAccountStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_unlock_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sesame_account_store_protect_async:
 * @protect: %TRUE to move every account into a collection of its own,
 *   labelled “Sesame” (created first; the keyring asks for its new
 *   password itself, Sesame never sees it); %FALSE to move them back into
 *   the login keyring and delete that collection once empty
 *
 * Each account is copied, the copy read back and compared, and only then
 * is the original deleted, so interrupting the move at any point (even
 * with kill -9) leaves every account readable, and listed once. Running it
 * again finishes an interrupted move. Then the accounts are loaded again.
 */
void
sesame_account_store_protect_async (SesameAccountStore  *self,
                                    gboolean             protect,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));

  start_collection_action (self, DO_MOVE, protect, sesame_account_store_protect_async,
                           cancellable, callback, user_data);
}

gboolean
sesame_account_store_protect_finish (SesameAccountStore  *self,
                                     GAsyncResult        *result,
                                     guint               *n_moved,
                                     GError             **error)
{
  CollectionOp *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sesame_account_store_protect_async, FALSE);

  op = g_task_get_task_data (G_TASK (result));
  if (n_moved != NULL)
    *n_moved = op->n_moved;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Following the keyring ----------------------------------------------- */

/* Changes come in bursts (an import adds many items): one refresh after
 * the last of them. */
#define REFRESH_DELAY_MS 250

static void schedule_refresh (SesameAccountStore *self);

static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SesameAccountStore *self = SESAME_ACCOUNT_STORE (source);
  g_autoptr(GError) error = NULL;

  self->refreshing = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("Could not follow a keyring change: %s", error->message);
}

static gboolean
refresh_now (gpointer user_data)
{
  SesameAccountStore *self = user_data;
  g_autoptr(GTask) task = NULL;
  LoadData *load;

  self->refresh_id = 0;

  /* Our own writes change the model themselves; a refresh in their middle
   * could see the keyring between two of them. Look again afterwards. */
  if (self->refreshing || self->writing || !g_queue_is_empty (&self->writes))
    {
      schedule_refresh (self);
      return G_SOURCE_REMOVE;
    }

  self->refreshing = TRUE;
  task = g_task_new (self, NULL, on_refreshed, NULL);
  g_task_set_source_tag (task, sesame_account_store_load_async);
  load = g_new0 (LoadData, 1);
  load->merge = TRUE;
  load->paths = g_ptr_array_new_with_free_func (g_free);
  load->accounts = g_ptr_array_new_with_free_func (g_object_unref);
  load->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  load->bad = g_ptr_array_new_with_free_func (bad_item_free);
  g_task_set_task_data (task, load, load_data_free);

  secret_service_get (SECRET_SERVICE_OPEN_SESSION, NULL, on_service_for_load, g_steal_pointer (&task));
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (SesameAccountStore *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (REFRESH_DELAY_MS, refresh_now, self);
}

static void
on_item_signal (GDBusConnection *connection,
                const char      *sender,
                const char      *path,
                const char      *interface,
                const char      *member,
                GVariant        *parameters,
                gpointer         user_data)
{
  SesameAccountStore *self = user_data;

  /* Before the first load there is nothing to keep up to date; a locked
   * keyring is the window's (and the lock state's) business. */
  if (!self->loaded)
    return;

  g_debug ("Keyring %s on %s: refreshing", member, path);
  schedule_refresh (self);
}

/**
 * sesame_account_store_follow_keyring:
 *
 * From now on the store follows changes made to the keyring by others
 * (sesame-cli, another Sesame, a keyring manager): the Secret Service's
 * ItemCreated, ItemDeleted and ItemChanged signals lead to a refresh that
 * adds, removes and updates only what differs. Our own writes are not
 * read back (their result is already in the model).
 */
void
sesame_account_store_follow_keyring (SesameAccountStore *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SESAME_IS_ACCOUNT_STORE (self));

  if (self->item_signals_id != 0)
    return;

  if (self->bus == NULL)
    self->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (self->bus == NULL)
    {
      g_debug ("Cannot follow the keyring: %s", error->message);
      return;
    }

  /* Every member of the Collection interface: ItemCreated, ItemDeleted
   * and ItemChanged (other members, if any, only cost a refresh). */
  self->item_signals_id =
    g_dbus_connection_signal_subscribe (self->bus, NULL, "org.freedesktop.Secret.Collection",
                                        NULL, NULL, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_item_signal, self, NULL);
}

/* A refresh is due or running (tests wait for the store to settle). */
gboolean
sesame_account_store_get_refreshing (SesameAccountStore *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_STORE (self), FALSE);

  return self->refresh_id != 0 || self->refreshing;
}
