/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SESAME_TYPE_CHOICE (sesame_choice_get_type ())

G_DECLARE_FINAL_TYPE (SesameChoice, sesame_choice, SESAME, CHOICE, GObject)

const char *sesame_choice_get_label (SesameChoice *self);
int         sesame_choice_get_value (SesameChoice *self);

#define SESAME_TYPE_CHOICE_LIST (sesame_choice_list_get_type ())

G_DECLARE_FINAL_TYPE (SesameChoiceList, sesame_choice_list, SESAME, CHOICE_LIST, GObject)

SesameChoiceList *sesame_choice_list_new          (void);
void              sesame_choice_list_append       (SesameChoiceList *self,
                                                   const char       *label,
                                                   int               value);
guint             sesame_choice_list_get_selected (SesameChoiceList *self);
void              sesame_choice_list_set_selected (SesameChoiceList *self,
                                                   guint             position);
int               sesame_choice_list_get_value    (SesameChoiceList *self);
void              sesame_choice_list_set_value    (SesameChoiceList *self,
                                                   int               value);

G_END_DECLS
