// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor messages go to every port named by console=, with "\n" sent as
 * "\r\n" as terminals expect, and so does the output of every guest that
 * has no port of its own, labelled so a person can tell who is speaking
 * ("[name] " before each line by default).  A guest's unfinished line is
 * ended before anyone else speaks.
 *
 * Nothing here waits for a guest: guest bytes are taken only as far as
 * the ports' transmit rings have room, and the caller keeps the rest for
 * later (hv/devices/console_out.c); the hypervisor's own messages wait
 * for room, as they are few and short.  Serial interrupts land here:
 * received bytes fill each port's ring for hv/devices/console_mux.c to
 * route, and a transmitter with room again sets console_output_room.
 */
#include "hv/console.h"
#include "cpu/trap.h"
#include "drivers/pic.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

static struct uart ports[UART_MAX_PORTS];
static unsigned console_ports;
static enum label_mode label_mode;
static int line_owner = -1;	/* guest whose line is unfinished, or -1 */
static int last_speaker = -1;	/* for label_mode switch */
volatile bool console_input_pending;
volatile bool console_output_room;

static bool is_console(int i)
{
	return (console_ports & (1u << i)) && ports[i].present;
}

static void put(struct uart *u, char c, bool wait)
{
	if (wait)
		uart_putc(u, (uint8_t)c);
	else
		uart_tx_queue(u, (uint8_t)c);
}

/* Bytes to every console port, "\n" as "\r\n"; for a guest the caller
 * has made sure of the room. */
static void emit(const char *text, size_t len, bool wait)
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		if (!is_console(i))
			continue;
		for (size_t k = 0; k < len; k++) {
			if (text[k] == '\n')
				put(&ports[i], '\r', wait);
			put(&ports[i], text[k], wait);
		}
	}
}

static void emit_str(const char *s, bool wait)
{
	emit(s, strlen(s), wait);
}

static void pump_console_ports(void)
{
	for (int i = 0; i < UART_MAX_PORTS; i++)
		if (is_console(i))
			uart_tx_pump(&ports[i]);
}

/* A guest's unfinished line is ended before anyone else speaks. */
static void break_line(bool wait)
{
	if (line_owner >= 0)
		emit("\n", 1, wait);
	line_owner = -1;
}

static void console_sink(const char *text, size_t len)
{
	break_line(true);
	last_speaker = -1;
	emit(text, len, true);
	pump_console_ports();
}

static uint32_t console_room(void)
{
	uint32_t room = UART_TX_RING;

	for (int i = 0; i < UART_MAX_PORTS; i++)
		if (is_console(i) && uart_tx_room(&ports[i]) < room)
			room = uart_tx_room(&ports[i]);
	return room;
}

uint32_t console_guest_write(int id, const char *name, const uint8_t *buf, uint32_t len)
{
	/* Labels and line ends one guest byte can bring with it, at most: the
	 * "--- name ---" banner, the break of another's line, "[name] ",
	 * "\r\n". */
	uint32_t worst = 2 * (uint32_t)strlen(name) + 32, i;

	for (i = 0; i < len && console_room() >= worst; i++) {
		if (line_owner != id)
			break_line(false);
		if (label_mode == LABEL_SWITCH && last_speaker != id) {
			emit_str("--- ", false);
			emit_str(name, false);
			emit_str(" ---\n", false);
		}
		last_speaker = id;
		if (line_owner != id && label_mode == LABEL_PREFIX) {
			emit_str("[", false);
			emit_str(name, false);
			emit_str("] ", false);
		}
		line_owner = id;
		if (buf[i] == '\r')
			continue;	/* "\n" becomes "\r\n" on the wire anyway */
		emit((const char *)&buf[i], 1, false);
		if (buf[i] == '\n')
			line_owner = -1;
	}
	pump_console_ports();
	return i;
}

uint32_t console_port_write(int port, const uint8_t *buf, uint32_t len)
{
	struct uart *u = &ports[port];
	uint32_t n = uart_tx_room(u);

	if (n > len)
		n = len;
	for (uint32_t i = 0; i < n; i++)
		uart_tx_queue(u, buf[i]);
	uart_tx_pump(u);
	return n;
}

void console_flush(void)
{
	for (int i = 0; i < UART_MAX_PORTS; i++)
		uart_drain(&ports[i]);
}

bool console_port_present(int port)
{
	return port >= 0 && port < UART_MAX_PORTS && ports[port].present;
}

bool console_is_console_port(int port)
{
	return console_ports & (1u << port);
}

int console_port_getc(int port)
{
	return uart_getc(&ports[port]);
}

void console_init(const struct hv_options *o)
{
	console_ports = o->console_ports;
	label_mode = o->label_mode;
	for (int i = 0; i < UART_MAX_PORTS; i++)
		uart_init(&ports[i], i, &o->com[i]);
	log_set_sink(console_sink);
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
		if (!ports[i].present || ports[i].cfg.irq != irq)
			continue;
		uint32_t tail = ports[i].tx_tail;
		uart_handle_irq(&ports[i]);
		if (ports[i].tx_tail != tail)
			console_output_room = true;
	}
	console_input_pending = true;
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

