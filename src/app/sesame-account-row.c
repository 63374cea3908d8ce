/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-account-row"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sesame-account-row.h"
#include "sesame-account-row-private.h"
#include "sesame-clock.h"
#include "sesame-countdown.h"
#include "sesame-secret.h"
#include "sesame-settings.h"
#include "sesame-text.h"

/* One account in the list. A row listens to the shared clock only while it
 * is built (see below), bound to an account and mapped (its window is
 * shown), skips ticks while its window is minimized, and recomputes its code
 * only when the account's period rolls over.
 *
 * GTK 4.8's list view makes a row for up to 200 items around the visible
 * ones, and measures and maps them all: with 300 accounts, about 200 rows of
 * 14 widgets each, with their text laid out, for the 10 on screen (some 10 MB
 * of heap). So a row in a list view starts empty and builds its widgets
 * (its template) only when it is allocated within a page of the list's
 * visible area; until then it reports the size that a built row of the same
 * shape last measured. Rows scrolled past stay built (the list reuses them
 * for other accounts). A row outside a list view is built at once. */

/* The next code is shown in the last seconds of a period. */
#define NEXT_CODE_SECONDS 10

struct _SesameAccountRow
{
  GtkWidget parent_instance;

  SesameAccount *account;
  gulong tick_id;
  gulong account_notify_id;
  GdkSurface *surface;  /* the toplevel's, watched while mapped */
  gulong surface_state_id;

  char code[SESAME_OTP_CODE_SIZE];
  char next_code[SESAME_OTP_CODE_SIZE];
  gint64 step;        /* the time step the code belongs to; -1: none yet */
  gint64 next_step;
  guint remaining;
  gboolean revealed;  /* hovered or focused, when codes are hidden */
  gboolean focused;   /* the row (its list item) has the keyboard focus */
  guint told_remaining; /* the time left as told when the focus came */
  char *description;  /* what assistive technologies were last told */
  gboolean built;     /* the template's widgets exist */

  GtkWidget *names_box;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkLabel *tags_label;
  GtkImage *favorite_icon;
  GtkLabel *code_label;
  GtkLabel *next_code_label;
  SesameCountdown *countdown;
  GtkButton *next_button;
  GtkButton *copy_button;
  GtkButton *details_button;
};

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* SESAME_STARTUP_TRACE=1 (for benchmarks): one line on stderr once the first
 * frame that shows codes has been painted. */
static enum {
  TRACE_OFF,
  TRACE_WANTED,
  TRACE_ARMED,
} startup_trace;

G_DEFINE_FINAL_TYPE (SesameAccountRow, sesame_account_row, GTK_TYPE_WIDGET)

/* The title line: the title, and the favorite star after it when shown,
 * laid out as a horizontal GtkBox would, except that the title is never
 * asked for its width at a given height: GtkLabel answers that for a
 * wrapping label by laying its text out again at one width after another
 * (a binary search), which was most of the text shaping of a start-up. */
#define TITLE_SPACING 6

#define SESAME_TYPE_TITLE_LINE (sesame_title_line_get_type ())
G_DECLARE_FINAL_TYPE (SesameTitleLine, sesame_title_line, SESAME, TITLE_LINE, GtkWidget)

struct _SesameTitleLine
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (SesameTitleLine, sesame_title_line, GTK_TYPE_WIDGET)

/* The width the star takes with its spacing, 0 when hidden. */
static int
title_line_icon_width (GtkWidget *icon)
{
  int natural;

  if (icon == NULL || !gtk_widget_should_layout (icon))
    return 0;
  gtk_widget_measure (icon, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural + TITLE_SPACING;
}

static void
sesame_title_line_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GtkWidget *title = gtk_widget_get_first_child (widget);
  GtkWidget *icon = title != NULL ? gtk_widget_get_next_sibling (title) : NULL;
  int icon_width = title_line_icon_width (icon);
  int title_min, title_nat;

  *minimum = *natural = 0;
  if (title == NULL)
    return;

  gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, &title_min, &title_nat, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = title_min + icon_width;
      *natural = title_nat + icon_width;
      return;
    }

  gtk_widget_measure (title, orientation, for_size < 0 ? -1 : MAX (for_size - icon_width, title_min),
                      minimum, natural, NULL, NULL);
  if (icon_width > 0)
    {
      int icon_min, icon_nat;

      gtk_widget_measure (icon, orientation, -1, &icon_min, &icon_nat, NULL, NULL);
      *minimum = MAX (*minimum, icon_min);
      *natural = MAX (*natural, icon_nat);
    }
}

