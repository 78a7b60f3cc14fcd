/*
 * plic.c - Platform-Level Interrupt Controller (RISC-V PLIC spec 1.0.0),
 * laid out as on QEMU's virt machine.
 *
 *   0x000000 + 4*s          priority of source s (0 = never interrupts)
 *   0x001000 + 4*w          pending bits, sources 32w..32w+31 (read-only)
 *   0x002000 + 0x80*c + 4*w enable bits of context c
 *   0x200000 + 0x1000*c     priority threshold of context c
 *   0x200004 + 0x1000*c     claim (read) / complete (write) of context c
 *
 * Each source's gateway behaves as QEMU's sifive_plic does, which is what
 * kernels built for QEMU virt were tested against:
 *
 *   set(level)       -> pending = level, also while the source is in
 *                       service: a request re-asserted during service is
 *                       latched and delivered after completion
 *   claim            -> pending cleared, source "in service"
 *   complete         -> in service ends; the line is NOT re-sampled
 *
 * Devices drive their line again after every state change (as QEMU's
 * devices call qemu_set_irq), so a device still asserting after any
 * activity is seen again. A line merely left high, with no activity since
 * the claim, is not: xv6 from 2020 to 2022 never acknowledges the
 * 16550's THR-empty interrupt (uartintr does not read IIR) and would take
 * it forever if complete re-sampled the level, as a literal reading of the
 * PLIC spec's level gateway would do (and real hardware does).
 *
 * A context's output is high while some source is pending, enabled for it
 * and of priority above its threshold; claim hands out the highest such
 * priority, ties to the lowest id (QEMU also applies the threshold to the
 * claim). Outputs are re-evaluated after every change and driven only
 * when they change. Only 32-bit accesses are accepted; reserved offsets
 * read 0 and ignore writes.
 */
#include "plic.h"

#include <stdlib.h>

#include "bus.h"

#define PLIC_WORDS ((PLIC_NUM_SOURCES + 31) / 32)

struct plic_context {
    uint32_t enable[PLIC_WORDS];   /* bit per source                  */
    uint32_t threshold;
    bool     out;                  /* level driven on the output line */
    struct irq_line line;
};

struct plic {
    uint32_t priority[PLIC_NUM_SOURCES];
    uint32_t pending[PLIC_WORDS];  /* gateway requests                 */
    uint32_t claimed[PLIC_WORDS];  /* claimed, not yet completed       */
    unsigned nctx;
    struct plic_context ctx[];     /* nctx entries                     */
};

static const struct dev_ops plic_ops;

static bool bit_get(const uint32_t *w, unsigned s)
{
    return (w[s / 32] >> (s % 32)) & 1;
}

static void bit_put(uint32_t *w, unsigned s, bool v)
{
    if (v)
        w[s / 32] |= 1u << (s % 32);
    else
        w[s / 32] &= ~(1u << (s % 32));
}

/* The source context c would get from a claim now, or 0 for none. */
static unsigned plic_best(const struct plic *p, unsigned c)
{
    const struct plic_context *x = &p->ctx[c];
    unsigned best = 0;
    uint32_t best_prio = x->threshold;

    for (unsigned w = 0; w < PLIC_WORDS; w++) {
        uint32_t cand = p->pending[w] & ~p->claimed[w] & x->enable[w];
        while (cand) {
            unsigned s = w * 32 + (unsigned)__builtin_ctz(cand);
            cand &= cand - 1;
            /* Strictly greater: lower ids win ties. */
            if (p->priority[s] > best_prio) {
                best_prio = p->priority[s];
                best = s;
            }
        }
    }
    return best;
}

static void plic_update(struct plic *p)
{
    for (unsigned c = 0; c < p->nctx; c++) {
        bool out = plic_best(p, c) != 0;
        if (out != p->ctx[c].out) {
            p->ctx[c].out = out;
            irq_set(&p->ctx[c].line, out);
        }
    }
}

struct plic *plic_new(unsigned nharts, const struct irq_line *outputs)
{
    if (nharts == 0 || nharts > PLIC_MAX_CONTEXTS / 2)
        return NULL;
    unsigned nctx = 2 * nharts;
    struct plic *p = calloc(1, sizeof(*p) + nctx * sizeof(p->ctx[0]));
    if (!p)
        return NULL;
    p->nctx = nctx;
    for (unsigned c = 0; c < nctx; c++)
        p->ctx[c].line = outputs[c];
    return p;
}

void plic_free(struct plic *p)
{
    free(p);
}

int plic_map(struct plic *p, struct bus *bus, uint64_t base, uint64_t len)
{
    return bus_map(bus, base, len, &plic_ops, p);
}

