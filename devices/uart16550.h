/*
 * uart16550.h - NS16550A UART as on QEMU's virt machine (reg-shift 0,
 * byte-wide registers at offsets 0..7, IRQ 10 on the PLIC).
 *
 * The host side feeds received bytes with uart_receive() and gets every
 * transmitted byte through the tx callback given to uart_new().
 */
#ifndef RVEMU_UART16550_H
#define RVEMU_UART16550_H

#include <stdbool.h>
#include <stdint.h>

#include "irq.h"

struct bus;
struct uart;

#define UART_MMIO_SIZE 0x100   /* QEMU virt's window for UART0 */

/* Register offsets (PC16550D datasheet, "Register Summary"). */
#define UART_RBR 0   /* receiver buffer (read, DLAB=0)           */
#define UART_THR 0   /* transmitter holding (write, DLAB=0)      */
#define UART_DLL 0   /* divisor latch LSB (DLAB=1)               */
#define UART_IER 1   /* interrupt enable (DLAB=0)                */
#define UART_DLM 1   /* divisor latch MSB (DLAB=1)               */
#define UART_IIR 2   /* interrupt identification (read)          */
#define UART_FCR 2   /* FIFO control (write)                     */
#define UART_LCR 3   /* line control                             */
#define UART_MCR 4   /* modem control                            */
#define UART_LSR 5   /* line status                              */
#define UART_MSR 6   /* modem status                             */
#define UART_SCR 7   /* scratch                                  */

/* IER bits */
#define UART_IER_ERBFI 0x01  /* received data available             */
#define UART_IER_ETBEI 0x02  /* transmitter holding register empty  */
#define UART_IER_ELSI  0x04  /* receiver line status                */
#define UART_IER_EDSSI 0x08  /* modem status                        */

/* IIR values: bit 0 clear means an interrupt is pending. */
#define UART_IIR_NO_INT  0x01
#define UART_IIR_ID_MASK 0x0e
#define UART_IIR_MSI     0x00  /* modem status                   (4th) */
#define UART_IIR_THRI    0x02  /* THR empty                      (3rd) */
#define UART_IIR_RDI     0x04  /* received data available       (2nd) */
#define UART_IIR_RLSI    0x06  /* receiver line status          (1st) */
#define UART_IIR_CTI     0x0c  /* character timeout             (2nd) */
#define UART_IIR_FIFO    0xc0  /* both set when FCR.FIFOE = 1          */

/* FCR bits */
#define UART_FCR_FIFOE     0x01  /* FIFO enable                        */
#define UART_FCR_RFR       0x02  /* receiver FIFO reset (self-clearing)*/
#define UART_FCR_XFR       0x04  /* transmit FIFO reset (self-clearing)*/
#define UART_FCR_DMA       0x08  /* DMA mode select                    */
#define UART_FCR_TRIG_MASK 0xc0  /* RX trigger: 1, 4, 8, 14 bytes      */

/* LCR bits */
#define UART_LCR_SBC  0x40   /* set break                              */
#define UART_LCR_DLAB 0x80   /* divisor latch access                   */

/* MCR bits */
#define UART_MCR_DTR  0x01
#define UART_MCR_RTS  0x02
#define UART_MCR_OUT1 0x04
#define UART_MCR_OUT2 0x08
#define UART_MCR_LOOP 0x10

/* LSR bits */
#define UART_LSR_DR    0x01  /* data ready                             */
#define UART_LSR_OE    0x02  /* overrun error                          */
#define UART_LSR_PE    0x04  /* parity error                           */
#define UART_LSR_FE    0x08  /* framing error                          */
#define UART_LSR_BI    0x10  /* break interrupt                        */
#define UART_LSR_THRE  0x20  /* transmitter holding register empty     */
#define UART_LSR_TEMT  0x40  /* transmitter empty                      */
#define UART_LSR_RXFE  0x80  /* error in receiver FIFO                 */

/* MSR bits */
#define UART_MSR_DCTS 0x01
#define UART_MSR_DDSR 0x02
#define UART_MSR_TERI 0x04
#define UART_MSR_DDCD 0x08
#define UART_MSR_CTS  0x10
#define UART_MSR_DSR  0x20
#define UART_MSR_RI   0x40
#define UART_MSR_DCD  0x80

#define UART_FIFO_DEPTH 16    /* the 16550A's receive FIFO             */
#define UART_RX_BUF     4096  /* host input held behind the FIFO       */

/* Create a UART in its reset state. tx(tx_ctx, c) is called for every
 * byte the guest transmits (may be NULL: output discarded). irq is the
 * line to the interrupt controller. NULL on out-of-memory. */
struct uart *uart_new(void (*tx)(void *ctx, uint8_t c), void *tx_ctx,
                      struct irq_line irq);
void uart_free(struct uart *u);

/* Map the UART's registers at [base, base+len) on bus; bus_map()'s result. */
int uart_map(struct uart *u, struct bus *bus, uint64_t base, uint64_t len);

/* Return to the power-on state (machine reset); buffered input is dropped. */
void uart_reset(struct uart *u);

/* Host side: deliver one received byte. Returns false if the input buffer
 * is full; the byte is then lost and LSR.OE reports the overrun. */
bool uart_receive(struct uart *u, uint8_t c);

/* How many bytes uart_receive() will still accept. */
unsigned uart_rx_space(const struct uart *u);

#endif
