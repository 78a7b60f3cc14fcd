/*
 * testdev.h - the SiFive test/poweroff device ("sifive,test0", QEMU virt at
 * 0x100000): a 32-bit write of 0x5555 powers off with success,
 * (code << 16) | 0x3333 powers off with failure code, 0x7777 resets.
 */
#ifndef RVEMU_TESTDEV_H
#define RVEMU_TESTDEV_H

#include <stdint.h>

#include "bus.h"

#define TESTDEV_SIZE 0x1000

enum testdev_event { TESTDEV_PASS, TESTDEV_FAIL, TESTDEV_RESET };

struct testdev;

/* on_event is called with the event and, for TESTDEV_FAIL, the code. */
struct testdev *testdev_new(void (*on_event)(void *ctx, enum testdev_event ev, unsigned code),
                            void *ctx);
void testdev_free(struct testdev *t);
const struct dev_ops *testdev_ops(void);

#endif