void plic_reset(struct plic *p)
{
    for (unsigned s = 0; s < PLIC_NUM_SOURCES; s++)
        p->priority[s] = 0;
    for (unsigned w = 0; w < PLIC_WORDS; w++) {
        p->claimed[w] = 0;
        p->pending[w] = 0;
    }
    for (unsigned c = 0; c < p->nctx; c++) {
        for (unsigned w = 0; w < PLIC_WORDS; w++)
            p->ctx[c].enable[w] = 0;
        p->ctx[c].threshold = 0;
    }
    plic_update(p);
}

void plic_set_irq(void *plic, unsigned source, bool level)
{
    struct plic *p = plic;
    if (source == 0 || source >= PLIC_NUM_SOURCES)
        return;
    bit_put(p->pending, source, level);
    plic_update(p);
}

static uint32_t plic_claim(struct plic *p, unsigned c)
{
    unsigned s = plic_best(p, c);
    if (s) {
        bit_put(p->pending, s, false);
        bit_put(p->claimed, s, true);
        plic_update(p);
    }
    return s;
}

/* Complete: ignored unless the id is a source enabled for the context
 * (PLIC spec "Interrupt Completion"); Linux enables a masked source around
 * its completion write for exactly this reason. A request latched during
 * service becomes deliverable again. */
static void plic_complete(struct plic *p, unsigned c, uint32_t s)
{
    if (s == 0 || s >= PLIC_NUM_SOURCES || !bit_get(p->ctx[c].enable, s))
        return;
    bit_put(p->claimed, s, false);
    plic_update(p);
}

/* Decode off into a context register; false if off is not one. */
static bool plic_ctx_reg(const struct plic *p, uint64_t off, unsigned *c,
                         unsigned *reg)
{
    uint64_t rel = off - PLIC_CONTEXT_BASE;
    if (off < PLIC_CONTEXT_BASE || rel / PLIC_CONTEXT_STRIDE >= p->nctx)
        return false;
    *c = (unsigned)(rel / PLIC_CONTEXT_STRIDE);
    *reg = (unsigned)(rel % PLIC_CONTEXT_STRIDE);
    return *reg == PLIC_THRESHOLD || *reg == PLIC_CLAIM;
}

/* Decode off into an enable word; false if off is not one. */
static bool plic_enable_reg(const struct plic *p, uint64_t off, unsigned *c,
                            unsigned *w)
{
    uint64_t rel = off - PLIC_ENABLE_BASE;
    if (off < PLIC_ENABLE_BASE || off >= PLIC_CONTEXT_BASE ||
        rel / PLIC_ENABLE_STRIDE >= p->nctx)
        return false;
    *c = (unsigned)(rel / PLIC_ENABLE_STRIDE);
    *w = (unsigned)(rel % PLIC_ENABLE_STRIDE) / 4;
    return *w < PLIC_WORDS;
}

static bool plic_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct plic *p = dev;
    unsigned c, r;

    if (size != 4)
        return false;
    *val = 0;
    if (off < PLIC_PRIORITY_BASE + 4 * PLIC_NUM_SOURCES)
        *val = p->priority[off / 4];
    else if (off >= PLIC_PENDING_BASE && off < PLIC_PENDING_BASE + 4 * PLIC_WORDS)
        *val = p->pending[(off - PLIC_PENDING_BASE) / 4];
    else if (plic_enable_reg(p, off, &c, &r))
        *val = p->ctx[c].enable[r];
    else if (plic_ctx_reg(p, off, &c, &r))
        *val = r == PLIC_THRESHOLD ? p->ctx[c].threshold : plic_claim(p, c);
    return true;
}

static bool plic_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct plic *p = dev;
    uint32_t v = (uint32_t)val;
    unsigned c, r;

    if (size != 4)
        return false;
    if (off < PLIC_PRIORITY_BASE + 4 * PLIC_NUM_SOURCES) {
        if (off != 0)   /* source 0 does not exist */
            p->priority[off / 4] = v & PLIC_MAX_PRIORITY;
    } else if (plic_enable_reg(p, off, &c, &r)) {
        p->ctx[c].enable[r] = r == 0 ? v & ~1u : v;  /* source 0 hardwired off */
    } else if (plic_ctx_reg(p, off, &c, &r)) {
        if (r == PLIC_THRESHOLD)
            p->ctx[c].threshold = v & PLIC_MAX_PRIORITY;
        else {
            plic_complete(p, c, v);
            return true;
        }
    } else {
        return true;    /* pending bits are read-only; reserved space */
    }
    plic_update(p);
    return true;
}

static const struct dev_ops plic_ops = {
    .name = "plic",
    .read = plic_read,
    .write = plic_write,
};
