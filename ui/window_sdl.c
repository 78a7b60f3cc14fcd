/*
 * window_sdl.c - the -display sdl window (window.h; docs/window.md).
 *
 * One host thread: the run loop calls window_poll every few thousand
 * guest instructions, which looks at a coarse clock and returns unless a
 * frame is due (WINDOW_FPS a second). A frame handles SDL's events, takes
 * a snapshot of the page states and redraws only what changed into our
 * own 0xRRGGBB buffer, then copies the changed rectangles to the window.
 * So the guest runs at full speed with the window open, and the window
 * answers at the frame rate whatever the guest does.
 *
 * While the machine is stopped the window keeps drawing: it serves the
 * stops its own keys asked for (dbg_ui.serve), and while the monitor
 * waits for a line on the terminal, the monitor calls dbg_ui.idle.
 *
 * Layout (pixels; tests/window reads the same numbers in docs/window.md):
 *   console pane  x 8..647,    y 8..407     80 x 25 cells of 8 x 16
 *   page map      x 664..1431, y 8..391     cells of PITCH pixels, gap 1
 *   legend        x 664..,     y 400..447
 *   status line   x 8..,       y 456..471
 *   page info     x 8.. and 720.., y 480..655 (11 lines)
 */
#include "window.h"

#include <SDL.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "debug.h"
#include "font.h"
#include "machine.h"
#include "pagemap.h"
#include "pagestate.h"
#include "pixbuf.h"
#include "trace_sources.h"
#include "vt.h"

#define WINDOW_FPS 30
#define FRAME_NS (1000000000LL / WINDOW_FPS)
#define INFO_REFRESH_FRAMES 8        /* the hovered page's text: ~4 times a second */
#define MAP_REFRESH_FRAMES 15        /* page tables are read again twice a second  */
#define FLASH_FRAMES 12              /* a flash fades out in 0.4 s                */

#define CON_COLS 80
#define CON_ROWS 25
#define CON_HISTORY 2000
#define CON_X 8
#define CON_Y 8
#define CON_W (CON_COLS * FONT_W)
#define CON_H (CON_ROWS * FONT_H)
#define MAP_X (CON_X + CON_W + 16)
#define MAP_Y 8
#define MAP_W 768
#define MAP_H 384
#define LEGEND_Y (MAP_Y + MAP_H + 8)
#define LEGEND_ROWS 3
#define LEGEND_COL 192
#define STATUS_Y (LEGEND_Y + LEGEND_ROWS * FONT_H + 8)
#define INFO_Y (STATUS_Y + FONT_H + 8)
#define INFO_LINES 11
#define INFO_X2 720                  /* the events column                       */
#define WIN_W (MAP_X + MAP_W + 8)
#define WIN_H (INFO_Y + INFO_LINES * FONT_H + 8)

#define COL_BG     0x181818u
#define COL_TEXT   0xc0c0c0u
#define COL_DIM    0x808080u
#define COL_ALERT  0xffd040u
#define COL_SELECT 0xff00ffu

#define INPUT_RING 4096
#define CTRL_A 0x01
#define MAX_DIRTY 8

/* The VGA text colours, by VT colour number. */
static const uint32_t vga[16] = {
    0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa, 0x00aaaa, 0xaaaaaa,
    0x555555, 0xff5555, 0x55ff55, 0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
};

struct window {
    struct machine *m;
    bool sdl_up;                     /* SDL's video subsystem is initialised    */
    SDL_Window *win;
    uint32_t *fb;                    /* WIN_W x WIN_H, 0x00RRGGBB              */
    struct pixbuf pb;
    SDL_Surface *fb_surface;         /* fb, as SDL sees it                      */
    SDL_Rect dirty[MAX_DIRTY];
    int ndirty;
    bool full_blit;                  /* the window lost its contents           */
    long long next_frame;
    uint64_t frames;

    /* console */
    struct vt vt;
    uint64_t vt_drawn;               /* vt.changes when last drawn             */
    struct vt_cell shown[CON_ROWS][CON_COLS];   /* what the pane shows         */
    int cur_x, cur_y;                /* the cursor drawn, or -1                */
    uint8_t input[INPUT_RING];
    unsigned in_head, in_len;
    bool escape;                     /* Ctrl-A was the last key                 */

