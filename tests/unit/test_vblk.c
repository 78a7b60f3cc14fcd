/*
 * test_vblk.c - virtio-mmio block device, driven as a guest driver would:
 * registers through the bus, descriptor tables and rings built in guest
 * RAM. Modern and legacy transports, reads/writes against a temporary
 * image file, FLUSH, GET_ID, snapshot and read-only modes, images at an
 * offset inside a file, and malformed queues and requests (each must end
 * in IOERR or DEVICE_NEEDS_RESET, never a crash: run under ASan/UBSan).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "irq.h"
#include "virtio.h"
#include "virtio_blk.h"

#define RAM_BASE  0x80000000ull
#define RAM_SIZE  (16ull << 20)
#define VBLK_BASE 0x10001000ull
#define NSECT     64                      /* sectors in the test image */
#define IMG_BYTES (NSECT * VIRTIO_BLK_SECTOR_SIZE)

/* Guest-physical scratch areas. */
#define RING_PA   (RAM_BASE + 0x10000)    /* legacy rings / modern desc */
#define AVAIL_PA  (RAM_BASE + 0x20000)    /* modern avail               */
#define USED_PA   (RAM_BASE + 0x30000)    /* modern used                */
#define HDR_PA    (RAM_BASE + 0x100000)
#define DATA_PA   (RAM_BASE + 0x200000)
#define STAT_PA   (RAM_BASE + 0x300000)

static struct bus  *bus;
static struct vblk *dev;
static char         img_path[64];
static bool         irq_level;
static unsigned     irq_raised;     /* irq_set calls with level 1 */

/* The driver's view of queue 0. */
static struct {
    uint64_t desc, avail, used;
    uint16_t num;
    uint16_t avail_idx;
} q;

static void rec_irq(void *ctx, unsigned n, bool level)
{
    (void)ctx;
    ck_assert_uint_eq(n, 1);
    irq_level = level;
    irq_raised += level;
}

static uint8_t pat(uint64_t sector, unsigned byte)
{
    return (uint8_t)(sector * 7 + byte * 13 + 1);
}

/* ---- guest memory and registers ---- */

static uint8_t *ram(uint64_t pa, uint64_t len)
{
    uint8_t *p = bus_ram_ptr(bus, pa, len);
    ck_assert_ptr_nonnull(p);
    return p;
}

static void w16(uint64_t pa, uint16_t v) { ck_assert(bus_write(bus, pa, v, 2)); }
static void w32(uint64_t pa, uint32_t v) { ck_assert(bus_write(bus, pa, v, 4)); }
static void w64(uint64_t pa, uint64_t v) { ck_assert(bus_write(bus, pa, v, 8)); }
static uint64_t rmem(uint64_t pa, unsigned size)
{
    uint64_t v;
    ck_assert(bus_read(bus, pa, size, &v));
    return v;
}

static uint32_t reg(uint64_t off) { return (uint32_t)rmem(VBLK_BASE + off, 4); }
static void set_reg(uint64_t off, uint32_t v) { ck_assert(bus_write(bus, VBLK_BASE + off, v, 4)); }

/* ---- fixture ---- */

static void write_image(const char *path, size_t prefix, size_t suffix)
{
    int fd = open(path, O_RDWR | O_TRUNC);
    ck_assert_int_ge(fd, 0);
    size_t total = prefix + IMG_BYTES + suffix;
    uint8_t *buf = malloc(total);
    memset(buf, 0xee, prefix);
    for (unsigned s = 0; s < NSECT; s++)
        for (unsigned b = 0; b < VIRTIO_BLK_SECTOR_SIZE; b++)
            buf[prefix + s * VIRTIO_BLK_SECTOR_SIZE + b] = pat(s, b);
    memset(buf + prefix + IMG_BYTES, 0xdd, suffix);
    ck_assert_int_eq(pwrite(fd, buf, total, 0), (ssize_t)total);
    free(buf);
    close(fd);
}