static void
sesame_title_line_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  GtkWidget *title = gtk_widget_get_first_child (widget);
  GtkWidget *icon = title != NULL ? gtk_widget_get_next_sibling (title) : NULL;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int icon_width = title_line_icon_width (icon);
  int title_min, title_nat, title_width;

  if (title == NULL)
    return;

  /* As a GtkBox: the title's natural width when there is room, down to its
   * minimum when not; the star right after its widest line (where a GtkBox
   * puts it, having narrowed a wrapped title to that). */
  gtk_widget_measure (title, GTK_ORIENTATION_HORIZONTAL, -1, &title_min, &title_nat, NULL, NULL);
  title_width = MIN (title_nat, MAX (title_min, width - icon_width));
  gtk_widget_size_allocate (title, &(GtkAllocation) { rtl ? width - title_width : 0, 0, title_width, height }, -1);
  if (icon_width > 0)
    {
      int star = icon_width - TITLE_SPACING;
      PangoRectangle text;

      if (title_width < title_nat && GTK_IS_LABEL (title))
        {
          pango_layout_get_extents (gtk_label_get_layout (GTK_LABEL (title)), NULL, &text);
          title_width = MIN (title_width, PANGO_PIXELS_CEIL (text.width));
        }

      gtk_widget_size_allocate (icon,
                                &(GtkAllocation) { rtl ? width - title_width - icon_width : title_width + TITLE_SPACING,
                                                   0, star, height }, -1);
    }
}

static GtkSizeRequestMode
sesame_title_line_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
sesame_title_line_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sesame_title_line_parent_class)->dispose (object);
}

static void
sesame_title_line_class_init (SesameTitleLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_title_line_dispose;
  widget_class->measure = sesame_title_line_measure;
  widget_class->size_allocate = sesame_title_line_size_allocate;
  widget_class->get_request_mode = sesame_title_line_get_request_mode;
  gtk_widget_class_set_css_name (widget_class, "box");
}

static void
sesame_title_line_init (SesameTitleLine *self)
{
}

GtkWidget *
sesame_account_row_new (void)
{
  return g_object_new (SESAME_TYPE_ACCOUNT_ROW, NULL);
}

static gboolean
is_hotp (SesameAccountRow *self)
{
  return sesame_account_get_otp_type (self->account) == SESAME_OTP_TYPE_HOTP;
}

static void ensure_built (SesameAccountRow *self);

/* The row and its list item (what a screen reader lands on) describe the
 * code. Only a new code or the focus arriving changes the description:
 * never the countdown's ticks, which would flood screen readers. */
static void
update_description (SesameAccountRow *self)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));
  const char *shown;
  g_autofree char *description = NULL;

  if (!self->built)
    return;
  shown = gtk_label_get_text (self->code_label);
  if (self->account == NULL)
    description = g_strdup ("");
  else if (sesame_settings_get_hide_codes (sesame_settings_get_default ()) && !self->revealed)
    description = g_strdup (_("Code hidden"));
  else if (self->focused && !is_hotp (self))
    /* Translators: what a screen reader says about a row; %s is the code, %u a number of seconds */
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Code %s, %u second left",
                                                "Code %s, %u seconds left", self->told_remaining),
                                   shown, self->told_remaining);
  else
    /* Translators: what a screen reader says about a row; %s is the code */
    description = g_strdup_printf (_("Code %s"), shown);

  if (g_strcmp0 (description, self->description) == 0)
    return;

  g_free (self->description);
  self->description = g_steal_pointer (&description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->description, -1);
  if (item != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    self->description, -1);
}

