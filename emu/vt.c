/*
 * vt.c - the terminal of the window's console pane. See vt.h for what it
 * understands; the parser follows the shape of DEC's VT100 state machine
 * (ground, escape, control sequence, string), reduced to what guests use.
 */
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    ST_GROUND,
    ST_ESC,
    ST_ESC_SKIP,       /* ESC ( X and the like: one more byte to drop     */
    ST_CSI,
    ST_OSC,            /* ESC ] ... until BEL or ESC \                    */
    ST_OSC_ESC,
};

#define ESC 0x1b
#define TAB_STOP 8

static struct vt_cell blank(const struct vt *vt)
{
    /* Erased cells take the current background, as on xterm. */
    return (struct vt_cell){ ' ', VT_DEFAULT_FG, vt->bg, 0 };
}

static struct vt_cell *row_ptr(struct vt *vt, int r)
{
    return &vt->screen[(size_t)r * (size_t)vt->cols];
}

static void fill(struct vt *vt, int r, int from, int to)
{
    struct vt_cell b = blank(vt);
    struct vt_cell *row = row_ptr(vt, r);
    for (int c = from; c < to; c++)
        row[c] = b;
}

int vt_init(struct vt *vt, int cols, int rows, int history)
{
    memset(vt, 0, sizeof(*vt));
    if (cols < 1 || rows < 1 || history < 0)
        return -1;
    vt->cols = cols;
    vt->rows = rows;
    vt->hist_max = history;
    vt->screen = calloc((size_t)cols * (size_t)rows, sizeof(*vt->screen));
    vt->hist = history ? calloc((size_t)cols * (size_t)history, sizeof(*vt->hist)) : NULL;
    if (!vt->screen || (history && !vt->hist)) {
        vt_free(vt);
        return -1;
    }
    vt_reset(vt);
    return 0;
}

void vt_free(struct vt *vt)
{
    free(vt->screen);
    free(vt->hist);
    vt->screen = vt->hist = NULL;
}

void vt_reset(struct vt *vt)
{
    vt->fg = VT_DEFAULT_FG;
    vt->bg = VT_DEFAULT_BG;
    vt->attr = 0;
    vt->cx = vt->cy = 0;
    vt->saved_cx = vt->saved_cy = 0;
    vt->saved_fg = VT_DEFAULT_FG;
    vt->saved_bg = VT_DEFAULT_BG;
    vt->saved_attr = 0;
    vt->wrap_pending = false;
    vt->cursor_visible = true;
    vt->state = ST_GROUND;
    vt->reply_len = 0;
    for (int r = 0; r < vt->rows; r++)
        fill(vt, r, 0, vt->cols);
    vt->changes++;
}

/* ---- scrolling ---- */

/* The top line leaves the screen: into the scrollback, the rest moves up. */
static void scroll_up(struct vt *vt)
{
    if (vt->hist_max) {
        memcpy(&vt->hist[(size_t)vt->hist_next * (size_t)vt->cols], row_ptr(vt, 0),
               (size_t)vt->cols * sizeof(struct vt_cell));
        vt->hist_next = (vt->hist_next + 1) % vt->hist_max;
        if (vt->hist_len < vt->hist_max)
            vt->hist_len++;
        /* A view into the past keeps showing the same lines. */
        if (vt->view && vt->view < vt->hist_len)
            vt->view++;
    }
    memmove(row_ptr(vt, 0), row_ptr(vt, 1),
            (size_t)(vt->rows - 1) * (size_t)vt->cols * sizeof(struct vt_cell));
    fill(vt, vt->rows - 1, 0, vt->cols);
}

/* Reverse index at the top: everything moves down, the bottom line is lost. */
static void scroll_down(struct vt *vt)
{
    memmove(row_ptr(vt, 1), row_ptr(vt, 0),
            (size_t)(vt->rows - 1) * (size_t)vt->cols * sizeof(struct vt_cell));
    fill(vt, 0, 0, vt->cols);
}

static void line_feed(struct vt *vt)
{
    if (vt->cy == vt->rows - 1)
        scroll_up(vt);
    else
        vt->cy++;
}

