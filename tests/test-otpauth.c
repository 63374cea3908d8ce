/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sesame-base32.h"
#include "sesame-otpauth.h"

#define SECRET "JBSWY3DPEHPK3PXP"

static SesameOtpauth *
parse_ok (const char *uri)
{
  g_autoptr(GError) error = NULL;
  SesameOtpauth *otp = sesame_otpauth_parse (uri, &error);

  g_assert_no_error (error);
  g_assert_nonnull (otp);
  return otp;
}

static void
assert_secret (const SesameOtpauth *otp,
               const char          *base32)
{
  g_autofree char *encoded = sesame_secret_to_base32 (otp->secret);

  g_assert_cmpstr (encoded, ==, base32);
}

static void
test_basic (void)
{
  g_autoptr(SesameOtpauth) otp = parse_ok ("otpauth://totp/Example:alice@google.com?secret=" SECRET "&issuer=Example");

  g_assert_cmpint (otp->type, ==, SESAME_OTP_TYPE_TOTP);
  g_assert_cmpstr (otp->issuer, ==, "Example");
  g_assert_cmpstr (otp->name, ==, "alice@google.com");
  g_assert_cmpint (otp->algorithm, ==, SESAME_OTP_ALGORITHM_SHA1);
  g_assert_cmpuint (otp->digits, ==, 6);
  g_assert_cmpuint (otp->period, ==, 30);
  assert_secret (otp, SECRET);
}

static void
test_label_forms (void)
{
  g_autoptr(SesameOtpauth) a = parse_ok ("otpauth://totp/ACME%20Co%3Ajohn.doe@email.com?secret=" SECRET);
  g_autoptr(SesameOtpauth) b = parse_ok ("otpauth://totp/ACME%20Co:%20%20john?secret=" SECRET);
  g_autoptr(SesameOtpauth) c = parse_ok ("otpauth://totp/john?secret=" SECRET);
  g_autoptr(SesameOtpauth) d = parse_ok ("otpauth://totp/Label:john?secret=" SECRET "&issuer=Param");
  g_autoptr(SesameOtpauth) e = parse_ok ("otpauth://totp/Caf%C3%A9:J%C3%BCrgen?secret=" SECRET);
  g_autoptr(SesameOtpauth) f = parse_ok ("otpauth://totp/Air%20Canada:Benjamin?secret=" SECRET "&issuer=Air+Canada");
  g_autoptr(SesameOtpauth) g = parse_ok ("OTPAUTH://TOTP/x?SECRET=" SECRET "&image=https%3A%2F%2Fexample.com&foo=bar#frag");
  g_autoptr(SesameOtpauth) h = parse_ok ("otpauth://totp?secret=" SECRET "&issuer=NoLabel");

  g_assert_cmpstr (a->issuer, ==, "ACME Co");
  g_assert_cmpstr (a->name, ==, "john.doe@email.com");
  g_assert_cmpstr (b->issuer, ==, "ACME Co");
  g_assert_cmpstr (b->name, ==, "john");
  g_assert_cmpstr (c->issuer, ==, "");
  g_assert_cmpstr (c->name, ==, "john");
  /* The issuer parameter wins over the label prefix. */
  g_assert_cmpstr (d->issuer, ==, "Param");
  g_assert_cmpstr (d->name, ==, "john");
  g_assert_cmpstr (e->issuer, ==, "Café");
  g_assert_cmpstr (e->name, ==, "Jürgen");
  g_assert_cmpstr (f->issuer, ==, "Air Canada");
  g_assert_cmpstr (g->name, ==, "x");
  assert_secret (g, SECRET);
  g_assert_cmpstr (h->issuer, ==, "NoLabel");
  g_assert_cmpstr (h->name, ==, "");
}