    /* page map */
    unsigned pitch;                  /* pixels per cell, gap included          */
    unsigned cols, rows;             /* cells across and down                  */
    uint64_t ppc;                    /* pages per cell (1 unless RAM is big)   */
    uint64_t ncells;
    struct ps_cell *snap;            /* the page states of this frame           */
    uint32_t *drawn;                 /* colour each cell shows, or ~0           */
    uint8_t *flash_left;             /* frames a flash still shows              */
    uint8_t *flash_kind;
    uint64_t flashing;               /* cells with flash_left > 0               */
    uint64_t trace_seen;             /* m->trace.count at the last snapshot     */
    int64_t hover, pinned;           /* cell under the mouse / clicked; -1     */
    int64_t marked;                  /* cell the selection frame is drawn at   */

    /* text lines */
    char status[256], status_drawn[256];
    double minsns;                   /* millions of instructions, as shown      */
    char info[INFO_LINES][2][96];
    bool info_stale;
    int64_t info_cell;

    /* debugger */
    bool stopped;                    /* serving a stop (ours or the monitor's) */
    bool ours;                       /* the stop is served here                */
    bool resume_set;
    struct dbg_resume resume;
};

/* ---- time ---- */

static long long now_ns(void)
{
    struct timespec ts;
    /* The coarse clock costs a few nanoseconds (no syscall, no TSC read):
     * the run loop asks often, and 4 ms of resolution is plenty at 30 fps. */
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- dirty rectangles ---- */

static void mark_dirty(struct window *w, int x, int y, int wd, int ht)
{
    if (w->ndirty == MAX_DIRTY) {
        w->full_blit = true;
        return;
    }
    w->dirty[w->ndirty++] = (SDL_Rect){ x, y, wd, ht };
}

static void present(struct window *w)
{
    SDL_Surface *s = SDL_GetWindowSurface(w->win);
    if (!s)
        return;
    if (w->full_blit) {
        w->ndirty = 0;
        mark_dirty(w, 0, 0, WIN_W, WIN_H);
        w->full_blit = false;
    }
    if (!w->ndirty)
        return;
    for (int k = 0; k < w->ndirty; k++) {
        SDL_Rect r = w->dirty[k];
        SDL_BlitSurface(w->fb_surface, &r, s, &r);
    }
    SDL_UpdateWindowSurfaceRects(w->win, w->dirty, w->ndirty);
    w->ndirty = 0;
}

/* ---- console pane ---- */

/* Only the cells that changed are drawn again: a guest printing a line
 * a frame costs a line, not the pane. */
static void draw_console(struct window *w)
{
    struct vt *vt = &w->vt;
    if (vt->changes == w->vt_drawn)
        return;
    int cx = -1, cy = -1;
    if (vt->view == 0 && vt->cursor_visible) {
        cx = vt->cx < CON_COLS ? vt->cx : CON_COLS - 1;
        cy = vt->cy;
    }
    int y0 = CON_ROWS, y1 = -1;
    for (int r = 0; r < CON_ROWS; r++) {
        const struct vt_cell *row = vt_view_row(vt, r);
        bool cursor_row = r == cy || r == w->cur_y;
        if (!cursor_row && !memcmp(row, w->shown[r], sizeof(w->shown[r])))
            continue;
        for (int c = 0; c < CON_COLS; c++) {
            bool cursor_cell = (r == cy && c == cx) || (r == w->cur_y && c == w->cur_x);
            if (!cursor_cell && !memcmp(&row[c], &w->shown[r][c], sizeof(row[c])))
                continue;
            uint8_t ch = row[c].ch ? row[c].ch : ' ';
            int x = CON_X + c * FONT_W, y = CON_Y + r * FONT_H;
            pixbuf_glyph(&w->pb, x, y, ch, vga[row[c].fg & 15], vga[row[c].bg & 15]);
            /* An underline cursor, on the live screen only. */
            if (r == cy && c == cx)
                pixbuf_fill(&w->pb, x, y + FONT_H - 2, FONT_W, 2, vga[row[c].fg & 15]);
            w->shown[r][c] = row[c];
            y0 = r < y0 ? r : y0;
            y1 = r;
        }
    }
    w->cur_x = cx;
    w->cur_y = cy;
    if (y1 >= 0)
        mark_dirty(w, CON_X, CON_Y + y0 * FONT_H, CON_W, (y1 - y0 + 1) * FONT_H);
    w->vt_drawn = vt->changes;
}

/* ---- page map pane ---- */

static int class_rank(uint8_t cls)
{
    /* which page a cell of many pages shows: the most telling one */
    static const int rank[PS_NCLASSES] = {
        [PS_CLASS_UNSEEN] = 0, [PS_CLASS_FREE] = 1, [PS_CLASS_KERNEL] = 2,
        [PS_CLASS_USER] = 3, [PS_CLASS_PAGETABLE] = 4, [PS_CLASS_SHARED] = 5,
    };
    return cls < PS_NCLASSES ? rank[cls] : 0;
}

/* The cell's state when it covers ppc pages. */
static struct ps_cell cell_state(const struct window *w, uint64_t cell)
{
    const struct ps_cell *s = &w->snap[cell * w->ppc];
    struct ps_cell c = *s;
    if (w->ppc == 1)
        return c;
    uint64_t npages = w->m->pages->npages;
    for (uint64_t k = 1; k < w->ppc && cell * w->ppc + k < npages; k++) {
        const struct ps_cell *o = &s[k];
        if (class_rank(o->cls) > class_rank(c.cls) ||
            (o->cls == c.cls && o->count > c.count)) {
            c.cls = o->cls;
            c.count = o->count;
        }
        c.flash |= o->flash;
    }
    return c;
}

static uint32_t blend(uint32_t a, uint32_t b, unsigned num, unsigned den)
{
    uint32_t out = 0;
    for (unsigned sh = 0; sh < 24; sh += 8) {
        unsigned ca = (a >> sh) & 0xff, cb = (b >> sh) & 0xff;
        out |= ((ca * num + cb * (den - num)) / den) << sh;
    }
    return out;
}

static void cell_rect(const struct window *w, uint64_t cell, int *x, int *y)
{
    *x = MAP_X + (int)(cell % w->cols * w->pitch);
    *y = MAP_Y + (int)(cell / w->cols * w->pitch);
}

static int64_t selected_cell(const struct window *w)
{
    return w->pinned >= 0 ? w->pinned : w->hover;
}

/* Force the cells around c to be painted again (the frame covers parts
 * of its neighbours). */
static void invalidate_around(struct window *w, int64_t c)
{
    if (c < 0)
        return;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            int64_t n = c + dy * (int64_t)w->cols + dx;
            if (n >= 0 && (uint64_t)n < w->ncells)
                w->drawn[n] = ~0u;
        }
}