/* Whole file contents (caller frees); *len set. */
static uint8_t *slurp(size_t *len)
{
    int fd = open(img_path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    off_t n = lseek(fd, 0, SEEK_END);
    uint8_t *buf = malloc((size_t)n);
    ck_assert_int_eq(pread(fd, buf, (size_t)n, 0), n);
    close(fd);
    *len = (size_t)n;
    return buf;
}

static void setup(void)
{
    bus = bus_new(RAM_BASE, RAM_SIZE);
    ck_assert_ptr_nonnull(bus);
    strcpy(img_path, "/tmp/test_vblk-XXXXXX");
    int fd = mkstemp(img_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    write_image(img_path, 0, 0);
    dev = NULL;
    irq_level = false;
    irq_raised = 0;
    memset(&q, 0, sizeof(q));
}

static void teardown(void)
{
    vblk_free(dev);
    bus_free(bus);
    unlink(img_path);
}

static struct irq_line line(void)
{
    return (struct irq_line){ rec_irq, NULL, 1 };
}

static void make_dev(bool legacy, bool snapshot, bool readonly)
{
    int err = 1;
    dev = vblk_new(bus, img_path, 0, 0, legacy, snapshot, readonly, line(), &err);
    ck_assert_ptr_nonnull(dev);
    ck_assert_int_eq(err, 0);
    ck_assert_int_eq(vblk_map(dev, bus, VBLK_BASE, VBLK_MMIO_SIZE), 0);
}

/* A new device on a new bus (the bus cannot unmap the old one). */
static void remake_dev(bool legacy, bool snapshot, bool readonly)
{
    vblk_free(dev);
    dev = NULL;
    bus_free(bus);
    bus = bus_new(RAM_BASE, RAM_SIZE);
    ck_assert_ptr_nonnull(bus);
    make_dev(legacy, snapshot, readonly);
}

/* ---- driver side ---- */

/* virtio 1.x init (spec 3.1.1) with the three rings at the given places. */
static void modern_init(uint16_t num, uint64_t desc, uint64_t avail, uint64_t used)
{
    set_reg(VIRTIO_MMIO_STATUS, 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_STATUS), 0);
    set_reg(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    set_reg(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint32_t lo = reg(VIRTIO_MMIO_DEVICE_FEATURES);
    set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    uint32_t hi = reg(VIRTIO_MMIO_DEVICE_FEATURES);
    ck_assert(hi & 1u << (VIRTIO_F_VERSION_1 - 32));
    set_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    set_reg(VIRTIO_MMIO_DRIVER_FEATURES, lo);
    set_reg(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    set_reg(VIRTIO_MMIO_DRIVER_FEATURES, hi);
    uint32_t st = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                  VIRTIO_CONFIG_S_FEATURES_OK;
    set_reg(VIRTIO_MMIO_STATUS, st);
    ck_assert(reg(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
    set_reg(VIRTIO_MMIO_QUEUE_SEL, 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_QUEUE_READY), 0);
    ck_assert_uint_ge(reg(VIRTIO_MMIO_QUEUE_NUM_MAX), num);
    set_reg(VIRTIO_MMIO_QUEUE_NUM, num);
    set_reg(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)desc);
    set_reg(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    set_reg(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)avail);
    set_reg(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(avail >> 32));
    set_reg(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)used);
    set_reg(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(used >> 32));
    set_reg(VIRTIO_MMIO_QUEUE_READY, 1);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_QUEUE_READY), 1);
    set_reg(VIRTIO_MMIO_STATUS, st | VIRTIO_CONFIG_S_DRIVER_OK);
    q.desc = desc;
    q.avail = avail;
    q.used = used;
    q.num = num;
    q.avail_idx = 0;
}

static void modern_setup(uint16_t num)
{
    make_dev(false, false, false);
    modern_init(num, RING_PA, AVAIL_PA, USED_PA);
}

/* Legacy init as xv6 2020 does it; align 0 keeps the device default. */
static void legacy_init(uint16_t num, uint32_t align)
{
    set_reg(VIRTIO_MMIO_STATUS, 0);
    uint32_t st = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;
    set_reg(VIRTIO_MMIO_STATUS, st);
    uint32_t f = reg(VIRTIO_MMIO_DEVICE_FEATURES);
    f &= ~(1u << VIRTIO_BLK_F_RO);
    set_reg(VIRTIO_MMIO_DRIVER_FEATURES, f);
    st |= VIRTIO_CONFIG_S_FEATURES_OK;
    set_reg(VIRTIO_MMIO_STATUS, st);
    st |= VIRTIO_CONFIG_S_DRIVER_OK;
    set_reg(VIRTIO_MMIO_STATUS, st);
    set_reg(VIRTIO_MMIO_GUEST_PAGE_SIZE, 4096);
    set_reg(VIRTIO_MMIO_QUEUE_SEL, 0);
    ck_assert_uint_ge(reg(VIRTIO_MMIO_QUEUE_NUM_MAX), num);
    set_reg(VIRTIO_MMIO_QUEUE_NUM, num);
    if (align)
        set_reg(VIRTIO_MMIO_QUEUE_ALIGN, align);
    else
        align = 4096;
    memset(ram(RING_PA, 0x4000), 0, 0x4000);
    set_reg(VIRTIO_MMIO_QUEUE_PFN, (uint32_t)(RING_PA >> 12));
    ck_assert_uint_eq(reg(VIRTIO_MMIO_QUEUE_PFN), RING_PA >> 12);
    q.desc = RING_PA;
    q.avail = RING_PA + 16ull * num;
    q.used = (q.avail + 6 + 2ull * num + align - 1) & ~(uint64_t)(align - 1);
    q.num = num;
    q.avail_idx = 0;
}

static void put_desc(unsigned i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next)
{
    uint64_t d = q.desc + 16ull * i;
    w64(d, addr);
    w32(d + 8, len);
    w16(d + 12, flags);
    w16(d + 14, next);
}

/* Make head available without notifying. */
static void offer(uint16_t head)
{
    w16(q.avail + 4 + 2ull * (q.avail_idx % q.num), head);
    q.avail_idx++;
    w16(q.avail + 2, q.avail_idx);
}

static void notify(void) { set_reg(VIRTIO_MMIO_QUEUE_NOTIFY, 0); }
static uint16_t used_idx(void) { return (uint16_t)rmem(q.used + 2, 2); }
static uint32_t used_id(uint16_t k) { return (uint32_t)rmem(q.used + 4 + 8ull * (k % q.num), 4); }
static uint32_t used_len(uint16_t k) { return (uint32_t)rmem(q.used + 8 + 8ull * (k % q.num), 4); }

static void ack_irq(void)
{
    set_reg(VIRTIO_MMIO_INTERRUPT_ACK, reg(VIRTIO_MMIO_INTERRUPT_STATUS));
    ck_assert(!irq_level);
}

/* Build header/data/status at descriptors base..base+2 (data omitted if
 * len is 0). */
static void build_req(unsigned base, uint32_t type, uint64_t sector, uint64_t data,
                      uint32_t len, bool dev_writes, uint64_t stat)
{
    w32(HDR_PA + 32 * base, type);
    w32(HDR_PA + 32 * base + 4, 0);
    w64(HDR_PA + 32 * base + 8, sector);
    uint8_t *st = bus_ram_ptr(bus, stat, 1);
    if (st)
        *st = 0xff;
    put_desc(base, HDR_PA + 32 * base, 16, VIRTQ_DESC_F_NEXT, (uint16_t)(base + 1));
    if (len) {
        put_desc(base + 1, data, len,
                 VIRTQ_DESC_F_NEXT | (dev_writes ? VIRTQ_DESC_F_WRITE : 0),
                 (uint16_t)(base + 2));
        put_desc(base + 2, stat, 1, VIRTQ_DESC_F_WRITE, 0);
    } else {
        put_desc(base + 1, stat, 1, VIRTQ_DESC_F_WRITE, 0);
    }
}

/* One synchronous request through descriptors 0..2; returns the status
 * byte and checks the used ring entry. *ulen gets the used length. */
static uint8_t request(uint32_t type, uint64_t sector, uint64_t data, uint32_t len,
                       bool dev_writes, uint32_t *ulen)
{
    uint16_t before = used_idx();
    build_req(0, type, sector, data, len, dev_writes, STAT_PA);
    offer(0);
    notify();
    ck_assert_uint_eq(used_idx(), (uint16_t)(before + 1));
    ck_assert_uint_eq(used_id(before), 0);
    if (ulen)
        *ulen = used_len(before);
    ck_assert(irq_level);
    ck_assert(reg(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_VRING);
    ack_irq();
    return *ram(STAT_PA, 1);
}

static uint8_t read_sectors(uint64_t sector, unsigned n)
{
    return request(VIRTIO_BLK_T_IN, sector, DATA_PA, n * VIRTIO_BLK_SECTOR_SIZE, true, NULL);
}

static uint8_t write_sectors(uint64_t sector, unsigned n)
{
    return request(VIRTIO_BLK_T_OUT, sector, DATA_PA, n * VIRTIO_BLK_SECTOR_SIZE, false, NULL);
}

static void check_pattern(const uint8_t *p, uint64_t sector, unsigned n)
{
    for (unsigned s = 0; s < n; s++)
        for (unsigned b = 0; b < VIRTIO_BLK_SECTOR_SIZE; b++)
            ck_assert_uint_eq(p[s * VIRTIO_BLK_SECTOR_SIZE + b], pat(sector + s, b));
}

static bool needs_reset(void)
{
    return reg(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_DEVICE_NEEDS_RESET;
}

/* Device flagged the broken queue: NEEDS_RESET + config interrupt. */
static void check_needs_reset(void)
{
    ck_assert(needs_reset());
    ck_assert(reg(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_MMIO_INT_CONFIG);
    ck_assert(irq_level);
}

/* ---- probing ---- */

START_TEST(modern_probe)
{
    make_dev(false, false, false);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_MAGIC_VALUE), VIRTIO_MMIO_MAGIC);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_VERSION), 2);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_VENDOR_ID), 0x554d4551);
    set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint32_t lo = reg(VIRTIO_MMIO_DEVICE_FEATURES);
    ck_assert(lo & 1u << VIRTIO_BLK_F_FLUSH);
    ck_assert(lo & 1u << VIRTIO_BLK_F_BLK_SIZE);
    ck_assert(lo & 1u << VIRTIO_BLK_F_SEG_MAX);
    ck_assert(!(lo & 1u << VIRTIO_BLK_F_RO));
    ck_assert(!(lo & 1u << VIRTIO_RING_F_INDIRECT_DESC));
    ck_assert(!(lo & 1u << VIRTIO_RING_F_EVENT_IDX));
    set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_DEVICE_FEATURES), 1u << (VIRTIO_F_VERSION_1 - 32));
    set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_DEVICE_FEATURES), 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_QUEUE_NUM_MAX), VBLK_QUEUE_NUM_MAX);
    set_reg(VIRTIO_MMIO_QUEUE_SEL, 1);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);   /* one queue only */
    ck_assert_uint_eq(reg(VIRTIO_MMIO_STATUS), 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_CONFIG_GENERATION), 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffff);

    /* Config space: capacity as one 64-bit and as two 32-bit reads. */
    uint64_t cfg = VBLK_BASE + VIRTIO_MMIO_CONFIG;
    ck_assert_uint_eq(rmem(cfg + VIRTIO_BLK_CFG_CAPACITY, 8), NSECT);
    ck_assert_uint_eq(rmem(cfg + VIRTIO_BLK_CFG_CAPACITY, 4), NSECT);
    ck_assert_uint_eq(rmem(cfg + VIRTIO_BLK_CFG_CAPACITY + 4, 4), 0);
    ck_assert_uint_eq(rmem(cfg + VIRTIO_BLK_CFG_CAPACITY, 1), NSECT);
    ck_assert_uint_eq(rmem(cfg + VIRTIO_BLK_CFG_BLK_SIZE, 4), 512);
    ck_assert_uint_eq(rmem(cfg + VIRTIO_BLK_CFG_SEG_MAX, 4), VBLK_QUEUE_NUM_MAX - 2);
    ck_assert_uint_eq(rmem(cfg + 0x200, 4), 0);             /* past the struct */
    ck_assert_uint_eq(vblk_capacity(dev), NSECT);

    /* Registers are 32-bit only. */
    uint64_t v;
    ck_assert(!bus_read(bus, VBLK_BASE + VIRTIO_MMIO_MAGIC_VALUE, 2, &v));
    ck_assert(!bus_read(bus, VBLK_BASE + VIRTIO_MMIO_MAGIC_VALUE, 8, &v));
    ck_assert(!bus_write(bus, VBLK_BASE + VIRTIO_MMIO_STATUS, 1, 1));
    ck_assert(bus_write(bus, cfg, 0x1234, 4));              /* ignored */
    ck_assert_uint_eq(rmem(cfg, 8), NSECT);
}
END_TEST