static void
test_parameters (void)
{
  g_autoptr(SesameOtpauth) a = parse_ok ("otpauth://totp/A:b?secret=" SECRET "&algorithm=SHA512&digits=8&period=60");
  g_autoptr(SesameOtpauth) b = parse_ok ("otpauth://hotp/A:b?secret=" SECRET "&counter=18446744073709551615&algorithm=sha256");
  g_autoptr(SesameOtpauth) c = parse_ok ("otpauth://hotp/A:b?secret=" SECRET "&counter=10300&period=30");
  g_autoptr(SesameOtpauth) d = parse_ok ("otpauth://totp/A:b?secret=" SECRET "&digits=10&period=1");

  g_assert_cmpint (a->algorithm, ==, SESAME_OTP_ALGORITHM_SHA512);
  g_assert_cmpuint (a->digits, ==, 8);
  g_assert_cmpuint (a->period, ==, 60);
  g_assert_cmpint (b->type, ==, SESAME_OTP_TYPE_HOTP);
  g_assert_cmpuint (b->counter, ==, G_MAXUINT64);
  g_assert_cmpint (b->algorithm, ==, SESAME_OTP_ALGORITHM_SHA256);
  g_assert_cmpuint (c->counter, ==, 10300);
  g_assert_cmpuint (d->digits, ==, 10);
  g_assert_cmpuint (d->period, ==, 1);
}

static void
test_steam (void)
{
  g_autoptr(SesameOtpauth) a = parse_ok ("otpauth://totp/Steam:gabe?secret=" SECRET "&issuer=Steam&encoder=steam");
  g_autoptr(SesameOtpauth) b = parse_ok ("steam://" SECRET);
  g_autoptr(SesameOtpauth) c = parse_ok ("otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing&digits=5");

  g_assert_cmpint (a->type, ==, SESAME_OTP_TYPE_STEAM);
  g_assert_cmpuint (a->digits, ==, 5);
  g_assert_cmpint (b->type, ==, SESAME_OTP_TYPE_STEAM);
  g_assert_cmpstr (b->issuer, ==, "Steam");
  assert_secret (b, SECRET);
  g_assert_cmpint (c->type, ==, SESAME_OTP_TYPE_STEAM);
  g_assert_cmpstr (c->issuer, ==, "Boeing");
  g_assert_cmpstr (c->name, ==, "Sophia");
}

static void
test_round_trip (void)
{
  static const char *uris[] = {
    "otpauth://totp/Example:alice@google.com?secret=" SECRET "&issuer=Example",
    "otpauth://totp/ACME%20Co%3Ajohn?secret=" SECRET "&algorithm=SHA256&digits=7&period=20",
    "otpauth://hotp/WWE:Mason?secret=5VAML3X35THCEBVRLV24CGBKOY&algorithm=SHA512&digits=8&counter=10300",
    "otpauth://totp/Steam:gabe?secret=" SECRET "&encoder=steam",
    "otpauth://totp/noissuer?secret=" SECRET,
    "otpauth://totp/A%3Ab%3Ac:d%20e%2Ff%3Fg%26h?secret=" SECRET "&issuer=A%3Ab%3Ac",
    "otpauth://totp/%E2%9C%93%20Check:%F0%9F%94%91?secret=" SECRET,
  };

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(SesameOtpauth) first = parse_ok (uris[i]);
      g_autofree char *formatted = sesame_otpauth_format (first);
      g_autoptr(SesameOtpauth) second = parse_ok (formatted);
      g_autofree char *again = sesame_otpauth_format (second);

      g_test_message ("%s -> %s", uris[i], formatted);
      g_assert_true (sesame_otpauth_equal (first, second));
      g_assert_cmpstr (formatted, ==, again);
    }
}

static void
test_format (void)
{
  g_autoptr(SesameOtpauth) otp = parse_ok ("otpauth://totp/A%20B:c@d?secret=" SECRET "&issuer=A%20B");
  g_autofree char *uri = sesame_otpauth_format (otp);

  g_assert_cmpstr (uri, ==,
                   "otpauth://totp/A%20B:c%40d?secret=" SECRET "&issuer=A%20B&algorithm=SHA1&digits=6&period=30");
}

typedef struct
{
  const char *description;
  const char *uri;
  int code;
} Bad;

