/*
 * conlog.c - recording and replaying console input.
 */
#include "conlog.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

int conlog_open(struct conlog *l, const char *path, bool replay, char *err, size_t errlen)
{
    *l = (struct conlog){ .replay = replay };
    l->f = fopen(path, replay ? "r" : "w");
    if (!l->f) {
        snprintf(err, errlen, "%s %s: %s", replay ? "--replay" : "--record", path,
                 strerror(errno));
        return -1;
    }
    if (!replay)
        fputs("# rvemu console input: instruction count, bytes (hex)\n", l->f);
    return 0;
}

void conlog_close(struct conlog *l)
{
    if (l->f)
        fclose(l->f);
    l->f = NULL;
}

void conlog_record(struct conlog *l, uint64_t now, const uint8_t *buf, size_t n)
{
    if (!l->f || l->replay || n == 0)
        return;
    fprintf(l->f, "%" PRIu64 " ", now);
    for (size_t k = 0; k < n; k++)
        fprintf(l->f, "%02x", buf[k]);
    fputc('\n', l->f);
    /* flushed per chunk: a run killed from outside keeps what it typed */
    fflush(l->f);
}

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Read the next chunk line into l; false at the end or on a bad line. */
static bool next_chunk(struct conlog *l)
{
    char line[2 * CONLOG_CHUNK + 64];
    while (fgets(line, sizeof(line), l->f)) {
        l->line++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char *p;
        errno = 0;
        unsigned long long at = strtoull(line, &p, 10);
        if (errno || p == line || *p != ' ')
            break;
        size_t n = 0;
        for (p++; hexval(p[0]) >= 0 && hexval(p[1]) >= 0 && n < CONLOG_CHUNK; p += 2)
            l->chunk[n++] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
        if ((*p != '\n' && *p != '\0') || n == 0)
            break;
        l->at = at;
        l->len = n;
        l->off = 0;
        return true;
    }
    if (!feof(l->f))
        fprintf(stderr, "rvemu: --replay: bad line %u; replay stops there\n", l->line);
    conlog_close(l);
    return false;
}

size_t conlog_replay(struct conlog *l, uint64_t now, uint8_t *buf, size_t max)
{
    size_t n = 0;
    while (n < max) {
        if (!l->have) {
            if (!l->f || !next_chunk(l))
                break;
            l->have = true;
        }
        if (l->at > now)
            break;
        if (l->at < now && l->off == 0 && !l->warned) {
            /* The recorded feed point was not reached exactly: the run
             * differs from the recorded one (other options, --realtime). */
            fprintf(stderr, "rvemu: --replay: input recorded at %" PRIu64
                    " arrives at %" PRIu64 ": the run diverged\n", l->at, now);
            l->warned = true;
        }
        while (n < max && l->off < l->len)
            buf[n++] = l->chunk[l->off++];
        if (l->off == l->len)
            l->have = false;
    }
    return n;
}
