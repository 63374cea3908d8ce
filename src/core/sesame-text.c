/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-text"

#include "config.h"

#include <string.h>

#include "sesame-text.h"

/**
 * sesame_text_fold_for_search:
 *
 * Folds @text so that searching ignores case and accents: decomposes it
 * (NFKD), drops the combining marks and case-folds what is left, so "Café",
 * "CAFE" and "café" all become "cafe".
 *
 * Returns: (transfer full): the folded text
 */
char *
sesame_text_fold_for_search (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autoptr(GString) stripped = NULL;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  if (decomposed == NULL)  /* not valid UTF-8 */
    return g_strdup ("");

  stripped = g_string_sized_new (strlen (decomposed));
  for (p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type != G_UNICODE_NON_SPACING_MARK &&
          type != G_UNICODE_SPACING_MARK &&
          type != G_UNICODE_ENCLOSING_MARK)
        g_string_append_unichar (stripped, c);
    }

  return g_utf8_casefold (stripped->str, -1);
}

/**
 * sesame_text_matches_folded:
 * @folded_needle: a search term already passed through
 *   sesame_text_fold_for_search()
 *
 * Returns: whether @haystack contains the needle, ignoring case and accents
 */
gboolean
sesame_text_matches_folded (const char *haystack,
                            const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (folded_needle == NULL || *folded_needle == '\0')
    return TRUE;

  folded = sesame_text_fold_for_search (haystack);
  return strstr (folded, folded_needle) != NULL;
}

/**
 * sesame_text_group_code:
 *
 * Splits a code into groups that are easy to read aloud and type:
 * "123 456", "1234 5678", "123 4567", "12 345", "123 456 7890". Steam codes
 * are letters and stay as they are.
 *
 * Returns: (transfer full): the grouped code
 */
char *
sesame_text_group_code (const char    *code,
                        SesameOtpType  type)
{
  g_autoptr(GString) grouped = NULL;
  gsize len, i, first;

  g_return_val_if_fail (code != NULL, NULL);

  len = strlen (code);
  if (type == SESAME_OTP_TYPE_STEAM || len < 5)
    return g_strdup (code);

  grouped = g_string_sized_new (len + len / 3);

  if (len == 8)
    {
      g_string_append_len (grouped, code, 4);
      g_string_append_c (grouped, ' ');
      g_string_append (grouped, code + 4);
      return g_string_free (g_steal_pointer (&grouped), FALSE);
    }

  /* Groups of three; a length one past a multiple of three ends on a group
   * of four (123 4567), two past starts with a group of two (12 345). */
  first = len % 3 == 2 ? 2 : 3;
  g_string_append_len (grouped, code, first);
  for (i = first; i < len; )
    {
      gsize size = (len - i == 4) ? 4 : 3;

      g_string_append_c (grouped, ' ');
      g_string_append_len (grouped, code + i, size);
      i += size;
    }

  return g_string_free (g_steal_pointer (&grouped), FALSE);
}
