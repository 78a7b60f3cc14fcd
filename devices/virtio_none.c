/*
 * virtio_none.c - empty virtio-mmio slots: the identification registers
 * (virtio 1.x spec 4.2.2) with DeviceID 0 = "no device", everything else
 * reading zero and ignoring writes.
 */
#include "virtio_none.h"

#include <stdbool.h>

#define VIRTIO_MMIO_MAGIC_VALUE 0x000
#define VIRTIO_MMIO_VERSION     0x004
#define VIRTIO_MMIO_DEVICE_ID   0x008
#define VIRTIO_MMIO_VENDOR_ID   0x00c
#define VIRTIO_MAGIC            0x74726976u   /* "virt" */
#define VIRTIO_VENDOR_QEMU      0x554d4551u

static bool none_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    const bool *legacy = dev;
    if (size != 4)
        return false;
    switch (off) {
    case VIRTIO_MMIO_MAGIC_VALUE: *val = VIRTIO_MAGIC; break;
    case VIRTIO_MMIO_VERSION:     *val = *legacy ? 1 : 2; break;
    case VIRTIO_MMIO_VENDOR_ID:   *val = VIRTIO_VENDOR_QEMU; break;
    default:                      *val = 0; break;
    }
    return true;
}

static bool none_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    (void)dev;
    (void)off;
    (void)val;
    return size == 4;
}

static const struct dev_ops virtio_none_dev_ops = {
    .name = "virtio-mmio (empty)", .read = none_read, .write = none_write,
};

const struct dev_ops *virtio_none_ops(void)
{
    return &virtio_none_dev_ops;
}
