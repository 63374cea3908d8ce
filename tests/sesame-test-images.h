/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sesame-qr-decode.h"
#include "sesame-qr-encode.h"

G_BEGIN_DECLS

SesameGrayImage *sesame_test_qr_render       (const char            *text,
                                              SesameQrEcLevel        level,
                                              guint                  module_px,
                                              guint                  quiet);
SesameGrayImage *sesame_test_image_scale     (const SesameGrayImage *src,
                                              double                 factor);
SesameGrayImage *sesame_test_image_rotate    (const SesameGrayImage *src,
                                              double                 degrees);
SesameGrayImage *sesame_test_image_blur      (const SesameGrayImage *src,
                                              int                    r);
void             sesame_test_image_paste     (SesameGrayImage       *canvas,
                                              const SesameGrayImage *img,
                                              guint                  left,
                                              guint                  top);
void             sesame_test_image_levels    (SesameGrayImage       *img,
                                              guint8                 black,
                                              guint8                 white);
SesameGrayImage *sesame_test_image_jpeg      (const SesameGrayImage *src,
                                              int                    quality);
void             sesame_test_image_noise     (SesameGrayImage       *img,
                                              int                    amplitude,
                                              guint32                seed);
char            *sesame_test_image_save_png  (const SesameGrayImage *src);
SesameGrayImage *sesame_test_image_page      (guint                  width,
                                              guint                  height);

G_END_DECLS
