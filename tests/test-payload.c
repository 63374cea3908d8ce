/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-payload"

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "sesame-enrolment.h"
#include "sesame-payload.h"
#include "sesame-test-utils.h"

static SesamePayload *
parse (const char  *text,
       GError     **error)
{
  return sesame_payload_parse ((const guint8 *) text, strlen (text), error);
}

static void
test_account (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesamePayload) p =
    parse ("  otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP&issuer=ACME&digits=8\n", &error);

  g_assert_no_error (error);
  g_assert_cmpint (p->kind, ==, SESAME_PAYLOAD_KIND_ACCOUNT);
  g_assert_null (p->batch);
  g_assert_cmpstr (p->account->issuer, ==, "ACME");
  g_assert_cmpstr (p->account->name, ==, "jane");
  g_assert_cmpuint (p->account->digits, ==, 8);
}

static void
test_steam (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesamePayload) p = parse ("steam://JBSWY3DPEHPK3PXP", &error);

  g_assert_no_error (error);
  g_assert_cmpint (p->kind, ==, SESAME_PAYLOAD_KIND_ACCOUNT);
  g_assert_cmpint (p->account->type, ==, SESAME_OTP_TYPE_STEAM);
}

static void
test_batch (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) uris = NULL;
  g_autoptr(SesamePayload) p = NULL;
  g_autoptr(SesamePayload) copy = NULL;
  SesameOtpauth *a = sesame_otpauth_parse ("otpauth://hotp/X:y?secret=JBSWY3DPEHPK3PXP&counter=9", &error);

  g_assert_no_error (error);
  g_ptr_array_add (accounts, a);
  uris = sesame_migration_encode (accounts, 0, &error);
  g_assert_no_error (error);

  p = parse (uris[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (p->kind, ==, SESAME_PAYLOAD_KIND_BATCH);
  g_assert_null (p->account);
  g_assert_cmpuint (p->batch->accounts->len, ==, 1);
  g_assert_true (sesame_otpauth_equal (p->batch->accounts->pdata[0], a));

  copy = sesame_payload_copy (p);
  g_assert_true (sesame_otpauth_equal (copy->batch->accounts->pdata[0], a));
}

static void
assert_not_enrollment (const guint8 *data,
                       gsize         size,
                       const char   *shown)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesamePayload) p = sesame_payload_parse (data, size, &error);

  g_assert_null (p);
  g_assert_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "This QR code is not a two-factor enrollment code"));
  g_assert_nonnull (strstr (error->message, shown));
  for (const char *c = error->message; *c; c++)
    g_assert_true ((guint8) *c >= 0x20);
}

static void
test_not_enrollment (void)
{
  const char *link = "https://example.com/login?next=%2Faccount%2Fsecurity%2Ftwo-factor%2Fsetup&utm_source=qr&x=1234567890";
  const guint8 binary[] = { 'a', 0, 'b', '\n', 0xff, 0xfe, 'c' };
  g_autofree char *huge = g_strnfill (100000, 'A');

  /* What it holds, without what could be a key (issue 13, finding 5):
   * a link without query, fragment or long tokens; Wi-Fi settings by their
   * network name; text and binary data only by their size. */
  assert_not_enrollment ((const guint8 *) link, strlen (link), "web link: “https://example.com/login?…”");
  assert_not_enrollment ((const guint8 *) "https://example.com/welcome", 27, "“https://example.com/welcome”");
  /* A key in groups in the path (found by the payload fuzz target). */
  assert_not_enrollment ((const guint8 *) "https://example.com/secret=JBSW-Y3DP-EHPK-3PXP/x", 48,
                         "“https://example.com/…/x”");
  assert_not_enrollment ((const guint8 *) "https://example.com/k/jbsw_y3dp.ehpk+3pxp", 41,
                         "“https://example.com/k/…”");
  assert_not_enrollment ((const guint8 *) "https://example.com/my-page-2", 29, "“https://example.com/my-page-2”");
  assert_not_enrollment ((const guint8 *) "https://example.com/a/JBSWY3DPEHPK3PXP/b#x", 42,
                         "“https://example.com/a/…/b#…”");
  assert_not_enrollment ((const guint8 *) "WIFI:S:home;T:WPA;P:pw;;", 24, "Wi-Fi settings for the network “home”");
  assert_not_enrollment ((const guint8 *) "WIFI:T:WPA;P:secret;S:my\\;net;;", 32, "“my;net”");
  assert_not_enrollment ((const guint8 *) "WIFI:T:WPA;P:secret;;", 21, "Wi-Fi settings");
  assert_not_enrollment ((const guint8 *) "Hello\tworld", 11, "11 characters of text");
  assert_not_enrollment (binary, sizeof binary, "7 bytes of binary data");
  assert_not_enrollment ((const guint8 *) huge, strlen (huge), "100000 characters");
  assert_not_enrollment ((const guint8 *) "", 0, "it is empty");
}