static void draw_map(struct window *w)
{
    int64_t sel = selected_cell(w);
    /* Nothing traced, nothing fading, nothing pointed at anew: the map
     * is as it was, but for page-table edits the trace does not report,
     * which a refresh now and then catches. */
    if (w->m->trace.count == w->trace_seen && !w->flashing && sel == w->marked &&
        w->frames % MAP_REFRESH_FRAMES)
        return;
    w->trace_seen = w->m->trace.count;
    pagestate_snapshot(w->m->pages, w->snap, true);
    if (sel != w->marked) {
        invalidate_around(w, w->marked);
        invalidate_around(w, sel);
    }
    int body = (int)w->pitch - 1;
    int x0 = INT32_MAX, y0 = INT32_MAX, x1 = -1, y1 = -1;
    for (uint64_t c = 0; c < w->ncells; c++) {
        struct ps_cell st = cell_state(w, c);
        if (st.flash) {
            w->flashing += !w->flash_left[c];
            w->flash_left[c] = FLASH_FRAMES;
            w->flash_kind[c] = st.flash & PS_FLASH_COPY ? PS_FLASH_COPY : PS_FLASH_FAULT;
        }
        uint32_t col = pagemap_color(st.cls, st.count);
        if (w->flash_left[c]) {
            uint32_t f = w->flash_kind[c] == PS_FLASH_COPY ? PAGEMAP_FLASH_COPY
                                                           : PAGEMAP_FLASH_FAULT;
            col = blend(f, col, w->flash_left[c], FLASH_FRAMES);
            w->flashing -= !--w->flash_left[c];
        }
        if (col == w->drawn[c])
            continue;
        w->drawn[c] = col;
        int x, y;
        cell_rect(w, c, &x, &y);
        pixbuf_fill(&w->pb, x, y, body, body, col);
        pixbuf_fill(&w->pb, x + body, y, 1, (int)w->pitch, PAGEMAP_GAP);
        pixbuf_fill(&w->pb, x, y + body, (int)w->pitch, 1, PAGEMAP_GAP);
        x0 = x < x0 ? x : x0, y0 = y < y0 ? y : y0;
        x1 = x + (int)w->pitch > x1 ? x + (int)w->pitch : x1;
        y1 = y + (int)w->pitch > y1 ? y + (int)w->pitch : y1;
    }
    if (sel >= 0 && (sel != w->marked || x1 >= 0)) {
        int x, y;
        cell_rect(w, (uint64_t)sel, &x, &y);
        pixbuf_frame(&w->pb, x - 1, y - 1, body + 2, body + 2, COL_SELECT);
        x0 = x - 1 < x0 ? x - 1 : x0, y0 = y - 1 < y0 ? y - 1 : y0;
        x1 = x + body + 1 > x1 ? x + body + 1 : x1;
        y1 = y + body + 1 > y1 ? y + body + 1 : y1;
    }
    w->marked = sel;
    if (x1 >= 0)
        mark_dirty(w, x0, y0, x1 - x0, y1 - y0);
}

