/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-clock-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-clock-banner.h"
#include "sesame-clock-banner-private.h"
#include "sesame-closures.h"

/* A strip at the top of the window while the system clock is not
 * synchronised: codes computed from a wrong clock are rejected, and the
 * user can only tell from the banner. Offers to turn on automatic time
 * when it is off. Follows the process's clock (or the one set). */

struct _SesameClockBanner
{
  GtkWidget parent_instance;

  SesameClock *clock;
  GtkRevealer *revealer;
  GtkLabel *label;
  GtkButton *button;
};

enum {
  PROP_0,
  PROP_CLOCK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SesameClockBanner, sesame_clock_banner, GTK_TYPE_WIDGET)

/* What is shown follows the clock's "synchronized" and "automatic-time"
 * in sesame-clock-banner.ui; the words are here. */
static char *
message (gpointer unused,
         gboolean automatic)
{
  if (automatic)
    return g_strdup (_("The clock is not synchronised yet, so codes may be rejected. "
                       "Check the network connection."));
  return g_strdup (_("The clock is not synchronised, so codes may be rejected. "
                     "Turn on automatic date and time to fix it."));
}

static void
on_turn_on (SesameClockBanner *self)
{
  sesame_clock_enable_automatic_time (self->clock);
}

/* timedated does not announce every change: ask again when shown. */
static void
sesame_clock_banner_map (GtkWidget *widget)
{
  SesameClockBanner *self = SESAME_CLOCK_BANNER (widget);

  GTK_WIDGET_CLASS (sesame_clock_banner_parent_class)->map (widget);
  sesame_clock_refresh_sync_state (self->clock);
}

void
sesame_clock_banner_set_clock (SesameClockBanner *self,
                               SesameClock       *clock)
{
  g_return_if_fail (SESAME_IS_CLOCK_BANNER (self));
  g_return_if_fail (SESAME_IS_CLOCK (clock));

  if (g_set_object (&self->clock, clock))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOCK]);
}

gboolean
sesame_clock_banner_get_shown (SesameClockBanner *self)
{
  g_return_val_if_fail (SESAME_IS_CLOCK_BANNER (self), FALSE);

  return gtk_revealer_get_reveal_child (self->revealer);
}

const char *
sesame_clock_banner_get_message (SesameClockBanner *self)
{
  g_return_val_if_fail (SESAME_IS_CLOCK_BANNER (self), NULL);

  return gtk_label_get_text (self->label);
}

/**
 * sesame_clock_banner_get_button:
 *
 * Returns: (transfer none): the "Turn On Automatic Time" button
 */
GtkButton *
sesame_clock_banner_get_button (SesameClockBanner *self)
{
  g_return_val_if_fail (SESAME_IS_CLOCK_BANNER (self), NULL);

  return self->button;
}

static void
sesame_clock_banner_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SesameClockBanner *self = SESAME_CLOCK_BANNER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_clock_banner_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SesameClockBanner *self = SESAME_CLOCK_BANNER (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      sesame_clock_banner_set_clock (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_clock_banner_dispose (GObject *object)
{
  SesameClockBanner *self = SESAME_CLOCK_BANNER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_CLOCK_BANNER);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (sesame_clock_banner_parent_class)->dispose (object);
}

static void
sesame_clock_banner_class_init (SesameClockBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_clock_banner_dispose;
  object_class->get_property = sesame_clock_banner_get_property;
  object_class->set_property = sesame_clock_banner_set_property;
  widget_class->map = sesame_clock_banner_map;

  /* The clock it follows: the process's one unless set. */
  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL,
                         SESAME_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SESAME_TYPE_CLOCK);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clockbanner");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-clock-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameClockBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, SesameClockBanner, label);
  gtk_widget_class_bind_template_child (widget_class, SesameClockBanner, button);
  gtk_widget_class_bind_template_callback (widget_class, message);
  sesame_closures_bind (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_turn_on);
}

static void
sesame_clock_banner_init (SesameClockBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sesame_clock_banner_set_clock (self, sesame_clock_get_default ());
}

GtkWidget *
sesame_clock_banner_new (void)
{
  return g_object_new (SESAME_TYPE_CLOCK_BANNER, NULL);
}
