/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-account-row.h"
#include "sesame-settings.h"
#include "sesame-text.h"
#include "sesame-clock-banner.h"
#include "sesame-closures.h"
#include "sesame-window-private.h"

/* The main window: store -> filter (search) -> sort -> list view. The store
 * is loaded asynchronously; until then, or when the keyring fails, a status
 * page says what is going on — never a blank window. */

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SesameWindow, sesame_window, ADW_TYPE_APPLICATION_WINDOW)

SesameWindow *
sesame_window_new (SesameApplication *application)
{
  return sesame_window_new_with_store (application, sesame_application_get_store (application));
}

static void show_model (SesameWindow *self,
                        GListModel   *model);

SesameWindow *
sesame_window_new_with_store (SesameApplication  *application,
                              SesameAccountStore *store)
{
  return sesame_window_new_with_model (application, store, NULL);
}

/**
 * sesame_window_new_with_model:
 * @store: (nullable): where actions go; %NULL makes one in the keyring
 *   schema of sesame_keyring_schema_name()
 * @model: (nullable): the accounts the list shows, when not the store's
 *   (bench-window lists 10,000 accounts from memory to measure the window
 *   apart from the keyring)
 */
SesameWindow *
sesame_window_new_with_model (SesameApplication  *application,
                              SesameAccountStore *store,
                              GListModel         *model)
{
  SesameWindow *self = g_object_new (SESAME_TYPE_WINDOW,
                                     "application", application,
                                     "store", store,
                                     NULL);

  show_model (self, model != NULL ? model : G_LIST_MODEL (self->store));
  return self;
}

SesameAccountStore *
sesame_window_get_store (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return self->store;
}

SesameClipboard *
sesame_window_get_clipboard (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return sesame_copier_get_clipboard (self->copier);
}

/**
 * sesame_window_get_shown_model:
 *
 * Returns: (transfer none): the accounts as the list shows them: searched
 * and sorted
 */
GListModel *
sesame_window_get_shown_model (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

/* "loading", "empty", "list", "no-results", "locked" or "error" */
const char *
sesame_window_get_state (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
sesame_window_add_toast (SesameWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (SESAME_IS_WINDOW (self));

  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sesame_window_get_last_toast:
 *
 * Returns: (transfer none) (nullable): the toast shown last, while it is
 * alive (tests press its button)
 */
AdwToast *
sesame_window_get_last_toast (SesameWindow *self)
{
  g_return_val_if_fail (SESAME_IS_WINDOW (self), NULL);

  return self->last_toast;
}

/* A toast shows one short line; what does not fit gets a "Details"
 * button that shows all of it, and the toast stays until dismissed. */
#define TOAST_MAX_CHARS 48

static void
on_details_clicked (AdwToast *toast,
                    gpointer  user_data)
{
  GtkWidget *widget = gtk_widget_get_ancestor (GTK_WIDGET (user_data), GTK_TYPE_WINDOW);
  const char *heading = g_object_get_data (G_OBJECT (toast), "sesame-heading");
  const char *body = g_object_get_data (G_OBJECT (toast), "sesame-details");
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (widget), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * _sesame_window_show_details:
 * @title: the toast's short line
 * @details: everything, shown whole when asked
 */
void
_sesame_window_show_details (SesameWindow *self,
                             const char   *title,
                             const char   *details)
{
  AdwToast *toast = adw_toast_new (title);

  g_object_set_data_full (G_OBJECT (toast), "sesame-heading", g_strdup (title), g_free);
  g_object_set_data_full (G_OBJECT (toast), "sesame-details", g_strdup (details), g_free);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_timeout (toast, 0);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_details_clicked), self, 0);
  sesame_window_add_toast (self, toast);
}

void
_sesame_window_show_message (SesameWindow *self,
                             const char   *message)
{
  if (g_utf8_strlen (message, -1) > TOAST_MAX_CHARS)
    _sesame_window_show_details (self, message, message);
  else
    sesame_window_add_toast (self, adw_toast_new (message));
}

/* Start-up with many accounts: GtkListView (GTK 4.8) makes, binds and
 * measures a row for up to 200 items as soon as they are in its model,
 * most of them far below the window, all before its first frame. So until
 * the list has been painted once it gets only the accounts that can be on
 * screen; then a few more at each frame until it has them all, and the
 * slice no longer limits anything. */
#define MIN_ROW_HEIGHT 36
#define GROW_ROWS_PER_FRAME 32

static guint
rows_that_fit (SesameWindow *self,
               int           window_height,
               gboolean      maximized)
{
  GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));
  int tallest = 0;

  for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
    {
      g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
      GdkRectangle geometry;

      gdk_monitor_get_geometry (monitor, &geometry);
      tallest = MAX (tallest, geometry.height);
    }

  if (tallest > 0 && (maximized || window_height <= 0 || window_height > tallest))
    window_height = tallest;
  else if (window_height <= 0)
    window_height = 2160;

  /* And one more at each end, partly shown. */
  return window_height / MIN_ROW_HEIGHT + 2;
}

