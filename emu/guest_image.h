/*
 * guest_image.h - the guest.img container: one file that boots.
 *
 *   offset 0             header (GUEST_IMAGE_HEADER_SIZE bytes, little-endian)
 *   kernel_offset        the kernel ELF (kernel_size bytes)
 *   fs_offset            the file system the guest sees as its virtio disk
 *
 * Offsets are multiples of 4096 and the parts do not overlap; fs_size is a
 * multiple of 512 (the disk's sector). Shared by rvemu (which reads it) and
 * the host tool mkguestimg (which writes it).
 */
#ifndef RVEMU_GUEST_IMAGE_H
#define RVEMU_GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_IMAGE_MAGIC       "RVEMUIMG"
#define GUEST_IMAGE_VERSION     1
#define GUEST_IMAGE_HEADER_SIZE 4096
#define GUEST_IMAGE_ALIGN       4096

struct guest_image_header {
    char     magic[8];        /* GUEST_IMAGE_MAGIC, no terminator          */
    uint32_t version;         /* GUEST_IMAGE_VERSION                       */
    uint32_t header_size;     /* GUEST_IMAGE_HEADER_SIZE                   */
    uint64_t kernel_offset;
    uint64_t kernel_size;
    uint64_t fs_offset;
    uint64_t fs_size;
    uint32_t default_harts;   /* harts when -smp is not given (0 = 1)      */
    uint32_t default_ram_mib; /* RAM when -m is not given (0 = rvemu's)    */
};

/* 1 if path starts like a guest image ("RVEMU", so that a damaged magic
 * is reported as such), 0 if not, -1 with err if it cannot be read. */
int guest_image_probe(const char *path, char *err, size_t errlen);

/* Read and check the header of path against the file's real size.
 * -1 with a one-line reason in err on any inconsistency. */
int guest_image_read(const char *path, struct guest_image_header *h, char *err, size_t errlen);

#endif