static void
show_code (SesameAccountRow *self)
{
  SesameSettings *settings = sesame_settings_get_default ();
  g_autofree char *grouped = NULL;
  SesameOtpType type;

  if (self->account == NULL || !self->built)
    return;

  type = sesame_account_get_otp_type (self->account);

  if (sesame_settings_get_hide_codes (settings) && !self->revealed)
    {
      /* Same width as the code, so the row does not jump when revealed. */
      g_autofree char *dots = g_strnfill (strlen (self->code), '*');
      g_autofree char *grouped_dots = sesame_text_group_code (dots, type);
      g_autofree char *bullets = g_strdelimit (g_steal_pointer (&grouped_dots), "*", '.');

      gtk_label_set_text (self->code_label, bullets);
      gtk_widget_set_visible (GTK_WIDGET (self->next_code_label), FALSE);
      update_description (self);
      return;
    }

  grouped = sesame_text_group_code (self->code, type);
  gtk_label_set_text (self->code_label, grouped);
  update_description (self);

  /* With "show the next code" on, its line is always there (empty until
   * the last seconds), so rows do not grow and shrink every period. */
  if (!is_hotp (self) && sesame_settings_get_show_next_code (settings))
    {
      gboolean due = self->remaining <= NEXT_CODE_SECONDS && self->next_code[0] != '\0';
      g_autofree char *next = sesame_text_group_code (due ? self->next_code : self->code, type);

      gtk_label_set_text (self->next_code_label, next);
      gtk_widget_set_opacity (GTK_WIDGET (self->next_code_label), due ? 1.0 : 0.0);
      gtk_widget_set_visible (GTK_WIDGET (self->next_code_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->next_code_label), FALSE);
}

static void
update_code (SesameAccountRow *self,
             gint64            now)
{
  guint period;
  gint64 step;

  if (self->account == NULL || !self->built)
    return;

  if (is_hotp (self))
    {
      if (self->step == -1)
        {
          if (!sesame_account_code_at (self->account, now, self->code))
            g_strlcpy (self->code, "", sizeof self->code);
          self->step = 0;
          show_code (self);
        }
      return;
    }

  period = MAX (sesame_account_get_period (self->account), 1);
  self->remaining = sesame_account_seconds_remaining (self->account, now);
  sesame_countdown_set_time (self->countdown, self->remaining, period);

  /* The core's step (times before 1970 are step 0), so the row changes
   * its code exactly when the code changes. */
  step = (gint64) sesame_otp_time_step (now, period);
  if (step != self->step)
    {
      if (!sesame_account_code_at (self->account, now, self->code))
        g_strlcpy (self->code, "", sizeof self->code);
      self->step = step;
      self->told_remaining = self->remaining;
    }

  if (self->remaining <= NEXT_CODE_SECONDS && self->next_step != step &&
      sesame_settings_get_show_next_code (sesame_settings_get_default ()))
    {
      if (!sesame_account_code_at (self->account, now + period, self->next_code))
        g_strlcpy (self->next_code, "", sizeof self->next_code);
      self->next_step = step;
    }

  show_code (self);
}

static gboolean
is_minimized (SesameAccountRow *self)
{
  return self->surface != NULL && GDK_IS_TOPLEVEL (self->surface) &&
         (gdk_toplevel_get_state (GDK_TOPLEVEL (self->surface)) & GDK_TOPLEVEL_STATE_MINIMIZED) != 0;
}

static void
on_tick (SesameAccountRow *self,
         gint64            now,
         SesameClock      *clock)
{
  /* A minimized window is not drawn: nothing to update until it is back. */
  if (is_minimized (self))
    return;
  update_code (self, now);
}

static void
on_surface_state (SesameAccountRow *self)
{
  if (!is_minimized (self))
    update_code (self, sesame_clock_get_time (sesame_clock_get_default ()));
}

/* Ticks are listened to only while the row is bound and on screen. */
static void
update_ticking (SesameAccountRow *self)
{
  SesameClock *clock = sesame_clock_get_default ();
  gboolean want = self->built && self->account != NULL && !is_hotp (self) &&
                  gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want && self->tick_id == 0)
    {
      self->tick_id = g_signal_connect_object (clock, "tick",
                                               G_CALLBACK (on_tick), self,
                                               G_CONNECT_SWAPPED);
      update_code (self, sesame_clock_get_time (clock));
    }
  else if (!want && self->tick_id != 0)
    g_clear_signal_handler (&self->tick_id, clock);
}