START_TEST(legacy_probe)
{
    make_dev(true, false, false);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_VERSION), 1);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
    set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_DEVICE_FEATURES), 0);   /* no VERSION_1 */
    ck_assert_uint_eq(rmem(VBLK_BASE + VIRTIO_MMIO_CONFIG, 8), NSECT);
}
END_TEST

START_TEST(modern_features_ok_without_version1)
{
    /* xv6 2022+: writes DriverFeatures word 0 only, wants FEATURES_OK. */
    make_dev(false, false, false);
    set_reg(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    set_reg(VIRTIO_MMIO_DRIVER_FEATURES, reg(VIRTIO_MMIO_DEVICE_FEATURES));
    set_reg(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                                VIRTIO_CONFIG_S_FEATURES_OK);
    ck_assert(reg(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
}
END_TEST

/* ---- data path ---- */

START_TEST(modern_read)
{
    modern_setup(16);
    uint32_t ulen;
    ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 5, DATA_PA, 1024, true, &ulen), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(ulen, 1024 + 1);
    check_pattern(ram(DATA_PA, 1024), 5, 2);
    /* Last sector of the disk. */
    ck_assert_uint_eq(read_sectors(NSECT - 1, 1), VIRTIO_BLK_S_OK);
    check_pattern(ram(DATA_PA, 512), NSECT - 1, 1);
    ck_assert_uint_eq(used_idx(), 2);
    ck_assert(!needs_reset());
}
END_TEST

START_TEST(modern_write_persists)
{
    modern_setup(16);
    uint8_t *d = ram(DATA_PA, 3 * 512);
    for (unsigned i = 0; i < 3 * 512; i++)
        d[i] = (uint8_t)(i ^ 0x5a);
    uint32_t ulen;
    ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, 10, DATA_PA, 3 * 512, false, &ulen),
                      VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(ulen, 1);
    size_t n;
    uint8_t *f = slurp(&n);
    ck_assert_uint_eq(n, IMG_BYTES);
    for (unsigned i = 0; i < 3 * 512; i++)
        ck_assert_uint_eq(f[10 * 512 + i], (uint8_t)(i ^ 0x5a));
    check_pattern(f + 9 * 512, 9, 1);
    check_pattern(f + 13 * 512, 13, 1);
    free(f);
    memset(d, 0, 3 * 512);
    ck_assert_uint_eq(read_sectors(10, 3), VIRTIO_BLK_S_OK);
    for (unsigned i = 0; i < 3 * 512; i++)
        ck_assert_uint_eq(d[i], (uint8_t)(i ^ 0x5a));
}
END_TEST

START_TEST(legacy_read_write)
{
    make_dev(true, false, false);
    legacy_init(8, 0);
    ck_assert_uint_eq(q.used, RING_PA + 4096);   /* xv6's layout */
    ck_assert_uint_eq(read_sectors(3, 2), VIRTIO_BLK_S_OK);
    check_pattern(ram(DATA_PA, 1024), 3, 2);
    memset(ram(DATA_PA, 512), 0x77, 512);
    ck_assert_uint_eq(write_sectors(0, 1), VIRTIO_BLK_S_OK);
    size_t n;
    uint8_t *f = slurp(&n);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(f[i], 0x77);
    check_pattern(f + 512, 1, 1);
    free(f);
}
END_TEST

START_TEST(legacy_queue_align)
{
    make_dev(true, false, false);
    legacy_init(16, 64);
    ck_assert_uint_eq(q.used, RING_PA + 256 + 64);
    ck_assert_uint_eq(read_sectors(1, 1), VIRTIO_BLK_S_OK);
    check_pattern(ram(DATA_PA, 512), 1, 1);
}
END_TEST

START_TEST(any_layout)
{
    /* OUT with header and data in one descriptor; IN with data and the
     * status byte in one descriptor. */
    modern_setup(16);
    uint8_t *h = ram(HDR_PA, 16 + 512);
    memset(h, 0, 16);
    h[0] = VIRTIO_BLK_T_OUT;
    h[8] = 7;
    memset(h + 16, 0x42, 512);
    put_desc(0, HDR_PA, 16 + 512, VIRTQ_DESC_F_NEXT, 1);
    put_desc(1, STAT_PA, 1, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    notify();
    ck_assert_uint_eq(*ram(STAT_PA, 1), VIRTIO_BLK_S_OK);

    h[0] = VIRTIO_BLK_T_IN;
    uint8_t *d = ram(DATA_PA, 513);
    memset(d, 0, 513);
    put_desc(0, HDR_PA, 16, VIRTQ_DESC_F_NEXT, 1);
    put_desc(1, DATA_PA, 513, VIRTQ_DESC_F_WRITE, 0);
    offer(0);
    notify();
    ck_assert_uint_eq(used_len(1), 513);
    ck_assert_uint_eq(d[512], VIRTIO_BLK_S_OK);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(d[i], 0x42);
}
END_TEST

/* A 1 KiB request whose data is split over three descriptors of odd
 * sizes (100, 700, 224 bytes), in a scrambled descriptor order; buf holds
 * the data to write or receives the data read. Returns the status. */
static const uint32_t piece[3] = { 100, 700, 224 };

static uint8_t scattered(uint32_t type, uint64_t sector, uint8_t *buf)
{
    bool in = type == VIRTIO_BLK_T_IN;
    uint16_t f = VIRTQ_DESC_F_NEXT | (in ? VIRTQ_DESC_F_WRITE : 0);
    unsigned off = 0;
    for (unsigned k = 0; k < 3; k++) {
        if (!in)
            memcpy(ram(DATA_PA + 0x1000 * k, piece[k]), buf + off, piece[k]);
        off += piece[k];
    }
    w32(HDR_PA, type);
    w64(HDR_PA + 8, sector);
    put_desc(0, HDR_PA, 16, VIRTQ_DESC_F_NEXT, 5);
    put_desc(5, DATA_PA, piece[0], f, 9);
    put_desc(9, DATA_PA + 0x1000, piece[1], f, 2);
    put_desc(2, DATA_PA + 0x2000, piece[2], f, 3);
    put_desc(3, STAT_PA, 1, VIRTQ_DESC_F_WRITE, 0);
    *ram(STAT_PA, 1) = 0xff;
    uint16_t before = used_idx();
    offer(0);
    notify();
    ck_assert_uint_eq(used_idx(), (uint16_t)(before + 1));
    ck_assert_uint_eq(used_len(before), in ? 1025 : 1);
    off = 0;
    for (unsigned k = 0; in && k < 3; k++) {
        memcpy(buf + off, ram(DATA_PA + 0x1000 * k, piece[k]), piece[k]);
        off += piece[k];
    }
    return *ram(STAT_PA, 1);
}

START_TEST(scattered_data)
{
    modern_setup(16);
    uint8_t buf[1024];
    ck_assert_uint_eq(scattered(VIRTIO_BLK_T_IN, 20, buf), VIRTIO_BLK_S_OK);
    check_pattern(buf, 20, 2);
    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)(i * 3);
    ck_assert_uint_eq(scattered(VIRTIO_BLK_T_OUT, 40, buf), VIRTIO_BLK_S_OK);
    memset(buf, 0, sizeof(buf));
    ck_assert_uint_eq(read_sectors(40, 2), VIRTIO_BLK_S_OK);
    for (unsigned i = 0; i < sizeof(buf); i++)
        ck_assert_uint_eq(*ram(DATA_PA + i, 1), (uint8_t)(i * 3));
}
END_TEST

START_TEST(batch_one_notify)
{
    modern_setup(16);
    for (unsigned r = 0; r < 4; r++) {
        build_req(3 * r, VIRTIO_BLK_T_IN, r * 4, DATA_PA + 0x1000 * r, 512, true,
                  STAT_PA + r);
        offer((uint16_t)(3 * r));
    }
    notify();
    ck_assert_uint_eq(used_idx(), 4);
    for (unsigned r = 0; r < 4; r++) {
        ck_assert_uint_eq(used_id((uint16_t)r), 3 * r);
        ck_assert_uint_eq(used_len((uint16_t)r), 513);
        ck_assert_uint_eq(*ram(STAT_PA + r, 1), VIRTIO_BLK_S_OK);
        check_pattern(ram(DATA_PA + 0x1000 * r, 512), r * 4, 1);
    }
    ck_assert_uint_eq(reg(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_MMIO_INT_VRING);
    ck_assert(irq_level);
    /* A second notify with nothing new changes nothing. */
    ack_irq();
    notify();
    ck_assert_uint_eq(used_idx(), 4);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(ring_index_wraparound)
{
    /* 70000 requests through an 8-entry queue: ring slots wrap every 8,
     * the 16-bit indices wrap at 65536. */
    modern_setup(8);
    uint64_t done = 0;
    for (unsigned r = 0; r < 2; r++)
        build_req(3 * r, VIRTIO_BLK_T_GET_ID, 0, DATA_PA + 64 * r, 20, true, STAT_PA + r);
    while (done < 70000) {
        offer(0);
        offer(3);
        notify();
        done += 2;
        ck_assert_uint_eq(used_idx(), (uint16_t)done);
        ck_assert_uint_eq(used_id((uint16_t)(done - 1)), 3);
        ck_assert_uint_eq(used_len((uint16_t)(done - 1)), 21);
    }
    ck_assert(!needs_reset());
    ck_assert_mem_eq(ram(DATA_PA + 64, 20), VBLK_ID, sizeof(VBLK_ID) - 1);
}
END_TEST

START_TEST(flush)
{
    modern_setup(16);
    uint32_t ulen;
    ck_assert_uint_eq(request(VIRTIO_BLK_T_FLUSH, 0, 0, 0, false, &ulen), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(ulen, 1);
}
END_TEST

START_TEST(get_id)
{
    modern_setup(16);
    memset(ram(DATA_PA, 32), 0xaa, 32);
    uint32_t ulen;
    ck_assert_uint_eq(request(VIRTIO_BLK_T_GET_ID, 0, DATA_PA, 20, true, &ulen),
                      VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(ulen, 21);
    uint8_t want[20] = { 0 };
    memcpy(want, VBLK_ID, sizeof(VBLK_ID) - 1);
    ck_assert_mem_eq(ram(DATA_PA, 20), want, 20);
    ck_assert_uint_eq(*ram(DATA_PA + 20, 1), 0xaa);
    /* A bigger buffer still gets 20 bytes. */
    ck_assert_uint_eq(request(VIRTIO_BLK_T_GET_ID, 0, DATA_PA, 64, true, &ulen),
                      VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(ulen, 21);
}
END_TEST

START_TEST(unsupported_type)
{
    modern_setup(16);
    uint32_t ulen;
    ck_assert_uint_eq(request(0x1234, 0, DATA_PA, 512, true, &ulen), VIRTIO_BLK_S_UNSUPP);
    ck_assert_uint_eq(ulen, 1);
    ck_assert(!needs_reset());
}
END_TEST

/* ---- malformed requests: IOERR, device keeps working ---- */

START_TEST(sector_beyond_capacity)
{
    modern_setup(16);
    ck_assert_uint_eq(read_sectors(NSECT, 1), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(read_sectors(NSECT - 1, 2), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(write_sectors(NSECT, 1), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(read_sectors(UINT64_MAX / 512, 1), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(read_sectors(UINT64_MAX, 1), VIRTIO_BLK_S_IOERR);
    ck_assert(!needs_reset());
    ck_assert_uint_eq(read_sectors(0, 1), VIRTIO_BLK_S_OK);
    check_pattern(ram(DATA_PA, 512), 0, 1);
}
END_TEST

START_TEST(buffer_outside_ram)
{
    modern_setup(16);
    ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, 0x1000, 512, true, NULL),
                      VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, 0, VBLK_BASE, 512, false, NULL),
                      VIRTIO_BLK_S_IOERR);
    /* Straddling the end of RAM. */
    ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, RAM_BASE + RAM_SIZE - 256, 512, true, NULL),
                      VIRTIO_BLK_S_IOERR);
    /* Wrapping around the address space. */
    ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, UINT64_MAX - 255, 512, true, NULL),
                      VIRTIO_BLK_S_IOERR);
    /* A header outside RAM. */
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    put_desc(0, 0x2000, 16, VIRTQ_DESC_F_NEXT, 1);
    offer(0);
    notify();
    ck_assert_uint_eq(*ram(STAT_PA, 1), VIRTIO_BLK_S_IOERR);
    ck_assert(!needs_reset());
}
END_TEST

START_TEST(huge_length)
{
    modern_setup(16);
    ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, DATA_PA, 0xfffffe00, true, NULL),
                      VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, 0, RAM_BASE, 0xffffffff, false, NULL),
                      VIRTIO_BLK_S_IOERR);
    /* Inside RAM but larger than the disk. */
    ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, RAM_BASE, (NSECT + 1) * 512, true, NULL),
                      VIRTIO_BLK_S_IOERR);
    ck_assert(!needs_reset());
}
END_TEST

