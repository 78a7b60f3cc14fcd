/*
 * test_plic.c - PLIC with QEMU virt's layout, two harts (contexts 0..3):
 * priorities, pending, per-context enables, thresholds, claim/complete,
 * gateway semantics (QEMU's), M vs S outputs, and the UART behind it the
 * way xv6 drives it. Accesses go through the bus.
 */
#include <check.h>
#include <stdlib.h>

#include "bus.h"
#include "irq.h"
#include "plic.h"
#include "uart16550.h"

#define PLIC_BASE 0x0c000000ull
#define UART0     0x10000000ull
#define NHARTS    2
#define NCTX      (2 * NHARTS)

static struct bus  *bus;
static struct plic *plic;
static bool         out[NCTX];      /* level of each context's output */
static unsigned     changes[NCTX];  /* irq_set calls per output       */

static void rec_out(void *ctx, unsigned n, bool level)
{
    (void)ctx;
    ck_assert_uint_lt(n, NCTX);
    out[n] = level;
    changes[n]++;
}

static void setup(void)
{
    struct irq_line lines[NCTX];
    for (unsigned c = 0; c < NCTX; c++) {
        lines[c] = (struct irq_line){ rec_out, NULL, c };
        out[c] = false;
        changes[c] = 0;
    }
    bus = bus_new(0x80000000ull, 1 << 20);
    ck_assert_ptr_nonnull(bus);
    plic = plic_new(NHARTS, lines);
    ck_assert_ptr_nonnull(plic);
    ck_assert_int_eq(plic_map(plic, bus, PLIC_BASE, PLIC_MMIO_SIZE), 0);
}

static void teardown(void)
{
    plic_free(plic);
    bus_free(bus);
}

static uint32_t rd(uint64_t off)
{
    uint64_t v = 0xdeadbeef;
    ck_assert(bus_read(bus, PLIC_BASE + off, 4, &v));
    return (uint32_t)v;
}

static void wr(uint64_t off, uint32_t v)
{
    ck_assert(bus_write(bus, PLIC_BASE + off, v, 4));
}

static void set_prio(unsigned src, uint32_t p) { wr(PLIC_PRIORITY_BASE + 4 * src, p); }
static void enable(unsigned ctx, unsigned src)
{
    uint64_t off = PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * ctx + 4 * (src / 32);
    wr(off, rd(off) | 1u << (src % 32));
}
static void disable(unsigned ctx, unsigned src)
{
    uint64_t off = PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * ctx + 4 * (src / 32);
    wr(off, rd(off) & ~(1u << (src % 32)));
}
static void threshold(unsigned ctx, uint32_t t)
{
    wr(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_THRESHOLD, t);
}
static uint32_t claim(unsigned ctx)
{
    return rd(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_CLAIM);
}
static void complete(unsigned ctx, uint32_t src)
{
    wr(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * ctx + PLIC_CLAIM, src);
}
static bool pending(unsigned src)
{
    return (rd(PLIC_PENDING_BASE + 4 * (src / 32)) >> (src % 32)) & 1;
}

START_TEST(reset_state)
{
    for (unsigned s = 0; s < PLIC_NUM_SOURCES; s++)
        ck_assert_uint_eq(rd(PLIC_PRIORITY_BASE + 4 * s), 0);
    for (unsigned w = 0; w < 3; w++)
        ck_assert_uint_eq(rd(PLIC_PENDING_BASE + 4 * w), 0);
    for (unsigned c = 0; c < NCTX; c++) {
        ck_assert_uint_eq(rd(PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * c), 0);
        ck_assert_uint_eq(rd(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * c), 0);
        ck_assert_uint_eq(claim(c), 0);
        ck_assert(!out[c]);
    }
}
END_TEST

