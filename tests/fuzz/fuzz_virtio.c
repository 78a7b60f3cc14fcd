/*
 * fuzz_virtio.c - virtio-blk queue processing on arbitrary descriptor
 * tables and rings in guest RAM: chains that loop, huge lengths,
 * addresses outside RAM, overlapping buffers, rings that straddle the end
 * of RAM. The driver side is played properly up to DRIVER_OK (so the
 * fuzzer reaches the queue code), with the queue size and ring addresses
 * taken from the input; then the input's bytes fill RAM and a series of
 * notifies and register writes follows. The disk lives in memory and
 * is kept across inputs (as across a guest's requests); the device is
 * reset before each.
 */
#include "fuzz_common.h"

#include "irq.h"
#include "virtio.h"
#include "virtio_blk.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (32ULL << 10)
#define MMIO 0x10001000ULL
#define DISK_BYTES (64ULL << 10)

static void reg(struct bus *b, uint64_t off, uint32_t val)
{
    bus_write(b, MMIO + off, val, 4);
}

static uint64_t take(const uint8_t **p, size_t *left, unsigned n)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < n && *left; k++, (*p)++, (*left)--)
        v |= (uint64_t)**p << (8 * k);
    return v;
}

/* A ring address: usually inside RAM (aligned as the spec asks), now and
 * then anywhere. */
static uint64_t ring_addr(uint64_t raw)
{
    if ((raw & 0xf) == 0xf)
        return raw;
    return RAM_BASE + ((raw >> 4) % RAM_SIZE & ~0xfULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct bus *b;
    static struct vblk *v;
    if (!b) {
        int e = 0;
        b = bus_new(RAM_BASE, RAM_SIZE);
        v = b ? vblk_new(b, NULL, 0, DISK_BYTES, false, true, false, (struct irq_line){ 0 }, &e)
              : NULL;
        if (!v || vblk_map(v, b, MMIO, 0x1000))
            abort();
    }
    vblk_reset(v);
    memset(bus_ram_ptr(b, RAM_BASE, RAM_SIZE), 0, RAM_SIZE);
    const uint8_t *p = data;
    size_t left = size;
    uint32_t num = (uint32_t)take(&p, &left, 2);
    uint64_t desc = ring_addr(take(&p, &left, 8));
    uint64_t avail = ring_addr(take(&p, &left, 8));
    uint64_t used = ring_addr(take(&p, &left, 8));

    reg(b, VIRTIO_MMIO_STATUS, 1 | 2);
    reg(b, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    reg(b, VIRTIO_MMIO_DRIVER_FEATURES, 1);          /* VIRTIO_F_VERSION_1 */
    reg(b, VIRTIO_MMIO_STATUS, 1 | 2 | 8);
    reg(b, VIRTIO_MMIO_QUEUE_SEL, 0);
    reg(b, VIRTIO_MMIO_QUEUE_NUM, num);
    reg(b, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    reg(b, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    reg(b, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
    reg(b, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
    reg(b, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
    reg(b, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
    reg(b, VIRTIO_MMIO_QUEUE_READY, 1);
    reg(b, VIRTIO_MMIO_STATUS, 1 | 2 | 8 | 4);

    /* The rest of the input, twice over if short, is guest RAM; the
     * first bytes are also the script of later register writes. */
    uint8_t *ram = bus_ram_ptr(b, RAM_BASE, RAM_SIZE);
    for (size_t off = 0; left && off < RAM_SIZE; off += left)
        memcpy(ram + off, p, left < RAM_SIZE - off ? left : RAM_SIZE - off);
    reg(b, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    for (unsigned k = 0; k < 16 && left >= 5; k++) {
        uint8_t off = (uint8_t)take(&p, &left, 1);
        uint32_t val = (uint32_t)take(&p, &left, 4);
        reg(b, (uint64_t)(off & 0xfc), val);
        reg(b, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
    }
    uint64_t isr;
    bus_read(b, MMIO + VIRTIO_MMIO_INTERRUPT_STATUS, 4, &isr);
    reg(b, VIRTIO_MMIO_INTERRUPT_ACK, (uint32_t)isr);
    return 0;
}
