/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-store"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sesame-account-store.h"
#include "sesame-collection.h"

#define SECRET_SERVICE_PATH "/org/freedesktop/secrets"
#define SERVICE_IFACE "org.freedesktop.Secret.Service"
#define COLLECTION_IFACE "org.freedesktop.Secret.Collection"
#define ITEM_IFACE "org.freedesktop.Secret.Item"
#define PROPERTIES_IFACE "org.freedesktop.DBus.Properties"

static GVariant *
call_sync (SecretService      *service,
           const char         *path,
           const char         *iface,
           const char         *method,
           GVariant           *args,
           const GVariantType *reply_type,
           GCancellable       *cancellable,
           GError            **error)
{
  GDBusProxy *proxy = G_DBUS_PROXY (service);

  return g_dbus_connection_call_sync (g_dbus_proxy_get_connection (proxy),
                                      g_dbus_proxy_get_name (proxy), path, iface, method,
                                      args, reply_type, G_DBUS_CALL_FLAGS_NONE, -1,
                                      cancellable, error);
}

/* Every property of @path's @iface. */
static GVariant *
get_all_sync (SecretService *service,
              const char    *path,
              const char    *iface,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GVariant) reply = NULL;

  reply = call_sync (service, path, PROPERTIES_IFACE, "GetAll", g_variant_new ("(s)", iface),
                     G_VARIANT_TYPE ("(a{sv})"), cancellable, error);
  if (reply == NULL)
    return NULL;

  return g_variant_get_child_value (reply, 0);
}

static GError *
dismissed_error (void)
{
  return g_error_new_literal (SESAME_STORE_ERROR, SESAME_STORE_ERROR_DISMISSED,
                              _("The password prompt was cancelled; nothing was changed"));
}

/**
 * sesame_collection_find_sync:
 * @locked: (out) (optional): whether it is locked
 *
 * The collection labelled “Sesame”.
 *
 * Returns: (transfer full) (nullable): its D-Bus path; %NULL without an
 *   error when there is none
 */
char *
sesame_collection_find_sync (SecretService  *service,
                             gboolean       *locked,
                             GCancellable   *cancellable,
                             GError        **error)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autofree const char **paths = NULL;

  reply = call_sync (service, SECRET_SERVICE_PATH, PROPERTIES_IFACE, "Get",
                     g_variant_new ("(ss)", SERVICE_IFACE, "Collections"),
                     G_VARIANT_TYPE ("(v)"), cancellable, error);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_OBJECT_PATH_ARRAY))
    return NULL;

  paths = g_variant_get_objv (value, NULL);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GVariant) props = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *label = NULL;
      gboolean is_locked = FALSE;

      /* A collection deleted meanwhile is simply not it. */
      props = get_all_sync (service, paths[i], COLLECTION_IFACE, cancellable, &local_error);
      if (props == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          continue;
        }

      if (!g_variant_lookup (props, "Label", "&s", &label) ||
          g_strcmp0 (label, SESAME_COLLECTION_LABEL) != 0)
        continue;

      g_variant_lookup (props, "Locked", "b", &is_locked);
      if (locked != NULL)
        *locked = is_locked;
      return g_strdup (paths[i]);
    }

  return NULL;
}

/**
 * sesame_collection_create_sync:
 *
 * Creates the collection; the keyring asks for its password itself.
 *
 * Returns: (transfer full) (nullable): its path, or %NULL with
 *   %SESAME_STORE_ERROR_DISMISSED when the prompt was cancelled
 */
char *
sesame_collection_create_sync (SecretService  *service,
                               GCancellable   *cancellable,
                               GError        **error)
{
  g_autoptr(GHashTable) properties = NULL;
  g_autoptr(GError) local_error = NULL;
  char *path;

  properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_variant_unref);
  g_hash_table_insert (properties, (gpointer) COLLECTION_IFACE ".Label",
                       g_variant_ref_sink (g_variant_new_string (SESAME_COLLECTION_LABEL)));

  path = secret_service_create_collection_dbus_path_sync (service, properties, NULL,
                                                          SECRET_COLLECTION_CREATE_NONE,
                                                          cancellable, &local_error);
  if (path != NULL && !g_str_equal (path, "/"))
    return path;

  g_free (path);
  if (local_error != NULL && !g_error_matches (local_error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_propagate_error (error, dismissed_error ());
  return NULL;
}

gboolean
sesame_collection_lock_sync (SecretService  *service,
                             const char     *path,
                             GCancellable   *cancellable,
                             GError        **error)
{
  const char *paths[] = { path, NULL };
  g_auto(GStrv) locked = NULL;

  return secret_service_lock_dbus_paths_sync (service, paths, cancellable, &locked, error) >= 0;
}

/* Unlocks through the keyring's prompt: %SESAME_STORE_ERROR_DISMISSED when
 * it was cancelled. */
gboolean
sesame_collection_unlock_sync (SecretService  *service,
                               const char     *path,
                               GCancellable   *cancellable,
                               GError        **error)
{
  const char *paths[] = { path, NULL };
  g_auto(GStrv) unlocked = NULL;
  int n;

  n = secret_service_unlock_dbus_paths_sync (service, paths, cancellable, &unlocked, error);
  if (n < 0)
    return FALSE;
  if (unlocked == NULL || g_strv_length (unlocked) == 0)
    {
      g_propagate_error (error, dismissed_error ());
      return FALSE;
    }

  return TRUE;
}

/* The move ----------------------------------------------------------- */

typedef struct
{
  char *path;
  char *uuid;             /* the uuid attribute, "" when there is none */
  char *label;
  GVariant *attributes;   /* a{ss}, copied verbatim */
  gboolean in_collection; /* in the Sesame collection */
} Item;

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->path);
  g_free (item->uuid);
  g_free (item->label);
  g_clear_pointer (&item->attributes, g_variant_unref);
  g_free (item);
}

