/*
 * virtio_blk.c - virtio block device on the virtio-mmio transport
 * (VIRTIO 1.1: 4.2.2 modern registers, 4.2.4 legacy registers,
 * 2.6 split virtqueues, 5.2 block device).
 *
 * One request queue. On QueueNotify the device consumes the available
 * ring from its last index, runs each request to completion and publishes
 * it in the used ring, then raises InterruptStatus bit 0 (unless the
 * driver set VIRTQ_AVAIL_F_NO_INTERRUPT).
 *
 * Everything the guest supplies is checked before use: ring and buffer
 * addresses must lie wholly in guest RAM (bus_ram_ptr), descriptor indices
 * below QueueNum, chains no longer than QueueNum, sectors below capacity.
 * Two kinds of failure:
 *   - the request is malformed but its status byte is writable:
 *     VIRTIO_BLK_S_IOERR for that request;
 *   - the queue itself is broken (ring outside RAM, index out of range,
 *     looping chain, INDIRECT descriptor that was never offered, avail idx
 *     ahead by more than QueueNum, no status byte): the device sets
 *     DEVICE_NEEDS_RESET, raises a configuration-change interrupt
 *     (InterruptStatus bit 1) and ignores the queue until reset.
 *
 * Storage: pread/pwrite at (offset + disk byte) of the image file. In
 * snapshot mode (or without a file) written sectors live in an in-memory
 * overlay, a hash table sector -> 512-byte block, consulted before the file.
 */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include "virtio_blk.h"

#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "virtio.h"

#define SECTOR VIRTIO_BLK_SECTOR_SIZE

struct vblk_queue {
    uint32_t num;            /* QueueNum                                */
    bool     ready;          /* QueueReady (modern)                     */
    uint64_t desc;           /* QueueDesc (modern)                      */
    uint64_t driver;         /* QueueDriver: the available ring         */
    uint64_t device;         /* QueueDevice: the used ring              */
    uint32_t pfn;            /* QueuePFN (legacy)                       */
    uint32_t align;          /* QueueAlign (legacy)                     */
    uint16_t last_avail;     /* next available ring slot to consume     */
    uint16_t used_idx;       /* our copy of used->idx                   */
};

/* One descriptor of the chain being served. */
struct vblk_seg {
    uint64_t pa;
    uint8_t *host;           /* NULL if not wholly in RAM (or len 0)    */
    uint32_t len;
    bool     write;          /* device-writable                         */
};

/* Snapshot overlay: open addressing, key = sector + 1 (0 = empty). */
struct vblk_overlay {
    uint64_t *keys;
    uint8_t **blocks;
    size_t    cap;           /* power of two, or 0                      */
    size_t    used;
};

struct vblk {
    /* wiring and backing store, fixed at creation */
    struct bus     *bus;
    struct irq_line irq;
    bool     legacy;
    bool     snapshot;
    bool     readonly;
    int      fd;             /* -1: memory-only disk                    */
    uint64_t offset;         /* byte offset of the disk in the file     */
    uint64_t capacity;       /* sectors                                 */
    uint64_t dev_features;
    uint8_t  config[VIRTIO_BLK_CFG_SIZE];
    struct vblk_overlay ov;

    /* transport state, cleared by reset (guest_page_size excepted:
     * Linux writes it once at probe, before resetting the device) */
    uint32_t status;
    uint32_t isr;            /* InterruptStatus                         */
    uint32_t dev_features_sel;
    uint32_t drv_features_sel;
    uint64_t drv_features;
    uint32_t queue_sel;
    uint32_t guest_page_size;
    struct vblk_queue q;

    struct vblk_seg segs[VBLK_QUEUE_NUM_MAX];  /* current chain         */
};

static const struct dev_ops vblk_ops;

static uint16_t ld16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return le16toh(v); }
static uint32_t ld32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return le32toh(v); }
static uint64_t ld64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return le64toh(v); }
static void st16(uint8_t *p, uint16_t v) { v = htole16(v); memcpy(p, &v, 2); }
static void st32(uint8_t *p, uint32_t v) { v = htole32(v); memcpy(p, &v, 4); }
static void st64(uint8_t *p, uint64_t v) { v = htole64(v); memcpy(p, &v, 8); }

