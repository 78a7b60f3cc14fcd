/* pixbuf.c - see pixbuf.h. */
#include "pixbuf.h"

#include "font.h"

void pixbuf_fill(struct pixbuf *b, int x, int y, int w, int h, uint32_t color)
{
    int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int x1 = x + w > b->w ? b->w : x + w, y1 = y + h > b->h ? b->h : y + h;
    for (int r = y0; r < y1; r++) {
        uint32_t *row = b->px + (long)r * b->stride;
        for (int c = x0; c < x1; c++)
            row[c] = color;
    }
}

void pixbuf_frame(struct pixbuf *b, int x, int y, int w, int h, uint32_t color)
{
    pixbuf_fill(b, x, y, w, 1, color);
    pixbuf_fill(b, x, y + h - 1, w, 1, color);
    pixbuf_fill(b, x, y, 1, h, color);
    pixbuf_fill(b, x + w - 1, y, 1, h, color);
}

void pixbuf_glyph(struct pixbuf *b, int x, int y, uint8_t c, uint32_t fg, uint32_t bg)
{
    const uint8_t *g = font_glyph(c);
    for (int r = 0; r < FONT_H; r++) {
        int py = y + r;
        if (py < 0 || py >= b->h)
            continue;
        uint32_t *row = b->px + (long)py * b->stride;
        for (int k = 0; k < FONT_W; k++) {
            int px = x + k;
            if (px < 0 || px >= b->w)
                continue;
            if (g[r] & (0x80u >> k))
                row[px] = fg;
            else if (bg != PIXBUF_NO_BG)
                row[px] = bg;
        }
    }
}

int pixbuf_text(struct pixbuf *b, int x, int y, const char *s, uint32_t fg, uint32_t bg)
{
    for (; *s && x < b->w; s++, x += FONT_W)
        pixbuf_glyph(b, x, y, (uint8_t)*s, fg, bg);
    return x;
}
