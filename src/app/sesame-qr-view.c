/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-qr-view"

#include "config.h"

#include "sesame-qr-view.h"

/* Draws a QR symbol module by module with the snapshot API: crisp at every
 * scale, always dark on white with the quiet zone (phones read it in dark
 * mode too), and no image of the secret ever exists. */

#define MODULE_PX 5

struct _SesameQrView
{
  GtkWidget parent_instance;

  SesameQrCode *code;
};

G_DEFINE_FINAL_TYPE (SesameQrView, sesame_qr_view, GTK_TYPE_WIDGET)

GtkWidget *
sesame_qr_view_new (void)
{
  return g_object_new (SESAME_TYPE_QR_VIEW, NULL);
}

void
sesame_qr_view_set_code (SesameQrView *self,
                         SesameQrCode *code)
{
  g_return_if_fail (SESAME_IS_QR_VIEW (self));

  g_clear_pointer (&self->code, sesame_qr_code_unref);
  if (code != NULL)
    self->code = sesame_qr_code_ref (code);

  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static guint
total_modules (SesameQrView *self)
{
  return self->code != NULL ? sesame_qr_code_get_size (self->code) + 2 * SESAME_QR_QUIET_ZONE : 0;
}

static void
sesame_qr_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  SesameQrView *self = SESAME_QR_VIEW (widget);

  *minimum = *natural = (int) total_modules (self) * MODULE_PX;
}

static void
sesame_qr_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SesameQrView *self = SESAME_QR_VIEW (widget);
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA black = { 0, 0, 0, 1 };
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  guint total = total_modules (self);
  guint size, x, y;
  float module, origin_x, origin_y;

  if (total == 0)
    return;

  /* Whole pixels per module, so edges stay sharp. */
  module = MAX (1, MIN (width, height) / (int) total);
  origin_x = (width - module * total) / 2.0f;
  origin_y = (height - module * total) / 2.0f;
  size = sesame_qr_code_get_size (self->code);

  gtk_snapshot_append_color (snapshot, &white,
                             &GRAPHENE_RECT_INIT (origin_x, origin_y, module * total, module * total));

  for (y = 0; y < size; y++)
    for (x = 0; x < size; x++)
      if (sesame_qr_code_get_module (self->code, x, y))
        gtk_snapshot_append_color (snapshot, &black,
                                   &GRAPHENE_RECT_INIT (origin_x + (x + SESAME_QR_QUIET_ZONE) * module,
                                                        origin_y + (y + SESAME_QR_QUIET_ZONE) * module,
                                                        module, module));
}

static void
sesame_qr_view_finalize (GObject *object)
{
  SesameQrView *self = SESAME_QR_VIEW (object);

  g_clear_pointer (&self->code, sesame_qr_code_unref);

  G_OBJECT_CLASS (sesame_qr_view_parent_class)->finalize (object);
}

static void
sesame_qr_view_class_init (SesameQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sesame_qr_view_finalize;
  widget_class->measure = sesame_qr_view_measure;
  widget_class->snapshot = sesame_qr_view_snapshot;

  gtk_widget_class_set_css_name (widget_class, "qrview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sesame_qr_view_init (SesameQrView *self)
{
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}