START_TEST(partial_sector)
{
    modern_setup(16);
    ck_assert_uint_eq(request(VIRTIO_BLK_T_IN, 0, DATA_PA, 100, true, NULL),
                      VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(request(VIRTIO_BLK_T_OUT, 0, DATA_PA, 513, false, NULL),
                      VIRTIO_BLK_S_IOERR);
}
END_TEST

START_TEST(short_header)
{
    modern_setup(16);
    w32(HDR_PA, VIRTIO_BLK_T_IN);
    put_desc(0, HDR_PA, 8, VIRTQ_DESC_F_NEXT, 1);
    put_desc(1, STAT_PA, 1, VIRTQ_DESC_F_WRITE, 0);
    *ram(STAT_PA, 1) = 0xff;
    offer(0);
    notify();
    ck_assert_uint_eq(*ram(STAT_PA, 1), VIRTIO_BLK_S_IOERR);
}
END_TEST

START_TEST(readable_after_writable)
{
    modern_setup(16);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    put_desc(1, DATA_PA, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 4);
    put_desc(4, DATA_PA + 0x1000, 512, VIRTQ_DESC_F_NEXT, 2);   /* readable */
    offer(0);
    notify();
    ck_assert_uint_eq(*ram(STAT_PA, 1), VIRTIO_BLK_S_IOERR);
    ck_assert(!needs_reset());
}
END_TEST

/* ---- broken queues: DEVICE_NEEDS_RESET ---- */

START_TEST(chain_loop)
{
    modern_setup(16);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    put_desc(2, STAT_PA, 1, VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT, 0);  /* back to 0 */
    offer(0);
    notify();
    check_needs_reset();
    ck_assert_uint_eq(used_idx(), 0);
    /* Ignored until reset; then the device works again. */
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    offer(0);
    notify();
    ck_assert_uint_eq(used_idx(), 0);
    set_reg(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_FAILED | reg(VIRTIO_MMIO_STATUS));
    ck_assert(needs_reset());                 /* driver cannot clear it */
    memset(ram(USED_PA, 4096), 0, 4096);
    memset(ram(AVAIL_PA, 4096), 0, 4096);
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    ck_assert(!needs_reset());
    ck_assert(!irq_level);
    ck_assert_uint_eq(read_sectors(2, 1), VIRTIO_BLK_S_OK);
    check_pattern(ram(DATA_PA, 512), 2, 1);
}
END_TEST

START_TEST(self_loop_single_descriptor)
{
    modern_setup(1);
    put_desc(0, HDR_PA, 16, VIRTQ_DESC_F_NEXT, 0);
    offer(0);
    notify();
    check_needs_reset();
}
END_TEST

START_TEST(next_out_of_range)
{
    modern_setup(16);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    put_desc(1, DATA_PA, 512, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 16);
    offer(0);
    notify();
    check_needs_reset();
    ck_assert_uint_eq(*ram(STAT_PA, 1), 0xff);
}
END_TEST

START_TEST(head_out_of_range)
{
    modern_setup(16);
    offer(16);
    notify();
    check_needs_reset();
    ck_assert_uint_eq(used_idx(), 0);
}
END_TEST

START_TEST(avail_idx_jump)
{
    modern_setup(16);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    w16(q.avail + 2, 17);       /* 17 new entries in a 16-entry ring */
    notify();
    check_needs_reset();
    ck_assert_uint_eq(used_idx(), 0);
    ck_assert_uint_eq(*ram(STAT_PA, 1), 0xff);
}
END_TEST

START_TEST(indirect_not_offered)
{
    modern_setup(16);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    put_desc(0, HDR_PA, 48, VIRTQ_DESC_F_INDIRECT, 0);
    offer(0);
    notify();
    check_needs_reset();
}
END_TEST

START_TEST(status_unwritable)
{
    modern_setup(16);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, 0x3000);  /* outside RAM */
    offer(0);
    notify();
    check_needs_reset();

    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    put_desc(2, STAT_PA, 1, 0, 0);              /* status not device-writable */
    offer(0);
    notify();
    check_needs_reset();
}
END_TEST

