/*
 * rom.h - read-only memory on the bus (the boot ROM). Writes are ignored,
 * as QEMU ignores writes to its mask ROM.
 */
#ifndef RVEMU_ROM_H
#define RVEMU_ROM_H

#include <stddef.h>
#include <stdint.h>

#include "bus.h"

struct rom;

/* A ROM of size bytes holding a copy of data (zero-padded). */
struct rom *rom_new(const void *data, size_t len, size_t size);
void rom_free(struct rom *r);
const struct dev_ops *rom_ops(void);

#endif
