/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sesame-base32.h"
#include "sesame-cli-commands.h"
#include "sesame-cli-util.h"
#include "sesame-otpauth.h"
#include "sesame-qr-encode.h"
#include "sesame-tags.h"

/* add, list, remove and show: the commands that manage accounts. */

static gboolean
add_one (SesameAccountStore  *store,
         SesameOtpauth       *otp,
         GError             **error)
{
  g_autoptr(SesameAccount) account = sesame_account_new_from_otpauth (otp);
  g_autoptr(GAsyncResult) result = NULL;

  sesame_account_store_add_async (store, account, NULL, sesame_cli_result_cb, &result);
  if (!sesame_account_store_add_finish (store, sesame_cli_wait (&result), error))
    return FALSE;

  printf ("%s\n", sesame_account_get_uuid (account));
  return TRUE;
}

static gboolean
add_uri (SesameAccountStore  *store,
         const char          *uri,
         GError             **error)
{
  g_autoptr(SesameOtpauth) otp = sesame_otpauth_parse (uri, error);

  return otp != NULL && add_one (store, otp, error);
}

static int
fail_line (guint       line_no,
           const char *message)
{
  /* Translators: %u is a line number of the input, %s what is wrong with it. */
  g_autofree char *text = g_strdup_printf (_("line %u: %s"), line_no, message);

  return sesame_cli_fail ("add", text);
}

/* Adds what was read, all in one batch (with a progress line on a
 * terminal); an account already in Sesame is said so, not added again,
 * so running the same input again after an interruption adds the rest. */
static int
add_read_accounts (SesameAccountStore *store,
                   GPtrArray          *accounts,
                   GArray             *line_numbers,
                   int                 status)
{
  g_autoptr(SesameAddAllResult) outcome = NULL;
  g_autoptr(GHashTable) lines = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  for (guint i = 0; i < accounts->len; i++)
    g_hash_table_insert (lines, accounts->pdata[i], GUINT_TO_POINTER (g_array_index (line_numbers, guint, i)));

  ok = sesame_cli_add_all (store, accounts, SESAME_ADD_ALL_KEEP_GOING, &outcome, &error);

  for (guint i = 0; outcome != NULL && i < outcome->added->len; i++)
    printf ("%s\n", sesame_account_get_uuid (outcome->added->pdata[i]));
  fflush (stdout);

  for (guint i = 0; outcome != NULL && i < outcome->existing->len; i++)
    {
      guint line_no = GPOINTER_TO_UINT (g_hash_table_lookup (lines, outcome->existing->pdata[i]));

      /* Translators: %u is a line number of the input */
      fprintf (stderr, _("sesame-cli add: line %u: already in Sesame, not added again\n"), line_no);
    }
  for (guint i = 0; outcome != NULL && i < outcome->failed->len; i++)
    status = fail_line (GPOINTER_TO_UINT (g_hash_table_lookup (lines, outcome->failed->pdata[i])),
                        ((GError *) outcome->errors->pdata[i])->message);

  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Translators: %u are numbers of accounts */
      g_autofree char *message = g_strdup_printf (_("interrupted: %u of %u accounts added; run it again with the "
                                                    "same input to add the rest"),
                                                  outcome != NULL ? outcome->added->len : 0, accounts->len);

      sesame_cli_fail ("add", message);
      return SESAME_CLI_EXIT_INTERRUPTED;
    }
  if (!ok)
    return sesame_cli_fail ("add", error->message);
  return status;
}

/* One URI per line; blank lines and lines starting with # are skipped.
 * Every line is tried; the status says whether all of them went in. Read
 * into one fixed buffer, wiped after each line (a growing or buffered
 * reader would leave copies of the keys behind). */
static int
add_from_stdin (SesameAccountStore *store)
{
  gsize size = SESAME_OTPAUTH_MAX_URI + 2;
  g_autoptr(SesameSecureStr) line = g_malloc0 (size);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) line_numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  int status = SESAME_CLI_EXIT_OK;
  guint line_no = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameOtpauth) otp = NULL;
      const char *start;
      int got;

      sesame_memwipe (line, size);
      got = sesame_cli_read_secret_line (STDIN_FILENO, line, size, &error);
      if (got == 0)
        break;
      line_no++;
      if (got < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        return sesame_cli_fail ("add", error->message);

      if (got > 0)
        {
          start = g_strstrip (line);
          if (*start == '\0' || *start == '#')
            continue;
          otp = sesame_otpauth_parse (start, &error);
          if (otp != NULL)
            {
              g_ptr_array_add (accounts, sesame_account_new_from_otpauth (otp));
              g_array_append_val (line_numbers, line_no);
              continue;
            }
        }

      status = fail_line (line_no, error->message);
    }

  return add_read_accounts (store, accounts, line_numbers, status);
}