/* A link that starts like an enrollment link but not quite: said so, and
 * nothing of it shown. A byte order mark or zero-width space in front of
 * a good one (pasted from a document) is skipped. */
static void
test_mistyped (void)
{
  static const char *const mistyped[] = {
    "otpauth:/totp/ACME:jane?secret=JBSWY3DPEHPK3PXP",
    "otpauth//totp/ACME:jane?secret=JBSWY3DPEHPK3PXP",
    "otp://totp/jane?secret=JBSWY3DPEHPK3PXP",
    "\xef\xbb\xbfotpauth:/totp/jane?secret=JBSWY3DPEHPK3PXP",
  };
  static const char *const invisible[] = {
    "\xef\xbb\xbfotpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP",
    "\xe2\x80\x8b otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP",
  };

  for (guint i = 0; i < G_N_ELEMENTS (mistyped); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesamePayload) p = parse (mistyped[i], &error);

      g_assert_null (p);
      g_assert_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_DAMAGED);
      g_assert_nonnull (strstr (error->message, "does not start with “otpauth://”"));
      g_assert_null (strstr (error->message, "JBSW"));
    }

  for (guint i = 0; i < G_N_ELEMENTS (invisible); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesamePayload) p = parse (invisible[i], &error);

      g_assert_no_error (error);
      g_assert_cmpint (p->kind, ==, SESAME_PAYLOAD_KIND_ACCOUNT);
    }
}

static void
test_damaged (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesamePayload) p = NULL;

  /* otpauth:// with a NUL or invalid UTF-8 in it: refused without showing
   * the secret it may hold. */
  p = sesame_payload_parse ((const guint8 *) "otpauth://totp/a?secret=AAAA\0x", 30, &error);
  g_assert_null (p);
  g_assert_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_DAMAGED);
  g_assert_null (strstr (error->message, "AAAA"));
  g_clear_error (&error);

  p = sesame_payload_parse ((const guint8 *) " steam://AAAA\xff", 14, &error);
  g_assert_null (p);
  g_assert_error (error, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_DAMAGED);
}

static void
test_bad_enrollment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SesamePayload) p = parse ("otpauth://totp/ACME:jane?issuer=ACME", &error);

  g_assert_null (p);
  g_assert_error (error, SESAME_OTP_ERROR, SESAME_OTP_ERROR_MISSING_SECRET);
  g_clear_error (&error);

  p = parse ("otpauth-migration://offline?data=%%%", &error);
  g_assert_null (p);
  g_assert_error (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_INVALID_URI);
}

static void
test_preview (void)
{
  g_autofree char *a = sesame_payload_preview ((const guint8 *) "äöü€xyz", strlen ("äöü€xyz"), 4);
  g_autofree char *b = sesame_payload_preview ((const guint8 *) "ab", 2, 4);

  g_assert_cmpstr (a, ==, "äöü€…");
  g_assert_cmpstr (b, ==, "ab");
}

/* {{{ Enrolment: one function turns payloads into accounts */

static GPtrArray *
payloads_of (const char *first,
             ...)
{
  GPtrArray *payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  va_list args;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    g_ptr_array_add (payloads, g_bytes_new (text, strlen (text)));
  va_end (args);
  return payloads;
}