/* ---- cursor ---- */

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void move_to(struct vt *vt, int row, int col)
{
    vt->cy = clamp(row, 0, vt->rows - 1);
    vt->cx = clamp(col, 0, vt->cols - 1);
    vt->wrap_pending = false;
}

static void put_char(struct vt *vt, uint8_t c)
{
    if (vt->wrap_pending) {
        vt->cx = 0;
        line_feed(vt);
        vt->wrap_pending = false;
    }
    uint8_t fg = vt->fg, bg = vt->bg;
    /* Bold is drawn bright, as the VGA console and most terminals do. */
    if ((vt->attr & VT_ATTR_BOLD) && fg < 8)
        fg = (uint8_t)(fg + 8);
    if (vt->attr & VT_ATTR_REVERSE) {
        uint8_t t = fg;
        fg = bg;
        bg = t;
    }
    row_ptr(vt, vt->cy)[vt->cx] = (struct vt_cell){ c, fg, bg, vt->attr };
    if (vt->cx == vt->cols - 1)
        vt->wrap_pending = true;
    else
        vt->cx++;
}

/* ---- controls ---- */

static void control(struct vt *vt, uint8_t c)
{
    switch (c) {
    case '\r':
        vt->cx = 0;
        vt->wrap_pending = false;
        break;
    case '\n': case '\v': case '\f':
        vt->cx = 0;
        vt->wrap_pending = false;
        line_feed(vt);
        break;
    case '\b':
        if (vt->cx > 0 && !vt->wrap_pending)
            vt->cx--;
        vt->wrap_pending = false;
        break;
    case '\t':
        vt->cx = (vt->cx / TAB_STOP + 1) * TAB_STOP;
        if (vt->cx > vt->cols - 1)
            vt->cx = vt->cols - 1;
        vt->wrap_pending = false;
        break;
    default:
        break;           /* BEL, NUL and the rest: nothing to show */
    }
}

static void reply(struct vt *vt, const char *s)
{
    size_t n = strlen(s);
    if (vt->reply_len + n <= sizeof(vt->reply)) {
        memcpy(vt->reply + vt->reply_len, s, n);
        vt->reply_len += n;
    }
}

static int param(const struct vt *vt, int k, int dflt)
{
    return k < vt->nparams && vt->params[k] > 0 ? vt->params[k] : dflt;
}

static void erase_display(struct vt *vt, int mode)
{
    switch (mode) {
    case 0:
        fill(vt, vt->cy, vt->cx, vt->cols);
        for (int r = vt->cy + 1; r < vt->rows; r++)
            fill(vt, r, 0, vt->cols);
        break;
    case 1:
        for (int r = 0; r < vt->cy; r++)
            fill(vt, r, 0, vt->cols);
        fill(vt, vt->cy, 0, vt->cx + 1);
        break;
    case 2: case 3:
        /* xterm's 3 clears the scrollback as well as the screen */
        if (mode == 3)
            vt->hist_len = vt->hist_next = vt->view = 0;
        for (int r = 0; r < vt->rows; r++)
            fill(vt, r, 0, vt->cols);
        break;
    default:
        break;
    }
}

static void erase_line(struct vt *vt, int mode)
{
    switch (mode) {
    case 0: fill(vt, vt->cy, vt->cx, vt->cols); break;
    case 1: fill(vt, vt->cy, 0, vt->cx + 1); break;
    case 2: fill(vt, vt->cy, 0, vt->cols); break;
    default: break;
    }
}

