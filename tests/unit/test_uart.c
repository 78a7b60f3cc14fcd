/*
 * test_uart.c - 16550A UART: reset values, divisor latch, transmit,
 * receive FIFO, interrupts and their priorities, FIFO reset, loopback.
 * Registers are accessed through the bus, as the guest would.
 */
#include <check.h>
#include <stdlib.h>

#include "bus.h"
#include "irq.h"
#include "uart16550.h"

#define UART_BASE 0x10000000ull

struct fixture {
    struct bus  *bus;
    struct uart *uart;
    uint8_t      out[64];      /* bytes passed to tx */
    unsigned     nout;
    bool         level;        /* last level on the IRQ line */
    unsigned     raised;       /* irq_set calls with level 1 */
};

static struct fixture fx;

static void rec_tx(void *ctx, uint8_t c)
{
    struct fixture *f = ctx;
    if (f->nout < sizeof(f->out))
        f->out[f->nout++] = c;
}

static void rec_irq(void *ctx, unsigned n, bool level)
{
    struct fixture *f = ctx;
    ck_assert_uint_eq(n, 10);
    f->level = level;
    f->raised += level;
}

static void setup(void)
{
    fx = (struct fixture){ 0 };
    fx.bus = bus_new(0x80000000ull, 1 << 20);
    ck_assert_ptr_nonnull(fx.bus);
    fx.uart = uart_new(rec_tx, &fx, (struct irq_line){ rec_irq, &fx, 10 });
    ck_assert_ptr_nonnull(fx.uart);
    ck_assert_int_eq(uart_map(fx.uart, fx.bus, UART_BASE, UART_MMIO_SIZE), 0);
}

static void teardown(void)
{
    uart_free(fx.uart);
    bus_free(fx.bus);
}

static uint8_t rd(unsigned reg)
{
    uint64_t v = 0xdead;
    ck_assert(bus_read(fx.bus, UART_BASE + reg, 1, &v));
    ck_assert_uint_le(v, 0xff);
    return (uint8_t)v;
}

static void wr(unsigned reg, uint8_t v)
{
    ck_assert(bus_write(fx.bus, UART_BASE + reg, v, 1));
}

START_TEST(reset_values)
{
    ck_assert_uint_eq(rd(UART_IER), 0);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_NO_INT);
    ck_assert_uint_eq(rd(UART_LCR), 0);
    ck_assert_uint_eq(rd(UART_MCR), UART_MCR_OUT2);
    ck_assert_uint_eq(rd(UART_LSR), UART_LSR_THRE | UART_LSR_TEMT);
    ck_assert_uint_eq(rd(UART_MSR), UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS);
    ck_assert_uint_eq(rd(UART_SCR), 0);
    ck_assert(!fx.level);
    ck_assert_uint_eq(uart_rx_space(fx.uart), UART_RX_BUF);
}
END_TEST

START_TEST(access_sizes)
{
    uint64_t v;
    ck_assert(!bus_read(fx.bus, UART_BASE, 4, &v));
    ck_assert(!bus_read(fx.bus, UART_BASE + 4, 2, &v));
    ck_assert(!bus_write(fx.bus, UART_BASE, 0x41, 4));
    ck_assert(!bus_read(fx.bus, UART_BASE + 8, 1, &v));  /* beyond the 8 registers */
    ck_assert_uint_eq(fx.nout, 0);
}
END_TEST

START_TEST(scratch_register)
{
    wr(UART_SCR, 0xa5);
    ck_assert_uint_eq(rd(UART_SCR), 0xa5);
}
END_TEST

