/* grep.c - print the lines that match a simple regular expression:
 *   c  a literal character     .  any character
 *   x* zero or more of x       ^  start of line (first in pattern)
 *   $  end of line (last in pattern)
 * Backtracking, as in Kernighan and Pike's little matcher. */
#include "user.h"

static int match_here(const char *re, const char *text);

/* x* followed by re: try the shortest run of x first. */
static int match_star(char x, const char *re, const char *text)
{
    for (;;) {
        if (match_here(re, text))
            return 1;
        if (*text == 0 || (x != '.' && *text != x))
            return 0;
        text++;
    }
}

/* Does re match a prefix of text? */
static int match_here(const char *re, const char *text)
{
    for (;;) {
        if (re[0] == 0)
            return 1;
        if (re[1] == '*')
            return match_star(re[0], re + 2, text);
        if (re[0] == '$' && re[1] == 0)
            return *text == 0;
        if (*text == 0 || (re[0] != '.' && re[0] != *text))
            return 0;
        re++;
        text++;
    }
}

static int match(const char *re, const char *text)
{
    if (re[0] == '^')
        return match_here(re + 1, text);
    for (;; text++) {               /* every start, the empty tail too */
        if (match_here(re, text))
            return 1;
        if (*text == 0)
            return 0;
    }
}

static char buf[1024];

/* Returns the number of matching lines, -1 on a read error. */
static int grep(const char *re, int fd)
{
    int have = 0, found = 0, n;

    while ((n = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0) {
        have += n;
        buf[have] = 0;
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n')) != 0) {
            *nl = 0;
            if (match(re, line)) {
                *nl = '\n';
                write(1, line, nl + 1 - line);
                found++;
            }
            line = nl + 1;
        }
        have -= line - buf;
        if (have == sizeof(buf) - 1) {
            /* A line longer than the buffer: judge what we have. */
            if (match(re, buf)) {
                write(1, buf, have);
                write(1, "\n", 1);
                found++;
            }
            have = 0;
        } else if (have > 0) {
            memmove(buf, line, have);
        }
    }
    if (have > 0) {                 /* last line without a newline */
        buf[have] = 0;
        if (match(re, buf)) {
            write(1, buf, have);
            write(1, "\n", 1);
            found++;
        }
    }
    return n < 0 ? -1 : found;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(2, "usage: grep pattern [file...]\n");
        return 2;
    }
    const char *re = argv[1];
    if (argc == 2)
        return grep(re, 0) > 0 ? 0 : 1;

    int found = 0, status = 0;
    for (int i = 2; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(2, "grep: cannot open %s\n", argv[i]);
            status = 2;
            continue;
        }
        int n = grep(re, fd);
        if (n < 0) {
            fprintf(2, "grep: read error on %s\n", argv[i]);
            status = 2;
        } else {
            found += n;
        }
        close(fd);
    }
    if (status)
        return status;
    return found > 0 ? 0 : 1;
}