static void draw_legend(struct window *w)
{
    const struct pagemap_key *keys;
    unsigned n = pagemap_legend(&keys);
    for (unsigned k = 0; k < n; k++) {
        int x = MAP_X + (int)(k % (MAP_W / LEGEND_COL)) * LEGEND_COL;
        int y = LEGEND_Y + (int)(k / (MAP_W / LEGEND_COL)) * FONT_H;
        pixbuf_fill(&w->pb, x + 1, y + 3, 10, 10, keys[k].color);
        pixbuf_frame(&w->pb, x, y + 2, 12, 12, PAGEMAP_OUTLINE);
        pixbuf_text(&w->pb, x + 16, y, keys[k].label, COL_DIM, COL_BG);
    }
}

/* ---- status and page info ---- */

static void make_status(struct window *w)
{
    struct machine *m = w->m;
    const struct debugger *d = m->debug;
    char where[160] = "";
    /* The count moves every frame; shown three times a second, the line
     * is not drawn again each frame for it. */
    if (w->frames % 10 == 1)
        w->minsns = (double)machine_now(m) / 1e6;
    double minsns = w->minsns;
    if (w->stopped && d) {
        uint64_t pc = 0;
        debug_get_reg(m, d->selected, DBG_REG_PC, &pc);
        debug_format_pc(m, pc, where, sizeof(where));
        if (w->ours)
            snprintf(w->status, sizeof(w->status),
                     "PAUSED (%s) hart %u at %s | F5 continue  F6 step  Shift-F6 step 1000",
                     debug_reason_name(d->stop.reason), d->selected, where);
        else
            snprintf(w->status, sizeof(w->status),
                     "STOPPED (%s) hart %u at %s: the monitor waits on the terminal | "
                     "F5 continue  F6 step", debug_reason_name(d->stop.reason), d->selected,
                     where);
    } else if (w->vt.view) {
        snprintf(w->status, sizeof(w->status),
                 "running | %.1f M instructions | scrollback: %d lines up (Shift-PgDn, a key "
                 "returns)", minsns, w->vt.view);
    } else {
        snprintf(w->status, sizeof(w->status),
                 "running | %u harts | %.1f M instructions | F5 pause  F6 step  "
                 "Shift-PgUp/PgDn scroll  click a page: pin  Ctrl-A X quit",
                 m->nharts, minsns);
    }
}

static void draw_status(struct window *w)
{
    make_status(w);
    if (!strcmp(w->status, w->status_drawn))
        return;
    pixbuf_fill(&w->pb, CON_X, STATUS_Y, WIN_W - CON_X, FONT_H, COL_BG);
    uint32_t fg = w->stopped ? COL_ALERT : COL_TEXT;
    pixbuf_text(&w->pb, CON_X, STATUS_Y, w->status, fg, COL_BG);
    mark_dirty(w, 0, STATUS_Y, WIN_W, FONT_H);
    snprintf(w->status_drawn, sizeof(w->status_drawn), "%s", w->status);
}

/* The monitor's page text for the selected page, split in two columns:
 * the count and mappings on the left, the last events on the right. */
