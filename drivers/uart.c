// SPDX-License-Identifier: GPL-2.0-only
/*
 * 16550 UART.  Both directions go through rings in memory, so nothing
 * waits on the wire unless it chooses to.  Transmit: bytes are queued and
 * the FIFO is topped up whenever the transmitter is empty -- at once if it
 * is, else from the "transmitter empty" interrupt, which is enabled only
 * while bytes wait.  A slow line (9600 baud is 1 ms a byte) then costs the
 * CPU nothing: whoever has more to say than the ring holds is told how
 * much was taken and comes back later, and only uart_putc (the
 * hypervisor's own messages) waits for room.  Receive is interrupt-driven
 * into a ring, so bytes typed while the hypervisor is busy (or a guest is
 * running) are kept.
 */
#include "drivers/uart.h"
#include "cpu/x86.h"

enum {
	RBR = 0, THR = 0, DLL = 0,	/* with DLAB: divisor latch */
	IER = 1, DLM = 1,
	IIR = 2, FCR = 2,
	LCR = 3, MCR = 4, LSR = 5, MSR = 6, SCR = 7,
};
#define LCR_DLAB 0x80
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08	/* gates the IRQ line on PC hardware */
#define MCR_LOOP 0x10
#define IER_RX 0x01
#define IER_THRI 0x02
#define IIR_NONE 0x01
#define FCR_ENABLE_CLEAR_TRIG14 0xC7
#define FIFO_DEPTH 16

static bool probe(uint16_t base)
{
	/* The scratch register holds what we write; an empty bus reads 0xFF. */
	outb(base + SCR, 0x5A);
	if (inb(base + SCR) != 0x5A)
		return false;
	outb(base + SCR, 0xA5);
	return inb(base + SCR) == 0xA5;
}

bool uart_init(struct uart *u, int index, const struct uart_config *cfg)
{
	uint16_t b = cfg->base;
	uint8_t lcr;

	u->index = (uint8_t)index;
	u->cfg = *cfg;
	u->present = probe(b);
	if (!u->present)
		return false;

	outb(b + IER, 0);
	lcr = (uint8_t)(cfg->data_bits - 5);
	if (cfg->stop_bits == 2)
		lcr |= 0x04;
	switch (cfg->parity) {
	case 'o': lcr |= 0x08; break;
	case 'e': lcr |= 0x18; break;
	case 'm': lcr |= 0x28; break;
	case 's': lcr |= 0x38; break;
	}
	if (cfg->baud) {
		uint16_t div = (uint16_t)(115200 / cfg->baud);
		outb(b + LCR, LCR_DLAB);
		outb(b + DLL, div & 0xFF);
		outb(b + DLM, div >> 8);
	}
	outb(b + LCR, lcr);
	outb(b + FCR, FCR_ENABLE_CLEAR_TRIG14);
	u->has_fifo = (inb(b + IIR) & 0xC0) == 0xC0;
	outb(b + MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	u->tx_head = u->tx_tail = 0;
	u->tx_irq_on = false;
	u->rx_head = u->rx_tail = 0;
	u->rx_dropped = 0;
	/* Drain anything stale, then let received bytes interrupt us. */
	while (inb(b + LSR) & LSR_DR)
		(void)inb(b + RBR);
	outb(b + IER, IER_RX);
	return true;
}

uint32_t uart_tx_room(const struct uart *u)
{
	return u->present ? UART_TX_RING - (u->tx_head - u->tx_tail) : UART_TX_RING;
}

void uart_tx_queue(struct uart *u, uint8_t c)
{
	if (!u->present || u->tx_head - u->tx_tail >= UART_TX_RING)
		return;
	u->tx_buf[u->tx_head % UART_TX_RING] = c;
	u->tx_head++;
}

void uart_tx_pump(struct uart *u)
{
	uint16_t b = u->cfg.base;

	if (!u->present)
		return;
	while (u->tx_tail != u->tx_head && (inb(b + LSR) & LSR_THRE)) {
		/* THRE means the whole FIFO is empty, not just one slot. */
		for (unsigned n = u->has_fifo ? FIFO_DEPTH : 1; n && u->tx_tail != u->tx_head; n--) {
			outb(b + THR, u->tx_buf[u->tx_tail % UART_TX_RING]);
			u->tx_tail++;
		}
	}
	/* Bytes left: the transmitter is busy; let it say when it is done. */
	bool want_irq = u->tx_tail != u->tx_head;
	if (want_irq != u->tx_irq_on) {
		u->tx_irq_on = want_irq;
		outb(b + IER, want_irq ? IER_RX | IER_THRI : IER_RX);
	}
}

void uart_putc(struct uart *u, uint8_t c)
{
	if (!u->present)
		return;
	while (u->tx_head - u->tx_tail >= UART_TX_RING) {
		uart_tx_pump(u);
		cpu_relax();
	}
	uart_tx_queue(u, c);
	if (u->tx_head - u->tx_tail >= FIFO_DEPTH)
		uart_tx_pump(u);	/* the rest goes out with uart_tx_pump */
}

void uart_drain(struct uart *u)
{
	while (u->present && u->tx_tail != u->tx_head) {
		uart_tx_pump(u);
		cpu_relax();
	}
}

void uart_handle_irq(struct uart *u)
{
	uint16_t b = u->cfg.base;

	if (!u->present)
		return;
	/* Until the port has nothing left to report: an ISA line is edge
	 * triggered, so a condition left standing would never interrupt
	 * again.  The last round ends with the work, not with reading IIR:
	 * a read that reports "transmitter empty" also clears it, and the
	 * bytes still queued would then wait for good. */
	for (int round = 0;; round++) {
		while (inb(b + LSR) & LSR_DR) {
			uint8_t c = inb(b + RBR);
			uint32_t head = u->rx_head;
			if (head - u->rx_tail >= UART_RX_RING) {
				u->rx_dropped++;
				continue;
			}
			u->rx_buf[head % UART_RX_RING] = c;
			u->rx_head = head + 1;
		}
		uart_tx_pump(u);
		if (round == 7 || (inb(b + IIR) & IIR_NONE))
			break;
	}
}

int uart_getc(struct uart *u)
{
	uint32_t tail = u->rx_tail;
	int c;

	if (tail == u->rx_head)
		return -1;
	c = u->rx_buf[tail % UART_RX_RING];
	u->rx_tail = tail + 1;
	return c;
}