/* ---- backing store ------------------------------------------------- */

static size_t ov_slot(const struct vblk_overlay *ov, uint64_t key)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ull) >> 29) & (ov->cap - 1);
}

static uint8_t *ov_find(const struct vblk_overlay *ov, uint64_t sector)
{
    if (ov->used == 0)
        return NULL;
    for (size_t i = ov_slot(ov, sector + 1); ov->keys[i]; i = (i + 1) & (ov->cap - 1))
        if (ov->keys[i] == sector + 1)
            return ov->blocks[i];
    return NULL;
}

static void ov_put(struct vblk_overlay *ov, uint64_t key, uint8_t *blk)
{
    size_t i = ov_slot(ov, key);
    while (ov->keys[i])
        i = (i + 1) & (ov->cap - 1);
    ov->keys[i] = key;
    ov->blocks[i] = blk;
    ov->used++;
}

/* Add blk for sector (not present yet); grows at half load. -ENOMEM. */
static int ov_insert(struct vblk_overlay *ov, uint64_t sector, uint8_t *blk)
{
    if ((ov->used + 1) * 2 > ov->cap) {
        struct vblk_overlay big = { 0 };
        big.cap = ov->cap ? ov->cap * 2 : 64;
        big.keys = calloc(big.cap, sizeof(*big.keys));
        big.blocks = calloc(big.cap, sizeof(*big.blocks));
        if (!big.keys || !big.blocks) {
            free(big.keys);
            free(big.blocks);
            return -ENOMEM;
        }
        for (size_t i = 0; i < ov->cap; i++)
            if (ov->keys[i])
                ov_put(&big, ov->keys[i], ov->blocks[i]);
        free(ov->keys);
        free(ov->blocks);
        *ov = big;
    }
    ov_put(ov, sector + 1, blk);
    return 0;
}

static void ov_free(struct vblk_overlay *ov)
{
    for (size_t i = 0; i < ov->cap; i++)
        if (ov->keys[i])
            free(ov->blocks[i]);
    free(ov->keys);
    free(ov->blocks);
    memset(ov, 0, sizeof(*ov));
}

/* Read len bytes at disk byte pos from the file (zeros without a file).
 * 0 or -errno; a short file is -EIO. */
