/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-test"

#include "config.h"

#include <gio/gio.h>

#include <string.h>

#include "sesame-test-prompt.h"

static void
set_activation_display (const char *display)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder env;

  g_assert_nonnull (bus);
  g_variant_builder_init (&env, G_VARIANT_TYPE ("a{ss}"));
  g_variant_builder_add (&env, "{ss}", "DISPLAY", display);
  g_variant_builder_add (&env, "{ss}", "GDK_BACKEND", "x11");
  g_variant_builder_add (&env, "{ss}", "NO_AT_BRIDGE", "1");
  g_variant_builder_add (&env, "{ss}", "GTK_A11Y", "none");
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                       g_variant_new ("(a{ss})", &env), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
prompter_running (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.gnome.keyring.SystemPrompter"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* gcr-prompter, D-Bus activated, draws on the test display from now on. */
void
sesame_test_prompter_enable (void)
{
  g_assert_nonnull (g_getenv ("DISPLAY"));
  set_activation_display (g_getenv ("DISPLAY"));
}

/* Back to no display, and waits until the running prompter has quit (it
 * does after 10 s without a prompt), so no later test meets a prompt that
 * waits for an answer. */
void
sesame_test_prompter_disable (void)
{
  set_activation_display ("");
  for (guint i = 0; i < 600 && prompter_running (); i++)
    g_usleep (100 * 1000);
  g_assert_false (prompter_running ());
}

/* The window of the prompt, as a decimal X id; NULL when none is mapped.
 * By class: the dialog has no title, and gcr-prompter's other window,
 * named "gcr-prompter", is never mapped. */
static char *
find_prompt (void)
{
  const char *argv[] = { "xdotool", "search", "--onlyvisible", "--class", "^gcr-prompter$", NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  char **lines;
  char *first;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, &error))
    g_error ("xdotool: %s", error->message);
  if (out == NULL || *out == '\0')
    return NULL;

  lines = g_strsplit (g_strstrip (out), "\n", -1);
  /* The newest one last. */
  first = g_strdup (lines[g_strv_length (lines) - 1]);
  g_strfreev (lines);
  return first;
}

gboolean
sesame_test_prompt_showing (void)
{
  g_autofree char *window = find_prompt ();

  return window != NULL;
}

static char *
wait_prompt (void)
{
  for (guint i = 0; i < 300; i++)
    {
      char *window = find_prompt ();

      if (window != NULL)
        return window;
      /* The caller's D-Bus calls may need the main loop meanwhile. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (100 * 1000);
    }

  {
    g_autofree char *shot = g_build_filename (g_get_tmp_dir (), "sesame-no-prompt.png", NULL);
    const char *argv[] = { "import", "-window", "root", shot, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_error ("The keyring's prompt (gcr-prompter) did not show within 30 seconds (screen: %s)", shot);
  }
}

void
sesame_test_prompt_wait_gone (void)
{
  for (guint i = 0; i < 300; i++)
    {
      if (!sesame_test_prompt_showing ())
        return;
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (100 * 1000);
    }

  g_error ("The keyring's prompt (gcr-prompter) stayed for 30 seconds");
}

static void
xdotool (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("xdotool %s: %s", args[0], error->message);
}

/* Focuses the prompt; the password goes in its first field. */
static char *
focus_prompt (void)
{
  char *window = wait_prompt ();

  /* Mapped is not yet ready for keys: the entry takes focus a moment later. */
  g_usleep (500 * 1000);
  xdotool ((const char *[]) { "windowfocus", "--sync", window, NULL });
  return window;
}

static void
type_text (const char *window,
           const char *text)
{
  /* Not --window: GTK ignores the synthetic events that sends. */
  (void) window;
  xdotool ((const char *[]) { "type", "--delay", "20", "--", text, NULL });
}

static void
press (const char *window,
       const char *key)
{
  (void) window;
  xdotool ((const char *[]) { "key", key, NULL });
}

/* An unlock prompt: the password field, then gnome-keyring's check box
 * "Automatically unlock this keyring whenever I'm logged in", ticked by
 * default, is unticked: ticked, the password would be saved in the login
 * keyring and every later Unlock would succeed without a prompt. */
void
sesame_test_prompt_answer (const char *password)
{
  g_autofree char *window = focus_prompt ();

  type_text (window, password);
  press (window, "Tab");
  press (window, "space");
  press (window, "shift+Tab");
  press (window, "Return");
}

/* Only the password, the check box left as it is (a retry after a wrong
 * password keeps its state). */
void
sesame_test_prompt_type (const char *password)
{
  g_autofree char *window = focus_prompt ();

  type_text (window, password);
  press (window, "Return");
}

/* A new collection's prompt: the password, then again to confirm it. */
void
sesame_test_prompt_answer_new (const char *password)
{
  g_autofree char *window = focus_prompt ();

  type_text (window, password);
  press (window, "Tab");
  type_text (window, password);
  press (window, "Return");
}

void
sesame_test_prompt_dismiss (void)
{
  g_autofree char *window = focus_prompt ();

  press (window, "Escape");
}
