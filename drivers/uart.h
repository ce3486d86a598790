/* SPDX-License-Identifier: GPL-2.0-only */
/* The 16550 UART driver: real serial ports, knowing nothing of guests. */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include <stdint.h>
#include <stdbool.h>

#define UART_MAX_PORTS 4
#define UART_RX_RING 4096	/* bytes kept between interrupt and reader */
#define UART_TX_RING 8192	/* bytes queued for the transmitter */

/* How a port is to be set up: `com1=115200,8n1,0x3f8,4` in Xen's syntax. */
struct uart_config {
	uint16_t base;		/* I/O port base; 0 = the standard one */
	uint8_t irq;		/* ISA IRQ line; 0 = the standard one */
	uint32_t baud;		/* 0 = keep what the firmware set */
	uint8_t data_bits;	/* 5..8 */
	char parity;		/* 'n', 'o', 'e', 'm', 's' */
	uint8_t stop_bits;	/* 1 or 2 */
};

struct uart {
	bool present;
	bool has_fifo;
	uint8_t index;		/* 0 for COM1 */
	struct uart_config cfg;
	/* Transmit ring: writers advance head, the pump advances tail. */
	uint32_t tx_head, tx_tail;
	bool tx_irq_on;		/* "transmitter empty" interrupt enabled */
	uint8_t tx_buf[UART_TX_RING];
	/* Receive ring: the IRQ handler writes head, readers advance tail. */
	volatile uint32_t rx_head, rx_tail;
	uint32_t rx_dropped;
	uint8_t rx_buf[UART_RX_RING];
};

/* The standard base and IRQ of COMn, n = 1..4. */
void uart_standard(int index, uint16_t *base, uint8_t *irq);
/* Sensible defaults: 115200 8n1 on the standard base and IRQ. */
void uart_config_default(int index, struct uart_config *cfg);
/* Parses "<baud|auto>[,<bits><parity><stop>[,<io-base>[,<irq>]]]" into
 * cfg (which should hold the defaults).  Returns NULL, or what was wrong. */
const char *uart_config_parse(const char *text, struct uart_config *cfg);

/* Probes and programs the port; false if no UART answers there. */
bool uart_init(struct uart *u, int index, const struct uart_config *cfg);
/* Bytes that can be queued now without waiting. */
uint32_t uart_tx_room(const struct uart *u);
/* Queues one byte (the caller made sure of the room; else it is lost). */
void uart_tx_queue(struct uart *u, uint8_t c);
/* Moves queued bytes to the transmitter as far as it takes them now,
 * never waiting; the port interrupts when it has room for more. */
void uart_tx_pump(struct uart *u);
/* Queues one byte, waiting for room if need be: never dropped. */
void uart_putc(struct uart *u, uint8_t c);
/* Waits until everything queued is on the wire (before a halt). */
void uart_drain(struct uart *u);
/* Drains the receiver into its ring and feeds the transmitter; call
 * from the port's IRQ. */
void uart_handle_irq(struct uart *u);
/* The next received byte, or -1 when none is waiting. */
int uart_getc(struct uart *u);

#endif