static int base_read(struct vblk *v, uint64_t pos, uint8_t *buf, uint64_t len)
{
    if (v->fd < 0) {
        memset(buf, 0, len);
        return 0;
    }
    while (len) {
        ssize_t n = pread(v->fd, buf, len, (off_t)(v->offset + pos));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf += n;
        pos += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return 0;
}

static int base_write(struct vblk *v, uint64_t pos, const uint8_t *buf, uint64_t len)
{
    while (len) {
        ssize_t n = pwrite(v->fd, buf, len, (off_t)(v->offset + pos));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n < 0 ? -errno : -EIO;
        buf += n;
        pos += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return 0;
}

/* Read disk bytes [pos, pos+len): overlay sectors first, runs of other
 * sectors from the file in one pread each. 0 or -errno. */
static int store_read(struct vblk *v, uint64_t pos, uint8_t *buf, uint64_t len)
{
    if (v->ov.used == 0)
        return base_read(v, pos, buf, len);
    while (len) {
        uint64_t n = SECTOR - pos % SECTOR;
        if (n > len)
            n = len;
        const uint8_t *blk = ov_find(&v->ov, pos / SECTOR);
        if (blk) {
            memcpy(buf, blk + pos % SECTOR, n);
        } else {
            while (n < len && !ov_find(&v->ov, (pos + n) / SECTOR))
                n += len - n < SECTOR ? len - n : SECTOR;
            int r = base_read(v, pos, buf, n);
            if (r)
                return r;
        }
        pos += n;
        buf += n;
        len -= n;
    }
    return 0;
}

/* Write disk bytes [pos, pos+len): to the file, or in snapshot mode to
 * overlay blocks (a partly written new block is first filled from the
 * file). 0 or -errno. */
static int store_write(struct vblk *v, uint64_t pos, const uint8_t *buf, uint64_t len)
{
    if (!v->snapshot)
        return base_write(v, pos, buf, len);
    while (len) {
        uint64_t sector = pos / SECTOR, in = pos % SECTOR;
        uint64_t n = SECTOR - in < len ? SECTOR - in : len;
        uint8_t *blk = ov_find(&v->ov, sector);
        if (!blk) {
            blk = malloc(SECTOR);
            if (!blk)
                return -ENOMEM;
            int r = n < SECTOR ? base_read(v, sector * SECTOR, blk, SECTOR) : 0;
            if (!r)
                r = ov_insert(&v->ov, sector, blk);
            if (r) {
                free(blk);
                return r;
            }
        }
        memcpy(blk + in, buf, n);
        pos += n;
        buf += n;
        len -= n;
    }
    return 0;
}

/* ---- interrupts and device state ----------------------------------- */

/* Drive the line from InterruptStatus. Called whenever the device sets
 * or the driver acknowledges a bit, even if the level does not change, as
 * QEMU's virtio-mmio does (the PLIC latches a re-assertion made while the
 * source is in service; see plic.c). */
static void vblk_update_irq(struct vblk *v)
{
    irq_set(&v->irq, v->isr != 0);
}

/* The driver broke the queue: stop serving it until reset (spec 2.1.2). */
static void vblk_needs_reset(struct vblk *v)
{
    v->status |= VIRTIO_CONFIG_S_DEVICE_NEEDS_RESET;
    v->isr |= VIRTIO_MMIO_INT_CONFIG;
    vblk_update_irq(v);
}

/* Transport state after reset; does not touch the interrupt line. */
static void vblk_reset_state(struct vblk *v)
{
    v->status = 0;
    v->isr = 0;
    v->dev_features_sel = 0;
    v->drv_features_sel = 0;
    v->drv_features = 0;
    v->queue_sel = 0;
    memset(&v->q, 0, sizeof(v->q));
    v->q.align = VIRTQ_LEGACY_ALIGN;
}

void vblk_reset(struct vblk *v)
{
    vblk_reset_state(v);
    vblk_update_irq(v);
}

/* ---- request processing -------------------------------------------- */

/* Cursor over the device-readable or device-writable bytes of a chain. */
struct vblk_iter {
    const struct vblk *v;
    unsigned nseg;
    unsigned i;              /* current segment                         */
    uint64_t off;            /* bytes of it already consumed            */
    bool     write;          /* which direction we walk                 */
};

/* Next piece of at most max bytes: its host pointer and guest address.
 * Returns its length, 0 at the end of that direction's bytes. */
static uint64_t iter_next(struct vblk_iter *it, uint64_t max, uint8_t **host,
                          uint64_t *pa)
{
    for (; it->i < it->nseg; it->i++, it->off = 0) {
        const struct vblk_seg *s = &it->v->segs[it->i];
        if (s->write != it->write || it->off >= s->len)
            continue;
        uint64_t n = s->len - it->off < max ? s->len - it->off : max;
        *host = s->host + it->off;
        *pa = s->pa + it->off;
        it->off += n;
        return n;
    }
    return 0;
}

/* Is [sector, sector + bytes/512) a whole-sector range inside the disk? */
static bool vblk_range_ok(const struct vblk *v, uint64_t sector, uint64_t bytes)
{
    return bytes % SECTOR == 0 && sector <= v->capacity &&
           bytes / SECTOR <= v->capacity - sector;
}

/* IN: disk -> the writable bytes (all but the status byte). */
static uint8_t vblk_do_in(struct vblk *v, struct vblk_iter *it, uint64_t sector,
                          uint64_t bytes, uint32_t *written)
{
    uint64_t pos = sector * SECTOR, pa, n;
    uint8_t *host;

    if (!vblk_range_ok(v, sector, bytes))
        return VIRTIO_BLK_S_IOERR;
    while (bytes && (n = iter_next(it, bytes, &host, &pa))) {
        if (store_read(v, pos, host, n))
            return VIRTIO_BLK_S_IOERR;
        bus_ram_written(v->bus, pa, n);
        *written += (uint32_t)n;
        pos += n;
        bytes -= n;
    }
    return VIRTIO_BLK_S_OK;
}

/* OUT: the readable bytes after the header -> disk. */
static uint8_t vblk_do_out(struct vblk *v, struct vblk_iter *it, uint64_t sector,
                           uint64_t bytes)
{
    uint64_t pos = sector * SECTOR, pa, n;
    uint8_t *host;

    if (v->readonly || !vblk_range_ok(v, sector, bytes))
        return VIRTIO_BLK_S_IOERR;
    while ((n = iter_next(it, UINT64_MAX, &host, &pa))) {
        if (store_write(v, pos, host, n))
            return VIRTIO_BLK_S_IOERR;
        pos += n;
    }
    return VIRTIO_BLK_S_OK;
}

static uint8_t vblk_do_get_id(struct vblk *v, struct vblk_iter *it,
                              uint64_t bytes, uint32_t *written)
{
    uint8_t id[VIRTIO_BLK_ID_BYTES] = { 0 };
    uint64_t done = 0, pa, n;
    uint8_t *host;

    memcpy(id, VBLK_ID, sizeof(VBLK_ID) - 1);
    if (bytes > sizeof(id))
        bytes = sizeof(id);
    while (done < bytes && (n = iter_next(it, bytes - done, &host, &pa))) {
        memcpy(host, id + done, n);
        bus_ram_written(v->bus, pa, n);
        done += n;
    }
    *written += (uint32_t)done;
    return VIRTIO_BLK_S_OK;
}

static uint8_t vblk_do_flush(struct vblk *v)
{
    if (v->fd >= 0 && !v->snapshot && fsync(v->fd) < 0)
        return VIRTIO_BLK_S_IOERR;
    return VIRTIO_BLK_S_OK;
}

/*
 * Execute the request in segs[0..nseg) whose status byte (the last byte
 * of the last segment) is known to be writable. Returns the status;
 * *written counts the data bytes stored into guest RAM.
 */
static uint8_t vblk_execute(struct vblk *v, unsigned nseg, uint32_t *written)
{
    uint64_t rd = 0, wr = 0;
    bool seen_write = false;

    /* Layout (spec 2.6.4.2): readable descriptors first, then writable;
     * every buffer wholly in RAM. Where the header, data and status bytes
     * fall within them does not matter. */
    for (unsigned i = 0; i < nseg; i++) {
        const struct vblk_seg *s = &v->segs[i];
        if (s->len && !s->host)
            return VIRTIO_BLK_S_IOERR;
        if (s->write) {
            seen_write = true;
            wr += s->len;
        } else if (seen_write) {
            return VIRTIO_BLK_S_IOERR;
        } else {
            rd += s->len;
        }
    }
    wr -= 1;    /* the status byte */
    if (rd < VIRTIO_BLK_OUTHDR_SIZE || wr >= UINT32_MAX)
        return VIRTIO_BLK_S_IOERR;

    struct vblk_iter rit = { v, nseg, 0, 0, false };
    struct vblk_iter wit = { v, nseg, 0, 0, true };
    uint8_t hdr[VIRTIO_BLK_OUTHDR_SIZE], *host;
    uint64_t got = 0, pa, n;
    while (got < sizeof(hdr) && (n = iter_next(&rit, sizeof(hdr) - got, &host, &pa))) {
        memcpy(hdr + got, host, n);
        got += n;
    }
    uint32_t type = ld32(hdr);
    uint64_t sector = ld64(hdr + 8);

    switch (type) {
    case VIRTIO_BLK_T_IN:
        return vblk_do_in(v, &wit, sector, wr, written);
    case VIRTIO_BLK_T_OUT:
        return vblk_do_out(v, &rit, sector, rd - VIRTIO_BLK_OUTHDR_SIZE);
    case VIRTIO_BLK_T_FLUSH:
        return vblk_do_flush(v);
    case VIRTIO_BLK_T_GET_ID:
        return vblk_do_get_id(v, &wit, wr, written);
    default:
        return VIRTIO_BLK_S_UNSUPP;
    }
}

/*
 * Collect the chain starting at head (< q.num) into segs. False if the
 * chain is broken: a next index out of range, more descriptors than the
 * queue holds (a loop), or INDIRECT (not offered).
 */
static bool vblk_walk(struct vblk *v, const uint8_t *desc, uint32_t head,
                      unsigned *nseg)
{
    uint32_t idx = head;
    unsigned n = 0;

    for (;;) {
        if (n == v->q.num)
            return false;
        const uint8_t *d = desc + (uint64_t)idx * VIRTQ_DESC_SIZE;
        uint16_t flags = ld16(d + 12);
        struct vblk_seg *s = &v->segs[n++];
        if (flags & VIRTQ_DESC_F_INDIRECT)
            return false;
        s->pa = ld64(d);
        s->len = ld32(d + 8);
        s->write = flags & VIRTQ_DESC_F_WRITE;
        s->host = s->len ? bus_ram_ptr(v->bus, s->pa, s->len) : NULL;
        if (!(flags & VIRTQ_DESC_F_NEXT))
            break;
        idx = ld16(d + 14);
        if (idx >= v->q.num)
            return false;
    }
    *nseg = n;
    return true;
}

/* Serve the chain at head. False if the queue is broken (the caller sets
 * NEEDS_RESET); else *used_len is the used ring's len for it. */
static bool vblk_request(struct vblk *v, const uint8_t *desc, uint32_t head,
                         uint32_t *used_len)
{
    unsigned nseg;
    if (!vblk_walk(v, desc, head, &nseg))
        return false;
    const struct vblk_seg *last = &v->segs[nseg - 1];
    if (!last->write || !last->host)
        return false;    /* nowhere to report a status */

    uint32_t written = 0;
    uint8_t status = vblk_execute(v, nseg, &written);
    last->host[last->len - 1] = status;
    bus_ram_written(v->bus, last->pa + last->len - 1, 1);
    *used_len = written + 1;
    return true;
}

/* Guest addresses of the three rings of the queue; false if the queue's
 * configuration is invalid. */
static bool vblk_ring_addrs(const struct vblk *v, uint64_t *desc,
                            uint64_t *avail, uint64_t *used)
{
    const struct vblk_queue *q = &v->q;
    if (q->num == 0 || q->num > VBLK_QUEUE_NUM_MAX)
        return false;
    if (!v->legacy) {
        *desc = q->desc;
        *avail = q->driver;
        *used = q->device;
        return true;
    }
    /* Legacy layout (spec 2.6.2): descriptors, then the available ring,
     * then the used ring at the next QueueAlign boundary. */
    uint64_t align = q->align;
    if (align == 0 || (align & (align - 1)))
        return false;
    *desc = (uint64_t)q->pfn * v->guest_page_size;
    *avail = *desc + (uint64_t)VIRTQ_DESC_SIZE * q->num;
    uint64_t avail_end = *avail + VIRTQ_RING_HDR + 2ull * q->num + 2;
    *used = (avail_end + align - 1) & ~(align - 1);
    return true;
}

static bool vblk_queue_live(const struct vblk *v)
{
    return (v->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
           !(v->status & VIRTIO_CONFIG_S_DEVICE_NEEDS_RESET) &&
           (v->legacy ? v->q.pfn != 0 : v->q.ready);
}

/* QueueNotify: serve every request the driver has made available. */
static void vblk_notify(struct vblk *v)
{
    uint64_t desc_pa, avail_pa, used_pa;
    struct vblk_queue *q = &v->q;

    if (!vblk_queue_live(v))
        return;    /* a kick before the queue is set up: nothing to do */
    if (!vblk_ring_addrs(v, &desc_pa, &avail_pa, &used_pa)) {
        vblk_needs_reset(v);
        return;
    }
    const uint8_t *desc = bus_ram_ptr(v->bus, desc_pa, (uint64_t)VIRTQ_DESC_SIZE * q->num);
    const uint8_t *avail = bus_ram_ptr(v->bus, avail_pa, VIRTQ_RING_HDR + 2ull * q->num);
    uint8_t *used = bus_ram_ptr(v->bus, used_pa,
                                VIRTQ_RING_HDR + (uint64_t)VIRTQ_USED_ELEM_SIZE * q->num);
    uint16_t avail_idx = avail ? ld16(avail + 2) : 0;
    if (!desc || !avail || !used || (uint16_t)(avail_idx - q->last_avail) > q->num) {
        vblk_needs_reset(v);
        return;
    }

    bool served = false, broken = false;
    while (q->last_avail != avail_idx) {
        uint32_t head = ld16(avail + VIRTQ_RING_HDR + 2 * (q->last_avail % q->num));
        uint32_t len;
        if (head >= q->num || !vblk_request(v, desc, head, &len)) {
            broken = true;
            break;
        }
        uint8_t *elem = used + VIRTQ_RING_HDR + VIRTQ_USED_ELEM_SIZE * (q->used_idx % q->num);
        st32(elem, head);
        st32(elem + 4, len);
        bus_ram_written(v->bus, used_pa + (uint64_t)(elem - used), VIRTQ_USED_ELEM_SIZE);
        q->used_idx++;
        st16(used + 2, q->used_idx);
        bus_ram_written(v->bus, used_pa + 2, 2);
        q->last_avail++;
        served = true;
    }
    if (served && !(ld16(avail) & VIRTQ_AVAIL_F_NO_INTERRUPT)) {
        v->isr |= VIRTIO_MMIO_INT_VRING;
        vblk_update_irq(v);
    }
    if (broken)
        vblk_needs_reset(v);
}

/* ---- registers ------------------------------------------------------ */

static uint32_t vblk_read_reg(struct vblk *v, uint64_t off)
{
    bool q0 = v->queue_sel == 0;

    switch (off) {
    case VIRTIO_MMIO_MAGIC_VALUE:   return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION:       return v->legacy ? 1 : 2;
    case VIRTIO_MMIO_DEVICE_ID:     return VIRTIO_ID_BLOCK;
    case VIRTIO_MMIO_VENDOR_ID:     return VIRTIO_VENDOR_QEMU;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return v->dev_features_sel < 2 ? (uint32_t)(v->dev_features >> (32 * v->dev_features_sel)) : 0;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: return q0 ? VBLK_QUEUE_NUM_MAX : 0;
    case VIRTIO_MMIO_QUEUE_PFN:     return v->legacy && q0 ? v->q.pfn : 0;
    case VIRTIO_MMIO_QUEUE_READY:   return !v->legacy && q0 ? v->q.ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS: return v->isr;
    case VIRTIO_MMIO_STATUS:        return v->status;
    case VIRTIO_MMIO_SHM_LEN_LOW:
    case VIRTIO_MMIO_SHM_LEN_HIGH:  return v->legacy ? 0 : UINT32_MAX;  /* no regions */
    default:                        return 0;   /* write-only, reserved, generation 0 */
    }
}

static void set_lo(uint64_t *r, uint32_t v) { *r = (*r & ~0xffffffffull) | v; }
static void set_hi(uint64_t *r, uint32_t v) { *r = (*r & 0xffffffffull) | (uint64_t)v << 32; }

static void vblk_write_status(struct vblk *v, uint32_t val)
{
    if (val == 0) {
        vblk_reset(v);
        return;
    }
    /* The driver may only accept offered features. Any subset works, and
     * FEATURES_OK is granted even without VIRTIO_F_VERSION_1 as QEMU does:
     * xv6 (2022+) writes DriverFeatures word 0 only and insists on
     * reading FEATURES_OK back. */
    if (val & VIRTIO_CONFIG_S_FEATURES_OK)
        v->drv_features &= v->dev_features;
    v->status = (val & 0xff & ~(uint32_t)VIRTIO_CONFIG_S_DEVICE_NEEDS_RESET) |
                (v->status & VIRTIO_CONFIG_S_DEVICE_NEEDS_RESET);
}

static void vblk_write_reg(struct vblk *v, uint64_t off, uint32_t val)
{
    struct vblk_queue *q = &v->q;
    /* Queue registers act on QueueSel = 0 only; modern queue layout is
     * frozen while QueueReady is set. */
    bool qw = v->queue_sel == 0 && (v->legacy || !q->ready);
    bool features_open = !(v->status & VIRTIO_CONFIG_S_FEATURES_OK);

    switch (off) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: v->dev_features_sel = val; break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: v->drv_features_sel = val; break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (features_open && v->drv_features_sel == 0)
            set_lo(&v->drv_features, val);
        else if (features_open && v->drv_features_sel == 1)
            set_hi(&v->drv_features, val);
        break;
    case VIRTIO_MMIO_GUEST_PAGE_SIZE: if (v->legacy) v->guest_page_size = val; break;
    case VIRTIO_MMIO_QUEUE_SEL:       v->queue_sel = val; break;
    case VIRTIO_MMIO_QUEUE_NUM:       if (qw) q->num = val; break;
    case VIRTIO_MMIO_QUEUE_ALIGN:     if (qw && v->legacy) q->align = val; break;
    case VIRTIO_MMIO_QUEUE_PFN:
        if (qw && v->legacy) {
            q->pfn = val;
            q->last_avail = q->used_idx = 0;
        }
        break;
    case VIRTIO_MMIO_QUEUE_READY:
        if (v->queue_sel == 0 && !v->legacy)
            q->ready = val & 1;
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY:    if (val == 0) vblk_notify(v); break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        v->isr &= ~val;
        vblk_update_irq(v);
        break;
    case VIRTIO_MMIO_STATUS:          vblk_write_status(v, val); break;
    }
    if (!qw || v->legacy)
        return;
    switch (off) {
    case VIRTIO_MMIO_QUEUE_DESC_LOW:    set_lo(&q->desc, val); break;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:   set_hi(&q->desc, val); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_LOW:  set_lo(&q->driver, val); break;
    case VIRTIO_MMIO_QUEUE_DRIVER_HIGH: set_hi(&q->driver, val); break;
    case VIRTIO_MMIO_QUEUE_DEVICE_LOW:  set_lo(&q->device, val); break;
    case VIRTIO_MMIO_QUEUE_DEVICE_HIGH: set_hi(&q->device, val); break;
    }
}

static bool vblk_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct vblk *v = dev;

    if (off >= VIRTIO_MMIO_CONFIG) {
        /* Config space: any width the bus allows, little-endian. */
        uint64_t c = off - VIRTIO_MMIO_CONFIG, x = 0;
        for (unsigned i = 0; i < size; i++)
            if (c + i < sizeof(v->config))
                x |= (uint64_t)v->config[c + i] << (8 * i);
        *val = x;
        return true;
    }
    if (size != 4)
        return false;
    *val = vblk_read_reg(v, off);
    return true;
}

static bool vblk_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct vblk *v = dev;

    if (off >= VIRTIO_MMIO_CONFIG)
        return true;    /* nothing writable without CONFIG_WCE */
    if (size != 4)
        return false;
    vblk_write_reg(v, off, (uint32_t)val);
    return true;
}