static void
invalidate_code (SesameAccountRow *self)
{
  self->step = -1;
  self->next_step = -1;
  sesame_memwipe (self->code, sizeof self->code);
  sesame_memwipe (self->next_code, sizeof self->next_code);
}

static void
update_labels (SesameAccountRow *self)
{
  const char *title = sesame_account_get_display_name (self->account);
  const char *name = sesame_account_get_name (self->account);
  gboolean has_subtitle = *name != '\0' && g_strcmp0 (title, name) != 0;
  gboolean hotp = is_hotp (self);

  g_autofree char *accessible_name = NULL;
  g_autofree char *copy_label = NULL;
  g_autofree char *next_label = NULL;
  g_autofree char *details_label = NULL;
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));

  /* A screen reader names the row "ISSUER, ACCOUNT", and each button says
   * which account it acts on. */
  if (has_subtitle)
    /* Translators: the accessible name of a row: issuer, then account name */
    accessible_name = g_strdup_printf (C_("row name", "%s, %s"), title, name);
  else
    accessible_name = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  if (item != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  if (!self->built)
    return;

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, has_subtitle ? name : "");
  /* Translators: %s is an account, e.g. "GitHub, octocat" */
  copy_label = g_strdup_printf (_("Copy code for %s"), accessible_name);
  /* Translators: %s is an account, e.g. "GitHub, octocat" */
  next_label = g_strdup_printf (_("Next code for %s"), accessible_name);
  /* Translators: %s is an account, e.g. "GitHub, octocat" */
  details_label = g_strdup_printf (_("Details of %s"), accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button), GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL, next_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->details_button), GTK_ACCESSIBLE_PROPERTY_LABEL, details_label, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), has_subtitle);
  {
    g_autofree char *tags = g_strjoinv (" · ", (char **) sesame_account_get_groups (self->account));

    gtk_label_set_text (self->tags_label, tags);
    gtk_widget_set_visible (GTK_WIDGET (self->tags_label), *tags != '\0');
  }
  gtk_widget_set_visible (GTK_WIDGET (self->favorite_icon), sesame_account_get_favorite (self->account));
  gtk_widget_set_visible (GTK_WIDGET (self->countdown), !hotp);
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), hotp);
}

static void
on_account_notify (SesameAccountRow *self,
                   GParamSpec       *pspec,
                   SesameAccount    *account)
{
  const char *name = g_param_spec_get_name (pspec);

  /* Copying updates last-used; nothing on screen depends on it. */
  if (g_str_equal (name, "last-used") || g_str_equal (name, "note"))
    return;

  update_labels (self);
  invalidate_code (self);
  update_code (self, sesame_clock_get_time (sesame_clock_get_default ()));
  update_ticking (self);
}

