/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sesame-import.h"

G_BEGIN_DECLS

/* One per format, each in sesame-import-<id>.c. */
extern const SesameImporter sesame_importer_age;

G_END_DECLS
