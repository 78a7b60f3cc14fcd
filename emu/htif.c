/*
 * htif.c - the host-target interface of Spike and the official riscv-tests:
 * the guest writes a command to the `tohost` symbol and the emulator acts
 * (COMPAT-NOTES "Bare-metal test programs").
 *
 *   tohost = | device 63..56 | command 55..48 | payload 47..0 |
 *   device 0, payload bit 0 set:   exit with status payload >> 1
 *   device 0, payload bit 0 clear: syscall block at payload (write, exit)
 *   device 1, command 1:           print the low byte on the console
 *
 * The value may be written as one 64-bit store or as two 32-bit stores,
 * low word first; it is acted on once the high word has been written.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "machine.h"

#define HTIF_DEV_SYSCALL 0
#define HTIF_DEV_CONSOLE 1
#define HTIF_CMD_PUTCHAR 1
#define HTIF_SYS_WRITE 64
#define HTIF_SYS_EXIT 93
#define HTIF_SYSCALL_WORDS 8

static uint64_t ram_load64(struct machine *m, uint64_t pa)
{
    uint64_t v = 0;
    const uint8_t *p = bus_ram_ptr(m->bus, pa, 8);
    if (p)
        memcpy(&v, p, 8);
    return v;
}

/* Direct stores: the page is watched, and these must not re-enter us. */
static void ram_store64(struct machine *m, uint64_t pa, uint64_t v)
{
    uint8_t *p = bus_ram_ptr(m->bus, pa, 8);
    if (p)
        memcpy(p, &v, 8);
}

static void acknowledge(struct machine *m, uint64_t response)
{
    ram_store64(m, m->tohost, 0);
    if (m->fromhost)
        ram_store64(m, m->fromhost, response);
}

/* The pk-style syscall block: magic[0] = number, magic[1..] = arguments;
 * the result goes back in magic[0]. */
static void htif_syscall(struct machine *m, uint64_t block)
{
    uint64_t a[HTIF_SYSCALL_WORDS];
    const uint8_t *p = bus_ram_ptr(m->bus, block, sizeof(a));
    if (!p) {
        fprintf(stderr, "rvemu: HTIF syscall block 0x%llx is outside RAM\n",
                (unsigned long long)block);
        machine_request_exit(m, 1);
        return;
    }
    memcpy(a, p, sizeof(a));
    int64_t ret = -1;
    if (a[0] == HTIF_SYS_WRITE && (a[1] == 1 || a[1] == 2)) {
        const uint8_t *buf = bus_ram_ptr(m->bus, a[2], a[3]);
        if (buf) {
            fwrite(buf, 1, a[3], a[1] == 1 ? stdout : stderr);
            fflush(a[1] == 1 ? stdout : stderr);
            ret = (int64_t)a[3];
        }
    } else if (a[0] == HTIF_SYS_EXIT) {
        machine_request_exit(m, (int)a[1]);
        return;
    }
    ram_store64(m, block, (uint64_t)ret);
    acknowledge(m, 1);
}

void htif_written(struct machine *m, uint64_t pa, uint64_t len)
{
    if (!m->has_tohost || pa + len <= m->tohost + 4 || pa >= m->tohost + 8)
        return;   /* not the high word of tohost: the value is incomplete */
    uint64_t v = ram_load64(m, m->tohost);
    if (v == 0)
        return;
    unsigned dev = (unsigned)(v >> 56), cmd = (unsigned)(v >> 48) & 0xff;
    uint64_t payload = v & ((1ULL << 48) - 1);
    if (dev == HTIF_DEV_SYSCALL && cmd == 0) {
        if (payload & 1)
            machine_request_exit(m, (int)(payload >> 1));
        else
            htif_syscall(m, payload);
    } else if (dev == HTIF_DEV_CONSOLE && cmd == HTIF_CMD_PUTCHAR) {
        fputc((int)(payload & 0xff), stdout);
        fflush(stdout);
        acknowledge(m, v);
    } else {
        acknowledge(m, 0);   /* unknown device: answer so the guest goes on */
    }
}
