/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-a11y"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sesame-a11y.h"

/* What GTK 4.8 and libadwaita 1.2 tell screen readers wrongly, put right
 * in one place for every window:
 * - a button or check button with a mnemonic is announced twice, once with
 *   the underscore ("_Add Add"): it gets its label, without the
 *   underscore, as its accessible label (and again when the label
 *   changes);
 * - the eye icon of a password entry row is announced as "GtkImage": it
 *   gets a name;
 * - libadwaita's decorative icons (an entry row's pencil, an expander or
 *   combo row's arrow, a status page's picture) are announced as
 *   "GtkImage": they are hidden.
 * Widgets are fixed when they are mapped, through an emission hook on
 * GtkWidget::map, so dialogs built later and rows made by list factories
 * are covered too; when a window is mapped, everything in it is fixed,
 * the hidden pages too. */

static GQuark fixed_quark;

char *
sesame_a11y_strip_mnemonic (const char *label)
{
  GString *out;

  if (label == NULL)
    return NULL;

  out = g_string_sized_new (strlen (label));
  for (const char *p = label; *p != '\0'; p++)
    {
      /* "__" is a literal underscore; a single one marks the mnemonic. */
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (out, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
fix_button_label (GtkWidget *widget)
{
  const char *label = NULL;
  gboolean underline = FALSE;
  g_autofree char *plain = NULL;

  if (GTK_IS_BUTTON (widget))
    {
      label = gtk_button_get_label (GTK_BUTTON (widget));
      underline = gtk_button_get_use_underline (GTK_BUTTON (widget));
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      label = gtk_check_button_get_label (GTK_CHECK_BUTTON (widget));
      underline = gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget));
    }

  if (label == NULL || !underline)
    return;

  plain = sesame_a11y_strip_mnemonic (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

static void
fix_peek_icon (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip != NULL ? tooltip : _("Show or Hide the Text"), -1);
}

/* The eye of an AdwPasswordEntryRow: its other images (the edit
 * indicator) are left alone. */
static gboolean
is_peek_icon (GtkImage *image)
{
  const char *icon = gtk_image_get_icon_name (image);

  return icon != NULL &&
         (g_str_has_prefix (icon, "view-reveal") || g_str_has_prefix (icon, "view-conceal")) &&
         gtk_widget_get_ancestor (GTK_WIDGET (image), ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL;
}

/* libadwaita's own icons that GTK 4.8 announces as "GtkImage": an entry
 * row's pencil, an expander or combo row's arrow, a status page's picture.
 * (Not the eye of a password row: that one is a control, named above.) */
static gboolean
is_decoration (GtkWidget *image)
{
  if (is_peek_icon (GTK_IMAGE (image)))
    return FALSE;

  return gtk_widget_get_ancestor (image, ADW_TYPE_ENTRY_ROW) != NULL ||
         gtk_widget_get_ancestor (image, ADW_TYPE_EXPANDER_ROW) != NULL ||
         gtk_widget_get_ancestor (image, ADW_TYPE_COMBO_ROW) != NULL ||
         gtk_widget_get_ancestor (image, ADW_TYPE_STATUS_PAGE) != NULL;
}

static void
fix_widget (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      fix_button_label (widget);
      if (g_object_get_qdata (G_OBJECT (widget), fixed_quark) == NULL)
        {
          g_object_set_qdata (G_OBJECT (widget), fixed_quark, GINT_TO_POINTER (TRUE));
          /* After GTK's own handler, which sets the label anew. */
          g_signal_connect_after (widget, "notify::label", G_CALLBACK (fix_button_label), NULL);
          g_signal_connect_after (widget, "notify::use-underline", G_CALLBACK (fix_button_label), NULL);
        }
    }
  else if (GTK_IS_IMAGE (widget) && is_decoration (widget))
    {
      /* Says nothing its row or page does not: hidden, not "GtkImage". */
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
    }
  else if (GTK_IS_IMAGE (widget) && is_peek_icon (GTK_IMAGE (widget)))
    {
      fix_peek_icon (widget);
      if (g_object_get_qdata (G_OBJECT (widget), fixed_quark) == NULL)
        {
          g_object_set_qdata (G_OBJECT (widget), fixed_quark, GINT_TO_POINTER (TRUE));
          g_signal_connect_after (widget, "notify::tooltip-text", G_CALLBACK (fix_peek_icon), NULL);
        }
    }
}

static void
fix_tree (GtkWidget *widget)
{
  fix_widget (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fix_tree (child);
}

static gboolean
on_map_hook (GSignalInvocationHint *hint,
             guint                  n_param_values,
             const GValue          *param_values,
             gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&param_values[0]);

  /* A window: all it holds, mapped or not. GTK 4.8 puts the buttons of
   * hidden stack pages in the accessibility tree too, marked visible
   * (AT-SPI has no "showing" from it), so a screen reader can land on them
   * before they are ever mapped. */
  if (GTK_IS_ROOT (widget))
    fix_tree (widget);
  else
    fix_widget (widget);

  return TRUE;
}

/**
 * sesame_a11y_init:
 *
 * Installs the fixes; calling it again does nothing.
 */
void
sesame_a11y_init (void)
{
  if (fixed_quark != 0)
    return;

  fixed_quark = g_quark_from_static_string ("sesame-a11y-fixed");
  /* The class must exist for its signals to be looked up; it lives on. */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0, on_map_hook, NULL, NULL);
}