static void sgr(struct vt *vt)
{
    if (vt->nparams == 0) {
        vt->fg = VT_DEFAULT_FG, vt->bg = VT_DEFAULT_BG, vt->attr = 0;
        return;
    }
    for (int k = 0; k < vt->nparams; k++) {
        int p = vt->params[k] < 0 ? 0 : vt->params[k];
        if (p == 0)
            vt->fg = VT_DEFAULT_FG, vt->bg = VT_DEFAULT_BG, vt->attr = 0;
        else if (p == 1)
            vt->attr |= VT_ATTR_BOLD;
        else if (p == 22)
            vt->attr &= (uint8_t)~VT_ATTR_BOLD;
        else if (p == 7)
            vt->attr |= VT_ATTR_REVERSE;
        else if (p == 27)
            vt->attr &= (uint8_t)~VT_ATTR_REVERSE;
        else if (p >= 30 && p <= 37)
            vt->fg = (uint8_t)(p - 30);
        else if (p == 39)
            vt->fg = VT_DEFAULT_FG;
        else if (p >= 40 && p <= 47)
            vt->bg = (uint8_t)(p - 40);
        else if (p == 49)
            vt->bg = VT_DEFAULT_BG;
        else if (p >= 90 && p <= 97)
            vt->fg = (uint8_t)(p - 90 + 8);
        else if (p >= 100 && p <= 107)
            vt->bg = (uint8_t)(p - 100 + 8);
        else if ((p == 38 || p == 48) && k + 1 < vt->nparams)
            /* 256-colour and RGB forms: skip their arguments */
            k += vt->params[k + 1] == 5 ? 2 : vt->params[k + 1] == 2 ? 4 : 1;
    }
}

static void csi_dispatch(struct vt *vt, uint8_t final)
{
    if (vt->intermediate)
        return;
    if (vt->priv) {
        if (vt->priv == '?' && (final == 'h' || final == 'l'))
            for (int k = 0; k < vt->nparams; k++)
                if (vt->params[k] == 25)
                    vt->cursor_visible = final == 'h';
        return;
    }
    int n = param(vt, 0, 1);
    switch (final) {
    case 'A': move_to(vt, vt->cy - n, vt->cx); break;
    case 'B': move_to(vt, vt->cy + n, vt->cx); break;
    case 'C': move_to(vt, vt->cy, vt->cx + n); break;
    case 'D': move_to(vt, vt->cy, vt->cx - n); break;
    case 'E': move_to(vt, vt->cy + n, 0); break;
    case 'F': move_to(vt, vt->cy - n, 0); break;
    case 'G': move_to(vt, vt->cy, n - 1); break;
    case 'd': move_to(vt, n - 1, vt->cx); break;
    case 'H': case 'f': move_to(vt, param(vt, 0, 1) - 1, param(vt, 1, 1) - 1); break;
    case 'J': erase_display(vt, vt->nparams ? vt->params[0] : 0); break;
    case 'K': erase_line(vt, vt->nparams ? vt->params[0] : 0); break;
    case 'm': sgr(vt); break;
    case 's':
        vt->saved_cx = vt->cx, vt->saved_cy = vt->cy;
        break;
    case 'u':
        move_to(vt, vt->saved_cy, vt->saved_cx);
        break;
    case 'n':
        if (vt->nparams && vt->params[0] == 6) {
            char buf[32];
            snprintf(buf, sizeof(buf), "\x1b[%d;%dR", vt->cy + 1, vt->cx + 1);
            reply(vt, buf);
        } else if (vt->nparams && vt->params[0] == 5) {
            reply(vt, "\x1b[0n");
        }
        break;
    default:
        break;
    }
}

static void esc_dispatch(struct vt *vt, uint8_t c)
{
    vt->state = ST_GROUND;
    switch (c) {
    case '[':
        vt->state = ST_CSI;
        vt->nparams = 0;
        vt->priv = 0;
        vt->intermediate = false;
        memset(vt->params, 0, sizeof(vt->params));
        break;
    case ']':
        vt->state = ST_OSC;
        break;
    case '(': case ')': case '*': case '+': case '#': case '%':
        vt->state = ST_ESC_SKIP;
        break;
    case '7':
        vt->saved_cx = vt->cx, vt->saved_cy = vt->cy;
        vt->saved_fg = vt->fg, vt->saved_bg = vt->bg, vt->saved_attr = vt->attr;
        break;
    case '8':
        move_to(vt, vt->saved_cy, vt->saved_cx);
        vt->fg = vt->saved_fg, vt->bg = vt->saved_bg, vt->attr = vt->saved_attr;
        break;
    case 'D':
        line_feed(vt);
        break;
    case 'E':
        vt->cx = 0;
        vt->wrap_pending = false;
        line_feed(vt);
        break;
    case 'M':
        if (vt->cy == 0)
            scroll_down(vt);
        else
            vt->cy--;
        vt->wrap_pending = false;
        break;
    case 'c':
        vt_reset(vt);
        break;
    default:
        break;
    }
}

