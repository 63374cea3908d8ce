/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "sesame-otpauth.h"
#include "sesame-qr-decode.h"
#include "sesame-test-utils.h"

/* Runs the built sesame-cli against the test session's keyring, under a
 * schema of its own (SESAME_KEYRING_SCHEMA), in the order below: each test
 * builds on what the one before added. */

#define RFC_SHA1 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  /* "12345678901234567890" */

static char *schema;
static char *acme_id;
static char *hotp_id;
static char *bare_id;

static void
run_cli_env (SesameTestRun      *run,
             const char         *input,
             const char         *bus_address,
             const char * const *args)
{
  sesame_test_run_cli (run, &(SesameTestCli) { .schema = schema, .input = input, .bus_address = bus_address }, args);
}

#define RUN(run, input, ...) run_cli_env ((run), (input), NULL, (const char *[]) { __VA_ARGS__, NULL })

/* A failure: status 1 and exactly one line on stderr. */
static void
assert_failed (SesameTestRun *run)
{
  g_assert_cmpint (run->status, ==, 1);
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  g_assert_true (g_str_has_prefix (run->err, "sesame-cli "));
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static JsonObject *
find_by_id (JsonArray  *array,
            const char *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, "id"), id) == 0)
        return object;
    }

  return NULL;
}

static char *
single_line (const char *out)
{
  g_assert_true (g_str_has_suffix (out, "\n"));
  g_assert_true (strchr (out, '\n') == out + strlen (out) - 1);
  return g_strndup (out, strlen (out) - 1);
}

static void
test_empty (void)
{
  g_auto(SesameTestRun) run = { 0 };
  g_autoptr(JsonArray) array = NULL;

  RUN (&run, NULL, "list", "--json");
  g_assert_cmpint (run.status, ==, 0);
  array = parse_array (run.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 0);
}

static void
test_add (void)
{
  g_auto(SesameTestRun) uri = { 0 };
  g_auto(SesameTestRun) stdin_run = { 0 };
  g_auto(SesameTestRun) flags = { 0 };
  g_auto(GStrv) lines = NULL;

  RUN (&uri, NULL, "add", "otpauth://totp/ACME%20Co:alice@example.com?secret=" RFC_SHA1 "&issuer=ACME%20Co&digits=8");
  g_assert_cmpint (uri.status, ==, 0);
  acme_id = single_line (uri.out);
  g_assert_true (g_uuid_string_is_valid (acme_id));
  g_assert_cmpstr (uri.err, ==, "");

  /* From stdin: blank lines and comments skipped. */
  RUN (&stdin_run, "# exported\n\notpauth://hotp/Counter:bob?secret=" RFC_SHA1 "&counter=0\n"
       "otpauth://totp/carol?secret=JBSWY3DPEHPK3PXP\n", "add", "-");
  g_assert_cmpint (stdin_run.status, ==, 0);
  lines = g_strsplit (g_strchomp (stdin_run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  hotp_id = g_strdup (lines[0]);
  bare_id = g_strdup (lines[1]);

  RUN (&flags, NULL, "add", "--issuer", "Flags", "--name", "dave", "--secret", "MFRGGZDFMZTWQ2LK",
       "--algorithm", "sha256", "--digits", "7", "--period", "60", "--type", "totp");
  g_assert_cmpint (flags.status, ==, 0);
}

static void
test_list (void)
{
  g_auto(SesameTestRun) run = { 0 };
  g_auto(SesameTestRun) text = { 0 };
  g_autoptr(JsonArray) array = NULL;
  JsonObject *acme;
  JsonObject *bare;

  RUN (&run, NULL, "list", "--json");
  g_assert_cmpint (run.status, ==, 0);
  array = parse_array (run.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);

  acme = find_by_id (array, acme_id);
  g_assert_nonnull (acme);
  g_assert_cmpstr (json_object_get_string_member (acme, "issuer"), ==, "ACME Co");
  g_assert_cmpstr (json_object_get_string_member (acme, "name"), ==, "alice@example.com");
  g_assert_cmpstr (json_object_get_string_member (acme, "type"), ==, "totp");
  g_assert_cmpstr (json_object_get_string_member (find_by_id (array, hotp_id), "type"), ==, "hotp");
  bare = find_by_id (array, bare_id);
  g_assert_cmpstr (json_object_get_string_member (bare, "issuer"), ==, "");
  g_assert_cmpstr (json_object_get_string_member (bare, "name"), ==, "carol");

  /* No secret in any listing. */
  g_assert_null (strstr (run.out, RFC_SHA1));
  RUN (&text, NULL, "list");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, acme_id));
  g_assert_nonnull (strstr (text.out, "\ttotp\tACME Co\talice@example.com\n"));
  g_assert_null (strstr (text.out, RFC_SHA1));
}

