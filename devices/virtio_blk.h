/*
 * virtio_blk.h - virtio-mmio block device (QEMU virt slot 0: 0x10001000,
 * PLIC source 1), modern (virtio-mmio version 2) or legacy (version 1)
 * transport, backed by a raw image: a whole file, a byte range inside a
 * file (guest.img), or memory only.
 */
#ifndef RVEMU_VIRTIO_BLK_H
#define RVEMU_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "irq.h"

struct bus;
struct vblk;

#define VBLK_MMIO_SIZE       0x1000
#define VBLK_QUEUE_NUM_MAX   256     /* QEMU's default virtio-blk queue-size */
#define VBLK_ID              "rvemu-vblk"  /* GET_ID answer (max 20 bytes) */

/*
 * Create the device. DMA goes through bus (guest RAM only).
 *   path      raw image file; NULL for a zero-filled disk held in memory
 *   offset    byte offset of the disk inside the file
 *   length    disk size in bytes (rounded down to 512-byte sectors);
 *             0 = to the end of the file. Required when path is NULL.
 *   legacy    virtio-mmio version 1 (QEMU force-legacy=true, xv6 <= 2021);
 *             false = version 2 with VIRTIO_F_VERSION_1
 *   snapshot  writes stay in memory, the file is never written
 *   readonly  OUT requests fail with IOERR; VIRTIO_BLK_F_RO is offered
 *   irq       the device's interrupt line
 * Returns NULL and sets *err (if err is non-NULL) to -errno on failure:
 * the open/seek error, -EINVAL if [offset, offset+length) is not inside
 * the file, -ENOMEM.
 */
struct vblk *vblk_new(struct bus *bus, const char *path, uint64_t offset,
                      uint64_t length, bool legacy, bool snapshot,
                      bool readonly, struct irq_line irq, int *err);
void vblk_free(struct vblk *v);

/* Map the registers at [base, base+len) on bus (normally the same bus as
 * given to vblk_new); bus_map()'s result. */
int vblk_map(struct vblk *v, struct bus *bus, uint64_t base, uint64_t len);

/* Device reset, as a write of 0 to Status (machine reset). Disk contents,
 * including a snapshot's in-memory writes, are kept. */
void vblk_reset(struct vblk *v);

/* Disk size in 512-byte sectors (the config space's capacity). */
uint64_t vblk_capacity(const struct vblk *v);

#endif
