/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-countdown"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-countdown.h"
#include "sesame-countdown-private.h"

/* A small pie that empties as a code's period runs out; it turns to the
 * warning colour in the last seconds. Drawn in snapshot and redrawn only
 * when the shared clock ticks, never animated on its own. */

#define SIZE 18
#define WARNING_SECONDS 5

struct _SesameCountdown
{
  GtkWidget parent_instance;

  guint remaining;
  guint period;
};

G_DEFINE_FINAL_TYPE (SesameCountdown, sesame_countdown, GTK_TYPE_WIDGET)

GtkWidget *
sesame_countdown_new (void)
{
  return g_object_new (SESAME_TYPE_COUNTDOWN, NULL);
}

guint
sesame_countdown_get_remaining (SesameCountdown *self)
{
  g_return_val_if_fail (SESAME_IS_COUNTDOWN (self), 0);

  return self->remaining;
}

/**
 * sesame_countdown_set_time:
 * @remaining: seconds left in the period, from 1 to @period
 */
void
sesame_countdown_set_time (SesameCountdown *self,
                           guint            remaining,
                           guint            period)
{
  g_return_if_fail (SESAME_IS_COUNTDOWN (self));

  if (self->remaining == remaining && self->period == period)
    return;

  self->remaining = remaining;
  self->period = MAX (period, 1);

  if (remaining <= WARNING_SECONDS)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");

  /* No accessible property and no tooltip text is set here: either would
   * be announced every second for every visible row. The row tells the
   * time left when it gets the focus; the tooltip is made when asked. */
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
sesame_countdown_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard_tooltip,
                                GtkTooltip *tooltip)
{
  SesameCountdown *self = SESAME_COUNTDOWN (widget);
  g_autofree char *label = NULL;

  if (self->period == 0)
    return FALSE;

  /* Translators: the time left before a code changes; %u is a number of seconds */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second left", "%u seconds left", self->remaining),
                           self->remaining);
  gtk_tooltip_set_text (tooltip, label);
  return TRUE;
}

static void
sesame_countdown_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = *natural = SIZE;
}

/* A conic gradient with hard stops, clipped to a circle: drawn by the
 * renderer itself. A cairo node would be a new texture to upload every
 * second for each row. */
static void
sesame_countdown_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SesameCountdown *self = SESAME_COUNTDOWN (widget);
  float width = gtk_widget_get_width (widget);
  float height = gtk_widget_get_height (widget);
  float size = MIN (width, height);
  graphene_rect_t disc = GRAPHENE_RECT_INIT ((width - size) / 2, (height - size) / 2, size, size);
  GskRoundedRect circle;
  GskColorStop stops[4];
  float fraction;
  GdkRGBA color;
  GdkRGBA faint;

  if (self->period == 0)
    return;

  fraction = CLAMP ((float) self->remaining / self->period, 0.0f, 1.0f);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  faint = color;
  faint.alpha *= self->remaining <= WARNING_SECONDS ? 0.35f : 0.15f;

  /* The time left, clockwise from the top, over a faint full disc. */
  stops[0] = (GskColorStop) { 0.0f, color };
  stops[1] = (GskColorStop) { fraction, color };
  stops[2] = (GskColorStop) { fraction, faint };
  stops[3] = (GskColorStop) { 1.0f, faint };

  gsk_rounded_rect_init_from_rect (&circle, &disc, size / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &circle);
  gtk_snapshot_append_conic_gradient (snapshot, &disc,
                                      &GRAPHENE_POINT_INIT (disc.origin.x + size / 2, disc.origin.y + size / 2),
                                      0, stops, G_N_ELEMENTS (stops));
  gtk_snapshot_pop (snapshot);

  /* In the last seconds the faint part is stronger and the disc ringed, so
   * the small slice left still reads as "hurry", not as an empty disc. */
  if (self->remaining <= WARNING_SECONDS)
    {
      const float widths[4] = { 1.5f, 1.5f, 1.5f, 1.5f };
      const GdkRGBA colors[4] = { color, color, color, color };

      gtk_snapshot_append_border (snapshot, &circle, widths, colors);
    }
}

static void
sesame_countdown_class_init (SesameCountdownClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = sesame_countdown_measure;
  widget_class->snapshot = sesame_countdown_snapshot;
  widget_class->query_tooltip = sesame_countdown_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "countdown");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
sesame_countdown_init (SesameCountdown *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Time left before the code changes"), -1);
}