/* RFC 6238 Appendix B, SHA1, 8 digits. */
static void
test_code_rfc6238 (void)
{
  static const struct { const char *at; const char *code; gint64 remaining; } vectors[] = {
    { "59", "94287082", 1 },
    { "1111111109", "07081804", 1 },
    { "1111111111", "14050471", 29 },
    { "1234567890", "89005924", 30 },
    { "2000000000", "69279037", 10 },
    { "20000000000", "65353130", 10 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_auto(SesameTestRun) run = { 0 };
      g_autoptr(JsonArray) array = NULL;
      JsonObject *object;

      RUN (&run, NULL, "code", "acme", "--at", vectors[i].at, "--json");
      g_assert_cmpint (run.status, ==, 0);
      array = parse_array (run.out);
      g_assert_cmpuint (json_array_get_length (array), ==, 1);
      object = json_array_get_object_element (array, 0);
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, acme_id);
      g_assert_cmpstr (json_object_get_string_member (object, "issuer"), ==, "ACME Co");
      g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "totp");
      /* A string, leading zero kept. */
      g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, vectors[i].code);
      g_assert_cmpint (json_object_get_int_member (object, "remaining"), ==, vectors[i].remaining);
    }
}

static void
test_code_all_and_text (void)
{
  g_auto(SesameTestRun) all = { 0 };
  g_auto(SesameTestRun) text = { 0 };
  g_auto(SesameTestRun) words = { 0 };
  g_auto(SesameTestRun) none = { 0 };
  g_autoptr(JsonArray) array = NULL;
  JsonObject *bare;

  RUN (&all, NULL, "code", "--json", "--at", "59");
  g_assert_cmpint (all.status, ==, 0);
  array = parse_array (all.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  bare = find_by_id (array, bare_id);
  g_assert_cmpstr (json_object_get_string_member (bare, "issuer"), ==, "");
  g_assert_cmpuint (strlen (json_object_get_string_member (bare, "code")), ==, 6);

  /* The name matches too, in any case. */
  RUN (&text, NULL, "code", "ALICE", "--at", "59");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "94287082"));
  g_assert_nonnull (strstr (text.out, "1s"));
  g_assert_nonnull (strstr (text.out, "ACME Co: alice@example.com"));

  /* Accents ignored, and every word anywhere in the issuer or the name:
   * the window's rule (sesame_account_matches_query()). */
  RUN (&words, NULL, "code", "alice ÂCMÉ", "--at", "59");
  g_assert_cmpint (words.status, ==, 0);
  g_assert_nonnull (strstr (words.out, "ACME Co: alice@example.com"));

  RUN (&none, NULL, "code", "no-such-service");
  assert_failed (&none);
}

/* RFC 4226 Appendix D: the stored counter's code, advanced only by next. */
static void
test_hotp_next (void)
{
  static const char *expected[] = { "755224", "287082", "359152" };
  g_autofree char *prefix = g_strndup (hotp_id, 8);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      for (guint twice = 0; twice < 2; twice++)
        {
          g_auto(SesameTestRun) code = { 0 };
          g_autoptr(JsonArray) array = NULL;
          JsonObject *object;

          RUN (&code, NULL, "code", "counter", "--json");
          g_assert_cmpint (code.status, ==, 0);
          array = parse_array (code.out);
          object = json_array_get_object_element (array, 0);
          g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "hotp");
          g_assert_cmpstr (json_object_get_string_member (object, "code"), ==, expected[i]);
        }

      if (i + 1 < G_N_ELEMENTS (expected))
        {
          g_auto(SesameTestRun) next = { 0 };
          g_autofree char *line = NULL;

          /* By a unique prefix of the uuid. */
          RUN (&next, NULL, "next", prefix);
          g_assert_cmpint (next.status, ==, 0);
          line = single_line (next.out);
          g_assert_cmpstr (line, ==, expected[i + 1]);
        }
    }
}

