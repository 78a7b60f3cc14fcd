/*
 * trace_sources.h - the producers of trace records: the harts' trap,
 * fault and MMU hooks and the guest trace device, stamped with the
 * machine's instruction count.
 */
#ifndef RVEMU_TRACE_SOURCES_H
#define RVEMU_TRACE_SOURCES_H

#include <stdint.h>

#include "trace.h"

struct hart;
struct machine;

/* Hook every hart of m to m->trace (only the kinds some sink wants cost
 * anything). Call after the sinks are registered. */
void trace_sources_attach(struct machine *m);

/* The machine-wide retired-instruction count right now (exact inside a
 * hart's slice). */
uint64_t machine_now(const struct machine *m);

/* The hart whose slice is running now, or NULL between slices (device
 * activity outside any hart). */
const struct hart *machine_current_hart(const struct machine *m);

/* Zero r and stamp it: kind, the instruction counts, and hart h (or 0). */
void trace_stamp(const struct machine *m, const struct hart *h, struct trace_rec *r,
                 unsigned kind);

/* The trace device's sink: one kernel event. */
void trace_kernel_event(void *machine, unsigned bank, uint32_t code, const uint64_t args[4]);

/* The pid the kernel announced for the address space with this satp
 * root, or ~0 if unknown. */
uint64_t trace_pid_of_satp(const struct machine *m, uint64_t satp);

#endif
