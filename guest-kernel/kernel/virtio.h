/*
 * virtio.h - the virtio-mmio transport (modern, version 2) and the block
 * device's requests, as the VIRTIO 1.1 specification defines them.
 */
#ifndef GK_VIRTIO_H
#define GK_VIRTIO_H
#include "types.h"

/* Register offsets from the device's base address (spec 4.2.2). */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000   /* 0x74726976, "virt" */
#define VIRTIO_MMIO_VERSION             0x004   /* 2 = modern */
#define VIRTIO_MMIO_DEVICE_ID           0x008   /* 2 = block device */
#define VIRTIO_MMIO_VENDOR_ID           0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_READY         0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090   /* the available ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0   /* the used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4

#define VIRTIO_MAGIC      0x74726976
#define VIRTIO_ID_BLOCK   2

/* Device status bits (spec 2.1), set in this order during start-up. */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER      2
#define VIRTIO_STATUS_DRIVER_OK   4
#define VIRTIO_STATUS_FEATURES_OK 8

/* Feature bit numbers. */
#define VIRTIO_BLK_F_SIZE_MAX        1
#define VIRTIO_BLK_F_SEG_MAX         2
#define VIRTIO_BLK_F_GEOMETRY        4
#define VIRTIO_BLK_F_RO              5   /* refused: we write */
#define VIRTIO_BLK_F_BLK_SIZE        6
#define VIRTIO_BLK_F_SCSI            7   /* refused */
#define VIRTIO_BLK_F_FLUSH           9   /* refused: see virtio_disk.c */
#define VIRTIO_BLK_F_TOPOLOGY       10
#define VIRTIO_BLK_F_CONFIG_WCE     11   /* refused */
#define VIRTIO_BLK_F_MQ             12   /* refused: one queue */
#define VIRTIO_F_ANY_LAYOUT         27   /* refused */
#define VIRTIO_RING_F_INDIRECT_DESC 28   /* refused */
#define VIRTIO_RING_F_EVENT_IDX     29   /* refused */
#define VIRTIO_F_VERSION_1          32   /* required by a modern device */

#define VIRTIO_INT_USED_RING 0x1   /* InterruptStatus: used buffers */
#define VIRTIO_INT_CONFIG    0x2   /* InterruptStatus: config change */

/* Descriptors in our single queue. A request takes three. */
#define NUM 8

/* Split virtqueue (spec 2.6). */
struct virtq_desc {
    uint64 addr;
    uint32 len;
    uint16 flags;
    uint16 next;
};
#define VRING_DESC_F_NEXT  1   /* chained to .next                    */
#define VRING_DESC_F_WRITE 2   /* the device writes this buffer       */

struct virtq_avail {
    uint16 flags;
    uint16 idx;         /* where the driver puts the next entry    */
    uint16 ring[NUM];   /* chain heads                             */
    uint16 unused;
};

struct virtq_used_elem {
    uint32 id;          /* chain head                              */
    uint32 len;         /* bytes the device wrote                  */
};

struct virtq_used {
    uint16 flags;
    uint16 idx;         /* where the device puts the next entry    */
    struct virtq_used_elem ring[NUM];
};

/* Block request header (spec 5.2.6), the first descriptor of a chain. */
#define VIRTIO_BLK_T_IN  0   /* read from the disk */
#define VIRTIO_BLK_T_OUT 1   /* write to the disk  */
struct virtio_blk_req {
    uint32 type;
    uint32 reserved;
    uint64 sector;
};
#endif
