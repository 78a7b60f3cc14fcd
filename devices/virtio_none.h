/*
 * virtio_none.h - an empty virtio-mmio transport (DeviceID 0). QEMU virt
 * maps all eight slots whether or not a device is plugged in, and firmware
 * probes every one of them, so empty slots must answer.
 */
#ifndef RVEMU_VIRTIO_NONE_H
#define RVEMU_VIRTIO_NONE_H

#include "bus.h"

/* The dev_ops of an empty slot; dev is a pointer to a bool that says
 * whether the transport is legacy (version 1). */
const struct dev_ops *virtio_none_ops(void);

#endif
