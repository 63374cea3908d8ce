/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-choice-list"

#include "config.h"

#include <gtk/gtk.h>

#include "sesame-choice-list.h"

/* The items of a combo row, each carrying the value it stands for (as GNOME
 * Text Editor's indent model does), so that a position and its value are
 * written down once, in the .ui beside the label:
 *
 *   <object class="SesameChoiceList" id="sort_choices">
 *     <property name="enum-type">SesameSortOrder</property>
 *     <child>
 *       <object class="SesameChoice">
 *         <property name="label" translatable="yes">By Issuer</property>
 *         <property name="nick">issuer</property>
 *       </object>
 *     </child>
 *
 * The list also holds the current choice, as "selected" (bound both ways to
 * the combo row's) and "value" (bound to the setting). */

struct _SesameChoice
{
  GObject parent_instance;

  char *label;
  char *nick;
  int value;
};

enum {
  CHOICE_PROP_0,
  CHOICE_PROP_LABEL,
  CHOICE_PROP_NICK,
  CHOICE_PROP_VALUE,
  CHOICE_N_PROPS
};

static GParamSpec *choice_properties[CHOICE_N_PROPS];

G_DEFINE_FINAL_TYPE (SesameChoice, sesame_choice, G_TYPE_OBJECT)

const char *
sesame_choice_get_label (SesameChoice *self)
{
  g_return_val_if_fail (SESAME_IS_CHOICE (self), NULL);

  return self->label;
}

int
sesame_choice_get_value (SesameChoice *self)
{
  g_return_val_if_fail (SESAME_IS_CHOICE (self), 0);

  return self->value;
}

static void
sesame_choice_finalize (GObject *object)
{
  SesameChoice *self = SESAME_CHOICE (object);

  g_free (self->label);
  g_free (self->nick);

  G_OBJECT_CLASS (sesame_choice_parent_class)->finalize (object);
}