static void
test_rejects (void)
{
  g_autofree char *long_label = NULL;
  g_autofree char *long_uri = NULL;
  g_autofree char *long_issuer = NULL;
  GString *s;
  const Bad bad[] = {
    { "empty", "", SESAME_OTP_ERROR_EMPTY },
    { "blank", "   \n", SESAME_OTP_ERROR_EMPTY },
    { "not a uri", "hello world", SESAME_OTP_ERROR_INVALID_URI },
    { "web link", "https://example.com/?secret=" SECRET, SESAME_OTP_ERROR_UNSUPPORTED_SCHEME },
    { "migration", "otpauth-migration://offline?data=CjEKCkhlbGxv", SESAME_OTP_ERROR_UNSUPPORTED_SCHEME },
    { "unknown type", "otpauth://motp/A:b?secret=" SECRET, SESAME_OTP_ERROR_UNKNOWN_TYPE },
    { "empty type", "otpauth:///A:b?secret=" SECRET, SESAME_OTP_ERROR_UNKNOWN_TYPE },
    { "no query", "otpauth://totp/A:b", SESAME_OTP_ERROR_MISSING_SECRET },
    { "missing secret", "otpauth://totp/A:b?issuer=A", SESAME_OTP_ERROR_MISSING_SECRET },
    { "empty secret", "otpauth://totp/A:b?secret=", SESAME_OTP_ERROR_MISSING_SECRET },
    { "secret of spaces", "otpauth://totp/A:b?secret=%20%20", SESAME_OTP_ERROR_MISSING_SECRET },
    { "bad base32", "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PX1", SESAME_OTP_ERROR_INVALID_BASE32 },
    { "base32 length", "otpauth://totp/A:b?secret=JBSWY3DPE", SESAME_OTP_ERROR_BASE32_LENGTH },
    { "base32 padding", "otpauth://totp/A:b?secret=JB%3DSWY3DPEHPK3PXP", SESAME_OTP_ERROR_BASE32_PADDING },
    { "digits 0", "otpauth://totp/A:b?secret=" SECRET "&digits=0", SESAME_OTP_ERROR_INVALID_DIGITS },
    { "digits 4", "otpauth://totp/A:b?secret=" SECRET "&digits=4", SESAME_OTP_ERROR_INVALID_DIGITS },
    { "digits 11", "otpauth://totp/A:b?secret=" SECRET "&digits=11", SESAME_OTP_ERROR_INVALID_DIGITS },
    { "digits text", "otpauth://totp/A:b?secret=" SECRET "&digits=six", SESAME_OTP_ERROR_INVALID_DIGITS },
    { "digits negative", "otpauth://totp/A:b?secret=" SECRET "&digits=-6", SESAME_OTP_ERROR_INVALID_DIGITS },
    { "digits huge", "otpauth://totp/A:b?secret=" SECRET "&digits=4294967302", SESAME_OTP_ERROR_INVALID_DIGITS },
    { "period 0", "otpauth://totp/A:b?secret=" SECRET "&period=0", SESAME_OTP_ERROR_INVALID_PERIOD },
    { "period negative", "otpauth://totp/A:b?secret=" SECRET "&period=-30", SESAME_OTP_ERROR_INVALID_PERIOD },
    { "period empty", "otpauth://totp/A:b?secret=" SECRET "&period=", SESAME_OTP_ERROR_INVALID_PERIOD },
    { "period fraction", "otpauth://totp/A:b?secret=" SECRET "&period=30.5", SESAME_OTP_ERROR_INVALID_PERIOD },
    { "period overflow", "otpauth://totp/A:b?secret=" SECRET "&period=99999999999999999999999", SESAME_OTP_ERROR_INVALID_PERIOD },
    { "counter overflow", "otpauth://hotp/A:b?secret=" SECRET "&counter=18446744073709551616", SESAME_OTP_ERROR_INVALID_COUNTER },
    { "counter negative", "otpauth://hotp/A:b?secret=" SECRET "&counter=-1", SESAME_OTP_ERROR_INVALID_COUNTER },
    { "counter hex", "otpauth://hotp/A:b?secret=" SECRET "&counter=0x10", SESAME_OTP_ERROR_INVALID_COUNTER },
    { "algorithm md5", "otpauth://totp/A:b?secret=" SECRET "&algorithm=MD5", SESAME_OTP_ERROR_INVALID_ALGORITHM },
    { "algorithm empty", "otpauth://totp/A:b?secret=" SECRET "&algorithm=", SESAME_OTP_ERROR_INVALID_ALGORITHM },
    { "invalid utf-8 label", "otpauth://totp/A%C3%28:b?secret=" SECRET, SESAME_OTP_ERROR_INVALID_ENCODING },
    { "invalid utf-8 issuer", "otpauth://totp/A:b?secret=" SECRET "&issuer=%FF%FE", SESAME_OTP_ERROR_INVALID_ENCODING },
    { "raw invalid utf-8", "otpauth://totp/A\xff:b?secret=" SECRET, SESAME_OTP_ERROR_INVALID_ENCODING },
    { "nul byte", "otpauth://totp/A%00B:b?secret=" SECRET, SESAME_OTP_ERROR_INVALID_ENCODING },
    { "newline in label", "otpauth://totp/A%0AB:b?secret=" SECRET, SESAME_OTP_ERROR_INVALID_ENCODING },
    { "broken escape", "otpauth://totp/A%4:b?secret=" SECRET, SESAME_OTP_ERROR_INVALID_ENCODING },
    { "escape at end", "otpauth://totp/A:b?secret=" SECRET "&issuer=%", SESAME_OTP_ERROR_INVALID_ENCODING },
    { "non-hex escape", "otpauth://totp/A%G1:b?secret=" SECRET, SESAME_OTP_ERROR_INVALID_ENCODING },
    { "duplicate secret", "otpauth://totp/A:b?secret=" SECRET "&secret=" SECRET, SESAME_OTP_ERROR_DUPLICATE_PARAMETER },
    { "duplicate digits", "otpauth://totp/A:b?digits=6&secret=" SECRET "&DIGITS=8", SESAME_OTP_ERROR_DUPLICATE_PARAMETER },
    { "steam bad secret", "steam://not-base32!", SESAME_OTP_ERROR_INVALID_BASE32 },
    { "steam empty", "steam://", SESAME_OTP_ERROR_MISSING_SECRET },
    { "64 KiB label", NULL, SESAME_OTP_ERROR_TOO_LONG },
    { "long field", NULL, SESAME_OTP_ERROR_TOO_LONG },
    { "long issuer", NULL, SESAME_OTP_ERROR_TOO_LONG },
  };
  guint n = 0;

  s = g_string_new ("otpauth://totp/");
  for (guint i = 0; i < 64 * 1024; i++)
    g_string_append_c (s, 'a');
  g_string_append (s, "?secret=" SECRET);
  long_uri = g_string_free (s, FALSE);

  s = g_string_new ("otpauth://totp/");
  for (guint i = 0; i < SESAME_OTPAUTH_MAX_FIELD + 1; i++)
    g_string_append_c (s, 'b');
  g_string_append (s, "?secret=" SECRET);
  long_label = g_string_free (s, FALSE);

  s = g_string_new ("otpauth://totp/a?secret=" SECRET "&issuer=");
  for (guint i = 0; i < SESAME_OTPAUTH_MAX_FIELD + 1; i++)
    g_string_append (s, "%41");
  long_issuer = g_string_free (s, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SesameOtpauth) otp = NULL;
      const char *uri = bad[i].uri;

      if (g_str_equal (bad[i].description, "64 KiB label"))
        uri = long_uri;
      else if (g_str_equal (bad[i].description, "long field"))
        uri = long_label;
      else if (g_str_equal (bad[i].description, "long issuer"))
        uri = long_issuer;

      g_test_message ("%s", bad[i].description);
      otp = sesame_otpauth_parse (uri, &error);
      g_assert_null (otp);
      g_assert_error (error, SESAME_OTP_ERROR, bad[i].code);
      g_assert_nonnull (error->message);
      /* The message never repeats the secret. */
      g_assert_null (strstr (error->message, SECRET));
      g_assert_null (strstr (error->message, "JBSWY3DPEHPK3PX"));
      n++;
    }

  g_assert_cmpuint (n, >=, 30);
}