START_TEST(access_rules)
{
    uint64_t v;
    ck_assert(!bus_read(bus, PLIC_BASE + 4, 8, &v));
    ck_assert(!bus_read(bus, PLIC_BASE + 4, 2, &v));
    ck_assert(!bus_write(bus, PLIC_BASE + 4, 1, 1));
    /* Priority is 3 bits; source 0 does not exist. */
    set_prio(10, 0xff);
    ck_assert_uint_eq(rd(PLIC_PRIORITY_BASE + 40), 7);
    set_prio(0, 5);
    ck_assert_uint_eq(rd(PLIC_PRIORITY_BASE), 0);
    /* Enable bit 0 (source 0) is hardwired to zero. */
    wr(PLIC_ENABLE_BASE, 0xffffffff);
    ck_assert_uint_eq(rd(PLIC_ENABLE_BASE), 0xfffffffe);
    /* Threshold is 3 bits. */
    threshold(1, 0x1f);
    ck_assert_uint_eq(rd(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE), 7);
    /* Contexts beyond 2 harts read as zero, ignore writes. */
    threshold(NCTX, 3);
    ck_assert_uint_eq(rd(PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * NCTX), 0);
    /* Pending bits are read-only. */
    wr(PLIC_PENDING_BASE, 0xffffffff);
    ck_assert_uint_eq(rd(PLIC_PENDING_BASE), 0);
    /* Out-of-range sources are ignored. */
    plic_set_irq(plic, 0, true);
    plic_set_irq(plic, PLIC_NUM_SOURCES, true);
    ck_assert_uint_eq(rd(PLIC_PENDING_BASE), 0);
}
END_TEST

START_TEST(pending_and_enable)
{
    set_prio(10, 1);
    plic_set_irq(plic, 10, true);
    ck_assert(pending(10));
    ck_assert(!out[0] && !out[1]);           /* not enabled anywhere */
    enable(PLIC_CTX_S(0), 10);
    ck_assert(out[PLIC_CTX_S(0)]);
    ck_assert(!out[PLIC_CTX_M(0)]);
    ck_assert(!out[PLIC_CTX_M(1)] && !out[PLIC_CTX_S(1)]);
    disable(PLIC_CTX_S(0), 10);
    ck_assert(!out[PLIC_CTX_S(0)]);
    ck_assert(pending(10));
}
END_TEST

START_TEST(priority_zero_never_interrupts)
{
    enable(0, 5);
    plic_set_irq(plic, 5, true);
    ck_assert(pending(5));
    ck_assert(!out[0]);
    ck_assert_uint_eq(claim(0), 0);
    set_prio(5, 1);
    ck_assert(out[0]);
}
END_TEST

START_TEST(threshold_masks)
{
    set_prio(3, 4);
    enable(0, 3);
    plic_set_irq(plic, 3, true);
    ck_assert(out[0]);
    threshold(0, 4);                          /* must exceed, not equal */
    ck_assert(!out[0]);
    ck_assert_uint_eq(claim(0), 0);
    ck_assert(pending(3));
    threshold(0, 3);
    ck_assert(out[0]);
    ck_assert_uint_eq(claim(0), 3);
}
END_TEST

START_TEST(claim_highest_priority_ties_lowest_id)
{
    set_prio(1, 2);
    set_prio(10, 5);
    set_prio(40, 5);
    set_prio(70, 3);
    unsigned srcs[] = { 1, 10, 40, 70 };
    for (unsigned i = 0; i < 4; i++) {
        enable(1, srcs[i]);
        plic_set_irq(plic, srcs[i], true);
    }
    ck_assert_uint_eq(claim(1), 10);          /* prio 5, lower id than 40 */
    ck_assert(!pending(10));
    ck_assert_uint_eq(claim(1), 40);
    ck_assert_uint_eq(claim(1), 70);
    ck_assert_uint_eq(claim(1), 1);
    ck_assert_uint_eq(claim(1), 0);
    ck_assert(!out[1]);
    for (unsigned i = 0; i < 4; i++)
        ck_assert(!pending(srcs[i]));
}
END_TEST

START_TEST(claimed_not_delivered_until_complete)
{
    set_prio(10, 1);
    enable(0, 10);
    plic_set_irq(plic, 10, true);
    ck_assert_uint_eq(claim(0), 10);
    ck_assert(!pending(10));
    ck_assert(!out[0]);
    /* The device drives its line again while in service: the request is
     * latched (visible as pending) but not delivered or claimable. */
    plic_set_irq(plic, 10, false);
    plic_set_irq(plic, 10, true);
    ck_assert(pending(10));
    ck_assert(!out[0]);
    ck_assert_uint_eq(claim(0), 0);
    /* Complete: the latched request is delivered. */
    complete(0, 10);
    ck_assert(out[0]);
    ck_assert_uint_eq(claim(0), 10);
    /* Line lowered by the handler, then complete: stays quiet. */
    plic_set_irq(plic, 10, false);
    complete(0, 10);
    ck_assert(!pending(10));
    ck_assert(!out[0]);
}
END_TEST