/* The terminal drawing back into pixels (drawn = light), scanned by ZBar:
 * what a phone pointed at the terminal would read. */
static char *
scan_terminal_qr (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  const guint scale = 4;
  const guint margin = 16;
  guint rows = 0;
  glong cols = 0;
  g_autofree guint8 *pixels = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  guint width, height;
  GBytes *payload;

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++, rows++)
    cols = MAX (cols, g_utf8_strlen (lines[i], -1));
  g_assert_cmpuint (rows, >, 10);

  width = cols * scale + 2 * margin;
  height = rows * 2 * scale + 2 * margin;
  pixels = g_malloc (width * height);
  memset (pixels, 255, width * height);

  for (guint r = 0; r < rows; r++)
    {
      const char *p = lines[r];

      for (guint c = 0; *p != '\0'; c++, p = g_utf8_next_char (p))
        {
          gunichar ch = g_utf8_get_char (p);
          gboolean top_light = ch == 0x2588 || ch == 0x2580;
          gboolean bottom_light = ch == 0x2588 || ch == 0x2584;

          for (guint half = 0; half < 2; half++)
            for (guint dy = 0; dy < scale; dy++)
              for (guint dx = 0; dx < scale; dx++)
                {
                  guint y = margin + (r * 2 + half) * scale + dy;
                  guint x = margin + c * scale + dx;

                  pixels[y * width + x] = (half == 0 ? top_light : bottom_light) ? 255 : 0;
                }
        }
    }

  payloads = sesame_qr_decode (pixels, width, height, width, 0);
  g_assert_cmpuint (payloads->len, ==, 1);
  payload = g_ptr_array_index (payloads, 0);
  return g_strndup (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload));
}

static void
test_show (void)
{
  g_auto(SesameTestRun) uri = { 0 };
  g_auto(SesameTestRun) details = { 0 };
  g_auto(SesameTestRun) qr = { 0 };
  g_autoptr(SesameOtpauth) otp = NULL;
  g_autoptr(SesameOtpauth) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  RUN (&uri, NULL, "show", acme_id, "--uri");
  g_assert_cmpint (uri.status, ==, 0);
  line = single_line (uri.out);
  otp = sesame_otpauth_parse (line, &error);
  g_assert_no_error (error);
  expected = sesame_otpauth_parse ("otpauth://totp/ACME%20Co:alice@example.com?secret=" RFC_SHA1 "&issuer=ACME%20Co&digits=8",
                                   &error);
  g_assert_no_error (error);
  g_assert_true (sesame_otpauth_equal (otp, expected));

  RUN (&details, NULL, "show", acme_id);
  g_assert_cmpint (details.status, ==, 0);
  g_assert_nonnull (strstr (details.out, "issuer: ACME Co\n"));
  g_assert_nonnull (strstr (details.out, "digits: 8\n"));
  g_assert_null (strstr (details.out, RFC_SHA1));

  /* The QR code is the secret: drawn into a pipe only when forced. */
  RUN (&qr, NULL, "show", acme_id, "--qr");
  assert_failed (&qr);
  g_assert_cmpstr (qr.out, ==, "");
  sesame_test_run_clear (&qr);
  RUN (&qr, NULL, "show", acme_id, "--qr", "--force");
  g_assert_cmpint (qr.status, ==, 0);
  g_assert_nonnull (strstr (qr.out, "█"));
  g_assert_nonnull (strstr (qr.out, "▀"));
  g_assert_nonnull (strstr (qr.out, "▄"));
  g_assert_null (strstr (qr.out, RFC_SHA1));
  {
    g_autofree char *scanned = scan_terminal_qr (qr.out);

    g_assert_cmpstr (scanned, ==, line);
  }
}

/* #16.12: accounts by what people remember (the same query as "code",
 * never an ambiguous one), sorted output, --code-only for scripts, a
 * backup that does not overwrite, a dry run that names what it adds. */
