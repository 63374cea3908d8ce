/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sesame-test-gnome.h"

#define REMOTE_DESKTOP_NAME "org.gnome.Mutter.RemoteDesktop"

void
sesame_test_gnome_require (void)
{
  if (g_strcmp0 (g_getenv ("SESAME_TEST_GNOME"), "1") != 0 || g_getenv ("WAYLAND_DISPLAY") == NULL)
    g_error ("This test needs the private GNOME Shell session; run it with build-aux/dev test -- gnome");
}

struct _SesameTestKeyboard
{
  GDBusConnection *bus;
  char *session_path;
};

SesameTestKeyboard *
sesame_test_keyboard_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  SesameTestKeyboard *keyboard = g_new0 (SesameTestKeyboard, 1);

  keyboard->bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (keyboard->bus, REMOTE_DESKTOP_NAME, "/org/gnome/Mutter/RemoteDesktop",
                                       "org.gnome.Mutter.RemoteDesktop", "CreateSession", NULL,
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(o)", &keyboard->session_path);
  g_clear_pointer (&reply, g_variant_unref);
  reply = g_dbus_connection_call_sync (keyboard->bus, REMOTE_DESKTOP_NAME, keyboard->session_path,
                                       "org.gnome.Mutter.RemoteDesktop.Session", "Start", NULL,
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
  return keyboard;
}

static void
notify_keysym (SesameTestKeyboard *keyboard,
               guint               keysym,
               gboolean            pressed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (keyboard->bus, REMOTE_DESKTOP_NAME, keyboard->session_path,
                                       "org.gnome.Mutter.RemoteDesktop.Session", "NotifyKeyboardKeysym",
                                       g_variant_new ("(ub)", keysym, pressed),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL, &error);
  g_assert_no_error (error);
}

/* One key down and up (X keysyms: 0xff1b Escape, 0xff0d Return, …). */
void
sesame_test_keyboard_key (SesameTestKeyboard *keyboard,
                          guint               keysym)
{
  notify_keysym (keyboard, keysym, TRUE);
  notify_keysym (keyboard, keysym, FALSE);
  sesame_test_wait_ms (30);
}

/* A key with a modifier held (0xffe9 Alt_L + 0xffc1 F4 closes a window). */
void
sesame_test_keyboard_combo (SesameTestKeyboard *keyboard,
                            guint               modifier,
                            guint               keysym)
{
  notify_keysym (keyboard, modifier, TRUE);
  notify_keysym (keyboard, keysym, TRUE);
  notify_keysym (keyboard, keysym, FALSE);
  notify_keysym (keyboard, modifier, FALSE);
  sesame_test_wait_ms (30);
}

/* Types ASCII letters and digits (their keysyms are their codes). */
void
sesame_test_keyboard_type (SesameTestKeyboard *keyboard,
                           const char         *text)
{
  for (const char *c = text; *c != '\0'; c++)
    sesame_test_keyboard_key (keyboard, (guchar) *c);
}

void
sesame_test_keyboard_free (SesameTestKeyboard *keyboard)
{
  if (keyboard->session_path != NULL)
    g_dbus_connection_call_sync (keyboard->bus, REMOTE_DESKTOP_NAME, keyboard->session_path,
                                 "org.gnome.Mutter.RemoteDesktop.Session", "Stop", NULL,
                                 NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, NULL);
  g_free (keyboard->session_path);
  g_clear_object (&keyboard->bus);
  g_free (keyboard);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
sesame_test_wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
sesame_test_wait_for (gboolean *flag,
                      guint     ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (ms, set_flag, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return *flag;
}

typedef struct
{
  gboolean done;
  gboolean ok;
  char *out;
} PasteRead;

static void
on_paste_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  PasteRead *read = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &read->out, NULL, &error);
  g_assert_no_error (error);
  read->ok = g_subprocess_get_if_exited (G_SUBPROCESS (source)) &&
             g_subprocess_get_exit_status (G_SUBPROCESS (source)) == 0;
  read->done = TRUE;
}

char *
sesame_test_wl_paste (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  PasteRead read = { 0 };

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "timeout", "10", "wl-paste", "-n", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, on_paste_done, &read);
  while (!read.done)
    g_main_context_iteration (NULL, TRUE);

  if (!read.ok || read.out == NULL || read.out[0] == '\0')
    g_clear_pointer (&read.out, g_free);
  return read.out;
}

static GDBusConnection *
system_bus (void)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SYSTEM, NULL, &error);

  g_assert_no_error (error);
  return bus;
}

void
sesame_test_dbusmock_set (const char *bus_name,
                          const char *object_path,
                          const char *interface,
                          const char *property,
                          GVariant   *value)
{
  g_autoptr(GDBusConnection) bus = system_bus ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, bus_name, object_path, "org.freedesktop.DBus.Properties", "Set",
                                       g_variant_new ("(ssv)", interface, property, value),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}

void
sesame_test_dbusmock_emit (const char *bus_name,
                           const char *object_path,
                           const char *interface,
                           const char *signal,
                           const char *signature,
                           GVariant   *args)
{
  g_autoptr(GDBusConnection) bus = system_bus ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  reply = g_dbus_connection_call_sync (bus, bus_name, object_path, "org.freedesktop.DBus.Mock", "EmitSignal",
                                       g_variant_new ("(sss@av)", interface, signal, signature, args),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL, &error);
  g_assert_no_error (error);
}
