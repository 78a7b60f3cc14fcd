/*
 * hart.h - one RISC-V hart: registers, CSR state, TLB, and the step loop.
 *
 * Everything the hart needs from outside comes through struct bus (memory
 * and devices), struct timebase (mtime) and struct dcache (decoded code);
 * the hart never includes a device header. Interrupt lines from devices
 * land in mip_hw through hart_set_irq().
 */
#ifndef RVEMU_HART_H
#define RVEMU_HART_H

#include <stdbool.h>
#include <stdint.h>

#include "insn.h"
#include "riscv.h"
#include "../mmu/bus.h"
#include "../mmu/tlb.h"

struct dcache;
struct timebase;
struct trace;
struct walk_record;

/*
 * Result of executing an instruction or an access. EXC_NONE is zero; an
 * architectural exception is its cause code plus one (see exc_from_cause),
 * so "if (exc)" tests for any of them. EXC_STOP is not a trap: it leaves
 * the step loop with the instruction retired (wfi, emulator stop request).
 */
enum exc {
    EXC_NONE = 0,
#define EXC_FROM(cause) ((cause) + 1)
    EXC_MISALIGNED_FETCH    = EXC_FROM(CAUSE_MISALIGNED_FETCH),
    EXC_FETCH_ACCESS        = EXC_FROM(CAUSE_FETCH_ACCESS),
    EXC_ILLEGAL_INSTRUCTION = EXC_FROM(CAUSE_ILLEGAL_INSTRUCTION),
    EXC_BREAKPOINT          = EXC_FROM(CAUSE_BREAKPOINT),
    EXC_MISALIGNED_LOAD     = EXC_FROM(CAUSE_MISALIGNED_LOAD),
    EXC_LOAD_ACCESS         = EXC_FROM(CAUSE_LOAD_ACCESS),
    EXC_MISALIGNED_STORE    = EXC_FROM(CAUSE_MISALIGNED_STORE),
    EXC_STORE_ACCESS        = EXC_FROM(CAUSE_STORE_ACCESS),
    EXC_USER_ECALL          = EXC_FROM(CAUSE_USER_ECALL),
    EXC_SUPERVISOR_ECALL    = EXC_FROM(CAUSE_SUPERVISOR_ECALL),
    EXC_MACHINE_ECALL       = EXC_FROM(CAUSE_MACHINE_ECALL),
    EXC_FETCH_PAGE_FAULT    = EXC_FROM(CAUSE_FETCH_PAGE_FAULT),
    EXC_LOAD_PAGE_FAULT     = EXC_FROM(CAUSE_LOAD_PAGE_FAULT),
    EXC_STORE_PAGE_FAULT    = EXC_FROM(CAUSE_STORE_PAGE_FAULT),
#undef EXC_FROM
    EXC_STOP = 64,
};

static inline enum exc exc_from_cause(uint64_t cause) { return (enum exc)(cause + 1); }
static inline uint64_t exc_cause(enum exc e) { return (uint64_t)e - 1; }

/* Why the hart is not running instructions. */
enum hart_state {
    HART_RUNNING,
    HART_WFI,       /* parked in wfi until an interrupt is pending */
    HART_STOPPED,   /* halted by the debugger or powered off       */
};

struct hart {
    /* Architectural state, hot. */
    uint64_t x[32];
    uint64_t pc;
    uint64_t npc;           /* next pc, set by the step loop before exec */
    enum priv priv;
    uint64_t instret;       /* retired instructions (minstret)           */
    struct tlb tlb;
    struct bus *bus;
    struct dcache *dcache;
    struct timebase *tb;
    struct trace *trace;    /* NULL when tracing is off                  */

    uint64_t f[32];         /* FP registers; singles are NaN-boxed       */
    uint32_t fflags;
    uint32_t frm;

    /* Machine-level CSRs. */
    uint64_t mhartid;
    uint64_t mstatus;       /* sstatus is a view of this                 */
    uint64_t misa;
    uint64_t medeleg, mideleg;
    uint64_t mie;
    uint64_t mip;           /* software-writable bits only               */
    uint64_t mip_hw;        /* lines driven by devices: MEIP, SEIP, MTIP, MSIP */
    uint64_t mtvec, mepc, mcause, mtval, mscratch;
    uint64_t mcounteren, menvcfg;
    uint64_t mcycle_offset; /* mcycle = instret + mcycle_offset          */
    uint64_t minstret_offset; /* minstret = instret + minstret_offset    */
    uint8_t  pmpcfg[64];
    uint64_t pmpaddr[64];

    /* Supervisor-level CSRs. */
    uint64_t stvec, sepc, scause, stval, sscratch;
    uint64_t scounteren, senvcfg;
    uint64_t stimecmp;
    uint64_t satp;