static void
test_queries (void)
{
  g_auto(SesameTestRun) list = { 0 };
  g_auto(SesameTestRun) only = { 0 };
  g_auto(SesameTestRun) many = { 0 };
  g_auto(SesameTestRun) show = { 0 };
  g_auto(SesameTestRun) ambiguous = { 0 };
  g_auto(SesameTestRun) next = { 0 };
  g_auto(SesameTestRun) first = { 0 };
  g_auto(SesameTestRun) again = { 0 };
  g_auto(SesameTestRun) forced = { 0 };
  g_auto(SesameTestRun) dry = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sesame-cli-XXXXXX", NULL);
  g_autofree char *backup = g_build_filename (dir, "b.age", NULL);
  g_autofree char *pass = g_build_filename (dir, "pass", NULL);
  g_autofree char *uris = g_build_filename (dir, "uris.txt", NULL);

  /* Sorted by issuer, then name, whatever the keyring's order: "carol"
   * (no issuer) is called by its name. */
  RUN (&list, NULL, "list");
  g_assert_cmpint (list.status, ==, 0);
  lines = g_strsplit (g_strchomp (list.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_nonnull (strstr (lines[0], "\tACME Co\t"));
  g_assert_nonnull (strstr (lines[1], "\tcarol"));
  g_assert_nonnull (strstr (lines[2], "\tCounter\t"));
  g_assert_nonnull (strstr (lines[3], "\tFlags\t"));

  RUN (&only, NULL, "code", "acme", "--code-only", "--at", "59");
  g_assert_cmpint (only.status, ==, 0);
  g_assert_cmpstr (only.out, ==, "94287082\n");
  RUN (&many, NULL, "code", "--code-only");
  assert_failed (&many);
  g_assert_cmpstr (many.out, ==, "");

  RUN (&show, NULL, "show", "ACME");
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, acme_id));
  /* "co" is in "ACME Co" and "Counter": refused, never a guess. */
  RUN (&ambiguous, NULL, "show", "co");
  assert_failed (&ambiguous);
  g_assert_nonnull (strstr (ambiguous.err, "matches"));
  RUN (&next, NULL, "next", "counter");
  g_assert_cmpint (next.status, ==, 0);

  g_assert_true (g_file_set_contents (pass, "correct horse battery\n", -1, NULL));
  RUN (&first, NULL, "backup", backup, "--passphrase-file", pass);
  g_assert_cmpint (first.status, ==, 0);
  RUN (&again, NULL, "backup", backup, "--passphrase-file", pass);
  assert_failed (&again);
  g_assert_nonnull (strstr (again.err, "--force"));
  RUN (&forced, NULL, "backup", backup, "--passphrase-file", pass, "--force");
  g_assert_cmpint (forced.status, ==, 0);

  g_assert_true (g_file_set_contents (uris, "otpauth://totp/Zeta:zoe?secret=JBSWY3DPEHPK3PXP&issuer=Zeta\n", -1, NULL));
  RUN (&dry, NULL, "import", uris, "--dry-run");
  g_assert_cmpint (dry.status, ==, 0);
  g_assert_cmpstr (dry.out, ==, "would add Zeta: zoe\n");

  g_remove (backup);
  g_remove (pass);
  g_remove (uris);
  g_rmdir (dir);
}

