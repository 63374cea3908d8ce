/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sesame-closures.h"

/* <closure type="gboolean" function="invert_boolean">: not the value. */
static gboolean
invert_boolean (gpointer unused,
                gboolean value)
{
  return !value;
}

/* <closure type="gboolean" function="has_text">: a label with something
 * to say (an error line is shown exactly when it has words). */
static gboolean
has_text (gpointer    unused,
          const char *text)
{
  return text != NULL && *text != '\0';
}

/**
 * sesame_closures_bind:
 * @widget_class: a class with a template
 *
 * Makes the shared closures above callable from @widget_class's template,
 * under their own names. Call after setting the template.
 */
void
sesame_closures_bind (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, invert_boolean);
  gtk_widget_class_bind_template_callback (widget_class, has_text);
}