static gboolean
grow_step (gpointer user_data)
{
  SesameWindow *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->slice_model);

  self->grow_source = 0;
  if (size >= g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)))
    {
      gtk_slice_list_model_set_size (self->slice_model, G_MAXUINT);
      g_clear_signal_handler (&self->grow_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
      return G_SOURCE_REMOVE;
    }

  /* Queues the next frame, after which this runs again. */
  gtk_slice_list_model_set_size (self->slice_model, size + GROW_ROWS_PER_FRAME);
  return G_SOURCE_REMOVE;
}

/* Once the frame is out, not within it. */
static void
on_list_painted (GdkFrameClock *clock,
                 SesameWindow  *self)
{
  if (self->grow_source == 0)
    self->grow_source = g_idle_add (grow_step, self);
}

/* Grows the list after each frame from the next one on, once it is shown. */
static void
grow_list (SesameWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (self->grow_id != 0 || clock == NULL ||
      gtk_slice_list_model_get_size (self->slice_model) == G_MAXUINT ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "list") != 0)
    return;

  self->grow_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (on_list_painted), self, 0);
}

static void
on_unrealize (SesameWindow *self)
{
  g_clear_handle_id (&self->grow_source, g_source_remove);
  g_clear_signal_handler (&self->grow_id, gtk_widget_get_frame_clock (GTK_WIDGET (self)));
}

/* The status pages' large icons are scalable SVGs: loading one maps
 * librsvg (about 6.5 MB resident). GTK loads an image's icon when the
 * window is shown, whether its stack page is on show or not, so each page
 * gets its icon only when it is first shown. */
static void
ensure_page_icon (SesameWindow *self,
                  const char   *page)
{
  static const struct { const char *page; const char *icon; } icons[] = {
    { "empty", "dialog-password-symbolic" },
    { "no-results", "system-search-symbolic" },
    { "locked", "system-lock-screen-symbolic" },
    { "error", "dialog-warning-symbolic" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    if (g_str_equal (page, icons[i].page))
      {
        AdwStatusPage *status = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack, page));

        if (adw_status_page_get_icon_name (status) == NULL)
          adw_status_page_set_icon_name (status, icons[i].icon);
        return;
      }
}

static void
update_state (SesameWindow *self)
{
  const char *page;

  if (self->model == G_LIST_MODEL (self->store) && sesame_account_store_get_locked (self->store))
    page = "locked";
  else if (self->load_error != NULL)
    page = "error";
  else if (self->loading ||
           (self->model == G_LIST_MODEL (self->store) && !sesame_account_store_get_loaded (self->store)))
    page = "loading";
  else if (g_list_model_get_n_items (self->model) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    page = "no-results";
  else
    page = "list";

  /* Out of "loading" at once: a crossfade from the spinner would hold the
   * codes back for its 200 ms, painting both pages at every frame. */
  ensure_page_icon (self, page);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "loading") == 0)
    gtk_stack_set_visible_child_full (self->stack, page, GTK_STACK_TRANSITION_TYPE_NONE);
  else
    gtk_stack_set_visible_child_name (self->stack, page);
  grow_list (self);
}

