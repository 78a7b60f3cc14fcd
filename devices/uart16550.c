/*
 * uart16550.c - NS16550A UART (PC16550D datasheet), QEMU virt flavour.
 *
 * Byte-wide registers at offsets 0..7; like QEMU (whose region is 8 bytes
 * long inside the 0x100 window) other sizes and offsets are refused, which
 * the bus turns into an access fault. Transmission is instantaneous: a
 * THR write hands the byte to the tx callback at once, so THR and the
 * transmitter are always empty again by the time the guest looks (LSR.THRE
 * and LSR.TEMT always read 1) and the THR-empty interrupt re-arms after
 * every write, as in QEMU.
 *
 * Reception: the 16-byte receive FIFO is the front of a larger host input
 * buffer (UART_RX_BUF), so a pasted line is not lost while the guest is
 * slow; the guest sees at most UART_FIFO_DEPTH bytes (1 with FCR.FIFOE = 0)
 * as "in the FIFO" for trigger levels and FIFO resets. There is no
 * notion of time, so the character-timeout interrupt (IIR = 0xc) is
 * reported at once when fewer bytes than the trigger level are waiting.
 *
 * The interrupt line is driven after every access or event that can change
 * the interrupt state (receive, RBR read, IIR read acknowledging THRE, LSR
 * or MSR read clearing status, THR/IER/FCR/MCR writes), even when the
 * level stays the same, which is when QEMU's 16550 calls qemu_set_irq;
 * plain register reads leave it alone. Together with the PLIC's gateway
 * (see plic.c) this keeps xv6 2020-2022, which never acknowledges THRE,
 * from taking the THRE interrupt forever.
 *
 * Loopback (MCR.LOOP): THR writes go to the receive side instead of tx,
 * and MSR's status bits follow MCR (CTS=RTS, DSR=DTR, RI=OUT1, DCD=OUT2).
 * Host input is still accepted while in loopback.
 */
#include "uart16550.h"

#include <stdlib.h>

#include "bus.h"

#define UART_NREGS     8
#define UART_IER_MASK  0x0f
#define UART_LSR_ERRS  (UART_LSR_OE | UART_LSR_PE | UART_LSR_FE | UART_LSR_BI)
#define UART_MSR_DELTA (UART_MSR_DCTS | UART_MSR_DDSR | UART_MSR_TERI | UART_MSR_DDCD)
#define UART_MSR_STATE (UART_MSR_CTS | UART_MSR_DSR | UART_MSR_RI | UART_MSR_DCD)
#define UART_DIVISOR_RESET 12  /* 9600 baud from 1.8432 MHz; reset value is
                                  undefined on real parts, any will do */

struct uart {
    /* wiring, fixed at creation */
    void  (*tx)(void *ctx, uint8_t c);
    void   *tx_ctx;
    struct irq_line irq;

    /* registers */
    uint8_t ier;
    uint8_t lcr;
    uint8_t mcr;
    uint8_t lsr_err;           /* LSR error bits (OE/PE/FE/BI) only     */
    uint8_t msr;
    uint8_t scr;
    uint8_t fcr;               /* FIFOE | DMA | trigger bits            */
    uint8_t dll, dlm;
    uint8_t rbr;               /* last byte read, returned when empty   */
    bool    thr_ipending;      /* THR-empty interrupt armed             */

    /* receive side: FIFO front + host backlog, one ring */
    uint8_t  rx[UART_RX_BUF];
    unsigned rx_head;          /* index of the oldest byte              */
    unsigned rx_count;
};

static const struct dev_ops uart_ops;

/* Receive trigger level in bytes for FCR bits 7:6. */
static const uint8_t uart_trigger[4] = { 1, 4, 8, 14 };

static bool uart_fifo_on(const struct uart *u)
{
    return u->fcr & UART_FCR_FIFOE;
}

/* Bytes the guest can see as "in the receiver": at most the FIFO depth. */
static unsigned uart_rx_visible(const struct uart *u)
{
    unsigned depth = uart_fifo_on(u) ? UART_FIFO_DEPTH : 1;
    return u->rx_count < depth ? u->rx_count : depth;
}

/* The IIR value for the current state, highest priority source first
 * (datasheet table "Interrupt Control Functions"). */
