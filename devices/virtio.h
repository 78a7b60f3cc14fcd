/*
 * virtio.h - virtio constants shared by virtio-mmio devices, named as in
 * the Virtual I/O Device (VIRTIO) Version 1.1 specification.
 */
#ifndef RVEMU_VIRTIO_H
#define RVEMU_VIRTIO_H

/* virtio-mmio register offsets (spec 4.2.2; legacy-only ones from 4.2.4). */
#define VIRTIO_MMIO_MAGIC_VALUE         0x000  /* "virt" */
#define VIRTIO_MMIO_VERSION             0x004  /* 1 = legacy, 2 = modern */
#define VIRTIO_MMIO_DEVICE_ID           0x008
#define VIRTIO_MMIO_VENDOR_ID           0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES     0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES     0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE     0x028  /* legacy */
#define VIRTIO_MMIO_QUEUE_SEL           0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX       0x034
#define VIRTIO_MMIO_QUEUE_NUM           0x038
#define VIRTIO_MMIO_QUEUE_ALIGN         0x03c  /* legacy */
#define VIRTIO_MMIO_QUEUE_PFN           0x040  /* legacy */
#define VIRTIO_MMIO_QUEUE_READY         0x044  /* modern */
#define VIRTIO_MMIO_QUEUE_NOTIFY        0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS    0x060
#define VIRTIO_MMIO_INTERRUPT_ACK       0x064
#define VIRTIO_MMIO_STATUS              0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW      0x080  /* modern */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH     0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW    0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH   0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW    0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH   0x0a4
#define VIRTIO_MMIO_SHM_SEL             0x0ac
#define VIRTIO_MMIO_SHM_LEN_LOW         0x0b0
#define VIRTIO_MMIO_SHM_LEN_HIGH        0x0b4
#define VIRTIO_MMIO_SHM_BASE_LOW        0x0b8
#define VIRTIO_MMIO_SHM_BASE_HIGH       0x0bc
#define VIRTIO_MMIO_CONFIG_GENERATION   0x0fc
#define VIRTIO_MMIO_CONFIG              0x100  /* device-specific config */

#define VIRTIO_MMIO_MAGIC               0x74726976
#define VIRTIO_VENDOR_QEMU              0x554d4551

/* InterruptStatus bits */
#define VIRTIO_MMIO_INT_VRING           0x1    /* used buffer notification */
#define VIRTIO_MMIO_INT_CONFIG          0x2    /* configuration change    */

/* Device status (spec 2.1) */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE        0x01
#define VIRTIO_CONFIG_S_DRIVER             0x02
#define VIRTIO_CONFIG_S_DRIVER_OK          0x04
#define VIRTIO_CONFIG_S_FEATURES_OK        0x08
#define VIRTIO_CONFIG_S_DEVICE_NEEDS_RESET 0x40
#define VIRTIO_CONFIG_S_FAILED             0x80

/* Reserved feature bits (spec 6) */
#define VIRTIO_F_ANY_LAYOUT             27     /* legacy */
#define VIRTIO_RING_F_INDIRECT_DESC     28
#define VIRTIO_RING_F_EVENT_IDX         29
#define VIRTIO_F_VERSION_1              32

/* Split virtqueue (spec 2.6) */
#define VIRTQ_DESC_SIZE                 16     /* addr u64, len u32, flags u16, next u16 */
#define VIRTQ_DESC_F_NEXT               1
#define VIRTQ_DESC_F_WRITE              2
#define VIRTQ_DESC_F_INDIRECT           4
#define VIRTQ_AVAIL_F_NO_INTERRUPT      1
#define VIRTQ_USED_ELEM_SIZE            8      /* id u32, len u32 */
#define VIRTQ_RING_HDR                  4      /* flags u16, idx u16 */
#define VIRTQ_LEGACY_ALIGN              4096   /* QueueAlign default */

/* virtio-blk (spec 5.2) */
#define VIRTIO_ID_BLOCK                 2
#define VIRTIO_BLK_F_SIZE_MAX           1
#define VIRTIO_BLK_F_SEG_MAX            2
#define VIRTIO_BLK_F_GEOMETRY           4
#define VIRTIO_BLK_F_RO                 5
#define VIRTIO_BLK_F_BLK_SIZE           6
#define VIRTIO_BLK_F_FLUSH              9

#define VIRTIO_BLK_T_IN                 0
#define VIRTIO_BLK_T_OUT                1
#define VIRTIO_BLK_T_FLUSH              4
#define VIRTIO_BLK_T_GET_ID             8

#define VIRTIO_BLK_S_OK                 0
#define VIRTIO_BLK_S_IOERR              1
#define VIRTIO_BLK_S_UNSUPP             2

#define VIRTIO_BLK_SECTOR_SIZE          512
#define VIRTIO_BLK_ID_BYTES             20
#define VIRTIO_BLK_OUTHDR_SIZE          16     /* type u32, reserved u32, sector u64 */

/* struct virtio_blk_config field offsets within the config space */
#define VIRTIO_BLK_CFG_CAPACITY         0x00   /* u64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX         0x08   /* u32 */
#define VIRTIO_BLK_CFG_SEG_MAX          0x0c   /* u32 */
#define VIRTIO_BLK_CFG_GEOMETRY         0x10   /* u16 cyl, u8 heads, u8 sectors */
#define VIRTIO_BLK_CFG_BLK_SIZE         0x14   /* u32 */
#define VIRTIO_BLK_CFG_SIZE             0x24   /* through num_queues */

#endif
