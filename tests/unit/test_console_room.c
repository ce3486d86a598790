// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest's console bytes are refused only while the port is still
 * sending.  A refused guest waits for console_output_room, which a
 * serial port's "transmitter empty" interrupt sets -- and that interrupt
 * is enabled only while bytes are queued.  So room must be judged after
 * the last pump: if the far end caught up meanwhile, that pump sends
 * everything, the interrupt is switched off, and a guest refused on the
 * room seen before it would wait for good (a megabyte through COM2
 * stopped at 80 KB once in CI, with the test harness reading late).
 *
 * The ports here are models of drivers/uart.c under QEMU: a ring of
 * RING bytes, and a wire that takes what the far end has room for, at
 * once, when pumped; the interrupt is armed while the ring holds bytes.
 * sources: hv/console.c lib/string.c
 */
#include <stdbool.h>
#include <stdint.h>
#include "check.h"
#include "hv/console.h"
#include "hv/console_screen.h"
#include "hv/console_serial.h"
#include "lib/log.h"

#define RING 64u

struct model {
	struct console_backend b;	/* first */
	uint8_t ring[RING];
	uint32_t head, tail;
	uint32_t far_room;		/* bytes the far end takes now */
	uint8_t wire[4096];
	uint32_t sent;
	bool irq_armed;			/* "transmitter empty" enabled */
};

static struct model com[UART_MAX_PORTS];

static uint32_t m_room(struct console_backend *b)
{
	struct model *m = (struct model *)b;
	return RING - (m->head - m->tail);
}

static void m_put(struct console_backend *b, uint8_t c, bool wait)
{
	struct model *m = (struct model *)b;
	CHECK(m->head - m->tail < RING);
	m->ring[m->head++ % RING] = c;
}

static void m_pump(struct console_backend *b)
{
	struct model *m = (struct model *)b;
	while (m->tail != m->head && m->far_room) {
		m->wire[m->sent++ % sizeof(m->wire)] = m->ring[m->tail++ % RING];
		m->far_room--;
	}
	m->irq_armed = m->tail != m->head;
}

static int m_getc(struct console_backend *b)
{
	return -1;
}

void serial_console_init(const struct hv_options *o, struct console_backend *out[UART_MAX_PORTS])
{
	for (int i = 0; i < UART_MAX_PORTS; i++) {
		com[i] = (struct model){ .b = { .present = true, .room = m_room, .put = m_put,
					       .pump = m_pump, .drain = m_pump, .getc = m_getc } };
		out[i] = &com[i].b;
	}
}

void serial_console_report(unsigned console_ports) {}
void serial_console_enable_irqs(void) {}

static struct console_backend no_screen;

struct console_backend *screen_console_init(void)
{
	return &no_screen;
}

void screen_console_report(bool console, bool fallback) {}
void screen_console_enable_irqs(void) {}
void log_set_sink(log_sink_fn sink) {}

static void setup(void)
{
	struct hv_options o = { .label_mode = LABEL_PREFIX, .console_ports = 1u << 0 };

	console_init(&o);
}

/* COM2 nearly full and the far end, stalled until now, catching up just
 * as the guest writes: the whole write goes. */
static void port_write_after_far_end_caught_up(void)
{
	struct model *m = &com[1];
	uint8_t buf[32];

	setup();
	for (uint32_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)('a' + i % 26);
	m->head = RING - 4;	/* 60 bytes queued, the far end full */
	m->irq_armed = true;
	m->far_room = 1000;	/* ... and now reading again */
	uint32_t n = console_port_write(1, buf, sizeof(buf));
	CHECK_EQ(n, sizeof(buf));
	CHECK(n == sizeof(buf) || m->irq_armed);	/* refused: an interrupt to come */
	CHECK_EQ(m->sent, RING - 4 + sizeof(buf));
	CHECK(!memcmp(m->wire + RING - 4, buf, sizeof(buf)));
}

/* The far end still full: what fits is queued, the rest refused, and the
 * port will interrupt when its transmitter takes bytes. */
static void port_write_refused_while_sending(void)
{
	struct model *m = &com[1];
	uint8_t buf[32] = { 0 };

	setup();
	m->head = RING - 4;
	m->irq_armed = true;
	CHECK_EQ(console_port_write(1, buf, sizeof(buf)), 4);
	CHECK(m->irq_armed);
	CHECK_EQ(m->sent, 0);
	/* A little room on the far end: it is used, and no more is refused
	 * than the ring cannot hold. */
	m->far_room = 10;
	CHECK_EQ(console_port_write(1, buf, sizeof(buf)), 10);
	CHECK(m->irq_armed);
	CHECK_EQ(m_room(&m->b), 0);
}

/* The same on the shared console, labels and all. */
static void guest_write_after_far_end_caught_up(void)
{
	struct model *m = &com[0];
	const char *text = "one line of a guest\n";

	setup();
	m->head = RING - 8;	/* less than a label's worst case */
	m->irq_armed = true;
	m->far_room = 1000;
	uint32_t n = console_guest_write(3, "g", (const uint8_t *)text, strlen(text));
	CHECK_EQ(n, strlen(text));
	CHECK(n == strlen(text) || m->irq_armed);
}

static void guest_write_refused_while_sending(void)
{
	struct model *m = &com[0];
	const char *text = "one line of a guest\n";

	setup();
	m->head = RING - 8;
	m->irq_armed = true;
	CHECK_EQ(console_guest_write(3, "g", (const uint8_t *)text, strlen(text)), 0);
	CHECK(m->irq_armed);
}

int main(void)
{
	RUN(port_write_after_far_end_caught_up);
	RUN(port_write_refused_while_sending);
	RUN(guest_write_after_far_end_caught_up);
	RUN(guest_write_refused_while_sending);
	return 0;
}
