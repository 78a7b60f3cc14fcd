/*
 * window.h - the optional SDL2 window of -display sdl (ui/window_sdl.c,
 * built only when CMake finds SDL2 and defines RVEMU_HAVE_SDL): a console
 * pane (the UART as a terminal, keyboard input to the UART) and a page-map
 * pane (every RAM page coloured by the page-state model), drawn at a
 * bounded frame rate from the run loop. docs/window.md is the user's side.
 *
 * Without SDL the calls below are stubs: window_open says why there is no
 * window, and nothing else is ever called (m->window stays NULL).
 */
#ifndef RVEMU_WINDOW_H
#define RVEMU_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "errmsg.h"

struct machine;
struct window;

#ifdef RVEMU_HAVE_SDL
#define WINDOW_AVAILABLE 1

/* Open the window for m (after machine_new: it reads m->pages and hooks
 * into m->debug). NULL with a one-line reason when no window can be had
 * (no display, SDL failing). */
struct window *window_open(struct machine *m, char *err, size_t errlen);

/* Close it (the machine keeps running without; idempotent on NULL). */
void window_close(struct window *w);

/* From the run loop's periodic poll: handle events and draw a frame when
 * one is due (at most WINDOW_FPS a second); cheap otherwise. */
void window_poll(struct window *w);

/* One byte the guest wrote to its UART. */
void window_console_byte(struct window *w, uint8_t c);

/* Keys typed into the window, as bytes for the UART; at most max. */
size_t window_read_input(struct window *w, uint8_t *buf, size_t max);

#else
#define WINDOW_AVAILABLE 0

static inline struct window *window_open(struct machine *m, char *err, size_t errlen)
{
    (void)m;
    fail(err, errlen, "-display sdl: this rvemu was built without SDL2 "
         "(install libsdl2-dev and build again)");
    return NULL;
}
static inline void window_close(struct window *w) { (void)w; }
static inline void window_poll(struct window *w) { (void)w; }
static inline void window_console_byte(struct window *w, uint8_t c) { (void)w, (void)c; }
static inline size_t window_read_input(struct window *w, uint8_t *buf, size_t max)
{
    (void)w, (void)buf, (void)max;
    return 0;
}
#endif

#endif
