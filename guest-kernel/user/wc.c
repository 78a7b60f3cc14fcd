/* wc.c - count lines, words and bytes. */
#include "user.h"

static char buf[1024];

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int wc(int fd, const char *name)
{
    int lines = 0, words = 0, bytes = 0, inword = 0, n;

    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        bytes += n;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n')
                lines++;
            if (is_space(buf[i])) {
                inword = 0;
            } else if (!inword) {
                inword = 1;
                words++;
            }
        }
    }
    if (n < 0) {
        fprintf(2, "wc: read error on %s\n", name);
        return -1;
    }
    printf("%d %d %d %s\n", lines, words, bytes, name);
    return 0;
}

int main(int argc, char **argv)
{
    int status = 0;
    if (argc < 2)
        return wc(0, "") < 0;
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(2, "wc: cannot open %s\n", argv[i]);
            status = 1;
            continue;
        }
        if (wc(fd, argv[i]) < 0)
            status = 1;
        close(fd);
    }
    return status;
}