static void make_info(struct window *w, int64_t cell)
{
    memset(w->info, 0, sizeof(w->info));
    if (cell < 0) {
        snprintf(w->info[0][0], sizeof(w->info[0][0]),
                 "Point at a page of the map for its count, mappings and last events.");
        return;
    }
    struct pagestate *ps = w->m->pages;
    uint64_t page = (uint64_t)cell * w->ppc;
    uint64_t pa = ps->base + (page << 12);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return;
    pagestate_describe(ps, pa, f);
    fclose(f);
    struct ps_cell st = cell_state(w, (uint64_t)cell);
    snprintf(w->info[0][0], sizeof(w->info[0][0]), "page 0x%" PRIx64 ": %s%s%s", pa,
             pagestate_class_name(st.cls), w->ppc > 1 ? " (first page of the cell)" : "",
             w->pinned >= 0 ? "  [pinned: click again to release]" : "");
    int line[2] = { 1, 0 }, side = 0;
    char *save = NULL;
    bool first = true;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (first) {        /* "page 0x...:" is said above */
            first = false;
            continue;
        }
        if (!strncmp(l, "  last events", 13))
            side = 1;
        if (line[side] < INFO_LINES)
            snprintf(w->info[line[side]++][side], sizeof(w->info[0][0]), "%s", l);
        else if (line[side] == INFO_LINES)
            snprintf(w->info[INFO_LINES - 1][side], sizeof(w->info[0][0]), "    ...");
    }
    free(text);
}

static void draw_info(struct window *w)
{
    int64_t cell = selected_cell(w);
    if (!w->info_stale && cell == w->info_cell && w->frames % INFO_REFRESH_FRAMES)
        return;
    char old[sizeof(w->info)];
    memcpy(old, w->info, sizeof(old));
    make_info(w, cell);
    w->info_cell = cell;
    if (!w->info_stale && !memcmp(old, w->info, sizeof(old)))
        return;
    w->info_stale = false;
    pixbuf_fill(&w->pb, 0, INFO_Y, WIN_W, INFO_LINES * FONT_H, COL_BG);
    for (int k = 0; k < INFO_LINES; k++) {
        pixbuf_text(&w->pb, CON_X, INFO_Y + k * FONT_H, w->info[k][0], COL_TEXT, COL_BG);
        pixbuf_text(&w->pb, INFO_X2, INFO_Y + k * FONT_H, w->info[k][1], COL_TEXT, COL_BG);
    }
    mark_dirty(w, 0, INFO_Y, WIN_W, INFO_LINES * FONT_H);
}

static void frame(struct window *w)
{
    w->frames++;
    draw_console(w);
    draw_map(w);
    draw_status(w);
    draw_info(w);
    present(w);
}

/* ---- input ---- */

static void queue_input(struct window *w, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    for (size_t k = 0; k < n && w->in_len < INPUT_RING; k++) {
        w->input[(w->in_head + w->in_len) % INPUT_RING] = p[k];
        w->in_len++;
    }
}

size_t window_read_input(struct window *w, uint8_t *buf, size_t max)
{
    /* Status reports the terminal answers go to the guest too, unless a
     * real terminal on stdin answers them already. */
    if (!w->m->console.tty) {
        uint8_t reply[64];
        size_t r = vt_take_reply(&w->vt, reply, sizeof(reply));
        queue_input(w, reply, r);
    }
    size_t n = 0;
    for (; n < max && w->in_len; n++, w->in_len--) {
        buf[n] = w->input[w->in_head];
        w->in_head = (w->in_head + 1) % INPUT_RING;
    }
    return n;
}

void window_console_byte(struct window *w, uint8_t c)
{
    vt_putc(&w->vt, c);
}

static void request_resume(struct window *w, struct dbg_resume r)
{
    w->resume = r;
    w->resume_set = true;
}

/* The window was closed, or Ctrl-A X typed into it: end the run. */
static void quit(struct window *w, enum exit_reason why)
{
    struct machine *m = w->m;
    if (m->exit_reason == EXIT_NONE)
        m->exit_reason = why;
    for (unsigned k = 0; k < m->nharts; k++)
        m->harts[k].end_slice = true;
    if (w->stopped)
        request_resume(w, (struct dbg_resume){ .kind = DBG_KILL });
}

static void pause_machine(struct window *w)
{
    struct machine *m = w->m;
    struct debugger *d = m->debug;
    if (!d)
        return;
    struct dbg_stop s = { .reason = DBG_INTERRUPT, .from_ui = true };
    snprintf(s.what, sizeof(s.what), "paused from the window");
    debug_request_stop(m, d->selected, &s);
}

static void pause_key(struct window *w)
{
    if (w->stopped)
        request_resume(w, (struct dbg_resume){ .kind = DBG_CONTINUE });
    else
        pause_machine(w);
}

static void step_key(struct window *w, uint64_t steps)
{
    const struct debugger *d = w->m->debug;
    if (!w->stopped || !d)
        pause_machine(w);
    else
        request_resume(w, (struct dbg_resume){ .kind = DBG_STEP_HART, .hart = d->selected,
                                               .steps = steps, .from_ui = true });
}