START_TEST(rings_outside_ram)
{
    make_dev(false, false, false);
    modern_init(16, 0x1000, AVAIL_PA, USED_PA);
    notify();
    check_needs_reset();
    modern_init(16, RING_PA, AVAIL_PA, RAM_BASE + RAM_SIZE - 8);   /* used straddles */
    notify();
    check_needs_reset();
    modern_init(16, RING_PA, UINT64_MAX - 8, USED_PA);
    notify();
    check_needs_reset();

    /* Legacy: PFN far beyond RAM, and a non-power-of-two QueueAlign. */
    remake_dev(true, false, false);
    legacy_init(8, 0);
    set_reg(VIRTIO_MMIO_QUEUE_PFN, 0xfffff000);
    notify();
    check_needs_reset();
    legacy_init(8, 0);
    set_reg(VIRTIO_MMIO_QUEUE_ALIGN, 100);
    notify();
    check_needs_reset();
}
END_TEST

START_TEST(queue_num_invalid)
{
    make_dev(false, false, false);
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    set_reg(VIRTIO_MMIO_STATUS, 0);
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    /* QueueNum above QueueNumMax: the queue is unusable. */
    set_reg(VIRTIO_MMIO_STATUS, 0);
    set_reg(VIRTIO_MMIO_QUEUE_NUM, VBLK_QUEUE_NUM_MAX + 1);
    set_reg(VIRTIO_MMIO_QUEUE_READY, 1);
    set_reg(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_DRIVER_OK);
    notify();
    check_needs_reset();
}
END_TEST

