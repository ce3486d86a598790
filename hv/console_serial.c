// SPDX-License-Identifier: GPL-2.0-only
/*
 * The serial ports behind the console: drivers/uart.c's rings and
 * interrupts, seen as console backends.  Transmit rings make output cost
 * no waiting (room() says how much a port takes now); the ports'
 * interrupt fills the receive rings and, when a transmitter took queued
 * bytes, lets the guests waiting for room go on.
 */
#include "hv/console_serial.h"
#include "cpu/trap.h"
#include "drivers/pic.h"
#include "lib/fmt.h"
#include "lib/log.h"

struct serial_backend {
	struct console_backend b;	/* first: a backend pointer is ours */
	struct uart u;
};

static struct serial_backend ports[UART_MAX_PORTS];

static struct uart *uart_of(struct console_backend *b)
{
	return &((struct serial_backend *)b)->u;
}

static uint32_t serial_room(struct console_backend *b)
{
	return uart_tx_room(uart_of(b));
}

static void serial_put(struct console_backend *b, uint8_t c, bool wait)
{
	if (wait)
		uart_putc(uart_of(b), c);
	else
		uart_tx_queue(uart_of(b), c);
}

static void serial_pump(struct console_backend *b)
{
	uart_tx_pump(uart_of(b));
}

static void serial_drain(struct console_backend *b)
{
	uart_drain(uart_of(b));
}

static int serial_getc(struct console_backend *b)
{
	return uart_getc(uart_of(b));
}

void serial_console_init(const struct hv_options *o, struct console_backend *out[UART_MAX_PORTS])
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		struct serial_backend *p = &ports[i];
		p->b = (struct console_backend){
			.present = uart_init(&p->u, i, &o->com[i]),
			.room = serial_room, .put = serial_put, .pump = serial_pump,
			.drain = serial_drain, .getc = serial_getc,
		};
		out[i] = &p->b;
	}
}

void serial_console_report(unsigned console_ports)
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		const struct uart *u = &ports[i].u;
		bool wanted = console_ports & (1u << i);
		if (!u->present) {
			if (wanted)
				kprintf("serial: com%d at %#x not present\n", i + 1, u->cfg.base);
			continue;
		}
		char settings[32] = "firmware settings";
		if (u->cfg.baud)
			fmt_snprintf(settings, sizeof(settings), "%u %u%c%u", u->cfg.baud,
				     u->cfg.data_bits, u->cfg.parity, u->cfg.stop_bits);
		kprintf("serial: com%d at %#x irq %u, %s%s%s\n", i + 1, u->cfg.base, u->cfg.irq,
			settings, u->has_fifo ? ", 16550A FIFO" : "", wanted ? ", console" : "");
	}
}

/* One ISA line may be shared by two ports (COM1 and COM3 on IRQ 4). */
static void serial_irq(struct trap_frame *f)
{
	unsigned irq = f->vector - PIC_VECTOR_BASE;

	if (pic_is_spurious(irq))
		return;
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		struct uart *u = &ports[i].u;
		if (!u->present || u->cfg.irq != irq)
			continue;
		uint32_t tail = u->tx_tail;
		uart_handle_irq(u);
		if (u->tx_tail != tail)
			console_output_room = true;
	}
	console_input_pending = true;
	pic_eoi(irq);
}

void serial_console_enable_irqs(void)
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		if (!ports[i].u.present)
			continue;
		trap_set_handler(PIC_VECTOR_BASE + ports[i].u.cfg.irq, serial_irq);
		pic_unmask(ports[i].u.cfg.irq);
	}
}