SesameAccount *
sesame_account_row_get_account (SesameAccountRow *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

/**
 * sesame_account_row_set_account:
 * @account: (nullable): the account to show; %NULL when the row is unbound
 *
 * A bound row listens to the shared clock while it is mapped; unbinding
 * disconnects it.
 */
void
sesame_account_row_set_account (SesameAccountRow *self,
                                SesameAccount    *account)
{
  SesameClock *clock = sesame_clock_get_default ();

  g_return_if_fail (SESAME_IS_ACCOUNT_ROW (self));
  g_return_if_fail (account == NULL || SESAME_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    {
      g_clear_signal_handler (&self->tick_id, clock);
      g_clear_signal_handler (&self->account_notify_id, self->account);
    }

  g_set_object (&self->account, account);
  invalidate_code (self);

  if (account != NULL)
    {
      self->account_notify_id = g_signal_connect_object (account, "notify",
                                                         G_CALLBACK (on_account_notify), self,
                                                         G_CONNECT_SWAPPED);
      update_labels (self);
      update_code (self, sesame_clock_get_time (clock));
      update_ticking (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

/**
 * sesame_account_row_get_code:
 *
 * Returns: the current code, ungrouped ("" when unbound)
 */
const char *
sesame_account_row_get_code (SesameAccountRow *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_ROW (self), NULL);

  ensure_built (self);
  return self->code;
}

/* What the row shows: the grouped code, or dots while hidden. */
const char *
sesame_account_row_get_shown_code (SesameAccountRow *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_ROW (self), NULL);

  ensure_built (self);
  return gtk_label_get_text (self->code_label);
}

/* The upcoming code when it is on show, else NULL. */
const char *
sesame_account_row_get_next_code (SesameAccountRow *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_ROW (self), NULL);

  ensure_built (self);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->next_code_label)) ||
      gtk_widget_get_opacity (GTK_WIDGET (self->next_code_label)) == 0.0)
    return NULL;
  return gtk_label_get_text (self->next_code_label);
}

guint
sesame_account_row_get_remaining (SesameAccountRow *self)
{
  g_return_val_if_fail (SESAME_IS_ACCOUNT_ROW (self), 0);

  ensure_built (self);
  return self->remaining;
}

static void
activate_with_uuid (SesameAccountRow *self,
                    const char       *action)
{
  if (self->account != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), action, "s",
                                sesame_account_get_uuid (self->account));
}

static void
on_copy_clicked (SesameAccountRow *self)
{
  activate_with_uuid (self, "win.copy-account");
}

static void
on_next_clicked (SesameAccountRow *self)
{
  activate_with_uuid (self, "win.next-code");
}

static void
on_details_clicked (SesameAccountRow *self)
{
  activate_with_uuid (self, "win.show-details");
}

/* Hidden codes show while the row (its list item) is hovered or focused. */
static void
update_revealed (SesameAccountRow *self)
{
  GtkWidget *item = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkStateFlags flags;
  gboolean revealed;

  if (item == NULL)
    item = GTK_WIDGET (self);

  flags = gtk_widget_get_state_flags (item) | gtk_widget_get_state_flags (GTK_WIDGET (self));
  revealed = (flags & (GTK_STATE_FLAG_PRELIGHT | GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_WITHIN)) != 0;

  /* The time left is told once, when the focus arrives. */
  if (((flags & (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_WITHIN)) != 0) != self->focused)
    {
      self->focused = !self->focused;
      self->told_remaining = self->remaining;
      update_description (self);
    }

  if (revealed != self->revealed)
    {
      self->revealed = revealed;
      show_code (self);
    }
}

static void
on_parent_changed (SesameAccountRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  if (parent != NULL)
    {
      g_signal_connect_object (parent, "state-flags-changed",
                               G_CALLBACK (update_revealed), self, G_CONNECT_SWAPPED);
      g_clear_pointer (&self->description, g_free);
      if (self->account != NULL)
        {
          update_labels (self);
          update_description (self);
        }
    }
}

static void
on_setting_changed (SesameAccountRow *self)
{
  self->next_step = -1;
  update_code (self, sesame_clock_get_time (sesame_clock_get_default ()));
  show_code (self);
}

