/*
 * console.h - the host side of the guest's UART: stdin feeds the receiver,
 * the transmitter writes to stdout. On a terminal, stdin is put in raw mode
 * (restored on every exit path) and QEMU's -nographic escapes work:
 * Ctrl-A X quits, Ctrl-A C enters the monitor, Ctrl-A H lists the keys,
 * Ctrl-A Ctrl-A sends Ctrl-A.
 */
#ifndef RVEMU_CONSOLE_H
#define RVEMU_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct console {
    bool tty;           /* stdin is a terminal in raw mode            */
    bool eof;           /* stdin is exhausted                         */
    bool escape;        /* the previous key was Ctrl-A                */
    bool quit;          /* Ctrl-A X was typed                         */
    bool monitor_requested; /* Ctrl-A C was typed: enter the monitor  */
};

/* Prepare stdin; 0, or -1 if the terminal could not be configured. */
int console_open(struct console *c);

/* Restore the terminal (idempotent; also run at exit and on signals). */
void console_close(struct console *c);

/* Read whatever input is waiting, at most max bytes, without blocking;
 * escapes are handled here and not returned. Returns the byte count. */
size_t console_read(struct console *c, uint8_t *buf, size_t max);

#endif