static void escape_help(struct window *w)
{
    static const char help[] =
        "\r\n[rvemu window] C-a x  exit   C-a c  monitor on the terminal   "
        "C-a C-a  sends C-a\r\n"
        "[rvemu window] F5 pause/continue   F6 step (Shift: 1000)   "
        "Shift-PgUp/PgDn scrollback\r\n";
    vt_write(&w->vt, help, sizeof(help) - 1);
}

/* One byte for the guest, through the Ctrl-A escapes of the console. */
static void typed(struct window *w, uint8_t c)
{
    vt_scroll_live(&w->vt);
    if (w->escape) {
        w->escape = false;
        switch (c) {
        case 'x': case 'X': quit(w, EXIT_QUIT); return;
        case 'c': case 'C': w->m->console.monitor_requested = true; return;
        case 'h': case 'H': case '?': escape_help(w); return;
        case CTRL_A: break;
        default: return;
        }
    } else if (c == CTRL_A) {
        w->escape = true;
        return;
    }
    queue_input(w, &c, 1);
}

static void typed_seq(struct window *w, const char *s)
{
    vt_scroll_live(&w->vt);
    w->escape = false;
    queue_input(w, s, strlen(s));
}

static void key_down(struct window *w, const SDL_KeyboardEvent *k)
{
    SDL_Keycode sym = k->keysym.sym;
    Uint16 mod = k->keysym.mod;
    bool shift = mod & KMOD_SHIFT, ctrl = mod & KMOD_CTRL;
    switch (sym) {
    case SDLK_F5: pause_key(w); return;
    case SDLK_F6: step_key(w, shift ? 1000 : 1); return;
    case SDLK_PAGEUP:
        if (shift) {
            vt_scroll_view(&w->vt, CON_ROWS / 2);
            return;
        }
        typed_seq(w, "\x1b[5~");
        return;
    case SDLK_PAGEDOWN:
        if (shift) {
            vt_scroll_view(&w->vt, -CON_ROWS / 2);
            return;
        }
        typed_seq(w, "\x1b[6~");
        return;
    case SDLK_RETURN: case SDLK_KP_ENTER: typed(w, '\r'); return;
    case SDLK_BACKSPACE: typed(w, 0x7f); return;
    case SDLK_TAB: typed(w, '\t'); return;
    case SDLK_ESCAPE: typed(w, 0x1b); return;
    case SDLK_UP: typed_seq(w, "\x1b[A"); return;
    case SDLK_DOWN: typed_seq(w, "\x1b[B"); return;
    case SDLK_RIGHT: typed_seq(w, "\x1b[C"); return;
    case SDLK_LEFT: typed_seq(w, "\x1b[D"); return;
    case SDLK_HOME: typed_seq(w, "\x1b[H"); return;
    case SDLK_END: typed_seq(w, "\x1b[F"); return;
    case SDLK_DELETE: typed_seq(w, "\x1b[3~"); return;
    default: break;
    }
    /* Ctrl with a letter and its neighbours gives the C0 control; plain
     * text arrives as SDL_TEXTINPUT, which never carries controls. */
    if (ctrl && !(mod & KMOD_ALT)) {
        if (sym >= SDLK_a && sym <= SDLK_z)
            typed(w, (uint8_t)(sym - SDLK_a + 1));
        else if (sym == SDLK_SPACE || sym == SDLK_2)
            typed(w, 0);
        else if (sym == SDLK_LEFTBRACKET)
            typed(w, 0x1b);
        else if (sym == SDLK_BACKSLASH)
            typed(w, 0x1c);
        else if (sym == SDLK_RIGHTBRACKET)
            typed(w, 0x1d);
    }
}

static int64_t cell_at(const struct window *w, int x, int y)
{
    if (x < MAP_X || y < MAP_Y)
        return -1;
    uint64_t cx = (uint64_t)(x - MAP_X) / w->pitch, cy = (uint64_t)(y - MAP_Y) / w->pitch;
    if (cx >= w->cols || cy >= w->rows)
        return -1;
    uint64_t c = cy * w->cols + cx;
    return c < w->ncells ? (int64_t)c : -1;
}

