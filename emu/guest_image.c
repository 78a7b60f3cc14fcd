/*
 * guest_image.c - reading and checking the guest.img header.
 * The header is little-endian on disk; decode it byte by byte so the
 * reader does not depend on the host's layout or byte order.
 */
#include "guest_image.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "errmsg.h"

static uint64_t le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = n; k-- > 0;)
        v = v << 8 | p[k];
    return v;
}

int guest_image_probe(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    char magic[8];
    size_t n = fread(magic, 1, sizeof(magic), f);
    fclose(f);
    /* A file that starts like our magic but not quite is a damaged
     * image: read it as one so the error names the magic. */
    return n >= 5 && memcmp(magic, GUEST_IMAGE_MAGIC, 5) == 0;
}

/* A part [off, off+size) must be aligned, non-empty and inside the file. */
static int check_part(const char *path, const char *what, uint64_t off, uint64_t size,
                      uint64_t file_size, char *err, size_t errlen)
{
    if (size == 0)
        return fail(err, errlen, "%s: guest image has an empty %s", path, what);
    if (off % GUEST_IMAGE_ALIGN || off < GUEST_IMAGE_HEADER_SIZE)
        return fail(err, errlen, "%s: guest image %s offset 0x%llx is not a multiple of %u "
                    "after the header", path, what, (unsigned long long)off, GUEST_IMAGE_ALIGN);
    if (off > file_size || size > file_size - off)
        return fail(err, errlen, "%s: guest image is truncated: the %s needs bytes up to 0x%llx "
                    "but the file has 0x%llx", path, what, (unsigned long long)(off + size),
                    (unsigned long long)file_size);
    return 0;
}

int guest_image_read(const char *path, struct guest_image_header *h, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    uint8_t raw[64];
    struct stat st;
    size_t n = fread(raw, 1, sizeof(raw), f);
    int statrc = fstat(fileno(f), &st);
    fclose(f);
    if (statrc != 0)
        return fail(err, errlen, "%s: %s", path, strerror(errno));
    if (n < 8 || memcmp(raw, GUEST_IMAGE_MAGIC, 8) != 0)
        return fail(err, errlen, "%s: not a guest image (bad magic)", path);
    if ((uint64_t)st.st_size < GUEST_IMAGE_HEADER_SIZE || n < sizeof(raw))
        return fail(err, errlen, "%s: guest image is truncated inside its header", path);

    memcpy(h->magic, raw, 8);
    h->version = (uint32_t)le(raw + 8, 4);
    h->header_size = (uint32_t)le(raw + 12, 4);
    h->kernel_offset = le(raw + 16, 8);
    h->kernel_size = le(raw + 24, 8);
    h->fs_offset = le(raw + 32, 8);
    h->fs_size = le(raw + 40, 8);
    h->default_harts = (uint32_t)le(raw + 48, 4);
    h->default_ram_mib = (uint32_t)le(raw + 52, 4);

    if (h->version != GUEST_IMAGE_VERSION)
        return fail(err, errlen, "%s: guest image version %u is not supported (rvemu reads "
                    "version %u)", path, h->version, GUEST_IMAGE_VERSION);
    if (h->header_size != GUEST_IMAGE_HEADER_SIZE)
        return fail(err, errlen, "%s: guest image header size %u, expected %u", path,
                    h->header_size, GUEST_IMAGE_HEADER_SIZE);
    uint64_t size = (uint64_t)st.st_size;
    if (check_part(path, "kernel", h->kernel_offset, h->kernel_size, size, err, errlen) ||
        check_part(path, "file system", h->fs_offset, h->fs_size, size, err, errlen))
        return -1;
    if (h->fs_size % 512)
        return fail(err, errlen, "%s: guest image file system size 0x%llx is not a multiple of "
                    "512", path, (unsigned long long)h->fs_size);
    if (h->kernel_offset < h->fs_offset + h->fs_size && h->fs_offset < h->kernel_offset + h->kernel_size)
        return fail(err, errlen, "%s: guest image kernel and file system overlap", path);
    if (h->default_harts > 8)
        return fail(err, errlen, "%s: guest image asks for %u harts (at most 8)", path,
                    h->default_harts);
    return 0;
}