/* Parse → format → parse is the identity (issue 13, finding 4: the label
 * ":a:b" meant issuer "" and name "a:b", was written "a%3Ab" and read back
 * as issuer "a", name "b"). Checked over generated links (labels with ':',
 * '%', spaces and the like, with or without the issuer parameter, which may
 * differ from the label's) and generated accounts (any issuer and name
 * without spaces at their ends, which every link's parsing removes). */

static char *
random_field (GRand *rand)
{
  static const char *const pieces[] = { "a", "B", ":", ":", " ", "%", "&", "?", "#", "/", "+", "=", "é", "€", ".", "@", "::" };
  GString *field = g_string_new (NULL);
  guint length = g_rand_int_range (rand, 0, 6);

  for (guint i = 0; i < length; i++)
    g_string_append (field, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (field, FALSE);
}

/* Escapes what a URI needs, and, at random, a ':' as %3A or a space as %20. */
static void
append_label_text (GString    *uri,
                   const char *text,
                   GRand      *rand)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' && g_rand_boolean (rand))
        g_string_append (uri, "%3A");
      else if (*p == ':' || *p == ' ' || *p == '.' || *p == '@')
        g_string_append_c (uri, *p);
      else
        {
          g_autofree char *one = g_strndup (p, g_utf8_next_char (p) - p);
          g_autofree char *escaped = g_uri_escape_string (one, NULL, FALSE);

          g_string_append (uri, escaped);
          p = g_utf8_next_char (p) - 1;
        }
    }
}

