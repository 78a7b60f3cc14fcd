/*
 * test_clint.c - CLINT registers: msip drives the soft line, mtimecmp
 * against mtime drives the timer line, 32- and 64-bit access, mtime
 * writes, and the deadline the machine uses to fast-forward idle harts.
 */
#include <check.h>
#include <stdlib.h>

#include "bus.h"
#include "clint.h"
#include "timebase.h"

#define NHARTS 2
#define CLINT_BASE 0x02000000ULL

static struct bus *bus;
static struct clint *clint;
static struct timebase tb;
static bool soft_level[NHARTS], timer_level[NHARTS];

static void set_soft(void *ctx, unsigned n, bool level)
{
    (void)ctx;
    soft_level[n] = level;
}

static void set_timer(void *ctx, unsigned n, bool level)
{
    (void)ctx;
    timer_level[n] = level;
}

static void setup(void)
{
    struct irq_line soft[NHARTS], timer[NHARTS];
    for (unsigned h = 0; h < NHARTS; h++) {
        soft[h] = (struct irq_line){ set_soft, NULL, h };
        timer[h] = (struct irq_line){ set_timer, NULL, h };
        soft_level[h] = timer_level[h] = false;
    }
    tb = (struct timebase){ 0 };
    bus = bus_new(0x80000000ULL, 1 << 20);
    clint = clint_new(NHARTS, &tb, soft, timer);
    ck_assert_ptr_nonnull(clint);
    ck_assert_int_eq(bus_map(bus, CLINT_BASE, CLINT_SIZE, clint_ops(), clint), 0);
}

static void teardown(void)
{
    clint_free(clint);
    bus_free(bus);
}

static uint64_t rd(uint64_t off, unsigned size)
{
    uint64_t v = 0;
    ck_assert(bus_read(bus, CLINT_BASE + off, size, &v));
    return v;
}

static void wr(uint64_t off, uint64_t v, unsigned size)
{
    ck_assert(bus_write(bus, CLINT_BASE + off, v, size));
}

/* Deterministic time: TIMEBASE_INSNS_PER_TICK instructions per tick. */
static void advance_ticks(uint64_t ticks)
{
    tb.clock += ticks * TIMEBASE_INSNS_PER_TICK;
}

START_TEST(msip_drives_soft_line_per_hart)
{
    wr(0x4, 1, 4);
    ck_assert(!soft_level[0]);
    ck_assert(soft_level[1]);
    ck_assert_uint_eq(rd(0x4, 4), 1);
    wr(0x4, 0xfffffffe, 4);              /* only bit 0 is implemented */
    ck_assert(!soft_level[1]);
    ck_assert_uint_eq(rd(0x4, 4), 0);
    uint64_t v;
    ck_assert(!bus_read(bus, CLINT_BASE, 8, &v));   /* msip is 32-bit only */
}
END_TEST

START_TEST(timer_fires_at_mtimecmp)
{
    ck_assert_uint_eq(rd(0x4000, 8), UINT64_MAX);   /* reset: never */
    wr(0x4000, 100, 8);
    clint_update(clint);
    ck_assert(!timer_level[0]);
    advance_ticks(99);
    clint_update(clint);
    ck_assert(!timer_level[0]);
    advance_ticks(1);
    clint_update(clint);
    ck_assert(timer_level[0]);
    ck_assert(!timer_level[1]);
    wr(0x4000, 1000, 8);                 /* a later compare clears it at once */
    ck_assert(!timer_level[0]);
}
END_TEST

START_TEST(mtimecmp_halves_and_mtime_reads)
{
    wr(0x4008, 0x11223344, 4);           /* hart 1 low word */
    wr(0x400c, 0x55667788, 4);           /* hart 1 high word */
    ck_assert_uint_eq(rd(0x4008, 8), 0x5566778811223344ULL);
    ck_assert_uint_eq(rd(0x400c, 4), 0x55667788);
    advance_ticks(12345);
    ck_assert_uint_eq(rd(0xbff8, 8), 12345);
    ck_assert_uint_eq(rd(0xbff8, 4), 12345);
    ck_assert_uint_eq(rd(0xbffc, 4), 0);
}
END_TEST

START_TEST(mtime_write_moves_time)
{
    wr(0xbff8, 1000000, 8);
    ck_assert_uint_eq(rd(0xbff8, 8), 1000000);
    advance_ticks(5);
    ck_assert_uint_eq(rd(0xbff8, 8), 1000005);
    wr(0x4000, 1000006, 8);
    clint_update(clint);
    ck_assert(!timer_level[0]);
    advance_ticks(1);
    clint_update(clint);
    ck_assert(timer_level[0]);
}
END_TEST

START_TEST(next_deadline_is_earliest_compare)
{
    ck_assert_uint_eq(clint_next_deadline(clint), UINT64_MAX);
    wr(0x4000, 500, 8);
    wr(0x4008, 300, 8);
    ck_assert_uint_eq(clint_next_deadline(clint), 300);
    /* The machine jumps time there when every hart waits. */
    timebase_advance_to(&tb, clint_next_deadline(clint));
    clint_update(clint);
    ck_assert(timer_level[1]);
    ck_assert(!timer_level[0]);
}
END_TEST

static Suite *clint_suite(void)
{
    Suite *s = suite_create("clint");
    TCase *tc = tcase_create("registers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, msip_drives_soft_line_per_hart);
    tcase_add_test(tc, timer_fires_at_mtimecmp);
    tcase_add_test(tc, mtimecmp_halves_and_mtime_reads);
    tcase_add_test(tc, mtime_write_moves_time);
    tcase_add_test(tc, next_deadline_is_earliest_compare);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(clint_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