START_TEST(divisor_latch)
{
    wr(UART_LCR, UART_LCR_DLAB | 0x03);
    wr(UART_DLL, 0x03);
    wr(UART_DLM, 0x01);
    ck_assert_uint_eq(rd(UART_DLL), 0x03);
    ck_assert_uint_eq(rd(UART_DLM), 0x01);
    ck_assert_uint_eq(fx.nout, 0);          /* DLL write is not a THR write */
    ck_assert_uint_eq(rd(UART_LCR), UART_LCR_DLAB | 0x03);
    wr(UART_LCR, 0x03);                      /* 8N1, DLAB off */
    ck_assert_uint_eq(rd(UART_IER), 0);      /* IER untouched by DLM write */
    wr(UART_IER, UART_IER_ERBFI);
    wr(UART_LCR, UART_LCR_DLAB);
    ck_assert_uint_eq(rd(UART_DLM), 0x01);   /* and DLM untouched by IER */
    ck_assert_uint_eq(rd(UART_DLL), 0x03);
}
END_TEST

START_TEST(transmit)
{
    const char *msg = "hi\n";
    for (const char *p = msg; *p; p++) {
        ck_assert(rd(UART_LSR) & UART_LSR_THRE);
        wr(UART_THR, (uint8_t)*p);
    }
    ck_assert_uint_eq(fx.nout, 3);
    ck_assert_mem_eq(fx.out, msg, 3);
    ck_assert_uint_eq(rd(UART_LSR) & (UART_LSR_THRE | UART_LSR_TEMT),
                      UART_LSR_THRE | UART_LSR_TEMT);
}
END_TEST

START_TEST(receive_order_and_dr)
{
    wr(UART_FCR, UART_FCR_FIFOE);
    ck_assert(!(rd(UART_LSR) & UART_LSR_DR));
    for (int i = 0; i < 20; i++)
        ck_assert(uart_receive(fx.uart, (uint8_t)('a' + i)));
    ck_assert_uint_eq(uart_rx_space(fx.uart), UART_RX_BUF - 20);
    for (int i = 0; i < 20; i++) {
        ck_assert(rd(UART_LSR) & UART_LSR_DR);
        ck_assert_uint_eq(rd(UART_RBR), 'a' + i);
    }
    ck_assert(!(rd(UART_LSR) & UART_LSR_DR));
    ck_assert_uint_eq(uart_rx_space(fx.uart), UART_RX_BUF);
    /* No interrupt was enabled, so none was raised. */
    ck_assert_uint_eq(fx.raised, 0);
}
END_TEST

START_TEST(receive_without_fifo_keeps_backlog)
{
    /* FIFO disabled: one byte visible at a time, but nothing is lost. */
    ck_assert(uart_receive(fx.uart, 'x'));
    ck_assert(uart_receive(fx.uart, 'y'));
    ck_assert_uint_eq(rd(UART_RBR), 'x');
    ck_assert(rd(UART_LSR) & UART_LSR_DR);
    ck_assert_uint_eq(rd(UART_RBR), 'y');
    ck_assert(!(rd(UART_LSR) & UART_LSR_DR));
}
END_TEST

START_TEST(overrun_when_full)
{
    for (unsigned i = 0; i < UART_RX_BUF; i++)
        ck_assert(uart_receive(fx.uart, (uint8_t)i));
    ck_assert_uint_eq(uart_rx_space(fx.uart), 0);
    ck_assert(!uart_receive(fx.uart, 0xff));
    uint8_t lsr = rd(UART_LSR);
    ck_assert(lsr & UART_LSR_OE);
    ck_assert(lsr & UART_LSR_DR);
    ck_assert(!(rd(UART_LSR) & UART_LSR_OE));   /* cleared by the read */
    ck_assert_uint_eq(rd(UART_RBR), 0);
}
END_TEST

START_TEST(rx_interrupt)
{
    wr(UART_FCR, UART_FCR_FIFOE);                 /* trigger level 1 */
    wr(UART_IER, UART_IER_ERBFI);
    ck_assert(!fx.level);
    uart_receive(fx.uart, 'k');
    ck_assert(fx.level);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FIFO | UART_IIR_RDI);
    ck_assert(fx.level);                           /* IIR read does not clear RDA */
    ck_assert_uint_eq(rd(UART_RBR), 'k');
    ck_assert(!fx.level);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FIFO | UART_IIR_NO_INT);
    /* Disabling the interrupt lowers the line too. */
    uart_receive(fx.uart, 'l');
    ck_assert(fx.level);
    wr(UART_IER, 0);
    ck_assert(!fx.level);
}
END_TEST