static void handle_event(struct window *w, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT:
        quit(w, EXIT_WINDOW_CLOSED);
        break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE)
            quit(w, EXIT_WINDOW_CLOSED);
        else if (e->window.event == SDL_WINDOWEVENT_LEAVE)
            w->hover = -1;
        else
            w->full_blit = true;     /* exposed, shown, restored, moved... */
        break;
    case SDL_KEYDOWN:
        key_down(w, &e->key);
        break;
    case SDL_TEXTINPUT:
        for (const char *p = e->text.text; *p; p++)
            typed(w, (uint8_t)*p);
        break;
    case SDL_MOUSEWHEEL:
        vt_scroll_view(&w->vt, 3 * (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED
                                        ? -e->wheel.y : e->wheel.y));
        break;
    case SDL_MOUSEMOTION:
        w->hover = cell_at(w, e->motion.x, e->motion.y);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT) {
            int64_t c = cell_at(w, e->button.x, e->button.y);
            w->pinned = c == w->pinned ? -1 : c;
            w->info_stale = true;
        }
        break;
    default:
        break;
    }
}

static void pump(struct window *w, int wait_ms)
{
    SDL_Event e;
    if (wait_ms > 0 && SDL_WaitEventTimeout(&e, wait_ms))
        handle_event(w, &e);
    while (SDL_PollEvent(&e))
        handle_event(w, &e);
}

void window_poll(struct window *w)
{
    long long now = now_ns();
    if (now < w->next_frame)
        return;
    w->next_frame = now + FRAME_NS;
    /* Called from the run loop: the machine runs, whoever resumed it
     * (the monitor's continue ends a stop the window only watched). */
    w->stopped = w->ours = w->resume_set = false;
    pump(w, 0);
    frame(w);
}

/* ---- the debugger's front end ---- */

static void announce(struct window *w, const struct dbg_stop *stop)
{
    char pc[160];
    uint64_t v = 0;
    debug_get_reg(w->m, stop->hart, DBG_REG_PC, &v);
    fprintf(stderr, "rvemu: window: %s (%s) on hart %u at %s; F5 continues, F6 steps\n",
            stop->what[0] ? stop->what : debug_reason_name(stop->reason),
            debug_reason_name(stop->reason), stop->hart, debug_format_pc(w->m, v, pc, sizeof(pc)));
}

static struct dbg_resume ui_serve(void *ctx, const struct dbg_stop *stop)
{
    struct window *w = ctx;
    fflush(stdout);
    announce(w, stop);
    w->stopped = w->ours = true;
    w->resume_set = false;
    w->info_stale = true;
    frame(w);
    while (!w->resume_set) {
        pump(w, 1000 / WINDOW_FPS);
        long long now = now_ns();
        if (now >= w->next_frame) {
            w->next_frame = now + FRAME_NS;
            frame(w);
        }
    }
    w->stopped = w->ours = false;
    w->resume_set = false;
    if (w->resume.kind == DBG_CONTINUE)
        fprintf(stderr, "rvemu: window: continuing\n");
    return w->resume;
}

static bool ui_idle(void *ctx, struct dbg_resume *r)
{
    struct window *w = ctx;
    if (!w->stopped) {
        w->stopped = true;
        w->ours = false;
        w->resume_set = false;
        w->info_stale = true;
    }
    pump(w, 0);
    long long now = now_ns();
    if (now >= w->next_frame) {
        w->next_frame = now + FRAME_NS;
        frame(w);
    }
    if (!w->resume_set)
        return false;
    *r = w->resume;
    w->stopped = w->resume_set = false;
    return true;
}

/* ---- life cycle ---- */

static void choose_grid(struct window *w, uint64_t npages)
{
    /* The biggest cells that fit every page, down to 3 pixels (2 of
     * colour, 1 of gap); past that, a cell stands for several pages. */
    w->ppc = 1;
    for (w->pitch = 12; w->pitch > 3; w->pitch--)
        if ((uint64_t)(MAP_W / w->pitch) * (MAP_H / w->pitch) >= npages)
            break;
    w->cols = MAP_W / w->pitch;
    w->rows = MAP_H / w->pitch;
    while ((uint64_t)w->cols * w->rows * w->ppc < npages)
        w->ppc *= 2;
    w->ncells = (npages + w->ppc - 1) / w->ppc;
}