START_TEST(reassert_while_high_repends)
{
    /* A device whose line stays high re-drives it after activity (e.g.
     * the UART after an RBR read with bytes left): pending again. */
    set_prio(10, 1);
    enable(0, 10);
    plic_set_irq(plic, 10, true);
    ck_assert_uint_eq(claim(0), 10);
    plic_set_irq(plic, 10, true);
    complete(0, 10);
    ck_assert(out[0]);
    ck_assert_uint_eq(claim(0), 10);
}
END_TEST

START_TEST(complete_does_not_resample_level)
{
    /* QEMU's gateway: a line left high with no activity since the claim
     * is not seen again after completion. */
    set_prio(10, 1);
    enable(0, 10);
    plic_set_irq(plic, 10, true);
    ck_assert_uint_eq(claim(0), 10);
    complete(0, 10);
    ck_assert(!pending(10));
    ck_assert(!out[0]);
    ck_assert_uint_eq(claim(0), 0);
}
END_TEST

START_TEST(complete_needs_enable)
{
    set_prio(7, 1);
    enable(0, 7);
    plic_set_irq(plic, 7, true);
    ck_assert_uint_eq(claim(0), 7);
    disable(0, 7);
    plic_set_irq(plic, 7, true);    /* re-asserted while in service */
    complete(0, 7);                 /* ignored: not enabled for context 0 */
    enable(0, 7);
    ck_assert(pending(7));
    ck_assert(!out[0]);             /* still in service */
    complete(0, 7);
    ck_assert(out[0]);
    /* Bogus ids are ignored. */
    complete(0, 0);
    complete(0, 1000);
    ck_assert(out[0]);
}
END_TEST

START_TEST(level_drop_before_claim)
{
    set_prio(1, 1);
    enable(0, 1);
    plic_set_irq(plic, 1, true);
    ck_assert(out[0]);
    plic_set_irq(plic, 1, false);   /* the device withdrew its request */
    ck_assert(!pending(1));
    ck_assert(!out[0]);
    ck_assert_uint_eq(claim(0), 0);
}
END_TEST

START_TEST(two_harts_m_and_s)
{
    set_prio(1, 1);
    set_prio(10, 1);
    enable(PLIC_CTX_M(1), 1);       /* hart 1 M-mode: virtio */
    enable(PLIC_CTX_S(0), 10);      /* hart 0 S-mode: uart */
    enable(PLIC_CTX_S(1), 10);      /* hart 1 S-mode: uart too */
    plic_set_irq(plic, 10, true);
    ck_assert(!out[PLIC_CTX_M(0)]);
    ck_assert(out[PLIC_CTX_S(0)]);
    ck_assert(!out[PLIC_CTX_M(1)]);
    ck_assert(out[PLIC_CTX_S(1)]);
    plic_set_irq(plic, 1, true);
    ck_assert(out[PLIC_CTX_M(1)]);
    ck_assert(!out[PLIC_CTX_M(0)]);
    /* Hart 1 claims the uart: hart 0's S output drops, nothing left. */
    ck_assert_uint_eq(claim(PLIC_CTX_S(1)), 10);
    ck_assert(!out[PLIC_CTX_S(0)]);
    ck_assert_uint_eq(claim(PLIC_CTX_S(0)), 0);
    ck_assert_uint_eq(claim(PLIC_CTX_M(1)), 1);
    ck_assert(!out[PLIC_CTX_M(1)]);
    /* Per-context thresholds are independent. */
    threshold(PLIC_CTX_S(1), 7);
    plic_set_irq(plic, 10, false);
    complete(PLIC_CTX_S(1), 10);
    plic_set_irq(plic, 10, true);
    ck_assert(pending(10));
    ck_assert(out[PLIC_CTX_S(0)]);
    ck_assert(!out[PLIC_CTX_S(1)]);
}
END_TEST

START_TEST(outputs_driven_on_change_only)
{
    set_prio(2, 1);
    enable(0, 2);
    plic_set_irq(plic, 2, true);
    plic_set_irq(plic, 2, true);
    set_prio(3, 1);
    ck_assert_uint_eq(changes[0], 1);
    ck_assert_uint_eq(changes[1], 0);
}
END_TEST

START_TEST(reset)
{
    set_prio(2, 1);
    enable(0, 2);
    plic_set_irq(plic, 2, true);
    ck_assert_uint_eq(claim(0), 2);
    plic_reset(plic);
    ck_assert_uint_eq(rd(PLIC_PRIORITY_BASE + 8), 0);
    ck_assert(!pending(2));
    ck_assert(!out[0]);
    /* The claim is gone too: a new request is deliverable at once. */
    set_prio(2, 1);
    enable(0, 2);
    plic_set_irq(plic, 2, true);
    ck_assert(out[0]);
}
END_TEST