static const struct dev_ops vblk_ops = {
    .name = "virtio-blk",
    .read = vblk_read,
    .write = vblk_write,
};

/* ---- creation -------------------------------------------------------- */

/* Lock the disk's bytes of the file, as QEMU does, so that two emulators
 * never write one image at once: a writer takes an exclusive lock, a
 * reader (read-only or --snapshot, which must see consistent contents) a
 * shared one. Open file description locks belong to this open file, not
 * the process, so a second drive on the same file inside rvemu conflicts
 * too. 0, or -EBUSY when another holder conflicts. */
static int vblk_lock(struct vblk *v, uint64_t offset, uint64_t length)
{
    struct flock fl = {
        .l_type = (v->readonly || v->snapshot) ? F_RDLCK : F_WRLCK,
        .l_whence = SEEK_SET,
        .l_start = (off_t)offset,
        .l_len = (off_t)(length ? length : 1),
    };
    if (fcntl(v->fd, F_OFD_SETLK, &fl) == 0)
        return 0;
    if (errno == EAGAIN || errno == EACCES)
        return -EBUSY;
    /* File systems without locks (some network mounts): go on unlocked,
     * as QEMU does when locking is unsupported. */
    return errno == ENOLCK || errno == EINVAL || errno == EOPNOTSUPP ? 0 : -errno;
}