static void csi_byte(struct vt *vt, uint8_t c)
{
    if (c >= '0' && c <= '9') {
        if (vt->nparams == 0)
            vt->nparams = 1;
        int *p = &vt->params[vt->nparams - 1];
        if (*p < 10000)          /* absurd counts are clamped by the moves */
            *p = *p * 10 + (c - '0');
    } else if (c == ';' || c == ':') {
        if (vt->nparams == 0)
            vt->nparams = 1;
        if (vt->nparams < VT_MAX_PARAMS)
            vt->params[vt->nparams++] = 0;
    } else if (c >= '<' && c <= '?') {
        vt->priv = (char)c;
    } else if (c >= 0x20 && c <= 0x2f) {
        vt->intermediate = true;
    } else if (c >= 0x40 && c <= 0x7e) {
        vt->state = ST_GROUND;
        csi_dispatch(vt, c);
    }
    /* other bytes: ignored inside a sequence */
}

void vt_putc(struct vt *vt, uint8_t c)
{
    vt->changes++;
    /* CAN and SUB cancel a sequence; ESC starts a new one anywhere (an
     * OSC string ends with ESC \). */
    if (c == 0x18 || c == 0x1a) {
        vt->state = ST_GROUND;
        return;
    }
    if (c == ESC) {
        vt->state = vt->state == ST_OSC ? ST_OSC_ESC : ST_ESC;
        return;
    }
    switch (vt->state) {
    case ST_OSC:
        if (c == 0x07)
            vt->state = ST_GROUND;
        return;
    case ST_OSC_ESC:
        vt->state = ST_GROUND;      /* ESC \ ends it; anything else too */
        return;
    case ST_ESC:
        esc_dispatch(vt, c);
        return;
    case ST_ESC_SKIP:
        vt->state = ST_GROUND;
        return;
    case ST_CSI:
        /* C0 controls act inside a sequence, as on a VT100. */
        if (c < 0x20)
            control(vt, c);
        else
            csi_byte(vt, c);
        return;
    default:
        break;
    }
    if (c < 0x20)
        control(vt, c);
    else if (c != 0x7f)
        put_char(vt, c);
}

void vt_write(struct vt *vt, const void *buf, size_t len)
{
    const uint8_t *p = buf;
    for (size_t k = 0; k < len; k++)
        vt_putc(vt, p[k]);
}

const struct vt_cell *vt_screen_cell(const struct vt *vt, int row, int col)
{
    return &vt->screen[(size_t)row * (size_t)vt->cols + (size_t)col];
}

const struct vt_cell *vt_view_row(const struct vt *vt, int r)
{
    if (r < vt->view) {
        /* history line (hist_len - view + r), oldest = 0 */
        int age = vt->hist_len - vt->view + r;
        int slot = (vt->hist_next - vt->hist_len + age + vt->hist_max) % vt->hist_max;
        return &vt->hist[(size_t)slot * (size_t)vt->cols];
    }
    return &vt->screen[(size_t)(r - vt->view) * (size_t)vt->cols];
}

void vt_scroll_view(struct vt *vt, int lines)
{
    int v = clamp(vt->view + lines, 0, vt->hist_len);
    if (v != vt->view) {
        vt->view = v;
        vt->changes++;
    }
}

void vt_scroll_live(struct vt *vt)
{
    vt_scroll_view(vt, -vt->view);
}

void vt_view_text(const struct vt *vt, int r, char *buf, size_t size)
{
    if (!size)
        return;
    const struct vt_cell *row = vt_view_row(vt, r);
    size_t n = 0;
    for (int c = 0; c < vt->cols && n + 1 < size; c++)
        buf[n++] = (char)(row[c].ch ? row[c].ch : ' ');
    while (n && buf[n - 1] == ' ')
        n--;
    buf[n] = '\0';
}

size_t vt_take_reply(struct vt *vt, uint8_t *buf, size_t max)
{
    size_t n = vt->reply_len < max ? vt->reply_len : max;
    memcpy(buf, vt->reply, n);
    memmove(vt->reply, vt->reply + n, vt->reply_len - n);
    vt->reply_len -= n;
    return n;
}
