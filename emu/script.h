/*
 * script.h - console scripting for CI (--expect / --send / --script): wait
 * for a string in the guest's output, then type a line, with no expect(1)
 * and no pty. Input lands at the guest instruction that completed the
 * expected output, so scripted runs are deterministic.
 */
#ifndef RVEMU_SCRIPT_H
#define RVEMU_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum script_kind { SCRIPT_EXPECT, SCRIPT_SEND };

struct script_step {
    enum script_kind kind;
    char  *text;        /* escapes (\n, \r, \t, \\, \xHH) already decoded */
    size_t len;
};

struct script {
    struct script_step *steps;
    size_t   n, cap;
    size_t   next;      /* first step not yet done                        */
    size_t   matched;   /* bytes of the current expectation matched so far */
    uint8_t *pending;   /* typed text waiting for room in the UART        */
    size_t   pending_len, pending_off;
};

void script_init(struct script *s);
void script_free(struct script *s);

/* Append a step; text may contain backslash escapes. -1 on bad escapes. */
int script_add(struct script *s, enum script_kind kind, const char *text);

/* Read "expect TEXT" / "send TEXT" lines (# comments, blank lines). On
 * failure returns -1 with a one-line reason in err. */
int script_load(struct script *s, const char *path, char *err, size_t errlen);

bool script_active(const struct script *s);

/* Feed one byte of guest output; queues sends whose expectation is met. */
void script_output(struct script *s, uint8_t c);

/* True once every expectation has been met. */
bool script_done(const struct script *s);

/* Bytes ready to type, at most max; consumes them. */
size_t script_input(struct script *s, uint8_t *buf, size_t max);

/* The expectation still waited for, or NULL. */
const char *script_waiting_for(const struct script *s);

#endif