/* Seconds since the process started, from /proc (clock-tick resolution). */
static double
seconds_since_start (void)
{
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;
  struct timespec boot;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL ||
      clock_gettime (CLOCK_BOOTTIME, &boot) != 0)
    return -1;

  /* Field 22, starttime, is the 20th after the command name. */
  fields = g_strsplit (after_name + 2, " ", 22);
  if (g_strv_length (fields) < 21)
    return -1;
  return boot.tv_sec + boot.tv_nsec / 1e9 -
         g_ascii_strtod (fields[19], NULL) / sysconf (_SC_CLK_TCK);
}

static void
on_first_codes_painted (GdkFrameClock    *clock,
                        SesameAccountRow *self)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_STACK);
  struct timespec cpu;

  /* While a page crossfades in, the codes are not on show yet. */
  if (stack != NULL && gtk_stack_get_transition_running (GTK_STACK (stack)))
    return;

  g_signal_handlers_disconnect_by_func (clock, on_first_codes_painted, self);
  /* The monotonic time lets a benchmark measure from its own clock. */
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  fprintf (stderr, "sesame: first-codes-frame %.3f s after start (monotonic %.6f s, cpu %.3f s)\n",
           seconds_since_start (), g_get_monotonic_time () / 1e6, cpu.tv_sec + cpu.tv_nsec / 1e9);
  fflush (stderr);
}

static void
sesame_account_row_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (widget);

  GTK_WIDGET_CLASS (sesame_account_row_parent_class)->snapshot (widget, snapshot);

  if (G_UNLIKELY (startup_trace == TRACE_WANTED) && self->code[0] != '\0')
    {
      startup_trace = TRACE_ARMED;
      g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                               G_CALLBACK (on_first_codes_painted), self, 0);
    }
}

/* Layout: the names, then the code, countdown and buttons on one line.
 * When that leaves the names too little room (large text, narrow window)
 * the code and buttons go to a second line under the names, so names are
 * never cut to "Air…" and accounts that differ at the end stay apart. */

#define SPACING 12
#define LINE_SPACING 4
/* The names keep at least this much room beside the code, or all of
 * their natural width when that is less. */
#define NAMES_MIN_WIDTH 160

/* The visible children after the names, and their natural width together. */
static int
measure_trailing (SesameAccountRow *self,
                  int              *height)
{
  int width = 0;
  int n = 0;

  *height = 0;
  for (GtkWidget *child = gtk_widget_get_next_sibling (self->names_box);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int nat_w, nat_h;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat_w, NULL, NULL);
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, NULL, &nat_h, NULL, NULL);
      width += nat_w;
      *height = MAX (*height, nat_h);
      n++;
    }

  return width + MAX (n - 1, 0) * SPACING;
}

static gboolean
fits_on_one_line (SesameAccountRow *self,
                  int               width,
                  int               trailing_width)
{
  int names_nat;

  gtk_widget_measure (self->names_box, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &names_nat, NULL, NULL);
  return width - trailing_width - SPACING >= MIN (names_nat, NAMES_MIN_WIDTH);
}

/* What a built row of each shape (see row_shape) last measured: the size
 * that rows not built yet report. */
typedef struct
{
  int height;
  int min_width;
  int nat_width;
} SizeEstimate;

static SizeEstimate size_estimates[16];

static guint
row_shape (SesameAccountRow *self)
{
  const char *name;

  if (self->account == NULL)
    return 0;
  name = sesame_account_get_name (self->account);
  return (*name != '\0' && g_strcmp0 (sesame_account_get_display_name (self->account), name) != 0) |
         (sesame_account_get_groups (self->account)[0] != NULL) << 1 |
         is_hotp (self) << 2 |
         sesame_settings_get_show_next_code (sesame_settings_get_default ()) << 3;
}

static GtkWidget *
get_list_view (SesameAccountRow *self)
{
  return gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_LIST_VIEW);
}

/* Whether a row allocated this high, where it is, lies within a page of
 * its list view's visible area. */
static gboolean
is_near_visible_area (SesameAccountRow *self,
                      int               height)
{
  GtkWidget *view = get_list_view (self);
  graphene_point_t top;
  int page;

  if (view == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self), view, &GRAPHENE_POINT_INIT (0, 0), &top))
    return TRUE;
  page = gtk_widget_get_height (view);
  return top.y + height >= -page && top.y <= 2 * page;
}