static void
assert_round_trip (const SesameOtpauth *first,
                   const char          *origin)
{
  g_autoptr(SesameSecureStr) uri = sesame_otpauth_format (first);
  g_autoptr(SesameSecureStr) again = NULL;
  g_autoptr(SesameOtpauth) second = NULL;
  g_autoptr(GError) error = NULL;

  second = sesame_otpauth_parse (uri, &error);
  if (second == NULL || !sesame_otpauth_equal (first, second))
    g_error ("%s: issuer “%s”, name “%s” was written %s and read back as %s (issuer “%s”, name “%s”)",
             origin, first->issuer, first->name, uri, error != NULL ? error->message : "ok",
             second != NULL ? second->issuer : "", second != NULL ? second->name : "");

  /* And the text is a fixed point. */
  again = sesame_otpauth_format (second);
  g_assert_cmpstr (again, ==, uri);
}

static void
test_round_trip_generated (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint parsed = 0;

  {
    g_autoptr(SesameOtpauth) colon = parse_ok ("otpauth://totp/:a:b?secret=" SECRET);

    g_assert_cmpstr (colon->issuer, ==, "");
    g_assert_cmpstr (colon->name, ==, "a:b");
    assert_round_trip (colon, "the link of the review");
  }

  /* Generated links. */
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *issuer = random_field (rand), *name = random_field (rand), *param = random_field (rand);
      g_autoptr(GString) uri = g_string_new (g_rand_boolean (rand) ? "otpauth://totp/" : "otpauth://hotp/");
      g_autoptr(SesameOtpauth) otp = NULL;
      g_autoptr(GError) error = NULL;

      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:  /* "name" */
          append_label_text (uri, name, rand);
          break;
        case 1:  /* "issuer:name" */
          append_label_text (uri, issuer, rand);
          g_string_append_c (uri, ':');
          append_label_text (uri, name, rand);
          break;
        default:  /* ":name" */
          g_string_append_c (uri, ':');
          append_label_text (uri, name, rand);
          break;
        }
      g_string_append (uri, "?secret=" SECRET);
      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          break;
        case 1:  /* the label's issuer */
          g_string_append (uri, "&issuer=");
          append_label_text (uri, issuer, rand);
          break;
        default:  /* another */
          g_string_append (uri, "&issuer=");
          append_label_text (uri, param, rand);
          break;
        }

      otp = sesame_otpauth_parse (uri->str, &error);
      if (otp == NULL)
        continue;
      parsed++;
      assert_round_trip (otp, uri->str);
    }
  g_test_message ("%u generated links parsed and checked", parsed);
  g_assert_cmpuint (parsed, >, 10000);

  /* Generated accounts. */
  for (guint i = 0; i < 20000; i++)
    {
      g_autoptr(SesameOtpauth) otp = parse_ok ("otpauth://totp/x?secret=" SECRET);
      g_autofree char *issuer = random_field (rand), *name = random_field (rand);

      g_free (otp->issuer);
      otp->issuer = g_strstrip (g_steal_pointer (&issuer));
      g_free (otp->name);
      otp->name = g_strstrip (g_steal_pointer (&name));
      assert_round_trip (otp, "generated account");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/otpauth/basic", test_basic);
  g_test_add_func ("/otpauth/label-forms", test_label_forms);
  g_test_add_func ("/otpauth/parameters", test_parameters);
  g_test_add_func ("/otpauth/steam", test_steam);
  g_test_add_func ("/otpauth/round-trip", test_round_trip);
  g_test_add_func ("/otpauth/format", test_format);
  g_test_add_func ("/otpauth/round-trip-generated", test_round_trip_generated);
  g_test_add_func ("/otpauth/rejects", test_rejects);

  return g_test_run ();
}