static void
sesame_choice_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SesameChoice *self = SESAME_CHOICE (object);

  switch (prop_id)
    {
    case CHOICE_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case CHOICE_PROP_NICK:
      g_value_set_string (value, self->nick);
      break;

    case CHOICE_PROP_VALUE:
      g_value_set_int (value, self->value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_choice_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SesameChoice *self = SESAME_CHOICE (object);

  switch (prop_id)
    {
    case CHOICE_PROP_LABEL:
      self->label = g_value_dup_string (value);
      break;

    case CHOICE_PROP_NICK:
      self->nick = g_value_dup_string (value);
      break;

    case CHOICE_PROP_VALUE:
      self->value = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_choice_class_init (SesameChoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sesame_choice_finalize;
  object_class->get_property = sesame_choice_get_property;
  object_class->set_property = sesame_choice_set_property;

  /* What the combo row shows (its expression looks this up). */
  choice_properties[CHOICE_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* The value by its enum nick, when the list has an "enum-type". */
  choice_properties[CHOICE_PROP_NICK] =
    g_param_spec_string ("nick", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  choice_properties[CHOICE_PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, CHOICE_N_PROPS, choice_properties);
}

static void
sesame_choice_init (SesameChoice *self)
{
}

struct _SesameChoiceList
{
  GObject parent_instance;

  GPtrArray *choices;
  GType enum_type;
  guint selected;
  int value;
};

enum {
  PROP_0,
  PROP_ENUM_TYPE,
  PROP_SELECTED,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void sesame_choice_list_model_init     (GListModelInterface *iface);
static void sesame_choice_list_buildable_init (GtkBuildableIface   *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SesameChoiceList, sesame_choice_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, sesame_choice_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, sesame_choice_list_buildable_init))

static GType
sesame_choice_list_get_item_type (GListModel *model)
{
  return SESAME_TYPE_CHOICE;
}

static guint
sesame_choice_list_get_n_items (GListModel *model)
{
  return SESAME_CHOICE_LIST (model)->choices->len;
}

static gpointer
sesame_choice_list_get_item (GListModel *model,
                             guint       position)
{
  SesameChoiceList *self = SESAME_CHOICE_LIST (model);

  if (position >= self->choices->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->choices, position));
}

static void
sesame_choice_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = sesame_choice_list_get_item_type;
  iface->get_n_items = sesame_choice_list_get_n_items;
  iface->get_item = sesame_choice_list_get_item;
}

static void
set_value_only (SesameChoiceList *self,
                int               value)
{
  if (self->value == value)
    return;
  self->value = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static void
add_choice (SesameChoiceList *self,
            SesameChoice     *choice)
{
  if (choice->nick != NULL)
    {
      g_autoptr(GEnumClass) enum_class = NULL;
      GEnumValue *enum_value = NULL;

      if (G_TYPE_IS_ENUM (self->enum_type))
        {
          enum_class = g_type_class_ref (self->enum_type);
          enum_value = g_enum_get_value_by_nick (enum_class, choice->nick);
        }
      if (enum_value == NULL)
        g_error ("Choice “%s”: no value “%s” in the list's enum-type %s", choice->label, choice->nick,
                 g_type_name (self->enum_type));
      choice->value = enum_value->value;
    }
  g_ptr_array_add (self->choices, g_object_ref (choice));
  g_list_model_items_changed (G_LIST_MODEL (self), self->choices->len - 1, 0, 1);
  /* Position 0 is selected from the start: its value is the list's. */
  if (self->choices->len == 1)
    set_value_only (self, choice->value);
}

static void
sesame_choice_list_add_child (GtkBuildable *buildable,
                              GtkBuilder   *builder,
                              GObject      *child,
                              const char   *type)
{
  if (!SESAME_IS_CHOICE (child))
    {
      g_critical ("A SesameChoiceList holds SesameChoice objects, not %s", G_OBJECT_TYPE_NAME (child));
      return;
    }
  add_choice (SESAME_CHOICE_LIST (buildable), SESAME_CHOICE (child));
}

static void
sesame_choice_list_buildable_init (GtkBuildableIface *iface)
{
  iface->add_child = sesame_choice_list_add_child;
}

SesameChoiceList *
sesame_choice_list_new (void)
{
  return g_object_new (SESAME_TYPE_CHOICE_LIST, NULL);
}

/**
 * sesame_choice_list_append:
 * @label: what the combo row shows, translated
 * @value: what it stands for
 */
void
sesame_choice_list_append (SesameChoiceList *self,
                           const char       *label,
                           int               value)
{
  g_autoptr(SesameChoice) choice = NULL;

  g_return_if_fail (SESAME_IS_CHOICE_LIST (self));

  choice = g_object_new (SESAME_TYPE_CHOICE, "label", label, "value", value, NULL);
  add_choice (self, choice);
}

static int
value_at (SesameChoiceList *self,
          guint             position)
{
  return SESAME_CHOICE (g_ptr_array_index (self->choices, position))->value;
}

/* A value with no choice of its own (a setting changed by hand) shows as
 * the nearest choice below it, else above it. 0 means "never" or "none":
 * only 0 itself is shown as a 0 choice. */
static guint
position_for (SesameChoiceList *self,
              int               value)
{
  guint below = G_MAXUINT, above = G_MAXUINT;

  for (guint i = 0; i < self->choices->len; i++)
    {
      int choice = value_at (self, i);

      if (choice == value)
        return i;
      if (choice == 0)
        continue;
      if (choice < value && (below == G_MAXUINT || choice > value_at (self, below)))
        below = i;
      if (choice > value && (above == G_MAXUINT || choice < value_at (self, above)))
        above = i;
    }
  if (below != G_MAXUINT)
    return below;
  return above != G_MAXUINT ? above : 0;
}

guint
sesame_choice_list_get_selected (SesameChoiceList *self)
{
  g_return_val_if_fail (SESAME_IS_CHOICE_LIST (self), 0);

  return self->selected;
}

/**
 * sesame_choice_list_set_selected:
 *
 * Chooses the item at @position (the combo row does, through its binding),
 * and with it that item's value. A position past the end (a combo row with
 * no selection) changes nothing.
 */
void
sesame_choice_list_set_selected (SesameChoiceList *self,
                                 guint             position)
{
  g_return_if_fail (SESAME_IS_CHOICE_LIST (self));

  if (position >= self->choices->len)
    return;
  if (self->selected != position)
    {
      self->selected = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
  set_value_only (self, value_at (self, position));
}

int
sesame_choice_list_get_value (SesameChoiceList *self)
{
  g_return_val_if_fail (SESAME_IS_CHOICE_LIST (self), 0);

  return self->value;
}

/**
 * sesame_choice_list_set_value:
 *
 * Selects the choice for @value. The value is kept as given even when no
 * choice has it, so that showing a setting never changes it.
 */
void
sesame_choice_list_set_value (SesameChoiceList *self,
                              int               value)
{
  guint position;

  g_return_if_fail (SESAME_IS_CHOICE_LIST (self));

  set_value_only (self, value);
  if (self->choices->len == 0)
    return;
  position = position_for (self, value);
  if (self->selected != position)
    {
      self->selected = position;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
    }
}

static void
sesame_choice_list_finalize (GObject *object)
{
  SesameChoiceList *self = SESAME_CHOICE_LIST (object);

  g_ptr_array_unref (self->choices);

  G_OBJECT_CLASS (sesame_choice_list_parent_class)->finalize (object);
}

static void
sesame_choice_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SesameChoiceList *self = SESAME_CHOICE_LIST (object);

  switch (prop_id)
    {
    case PROP_ENUM_TYPE:
      g_value_set_gtype (value, self->enum_type);
      break;

    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;

    case PROP_VALUE:
      g_value_set_int (value, self->value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_choice_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SesameChoiceList *self = SESAME_CHOICE_LIST (object);

  switch (prop_id)
    {
    case PROP_ENUM_TYPE:
      self->enum_type = g_value_get_gtype (value);
      break;

    case PROP_SELECTED:
      sesame_choice_list_set_selected (self, g_value_get_uint (value));
      break;

    case PROP_VALUE:
      sesame_choice_list_set_value (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_choice_list_class_init (SesameChoiceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sesame_choice_list_finalize;
  object_class->get_property = sesame_choice_list_get_property;
  object_class->set_property = sesame_choice_list_set_property;

  /* With an enum type, choices give their value by nick. */
  properties[PROP_ENUM_TYPE] =
    g_param_spec_gtype ("enum-type", NULL, NULL,
                        G_TYPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_VALUE] =
    g_param_spec_int ("value", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sesame_choice_list_init (SesameChoiceList *self)
{
  self->choices = g_ptr_array_new_with_free_func (g_object_unref);
}
