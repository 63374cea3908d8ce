/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-settings"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-settings.h"
#include "sesame-settings-private.h"

/* The application's preferences as properties, each bound to its GSettings
 * key (as GNOME Console's KgxSettings does): widgets bind to these, and tests
 * change them through the memory backend. */

struct _SesameSettings
{
  GObject parent_instance;

  GSettings *settings;

  guint clipboard_clear_delay;
  gboolean show_next_code;
  gboolean hide_codes;
  SesameSortOrder sort_order;
};

enum {
  PROP_0,
  PROP_CLIPBOARD_CLEAR_DELAY,
  PROP_SHOW_NEXT_CODE,
  PROP_HIDE_CODES,
  PROP_SORT_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_ENUM_TYPE (SesameSortOrder, sesame_sort_order,
                    G_DEFINE_ENUM_VALUE (SESAME_SORT_ORDER_ISSUER, "issuer"),
                    G_DEFINE_ENUM_VALUE (SESAME_SORT_ORDER_RECENT, "recent"))

G_DEFINE_FINAL_TYPE (SesameSettings, sesame_settings, G_TYPE_OBJECT)

SesameSettings *
sesame_settings_new (void)
{
  return g_object_new (SESAME_TYPE_SETTINGS, NULL);
}

/**
 * sesame_settings_get_default:
 *
 * Returns: (transfer none): the settings shared by the whole process (rows
 * created by list factories have no other way to reach them)
 */
SesameSettings *
sesame_settings_get_default (void)
{
  static SesameSettings *settings;

  if (g_once_init_enter (&settings))
    g_once_init_leave (&settings, sesame_settings_new ());

  return settings;
}

/**
 * sesame_settings_get_gsettings:
 *
 * Returns: (transfer none): the underlying settings, for keys that are
 * bound straight to a widget (window size) or turned into actions
 */
GSettings *
sesame_settings_get_gsettings (SesameSettings *self)
{
  g_return_val_if_fail (SESAME_IS_SETTINGS (self), NULL);

  return self->settings;
}

guint
sesame_settings_get_clipboard_clear_delay (SesameSettings *self)
{
  g_return_val_if_fail (SESAME_IS_SETTINGS (self), 0);

  return self->clipboard_clear_delay;
}

void
sesame_settings_set_clipboard_clear_delay (SesameSettings *self,
                                           guint           seconds)
{
  g_return_if_fail (SESAME_IS_SETTINGS (self));

  if (self->clipboard_clear_delay == seconds)
    return;

  self->clipboard_clear_delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIPBOARD_CLEAR_DELAY]);
}

gboolean
sesame_settings_get_show_next_code (SesameSettings *self)
{
  g_return_val_if_fail (SESAME_IS_SETTINGS (self), FALSE);

  return self->show_next_code;
}

void
sesame_settings_set_show_next_code (SesameSettings *self,
                                    gboolean        show)
{
  g_return_if_fail (SESAME_IS_SETTINGS (self));

  show = !!show;
  if (self->show_next_code == show)
    return;

  self->show_next_code = show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_NEXT_CODE]);
}

gboolean
sesame_settings_get_hide_codes (SesameSettings *self)
{
  g_return_val_if_fail (SESAME_IS_SETTINGS (self), FALSE);

  return self->hide_codes;
}

void
sesame_settings_set_hide_codes (SesameSettings *self,
                                gboolean        hide)
{
  g_return_if_fail (SESAME_IS_SETTINGS (self));

  hide = !!hide;
  if (self->hide_codes == hide)
    return;

  self->hide_codes = hide;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDE_CODES]);
}

SesameSortOrder
sesame_settings_get_sort_order (SesameSettings *self)
{
  g_return_val_if_fail (SESAME_IS_SETTINGS (self), SESAME_SORT_ORDER_ISSUER);

  return self->sort_order;
}

void
sesame_settings_set_sort_order (SesameSettings  *self,
                                SesameSortOrder  order)
{
  g_return_if_fail (SESAME_IS_SETTINGS (self));

  if (self->sort_order == order)
    return;

  self->sort_order = order;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_ORDER]);
}

static void
sesame_settings_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SesameSettings *self = SESAME_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_CLIPBOARD_CLEAR_DELAY:
      g_value_set_uint (value, self->clipboard_clear_delay);
      break;

    case PROP_SHOW_NEXT_CODE:
      g_value_set_boolean (value, self->show_next_code);
      break;

    case PROP_HIDE_CODES:
      g_value_set_boolean (value, self->hide_codes);
      break;

    case PROP_SORT_ORDER:
      g_value_set_enum (value, self->sort_order);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_settings_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SesameSettings *self = SESAME_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_CLIPBOARD_CLEAR_DELAY:
      sesame_settings_set_clipboard_clear_delay (self, g_value_get_uint (value));
      break;

    case PROP_SHOW_NEXT_CODE:
      sesame_settings_set_show_next_code (self, g_value_get_boolean (value));
      break;

    case PROP_HIDE_CODES:
      sesame_settings_set_hide_codes (self, g_value_get_boolean (value));
      break;

    case PROP_SORT_ORDER:
      sesame_settings_set_sort_order (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_settings_dispose (GObject *object)
{
  SesameSettings *self = SESAME_SETTINGS (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sesame_settings_parent_class)->dispose (object);
}

static void
sesame_settings_class_init (SesameSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sesame_settings_dispose;
  object_class->get_property = sesame_settings_get_property;
  object_class->set_property = sesame_settings_set_property;

  properties[PROP_CLIPBOARD_CLEAR_DELAY] =
    g_param_spec_uint ("clipboard-clear-delay", NULL, NULL,
                       0, 3600, 30,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SHOW_NEXT_CODE] =
    g_param_spec_boolean ("show-next-code", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_HIDE_CODES] =
    g_param_spec_boolean ("hide-codes", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SORT_ORDER] =
    g_param_spec_enum ("sort-order", NULL, NULL,
                       SESAME_TYPE_SORT_ORDER, SESAME_SORT_ORDER_ISSUER,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sesame_settings_init (SesameSettings *self)
{
  self->clipboard_clear_delay = 30;
  self->settings = g_settings_new (APP_ID);

  g_settings_bind (self->settings, "clipboard-clear-delay", self, "clipboard-clear-delay", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-next-code", self, "show-next-code", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "hide-codes", self, "hide-codes", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sort-order", self, "sort-order", G_SETTINGS_BIND_DEFAULT);
}

/**
 * sesame_settings_get_window_state:
 *
 * The main window's size and whether it was maximized, as it was last closed.
 */
void
sesame_settings_get_window_state (SesameSettings *self,
                                  int            *width,
                                  int            *height,
                                  gboolean       *maximized)
{
  g_return_if_fail (SESAME_IS_SETTINGS (self));

  *width = g_settings_get_int (self->settings, "window-width");
  *height = g_settings_get_int (self->settings, "window-height");
  *maximized = g_settings_get_boolean (self->settings, "window-maximized");
}

/**
 * sesame_settings_set_window_state:
 *
 * Records the window's state on close. A maximized window keeps the size it
 * had before, so that unmaximizing next time restores it.
 */
void
sesame_settings_set_window_state (SesameSettings *self,
                                  int             width,
                                  int             height,
                                  gboolean        maximized)
{
  g_return_if_fail (SESAME_IS_SETTINGS (self));

  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (maximized)
    return;
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
}
