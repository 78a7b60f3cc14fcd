/*
 * console.c - stdin/stdout for the UART, raw terminal handling.
 */
#include "console.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#define CTRL_A 0x01

/* The saved terminal state must be reachable from atexit and signal
 * handlers, which take no argument: the one piece of file-scope state,
 * written once when the terminal is configured. */
static struct termios saved_tty;
static volatile sig_atomic_t tty_saved;

static void restore_tty(void)
{
    if (tty_saved) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
        tty_saved = 0;
    }
}

static void restore_and_die(int sig)
{
    restore_tty();
    signal(sig, SIG_DFL);
    raise(sig);
}

int console_open(struct console *c)
{
    *c = (struct console){ 0 };
    if (!isatty(STDIN_FILENO))
        return 0;
    if (tcgetattr(STDIN_FILENO, &saved_tty) != 0)
        return -1;
    struct termios raw = saved_tty;
    /* Raw like QEMU -nographic: keys (even Ctrl-C) go to the guest. */
    raw.c_iflag &= (tcflag_t)~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    raw.c_lflag &= (tcflag_t)~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    raw.c_cflag &= (tcflag_t)~(CSIZE | PARENB);
    raw.c_cflag |= CS8;
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) != 0)
        return -1;
    tty_saved = 1;
    atexit(restore_tty);
    signal(SIGTERM, restore_and_die);
    signal(SIGHUP, restore_and_die);
    signal(SIGSEGV, restore_and_die);
    signal(SIGABRT, restore_and_die);
    c->tty = true;
    return 0;
}

void console_close(struct console *c)
{
    restore_tty();
    c->tty = false;
}

static void escape_help(void)
{
    static const char help[] =
        "\r\nC-a h    print this help\r\n"
        "C-a x    exit emulator\r\n"
        "C-a c    stop the machine and enter the monitor\r\n"
        "C-a C-a  sends C-a\r\n";
    fputs(help, stdout);
    fflush(stdout);
}

/* Handle one key typed after Ctrl-A; returns true if it produces input. */
static bool escape_key(struct console *c, uint8_t key)
{
    switch (key) {
    case 'x': case 'X':
        c->quit = true;
        return false;
    case 'c': case 'C':
        c->monitor_requested = true;
        return false;
    case 'h': case 'H': case '?':
        escape_help();
        return false;
    case CTRL_A:
        return true;
    default:
        return false;
    }
}

size_t console_read(struct console *c, uint8_t *buf, size_t max)
{
    if (c->eof || max == 0)
        return 0;
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
        return 0;
    uint8_t raw[256];
    ssize_t n = read(STDIN_FILENO, raw, max < sizeof(raw) ? max : sizeof(raw));
    if (n <= 0) {
        c->eof = true;
        return 0;
    }
    size_t out = 0;
    for (ssize_t k = 0; k < n; k++) {
        uint8_t ch = raw[k];
        if (c->tty && c->escape) {
            c->escape = false;
            if (escape_key(c, ch))
                buf[out++] = ch;
        } else if (c->tty && ch == CTRL_A) {
            c->escape = true;
        } else {
            buf[out++] = ch;
        }
    }
    return out;
}
