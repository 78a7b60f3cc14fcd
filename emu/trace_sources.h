/*
 * trace_sources.h - the producers of trace records: the harts' trap,
 * fault and MMU hooks and the guest trace device, stamped with the
 * machine's instruction count.
 */
#ifndef RVEMU_TRACE_SOURCES_H
#define RVEMU_TRACE_SOURCES_H

#include <stdint.h>

struct machine;

/* Hook every hart of m to m->trace (only the kinds some sink wants cost
 * anything). Call after the sinks are registered. */
void trace_sources_attach(struct machine *m);

/* The machine-wide retired-instruction count right now (exact inside a
 * hart's slice). */
uint64_t machine_now(const struct machine *m);

/* The trace device's sink: one kernel event. */
void trace_kernel_event(void *machine, unsigned bank, uint32_t code, const uint64_t args[4]);

/* The pid the kernel announced for the address space with this satp
 * root, or ~0 if unknown. */
uint64_t trace_pid_of_satp(const struct machine *m, uint64_t satp);

#endif
