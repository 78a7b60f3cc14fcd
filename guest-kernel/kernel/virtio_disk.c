/*
 * virtio_disk.c - driver for the virtio-mmio block device at VIRTIO0
 * (modern interface, version 2).
 *
 * One queue of NUM descriptors in three pages: the descriptor table, the
 * available ring (driver -> device) and the used ring (device ->
 * driver). Each request is a chain of three descriptors: header, data
 * block, status byte. The requesting process sleeps until the completion
 * interrupt, which may be taken on any hart, so all state is under
 * disk.lock.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "fs.h"
#include "buf.h"
#include "virtio.h"
#include "defs.h"

static volatile uint32 *reg(int r) { return (volatile uint32 *)(VIRTIO0 + r); }
static uint32 vread(int r) { return *reg(r); }
static void vwrite(int r, uint32 v) { *reg(r) = v; }

/* Features we understand and take when offered. The rest is refused:
 * RO, SCSI, CONFIG_WCE, MQ, ANY_LAYOUT, EVENT_IDX, INDIRECT_DESC, and
 * FLUSH, whose absence asks the device for write-through, so a block is
 * on disk when its request completes (the log's commit relies on it). */
#define WANTED_FEATURES ((1ULL << VIRTIO_BLK_F_SIZE_MAX) | (1ULL << VIRTIO_BLK_F_SEG_MAX) | \
                         (1ULL << VIRTIO_BLK_F_GEOMETRY) | (1ULL << VIRTIO_BLK_F_BLK_SIZE) | \
                         (1ULL << VIRTIO_BLK_F_TOPOLOGY) | (1ULL << VIRTIO_F_VERSION_1))

#define DEVICE_NEEDS_RESET 0x40   /* device status: it gave up on us */

static struct disk {
    struct virtq_desc *desc;
    struct virtq_avail *avail;
    struct virtq_used *used;

    char free[NUM];          /* descriptor i is unused                  */
    uint16 used_seen;        /* used ring entries already handled       */

    /* Per request, indexed by the chain's first descriptor. */
    struct {
        struct buf *b;
        char status;         /* written by the device; 0 = success      */
    } info[NUM];
    struct virtio_blk_req req[NUM];

    struct spinlock lock;
} disk;

