/*
 * fuzz_hart.c - the decoder and executor on arbitrary instruction words.
 *
 * The input's first 16 bytes choose the hart's state (privilege, mstatus
 * bits, delegation, paging on or off, frm); the rest is copied into RAM,
 * where the pc, the trap vectors and a page table all point, and the hart
 * steps through it. After every step the architectural invariants must
 * hold: x0 reads zero, the pc is 2-byte aligned, the privilege is U, S
 * or M, and every trap taken has a cause the privileged spec defines and
 * goes where delegation says.
 */
#include "fuzz_common.h"

#include "csr.h"
#include "riscv.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (8ULL << 10)
#define STEPS 256

static struct fuzz_cpu *cpu;

/* Exception causes this hart can raise (priv spec table 3.6): not 10
 * (reserved), not 14 (reserved), not 16+ (no hypervisor, no custom). */
static bool exception_ok(uint64_t cause)
{
    return cause <= 15 && cause != 10 && cause != 14;
}

/* Interrupts: software, timer, external at S and M. */
static bool interrupt_ok(uint64_t code)
{
    return code == 1 || code == 3 || code == 5 || code == 7 || code == 9 || code == 11;
}

static void check_cause(uint64_t cause, const char *which)
{
    bool irq = cause >> 63;
    uint64_t code = cause & ~(1ULL << 63);
    FUZZ_ASSERT(irq ? interrupt_ok(code) : exception_ok(code), "%s = 0x%llx", which,
                (unsigned long long)cause);
}

/* Every trap the hart takes: a cause the spec defines, and a target
 * privilege that delegation allows (S only for delegated causes taken
 * from S or U; M never delegates to a lower level). mcause/scause
 * themselves are not checked after each step: software may write them
 * (WLRL), so junk there is the guest's own. */
static void on_trap(struct hart *h, uint64_t cause, uint64_t tval, uint64_t epc,
                    enum priv from, enum priv to)
{
    (void)tval;
    (void)epc;
    check_cause(cause, "trap cause");
    FUZZ_ASSERT(to == PRV_M || to == PRV_S, "trap into privilege %d", (int)to);
    FUZZ_ASSERT(to >= from, "trap from %d down to %d", (int)from, (int)to);
    bool irq = cause >> 63;
    uint64_t deleg = irq ? h->mideleg : h->medeleg;
    if (to == PRV_S)
        FUZZ_ASSERT((deleg >> (cause & 63)) & 1, "undelegated cause 0x%llx taken in S",
                    (unsigned long long)cause);
}

static uint64_t take64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cpu)
        cpu = fuzz_cpu_new(RAM_BASE, RAM_SIZE);
    if (size < 16)
        return 0;
    struct hart *h = &cpu->h;
    uint8_t *ram = bus_ram_ptr(cpu->bus, RAM_BASE, RAM_SIZE);
    size_t body = size - 16 < RAM_SIZE ? size - 16 : RAM_SIZE;
    memset(ram, 0, RAM_SIZE);
    memcpy(ram, data + 16, body);
    bus_ram_written(cpu->bus, RAM_BASE, RAM_SIZE);
    dcache_flush_all(cpu->dc);

    uint64_t s0 = take64(data), s1 = take64(data + 8);
    hart_init(h, 0, cpu->bus, cpu->dc, &cpu->tb, RAM_BASE + ((s1 >> 32) & 0xfffe) % RAM_SIZE);
    static const enum priv privs[4] = { PRV_U, PRV_S, PRV_M, PRV_M };
    /* Through the CSR file, so WARL fields (MPP never 2) stay legal as
     * they would for a guest that wrote them. */
    uint64_t ms = h->mstatus | (s0 & (MSTATUS_SUM | MSTATUS_MXR | MSTATUS_MPRV | MSTATUS_MIE |
                                      MSTATUS_SIE | MSTATUS_MPP | MSTATUS_SPP | MSTATUS_TVM |
                                      MSTATUS_TW | MSTATUS_TSR));
    if (s0 & 4)
        ms |= MSTATUS_FS;
    csr_write(h, CSR_MSTATUS, ms);
    csr_write(h, CSR_FRM, (s0 >> 40) & 7);
    csr_write(h, CSR_MEDELEG, s1 & 0xb3ff);
    csr_write(h, CSR_MIDELEG, (s1 >> 16) & 0x222);
    csr_write(h, CSR_MIE, (s0 >> 48) & 0xaaa);
    csr_write(h, CSR_MTVEC, RAM_BASE + 0x100 + ((s0 >> 56) & 1));   /* vectored or direct */
    csr_write(h, CSR_STVEC, RAM_BASE + 0x200);
    if (s0 & 8)   /* Sv39 with its root somewhere in the input */
        csr_write(h, CSR_SATP, (8ULL << 60) | ((RAM_BASE + ((s1 >> 24) & 0xf000) % RAM_SIZE) >> 12));
    h->priv = privs[s0 & 3];
    h->trap_hook = on_trap;
    hart_context_changed(h);

    for (unsigned k = 0; k < STEPS && h->state == HART_RUNNING; k++) {
        hart_step(h);
        FUZZ_ASSERT(h->x[0] == 0, "x0 = 0x%llx", (unsigned long long)h->x[0]);
        FUZZ_ASSERT((h->pc & 1) == 0, "pc = 0x%llx", (unsigned long long)h->pc);
        FUZZ_ASSERT(h->priv == PRV_U || h->priv == PRV_S || h->priv == PRV_M, "priv = %d",
                    (int)h->priv);
        FUZZ_ASSERT(h->frm <= 7 && (h->fflags & ~0x1fu) == 0, "fcsr");
    }
    return 0;
}