static void
test_enrolment_accounts (void)
{
  g_autoptr(GPtrArray) payloads =
    payloads_of ("https://example.com/welcome",
                 "otpauth://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP&issuer=ACME",
                 "OTPAUTH://totp/ACME:jane?secret=JBSWY3DPEHPK3PXP&issuer=ACME",  /* the same, shown twice */
                 "otpauth://totp/Shop:carol?secret=KRSXG5CTMVRXEZLU&issuer=Shop",
                 NULL);
  g_autoptr(SesameEnrolment) enrolment = sesame_enrolment_new_from_payloads (payloads);

  g_assert_cmpuint (enrolment->accounts->len, ==, 2);
  g_assert_cmpstr (sesame_account_get_issuer (g_ptr_array_index (enrolment->accounts, 0)), ==, "ACME");
  g_assert_cmpstr (sesame_account_get_issuer (g_ptr_array_index (enrolment->accounts, 1)), ==, "Shop");
  g_assert_cmpuint (enrolment->problems->len, ==, 0);
  g_assert_cmpint (enrolment->batch_size, ==, 1);
  g_assert_error (enrolment->not_enrolment, SESAME_PAYLOAD_ERROR, SESAME_PAYLOAD_ERROR_NOT_ENROLLMENT);
}

static void
test_enrolment_nothing (void)
{
  g_autoptr(GPtrArray) payloads = payloads_of ("https://example.com/welcome", NULL);
  g_autoptr(SesameEnrolment) enrolment = sesame_enrolment_new_from_payloads (payloads);

  g_assert_cmpuint (enrolment->accounts->len, ==, 0);
  g_assert_nonnull (strstr (sesame_enrolment_explain_nothing (enrolment), "not a two-factor enrollment code"));
}

/* A Google export with an MD5 entry (Sesame cannot use it) beside a good
 * one, code 1 of 2, with an upper-case scheme. */
#define MIGRATION_WITH_MD5 "OTPAUTH-MIGRATION://offline?data=CiEKCvqlBekzoNEukL4SA21kNRoGTGVnYWN5IAQoATACOAAKIAoK" \
                           "%2BqUF6TOg0S6QvhIEZ29vZBoEQWNtZSABKAEwAjgAEAEYAiAAKAc%3D"

static void
test_enrolment_google_problems (void)
{
  g_autoptr(GPtrArray) payloads = sesame_enrolment_links_from_text ("Here you go:\n  " MIGRATION_WITH_MD5 "  \n");
  g_autoptr(SesameEnrolment) enrolment = NULL;

  g_assert_cmpuint (payloads->len, ==, 1);
  enrolment = sesame_enrolment_new_from_payloads (payloads);
  g_assert_no_error (enrolment->not_enrolment);
  g_assert_cmpuint (enrolment->accounts->len, ==, 1);
  g_assert_cmpstr (sesame_account_get_name (g_ptr_array_index (enrolment->accounts, 0)), ==, "good");
  g_assert_cmpuint (enrolment->problems->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (enrolment->problems, 0), "md5"));
  g_assert_cmpint (enrolment->batch_index, ==, 0);
  g_assert_cmpint (enrolment->batch_size, ==, 2);
}

/* One case rule for link schemes (they are case-insensitive). */
static void
test_enrolment_links (void)
{
  g_autoptr(GPtrArray) links =
    sesame_enrolment_links_from_text ("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP\n"
                                      "Otpauth://totp/b?secret=JBSWY3DPEHPK3PXP\r\n"
                                      "STEAM://JBSWY3DPEHPK3PXP\n"
                                      "https://example.com\n"
                                      "see otpauth://totp/c?secret=JBSWY3DPEHPK3PXP\n");

  g_assert_cmpuint (links->len, ==, 3);
  g_assert_true (sesame_enrolment_is_link ("otpauth-migration://offline?data=x"));
  g_assert_true (sesame_enrolment_is_link ("OtpAuth://totp/x"));
  g_assert_false (sesame_enrolment_is_link ("otpauth"));
  g_assert_false (sesame_enrolment_is_link ("mailto:otpauth://"));
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/payload/account", test_account);
  g_test_add_func ("/payload/steam", test_steam);
  g_test_add_func ("/payload/batch", test_batch);
  g_test_add_func ("/payload/not-enrollment", test_not_enrollment);
  g_test_add_func ("/payload/mistyped", test_mistyped);
  g_test_add_func ("/payload/damaged", test_damaged);
  g_test_add_func ("/payload/bad-enrollment", test_bad_enrollment);
  g_test_add_func ("/payload/preview", test_preview);
  g_test_add_func ("/enrolment/accounts", test_enrolment_accounts);
  g_test_add_func ("/enrolment/nothing", test_enrolment_nothing);
  g_test_add_func ("/enrolment/google-problems", test_enrolment_google_problems);
  g_test_add_func ("/enrolment/links", test_enrolment_links);

  return g_test_run ();
}