static void
test_remove (void)
{
  g_auto(SesameTestRun) run = { 0 };
  g_auto(SesameTestRun) list = { 0 };
  g_auto(SesameTestRun) again = { 0 };
  g_autoptr(JsonArray) array = NULL;

  RUN (&run, NULL, "remove", bare_id);
  g_assert_cmpint (run.status, ==, 0);
  RUN (&list, NULL, "list", "--json");
  array = parse_array (list.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_null (find_by_id (array, bare_id));

  RUN (&again, NULL, "remove", bare_id);
  assert_failed (&again);
  g_assert_nonnull (strstr (again.err, "no account has the ID"));
}

static void
test_bad_usage (void)
{
  const char * const *cases[] = {
    (const char *[]) { NULL },
    (const char *[]) { "frobnicate", NULL },
    (const char *[]) { "add", NULL },
    (const char *[]) { "add", "--digits", "7", NULL },
    (const char *[]) { "add", "--secret", "JBSWY3DPEHPK3PXP", "--type", "motp", NULL },
    (const char *[]) { "add", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", "--issuer", "X", NULL },
    (const char *[]) { "add", "--digits", "many", NULL },
    (const char *[]) { "list", "extra", NULL },
    (const char *[]) { "list", "--bogus", NULL },
    (const char *[]) { "code", "--at", "noon", NULL },
    (const char *[]) { "code", "a", "b", NULL },
    (const char *[]) { "next", NULL },
    (const char *[]) { "remove", NULL },
    (const char *[]) { "show", "abc", "--uri", "--qr", NULL },
    (const char *[]) { "show", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(SesameTestRun) run = { 0 };

      run_cli_env (&run, NULL, NULL, cases[i]);
      if (run.status != 2)
        g_error ("case %u (%s): exit %d, expected 2", i, cases[i][0] ? cases[i][0] : "(none)", run.status);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_cmpstr (run.err, !=, "");
    }
}

static void
test_help (void)
{
  const char *commands[] = { "add", "list", "code", "next", "remove", "show" };
  g_auto(SesameTestRun) top = { 0 };

  RUN (&top, NULL, "--help");
  g_assert_cmpint (top.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(SesameTestRun) run = { 0 };

      g_assert_nonnull (strstr (top.out, commands[i]));
      RUN (&run, NULL, commands[i], "--help");
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "Usage:"));
      g_assert_nonnull (strstr (run.out, commands[i]));
    }
}

static void
test_failures (void)
{
  g_auto(SesameTestRun) bad_uri = { 0 };
  g_auto(SesameTestRun) duplicate = { 0 };
  g_auto(SesameTestRun) bad_line = { 0 };
  g_auto(SesameTestRun) not_hotp = { 0 };
  g_auto(SesameTestRun) no_bus = { 0 };
  g_auto(SesameTestRun) list = { 0 };
  g_autoptr(JsonArray) array = NULL;

  RUN (&bad_uri, NULL, "add", "otpauth://totp/x?secret=NOT*BASE32");
  assert_failed (&bad_uri);
  g_assert_null (strstr (bad_uri.err, "NOT*BASE32"));

  RUN (&duplicate, NULL, "add", "otpauth://totp/ACME%20Co:alice@example.com?secret=" RFC_SHA1 "&issuer=ACME%20Co");
  assert_failed (&duplicate);
  g_assert_nonnull (strstr (duplicate.err, "already"));

  /* A bad line is reported with its number; the good ones still go in. */
  RUN (&bad_line, "otpauth://totp/Good:one?secret=MZXW6YTBOI======\nnot a uri\n", "add", "-");
  assert_failed (&bad_line);
  g_assert_nonnull (strstr (bad_line.err, "line 2"));
  g_assert_true (g_uuid_string_is_valid (g_strchomp (bad_line.out)));

  RUN (&not_hotp, NULL, "next", acme_id);
  assert_failed (&not_hotp);

  /* No Secret Service at all: a clear message saying what to do. */
  run_cli_env (&no_bus, NULL, "unix:path=/nonexistent/sesame-no-bus", (const char *[]) { "list", NULL });
  assert_failed (&no_bus);
  g_assert_nonnull (strstr (no_bus.err, "gnome-keyring"));

  RUN (&list, NULL, "list", "--json");
  array = parse_array (list.out);
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
}

static char *
numbered_uris (guint count)
{
  GString *uris = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    g_string_append_printf (uris, "otpauth://totp/Batch%%20%03u:user@example.com?secret=%s&issuer=Batch%%20%03u\n",
                            i, RFC_SHA1, i);
  return g_string_free (uris, FALSE);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strchr (p, '\n')) != NULL; p++)
    n++;
  return n;
}

static void test_cleanup (void);

/* add - in one batch: a progress line only on a terminal; Ctrl+C leaves
 * whole accounts, and the same input again adds the rest, none twice. */