static void
ensure_built (SesameAccountRow *self)
{
  if (self->built)
    return;

  self->built = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  if (self->account != NULL)
    {
      update_labels (self);
      update_code (self, sesame_clock_get_time (sesame_clock_get_default ()));
      update_ticking (self);
    }
  update_revealed (self);
}

static void
sesame_account_row_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (widget);
  SizeEstimate *estimate = &size_estimates[row_shape (self)];
  int trailing_h;
  int trailing_w;

  if (!self->built)
    {
      /* The first row of each shape is built, to measure. */
      if (estimate->height > 0 && get_list_view (self) != NULL)
        {
          *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? estimate->min_width : estimate->height;
          *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? estimate->nat_width : estimate->height;
          return;
        }
      ensure_built (self);
    }

  trailing_w = measure_trailing (self, &trailing_h);
  if (estimate->height == 0)
    {
      int names_h;

      /* Known before the list measures the next row across. */
      gtk_widget_measure (self->names_box, GTK_ORIENTATION_VERTICAL, -1, NULL, &names_h, NULL, NULL);
      estimate->height = MAX (names_h, trailing_h);
    }
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int names_min, names_nat;

      gtk_widget_measure (self->names_box, orientation, -1, &names_min, &names_nat, NULL, NULL);
      /* Stacked, the row is as narrow as its widest line. */
      *minimum = MAX (names_min, trailing_w);
      *natural = names_nat + SPACING + trailing_w;
      estimate->min_width = *minimum;
      estimate->nat_width = *natural;
      return;
    }

  if (for_size < 0)
    {
      int names_h;

      gtk_widget_measure (self->names_box, orientation, -1, NULL, &names_h, NULL, NULL);
      *minimum = *natural = MAX (names_h, trailing_h);
    }
  else if (fits_on_one_line (self, for_size, trailing_w))
    {
      int names_h;

      gtk_widget_measure (self->names_box, orientation, for_size - trailing_w - SPACING, NULL, &names_h, NULL, NULL);
      *minimum = *natural = MAX (names_h, trailing_h);
    }
  else
    {
      int names_h;

      gtk_widget_measure (self->names_box, orientation, for_size, NULL, &names_h, NULL, NULL);
      *minimum = *natural = names_h + LINE_SPACING + trailing_h;
    }
  estimate->height = *natural;
}

static void
sesame_account_row_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (widget);
  int trailing_h;
  int trailing_w;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int x, y, line_h;

  if (!self->built)
    {
      int natural;

      if (!is_near_visible_area (self, height))
        return;
      /* Coming into view: built now, and measured again if the estimate
       * was off (the frame clock runs the layout phase again). */
      ensure_built (self);
      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
      if (natural != height)
        gtk_widget_queue_resize (widget);
    }

  trailing_w = measure_trailing (self, &trailing_h);
  if (fits_on_one_line (self, width, trailing_w))
    {
      int names_w = MAX (width - trailing_w - SPACING, 0);

      gtk_widget_size_allocate (self->names_box,
                                &(GtkAllocation) { rtl ? width - names_w : 0, 0, names_w, height }, -1);
      x = names_w + SPACING;
      y = 0;
      line_h = height;
    }
  else
    {
      int names_h;

      gtk_widget_measure (self->names_box, GTK_ORIENTATION_VERTICAL, width, NULL, &names_h, NULL, NULL);
      gtk_widget_size_allocate (self->names_box, &(GtkAllocation) { 0, 0, width, names_h }, -1);
      x = MAX (width - trailing_w, 0);
      y = names_h + LINE_SPACING;
      line_h = MAX (height - y, trailing_h);
    }

  for (GtkWidget *child = gtk_widget_get_next_sibling (self->names_box);
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      int nat_w;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat_w, NULL, NULL);
      gtk_widget_size_allocate (child,
                                &(GtkAllocation) { rtl ? width - x - nat_w : x, y, nat_w, line_h }, -1);
      x += nat_w + SPACING;
    }
}

