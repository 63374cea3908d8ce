/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-transfer"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sesame-migration.h"
#include "sesame-transfer.h"

/* Accounts out to a phone: Google Authenticator migration QR codes for
 * what the format carries (sesame-migration.c writes the payloads), the
 * rest set apart with the reason, and PNG files of the codes for the
 * command line. */

static void
skipped_free (SesameTransferSkipped *skipped)
{
  g_clear_object (&skipped->account);
  g_free (skipped->reason);
  g_free (skipped);
}

/**
 * sesame_transfer_new:
 * @accounts: (element-type SesameAccount): the accounts to move, in order
 *
 * Returns: (transfer full): the codes and the accounts set apart, or %NULL
 *   with @error (SESAME_MIGRATION_ERROR_EMPTY) when there is no account
 */
SesameTransfer *
sesame_transfer_new (GPtrArray  *accounts,
                     GError    **error)
{
  g_autoptr(GPtrArray) otps = g_ptr_array_new_with_free_func ((GDestroyNotify) sesame_otpauth_free);
  SesameTransfer *self;

  g_return_val_if_fail (accounts != NULL, NULL);

  if (accounts->len == 0)
    {
      g_set_error_literal (error, SESAME_MIGRATION_ERROR, SESAME_MIGRATION_ERROR_EMPTY,
                           _("There are no accounts to transfer."));
      return NULL;
    }

  self = g_new0 (SesameTransfer, 1);
  self->carried = g_ptr_array_new_with_free_func (g_object_unref);
  self->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) skipped_free);

  for (guint i = 0; i < accounts->len; i++)
    {
      SesameAccount *account = g_ptr_array_index (accounts, i);
      SesameOtpauth *otp = sesame_account_to_otpauth (account);
      char *reason = otp != NULL ? sesame_migration_unsupported_reason (otp) : g_strdup (_("It has no secret key."));

      if (reason != NULL)
        {
          SesameTransferSkipped *skipped = g_new0 (SesameTransferSkipped, 1);

          skipped->account = g_object_ref (account);
          skipped->reason = reason;
          g_ptr_array_add (self->skipped, skipped);
          g_clear_pointer (&otp, sesame_otpauth_free);
          continue;
        }
      g_ptr_array_add (self->carried, g_object_ref (account));
      g_ptr_array_add (otps, otp);
    }

  if (otps->len > 0)
    {
      self->uris = sesame_migration_encode (otps, 0, error);
      if (self->uris == NULL)
        {
          sesame_transfer_free (self);
          return NULL;
        }
    }
  else
    self->uris = g_new0 (char *, 1);

  return self;
}

void
sesame_transfer_free (SesameTransfer *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; self->uris != NULL && self->uris[i] != NULL; i++)
    sesame_str_wipe_free (self->uris[i]);
  g_free (self->uris);
  g_ptr_array_unref (self->carried);
  g_ptr_array_unref (self->skipped);
  g_free (self);
}

guint
sesame_transfer_get_n_codes (SesameTransfer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_strv_length (self->uris);
}

/**
 * sesame_transfer_get_code:
 * @index: from 0
 *
 * Returns: (transfer full): the QR code of the @index-th URI
 */
SesameQrCode *
sesame_transfer_get_code (SesameTransfer  *self,
                          guint            index,
                          GError         **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < sesame_transfer_get_n_codes (self), NULL);

  /* Medium error correction: readable off a screen with some glare. */
  return sesame_qr_encode_full ((const guint8 *) self->uris[index], strlen (self->uris[index]),
                                SESAME_QR_EC_MEDIUM, error);
}

/**
 * sesame_transfer_encode_account:
 *
 * Returns: (transfer full): an otpauth:// QR code of one account (for the
 *   accounts a transfer sets apart)
 */
SesameQrCode *
sesame_transfer_encode_account (SesameAccount  *account,
                                GError        **error)
{
  g_autoptr(SesameOtpauth) otp = sesame_account_to_otpauth (account);
  g_autoptr(SesameSecureStr) uri = otp != NULL ? sesame_otpauth_format (otp) : NULL;

  if (uri == NULL)
    {
      g_set_error_literal (error, SESAME_QR_ENCODE_ERROR, SESAME_QR_ENCODE_ERROR_EMPTY,
                           _("This account has no secret key."));
      return NULL;
    }
  return sesame_qr_encode (uri, error);
}

/* "transfer-2-of-3.png" */
char *
sesame_transfer_file_name (guint index,
                           guint n_codes)
{
  return g_strdup_printf ("transfer-%u-of-%u.png", index + 1, n_codes);
}

static void
free_pixels (guchar   *pixels,
             gpointer  size)
{
  sesame_memwipe (pixels, GPOINTER_TO_SIZE (size));
  g_free (pixels);
}

/**
 * sesame_qr_code_to_png:
 *
 * Returns: (transfer full): a PNG image of @code, black on white, with
 *   the quiet zone
 */
GBytes *
sesame_qr_code_to_png (SesameQrCode  *code,
                       guint          module_px,
                       GError       **error)
{
  g_autofree guint8 *gray = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  gchar *buffer = NULL;
  gsize buffer_size = 0;
  guint side = 0;
  guint8 *rgb;
  gsize rgb_size;

  gray = sesame_qr_code_render_gray (code, module_px, SESAME_QR_QUIET_ZONE, &side);
  rgb_size = (gsize) side * side * 3;
  rgb = g_malloc (rgb_size);
  for (gsize i = 0; i < (gsize) side * side; i++)
    rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = gray[i];
  sesame_memwipe (gray, (gsize) side * side);

  pixbuf = gdk_pixbuf_new_from_data (rgb, GDK_COLORSPACE_RGB, FALSE, 8, side, side, side * 3,
                                     free_pixels, GSIZE_TO_POINTER (rgb_size));
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &buffer_size, "png", error, NULL))
    return NULL;

  return g_bytes_new_take (buffer, buffer_size);
}

/**
 * sesame_transfer_write_pngs:
 * @directory: where to write; made (private) when missing
 *
 * Writes transfer-1-of-N.png … transfer-N-of-N.png, readable by the user
 * only, each written whole to a temporary file and renamed.
 */
gboolean
sesame_transfer_write_pngs (SesameTransfer  *self,
                            GFile           *directory,
                            GCancellable    *cancellable,
                            GError         **error)
{
  guint n_codes;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (directory), FALSE);

  if (!g_file_make_directory_with_parents (directory, cancellable, &local) &&
      !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  n_codes = sesame_transfer_get_n_codes (self);
  for (guint i = 0; i < n_codes; i++)
    {
      g_autoptr(SesameQrCode) code = sesame_transfer_get_code (self, i, error);
      g_autoptr(GBytes) png = NULL;
      g_autofree char *name = sesame_transfer_file_name (i, n_codes);
      g_autoptr(GFile) file = g_file_get_child (directory, name);
      g_autoptr(GFileOutputStream) stream = NULL;
      gsize size = 0;
      const guint8 *data;

      if (code == NULL)
        return FALSE;
      png = sesame_qr_code_to_png (code, SESAME_TRANSFER_PNG_MODULE_PX, error);
      if (png == NULL)
        return FALSE;

      /* g_file_replace writes a temporary file and renames it on close;
       * PRIVATE: the codes hold the keys. */
      stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                               cancellable, error);
      if (stream == NULL)
        return FALSE;
      data = g_bytes_get_data (png, &size);
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, cancellable, error) ||
          !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error))
        return FALSE;
    }

  return TRUE;
}
