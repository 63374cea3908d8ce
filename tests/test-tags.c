/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

#include "sesame-account.h"
#include "sesame-tags.h"

/* The one tag rule (src/core/sesame-tags.c) that the details window and
 * `sesame-cli tag` both call. */

static char *
joined (GStrv tags)
{
  char *text = g_strjoinv ("|", tags);

  g_strfreev (tags);
  return text;
}

#define assert_tags(expr, expected) \
  G_STMT_START { \
    g_autofree char *got_ = joined (expr); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_normalize (void)
{
  const char * const given[] = { "  Work ", "", "   ", "work", "Home", "WORK", "\tHome\n", "Bank\nCard", "Ünï", "üNÏ", NULL };
  const char * const empty[] = { NULL };

  /* Trimmed, empties gone, one per case-folded spelling, the first one
   * kept, in order; a line break inside becomes a space. */
  assert_tags (sesame_tags_normalize (given), "Work|Home|Bank Card|Ünï");
  assert_tags (sesame_tags_normalize (empty), "");
  assert_tags (sesame_tags_normalize (NULL), "");
  /* Case matters for nothing else: accents are kept apart. */
  {
    const char * const accents[] = { "Café", "Cafe", NULL };

    assert_tags (sesame_tags_normalize (accents), "Café|Cafe");
  }
}

static void
test_parse (void)
{
  assert_tags (sesame_tags_parse ("work, home ,,WORK,  "), "work|home");
  assert_tags (sesame_tags_parse (""), "");
  assert_tags (sesame_tags_parse (" , ,"), "");
  assert_tags (sesame_tags_parse ("Solo"), "Solo");
}

static void
test_edit (void)
{
  const char * const tags[] = { "Work", "Home", NULL };
  const char * const add_same[] = { "WORK", " home ", NULL };
  const char * const add_new[] = { "Bank", "bank", NULL };
  const char * const remove[] = { "work", NULL };
  const char * const remove_blank[] = { "  HOME  ", "nothing", NULL };

  /* Adding a tag it has in another case changes nothing: the spelling
   * already there stays (the CLI's rule since `sesame-cli tag`). */
  assert_tags (sesame_tags_edit (tags, add_same, NULL), "Work|Home");
  assert_tags (sesame_tags_edit (tags, add_new, NULL), "Work|Home|Bank");
  assert_tags (sesame_tags_edit (tags, NULL, remove), "Home");
  assert_tags (sesame_tags_edit (tags, NULL, remove_blank), "Work");
  /* Removed, then added: it comes back at the end, as given. */
  assert_tags (sesame_tags_edit (tags, add_same, remove), "Home|WORK");
  assert_tags (sesame_tags_edit (NULL, add_new, NULL), "Bank");
}

static void
test_equal (void)
{
  g_autoptr(SesameAccount) account = sesame_account_new ();
  const char * const tags[] = { "Straße", NULL };

  g_assert_true (sesame_tag_equal ("Work", "wORK"));
  g_assert_false (sesame_tag_equal ("Work", "Work "));
  g_assert_true (sesame_tag_equal ("STRASSE", "straße"));

  /* The account's filter rule is the same comparison. */
  sesame_account_set_groups (account, tags);
  g_assert_true (sesame_account_has_tag (account, "STRASSE"));
  g_assert_false (sesame_account_has_tag (account, "Strasse "));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    data)
{
  (*(guint *) data)++;
}

/* Rows and the window's tag menu follow an edit through notify::groups. */
static void
test_notify (void)
{
  g_autoptr(SesameAccount) account = sesame_account_new ();
  g_autoptr(SesameAccount) copy = NULL;
  const char * const tags[] = { "Work", NULL };
  const char * const same[] = { "Work", NULL };
  g_auto(GStrv) read = NULL;
  guint count = 0;

  g_signal_connect (account, "notify::groups", G_CALLBACK (on_notify), &count);
  sesame_account_set_groups (account, tags);
  g_assert_cmpuint (count, ==, 1);
  sesame_account_set_groups (account, same);
  g_assert_cmpuint (count, ==, 1);
  g_object_get (account, "groups", &read, NULL);
  g_assert_cmpstr (read[0], ==, "Work");
  g_assert_null (read[1]);

  copy = sesame_account_copy (account);
  sesame_account_set_groups (copy, NULL);
  sesame_account_assign (account, copy);
  g_assert_cmpuint (count, ==, 2);
  g_assert_null (sesame_account_get_groups (account)[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tags/normalize", test_normalize);
  g_test_add_func ("/tags/parse", test_parse);
  g_test_add_func ("/tags/edit", test_edit);
  g_test_add_func ("/tags/equal", test_equal);
  g_test_add_func ("/tags/notify", test_notify);

  return g_test_run ();
}
