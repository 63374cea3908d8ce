/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "sesame-fuzz.h"
#include "sesame-payload.h"

/* What a scanned QR code, a dropped or pasted text holds
 * (sesame_payload_parse): an account, a migration batch, or something else
 * that is refused with a message, which never quotes a secret (review
 * finding 5) and shows at most a valid UTF-8 preview. */
static char *
messages_of (const guint8 *data,
             gsize         size,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  sesame_payload_free (sesame_payload_parse (data, size, &error));
  return g_strdup (error != NULL ? error->message : "");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesamePayload) payload = NULL;
  g_autoptr(SesamePayload) copy = NULL;
  g_autofree char *preview = NULL;

  preview = sesame_payload_preview (data, size, SESAME_PAYLOAD_PREVIEW_CHARS);
  sesame_fuzz_check (preview != NULL && g_utf8_validate (preview, -1, NULL), "a preview is UTF-8");
  /* At most that many characters of the input, each shown as itself or
   * escaped (\xNN, at most 6 characters), and "…". */
  sesame_fuzz_check (g_utf8_strlen (preview, -1) <= 6 * SESAME_PAYLOAD_PREVIEW_CHARS + 1, "a preview is short");

  payload = sesame_payload_parse (data, size, &error);
  sesame_fuzz_report ("payload", "%s", payload != NULL ? "read" : error->message);
  if (payload == NULL)
    {
      sesame_fuzz_check (error != NULL, "a refused payload comes with an error");
      sesame_fuzz_check (g_utf8_validate (error->message, -1, NULL), "an error message is UTF-8");
      sesame_fuzz_check_no_secret (data, size, error->message, messages_of, NULL);
      return 0;
    }
  switch (payload->kind)
    {
    case SESAME_PAYLOAD_KIND_ACCOUNT:
      sesame_fuzz_check (payload->account != NULL && payload->batch == NULL, "an account payload holds an account");
      break;
    case SESAME_PAYLOAD_KIND_BATCH:
      sesame_fuzz_check (payload->batch != NULL && payload->account == NULL, "a batch payload holds a batch");
      break;
    default:
      sesame_fuzz_check (FALSE, "a payload is of a known kind");
    }
  copy = sesame_payload_copy (payload);
  sesame_fuzz_check (copy != NULL, "a payload copies");
  return 0;
}