/* A secret on the command line can be read by every program of the
 * computer (/proc/PID/cmdline) and stays in the shell's history: said
 * when someone types it (a terminal), not to scripts. */
static void
warn_secret_in_argv (const char *what)
{
  if (!isatty (STDERR_FILENO))
    return;

  fprintf (stderr,
           /* Translators: %s is what was given: "--secret" or "an otpauth:// URI". */
           _("sesame-cli add: warning: %s on the command line can be read by other programs on this computer "
             "and is kept in the shell history; give it on standard input (“-”) or with --secret-file instead\n"),
           what);
}

typedef struct
{
  char *issuer;
  char *name;
  char *secret;
  char *secret_file;
  char *algorithm;
  char *type;
  char *counter;
  int digits;
  int period;
} AddFlags;

static void
add_flags_clear (AddFlags *flags)
{
  g_clear_pointer (&flags->issuer, g_free);
  g_clear_pointer (&flags->name, g_free);
  g_clear_pointer (&flags->secret, sesame_str_wipe_free);
  g_clear_pointer (&flags->secret_file, g_free);
  g_clear_pointer (&flags->algorithm, g_free);
  g_clear_pointer (&flags->type, g_free);
  g_clear_pointer (&flags->counter, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (AddFlags, add_flags_clear)

static gboolean
any_flag (const AddFlags *flags)
{
  return flags->issuer || flags->name || flags->secret || flags->secret_file || flags->algorithm ||
         flags->type || flags->counter || flags->digits >= 0 || flags->period >= 0;
}

/* The flags as an account; NULL with @error set when they do not make one
 * (reported as bad usage). */
static SesameOtpauth *
otpauth_from_flags (const AddFlags  *flags,
                    GError         **error)
{
  g_autoptr(SesameOtpauth) otp = sesame_otpauth_new ();
  SesameOtpParams p;

  sesame_otp_params_init (&p);
  if (flags->secret == NULL)
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_MISSING_SECRET,
                           _("--secret-file or --secret is required when no URI is given"));
      return NULL;
    }
  if (flags->type != NULL && !sesame_otp_type_from_string (flags->type, &otp->type))
    {
      g_set_error_literal (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_UNKNOWN_TYPE,
                           _("--type must be totp, hotp or steam"));
      return NULL;
    }
  p.type = otp->type;
  if (flags->algorithm != NULL && !sesame_otp_parse_algorithm (flags->algorithm, &p.algorithm, error))
    return NULL;
  if (flags->digits >= 0)
    p.digits = flags->digits;
  if (flags->period >= 0)
    p.period = flags->period;
  if (flags->counter != NULL && !sesame_otp_parse_counter (flags->counter, &p.counter, error))
    return NULL;
  if (!sesame_otp_params_normalize (&p, error))
    return NULL;
  if (!(otp->secret = sesame_base32_decode (flags->secret, -1, error)))
    return NULL;

  g_free (otp->issuer);
  otp->issuer = g_strdup (flags->issuer != NULL ? flags->issuer : "");
  g_free (otp->name);
  otp->name = g_strdup (flags->name != NULL ? flags->name : "");
  otp->algorithm = p.algorithm;
  otp->digits = p.digits;
  otp->period = p.period;
  otp->counter = p.counter;

  return g_steal_pointer (&otp);
}

