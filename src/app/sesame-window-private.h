/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the window's files share (as GNOME Text Editor's
 * editor-window-private.h): the instance struct, and the few functions
 * sesame-window-actions.c calls back into sesame-window.c. Also what only
 * the tests call, kept out of the public sesame-window.h. */

#include "sesame-copier.h"
#include "sesame-lock-monitor.h"
#include "sesame-scan-controller.h"
#include "sesame-text.h"
#include "sesame-window.h"

G_BEGIN_DECLS

struct _SesameWindow
{
  AdwApplicationWindow parent_instance;

  SesameAccountStore *store;
  GListModel *model;      /* what the list shows: the store, unless given */
  SesameCopier *copier;
  SesameScanController *scan_controller;
  GCancellable *cancellable;
  AdwToast *last_toast;   /* weak */
  GError *load_error;
  gboolean loading;
  guint spinner_id;  /* shows the loading spinner if the keyring is slow */
  SesameTextQuery *query;   /* NULL: no search */
  char *tag;              /* the tag the list is filtered by, or NULL */
  GSimpleAction *tag_action;

  GtkCustomFilter *filter;
  GtkCustomSorter *sorter;

  AdwToastOverlay *toast_overlay;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *stack;
  GtkWidget *loading_spinner;
  GtkListView *list_view;
  GtkFilterListModel *filter_model;
  GtkSortListModel *sort_model;
  GtkSliceListModel *slice_model; /* the list view's rows: few until shown once */
  gulong grow_id;         /* the frame clock's after-paint, while growing */
  guint grow_source;      /* the next step, once a frame is out */
  AdwStatusPage *error_page;
  SesameLockMonitor *lock_monitor;  /* _sesame_window_get_lock_monitor() */
  gboolean app_connected;
  gboolean unlocking;
  GtkMenuButton *tag_button;
};

void _sesame_window_class_actions_init (SesameWindowClass *klass);
void _sesame_window_show_details       (SesameWindow      *self,
                                        const char        *title,
                                        const char        *details);
void _sesame_window_show_message       (SesameWindow      *self,
                                        const char        *message);
void _sesame_window_resort             (SesameWindow      *self);
void _sesame_window_load               (SesameWindow      *self);
void _sesame_window_unlock             (SesameWindow      *self);
SesameLockMonitor *_sesame_window_get_lock_monitor (SesameWindow *self);

/* What only sesame-window.c and the tests call: out of the public header,
 * so that the rest of the app does not come to rely on it. */
SesameWindow       *sesame_window_new_with_store  (SesameApplication  *application,
                                                   SesameAccountStore *store);
SesameWindow       *sesame_window_new_with_model  (SesameApplication  *application,
                                                   SesameAccountStore *store,
                                                   GListModel         *model);
SesameAccountStore *sesame_window_get_store       (SesameWindow      *self);
SesameClipboard    *sesame_window_get_clipboard   (SesameWindow      *self);
GListModel         *sesame_window_get_shown_model (SesameWindow      *self);
const char         *sesame_window_get_state       (SesameWindow      *self);
AdwToast           *sesame_window_get_last_toast  (SesameWindow      *self);
void                sesame_window_set_search      (SesameWindow      *self,
                                                   const char        *text);
void                sesame_window_set_tag         (SesameWindow      *self,
                                                   const char        *tag);

G_END_DECLS