START_TEST(rx_trigger_level_and_timeout)
{
    wr(UART_FCR, UART_FCR_FIFOE | 0x80);          /* trigger 8 bytes */
    wr(UART_IER, UART_IER_ERBFI);
    for (int i = 0; i < 3; i++)
        uart_receive(fx.uart, '0');
    /* Below the trigger: reported as a character timeout at once. */
    ck_assert(fx.level);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FIFO | UART_IIR_CTI);
    for (int i = 0; i < 5; i++)
        uart_receive(fx.uart, '1');
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_FIFO | UART_IIR_RDI);
}
END_TEST

START_TEST(thre_interrupt)
{
    wr(UART_IER, UART_IER_ETBEI);
    ck_assert(fx.level);                           /* THR already empty */
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_THRI);
    ck_assert(!fx.level);                          /* IIR read clears it */
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_NO_INT);
    wr(UART_THR, 'z');                             /* sent at once: empty again */
    ck_assert(fx.level);
    ck_assert_uint_eq(fx.nout, 1);
    ck_assert_uint_eq(rd(UART_IIR), UART_IIR_THRI);
    ck_assert(!fx.level);
    /* Re-enabling ETBEI while empty raises it again (Linux's probe). */
    wr(UART_IER, 0);
    wr(UART_IER, UART_IER_ETBEI);
    ck_assert(fx.level);
    wr(UART_IER, 0);
    ck_assert(!fx.level);
}
END_TEST

START_TEST(iir_priorities)
{
    wr(UART_FCR, UART_FCR_FIFOE);
    wr(UART_MCR, UART_MCR_LOOP);   /* modem inputs follow MCR: all drop */
    rd(UART_MSR);                  /* clear the deltas of that switch */
    for (unsigned i = 0; i < UART_RX_BUF; i++)
        uart_receive(fx.uart, 'q');
    uart_receive(fx.uart, 'q');    /* overrun */
    wr(UART_MCR, UART_MCR_LOOP | UART_MCR_RTS);   /* CTS rises: DCTS */
    wr(UART_IER, UART_IER_ERBFI | UART_IER_ETBEI | UART_IER_ELSI | UART_IER_EDSSI);
    ck_assert(fx.level);

    ck_assert_uint_eq(rd(UART_IIR) & ~UART_IIR_FIFO, UART_IIR_RLSI);
    ck_assert(rd(UART_LSR) & UART_LSR_OE);        /* acknowledges RLS */
    ck_assert_uint_eq(rd(UART_IIR) & ~UART_IIR_FIFO, UART_IIR_RDI);
    for (unsigned i = 0; i < UART_RX_BUF; i++)
        rd(UART_RBR);
    ck_assert_uint_eq(rd(UART_IIR) & ~UART_IIR_FIFO, UART_IIR_THRI);
    uint8_t iir = rd(UART_IIR);                     /* THRI was acked above */
    ck_assert_uint_eq(iir & ~UART_IIR_FIFO, UART_IIR_MSI);
    uint8_t msr = rd(UART_MSR);
    ck_assert(msr & UART_MSR_DCTS);
    ck_assert(msr & UART_MSR_CTS);
    ck_assert_uint_eq(rd(UART_IIR) & ~UART_IIR_FIFO, UART_IIR_NO_INT);
    ck_assert(!fx.level);
}
END_TEST