START_TEST(notify_before_driver_ok)
{
    make_dev(false, false, false);
    q.desc = RING_PA;
    q.avail = AVAIL_PA;
    q.num = 16;
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    offer(0);
    notify();
    ck_assert(!needs_reset());
    ck_assert_uint_eq(reg(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    ck_assert_uint_eq(*ram(STAT_PA, 1), 0xff);
}
END_TEST

START_TEST(no_interrupt_flag)
{
    modern_setup(16);
    w16(q.avail, VIRTQ_AVAIL_F_NO_INTERRUPT);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    offer(0);
    notify();
    ck_assert_uint_eq(used_idx(), 1);           /* served ... */
    ck_assert_uint_eq(*ram(STAT_PA, 1), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_INTERRUPT_STATUS), 0);   /* ... silently */
    ck_assert(!irq_level);
}
END_TEST

START_TEST(irq_redriven_per_completion)
{
    /* Each completion drives the line again, even if InterruptStatus was
     * still set, so the PLIC sees a request made while it is in service. */
    modern_setup(16);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    offer(0);
    notify();
    ck_assert_uint_eq(irq_raised, 1);
    offer(0);
    notify();
    ck_assert_uint_eq(irq_raised, 2);
    ck_assert(irq_level);
    (void)reg(VIRTIO_MMIO_INTERRUPT_STATUS);   /* reads do not drive it */
    ck_assert_uint_eq(irq_raised, 2);
    set_reg(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);   /* not set */
    ck_assert(irq_level);
    set_reg(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(reset_clears_transport)
{
    modern_setup(16);
    ck_assert_uint_eq(read_sectors(0, 1), VIRTIO_BLK_S_OK);
    build_req(0, VIRTIO_BLK_T_IN, 0, DATA_PA, 512, true, STAT_PA);
    offer(0);
    notify();
    ck_assert(irq_level);
    set_reg(VIRTIO_MMIO_STATUS, 0);
    ck_assert(!irq_level);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_STATUS), 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_QUEUE_READY), 0);
    vblk_reset(dev);
    ck_assert_uint_eq(reg(VIRTIO_MMIO_STATUS), 0);
}
END_TEST

/* Random descriptor tables, rings and registers: must never crash. */
START_TEST(fuzz_queue)
{
    int err;
    dev = vblk_new(bus, NULL, 0, 32 * 512, false, false, false, line(), &err);
    ck_assert_ptr_nonnull(dev);
    ck_assert_int_eq(vblk_map(dev, bus, VBLK_BASE, VBLK_MMIO_SIZE), 0);
    uint64_t x = 0x9e3779b97f4a7c15ull;
    static const uint64_t bases[] = { RAM_BASE, RAM_BASE + RAM_SIZE - 64, 0, VBLK_BASE,
                                      RING_PA, DATA_PA, UINT64_MAX - 100 };
    for (int iter = 0; iter < 3000; iter++) {
        uint16_t num = (uint16_t)(1 + (x >> 7) % 16);
        modern_init(num, RING_PA, AVAIL_PA, USED_PA);
        for (unsigned i = 0; i < num; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            uint64_t addr = bases[x % 7] + ((x >> 8) & 0xfff);
            uint32_t len = (x >> 20) & 1 ? (uint32_t)(x >> 32) : (uint32_t)((x >> 24) & 0x7ff);
            put_desc(i, addr, len, (uint16_t)((x >> 40) & 7), (uint16_t)((x >> 48) % (num + 2)));
        }
        /* Some headers in RAM for descriptors that happen to point there. */
        w32(HDR_PA, (uint32_t)(x & 0xf));
        w64(HDR_PA + 8, (x >> 4) % 40);
        for (unsigned k = 0; k < 4; k++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            offer((uint16_t)(x % (num + 1)));
        }
        if (x & 0x100000)
            w16(q.avail + 2, (uint16_t)(x >> 16));
        notify();
        ck_assert_uint_le((uint16_t)used_idx(), 4);
    }
}
END_TEST