struct window *window_open(struct machine *m, char *err, size_t errlen)
{
    if (!m->pages || !m->debug) {
        fail(err, errlen, "-display sdl: the window needs the page states and the debugger");
        return NULL;
    }
    struct window *w = calloc(1, sizeof(*w));
    if (!w) {
        fail(err, errlen, "out of memory");
        return NULL;
    }
    w->m = m;
    w->hover = w->pinned = w->marked = w->info_cell = -1;
    w->cur_x = w->cur_y = -1;
    w->vt_drawn = w->trace_seen = ~(uint64_t)0;   /* the first frame draws all */
    memset(w->shown, 0xff, sizeof(w->shown));   /* no cell drawn yet */
    w->info_stale = true;
    choose_grid(w, m->pages->npages);
    w->fb = calloc((size_t)WIN_W * WIN_H, sizeof(uint32_t));
    w->snap = calloc(m->pages->npages, sizeof(*w->snap));
    w->drawn = malloc(w->ncells * sizeof(*w->drawn));
    w->flash_left = calloc(w->ncells, 1);
    w->flash_kind = calloc(w->ncells, 1);
    if (!w->fb || !w->snap || !w->drawn || !w->flash_left || !w->flash_kind ||
        vt_init(&w->vt, CON_COLS, CON_ROWS, CON_HISTORY) != 0) {
        fail(err, errlen, "out of memory for the window");
        window_close(w);
        return NULL;
    }
    memset(w->drawn, 0xff, w->ncells * sizeof(*w->drawn));
    w->pb = (struct pixbuf){ w->fb, WIN_W, WIN_H, WIN_W };

    /* rvemu's own handlers restore the terminal on signals; SDL's would
     * turn Ctrl-C on the terminal into a window close. */
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
    /* We hand SDL finished pixels: its window surface must not go through
     * OpenGL, which without a GPU is Mesa's software rasterizer, costing
     * several milliseconds and a thread pool per frame. X11's shared-
     * memory images do the copy. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    /* Without a display SDL would fall back to its invisible offscreen
     * driver; a user asking for a window wants to hear there is none.
     * SDL_VIDEODRIVER still chooses any driver on purpose. */
    const char *driver = getenv("SDL_VIDEODRIVER");
    if (!driver && !getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY")) {
        fail(err, errlen, "-display sdl: no display to open a window on (DISPLAY and "
             "WAYLAND_DISPLAY are unset; SDL_VIDEODRIVER may name another)");
        window_close(w);
        return NULL;
    }
    /* X alone: SDL would try Wayland next, which complains on stderr. */
    if (!driver && !getenv("WAYLAND_DISPLAY"))
        SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        fail(err, errlen, "-display sdl: cannot open a window on %s: %s",
             getenv("DISPLAY") ? getenv("DISPLAY") : "the display", SDL_GetError());
        window_close(w);
        return NULL;
    }
    w->sdl_up = true;
    const char *got = SDL_GetCurrentVideoDriver();
    if (!driver && got && (!strcmp(got, "offscreen") || !strcmp(got, "dummy"))) {
        fail(err, errlen, "-display sdl: cannot open a window: no display answers (SDL fell "
             "back to its '%s' driver)", got);
        window_close(w);
        return NULL;
    }
    w->win = SDL_CreateWindow("rvemu", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, WIN_W,
                              WIN_H, 0);
    w->fb_surface = SDL_CreateRGBSurfaceWithFormatFrom(w->fb, WIN_W, WIN_H, 32, WIN_W * 4,
                                                       SDL_PIXELFORMAT_RGB888);
    if (!w->win || !w->fb_surface) {
        fail(err, errlen, "-display sdl: cannot open a window: %s", SDL_GetError());
        window_close(w);
        return NULL;
    }
    SDL_StartTextInput();
    pixbuf_fill(&w->pb, 0, 0, WIN_W, WIN_H, COL_BG);
    pixbuf_fill(&w->pb, MAP_X, MAP_Y, (int)(w->cols * w->pitch), (int)(w->rows * w->pitch),
                PAGEMAP_GAP);
    draw_legend(w);
    w->full_blit = true;
    m->debug->ui = (struct dbg_ui){ .serve = ui_serve, .idle = ui_idle, .ctx = w };
    frame(w);
    return w;
}

void window_close(struct window *w)
{
    if (!w)
        return;
    if (w->m->debug && w->m->debug->ui.ctx == w)
        w->m->debug->ui = (struct dbg_ui){ 0 };
    if (w->fb_surface)
        SDL_FreeSurface(w->fb_surface);
    if (w->win)
        SDL_DestroyWindow(w->win);
    if (w->sdl_up) {
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        SDL_Quit();
    }
    vt_free(&w->vt);
    free(w->fb);
    free(w->snap);
    free(w->drawn);
    free(w->flash_left);
    free(w->flash_kind);
    free(w);
}
