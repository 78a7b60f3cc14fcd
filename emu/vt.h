/*
 * vt.h - a small VT100/ANSI terminal: the screen the window's console
 * pane shows for the guest's UART. It knows what xv6-style kernels,
 * OpenSBI and U-Boot send:
 *
 *   CR, LF (also returning the carriage, as a host terminal's ONLCR does
 *   for a guest that sends bare "\n"), BS, TAB (stops every 8 columns),
 *   VT and FF as LF, BEL ignored;
 *   ESC [ n A/B/C/D (CUU/CUD/CUF/CUB), ESC [ r;c H or f (CUP), ESC [ n G
 *   (CHA), ESC [ n d (VPA), ESC [ n J (ED 0/1/2/3), ESC [ n K (EL 0/1/2),
 *   ESC [ ... m (SGR: 0 reset, 1 bold = bright, 7 reverse, 22, 27,
 *   30-37/39 and 90-97 foreground, 40-47/49 and 100-107 background),
 *   ESC [ s / u and ESC 7 / 8 (save/restore the cursor), ESC [ 6 n and
 *   5 n (status reports, answered through vt_take_reply), ESC [ ? 25 h/l
 *   (cursor shown/hidden); ESC D/M/E (index, reverse index, next line),
 *   ESC c (reset). Other sequences are parsed to their end and ignored,
 *   so they never print as garbage. OSC strings (ESC ] ... BEL) too.
 *
 * Lines scrolled off the top go to a scrollback of fixed length, which
 * the view can be moved into (vt_scroll_view) without disturbing the
 * screen the guest writes to. No SDL here: the unit tests drive it.
 */
#ifndef RVEMU_VT_H
#define RVEMU_VT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VT_MAX_PARAMS 16

/* Colours 0-7 are black, red, green, yellow, blue, magenta, cyan, white;
 * 8-15 their bright forms. */
#define VT_DEFAULT_FG 7
#define VT_DEFAULT_BG 0

#define VT_ATTR_BOLD    1u
#define VT_ATTR_REVERSE 2u

struct vt_cell {
    uint8_t ch;              /* the byte shown (printable ASCII, else a box)  */
    uint8_t fg, bg;          /* colours as drawn (bold and reverse applied)   */
    uint8_t attr;            /* VT_ATTR_* in force when it was written        */
};

struct vt {
    int cols, rows;
    struct vt_cell *screen;  /* rows * cols: what the guest writes to        */
    struct vt_cell *hist;    /* hist_max * cols: the scrollback ring          */
    int hist_max, hist_len, hist_next;   /* lines kept, their count, next slot */
    int view;                /* lines the view is scrolled back (0 = live)   */

    int cx, cy;              /* cursor, 0-based                              */
    bool wrap_pending;       /* the last column was written: wrap on the next */
    bool cursor_visible;
    int saved_cx, saved_cy;
    uint8_t saved_fg, saved_bg, saved_attr;

    uint8_t fg, bg, attr;    /* SGR state for the next characters            */

    /* the parser */
    int state;
    int params[VT_MAX_PARAMS];
    int nparams;
    char priv;               /* '?' (or another private marker), or 0        */
    bool intermediate;       /* the sequence had an intermediate byte         */

    uint8_t reply[64];       /* answers to status reports, for the input side */
    size_t reply_len;

    uint64_t changes;        /* bumped whenever the view may look different  */
};

/* A cols x rows terminal with history lines of scrollback; 0, or -1 when
 * out of memory. */
int vt_init(struct vt *vt, int cols, int rows, int history);
void vt_free(struct vt *vt);

/* Reset to the power-on state (ESC c): blank screen, cursor home, default
 * colours. The scrollback is kept. */
void vt_reset(struct vt *vt);

/* Feed the guest's output. */
void vt_putc(struct vt *vt, uint8_t c);
void vt_write(struct vt *vt, const void *buf, size_t len);

/* The cell at (row, col) of the screen the guest writes to. */
const struct vt_cell *vt_screen_cell(const struct vt *vt, int row, int col);

/* Row r (0 = top) of what the view shows: scrollback lines while scrolled
 * back, then the screen. */
const struct vt_cell *vt_view_row(const struct vt *vt, int r);

/* Move the view lines back into the scrollback (negative: forward); it
 * stops at both ends. vt_scroll_live returns to the screen. */
void vt_scroll_view(struct vt *vt, int lines);
void vt_scroll_live(struct vt *vt);

/* Row r of the view as text (trailing blanks dropped) into buf[cols+1]. */
void vt_view_text(const struct vt *vt, int r, char *buf, size_t size);

/* Bytes the terminal wants to send back (status reports); taken once. */
size_t vt_take_reply(struct vt *vt, uint8_t *buf, size_t max);

#endif
