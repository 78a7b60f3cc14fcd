/*
 * font.h - rvemu's own bitmap font: the 95 printable ASCII characters and
 * a box for everything else, drawn for this project on an 8x8 grid (see
 * font.c) and shown double-scanned in 8x16 cells, as 80x25 text looked on
 * 640x400 screens. Used by the window's panes and the page map's PNG.
 */
#ifndef RVEMU_FONT_H
#define RVEMU_FONT_H

#include <stdbool.h>
#include <stdint.h>

#define FONT_W 8             /* pixels per cell, across   */
#define FONT_H 16            /* pixels per cell, down     */
#define FONT_ART_ROWS 8      /* rows of the drawn glyphs: each shown twice */
#define FONT_FIRST 0x20
#define FONT_LAST 0x7e
#define FONT_BOX 0x7f        /* the glyph for bytes outside FONT_FIRST..LAST */

/* Is pixel (x, y) of c's 8x16 cell set? */
bool font_pixel(uint8_t c, unsigned x, unsigned y);

/* The 16 rows of c's cell, bit 7 the leftmost pixel. */
const uint8_t *font_glyph(uint8_t c);

#endif
