/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sesame-kdf"

#include "config.h"

#include <gcrypt.h>
#include <glib/gi18n.h>
#include <string.h>

#include "sesame-crypto.h"
#include "sesame-import-private.h"
#include "sesame-kdf-limits.h"
#include "sesame-otp.h"
#include "sesame-secret.h"

/* What the bounds admit, and why they are where they are:
 *
 *  - memory, one derivation: 1 GiB (scrypt 128·r·N, Argon2 its m). age
 *    writes 256 MiB (N = 2^18), Aegis 32 MiB (N = 2^15), Stratum 64 MiB.
 *  - work, one file: 2^23 units, where a unit is about one scrypt N·r step
 *    (sesame_kdf_work). age's default is 2^21, Aegis's 2^18, andOTP's
 *    ~2^18.3, FreeOTP's 2^16.6, Stratum's 2^18.6. 2^23 is a few seconds on
 *    a desktop, tens on a slow phone-class CPU, and can be cancelled.
 *  - derivations, one file: 8 (Aegis has one password slot per vault).
 *
 * A file beyond them is refused before any work, whatever the password. */

struct _SesameKdfBudget
{
  GCancellable *cancellable;
  guint planned;
  guint run;
  guint64 work;
};

SesameKdfBudget *
sesame_kdf_budget_new (GCancellable *cancellable)
{
  SesameKdfBudget *budget = g_new0 (SesameKdfBudget, 1);

  budget->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  return budget;
}

void
sesame_kdf_budget_free (SesameKdfBudget *budget)
{
  if (budget == NULL)
    return;

  g_clear_object (&budget->cancellable);
  g_free (budget);
}

GCancellable *
sesame_kdf_budget_get_cancellable (SesameKdfBudget *budget)
{
  g_return_val_if_fail (budget != NULL, NULL);

  return budget->cancellable;
}

static gsize
hash_size (int md_algo)
{
  switch (md_algo)
    {
    case GCRY_MD_SHA1:
      return 20;
    case GCRY_MD_SHA256:
      return 32;
    case GCRY_MD_SHA512:
      return 64;
    default:
      return 0;
    }
}

static void
set_malformed (GError     **error,
               const char  *format_name)
{
  sesame_import_set_invalid (error, format_name, _("its key-derivation settings are malformed"));
}

static void
set_too_costly (GError     **error,
                const char  *format_name)
{
  g_set_error (error, SESAME_IMPORT_ERROR, SESAME_IMPORT_ERROR_INVALID,
               /* Translators: %s is a format, like "Aegis vault". */
               _("This %s asks for more key-derivation work (memory and time to open it) than any "
                 "authenticator app uses, so Sesame does not open it: it is damaged or made to stall "
                 "the computer. Export it again from the other app."),
               format_name);
}

/* Whether the settings make sense at all; the numbers are then small
 * enough for sesame_kdf_work() not to overflow. */
static gboolean
well_formed (const SesameKdfParams *params,
             gsize                  out_size)
{
  switch (params->algorithm)
    {
    case SESAME_KDF_SCRYPT:
      /* libgcrypt's scrypt has r fixed at 8, as every format here. */
      return params->r == 8 && params->n >= 2 && params->n <= ((gint64) 1 << 40) &&
             (params->n & (params->n - 1)) == 0 && params->p >= 1 && params->p <= (1 << 20);
    case SESAME_KDF_PBKDF2:
      return hash_size (params->md_algo) > 0 && params->iterations >= 1 &&
             params->iterations <= ((gint64) 1 << 40) && out_size <= 1024;
    case SESAME_KDF_ARGON2ID:
      return params->t_cost >= 1 && params->t_cost <= ((gint64) 1 << 20) &&
             params->parallelism >= 1 && params->parallelism <= 255 &&
             params->m_cost_kib >= 8 * params->parallelism && params->m_cost_kib <= ((gint64) 1 << 40) &&
             out_size >= 4;
    default:
      return FALSE;
    }
}

/**
 * sesame_kdf_work:
 * @out_size: bytes to derive (PBKDF2 costs per output block)
 *
 * Returns: the cost in units of about one scrypt N·r step, or G_MAXUINT64
 *   for settings that are not well-formed
 */