static uint8_t uart_iir(const struct uart *u)
{
    uint8_t id = UART_IIR_NO_INT;

    if ((u->ier & UART_IER_ELSI) && (u->lsr_err & UART_LSR_ERRS))
        id = UART_IIR_RLSI;
    else if ((u->ier & UART_IER_ERBFI) && u->rx_count) {
        unsigned trig = uart_trigger[(u->fcr & UART_FCR_TRIG_MASK) >> 6];
        id = (uart_fifo_on(u) && uart_rx_visible(u) < trig) ? UART_IIR_CTI
                                                             : UART_IIR_RDI;
    } else if ((u->ier & UART_IER_ETBEI) && u->thr_ipending)
        id = UART_IIR_THRI;
    else if ((u->ier & UART_IER_EDSSI) && (u->msr & UART_MSR_DELTA))
        id = UART_IIR_MSI;
    return id | (uart_fifo_on(u) ? UART_IIR_FIFO : 0);
}

/* Drive the interrupt line from the current state; call after anything
 * that may have changed it (also when the level stays the same). */
static void uart_update_irq(struct uart *u)
{
    irq_set(&u->irq, !(uart_iir(u) & UART_IIR_NO_INT));
}

static bool uart_push(struct uart *u, uint8_t c)
{
    if (u->rx_count == UART_RX_BUF) {
        u->lsr_err |= UART_LSR_OE;
        return false;
    }
    u->rx[(u->rx_head + u->rx_count) % UART_RX_BUF] = c;
    u->rx_count++;
    return true;
}

/* Drop what the guest sees as the receive FIFO (FCR receiver reset). */
static void uart_rx_reset(struct uart *u)
{
    unsigned n = uart_rx_visible(u);
    u->rx_head = (u->rx_head + n) % UART_RX_BUF;
    u->rx_count -= n;
}

/* In loopback the modem inputs are wired to the modem outputs; a change
 * sets the matching delta bit (TERI only on RI's falling edge). */
static void uart_loop_msr(struct uart *u)
{
    uint8_t st = 0;
    if (u->mcr & UART_MCR_RTS)  st |= UART_MSR_CTS;
    if (u->mcr & UART_MCR_DTR)  st |= UART_MSR_DSR;
    if (u->mcr & UART_MCR_OUT1) st |= UART_MSR_RI;
    if (u->mcr & UART_MCR_OUT2) st |= UART_MSR_DCD;

    uint8_t changed = (u->msr ^ st) & UART_MSR_STATE;
    uint8_t delta = 0;
    if (changed & UART_MSR_CTS) delta |= UART_MSR_DCTS;
    if (changed & UART_MSR_DSR) delta |= UART_MSR_DDSR;
    if (changed & UART_MSR_DCD) delta |= UART_MSR_DDCD;
    if ((changed & UART_MSR_RI) && !(st & UART_MSR_RI))
        delta |= UART_MSR_TERI;
    u->msr = (uint8_t)((u->msr & UART_MSR_DELTA) | delta | st);
}

/* Power-on register values; does not touch the interrupt line. */
static void uart_reset_state(struct uart *u)
{
    u->ier = 0;
    u->lcr = 0;
    u->mcr = UART_MCR_OUT2;
    u->lsr_err = 0;
    /* Outside loopback the modem inputs read as a connected, ready
     * terminal, as QEMU reports them. */
    u->msr = UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    u->scr = 0;
    u->fcr = 0;
    u->dll = UART_DIVISOR_RESET;
    u->dlm = 0;
    u->rbr = 0;
    u->thr_ipending = false;
    u->rx_head = 0;
    u->rx_count = 0;
}

void uart_reset(struct uart *u)
{
    uart_reset_state(u);
    uart_update_irq(u);
}

struct uart *uart_new(void (*tx)(void *ctx, uint8_t c), void *tx_ctx,
                      struct irq_line irq)
{
    struct uart *u = calloc(1, sizeof(*u));
    if (!u)
        return NULL;
    u->tx = tx;
    u->tx_ctx = tx_ctx;
    u->irq = irq;
    uart_reset_state(u);
    return u;
}

void uart_free(struct uart *u)
{
    free(u);
}

int uart_map(struct uart *u, struct bus *bus, uint64_t base, uint64_t len)
{
    return bus_map(bus, base, len, &uart_ops, u);
}

bool uart_receive(struct uart *u, uint8_t c)
{
    bool ok = uart_push(u, c);
    uart_update_irq(u);
    return ok;
}

unsigned uart_rx_space(const struct uart *u)
{
    return UART_RX_BUF - u->rx_count;
}

static uint8_t uart_read_rbr(struct uart *u)
{
    if (u->rx_count) {
        u->rbr = u->rx[u->rx_head];
        u->rx_head = (u->rx_head + 1) % UART_RX_BUF;
        u->rx_count--;
    }
    return u->rbr;
}