START_TEST(fifo_reset)
{
    wr(UART_FCR, UART_FCR_FIFOE);
    wr(UART_IER, UART_IER_ERBFI);
    uart_receive(fx.uart, '1');
    uart_receive(fx.uart, '2');
    uart_receive(fx.uart, '3');
    ck_assert(fx.level);
    ck_assert_uint_eq(rd(UART_IIR) & UART_IIR_FIFO, UART_IIR_FIFO);
    wr(UART_FCR, UART_FCR_FIFOE | UART_FCR_RFR | UART_FCR_XFR);
    ck_assert(!(rd(UART_LSR) & UART_LSR_DR));
    ck_assert(!fx.level);
    /* Only the 16 bytes "in the FIFO" go; the backlog behind it stays. */
    for (int i = 0; i < 40; i++)
        uart_receive(fx.uart, (uint8_t)i);
    wr(UART_FCR, UART_FCR_FIFOE | UART_FCR_RFR);
    ck_assert_uint_eq(rd(UART_RBR), 16);
    /* Turning the FIFO off clears it as well (17..32), and IIR's FIFO
     * bits go. */
    wr(UART_FCR, 0);
    ck_assert_uint_eq(rd(UART_IIR) & UART_IIR_FIFO, 0);
    ck_assert_uint_eq(rd(UART_RBR), 33);
}
END_TEST

START_TEST(loopback)
{
    wr(UART_MCR, UART_MCR_LOOP | UART_MCR_DTR | UART_MCR_OUT2);
    uint8_t msr = rd(UART_MSR);
    ck_assert_uint_eq(msr & 0xf0, UART_MSR_DSR | UART_MSR_DCD);
    wr(UART_THR, 'L');
    ck_assert_uint_eq(fx.nout, 0);               /* not on the wire */
    ck_assert(rd(UART_LSR) & UART_LSR_DR);
    ck_assert_uint_eq(rd(UART_RBR), 'L');
    /* RI falling edge sets TERI. */
    wr(UART_MCR, UART_MCR_LOOP | UART_MCR_OUT1);
    rd(UART_MSR);
    wr(UART_MCR, UART_MCR_LOOP);
    ck_assert(rd(UART_MSR) & UART_MSR_TERI);
    wr(UART_MCR, 0);
    wr(UART_THR, 'W');
    ck_assert_uint_eq(fx.nout, 1);
}
END_TEST

START_TEST(line_driven_on_events_only)
{
    /* Re-driven (even at the same level) when interrupt state may change,
     * untouched by plain reads: the PLIC latches re-assertions. */
    wr(UART_IER, UART_IER_ETBEI);
    ck_assert_uint_eq(fx.raised, 1);
    rd(UART_LSR);
    rd(UART_LCR);
    rd(UART_IER);
    wr(UART_SCR, 1);
    wr(UART_LCR, 3);
    ck_assert_uint_eq(fx.raised, 1);
    uart_receive(fx.uart, 'x');          /* RX: re-driven */
    ck_assert_uint_eq(fx.raised, 2);
    wr(UART_IER, UART_IER_ETBEI);        /* IER write: re-driven */
    ck_assert_uint_eq(fx.raised, 3);
    rd(UART_RBR);                        /* RBR read: THRE still pending */
    ck_assert_uint_eq(fx.raised, 4);
    ck_assert(fx.level);
}
END_TEST

START_TEST(reset_clears_state)
{
    wr(UART_IER, UART_IER_ETBEI);
    uart_receive(fx.uart, 'a');
    ck_assert(fx.level);
    uart_reset(fx.uart);
    ck_assert(!fx.level);
    ck_assert(!(rd(UART_LSR) & UART_LSR_DR));
    ck_assert_uint_eq(rd(UART_IER), 0);
}
END_TEST

static Suite *uart_suite(void)
{
    Suite *s = suite_create("uart16550");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, reset_values);
    tcase_add_test(tc, access_sizes);
    tcase_add_test(tc, scratch_register);
    tcase_add_test(tc, divisor_latch);
    tcase_add_test(tc, transmit);
    tcase_add_test(tc, receive_order_and_dr);
    tcase_add_test(tc, receive_without_fifo_keeps_backlog);
    tcase_add_test(tc, overrun_when_full);
    tcase_add_test(tc, rx_interrupt);
    tcase_add_test(tc, rx_trigger_level_and_timeout);
    tcase_add_test(tc, thre_interrupt);
    tcase_add_test(tc, iir_priorities);
    tcase_add_test(tc, fifo_reset);
    tcase_add_test(tc, loopback);
    tcase_add_test(tc, line_driven_on_events_only);
    tcase_add_test(tc, reset_clears_state);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(uart_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