/* Filtering and sorting */

static gboolean
filter_account (gpointer item,
                gpointer user_data)
{
  SesameWindow *self = user_data;
  SesameAccount *account = item;

  if (self->tag != NULL && !sesame_account_has_tag (account, self->tag))
    return FALSE;
  if (self->query == NULL)
    return TRUE;

  /* Issuer, name or a tag (sesame_account_matches_query()). */
  return sesame_account_matches_query (account, self->query);
}

/* Tags: the menu lists every tag of the accounts (case-insensitively
 * unique, in collation order) and shows only when there is one. */

static void
set_tag (SesameWindow *self,
         const char   *tag)
{
  if (tag != NULL && *tag == '\0')
    tag = NULL;
  if (g_strcmp0 (tag, self->tag) == 0)
    return;

  g_free (self->tag);
  self->tag = g_strdup (tag);
  g_simple_action_set_state (self->tag_action, g_variant_new_string (tag != NULL ? tag : ""));
  gtk_menu_button_set_label (self->tag_button, tag != NULL ? tag : _("All Tags"));
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/**
 * sesame_window_set_tag:
 * @tag: (nullable): show only the accounts with this tag; %NULL for all
 */
void
sesame_window_set_tag (SesameWindow *self,
                       const char   *tag)
{
  g_return_if_fail (SESAME_IS_WINDOW (self));

  set_tag (self, tag);
}

static void
on_tag_activate (GSimpleAction *action,
                 GVariant      *parameter,
                 SesameWindow  *self)
{
  set_tag (self, g_variant_get_string (parameter, NULL));
}

static int
compare_collated (gconstpointer a,
                  gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static void
update_tags (SesameWindow *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = g_menu_new ();
  guint n = g_list_model_get_n_items (self->model);
  gboolean current_found = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SesameAccount) account = g_list_model_get_item (self->model, i);
      const char * const *groups = sesame_account_get_groups (account);

      for (guint j = 0; groups[j] != NULL; j++)
        {
          char *folded = g_utf8_casefold (groups[j], -1);

          if (g_hash_table_contains (seen, folded))
            {
              g_free (folded);
              continue;
            }
          g_hash_table_add (seen, folded);
          g_ptr_array_add (tags, (gpointer) groups[j]);
          if (self->tag != NULL && sesame_account_has_tag (account, self->tag))
            current_found = TRUE;
        }
    }
  g_ptr_array_sort (tags, compare_collated);

  g_menu_append (menu, _("All Tags"), "tags.show::");
  for (guint i = 0; i < tags->len; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (g_ptr_array_index (tags, i), NULL);

      g_menu_item_set_action_and_target_value (item, "tags.show", g_variant_new_string (g_ptr_array_index (tags, i)));
      g_menu_append_item (section, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
  gtk_menu_button_set_menu_model (self->tag_button, G_MENU_MODEL (menu));

  gtk_widget_set_visible (GTK_WIDGET (self->tag_button), tags->len > 0 || self->tag != NULL);
  /* The tag's last account went away: show every account again. */
  if (self->tag != NULL && !current_found)
    set_tag (self, NULL);
}

/* Collation keys are cached on the account, keyed by the text they came
 * from, so sorting 10,000 accounts does not fold 10,000 strings per
 * comparison. */
static const char *
get_sort_key (SesameAccount *account)
{
  static GQuark key_quark, source_quark;
  const char *display = sesame_account_get_display_name (account);
  const char *source;
  char *key;

  if (G_UNLIKELY (key_quark == 0))
    {
      key_quark = g_quark_from_static_string ("sesame-sort-key");
      source_quark = g_quark_from_static_string ("sesame-sort-key-source");
    }

  source = g_object_get_qdata (G_OBJECT (account), source_quark);
  key = g_object_get_qdata (G_OBJECT (account), key_quark);
  if (key == NULL || g_strcmp0 (source, display) != 0)
    {
      g_autofree char *folded = g_utf8_casefold (display, -1);

      key = g_utf8_collate_key (folded, -1);
      g_object_set_qdata_full (G_OBJECT (account), key_quark, key, g_free);
      g_object_set_qdata_full (G_OBJECT (account), source_quark, g_strdup (display), g_free);
    }

  return key;
}

static int
compare_accounts (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  SesameAccount *account_a = (SesameAccount *) a;
  SesameAccount *account_b = (SesameAccount *) b;
  gboolean fav_a = sesame_account_get_favorite (account_a);
  gboolean fav_b = sesame_account_get_favorite (account_b);
  int cmp;

  if (fav_a != fav_b)
    return fav_a ? -1 : 1;

  if (sesame_settings_get_sort_order (sesame_settings_get_default ()) == SESAME_SORT_ORDER_RECENT)
    {
      gint64 used_a = sesame_account_get_last_used (account_a);
      gint64 used_b = sesame_account_get_last_used (account_b);

      if (used_a != used_b)
        return used_a > used_b ? -1 : 1;
    }

  cmp = strcmp (get_sort_key (account_a), get_sort_key (account_b));
  if (cmp != 0)
    return cmp;

  return g_utf8_collate (sesame_account_get_name (account_a), sesame_account_get_name (account_b));
}

void
_sesame_window_resort (SesameWindow *self)
{
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
}

static void on_search_changed (SesameWindow *self);

void
sesame_window_set_search (SesameWindow *self,
                          const char   *text)
{
  g_return_if_fail (SESAME_IS_WINDOW (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* At once, not after the entry's typing delay. */
  on_search_changed (self);
}

static void
on_search_changed (SesameWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(SesameTextQuery) query = sesame_text_query_new (text);
  const char *folded = sesame_text_query_get_folded (query);
  const char *before = self->query != NULL ? sesame_text_query_get_folded (self->query) : "";
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_str_equal (folded, before))
    return;

  /* Typing more only narrows the results: only the shown rows are checked
   * (see sesame_text_query_get_folded()). */
  if (strstr (folded, before) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (before, folded) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_clear_pointer (&self->query, sesame_text_query_free);
  if (!sesame_text_query_is_empty (query))
    self->query = g_steal_pointer (&query);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}


static void
on_list_activate (SesameWindow *self,
                  guint         position)
{
  g_autoptr(SesameAccount) account = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (account != NULL)
    sesame_window_copy_account (self, account);
}

static void
on_search_activate (SesameWindow *self)
{
  g_autoptr(SesameAccount) first = g_list_model_get_item (G_LIST_MODEL (self->sort_model), 0);

  if (first != NULL)
    sesame_window_copy_account (self, first);
}

static void
on_search_stop (SesameWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Loading */

static void
show_load_error (SesameWindow *self)
{
  const char *title = _("Cannot Open the Keyring");
  const char *description = self->load_error->message;

  if (g_error_matches (self->load_error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_NO_SERVICE))
    title = _("No Keyring Found");
  else if (g_error_matches (self->load_error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED))
    title = _("Keyring Locked");

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
}

/* The keyring usually answers at once: a spinner from the first frame
 * would only make the window paint 60 frames a second (in software, on
 * some machines) while the accounts are read, and delay them. */
#define SPINNER_DELAY_MS 500

static gboolean
show_spinner (gpointer user_data)
{
  SesameWindow *self = user_data;

  self->spinner_id = 0;
  gtk_widget_set_visible (self->loading_spinner, TRUE);
  return G_SOURCE_REMOVE;
}

static void
hide_spinner (SesameWindow *self)
{
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  if (self->loading_spinner != NULL)
    gtk_widget_set_visible (self->loading_spinner, FALSE);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  if (!sesame_account_store_load_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      hide_spinner (self);
      self->load_error = g_steal_pointer (&error);
      show_load_error (self);
      update_state (self);
      return;
    }

  self->loading = FALSE;
  hide_spinner (self);
  update_state (self);

  problems = sesame_account_store_get_load_problems (self->store);
  if (problems != NULL && problems->len > 0)
    {
      g_autofree char *message =
        /* Translators: %u is a number of keyring items */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "%u keyring item could not be read and was skipped",
                                      "%u keyring items could not be read and were skipped",
                                      problems->len),
                         problems->len);
      g_autoptr(GString) details = g_string_new (NULL);

      /* Which items, and why: the same as sesame-cli's warnings. */
      for (guint i = 0; i < problems->len; i++)
        {
          const GError *problem = g_ptr_array_index (problems, i);

          g_string_append_printf (details, "%s%s", i > 0 ? "\n\n" : "", problem->message);
        }
      _sesame_window_show_details (self, message, details->str);
    }
}

void
_sesame_window_load (SesameWindow *self)
{
  g_clear_error (&self->load_error);
  self->loading = TRUE;
  hide_spinner (self);
  self->spinner_id = g_timeout_add (SPINNER_DELAY_MS, show_spinner, self);
  update_state (self);
  sesame_account_store_load_async (self->store, self->cancellable, on_loaded, g_object_ref (self));
}

static gboolean
lock_offered (gpointer unused,
              gboolean protected,
              gboolean locked)
{
  return protected && !locked;
}

/* Locked by us, by the lock monitor, or by anyone else: the store is
 * empty already; a code of ours goes off the clipboard too. */
static void
on_locked_changed (SesameWindow *self)
{
  gboolean locked = sesame_account_store_get_locked (self->store);

  /* The header's buttons follow the store in sesame-window.ui. */
  if (locked)
    {
      SesameClipboard *clipboard = sesame_window_get_clipboard (self);

      if (clipboard != NULL && sesame_clipboard_holds_ours (clipboard))
        sesame_clipboard_clear_now (clipboard);
      self->loading = FALSE;
    }
  /* The "locked" error of a load before the unlock is no longer true. */
  if (locked || sesame_account_store_get_loaded (self->store))
    g_clear_error (&self->load_error);
  update_state (self);
}

static void
on_unlocked (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SesameWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->unlocking = FALSE;
  if (!sesame_account_store_unlock_finish (SESAME_ACCOUNT_STORE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (g_error_matches (error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_DISMISSED))
        _sesame_window_show_message (self, _("Still locked: the password prompt was cancelled"));
      else
        _sesame_window_show_message (self, error->message);
    }
  on_locked_changed (self);
}

/* The keyring asks for the password itself, in its own window. */
void
_sesame_window_unlock (SesameWindow *self)
{
  if (self->unlocking)
    return;
  self->unlocking = TRUE;
  sesame_account_store_unlock_async (self->store, self->cancellable, on_unlocked, g_object_ref (self));
}

/**
 * _sesame_window_get_lock_monitor:
 *
 * The application's lock monitor, one per process, there with or without a
 * window; a window over a store of its own (the demo, benchmarks) or with
 * no application has its own.
 *
 * Returns: (transfer none): what locks the window's store
 */
SesameLockMonitor *
_sesame_window_get_lock_monitor (SesameWindow *self)
{
  if (self->lock_monitor == NULL)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (SESAME_IS_APPLICATION (app) && sesame_application_get_store (SESAME_APPLICATION (app)) == self->store)
        self->lock_monitor = g_object_ref (sesame_application_get_lock_monitor (SESAME_APPLICATION (app)));
      else
        self->lock_monitor = sesame_lock_monitor_new (self->store,
                                                      sesame_settings_get_gsettings (sesame_settings_get_default ()));
    }

  return self->lock_monitor;
}

static gboolean
on_any_event (SesameWindow *self)
{
  sesame_lock_monitor_note_input (_sesame_window_get_lock_monitor (self));
  return FALSE;
}

static void
on_auto_backup_failed (SesameWindow *self,
                       GError       *error)
{
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* Translators: %s says why, and what to do */
  title = g_strdup_printf (_("Automatic backup failed: %s"), error->message);
  toast = adw_toast_new (title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("_Preferences"));
  adw_toast_set_action_name (toast, "app.preferences");
  sesame_window_add_toast (self, toast);
}

/* Window */

static void
on_store_changed (SesameWindow *self)
{
  /* An edit may change the issuer, the favorite flag, the last use or the
   * tags (the menu lists them). */
  _sesame_window_resort (self);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_tags (self);
}

/* An account saved while the window says the keyring is locked means the
 * keyring was unlocked (the Add flow's prompt): show the list, not the
 * stale "Keyring Locked". */
static void
on_store_items_changed (SesameWindow *self)
{
  if (self->load_error != NULL && !self->loading &&
      g_error_matches (self->load_error, SESAME_STORE_ERROR, SESAME_STORE_ERROR_LOCKED))
    _sesame_window_load (self);
}

static void
on_application_set (SesameWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!SESAME_IS_APPLICATION (app) || self->app_connected)
    return;

  self->app_connected = TRUE;
  g_signal_connect_object (sesame_application_get_auto_backup (SESAME_APPLICATION (app)), "backup-failed",
                           G_CALLBACK (on_auto_backup_failed), self, G_CONNECT_SWAPPED);
  _sesame_window_get_lock_monitor (self);
}

static gboolean
sesame_window_close_request (GtkWindow *window)
{
  SesameWindow *self = SESAME_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  sesame_settings_set_window_state (sesame_settings_get_default (), width, height,
                                    gtk_window_is_maximized (window));
  g_cancellable_cancel (self->cancellable);

  if (g_settings_get_boolean (sesame_settings_get_gsettings (sesame_settings_get_default ()), "lock-on-close"))
    sesame_lock_monitor_lock (_sesame_window_get_lock_monitor (self), "the window closed");

  return GTK_WINDOW_CLASS (sesame_window_parent_class)->close_request (window);
}

static void
sesame_window_constructed (GObject *object)
{
  SesameWindow *self = SESAME_WINDOW (object);
  g_autoptr(SesameClipboard) clipboard = NULL;

  G_OBJECT_CLASS (sesame_window_parent_class)->constructed (object);

  if (self->store == NULL)
    {
      self->store = sesame_account_store_new (sesame_keyring_schema_name ());
      /* For the .ui's bindings on the store. */
      g_object_notify_by_pspec (object, properties[PROP_STORE]);
    }

  clipboard = sesame_clipboard_new (gtk_widget_get_clipboard (GTK_WIDGET (self)));
  self->copier = sesame_copier_new (self->store, clipboard);

  self->scan_controller = sesame_scan_controller_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (self->scan_controller, "toast", G_CALLBACK (_sesame_window_show_message), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self),
                             GTK_EVENT_CONTROLLER (sesame_scan_controller_create_drop_target (self->scan_controller)));

  /* GtkWindow:application is set after construction. */
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);
  g_signal_connect_object (self->store, "items-changed", G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  /* Accounts added, edited or removed by sesame-cli or another program
   * show up without a reload. */
  sesame_account_store_follow_keyring (self->store);
  g_signal_connect_object (self->store, "notify::locked", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::protected", G_CALLBACK (on_locked_changed), self, G_CONNECT_SWAPPED);

  {
    GtkEventController *input = gtk_event_controller_legacy_new ();

    gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
    g_signal_connect_object (input, "event", G_CALLBACK (on_any_event), self, G_CONNECT_SWAPPED);
    gtk_widget_add_controller (GTK_WIDGET (self), input);
  }
}

/* The second half of construction (sesame_window_new_with_model()), once
 * the list's model is known: a model is not a property, as only the
 * benchmark and the tests give one of their own. */
static void
show_model (SesameWindow *self,
            GListModel   *model)
{
  self->model = g_object_ref (model);
  gtk_filter_list_model_set_model (self->filter_model, self->model);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (update_tags), self, G_CONNECT_SWAPPED);
  update_tags (self);
  on_locked_changed (self);

  if (sesame_account_store_get_loaded (self->store) || self->model != G_LIST_MODEL (self->store))
    update_state (self);
  else
    _sesame_window_load (self);
}

static void
sesame_window_dispose (GObject *object)
{
  SesameWindow *self = SESAME_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  g_clear_handle_id (&self->grow_source, g_source_remove);
  if (self->filter_model != NULL)
    gtk_filter_list_model_set_model (self->filter_model, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_WINDOW);

  g_clear_object (&self->scan_controller);
  g_clear_object (&self->lock_monitor);
  g_clear_object (&self->store);
  g_clear_object (&self->model);
  g_clear_object (&self->copier);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->filter);
  g_clear_object (&self->sorter);
  g_clear_error (&self->load_error);
  g_clear_pointer (&self->query, sesame_text_query_free);
  g_clear_weak_pointer (&self->last_toast);

  G_OBJECT_CLASS (sesame_window_parent_class)->dispose (object);
}