static void
test_batch (void)
{
  g_autofree char *saved_schema = g_steal_pointer (&schema);
  g_autofree char *few = numbered_uris (3);
  g_autofree char *many = numbered_uris (150);
  g_autofree char *input_path = NULL;
  g_autofree char *cli = g_build_filename (g_getenv ("SESAME_BUILD_ROOT"), "src", "cli", "sesame-cli", NULL);
  g_autofree char *command = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(SesameTestRun) piped = { 0 };
  g_auto(SesameTestRun) again = { 0 };
  g_auto(SesameTestRun) list = { 0 };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  schema = sesame_test_schema_name ("CliBatch");

  /* stderr is a pipe: no progress line. */
  RUN (&piped, few, "add", "-");
  g_assert_cmpint (piped.status, ==, 0);
  g_assert_cmpuint (count_lines (piped.out), ==, 3);
  g_assert_null (strstr (piped.err, "Adding accounts"));

  /* On a terminal (script(1) gives it one): the line, redrawn in place. */
  fd = g_file_open_tmp ("sesame-batch-XXXXXX", &input_path, &error);
  g_assert_no_error (error);
  close (fd);
  {
    g_autofree char *terminal_uris = g_strdup_printf ("%s%s", few,
                                                      "otpauth://totp/Tty:a?secret=MZXW6YTBOI======\n"
                                                      "otpauth://totp/Tty:b?secret=MFRGGZDFMZTWQ2LK\n");

    g_assert_true (g_file_set_contents (input_path, terminal_uris, -1, NULL));
  }
  command = g_strdup_printf ("'%s' add - < '%s'", cli, input_path);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, "script", "-qec", command, "/dev/null", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("on a terminal: %s", out);
  g_assert_nonnull (strstr (out, "Adding accounts: 5 of 5"));
  g_assert_nonnull (strstr (out, "line 1: already in Sesame, not added again"));
  g_clear_object (&process);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Interrupted (SIGINT, as Ctrl+C) part-way through 150. */
  g_assert_true (g_file_set_contents (input_path, many, -1, NULL));
  g_clear_object (&launcher);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "SESAME_KEYRING_SCHEMA", schema, TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  process = g_subprocess_launcher_spawn (launcher, &error, cli, "add", "-", NULL);
  g_assert_no_error (error);
  g_usleep (600 * 1000);
  g_subprocess_send_signal (process, SIGINT);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("interrupted: %u added; %s", count_lines (out), err);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_nonnull (strstr (err, "interrupted"));
  g_assert_cmpuint (count_lines (out), <, 150);
  g_unlink (input_path);

  /* Only whole accounts: what it said it added is there, and nothing more. */
  RUN (&list, NULL, "list");
  g_assert_cmpuint (count_lines (list.out), ==, count_lines (out) + 5);

  /* Again with the same input: the rest goes in, none twice. */
  RUN (&again, many, "add", "-");
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpuint (count_lines (again.out), ==, 150 - 3 - count_lines (out));
  sesame_test_run_clear (&list);
  RUN (&list, NULL, "list");
  g_assert_cmpuint (count_lines (list.out), ==, 150 + 2);

  test_cleanup ();
  g_free (schema);
  schema = g_steal_pointer (&saved_schema);
}

static void
test_cleanup (void)
{
  g_auto(SesameTestRun) list = { 0 };
  g_autoptr(JsonArray) array = NULL;

  RUN (&list, NULL, "list", "--json");
  array = parse_array (list.out);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_auto(SesameTestRun) run = { 0 };
      const char *id = json_object_get_string_member (json_array_get_object_element (array, i), "id");

      RUN (&run, NULL, "remove", id);
      g_assert_cmpint (run.status, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sesame_test_require_session ();
  schema = sesame_test_schema_name ("Cli");

  g_test_add_func ("/cli/empty", test_empty);
  g_test_add_func ("/cli/add", test_add);
  g_test_add_func ("/cli/list", test_list);
  g_test_add_func ("/cli/code-rfc6238", test_code_rfc6238);
  g_test_add_func ("/cli/code-all-and-text", test_code_all_and_text);
  g_test_add_func ("/cli/hotp-next", test_hotp_next);
  g_test_add_func ("/cli/show", test_show);
  g_test_add_func ("/cli/queries", test_queries);
  g_test_add_func ("/cli/remove", test_remove);
  g_test_add_func ("/cli/bad-usage", test_bad_usage);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/failures", test_failures);
  g_test_add_func ("/cli/cleanup", test_cleanup);
  g_test_add_func ("/cli/batch", test_batch);

  return g_test_run ();
}
