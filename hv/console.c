// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor messages go to every port named by console=, with "\n" sent as
 * "\r\n" as terminals expect.  Serial receive interrupts land here and fill
 * each port's ring; readers take bytes from the console ports in turn.
 */
#include "hv/console.h"
#include "cpu/trap.h"
#include "drivers/pic.h"
#include "lib/log.h"

static struct uart ports[UART_MAX_PORTS];
static unsigned console_ports;

static void console_sink(const char *text, size_t len)
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		if (!(console_ports & (1u << i)) || !ports[i].present)
			continue;
		for (size_t k = 0; k < len; k++) {
			if (text[k] == '\n')
				uart_putc(&ports[i], '\r');
			uart_putc(&ports[i], (uint8_t)text[k]);
		}
	}
}

void console_init(const struct hv_options *o)
{
	console_ports = o->console_ports;
	for (int i = 0; i < UART_MAX_PORTS; i++)
		uart_init(&ports[i], i, &o->com[i]);
	log_set_sink(console_sink);
}

static const char *parity_name(char p)
{
	switch (p) {
	case 'o': return "o";
	case 'e': return "e";
	case 'm': return "m";
	case 's': return "s";
	default: return "n";
	}
}

void console_report(void)
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		const struct uart *u = &ports[i];
		bool wanted = console_ports & (1u << i);
		if (!u->present) {
			if (wanted)
				kprintf("serial: com%d at %#x not present\n", i + 1, u->cfg.base);
			continue;
		}
		if (u->cfg.baud)
			kprintf("serial: com%d at %#x irq %u, %u %u%s%u%s%s\n", i + 1, u->cfg.base,
				u->cfg.irq, u->cfg.baud, u->cfg.data_bits, parity_name(u->cfg.parity),
				u->cfg.stop_bits, u->has_fifo ? ", 16550A FIFO" : "",
				wanted ? ", console" : "");
		else
			kprintf("serial: com%d at %#x irq %u, firmware settings%s%s\n", i + 1,
				u->cfg.base, u->cfg.irq, u->has_fifo ? ", 16550A FIFO" : "",
				wanted ? ", console" : "");
	}
}

/* One ISA line may be shared by two ports (COM1 and COM3 on IRQ 4). */
static void serial_irq(struct trap_frame *f)
{
	unsigned irq = f->vector - PIC_VECTOR_BASE;

	if (pic_is_spurious(irq))
		return;
	for (int i = 0; i < UART_MAX_PORTS; i++)
		if (ports[i].present && ports[i].cfg.irq == irq)
			uart_handle_irq(&ports[i]);
	pic_eoi(irq);
}

void console_enable_irqs(void)
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		if (!ports[i].present)
			continue;
		trap_set_handler(PIC_VECTOR_BASE + ports[i].cfg.irq, serial_irq);
		pic_unmask(ports[i].cfg.irq);
	}
}

int console_getc(void)
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		if (!(console_ports & (1u << i)))
			continue;
		int c = uart_getc(&ports[i]);
		if (c >= 0)
			return c;
	}
	return -1;
}

struct uart *console_port(int index)
{
	return &ports[index];
}
