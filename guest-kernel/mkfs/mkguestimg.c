/*
 * mkguestimg - put the kernel ELF and the file system behind a guest.img
 * header (emu/guest_image.h) so that "rvemu guest.img" boots in one file.
 *   mkguestimg guest.img kernel fs.img [harts]
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_image.h"

static void die(const char *fmt, const char *arg)
{
    fprintf(stderr, "mkguestimg: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    exit(1);
}

static uint8_t *slurp(const char *path, uint64_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot open %s", path);
    if (fseek(f, 0, SEEK_END) != 0)
        die("cannot seek in %s", path);
    long n = ftell(f);
    if (n <= 0)
        die("%s is empty or unreadable", path);
    rewind(f);
    uint8_t *buf = malloc((size_t)n);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("cannot read %s", path);
    fclose(f);
    *size = (uint64_t)n;
    return buf;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

static uint64_t align_up(uint64_t v)
{
    return (v + GUEST_IMAGE_ALIGN - 1) / GUEST_IMAGE_ALIGN * GUEST_IMAGE_ALIGN;
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5)
        die("%s", "usage: mkguestimg guest.img kernel fs.img [harts]");
    uint64_t ksize, fsize;
    uint8_t *kernel = slurp(argv[2], &ksize);
    uint8_t *fs = slurp(argv[3], &fsize);
    if (fsize % 512)
        die("%s: the file system size is not a multiple of 512", argv[3]);
    unsigned harts = argc == 5 ? (unsigned)atoi(argv[4]) : 3;
    if (harts < 1 || harts > 8)
        die("bad hart count '%s'", argc == 5 ? argv[4] : "");

    uint64_t koff = GUEST_IMAGE_HEADER_SIZE;
    uint64_t fsoff = align_up(koff + ksize);
    uint8_t header[GUEST_IMAGE_HEADER_SIZE] = { 0 };
    memcpy(header, GUEST_IMAGE_MAGIC, 8);
    put_le(header + 8, GUEST_IMAGE_VERSION, 4);
    put_le(header + 12, GUEST_IMAGE_HEADER_SIZE, 4);
    put_le(header + 16, koff, 8);
    put_le(header + 24, ksize, 8);
    put_le(header + 32, fsoff, 8);
    put_le(header + 40, fsize, 8);
    put_le(header + 48, harts, 4);
    put_le(header + 52, 128, 4);

    FILE *out = fopen(argv[1], "wb");
    if (!out)
        die("cannot create %s", argv[1]);
    static const uint8_t zeros[GUEST_IMAGE_ALIGN];
    int ok = fwrite(header, 1, sizeof(header), out) == sizeof(header) &&
             fwrite(kernel, 1, ksize, out) == ksize &&
             fwrite(zeros, 1, fsoff - koff - ksize, out) == fsoff - koff - ksize &&
             fwrite(fs, 1, fsize, out) == fsize;
    if (fclose(out) != 0 || !ok)
        die("cannot write %s", argv[1]);
    free(kernel);
    free(fs);
    return 0;
}