    /* LR/SC reservation: a physical address, or RESV_NONE. */
    uint64_t resv_pa;
    unsigned resv_size;

    /* Step-loop bookkeeping. */
    enum hart_state state;
    bool     end_slice;      /* leave the slice: interrupt state changed  */
    uint64_t slice_start;    /* instret when the current slice began      */
    uint64_t exc_tval;       /* tval of the exception being returned      */
    struct insn scratch_insn; /* decoded insn that could not be cached    */

    /* Instruction trace (--trace=insn). */
    bool     trace_insn;
    void   (*insn_hook)(struct hart *h, const struct insn *i, uint64_t pc);
    void    *insn_hook_ctx;

    /* Called on every trap taken, for the trace core; may be NULL. */
    void   (*trap_hook)(struct hart *h, uint64_t cause, uint64_t tval,
                        uint64_t epc, enum priv from, enum priv to);
    void    *trap_hook_ctx;

    /* Called on every failed translation (page or access fault), with
     * the walk record, for the trace and the debugger; may be NULL. */
    void   (*fault_hook)(struct hart *h, uint64_t va, int access, enum exc e,
                         const struct walk_record *rec);
    void    *fault_hook_ctx;

    /* Called on satp writes (what = HART_MMU_SATP: a = new, b = old) and
     * sfence.vma (HART_MMU_SFENCE: a = vaddr or ~0, b = asid or ~0), for
     * the trace; may be NULL. */
    void   (*mmu_hook)(struct hart *h, int what, uint64_t a, uint64_t b);
    void    *mmu_hook_ctx;

    /* Called when an LR takes a reservation so the machine can watch the
     * page for other harts' stores. */
    void   (*resv_hook)(struct hart *h, uint64_t pa);
    void    *resv_hook_ctx;

    /* The debugger (debug.c). While dbg_nbreaks != 0 the step loop looks
     * for pc in dbg_breaks[] before each instruction and calls break_hook
     * on a match (except once at dbg_skip_pc, the breakpoint a resume
     * starts from). While watch_hook is set the MMU slow path asks it
     * about every load and store (access = enum access); it returns true
     * for pages that must stay out of the TLB so the hook keeps seeing
     * their accesses. */
    unsigned dbg_nbreaks;
    const uint64_t *dbg_breaks;
    uint64_t dbg_skip_pc;
    void   (*break_hook)(struct hart *h);
    bool   (*watch_hook)(struct hart *h, uint64_t va, unsigned size, int access);
    void    *dbg_ctx;
};

#define RESV_NONE (~(uint64_t)0)

enum { HART_MMU_SATP, HART_MMU_SFENCE };

/* Initialise h for hart number id on bus b with reset state (M-mode,
 * pc = reset_pc). */
void hart_init(struct hart *h, unsigned id, struct bus *b, struct dcache *dc,
               struct timebase *tb, uint64_t reset_pc);

/* Run up to max_insns instructions (retired or trapped). Returns the
 * number executed; stops early on wfi, end_slice or a stop request. */
uint64_t hart_run(struct hart *h, uint64_t max_insns);

/* Execute exactly one instruction (or take one pending interrupt). */
void hart_step(struct hart *h);

/* Set or clear a device-driven interrupt line (MIP_MEIP, MIP_SEIP, ...). */
void hart_set_irq(struct hart *h, uint64_t mip_bit, bool level);

/* The mip value software sees: software bits, device lines, Sstc timer. */
uint64_t hart_mip(struct hart *h);

/* An interrupt that is pending and enabled for the current privilege, as
 * the cause number, or -1. */
int hart_pending_interrupt(struct hart *h);

/* True when some interrupt is pending and enabled in mie, regardless of
 * the global enables (the condition that ends wfi). */
bool hart_wakeup_pending(struct hart *h);

/* Take the trap: cause (CAUSE_INTERRUPT set for interrupts), tval, at the
 * current pc; follows medeleg/mideleg. */
void trap_take(struct hart *h, uint64_t cause, uint64_t tval);

/* Current mtime (from the timebase, counting this hart's progress). */
uint64_t hart_time(struct hart *h);

/* The translation context (priv, satp, SUM/MXR/MPRV/MPP) may have changed:
 * make the TLB set of the current one current (mmu/tlb.h). */
void hart_context_changed(struct hart *h);

/* FP state: legal only when mstatus.FS != Off; marks FS dirty. */
static inline bool hart_fp_enabled(const struct hart *h)
{
    return (h->mstatus & MSTATUS_FS) != 0;
}
static inline void hart_fp_dirty(struct hart *h)
{
    h->mstatus |= MSTATUS_FS;
}

#endif