/* Open path and check [offset, offset+*length) lies inside it; fills
 * v->fd. 0 or -errno. */
static int vblk_open(struct vblk *v, const char *path, uint64_t offset,
                     uint64_t *length)
{
    int flags = (v->readonly || v->snapshot) ? O_RDONLY : O_RDWR;
    v->fd = open(path, flags | O_CLOEXEC);
    if (v->fd < 0)
        return -errno;
    off_t end = lseek(v->fd, 0, SEEK_END);   /* works for block devices too */
    if (end < 0)
        return -errno;
    uint64_t size = (uint64_t)end;
    if (offset > size)
        return -EINVAL;
    if (*length == 0)
        *length = size - offset;
    else if (*length > size - offset)
        return -EINVAL;
    return vblk_lock(v, offset, *length);
}

struct vblk *vblk_new(struct bus *bus, const char *path, uint64_t offset,
                      uint64_t length, bool legacy, bool snapshot,
                      bool readonly, struct irq_line irq, int *err)
{
    int e = 0;
    struct vblk *v = calloc(1, sizeof(*v));
    if (!v) {
        if (err)
            *err = -ENOMEM;
        return NULL;
    }
    v->bus = bus;
    v->irq = irq;
    v->legacy = legacy;
    v->snapshot = snapshot || !path;
    v->readonly = readonly;
    v->fd = -1;
    v->offset = offset;
    if (path)
        e = vblk_open(v, path, offset, &length);
    if (e) {
        vblk_free(v);
        if (err)
            *err = e;
        return NULL;
    }
    v->capacity = length / SECTOR;

    v->dev_features = 1ull << VIRTIO_BLK_F_SEG_MAX | 1ull << VIRTIO_BLK_F_BLK_SIZE |
                      1ull << VIRTIO_BLK_F_FLUSH;
    if (readonly)
        v->dev_features |= 1ull << VIRTIO_BLK_F_RO;
    if (!legacy)
        v->dev_features |= 1ull << VIRTIO_F_VERSION_1;
    st64(v->config + VIRTIO_BLK_CFG_CAPACITY, v->capacity);
    /* A request needs a header and a status descriptor besides its data. */
    st32(v->config + VIRTIO_BLK_CFG_SEG_MAX, VBLK_QUEUE_NUM_MAX - 2);
    st32(v->config + VIRTIO_BLK_CFG_BLK_SIZE, SECTOR);

    v->guest_page_size = 4096;
    vblk_reset_state(v);
    if (err)
        *err = 0;
    return v;
}

void vblk_free(struct vblk *v)
{
    if (!v)
        return;
    if (v->fd >= 0)
        close(v->fd);
    ov_free(&v->ov);
    free(v);
}

int vblk_map(struct vblk *v, struct bus *bus, uint64_t base, uint64_t len)
{
    return bus_map(bus, base, len, &vblk_ops, v);
}

uint64_t vblk_capacity(const struct vblk *v)
{
    return v->capacity;
}