/* xv6 2020-2022 with the real UART: uartintr reads LSR (and RBR while
 * data is ready) but never IIR, so THR-empty stays asserted; that must not
 * interrupt forever. Received bytes must still get through. */
static unsigned uart_intr_xv6(void)
{
    uint64_t v;
    unsigned got = 0;
    for (;;) {
        ck_assert(bus_read(bus, UART0 + UART_LSR, 1, &v));
        if (!(v & UART_LSR_DR))
            return got;
        ck_assert(bus_read(bus, UART0 + UART_RBR, 1, &v));
        got++;
    }
}

/* Take S-mode interrupts on hart 0 until none is left (at most 10);
 * returns how many were taken; *bytes counts bytes read. */
static unsigned service(unsigned *bytes)
{
    unsigned taken = 0;
    while (out[PLIC_CTX_S(0)] && taken < 10) {
        uint32_t id = claim(PLIC_CTX_S(0));
        ck_assert_uint_eq(id, 10);
        *bytes += uart_intr_xv6();
        complete(PLIC_CTX_S(0), id);
        taken++;
    }
    return taken;
}

START_TEST(xv6_uart_no_thre_storm)
{
    struct uart *u = uart_new(NULL, NULL, plic_irq_line(plic, 10));
    ck_assert_ptr_nonnull(u);
    ck_assert_int_eq(uart_map(u, bus, UART0, UART_MMIO_SIZE), 0);
    set_prio(10, 1);
    enable(PLIC_CTX_S(0), 10);
    ck_assert(bus_write(bus, UART0 + UART_FCR, UART_FCR_FIFOE | UART_FCR_RFR | UART_FCR_XFR, 1));
    ck_assert(bus_write(bus, UART0 + UART_IER, UART_IER_ETBEI | UART_IER_ERBFI, 1));
    unsigned bytes = 0;
    ck_assert_uint_eq(service(&bytes), 1);
    ck_assert(!out[PLIC_CTX_S(0)]);
    /* Input interrupts; reading it re-drives the (still unacknowledged)
     * THRE request once, as on QEMU, then all is quiet. */
    uart_receive(u, 'a');
    ck_assert(out[PLIC_CTX_S(0)]);
    ck_assert_uint_le(service(&bytes), 2);
    ck_assert_uint_eq(bytes, 1);
    ck_assert(!out[PLIC_CTX_S(0)]);
    /* A byte arriving inside the handler is not lost. */
    ck_assert_uint_eq(claim(PLIC_CTX_S(0)), 0);
    uart_receive(u, 'b');
    ck_assert_uint_eq(claim(PLIC_CTX_S(0)), 10);
    bytes += uart_intr_xv6();
    uart_receive(u, 'c');
    complete(PLIC_CTX_S(0), 10);
    ck_assert(out[PLIC_CTX_S(0)]);
    ck_assert_uint_le(service(&bytes), 2);
    ck_assert_uint_eq(bytes, 3);
    ck_assert(!out[PLIC_CTX_S(0)]);
    uart_free(u);
}
END_TEST

START_TEST(bad_config)
{
    struct irq_line l = { 0 };
    ck_assert_ptr_null(plic_new(0, &l));
    ck_assert_ptr_null(plic_new(PLIC_MAX_CONTEXTS, &l));
}
END_TEST

static Suite *plic_suite(void)
{
    Suite *s = suite_create("plic");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reset_state);
    tcase_add_test(tc, access_rules);
    tcase_add_test(tc, pending_and_enable);
    tcase_add_test(tc, priority_zero_never_interrupts);
    tcase_add_test(tc, threshold_masks);
    tcase_add_test(tc, claim_highest_priority_ties_lowest_id);
    tcase_add_test(tc, claimed_not_delivered_until_complete);
    tcase_add_test(tc, reassert_while_high_repends);
    tcase_add_test(tc, complete_does_not_resample_level);
    tcase_add_test(tc, complete_needs_enable);
    tcase_add_test(tc, level_drop_before_claim);
    tcase_add_test(tc, two_harts_m_and_s);
    tcase_add_test(tc, outputs_driven_on_change_only);
    tcase_add_test(tc, reset);
    tcase_add_test(tc, xv6_uart_no_thre_storm);
    tcase_add_test(tc, bad_config);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(plic_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
