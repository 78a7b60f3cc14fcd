/*
 * uart.c - the 16550 serial port at UART0.
 *
 * Output written by processes goes through a small ring buffer: the
 * writer only waits when the buffer is full, and the transmit-empty
 * interrupt keeps the line busy. Kernel printf and input echo use
 * uartputc_sync instead, which talks to the chip directly and works even
 * with interrupts off.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "defs.h"

/* Register offsets. The divisor latch shares offsets 0 and 1 with
 * RBR/THR and IER while LCR's DLAB bit is set. */
#define RBR 0   /* receive buffer (read)         */
#define THR 0   /* transmit holding (write)      */
#define DLL 0   /* divisor low (DLAB = 1)        */
#define IER 1   /* interrupt enable              */
#define DLM 1   /* divisor high (DLAB = 1)       */
#define IIR 2   /* interrupt identification (read) */
#define FCR 2   /* FIFO control (write)          */
#define LCR 3   /* line control                  */
#define LSR 5   /* line status                   */

#define IER_RDI   0x01   /* receive data available       */
#define IER_THRI  0x02   /* transmit holding empty       */
#define FCR_ENABLE 0x01
#define FCR_CLEAR  0x06  /* reset both FIFOs             */
#define LCR_8N1   0x03
#define LCR_DLAB  0x80
#define LSR_DR    0x01   /* a received byte is waiting   */
#define LSR_THRE  0x20   /* THR can take a byte          */

static volatile uchar *reg(int r) { return (volatile uchar *)(UART0 + r); }
static uchar uart_read(int r) { return *reg(r); }
static void uart_write(int r, uchar v) { *reg(r) = v; }

#define TX_SIZE 32
static struct spinlock tx_lock;
static char tx_buf[TX_SIZE];
static uint64 tx_head;   /* next slot uartputc fills   (under tx_lock) */
static uint64 tx_tail;   /* next byte to send          (under tx_lock) */

void uartinit(void)
{
    uart_write(IER, 0);                  /* quiet while we program it */
    uart_write(LCR, LCR_DLAB);
    uart_write(DLL, 3);                  /* 1.8432 MHz / (16 * 3) = 38400 baud */
    uart_write(DLM, 0);
    uart_write(LCR, LCR_8N1);            /* also clears DLAB */
    uart_write(FCR, FCR_ENABLE | FCR_CLEAR);
    uart_write(IER, IER_RDI | IER_THRI);
    initlock(&tx_lock, "uart");
}

/* Move buffered bytes to the chip while it can take them. Caller holds
 * tx_lock. Whatever does not fit now goes out from the next interrupt. */
static void uartstart(void)
{
    while (tx_tail != tx_head) {
        if ((uart_read(LSR) & LSR_THRE) == 0)
            return;
        char c = tx_buf[tx_tail % TX_SIZE];
        tx_tail++;
        wakeup(&tx_tail);                /* a slot is free for uartputc */
        uart_write(THR, c);
    }
}

void uartputc(int c)
{
    acquire(&tx_lock);
    if (panicked) {
        /* Keep the panic message readable: nobody else prints now. */
        for (;;)
            ;
    }
    while (tx_head == tx_tail + TX_SIZE)
        sleep(&tx_tail, &tx_lock);
    tx_buf[tx_head % TX_SIZE] = c;
    tx_head++;
    uartstart();
    release(&tx_lock);
}

void uartputc_sync(int c)
{
    push_off();   /* an interrupt handler on this hart must not interleave */
    if (panicked) {
        for (;;)
            ;
    }
    while ((uart_read(LSR) & LSR_THRE) == 0)
        ;
    uart_write(THR, c);
    pop_off();
}

/* A received byte, or -1 if none is waiting. */
int uartgetc(void)
{
    if (uart_read(LSR) & LSR_DR)
        return uart_read(RBR);
    return -1;
}

void uartintr(void)
{
    int c;
    while ((c = uartgetc()) != -1)
        consoleintr(c);

    /* Reading IIR acknowledges a pending THR-empty interrupt (it is the
     * highest source left once the receiver is drained); without it the
     * line would stay raised when there is nothing more to send. */
    (void)uart_read(IIR);

    acquire(&tx_lock);
    uartstart();
    release(&tx_lock);
}