guint64
sesame_kdf_work (const SesameKdfParams *params,
                 gsize                  out_size)
{
  if (!well_formed (params, out_size))
    return G_MAXUINT64;

  switch (params->algorithm)
    {
    case SESAME_KDF_SCRYPT:
      return (guint64) params->n * params->r * params->p;
    case SESAME_KDF_PBKDF2:
      {
        gsize blocks = (MAX (out_size, 1) + hash_size (params->md_algo) - 1) / hash_size (params->md_algo);
        return (guint64) params->iterations * blocks;
      }
    case SESAME_KDF_ARGON2ID:
      /* A pass over a KiB block costs about two scrypt steps. */
      return (guint64) params->t_cost * params->m_cost_kib * 2;
    default:
      return G_MAXUINT64;
    }
}

static guint64
memory (const SesameKdfParams *params)
{
  switch (params->algorithm)
    {
    case SESAME_KDF_SCRYPT:
      return (guint64) 128 * params->r * params->n;
    case SESAME_KDF_ARGON2ID:
      return (guint64) params->m_cost_kib * 1024;
    case SESAME_KDF_PBKDF2:
    default:
      return 0;
    }
}

static gboolean
check (const SesameKdfParams  *params,
       gsize                   out_size,
       const char             *format_name,
       GError                **error)
{
  if (!well_formed (params, out_size))
    {
      set_malformed (error, format_name);
      return FALSE;
    }

  if (memory (params) > SESAME_KDF_MAX_MEMORY || sesame_kdf_work (params, out_size) > SESAME_KDF_MAX_WORK ||
      (params->algorithm == SESAME_KDF_PBKDF2 && params->iterations > SESAME_KDF_MAX_PBKDF2_ITERATIONS))
    {
      set_too_costly (error, format_name);
      return FALSE;
    }

  return TRUE;
}

/**
 * sesame_kdf_check:
 * @format_name: the file's format in words ("Aegis vault"), for the message
 *
 * Whether one derivation with @params (of a 32-byte key) is within the
 * bounds. Returns: %FALSE with @error in SESAME_IMPORT_ERROR when not
 */
gboolean
sesame_kdf_check (const SesameKdfParams  *params,
                  const char             *format_name,
                  GError                **error)
{
  g_return_val_if_fail (params != NULL, FALSE);

  return check (params, 32, format_name, error);
}

/**
 * sesame_kdf_budget_plan:
 *
 * Counts a derivation the file will ask for against the file's budget. A
 * format with several slots plans all of them before deriving any, so a
 * hostile file is refused before any work. sesame_kdf_derive() plans
 * derivations that were not.
 */
gboolean
sesame_kdf_budget_plan (SesameKdfBudget        *budget,
                        const SesameKdfParams  *params,
                        gsize                   out_size,
                        const char             *format_name,
                        GError                **error)
{
  guint64 work;

  g_return_val_if_fail (budget != NULL && params != NULL, FALSE);

  if (!check (params, out_size, format_name, error))
    return FALSE;

  work = sesame_kdf_work (params, out_size);
  if (budget->planned >= SESAME_KDF_MAX_DERIVATIONS || budget->work + work > SESAME_KDF_MAX_WORK)
    {
      set_too_costly (error, format_name);
      return FALSE;
    }

  budget->planned++;
  budget->work += work;
  return TRUE;
}

static gboolean
argon2id (const char   *password,
          gsize         password_size,
          const guint8 *salt,
          gsize         salt_size,
          guint         t_cost,
          guint         m_cost_kib,
          guint         parallelism,
          guint8       *out,
          gsize         out_size)
{
  const unsigned long param[4] = { out_size, t_cost, m_cost_kib, parallelism };
  gcry_kdf_hd_t hd = NULL;
  gboolean ok;

  if (gcry_kdf_open (&hd, GCRY_KDF_ARGON2, GCRY_KDF_ARGON2ID, param, 4, password, password_size,
                     salt, salt_size, NULL, 0, NULL, 0) != 0)
    return FALSE;

  ok = gcry_kdf_compute (hd, NULL) == 0 && gcry_kdf_final (hd, out_size, out) == 0;
  gcry_kdf_close (hd);
  return ok;
}

static gboolean
run_kdf (const SesameKdfParams *params,
         const char            *password,
         gsize                  password_size,
         const guint8          *salt,
         gsize                  salt_size,
         guint8                *out,
         gsize                  out_size)
{
  switch (params->algorithm)
    {
    case SESAME_KDF_SCRYPT:
      return sesame_crypto_scrypt (password, password_size, salt, salt_size, params->n, params->r, params->p,
                                   out, out_size);
    case SESAME_KDF_PBKDF2:
      return sesame_crypto_pbkdf2 (params->md_algo, password, password_size, salt, salt_size, params->iterations,
                                   out, out_size);
    case SESAME_KDF_ARGON2ID:
      sesame_crypto_init ();
      return argon2id (password, password_size, salt, salt_size, params->t_cost, params->m_cost_kib,
                       params->parallelism, out, out_size);
    default:
      return FALSE;
    }
}