int
sesame_cli_add (int    argc,
                char **argv)
{
  g_auto(AddFlags) flags = { .digits = -1, .period = -1 };
  const GOptionEntry entries[] = {
    { "issuer", 0, 0, G_OPTION_ARG_STRING, &flags.issuer, N_("The service, e.g. GitHub"), N_("ISSUER") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &flags.name, N_("The account name, e.g. an email address"), N_("NAME") },
    { "secret-file", 0, 0, G_OPTION_ARG_FILENAME, &flags.secret_file,
      N_("Read the secret key (base32) from the first line of FILE (“-”: standard input)"), N_("FILE") },
    { "secret", 0, 0, G_OPTION_ARG_STRING, &flags.secret,
      N_("The secret key in base32 (other programs can read it while sesame-cli runs, and it stays in the "
         "shell history: prefer --secret-file)"), N_("BASE32") },
    { "algorithm", 0, 0, G_OPTION_ARG_STRING, &flags.algorithm, N_("SHA1 (default), SHA256 or SHA512"), N_("ALGORITHM") },
    { "digits", 0, 0, G_OPTION_ARG_INT, &flags.digits, N_("Digits per code, 5 to 10 (default 6)"), N_("N") },
    { "period", 0, 0, G_OPTION_ARG_INT, &flags.period, N_("Seconds per code for TOTP (default 30)"), N_("SECONDS") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &flags.type, N_("totp (default), hotp or steam"), N_("TYPE") },
    { "counter", 0, 0, G_OPTION_ARG_STRING, &flags.counter, N_("The next counter of an HOTP account (default 0)"), N_("N") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("URI… | - | --secret-file FILE [OPTION…] — add accounts"));
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status = SESAME_CLI_EXIT_OK;

  g_option_context_set_summary (context,
    _("Adds accounts from otpauth:// URIs given as arguments, from standard input (“-”, one URI per "
      "line), or from the options. Prints the ID of each account added.\n\n"
      "A URI or --secret on the command line can be read by other programs on this computer while "
      "sesame-cli runs, and stays in the shell history: give URIs on standard input (“-”) and the key "
      "with --secret-file (“-”: standard input) instead. On a terminal, sesame-cli warns when it is not."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "add", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;

  if (argc < 2 && !any_flag (&flags))
    return sesame_cli_usage ("add", _("give an otpauth:// URI, “-” to read URIs from standard input, or --secret"));
  if (argc >= 2 && any_flag (&flags))
    return sesame_cli_usage ("add", _("give either URIs or options, not both"));

  if (flags.secret != NULL && flags.secret_file != NULL)
    return sesame_cli_usage ("add", _("give either --secret-file or --secret, not both"));
  if (flags.secret_file != NULL)
    {
      flags.secret = sesame_cli_read_secret_file (flags.secret_file, &error);
      if (flags.secret == NULL)
        return sesame_cli_fail ("add", error->message);
    }
  else if (flags.secret != NULL)
    warn_secret_in_argv ("--secret");
  for (int i = 1; i < argc; i++)
    if (strcmp (argv[i], "-") != 0)
      {
        warn_secret_in_argv (_("an otpauth:// URI"));
        break;
      }

  if (argc < 2)
    {
      g_autoptr(SesameOtpauth) otp = otpauth_from_flags (&flags, &error);

      if (otp == NULL)
        return sesame_cli_usage ("add", error->message);
      if (!(store = sesame_cli_open_store ("add")))
        return SESAME_CLI_EXIT_FAILED;
      if (!add_one (store, otp, &error))
        return sesame_cli_fail ("add", error->message);
      return SESAME_CLI_EXIT_OK;
    }

  if (!(store = sesame_cli_open_store ("add")))
    return SESAME_CLI_EXIT_FAILED;

  for (int i = 1; i < argc; i++)
    {
      g_clear_error (&error);
      if (strcmp (argv[i], "-") == 0)
        {
          int stdin_status = add_from_stdin (store);

          if (stdin_status == SESAME_CLI_EXIT_INTERRUPTED)
            return stdin_status;
          if (stdin_status != SESAME_CLI_EXIT_OK)
            status = SESAME_CLI_EXIT_FAILED;
        }
      else if (!add_uri (store, argv[i], &error))
        status = sesame_cli_fail ("add", error->message);
    }

  return status;
}

int
sesame_cli_list (int    argc,
                 char **argv)
{
  gboolean json = FALSE;
  g_autofree char *tag = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array"), NULL },
    { "tag", 't', 0, G_OPTION_ARG_STRING, &tag, N_("Only the accounts with this tag (any case)"), N_("TAG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list the accounts"));
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) accounts = NULL;

  g_option_context_set_summary (context,
    _("Prints one account per line, sorted by issuer and name: ID, type, issuer and name, "
      "separated by tabs (with --json, their tags too). No secret is printed."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "list", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;
  if (argc > 1)
    return sesame_cli_usage ("list", _("list takes no arguments"));

  if (!(store = sesame_cli_open_store ("list")))
    return SESAME_CLI_EXIT_FAILED;

  accounts = sesame_cli_sorted_accounts (store);
  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (accounts, i);
      const char *type = sesame_otp_type_to_string (sesame_account_get_otp_type (account));
      const char * const *tags = sesame_account_get_groups (account);

      if (tag != NULL && !sesame_account_has_tag (account, tag))
        continue;
      if (!json)
        {
          printf ("%s\t%s\t%s\t%s\n", sesame_account_get_uuid (account), type,
                  sesame_account_get_issuer (account), sesame_account_get_name (account));
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, sesame_account_get_uuid (account));
      json_builder_set_member_name (builder, "issuer");
      json_builder_add_string_value (builder, sesame_account_get_issuer (account));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, sesame_account_get_name (account));
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type);
      json_builder_set_member_name (builder, "tags");
      json_builder_begin_array (builder);
      for (guint t = 0; tags[t] != NULL; t++)
        json_builder_add_string_value (builder, tags[t]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (json)
    {
      g_autoptr(JsonNode) root = json_builder_get_root (builder);

      sesame_cli_print_json (root);
    }

  return SESAME_CLI_EXIT_OK;
}

int
sesame_cli_remove (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — remove an account"));
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *account;

  g_option_context_set_summary (context,
    _("Deletes the account from the keyring. ID is the one “sesame-cli list” shows, or enough "
      "of its start to tell it apart."));
  if (!sesame_cli_parse (context, "remove", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;
  if (argc != 2)
    return sesame_cli_usage ("remove", _("give exactly one account ID"));

  if (!(store = sesame_cli_open_store ("remove")))
    return SESAME_CLI_EXIT_FAILED;
  if (!(account = sesame_cli_find_account (store, "remove", argv[1])))
    return SESAME_CLI_EXIT_FAILED;

  sesame_account_store_remove_async (store, account, NULL, sesame_cli_result_cb, &result);
  if (!sesame_account_store_remove_finish (store, sesame_cli_wait (&result), &error))
    return sesame_cli_fail ("remove", error->message);

  return SESAME_CLI_EXIT_OK;
}

int
sesame_cli_tag (int    argc,
                char **argv)
{
  g_auto(GStrv) add = NULL;
  g_auto(GStrv) remove = NULL;
  const GOptionEntry entries[] = {
    { "add", 'a', 0, G_OPTION_ARG_STRING_ARRAY, &add, N_("Give the account this tag (repeat for more)"), N_("TAG") },
    { "remove", 'r', 0, G_OPTION_ARG_STRING_ARRAY, &remove, N_("Take this tag away (any case; repeat for more)"), N_("TAG") },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — show or change an account’s tags"));
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *account;
  const char * const *tags;

  g_option_context_set_summary (context,
    _("Prints the account’s tags, one per line, after adding those of --add and removing those of --remove. "
      "“sesame-cli list --tag TAG” and “code --tag TAG” show the accounts with a tag."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "tag", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;
  if (argc != 2)
    return sesame_cli_usage ("tag", _("give exactly one account ID"));
  for (guint i = 0; add != NULL && add[i] != NULL; i++)
    if (*g_strstrip (add[i]) == '\0' || strchr (add[i], '\n') != NULL)
      return sesame_cli_usage ("tag", _("a tag cannot be empty or span lines"));

  if (!(store = sesame_cli_open_store ("tag")))
    return SESAME_CLI_EXIT_FAILED;
  if (!(account = sesame_cli_find_account (store, "tag", argv[1])))
    return SESAME_CLI_EXIT_FAILED;

  if (add != NULL || remove != NULL)
    {
      /* The app's details window edits tags by the same rule. */
      g_auto(GStrv) edited = sesame_tags_edit (sesame_account_get_groups (account),
                                               (const char * const *) add, (const char * const *) remove);

      sesame_account_set_groups (account, (const char * const *) edited);
      sesame_account_store_update_async (store, account, NULL, sesame_cli_result_cb, &result);
      if (!sesame_account_store_update_finish (store, sesame_cli_wait (&result), &error))
        return sesame_cli_fail ("tag", error->message);
    }

  tags = sesame_account_get_groups (account);
  for (guint i = 0; tags[i] != NULL; i++)
    printf ("%s\n", tags[i]);
  return SESAME_CLI_EXIT_OK;
}

/* Two modules per character cell, light ones drawn: readable by phone
 * cameras on the usual dark terminal background. */
static void
print_qr (const SesameQrCode *code)
{
  int size = (int) sesame_qr_code_get_size (code);
  int quiet = 2;

  for (int y = -quiet; y < size + quiet; y += 2)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (int x = -quiet; x < size + quiet; x++)
        {
          gboolean top_dark = x >= 0 && y >= 0 && x < size && y < size &&
                              sesame_qr_code_get_module (code, x, y);
          gboolean bottom_dark = x >= 0 && y + 1 >= 0 && x < size && y + 1 < size &&
                                 sesame_qr_code_get_module (code, x, y + 1);

          if (y + 1 >= size + quiet)
            bottom_dark = TRUE;  /* past the last row: nothing to draw */

          if (!top_dark && !bottom_dark)
            g_string_append (line, "█");
          else if (!top_dark)
            g_string_append (line, "▀");
          else if (!bottom_dark)
            g_string_append (line, "▄");
          else
            g_string_append_c (line, ' ');
        }
      printf ("%s\n", line->str);
    }
}

static void
print_details (SesameAccount *account)
{
  SesameOtpType type = sesame_account_get_otp_type (account);

  printf ("id: %s\n", sesame_account_get_uuid (account));
  printf ("type: %s\n", sesame_otp_type_to_string (type));
  printf ("issuer: %s\n", sesame_account_get_issuer (account));
  printf ("name: %s\n", sesame_account_get_name (account));
  printf ("algorithm: %s\n", sesame_otp_algorithm_to_string (sesame_account_get_algorithm (account)));
  printf ("digits: %u\n", sesame_account_get_digits (account));
  if (type == SESAME_OTP_TYPE_HOTP)
    printf ("counter: %" G_GUINT64_FORMAT "\n", sesame_account_get_counter (account));
  else
    printf ("period: %u\n", sesame_account_get_period (account));
  if (*sesame_account_get_note (account) != '\0')
    printf ("note: %s\n", sesame_account_get_note (account));
}

int
sesame_cli_show (int    argc,
                 char **argv)
{
  gboolean uri = FALSE;
  gboolean qr = FALSE;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "uri", 0, 0, G_OPTION_ARG_NONE, &uri, N_("Print the otpauth:// URI (it contains the secret)"), NULL },
    { "qr", 0, 0, G_OPTION_ARG_NONE, &qr, N_("Draw the account’s QR code in the terminal, to scan with a phone"), NULL },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Draw the QR code even when the output is not a terminal"), NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID [--uri | --qr] — show an account"));
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(SesameOtpauth) otp = NULL;
  g_autoptr(SesameSecureStr) text = NULL;
  g_autoptr(SesameQrCode) code = NULL;
  g_autoptr(GError) error = NULL;
  SesameAccount *account;

  g_option_context_set_summary (context,
    _("Without options, prints the account’s settings (never its secret). --uri prints the "
      "otpauth:// URI and --qr draws it as a QR code, for moving the account to another device."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!sesame_cli_parse (context, "show", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;
  if (argc != 2)
    return sesame_cli_usage ("show", _("give exactly one account ID"));
  if (uri && qr)
    return sesame_cli_usage ("show", _("give --uri or --qr, not both"));

  if (!(store = sesame_cli_open_store ("show")))
    return SESAME_CLI_EXIT_FAILED;
  if (!(account = sesame_cli_find_account (store, "show", argv[1])))
    return SESAME_CLI_EXIT_FAILED;

  if (!uri && !qr)
    {
      print_details (account);
      return SESAME_CLI_EXIT_OK;
    }

  otp = sesame_account_to_otpauth (account);
  text = sesame_otpauth_format (otp);
  if (uri)
    {
      printf ("%s\n", text);
      return SESAME_CLI_EXIT_OK;
    }

  /* The QR code is the secret key, drawn for a phone's camera: a pipe or
   * a file would keep it (in a log, a pager's history, a paste). */
  if (!force && !isatty (STDOUT_FILENO))
    return sesame_cli_fail ("show", _("--qr draws the secret key and only does so on a terminal; "
                                      "give --force to write it elsewhere"));

  if (!(code = sesame_qr_encode (text, &error)))
    return sesame_cli_fail ("show", error->message);
  print_qr (code);
  return SESAME_CLI_EXIT_OK;
}
