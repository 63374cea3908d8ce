/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-clock-banner"

#include "config.h"

#include <glib/gi18n.h>

#include "sesame-clock-banner.h"
#include "sesame-clock-banner-private.h"

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

G_DEFINE_FINAL_TYPE (SesameClockBanner, sesame_clock_banner, GTK_TYPE_WIDGET)

static void
update (SesameClockBanner *self)
{
  gboolean synchronized = sesame_clock_get_synchronized (self->clock);
  gboolean automatic = sesame_clock_get_automatic_time (self->clock);

  if (automatic)
    gtk_label_set_text (self->label,
                        _("The clock is not synchronised yet, so codes may be rejected. "
                          "Check the network connection."));
  else
    gtk_label_set_text (self->label,
                        _("The clock is not synchronised, so codes may be rejected. "
                          "Turn on automatic date and time to fix it."));
  gtk_widget_set_visible (GTK_WIDGET (self->button), !automatic);
  gtk_revealer_set_reveal_child (self->revealer, !synchronized);
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

  if (self->clock != NULL)
    g_signal_handlers_disconnect_by_data (self->clock, self);
  g_set_object (&self->clock, clock);
  g_signal_connect_object (clock, "notify::synchronized", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (clock, "notify::automatic-time", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
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
sesame_clock_banner_dispose (GObject *object)
{
  SesameClockBanner *self = SESAME_CLOCK_BANNER (object);

  g_clear_pointer ((GtkWidget **) &self->revealer, gtk_widget_unparent);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (sesame_clock_banner_parent_class)->dispose (object);
}

static void
sesame_clock_banner_class_init (SesameClockBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_clock_banner_dispose;
  widget_class->map = sesame_clock_banner_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "clockbanner");
}

static void
sesame_clock_banner_init (SesameClockBanner *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  /* The text says it; not "GtkImage" to a screen reader. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  self->revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (self->revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_DOWN);
  gtk_widget_set_parent (GTK_WIDGET (self->revealer), GTK_WIDGET (self));

  gtk_widget_add_css_class (box, "banner");
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (self->label), TRUE);
  self->button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("Turn On _Automatic Time")));
  gtk_widget_set_valign (GTK_WIDGET (self->button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (self->button, "clicked", G_CALLBACK (on_turn_on), self);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->button));
  gtk_revealer_set_child (self->revealer, box);

  sesame_clock_banner_set_clock (self, sesame_clock_get_default ());
}

GtkWidget *
sesame_clock_banner_new (void)
{
  return g_object_new (SESAME_TYPE_CLOCK_BANNER, NULL);
}