/* Read a register. *event is set if the read changed interrupt state. */
static uint8_t uart_read_reg(struct uart *u, unsigned reg, bool *event)
{
    uint8_t v;
    bool dlab = u->lcr & UART_LCR_DLAB;

    switch (reg) {
    case UART_RBR:
        if (dlab)
            return u->dll;
        *event = true;
        return uart_read_rbr(u);
    case UART_IER:
        return dlab ? u->dlm : u->ier;
    case UART_IIR:
        v = uart_iir(u);
        /* Reading IIR acknowledges a THR-empty interrupt it reports. */
        if ((v & UART_IIR_ID_MASK) == UART_IIR_THRI && !(v & UART_IIR_NO_INT)) {
            u->thr_ipending = false;
            *event = true;
        }
        return v;
    case UART_LCR:
        return u->lcr;
    case UART_MCR:
        return u->mcr;
    case UART_LSR:
        v = (uint8_t)(u->lsr_err | UART_LSR_THRE | UART_LSR_TEMT |
                      (u->rx_count ? UART_LSR_DR : 0));
        *event = u->lsr_err != 0;
        u->lsr_err = 0;    /* error bits clear on read */
        return v;
    case UART_MSR:
        v = u->msr;
        *event = (v & UART_MSR_DELTA) != 0;
        u->msr &= (uint8_t)~UART_MSR_DELTA;
        return v;
    default:
        return u->scr;
    }
}

static void uart_write_thr(struct uart *u, uint8_t c)
{
    if (u->mcr & UART_MCR_LOOP)
        uart_push(u, c);
    else if (u->tx)
        u->tx(u->tx_ctx, c);
    /* The byte left at once: THR is empty again, which re-arms the
     * THR-empty interrupt (the write itself cleared it). */
    u->thr_ipending = true;
}

static void uart_write_fcr(struct uart *u, uint8_t val)
{
    /* Toggling FIFOE resets the FIFOs; the other bits only take effect
     * while FIFOE is being written as 1. */
    if ((val ^ u->fcr) & UART_FCR_FIFOE)
        uart_rx_reset(u);
    if (!(val & UART_FCR_FIFOE)) {
        u->fcr = 0;
        return;
    }
    u->fcr = val & (UART_FCR_FIFOE | UART_FCR_DMA | UART_FCR_TRIG_MASK);
    if (val & UART_FCR_RFR)
        uart_rx_reset(u);
    /* UART_FCR_XFR: nothing is ever queued for transmission. */
}

/* Write a register. Returns whether interrupt state may have changed. */
static bool uart_write_reg(struct uart *u, unsigned reg, uint8_t val)
{
    bool dlab = u->lcr & UART_LCR_DLAB;

    switch (reg) {
    case UART_THR:
        if (dlab) {
            u->dll = val;
            return false;
        }
        uart_write_thr(u, val);
        return true;
    case UART_IER:
        if (dlab) {
            u->dlm = val;
            return false;
        }
        /* Enabling ETBEI while THR is empty (always, here) raises the
         * THR-empty interrupt; Linux's 8250 probe checks exactly this. */
        if ((val & ~u->ier) & UART_IER_ETBEI)
            u->thr_ipending = true;
        u->ier = val & UART_IER_MASK;
        return true;
    case UART_FCR:
        uart_write_fcr(u, val);
        return true;
    case UART_LCR:
        u->lcr = val;
        return false;
    case UART_MCR:
        u->mcr = val & 0x1f;
        if (u->mcr & UART_MCR_LOOP)
            uart_loop_msr(u);
        else
            u->msr = (u->msr & UART_MSR_DELTA) |
                     UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
        return true;
    case UART_LSR:
    case UART_MSR:
        return false;    /* read-only (factory test use only on real parts) */
    default:
        u->scr = val;
        return false;
    }
}

static bool uart_read(void *dev, uint64_t off, unsigned size, uint64_t *val)
{
    struct uart *u = dev;
    if (size != 1 || off >= UART_NREGS)
        return false;
    bool event = false;
    *val = uart_read_reg(u, (unsigned)off, &event);
    if (event)
        uart_update_irq(u);
    return true;
}

static bool uart_write(void *dev, uint64_t off, uint64_t val, unsigned size)
{
    struct uart *u = dev;
    if (size != 1 || off >= UART_NREGS)
        return false;
    if (uart_write_reg(u, (unsigned)off, (uint8_t)val))
        uart_update_irq(u);
    return true;
}

static const struct dev_ops uart_ops = {
    .name = "uart16550",
    .read = uart_read,
    .write = uart_write,
};
