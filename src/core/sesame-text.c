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

/* Searching accounts: the one rule of the window, the GNOME Shell search
 * provider and sesame-cli. The text is folded (case and accents) and cut
 * into terms at white space; an account matches when every term is found
 * in its issuer, its name or one of its tags (sesame_account_matches_query()). */
struct _SesameTextQuery
{
  char *folded;    /* the terms, joined by one space */
  GStrv terms;
};

/**
 * sesame_text_query_new:
 * @text: (nullable): what the person typed
 *
 * Returns: (transfer full): the query; one without terms when @text is
 * empty or only white space
 */
SesameTextQuery *
sesame_text_query_new (const char *text)
{
  SesameTextQuery *query = g_new0 (SesameTextQuery, 1);
  g_autofree char *folded = sesame_text_fold_for_search (text);
  GPtrArray *terms = g_ptr_array_new ();
  char *start = folded;

  for (char *p = folded; ; p = g_utf8_next_char (p))
    {
      if (*p == '\0' || g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (p > start)
            g_ptr_array_add (terms, g_strndup (start, p - start));
          if (*p == '\0')
            break;
          start = g_utf8_next_char (p);
        }
    }

  g_ptr_array_add (terms, NULL);
  query->terms = (GStrv) g_ptr_array_free (terms, FALSE);
  query->folded = g_strjoinv (" ", query->terms);

  return query;
}

void
sesame_text_query_free (SesameTextQuery *query)
{
  if (query == NULL)
    return;

  g_strfreev (query->terms);
  g_free (query->folded);
  g_free (query);
}

gboolean
sesame_text_query_is_empty (const SesameTextQuery *query)
{
  g_return_val_if_fail (query != NULL, TRUE);

  return query->terms[0] == NULL;
}

/**
 * sesame_text_query_get_folded:
 *
 * Returns: the folded terms joined by one space. When an earlier query's
 * string is inside a later one's, the later one matches no more accounts
 * than the earlier (each earlier term is inside a later term), which lets a
 * list refilter only what it shows.
 */
const char *
sesame_text_query_get_folded (const SesameTextQuery *query)
{
  g_return_val_if_fail (query != NULL, NULL);

  return query->folded;
}

/**
 * sesame_text_query_matches:
 * @fields: (array zero-terminated=1): the texts to search (an account's
 *   issuer, name and tags: see sesame_account_matches_query()); %NULL
 *   entries are not allowed, empty ones are fine
 *
 * Returns: whether every term is in one of @fields (ignoring case and
 * accents); %TRUE for a query without terms
 */
gboolean
sesame_text_query_matches (const SesameTextQuery *query,
                           const char * const    *fields)
{
  g_autoptr(GPtrArray) folded = NULL;

  g_return_val_if_fail (query != NULL, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (query->terms[0] == NULL)
    return TRUE;

  folded = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; fields[i] != NULL; i++)
    g_ptr_array_add (folded, sesame_text_fold_for_search (fields[i]));

  for (guint i = 0; query->terms[i] != NULL; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < folded->len && !found; j++)
        found = strstr (g_ptr_array_index (folded, j), query->terms[i]) != NULL;
      if (!found)
        return FALSE;
    }

  return TRUE;
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