static GtkSizeRequestMode
sesame_account_row_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Stacked or not, for tests. */
gboolean
sesame_account_row_get_stacked (SesameAccountRow *self)
{
  int trailing_h;

  g_return_val_if_fail (SESAME_IS_ACCOUNT_ROW (self), FALSE);

  ensure_built (self);
  return !fits_on_one_line (self, gtk_widget_get_width (GTK_WIDGET (self)), measure_trailing (self, &trailing_h));
}

static void
sesame_account_row_map (GtkWidget *widget)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (widget);
  GtkNative *native;

  GTK_WIDGET_CLASS (sesame_account_row_parent_class)->map (widget);

  native = gtk_widget_get_native (widget);
  self->surface = native != NULL ? gtk_native_get_surface (native) : NULL;
  if (self->surface != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (self->surface), (gpointer *) &self->surface);
      self->surface_state_id = g_signal_connect_object (self->surface, "notify::state",
                                                        G_CALLBACK (on_surface_state), self,
                                                        G_CONNECT_SWAPPED);
    }
  update_ticking (self);
}

static void
sesame_account_row_unmap (GtkWidget *widget)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (widget);

  GTK_WIDGET_CLASS (sesame_account_row_parent_class)->unmap (widget);

  if (self->surface != NULL)
    {
      g_clear_signal_handler (&self->surface_state_id, self->surface);
      g_object_remove_weak_pointer (G_OBJECT (self->surface), (gpointer *) &self->surface);
      self->surface = NULL;
    }
  self->surface_state_id = 0;
  update_ticking (self);
}

static void
sesame_account_row_dispose (GObject *object)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (object);
  GtkWidget *child;

  sesame_account_row_set_account (self, NULL);
  g_clear_pointer (&self->description, g_free);
  if (self->built)
    gtk_widget_dispose_template (GTK_WIDGET (self), SESAME_TYPE_ACCOUNT_ROW);
  /* The template's unnamed boxes are not cleared by dispose_template. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (sesame_account_row_parent_class)->dispose (object);
}

static void
sesame_account_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_account_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SesameAccountRow *self = SESAME_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      sesame_account_row_set_account (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sesame_account_row_class_init (SesameAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sesame_account_row_dispose;
  object_class->get_property = sesame_account_row_get_property;
  object_class->set_property = sesame_account_row_set_property;
  widget_class->measure = sesame_account_row_measure;
  widget_class->size_allocate = sesame_account_row_size_allocate;
  widget_class->get_request_mode = sesame_account_row_get_request_mode;
  widget_class->map = sesame_account_row_map;
  widget_class->snapshot = sesame_account_row_snapshot;
  widget_class->unmap = sesame_account_row_unmap;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL,
                         SESAME_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SESAME_TYPE_COUNTDOWN);
  g_type_ensure (SESAME_TYPE_TITLE_LINE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/sesame-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, names_box);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, tags_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, favorite_icon);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, next_code_label);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, countdown);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, next_button);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SesameAccountRow, details_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_details_clicked);

  gtk_widget_class_set_css_name (widget_class, "accountrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  if (g_strcmp0 (g_getenv ("SESAME_STARTUP_TRACE"), "1") == 0)
    startup_trace = TRACE_WANTED;
}

static void
sesame_account_row_init (SesameAccountRow *self)
{
  SesameSettings *settings = sesame_settings_get_default ();

  /* The template's widgets come with ensure_built. */
  invalidate_code (self);

  g_signal_connect_object (settings, "notify::show-next-code",
                           G_CALLBACK (on_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "notify::hide-codes",
                           G_CALLBACK (on_setting_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::parent", G_CALLBACK (on_parent_changed), NULL);
  g_signal_connect (self, "state-flags-changed", G_CALLBACK (update_revealed), NULL);
}