static gboolean
path_in (const char *item_path,
         const char *collection_path)
{
  gsize n = strlen (collection_path);

  return strncmp (item_path, collection_path, n) == 0 && item_path[n] == '/';
}

static char *
default_collection_sync (SecretService  *service,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(GVariant) reply = NULL;
  char *path = NULL;

  reply = call_sync (service, SECRET_SERVICE_PATH, SERVICE_IFACE, "ReadAlias",
                     g_variant_new ("(s)", "default"), G_VARIANT_TYPE ("(o)"), cancellable, error);
  if (reply == NULL)
    return NULL;

  g_variant_get (reply, "(o)", &path);
  if (g_str_equal (path, "/"))
    {
      g_free (path);
      g_set_error_literal (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS,
                           _("The keyring has no default (login) collection to move the accounts "
                             "back to"));
      return NULL;
    }

  return path;
}

/* Every item of @schema, unlocking the ones outside @collection (the login
 * keyring may be locked: this is where its prompt shows). */
static GPtrArray *
list_items (SecretService       *service,
            const SecretSchema  *schema,
            const char          *collection,
            GCancellable        *cancellable,
            GError             **error)
{
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) unlocked = NULL;
  g_auto(GStrv) locked = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (item_free);

  if (!secret_service_search_for_dbus_paths_sync (service, schema, attributes, cancellable,
                                                  &unlocked, &locked, error))
    return NULL;

  for (guint i = 0; unlocked != NULL && unlocked[i] != NULL; i++)
    g_ptr_array_add (paths, unlocked[i]);

  if (locked != NULL && locked[0] != NULL)
    {
      g_auto(GStrv) now_unlocked = NULL;
      int n;

      n = secret_service_unlock_dbus_paths_sync (service, (const char **) locked, cancellable,
                                                 &now_unlocked, error);
      if (n < 0)
        return NULL;
      if ((guint) n < g_strv_length (locked))
        {
          g_set_error_literal (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED,
                               _("The keyring is locked and was not unlocked; nothing was moved"));
          return NULL;
        }
      for (guint i = 0; locked[i] != NULL; i++)
        g_ptr_array_add (paths, locked[i]);
    }

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GVariant) props = NULL;
      Item *item;

      props = get_all_sync (service, path, ITEM_IFACE, cancellable, error);
      if (props == NULL)
        return NULL;

      item = g_new0 (Item, 1);
      item->path = g_strdup (path);
      item->attributes = g_variant_lookup_value (props, "Attributes", G_VARIANT_TYPE ("a{ss}"));
      if (item->attributes == NULL)
        item->attributes = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{ss}"), NULL, 0));
      if (!g_variant_lookup (props, "Label", "s", &item->label))
        item->label = g_strdup (_(SESAME_STORE_ITEM_LABEL));
      if (!g_variant_lookup (item->attributes, "uuid", "s", &item->uuid))
        item->uuid = g_strdup ("");
      item->in_collection = path_in (path, collection);
      g_ptr_array_add (items, item);
    }

  return g_steal_pointer (&items);
}

static SecretValue *
read_secret (SecretService  *service,
             const char     *path,
             GCancellable   *cancellable,
             GError        **error)
{
  const char *paths[] = { path, NULL };
  g_autoptr(GHashTable) secrets = NULL;
  SecretValue *value;

  secrets = secret_service_get_secrets_for_dbus_paths_sync (service, paths, cancellable, error);
  if (secrets == NULL)
    return NULL;

  value = g_hash_table_lookup (secrets, path);
  if (value == NULL)
    {
      g_set_error_literal (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS,
                           _("The keyring returned no secret for an account; nothing more was moved"));
      return NULL;
    }

  return secret_value_ref (value);
}

static gboolean
same_value (SecretValue *a,
            SecretValue *b)
{
  gsize na, nb;
  const char *da = secret_value_get (a, &na);
  const char *db = secret_value_get (b, &nb);

  return na == nb && memcmp (da, db, na) == 0 &&
         g_strcmp0 (secret_value_get_content_type (a), secret_value_get_content_type (b)) == 0;
}

