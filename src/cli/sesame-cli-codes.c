/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "sesame-cli-commands.h"
#include "sesame-cli-util.h"
#include "sesame-clock.h"
#include "sesame-text.h"

/* code and next: the commands that print one-time codes. */

static void
add_code_object (JsonBuilder   *builder,
                 SesameAccount *account,
                 const char    *code,
                 guint          remaining)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, sesame_account_get_uuid (account));
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, sesame_account_get_issuer (account));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sesame_account_get_name (account));
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, sesame_otp_type_to_string (sesame_account_get_otp_type (account)));
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "remaining");
  json_builder_add_int_value (builder, remaining);
  json_builder_end_object (builder);
}

static void
print_code_line (SesameAccount *account,
                 const char    *code,
                 guint          remaining)
{
  g_autofree char *label = sesame_cli_account_label (account);

  if (sesame_account_get_otp_type (account) == SESAME_OTP_TYPE_HOTP)
    printf ("%-10s %4s  %s\n", code, "-", label);
  else
    printf ("%-10s %3us  %s\n", code, remaining, label);
}

int
sesame_cli_code (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  gboolean code_only = FALSE;
  gint64 at = -1;
  g_autofree char *tag = NULL;
  const GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_INT64, &at, N_("The codes at this Unix time instead of now"), N_("UNIX_TIME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { "code-only", 'c', 0, G_OPTION_ARG_NONE, &code_only,
      N_("Print only the code, for scripts; QUERY must match exactly one account"), NULL },
    { "tag", 't', 0, G_OPTION_ARG_STRING, &tag, N_("Only the accounts with this tag (any case)"), N_("TAG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[QUERY] — print one-time codes"));
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(SesameTextQuery) query = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  guint shown = 0;

  g_option_context_set_summary (context,
    _("Prints the code and the seconds it stays valid for every account whose issuer or name "
      "contains every word of QUERY (any case, with or without accents), or for all, sorted by issuer and name. An HOTP account shows "
      "the code of its current counter, which is not advanced: “sesame-cli next ID” does that. "
      "With --code-only only the code is printed, for scripts (sesame-cli code -c github | wl-copy)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "code", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;
  if (argc > 2)
    return sesame_cli_usage ("code", _("give at most one QUERY"));
  if (at < -1)
    return sesame_cli_usage ("code", _("--at must be a Unix time, 0 or later"));
  if (code_only && json)
    return sesame_cli_usage ("code", _("give --code-only or --json, not both"));
  if (at == -1)
    at = sesame_clock_get_time (sesame_clock_get_default ());
  if (argc == 2)
    query = sesame_text_query_new (argv[1]);

  if (!(store = sesame_cli_open_store ("code")))
    return SESAME_CLI_EXIT_FAILED;

  accounts = sesame_cli_sorted_accounts (store);
  for (guint i = 0; i < accounts->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (accounts, i);

      if ((query == NULL || sesame_account_matches_query (account, query)) &&
          (tag == NULL || sesame_account_has_tag (account, tag)))
        g_ptr_array_add (matching, account);
    }

  /* A script wants one code, and must never get another account's. */
  if (code_only && matching->len != 1)
    {
      g_autofree char *message = NULL;

      if (matching->len == 0 && query == NULL)
        message = g_strdup (_("there are no accounts"));
      else if (matching->len == 0)
        message = g_strdup_printf (_("no account’s issuer or name contains “%s”"), argv[1]);
      else
        /* Translators: %u is a number of accounts (2 or more) */
        message = g_strdup_printf (_("--code-only needs a QUERY that matches exactly one account; %u match"),
                                   matching->len);
      return sesame_cli_fail ("code", message);
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < matching->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (matching, i);
      char code[SESAME_OTP_CODE_SIZE];
      guint remaining;

      if (!sesame_account_code_at (account, at, code))
        continue;

      shown++;
      remaining = sesame_account_seconds_remaining (account, at);
      if (code_only)
        printf ("%s\n", code);
      else if (json)
        add_code_object (builder, account, code, remaining);
      else
        print_code_line (account, code, remaining);
    }
  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      sesame_cli_print_json (root);
    }

  if (shown == 0 && tag != NULL)
    {
      /* Translators: %s is a tag. */
      g_autofree char *message = query != NULL ? g_strdup_printf (_("no account with the tag “%s” matches “%s”"), tag, argv[1])
                                               : g_strdup_printf (_("no account has the tag “%s”"), tag);

      return sesame_cli_fail ("code", message);
    }
  if (shown == 0 && query != NULL)
    {
      /* Translators: %s is what the person searched for. */
      g_autofree char *message = g_strdup_printf (_("no account’s issuer or name contains “%s”"), argv[1]);

      return sesame_cli_fail ("code", message);
    }

  return SESAME_CLI_EXIT_OK;
}

int
sesame_cli_next (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — advance an HOTP counter"));
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  SesameAccount *account;

  g_option_context_set_summary (context,
    _("Moves a counter-based (HOTP) account to its next counter, saves it, then prints the new code."));
  if (!sesame_cli_parse (context, "next", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;
  if (argc != 2)
    return sesame_cli_usage ("next", _("give exactly one account ID"));

  if (!(store = sesame_cli_open_store ("next")))
    return SESAME_CLI_EXIT_FAILED;
  if (!(account = sesame_cli_find_account (store, "next", argv[1])))
    return SESAME_CLI_EXIT_FAILED;

  sesame_account_store_advance_counter_async (store, account, NULL, sesame_cli_result_cb, &result);
  code = sesame_account_store_advance_counter_finish (store, sesame_cli_wait (&result), &error);
  if (code == NULL)
    return sesame_cli_fail ("next", error->message);

  printf ("%s\n", code);
  return SESAME_CLI_EXIT_OK;
}