/* Random register writes (legacy) over random ring memory. */
START_TEST(fuzz_registers)
{
    int err;
    dev = vblk_new(bus, NULL, 0, 32 * 512, true, false, false, line(), &err);
    ck_assert_ptr_nonnull(dev);
    ck_assert_int_eq(vblk_map(dev, bus, VBLK_BASE, VBLK_MMIO_SIZE), 0);
    static const uint32_t regs[] = {
        VIRTIO_MMIO_DEVICE_FEATURES_SEL, VIRTIO_MMIO_DRIVER_FEATURES,
        VIRTIO_MMIO_DRIVER_FEATURES_SEL, VIRTIO_MMIO_GUEST_PAGE_SIZE,
        VIRTIO_MMIO_QUEUE_SEL, VIRTIO_MMIO_QUEUE_NUM, VIRTIO_MMIO_QUEUE_ALIGN,
        VIRTIO_MMIO_QUEUE_PFN, VIRTIO_MMIO_QUEUE_READY, VIRTIO_MMIO_QUEUE_NOTIFY,
        VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_STATUS, VIRTIO_MMIO_QUEUE_DESC_LOW,
        0x0f0, 0x1fc,
    };
    const unsigned nregs = sizeof(regs) / sizeof(regs[0]);
    uint64_t x = 0x2545f4914f6cdd1dull;
    uint8_t *ring = ram(RING_PA, 0x4000);
    for (int iter = 0; iter < 20000; iter++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        uint32_t off = regs[x % nregs];
        uint32_t val;
        switch ((x >> 8) & 3) {
        case 0:  val = (uint32_t)(x >> 32); break;
        case 1:  val = (uint32_t)((x >> 16) & 0x1f); break;
        case 2:  val = (uint32_t)(RING_PA >> 12); break;
        default: val = 0xf; break;      /* all driver status bits */
        }
        if (off == VIRTIO_MMIO_GUEST_PAGE_SIZE && (x & 0x10000))
            val = 4096;
        set_reg(off, val);
        if ((x >> 40) % 8 == 0)
            ring[(x >> 20) % 0x4000] = (uint8_t)(x >> 48);
        if ((x >> 44) % 4 == 0)
            notify();
        if (iter % 64 == 0)
            for (uint32_t r = 0; r < 0x100; r += 4)
                (void)reg(r);
    }
}
END_TEST

/* ---- storage modes ---- */

