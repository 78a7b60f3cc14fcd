/*
 * script.c - expect/send console scripting.
 */
#include "script.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void script_init(struct script *s)
{
    memset(s, 0, sizeof(*s));
}

void script_free(struct script *s)
{
    for (size_t k = 0; k < s->n; k++)
        free(s->steps[k].text);
    free(s->steps);
    free(s->pending);
    script_init(s);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode C-style escapes into out (which has room for strlen(in) + 1). */
static int unescape(const char *in, char *out, size_t *len)
{
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (*p != '\\') {
            out[n++] = *p;
            continue;
        }
        switch (*++p) {
        case 'n':  out[n++] = '\n'; break;
        case 'r':  out[n++] = '\r'; break;
        case 't':  out[n++] = '\t'; break;
        case 'e':  out[n++] = 0x1b; break;
        case '\\': out[n++] = '\\'; break;
        case 'x': {
            int hi = hexval(p[1]), lo = hi >= 0 ? hexval(p[2]) : -1;
            if (lo < 0)
                return -1;
            out[n++] = (char)(hi * 16 + lo);
            p += 2;
            break;
        }
        default:
            return -1;
        }
    }
    out[n] = '\0';
    *len = n;
    return 0;
}

int script_add(struct script *s, enum script_kind kind, const char *text)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct script_step *st = realloc(s->steps, cap * sizeof(*st));
        if (!st)
            return -1;
        s->steps = st;
        s->cap = cap;
    }
    char *t = malloc(strlen(text) + 1);
    size_t len;
    if (!t || unescape(text, t, &len) != 0 || (kind == SCRIPT_EXPECT && len == 0)) {
        free(t);
        return -1;
    }
    s->steps[s->n++] = (struct script_step){ kind, t, len };
    return 0;
}

int script_load(struct script *s, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    unsigned lineno = 0;
    while (fgets(line, sizeof(line), f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        char *p = line + strspn(line, " \t");
        if (*p == '\0' || *p == '#')
            continue;
        enum script_kind kind;
        if (!strncmp(p, "expect ", 7))
            kind = SCRIPT_EXPECT;
        else if (!strncmp(p, "send ", 5))
            kind = SCRIPT_SEND;
        else {
            snprintf(err, errlen, "%s:%u: expected 'expect TEXT' or 'send TEXT'", path, lineno);
            fclose(f);
            return -1;
        }
        if (script_add(s, kind, p + (kind == SCRIPT_EXPECT ? 7 : 5)) != 0) {
            snprintf(err, errlen, "%s:%u: bad escape or empty expectation", path, lineno);
            fclose(f);
            return -1;
        }
    }
    fclose(f);
    return 0;
}

bool script_active(const struct script *s)
{
    return s->n > 0;
}

/* Queue every send up to the next expectation. */
static void run_sends(struct script *s)
{
    while (s->next < s->n && s->steps[s->next].kind == SCRIPT_SEND) {
        const struct script_step *st = &s->steps[s->next++];
        size_t left = s->pending_len - s->pending_off;
        uint8_t *buf = malloc(left + st->len);
        if (!buf)
            return;
        if (left)   /* pending may still be NULL */
            memcpy(buf, s->pending + s->pending_off, left);
        memcpy(buf + left, st->text, st->len);
        free(s->pending);
        s->pending = buf;
        s->pending_len = left + st->len;
        s->pending_off = 0;
    }
}

/* Naive matching with restart is enough: expectations are short and the
 * fallback rescans only the partial match. */
void script_output(struct script *s, uint8_t c)
{
    run_sends(s);
    if (s->next >= s->n)
        return;
    const struct script_step *st = &s->steps[s->next];
    for (;;) {
        if ((uint8_t)st->text[s->matched] == c) {
            if (++s->matched == st->len) {
                s->matched = 0;
                s->next++;
                run_sends(s);
            }
            return;
        }
        if (s->matched == 0)
            return;
        /* Shift to the longest proper suffix that is still a prefix. */
        size_t k;
        for (k = s->matched - 1; k > 0; k--)
            if (!memcmp(st->text, st->text + s->matched - k, k))
                break;
        s->matched = k;
    }
}

bool script_done(const struct script *s)
{
    for (size_t k = s->next; k < s->n; k++)
        if (s->steps[k].kind == SCRIPT_EXPECT)
            return false;
    return true;
}

size_t script_input(struct script *s, uint8_t *buf, size_t max)
{
    run_sends(s);
    size_t left = s->pending_len - s->pending_off;
    size_t n = left < max ? left : max;
    if (n)  /* pending is NULL before the first send: memcpy(NULL) is UB */
        memcpy(buf, s->pending + s->pending_off, n);
    s->pending_off += n;
    return n;
}

const char *script_waiting_for(const struct script *s)
{
    for (size_t k = s->next; k < s->n; k++)
        if (s->steps[k].kind == SCRIPT_EXPECT)
            return s->steps[k].text;
    return NULL;
}