/* A derivation in a thread of its own, so that whoever waits for it can
 * give up when cancelled. libgcrypt's KDFs cannot be interrupted: a
 * cancelled job runs on to its end (which the bounds keep short), then
 * wipes and frees what it holds. */
typedef struct
{
  gatomicrefcount ref_count;
  GMutex lock;
  GCond cond;
  gboolean done;
  gboolean ok;
  SesameKdfParams params;
  char *password;
  gsize password_size;
  guint8 *salt;
  gsize salt_size;
  guint8 *out;
  gsize out_size;
} Job;

static void
job_unref (Job *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;

  sesame_secure_free (job->password, job->password_size + 1);
  sesame_secure_free (job->out, job->out_size);
  g_free (job->salt);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
  g_free (job);
}

static gpointer
job_thread (gpointer data)
{
  Job *job = data;
  gboolean ok = run_kdf (&job->params, job->password, job->password_size, job->salt, job->salt_size,
                         job->out, job->out_size);

  g_mutex_lock (&job->lock);
  job->ok = ok;
  job->done = TRUE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);

  job_unref (job);
  return NULL;
}

static void
on_cancelled (GCancellable *cancellable,
              Job          *job)
{
  g_mutex_lock (&job->lock);
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
}

/**
 * sesame_kdf_derive:
 * @budget: the file's budget (sesame_import_kdf_budget() in an importer)
 * @params: as read from the file
 * @format_name: the file's format in words, for messages
 *
 * Derives @out_size bytes into @out when @params are within the bounds and
 * the file's budget, unless the budget's cancellable is (or gets)
 * cancelled. Returns: %FALSE with @error (SESAME_IMPORT_ERROR_INVALID, or
 *   G_IO_ERROR_CANCELLED); @out is then wiped
 */
gboolean
sesame_kdf_derive (SesameKdfBudget        *budget,
                   const SesameKdfParams  *params,
                   const char             *format_name,
                   const char             *password,
                   gsize                   password_size,
                   const guint8           *salt,
                   gsize                   salt_size,
                   guint8                 *out,
                   gsize                   out_size,
                   GError                **error)
{
  GCancellable *cancellable;
  GThread *thread;
  gulong handler = 0;
  gboolean done, ok;
  Job *job;

  g_return_val_if_fail (budget != NULL && params != NULL, FALSE);
  g_return_val_if_fail (password != NULL || password_size == 0, FALSE);
  g_return_val_if_fail (out != NULL && out_size > 0, FALSE);

  cancellable = budget->cancellable;
  sesame_memwipe (out, out_size);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (budget->run >= budget->planned && !sesame_kdf_budget_plan (budget, params, out_size, format_name, error))
    return FALSE;
  budget->run++;

  job = g_new0 (Job, 1);
  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  job->params = *params;
  job->password = sesame_secure_alloc (password_size + 1);
  if (password_size > 0)
    memcpy (job->password, password, password_size);
  job->password_size = password_size;
  job->salt = g_memdup2 (salt, salt_size);
  job->salt_size = salt_size;
  job->out = sesame_secure_alloc (out_size);
  job->out_size = out_size;

  g_atomic_ref_count_inc (&job->ref_count);
  thread = g_thread_try_new ("sesame-kdf", job_thread, job, NULL);
  if (thread == NULL)
    {
      /* No thread to spare: derive here, not cancellable midway. */
      job_unref (job);
      ok = run_kdf (params, job->password, password_size, salt, salt_size, job->out, out_size);
      if (ok)
        memcpy (out, job->out, out_size);
      job_unref (job);
      if (!ok)
        sesame_import_set_invalid (error, format_name, _("the key could not be derived"));
      return ok;
    }

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), job, NULL);

  g_mutex_lock (&job->lock);
  while (!job->done && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&job->cond, &job->lock);
  done = job->done;
  ok = job->ok;
  if (done && ok)
    memcpy (out, job->out, out_size);
  g_mutex_unlock (&job->lock);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  if (done)
    g_thread_join (thread);
  else
    g_thread_unref (thread);
  job_unref (job);

  if (!done)
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return FALSE;
    }
  if (!ok)
    sesame_import_set_invalid (error, format_name, _("the key could not be derived"));
  return ok;
}