START_TEST(snapshot_leaves_file)
{
    size_t n0, n1;
    uint8_t *before = slurp(&n0);
    make_dev(false, true, false);
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    memset(ram(DATA_PA, 512), 0x99, 512);
    ck_assert_uint_eq(write_sectors(4, 1), VIRTIO_BLK_S_OK);
    /* Read 3 sectors: file, overlay, file. */
    ck_assert_uint_eq(read_sectors(3, 3), VIRTIO_BLK_S_OK);
    uint8_t *d = ram(DATA_PA, 3 * 512);
    check_pattern(d, 3, 1);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(d[512 + i], 0x99);
    check_pattern(d + 1024, 5, 1);
    /* Rewrite every sector (grows the overlay), read all back. */
    for (unsigned s = 0; s < NSECT; s++) {
        memset(ram(DATA_PA, 512), (int)s, 512);
        ck_assert_uint_eq(write_sectors(s, 1), VIRTIO_BLK_S_OK);
    }
    ck_assert_uint_eq(read_sectors(0, NSECT), VIRTIO_BLK_S_OK);
    d = ram(DATA_PA, IMG_BYTES);
    for (unsigned s = 0; s < NSECT; s++)
        ck_assert_uint_eq(d[s * 512 + 17], s);
    /* Odd-sized pieces against the overlay: a partial write of new
     * blocks must keep the file's bytes around it. */
    uint8_t buf[1024];
    ck_assert_uint_eq(scattered(VIRTIO_BLK_T_IN, 10, buf), VIRTIO_BLK_S_OK);
    for (unsigned i = 0; i < sizeof(buf); i++)
        ck_assert_uint_eq(buf[i], 10 + i / 512);
    remake_dev(false, true, false);   /* fresh, empty overlay */
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    memset(ram(DATA_PA, 512), 0x99, 512);
    ck_assert_uint_eq(write_sectors(6, 1), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(scattered(VIRTIO_BLK_T_IN, 5, buf), VIRTIO_BLK_S_OK);
    check_pattern(buf, 5, 1);
    for (unsigned i = 512; i < sizeof(buf); i++)
        ck_assert_uint_eq(buf[i], 0x99);
    for (unsigned i = 0; i < sizeof(buf); i++)
        buf[i] = (uint8_t)~i;
    ck_assert_uint_eq(scattered(VIRTIO_BLK_T_OUT, 30, buf), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(read_sectors(29, 4), VIRTIO_BLK_S_OK);
    uint8_t *r = ram(DATA_PA, 4 * 512);
    check_pattern(r, 29, 1);
    for (unsigned i = 0; i < sizeof(buf); i++)
        ck_assert_uint_eq(r[512 + i], (uint8_t)~i);
    check_pattern(r + 3 * 512, 32, 1);
    ck_assert_uint_eq(request(VIRTIO_BLK_T_FLUSH, 0, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
    uint8_t *after = slurp(&n1);
    ck_assert_uint_eq(n0, n1);
    ck_assert_mem_eq(before, after, n0);
    free(before);
    free(after);
}
END_TEST

START_TEST(readonly_refuses_writes)
{
    size_t n0, n1;
    uint8_t *before = slurp(&n0);
    make_dev(false, false, true);
    set_reg(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    ck_assert(reg(VIRTIO_MMIO_DEVICE_FEATURES) & 1u << VIRTIO_BLK_F_RO);
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    memset(ram(DATA_PA, 512), 0x11, 512);
    ck_assert_uint_eq(write_sectors(0, 1), VIRTIO_BLK_S_IOERR);
    ck_assert_uint_eq(read_sectors(0, 1), VIRTIO_BLK_S_OK);
    check_pattern(ram(DATA_PA, 512), 0, 1);
    uint8_t *after = slurp(&n1);
    ck_assert_mem_eq(before, after, n0);
    free(before);
    free(after);
}
END_TEST

START_TEST(image_at_offset)
{
    write_image(img_path, 4096, 4096);
    int err = 1;
    dev = vblk_new(bus, img_path, 4096, 32 * 512, false, false, false, line(), &err);
    ck_assert_ptr_nonnull(dev);
    ck_assert_int_eq(err, 0);
    ck_assert_int_eq(vblk_map(dev, bus, VBLK_BASE, VBLK_MMIO_SIZE), 0);
    ck_assert_uint_eq(vblk_capacity(dev), 32);
    ck_assert_uint_eq(rmem(VBLK_BASE + VIRTIO_MMIO_CONFIG, 8), 32);
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    ck_assert_uint_eq(read_sectors(0, 2), VIRTIO_BLK_S_OK);
    check_pattern(ram(DATA_PA, 1024), 0, 2);
    ck_assert_uint_eq(read_sectors(32, 1), VIRTIO_BLK_S_IOERR);
    memset(ram(DATA_PA, 512), 0x3c, 512);
    ck_assert_uint_eq(write_sectors(31, 1), VIRTIO_BLK_S_OK);
    size_t n;
    uint8_t *f = slurp(&n);
    ck_assert_uint_eq(n, 4096 + IMG_BYTES + 4096);
    for (unsigned i = 0; i < 4096; i++)
        ck_assert_uint_eq(f[i], 0xee);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(f[4096 + 31 * 512 + i], 0x3c);
    check_pattern(f + 4096 + 30 * 512, 30, 1);
    check_pattern(f + 4096 + 32 * 512, 32, 1);   /* beyond the disk: untouched */
    free(f);

    /* length 0 = to the end of the file. */
    vblk_free(dev);
    dev = vblk_new(bus, img_path, 4096, 0, true, false, false, line(), &err);
    ck_assert_ptr_nonnull(dev);
    ck_assert_uint_eq(vblk_capacity(dev), NSECT + 8);
}
END_TEST

START_TEST(memory_only_disk)
{
    int err = 1;
    dev = vblk_new(bus, NULL, 0, 64 * 1024 + 100, true, false, false, line(), &err);
    ck_assert_ptr_nonnull(dev);
    ck_assert_int_eq(err, 0);
    ck_assert_uint_eq(vblk_capacity(dev), 128);    /* rounded down */
    ck_assert_int_eq(vblk_map(dev, bus, VBLK_BASE, VBLK_MMIO_SIZE), 0);
    legacy_init(8, 0);
    memset(ram(DATA_PA, 1024), 0x55, 1024);
    ck_assert_uint_eq(read_sectors(100, 2), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(*ram(DATA_PA + 700, 1), 0);
    memset(ram(DATA_PA, 1024), 0x66, 1024);
    ck_assert_uint_eq(write_sectors(127, 1), VIRTIO_BLK_S_OK);
    memset(ram(DATA_PA, 1024), 0, 1024);
    ck_assert_uint_eq(read_sectors(126, 2), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(*ram(DATA_PA + 511, 1), 0);
    ck_assert_uint_eq(*ram(DATA_PA + 512, 1), 0x66);
    ck_assert_uint_eq(*ram(DATA_PA + 1023, 1), 0x66);
}
END_TEST

START_TEST(image_shrunk_underneath)
{
    make_dev(false, false, false);
    modern_init(16, RING_PA, AVAIL_PA, USED_PA);
    ck_assert_int_eq(truncate(img_path, 512), 0);
    ck_assert_uint_eq(read_sectors(0, 1), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(read_sectors(1, 1), VIRTIO_BLK_S_IOERR);   /* host EOF */
    ck_assert(!needs_reset());
}
END_TEST

START_TEST(open_errors)
{
    int err = 0;
    ck_assert_ptr_null(vblk_new(bus, "/nonexistent/disk.img", 0, 0, false, false, false,
                                line(), &err));
    ck_assert_int_eq(err, -ENOENT);
    err = 0;
    ck_assert_ptr_null(vblk_new(bus, img_path, IMG_BYTES + 1, 0, false, false, false,
                                line(), &err));
    ck_assert_int_eq(err, -EINVAL);
    err = 0;
    ck_assert_ptr_null(vblk_new(bus, img_path, 512, IMG_BYTES, false, false, false,
                                line(), &err));
    ck_assert_int_eq(err, -EINVAL);
    /* err may be NULL. */
    ck_assert_ptr_null(vblk_new(bus, "/nonexistent/disk.img", 0, 0, false, false, false,
                                line(), NULL));
}
END_TEST

static Suite *vblk_suite(void)
{
    Suite *s = suite_create("virtio_blk");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, modern_probe);
    tcase_add_test(tc, legacy_probe);
    tcase_add_test(tc, modern_features_ok_without_version1);
    tcase_add_test(tc, modern_read);
    tcase_add_test(tc, modern_write_persists);
    tcase_add_test(tc, legacy_read_write);
    tcase_add_test(tc, legacy_queue_align);
    tcase_add_test(tc, any_layout);
    tcase_add_test(tc, scattered_data);
    tcase_add_test(tc, batch_one_notify);
    tcase_add_test(tc, ring_index_wraparound);
    tcase_add_test(tc, flush);
    tcase_add_test(tc, get_id);
    tcase_add_test(tc, unsupported_type);
    tcase_add_test(tc, sector_beyond_capacity);
    tcase_add_test(tc, buffer_outside_ram);
    tcase_add_test(tc, huge_length);
    tcase_add_test(tc, partial_sector);
    tcase_add_test(tc, short_header);
    tcase_add_test(tc, readable_after_writable);
    tcase_add_test(tc, chain_loop);
    tcase_add_test(tc, self_loop_single_descriptor);
    tcase_add_test(tc, next_out_of_range);
    tcase_add_test(tc, head_out_of_range);
    tcase_add_test(tc, avail_idx_jump);
    tcase_add_test(tc, indirect_not_offered);
    tcase_add_test(tc, status_unwritable);
    tcase_add_test(tc, rings_outside_ram);
    tcase_add_test(tc, queue_num_invalid);
    tcase_add_test(tc, notify_before_driver_ok);
    tcase_add_test(tc, no_interrupt_flag);
    tcase_add_test(tc, irq_redriven_per_completion);
    tcase_add_test(tc, reset_clears_transport);
    tcase_add_test(tc, fuzz_queue);
    tcase_add_test(tc, fuzz_registers);
    tcase_add_test(tc, snapshot_leaves_file);
    tcase_add_test(tc, readonly_refuses_writes);
    tcase_add_test(tc, image_at_offset);
    tcase_add_test(tc, memory_only_disk);
    tcase_add_test(tc, image_shrunk_underneath);
    tcase_add_test(tc, open_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vblk_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