/* Copies @item into @target (replacing an item with the same attributes
 * there), reads the copy back and compares it byte for byte; only then is
 * the original deleted. Killed at any point, the account is readable from
 * at least one of the two items, and the store shows it once. */
static gboolean
move_item (SecretService  *service,
           Item           *item,
           const char     *target,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(SecretValue) copied = NULL;
  g_autoptr(GHashTable) properties = NULL;
  g_autofree char *copy = NULL;

  value = read_secret (service, item->path, cancellable, error);
  if (value == NULL)
    return FALSE;

  properties = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_variant_unref);
  g_hash_table_insert (properties, (gpointer) ITEM_IFACE ".Label",
                       g_variant_ref_sink (g_variant_new_string (item->label)));
  g_hash_table_insert (properties, (gpointer) ITEM_IFACE ".Attributes", g_variant_ref (item->attributes));

  copy = secret_service_create_item_dbus_path_sync (service, target, properties, value,
                                                    SECRET_ITEM_CREATE_REPLACE, cancellable, error);
  if (copy == NULL)
    return FALSE;

  copied = read_secret (service, copy, cancellable, error);
  if (copied == NULL)
    return FALSE;
  if (!same_value (value, copied))
    {
      g_set_error_literal (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DBUS,
                           _("An account read back from its new place differed from the original; "
                             "the original was kept"));
      return FALSE;
    }

  return secret_service_delete_item_dbus_path_sync (service, item->path, cancellable, error);
}

static gboolean
delete_collection_if_empty (SecretService  *service,
                            const char     *path,
                            GCancellable   *cancellable,
                            GError        **error)
{
  g_autoptr(GVariant) props = NULL;
  g_autoptr(GVariant) items = NULL;
  g_autoptr(SecretCollection) collection = NULL;

  props = get_all_sync (service, path, COLLECTION_IFACE, cancellable, error);
  if (props == NULL)
    return FALSE;

  /* Someone else's items are never deleted with it. */
  items = g_variant_lookup_value (props, "Items", G_VARIANT_TYPE_OBJECT_PATH_ARRAY);
  if (items != NULL && g_variant_n_children (items) > 0)
    return TRUE;

  collection = secret_collection_new_for_dbus_path_sync (service, path, SECRET_COLLECTION_NONE,
                                                         cancellable, error);
  if (collection == NULL)
    return FALSE;

  return secret_collection_delete_sync (collection, cancellable, error);
}

/**
 * sesame_collection_move_sync:
 * @protect: %TRUE: from anywhere into the Sesame collection (created with
 *   the keyring's prompt when there is none); %FALSE: from it into the
 *   default collection, then the Sesame collection is deleted when empty
 * @n_moved: (out) (optional): the number of items moved
 *
 * When the same account is in both places (a move that was interrupted),
 * the copy in the Sesame collection is the one kept: it is the one the
 * store reads and writes.
 */
gboolean
sesame_collection_move_sync (SecretService       *service,
                             const SecretSchema  *schema,
                             gboolean             protect,
                             guint               *n_moved,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autofree char *collection = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) in_collection = NULL;
  gboolean locked = FALSE;
  guint moved = 0;

  if (n_moved != NULL)
    *n_moved = 0;

  collection = sesame_collection_find_sync (service, &locked, cancellable, error);
  if (collection == NULL)
    {
      if (error != NULL && *error != NULL)
        return FALSE;
      if (!protect)
        return TRUE;  /* nothing to move back */

      collection = sesame_collection_create_sync (service, cancellable, error);
      if (collection == NULL)
        return FALSE;
      locked = FALSE;
    }

  if (locked && !sesame_collection_unlock_sync (service, collection, cancellable, error))
    return FALSE;

  if (protect)
    target = g_strdup (collection);
  else if ((target = default_collection_sync (service, cancellable, error)) == NULL)
    return FALSE;

  items = list_items (service, schema, collection, cancellable, error);
  if (items == NULL)
    return FALSE;

  in_collection = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (item->in_collection && *item->uuid != '\0')
        g_hash_table_add (in_collection, item->uuid);
    }

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (protect)
        {
          if (item->in_collection)
            continue;

          /* Already copied before an interruption: the copy is kept, the
           * left-over original goes. */
          if (g_hash_table_contains (in_collection, item->uuid))
            {
              if (!secret_service_delete_item_dbus_path_sync (service, item->path, cancellable, error))
                return FALSE;
              continue;
            }
        }
      else if (!item->in_collection)
        continue;

      if (!move_item (service, item, target, cancellable, error))
        return FALSE;
      if (protect && *item->uuid != '\0')
        g_hash_table_add (in_collection, item->uuid);
      moved++;
      if (n_moved != NULL)
        *n_moved = moved;
    }

  if (!protect)
    return delete_collection_if_empty (service, collection, cancellable, error);

  return TRUE;
}
