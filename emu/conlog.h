/*
 * conlog.h - --record / --replay of console input: the bytes typed on
 * stdin, each chunk with the machine instruction count at which it reached
 * the UART. Input is the one nondeterministic thing a run takes (time is
 * instructions), so replaying the same bytes at the same counts repeats
 * the run exactly, e.g. with tracing added.
 *
 * File format, one line per chunk ('#' starts a comment line):
 *     COUNT HEXBYTES        e.g. "1234567 6563686f0a" for "echo\n"
 */
#ifndef RVEMU_CONLOG_H
#define RVEMU_CONLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CONLOG_CHUNK 256

struct conlog {
    FILE    *f;                /* NULL: neither recording nor replaying */
    bool     replay;
    bool     have;             /* replay: chunk[] holds the next line   */
    bool     warned;           /* replay: diverged once already         */
    uint64_t at;               /* its instruction count                 */
    uint8_t  chunk[CONLOG_CHUNK];
    size_t   len, off;
    unsigned line;
};

/* Open path for recording (replay false) or replaying. -1 with err. */
int conlog_open(struct conlog *l, const char *path, bool replay, char *err, size_t errlen);
void conlog_close(struct conlog *l);

/* Recording: n bytes reached the UART at instruction count now. */
void conlog_record(struct conlog *l, uint64_t now, const uint8_t *buf, size_t n);

/* Replaying: the recorded bytes due by now, at most max. */
size_t conlog_replay(struct conlog *l, uint64_t now, uint8_t *buf, size_t max);

#endif
