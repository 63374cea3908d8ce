/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <time.h>

/* The floor of bench-idle: the least a ticking code list can cost with this
 * toolkit. A libadwaita window with a header bar and 10 rows whose code
 * labels are rewritten once a second, from a timer aligned to the second.
 * Prints "floor: first-frame (monotonic S s)" once its first frame is
 * painted, as Sesame prints first-codes-frame. */

#define N_ROWS 10

static GtkWidget *labels[N_ROWS];

static void
set_codes (void)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (guint i = 0; i < N_ROWS; i++)
    {
      char code[16];

      g_snprintf (code, sizeof code, "%03u %03u  %2u s",
                  (guint) ((now / 30 * 7919 + i * 104729) % 1000),
                  (guint) ((now / 30 * 15485863 + i * 7) % 1000),
                  (guint) (30 - now % 30));
      gtk_label_set_text (GTK_LABEL (labels[i]), code);
    }
}

static gboolean
on_second (gpointer data)
{
  set_codes ();
  /* Re-armed to the next second boundary, as Sesame's clock is. */
  g_timeout_add (1000 - (g_get_real_time () / 1000) % 1000 + 1, on_second, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_after_paint (GdkFrameClock *clock)
{
  struct timespec cpu;

  g_signal_handlers_disconnect_by_func (clock, on_after_paint, NULL);
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  fprintf (stderr, "floor: first-frame (monotonic %.6f s, cpu %.3f s)\n",
           g_get_monotonic_time () / 1e6, cpu.tv_sec + cpu.tv_nsec / 1e9);
  fflush (stderr);
}

static void
on_map (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint), NULL);
}

static void
on_activate (GtkApplication *app)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  for (guint i = 0; i < N_ROWS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf ("Account %u", i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "alex@example.com");
      labels[i] = gtk_label_new (NULL);
      gtk_widget_add_css_class (labels[i], "title-3");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), labels[i]);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  /* Sesame's default size. */
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 640);

  set_codes ();
  on_second (NULL);
  g_signal_connect (window, "map", G_CALLBACK (on_map), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.sesame.BenchFloor", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
