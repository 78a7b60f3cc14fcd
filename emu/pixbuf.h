/*
 * pixbuf.h - drawing into a plain 0xRRGGBB pixel array: rectangles and
 * text in rvemu's font. The window draws its panes with it and the page
 * map's PNG its legend, so both show the same pixels for the same thing.
 */
#ifndef RVEMU_PIXBUF_H
#define RVEMU_PIXBUF_H

#include <stdint.h>

struct pixbuf {
    uint32_t *px;            /* 0x00RRGGBB, row after row            */
    int w, h;
    int stride;              /* pixels from one row to the next      */
};

#define PIXBUF_NO_BG 0xff000000u   /* text drawn over what is there */

/* A rectangle, clipped to the buffer. */
void pixbuf_fill(struct pixbuf *b, int x, int y, int w, int h, uint32_t color);

/* An unfilled rectangle one pixel wide. */
void pixbuf_frame(struct pixbuf *b, int x, int y, int w, int h, uint32_t color);

/* One character cell (FONT_W x FONT_H) with its top left at (x, y). */
void pixbuf_glyph(struct pixbuf *b, int x, int y, uint8_t c, uint32_t fg, uint32_t bg);

/* Text on one line; returns the x after it. Stops at the buffer's edge. */
int pixbuf_text(struct pixbuf *b, int x, int y, const char *s, uint32_t fg, uint32_t bg);

#endif