static void check_device(void)
{
    if (vread(VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MAGIC)
        panic("virtio disk: no virtio-mmio device at VIRTIO0");
    uint32 version = vread(VIRTIO_MMIO_VERSION);
    if (version == 1)
        panic("virtio disk must be version 2 (use -global virtio-mmio.force-legacy=false)");
    if (version != 2)
        panic("virtio disk: unknown virtio-mmio version");
    if (vread(VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK)
        panic("virtio disk: no block device at VIRTIO0 (is a disk attached?)");
}

/* Agree on features; returns with FEATURES_OK set in *status. */
static void negotiate(uint32 *status)
{
    vwrite(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    uint64 offered = vread(VIRTIO_MMIO_DEVICE_FEATURES);
    vwrite(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    offered |= (uint64)vread(VIRTIO_MMIO_DEVICE_FEATURES) << 32;
    if (!(offered & (1ULL << VIRTIO_F_VERSION_1)))
        panic("virtio disk: device does not offer VIRTIO_F_VERSION_1");

    uint64 taken = offered & WANTED_FEATURES;
    vwrite(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    vwrite(VIRTIO_MMIO_DRIVER_FEATURES, (uint32)taken);
    vwrite(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    vwrite(VIRTIO_MMIO_DRIVER_FEATURES, (uint32)(taken >> 32));

    *status |= VIRTIO_STATUS_FEATURES_OK;
    vwrite(VIRTIO_MMIO_STATUS, *status);
    /* The device clears the bit again if it cannot live with our choice. */
    if (!(vread(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK))
        panic("virtio disk: device refused our features");
}

static void *zeroed_page(void)
{
    void *p = kalloc();
    if (p == 0)
        panic("virtio disk: out of memory");
    memset(p, 0, PGSIZE);
    return p;
}

static void setup_queue(void)
{
    vwrite(VIRTIO_MMIO_QUEUE_SEL, 0);
    if (vread(VIRTIO_MMIO_QUEUE_READY))
        panic("virtio disk: queue 0 already in use");
    uint32 max = vread(VIRTIO_MMIO_QUEUE_NUM_MAX);
    if (max == 0)
        panic("virtio disk: device has no queue 0");
    if (max < NUM)
        panic("virtio disk: queue 0 is too short");

    disk.desc = zeroed_page();
    disk.avail = zeroed_page();
    disk.used = zeroed_page();

    vwrite(VIRTIO_MMIO_QUEUE_NUM, NUM);
    vwrite(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint64)disk.desc);
    vwrite(VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint64)disk.desc >> 32);
    vwrite(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint64)disk.avail);
    vwrite(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint64)disk.avail >> 32);
    vwrite(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint64)disk.used);
    vwrite(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint64)disk.used >> 32);
    vwrite(VIRTIO_MMIO_QUEUE_READY, 1);

    for (int i = 0; i < NUM; i++)
        disk.free[i] = 1;
}

void virtio_disk_init(void)
{
    uint32 status = 0;

    initlock(&disk.lock, "virtio_disk");
    check_device();

    vwrite(VIRTIO_MMIO_STATUS, 0);                /* reset */
    status |= VIRTIO_STATUS_ACKNOWLEDGE;
    vwrite(VIRTIO_MMIO_STATUS, status);
    status |= VIRTIO_STATUS_DRIVER;
    vwrite(VIRTIO_MMIO_STATUS, status);

    negotiate(&status);
    setup_queue();

    status |= VIRTIO_STATUS_DRIVER_OK;
    vwrite(VIRTIO_MMIO_STATUS, status);
}

/* Take one free descriptor, or -1. */
static int alloc_desc(void)
{
    for (int i = 0; i < NUM; i++) {
        if (disk.free[i]) {
            disk.free[i] = 0;
            return i;
        }
    }
    return -1;
}

static void free_desc(int i)
{
    if (i < 0 || i >= NUM)
        panic("virtio disk: free_desc index");
    if (disk.free[i])
        panic("virtio disk: free_desc twice");
    disk.desc[i].addr = 0;
    disk.desc[i].len = 0;
    disk.desc[i].flags = 0;
    disk.desc[i].next = 0;
    disk.free[i] = 1;
    wakeup(&disk.free[0]);   /* someone may wait for descriptors */
}

static void free_chain(int i)
{
    for (;;) {
        int flags = disk.desc[i].flags;
        int next = disk.desc[i].next;
        free_desc(i);
        if (!(flags & VRING_DESC_F_NEXT))
            break;
        i = next;
    }
}

/* Three descriptors or none: 0 on success, -1 if not enough are free. */
static int alloc3_desc(int *idx)
{
    for (int i = 0; i < 3; i++) {
        idx[i] = alloc_desc();
        if (idx[i] < 0) {
            for (int j = 0; j < i; j++)
                free_desc(idx[j]);
            return -1;
        }
    }
    return 0;
}

void virtio_disk_rw(struct buf *b, int write)
{
    uint64 sector = (uint64)b->blockno * (BSIZE / 512);
    int idx[3];

    acquire(&disk.lock);
    while (alloc3_desc(idx) != 0)
        sleep(&disk.free[0], &disk.lock);

    struct virtio_blk_req *req = &disk.req[idx[0]];
    req->type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
    req->reserved = 0;
    req->sector = sector;

    disk.desc[idx[0]].addr = (uint64)req;
    disk.desc[idx[0]].len = sizeof(*req);
    disk.desc[idx[0]].flags = VRING_DESC_F_NEXT;
    disk.desc[idx[0]].next = idx[1];

    disk.desc[idx[1]].addr = (uint64)b->data;
    disk.desc[idx[1]].len = BSIZE;
    disk.desc[idx[1]].flags = (write ? 0 : VRING_DESC_F_WRITE) | VRING_DESC_F_NEXT;
    disk.desc[idx[1]].next = idx[2];

    disk.info[idx[0]].status = 0xff;   /* the device overwrites it with 0 */
    disk.desc[idx[2]].addr = (uint64)&disk.info[idx[0]].status;
    disk.desc[idx[2]].len = 1;
    disk.desc[idx[2]].flags = VRING_DESC_F_WRITE;
    disk.desc[idx[2]].next = 0;

    b->disk = 1;
    disk.info[idx[0]].b = b;

    /* The chain must be complete before the device can see its head, and
     * the head must be in the ring before the index that publishes it. */
    disk.avail->ring[disk.avail->idx % NUM] = idx[0];
    __sync_synchronize();
    disk.avail->idx += 1;
    __sync_synchronize();
    vwrite(VIRTIO_MMIO_QUEUE_NOTIFY, 0);

    while (b->disk == 1)
        sleep(b, &disk.lock);

    disk.info[idx[0]].b = 0;
    free_chain(idx[0]);
    release(&disk.lock);
}

void virtio_disk_intr(void)
{
    acquire(&disk.lock);

    /* Acknowledge first: a completion that lands after this raises a new
     * interrupt instead of being lost. */
    uint32 isr = vread(VIRTIO_MMIO_INTERRUPT_STATUS) & (VIRTIO_INT_USED_RING | VIRTIO_INT_CONFIG);
    vwrite(VIRTIO_MMIO_INTERRUPT_ACK, isr);
    if ((isr & VIRTIO_INT_CONFIG) && (vread(VIRTIO_MMIO_STATUS) & DEVICE_NEEDS_RESET))
        panic("virtio disk: device needs reset (a malformed request?)");
    __sync_synchronize();

    /* The device advances used->idx; read it fresh each time round. */
    while (disk.used_seen != *(volatile uint16 *)&disk.used->idx) {
        __sync_synchronize();   /* the entry is read after the index */
        uint32 id = disk.used->ring[disk.used_seen % NUM].id;
        if (id >= NUM || disk.info[id].b == 0)
            panic("virtio disk: bogus used ring entry");
        if (disk.info[id].status != 0)
            panic("virtio disk: request failed");

        struct buf *b = disk.info[id].b;
        b->disk = 0;   /* the request is done with the buffer */
        wakeup(b);
        disk.used_seen++;
    }

    release(&disk.lock);
}