static void
sesame_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SesameWindow *self = SESAME_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SesameWindow *self = SESAME_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_window_class_init (SesameWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sesame_window_constructed;
  object_class->dispose = sesame_window_dispose;
  object_class->get_property = sesame_window_get_property;
  object_class->set_property = sesame_window_set_property;
  window_class->close_request = sesame_window_close_request;

  /**
   * SesameWindow:store:
   *
   * The accounts to show. %NULL at construction makes one in the keyring
   * schema of sesame_keyring_schema_name().
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SESAME_TYPE_ACCOUNT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SESAME_TYPE_ACCOUNT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, tag_button);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, filter_model);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, sort_model);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, slice_model);
  gtk_widget_class_bind_template_child (widget_class, SesameWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  sesame_closures_bind (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, lock_offered);

  _sesame_window_class_actions_init (klass);
  g_type_ensure (SESAME_TYPE_CLOCK_BANNER);
}

static void
sesame_window_init (SesameWindow *self)
{
  SesameSettings *settings = sesame_settings_get_default ();
  GSettings *gsettings = sesame_settings_get_gsettings (settings);
  g_autoptr(GAction) sort_action = NULL;
  int width, height;
  gboolean maximized;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->cancellable = g_cancellable_new ();

  self->filter = gtk_custom_filter_new (filter_account, self, NULL);
  self->sorter = gtk_custom_sorter_new (compare_accounts, self, NULL);
  gtk_filter_list_model_set_filter (self->filter_model, GTK_FILTER (self->filter));
  gtk_sort_list_model_set_sorter (self->sort_model, GTK_SORTER (self->sorter));
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::sort-order", G_CALLBACK (_sesame_window_resort), self, G_CONNECT_SWAPPED);

  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  sort_action = g_settings_create_action (gsettings, "sort-order");
  g_action_map_add_action (G_ACTION_MAP (group), sort_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));

  {
    g_autoptr(GSimpleActionGroup) tags = g_simple_action_group_new ();

    self->tag_action = g_simple_action_new_stateful ("show", G_VARIANT_TYPE_STRING, g_variant_new_string (""));
    g_signal_connect_object (self->tag_action, "activate", G_CALLBACK (on_tag_activate), self, 0);
    g_action_map_add_action (G_ACTION_MAP (tags), G_ACTION (self->tag_action));
    gtk_widget_insert_action_group (GTK_WIDGET (self), "tags", G_ACTION_GROUP (tags));
  }

  sesame_settings_get_window_state (settings, &width, &height, &maximized);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));

  gtk_slice_list_model_set_size (self->slice_model, rows_that_fit (self, height, maximized));
  /* Shown before the window was: grows once it is realized. */
  g_signal_connect (self, "realize", G_CALLBACK (grow_list), NULL);
  g_signal_connect (self, "unrealize", G_CALLBACK (on_unrealize), NULL);
}
