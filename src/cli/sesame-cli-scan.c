/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sesame-cli-commands.h"
#include "sesame-cli-util.h"
#include "sesame-enrolment.h"
#include "sesame-qr-decode.h"

/* `sesame-cli scan IMAGE…`: prints one normalised otpauth:// URI per
 * account found. Needs no D-Bus session and no keyring: it only reads
 * files. With --add it stores the accounts instead, like `add`, printing
 * each new account's id. */

/* A person waits for a window; a script can wait longer for a hard image
 * (and a busy machine needs it): easy images are read in the first scan
 * whatever the budget. */
#define SCAN_BUDGET_MS 5000

typedef struct
{
  const char         *path;
  GHashTable         *printed;  /* URIs already handled (wiped on free) */
  GPtrArray          *to_add;   /* --add: SesameAccount, stored after the scan */
  GHashTable         *found_in; /* --add: account → the image it came from */
  guint               accounts;
} ScanState;

static void
warn (const char *path,
      const char *message)
{
  g_autofree char *display = g_filename_display_name (path);

  fprintf (stderr, "sesame-cli scan: %s: %s\n", display, message);
}

/* One account of an image: printed, or kept for --add. An account already
 * handled (from another image) still counts for this image. */
static void
handle_account (ScanState     *state,
                SesameAccount *account)
{
  g_autoptr(SesameOtpauth) otp = sesame_account_to_otpauth (account);
  char *uri = otp != NULL ? sesame_otpauth_format (otp) : NULL;

  if (uri == NULL)
    return;

  state->accounts++;
  if (!g_hash_table_add (state->printed, uri))
    return;

  if (state->to_add != NULL)
    {
      g_ptr_array_add (state->to_add, g_object_ref (account));
      g_hash_table_insert (state->found_in, account, (gpointer) state->path);
    }
  else
    printf ("%s\n", uri);
}

/* Returns whether the image held at least one enrollment code. */
static gboolean
scan_image (ScanState *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesameGrayImage) image = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  g_autoptr(SesameEnrolment) enrolment = NULL;

  image = sesame_gray_image_load (state->path, &error);
  if (image == NULL)
    {
      warn (state->path, error->message);
      return FALSE;
    }

  payloads = sesame_qr_decode_image (image, SCAN_BUDGET_MS);
  if (payloads->len == 0)
    {
      warn (state->path, _("No QR code found in this image"));
      return FALSE;
    }

  enrolment = sesame_enrolment_new_from_payloads (payloads);
  for (guint i = 0; i < enrolment->accounts->len; i++)
    handle_account (state, g_ptr_array_index (enrolment->accounts, i));
  for (guint i = 0; i < enrolment->problems->len; i++)
    warn (state->path, g_ptr_array_index (enrolment->problems, i));
  if (enrolment->batch_size > 1)
    {
      /* Translators: a Google Authenticator export spread over several QR codes */
      g_autofree char *note = g_strdup_printf (_("Google Authenticator export, code %d of %d: scan the others too"),
                                               enrolment->batch_index + 1, enrolment->batch_size);

      warn (state->path, note);
    }

  /* Among good codes a stray web link is not worth a word; it is said
   * when nothing in the image could be used. */
  if (enrolment->accounts->len == 0)
    {
      warn (state->path, sesame_enrolment_explain_nothing (enrolment));
      return FALSE;
    }
  return TRUE;
}

/* --add: every account found, in one batch that goes on past a refusal.
 * Returns whether all were stored (or were already there). */
static gboolean
store_accounts (SesameAccountStore *store,
                GPtrArray          *accounts,
                GHashTable         *found_in)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(SesameAddAllResult) outcome = NULL;
  g_autoptr(GError) error = NULL;

  sesame_account_store_add_all_async (store, accounts, SESAME_ADD_ALL_KEEP_GOING, NULL, NULL, NULL,
                                      sesame_cli_result_cb, &result);
  if (!sesame_account_store_add_all_finish (store, sesame_cli_wait (&result), &outcome, &error))
    {
      fprintf (stderr, "sesame-cli scan: %s\n", error->message);
      return FALSE;
    }

  for (guint i = 0; i < outcome->added->len; i++)
    printf ("%s\n", sesame_account_get_uuid (g_ptr_array_index (outcome->added, i)));
  for (guint i = 0; i < outcome->existing->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (outcome->existing, i);
      SesameAccount *stored = sesame_account_store_find_duplicate (store, account);
      /* Translators: %s is the id of the stored account */
      g_autofree char *note = g_strdup_printf (_("already stored as %s; not added again"),
                                               sesame_account_get_uuid (stored != NULL ? stored : account));

      warn (g_hash_table_lookup (found_in, account), note);
    }
  for (guint i = 0; i < outcome->failed->len; i++)
    warn (g_hash_table_lookup (found_in, g_ptr_array_index (outcome->failed, i)),
          ((GError *) g_ptr_array_index (outcome->errors, i))->message);

  return outcome->failed->len == 0;
}

int
sesame_cli_scan (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GHashTable) printed = NULL;
  g_autoptr(SesameAccountStore) store = NULL;
  g_autoptr(GPtrArray) to_add = NULL;
  g_autoptr(GHashTable) found_in = NULL;
  g_auto(GStrv) images = NULL;
  gboolean add = FALSE;
  const GOptionEntry entries[] = {
    { "add", 0, 0, G_OPTION_ARG_NONE, &add,
      N_("Store the accounts in the keyring and print their ids instead of their URIs"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &images, NULL, NULL },
    { NULL }
  };
  int status = SESAME_CLI_EXIT_OK;

  g_set_prgname ("sesame-cli scan");
  context = g_option_context_new (_("IMAGE… — print the accounts in QR code images"));
  g_option_context_set_summary (context,
    _("Reads QR codes from image files (PNG, JPEG, BMP, GIF, …) and prints one otpauth:// URI\n"
      "per account found; a Google Authenticator export gives one URI per account.\n"
      "With --add, the accounts are stored in the keyring instead (accounts already there\n"
      "are not added twice) and the id of each new one is printed.\n"
      "Exit status: 0 when every image held an enrollment code, 1 when one did not\n"
      "(the others are still handled) or an account could not be stored, 2 on bad usage."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!sesame_cli_parse (context, "scan", &argc, &argv))
    return SESAME_CLI_EXIT_USAGE;
  if (images == NULL || images[0] == NULL)
    return sesame_cli_usage ("scan", _("no image given"));

  /* Only --add talks to the keyring (and so needs a D-Bus session). */
  if (add && !(store = sesame_cli_open_store ("scan")))
    return SESAME_CLI_EXIT_FAILED;

  printed = g_hash_table_new_full (g_str_hash, g_str_equal, (GDestroyNotify) sesame_str_wipe_free, NULL);
  if (add)
    {
      to_add = g_ptr_array_new_with_free_func (g_object_unref);
      found_in = g_hash_table_new (NULL, NULL);
    }
  for (guint i = 0; images[i] != NULL; i++)
    {
      ScanState state = { images[i], printed, to_add, found_in, 0 };

      if (!scan_image (&state))
        status = SESAME_CLI_EXIT_FAILED;
      fflush (stdout);
    }

  if (add && !store_accounts (store, to_add, found_in))
    status = SESAME_CLI_EXIT_FAILED;

  return status;
}
