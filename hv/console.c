// SPDX-License-Identifier: GPL-2.0-only
/*
 * Hypervisor messages go to every console named by console= (serial
 * ports, the screen, or both), with "\n" sent as "\r\n" as terminals
 * expect, and so does the output of every guest that has no port of its
 * own, labelled so a person can tell who is speaking ("[name] " before
 * each line by default).  A guest's unfinished line is ended before anyone
 * else speaks.  What a console is made of is its backend's business
 * (hv/console_backend.h); here there are only labels and routes.
 *
 * Nothing here waits for a guest: guest bytes are taken only as far as
 * every console has room, and the caller keeps the rest for later
 * (hv/devices/console_out.c); the hypervisor's own messages wait for
 * room, as they are few and short.  Received bytes wait in each backend
 * for hv/devices/console_mux.c to route.
 */
#include "hv/console.h"
#include "hv/console_screen.h"
#include "hv/console_serial.h"
#include "lib/log.h"
#include "lib/string.h"

static struct console_backend *ports[CONSOLE_PORTS];
static unsigned console_ports;
static bool screen_fallback;	/* the screen, as no serial console port answers */
static enum label_mode label_mode;
static int line_owner = -1;	/* guest whose line is unfinished, or -1 */
static int last_speaker = -1;	/* for label_mode switch */
volatile bool console_input_pending;
volatile bool console_output_room;

static bool is_console(int i)
{
	return (console_ports & (1u << i)) && ports[i]->present;
}

/* Bytes to every console, "\n" as "\r\n"; for a guest the caller has
 * made sure of the room. */
static void emit(const char *text, size_t len, bool wait)
{
	for (int i = 0; i < CONSOLE_PORTS; i++) {
		if (!is_console(i))
			continue;
		struct console_backend *b = ports[i];
		for (size_t k = 0; k < len; k++) {
			if (text[k] == '\n')
				b->put(b, '\r', wait);
			b->put(b, (uint8_t)text[k], wait);
		}
	}
}

static void emit_str(const char *s, bool wait)
{
	emit(s, strlen(s), wait);
}

static void pump_console_ports(void)
{
	for (int i = 0; i < CONSOLE_PORTS; i++)
		if (is_console(i))
			ports[i]->pump(ports[i]);
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
	uint32_t room = UINT32_MAX;

	for (int i = 0; i < CONSOLE_PORTS; i++)
		if (is_console(i) && ports[i]->room(ports[i]) < room)
			room = ports[i]->room(ports[i]);
	return room;
}

/*
 * Whether the consoles have room for `need` bytes once the transmitters
 * have taken what they can now.  A guest's bytes are refused only on
 * this answer, looked at after the last pump: the guest then waits for
 * console_output_room, which a port's interrupt sets when its transmitter
 * takes queued bytes -- and that interrupt is armed only while bytes are
 * queued.  Refused on room looked at *before* a pump that then sent
 * everything (the far end caught up meanwhile), the guest would wait for
 * an interrupt that never comes: its output stalled for good (1 MiB
 * through COM2 stopped at 80 KB once, the test harness reading late).
 * Full after a pump, a port is still sending, and says when it is done.
 */
static bool room_after_pump(uint32_t need)
{
	pump_console_ports();
	return console_room() >= need;
}

uint32_t console_guest_write(int id, const char *name, const uint8_t *buf, uint32_t len)
{
	/* Labels and line ends one guest byte can bring with it, at most: the
	 * "--- name ---" banner, the break of another's line, "[name] ",
	 * "\r\n". */
	uint32_t worst = 2 * (uint32_t)strlen(name) + 32, i;

	for (i = 0; i < len; i++) {
		if (console_room() < worst && !room_after_pump(worst))
			return i;
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
	struct console_backend *b = ports[port];
	uint32_t done = 0;

	/* Refused only when full right after a pump (see room_after_pump). */
	for (;;) {
		b->pump(b);
		uint32_t n = b->room(b);
		if (n > len - done)
			n = len - done;
		if (!n)
			return done;
		for (uint32_t i = 0; i < n; i++)
			b->put(b, buf[done + i], false);
		done += n;
	}
}

void console_flush(void)
{
	for (int i = 0; i < CONSOLE_PORTS; i++)
		if (ports[i]->present)
			ports[i]->drain(ports[i]);
}

bool console_port_present(int port)
{
	return port >= 0 && port < CONSOLE_PORTS && ports[port]->present;
}

bool console_is_console_port(int port)
{
	return console_ports & (1u << port);
}

int console_port_getc(int port)
{
	return ports[port]->present ? ports[port]->getc(ports[port]) : -1;
}

void console_init(const struct hv_options *o)
{
	console_ports = o->console_ports;
	label_mode = o->label_mode;
	serial_console_init(o, ports);
	ports[CONSOLE_VGA] = screen_console_init();
	/* No console that answers (a PC without serial ports): the screen. */
	bool any = false;
	for (int i = 0; i < CONSOLE_PORTS; i++)
		any |= is_console(i);
	if (!any && ports[CONSOLE_VGA]->present) {
		console_ports |= 1u << CONSOLE_VGA;
		screen_fallback = true;
	}
	log_set_sink(console_sink);
}

void console_report(void)
{
	serial_console_report(console_ports & ((1u << UART_MAX_PORTS) - 1));
	screen_console_report(console_ports & (1u << CONSOLE_VGA), screen_fallback);
}

void console_enable_irqs(void)
{
	serial_console_enable_irqs();
	screen_console_enable_irqs();
}

int console_getc(void)
{
	for (int i = 0; i < CONSOLE_PORTS; i++) {
		if (!is_console(i))
			continue;
		int c = ports[i]->getc(ports[i]);
		if (c >= 0)
			return c;
	}
	return -1;
}
