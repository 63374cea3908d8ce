/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-tags"

#include "config.h"

#include <string.h>

#include "sesame-tags.h"

/* The one rule for an account's tags, whoever edits them (the details
 * window, `sesame-cli tag`): white space around a tag does not count, an
 * empty tag is no tag, and two tags that differ only in case are one tag,
 * spelt as it was first given. A line break would split a tag in the CLI's
 * one-per-line output and in a row; it is read as white space. */

/**
 * sesame_tag_equal:
 *
 * Whether @a and @b are the same tag: compared without regard to case
 * (g_utf8_casefold()), as the window's tag filter and `sesame-cli list
 * --tag` compare them.
 */
gboolean
sesame_tag_equal (const char *a,
                  const char *b)
{
  g_autofree char *folded_a = NULL;
  g_autofree char *folded_b = NULL;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  folded_a = g_utf8_casefold (a, -1);
  folded_b = g_utf8_casefold (b, -1);
  return g_str_equal (folded_a, folded_b);
}

/* @tag trimmed, its line breaks and tabs made spaces; NULL when nothing
 * is left. */
static char *
clean_tag (const char *tag)
{
  char *clean = g_strdelimit (g_strdup (tag), "\r\n\t\v\f", ' ');

  g_strstrip (clean);
  if (*clean == '\0')
    g_clear_pointer (&clean, g_free);
  return clean;
}

static gboolean
contains_tag (GPtrArray  *tags,
              const char *tag)
{
  for (guint i = 0; i < tags->len; i++)
    if (sesame_tag_equal (g_ptr_array_index (tags, i), tag))
      return TRUE;
  return FALSE;
}

/* Appends @tag, cleaned, unless it is empty or already in @tags. */
static void
add_tag (GPtrArray  *tags,
         const char *tag)
{
  char *clean = clean_tag (tag);

  if (clean == NULL)
    return;
  if (contains_tag (tags, clean))
    g_free (clean);
  else
    g_ptr_array_add (tags, clean);
}

static GStrv
to_strv (GPtrArray *tags)
{
  g_ptr_array_add (tags, NULL);
  return (GStrv) g_ptr_array_free (tags, FALSE);
}

/**
 * sesame_tags_normalize:
 * @tags: (nullable): tags as given
 *
 * Returns: (transfer full): @tags trimmed, without empty ones and without
 *   repeats (in any case; the first spelling stays), in their order
 */
GStrv
sesame_tags_normalize (const char * const *tags)
{
  return sesame_tags_edit (tags, NULL, NULL);
}

/**
 * sesame_tags_parse:
 * @text: tags as a person types them, separated by commas
 *
 * Returns: (transfer full): the tags of @text, normalized
 *   (sesame_tags_normalize())
 */
GStrv
sesame_tags_parse (const char *text)
{
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  parts = g_strsplit (text, ",", -1);
  return sesame_tags_normalize ((const char * const *) parts);
}

/**
 * sesame_tags_edit:
 * @tags: (nullable): an account's tags
 * @add: (nullable): tags to give it; one it has in another case changes
 *   nothing
 * @remove: (nullable): tags to take away, in any case
 *
 * Returns: (transfer full): the new tags, normalized
 *   (sesame_tags_normalize()): @tags without @remove, then @add
 */
GStrv
sesame_tags_edit (const char * const *tags,
                  const char * const *add,
                  const char * const *remove)
{
  GPtrArray *result = g_ptr_array_new ();

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *clean = clean_tag (tags[i]);
      gboolean removed = FALSE;

      if (clean == NULL)
        continue;
      for (guint j = 0; remove != NULL && remove[j] != NULL && !removed; j++)
        {
          g_autofree char *gone = clean_tag (remove[j]);

          removed = gone != NULL && sesame_tag_equal (clean, gone);
        }
      if (!removed)
        add_tag (result, clean);
    }
  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    add_tag (result, add[i]);

  return to_strv (result);
}
