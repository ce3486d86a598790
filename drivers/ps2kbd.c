// SPDX-License-Identifier: GPL-2.0-only
/*
 * The PS/2 keyboard, through the Intel 8042 "keyboard controller" that
 * every PC has had since the AT (on newer ones, emulated by the chipset or
 * by the firmware for a USB keyboard).  Port 0x64 is its status (read)
 * and command (write) register, 0x60 its data port.  The controller turns
 * the keyboard's scancode set 2 into set 1 (bit 6 of its configuration
 * byte), which drivers/scancode.c turns into terminal bytes; they wait in
 * a ring for the console, as a UART's received bytes do.
 *
 * Nothing here waits on a clock: every wait for the controller is a
 * bounded number of status reads (each a microsecond or so on the ISA
 * bus), so a missing or dead controller costs a few milliseconds once.
 */
#include "drivers/ps2kbd.h"
#include "drivers/scancode.h"
#include "cpu/x86.h"

#define DATA 0x60
#define STATUS 0x64
#define COMMAND 0x64
#define ST_OUT_FULL 0x01	/* a byte waits at DATA */
#define ST_IN_FULL 0x02		/* the controller has not taken our last byte */
#define ST_AUX 0x20		/* the waiting byte is from the mouse port */
#define CMD_READ_CONFIG 0x20
#define CMD_WRITE_CONFIG 0x60
#define CMD_AUX_OFF 0xA7
#define CMD_KBD_OFF 0xAD
#define CMD_KBD_ON 0xAE
#define CFG_KBD_IRQ 0x01
#define CFG_AUX_IRQ 0x02
#define CFG_KBD_CLOCK_OFF 0x10
#define CFG_TRANSLATE 0x40
#define KBD_SET_LEDS 0xED
#define KBD_ENABLE 0xF4
#define SPINS 100000		/* status reads before we give up */

static struct kbd_state state;
static uint8_t leds_shown;
static volatile uint32_t ring_head, ring_tail;
static uint8_t ring[PS2KBD_RING];

static bool wait_writable(void)
{
	for (int i = 0; i < SPINS; i++)
		if (!(inb(STATUS) & ST_IN_FULL))
			return true;
	return false;
}

static int read_data(void)
{
	for (int i = 0; i < SPINS; i++)
		if (inb(STATUS) & ST_OUT_FULL)
			return inb(DATA);
	return -1;
}

static bool command(uint8_t cmd)
{
	if (!wait_writable())
		return false;
	outb(COMMAND, cmd);
	return true;
}

/* A byte to the data port: for the keyboard itself (it answers 0xFA,
 * which scancode.c ignores when it arrives), or the argument of a
 * controller command. */
static bool write_data(uint8_t b)
{
	if (!wait_writable())
		return false;
	outb(DATA, b);
	return true;
}

static void drain(void)
{
	for (int i = 0; i < 64 && (inb(STATUS) & ST_OUT_FULL); i++)
		(void)inb(DATA);
}

static void show_leds(void)
{
	uint8_t leds = scancode_leds(&state);

	if (leds == leds_shown)
		return;
	leds_shown = leds;
	if (write_data(KBD_SET_LEDS))
		write_data(leds);
}

bool ps2kbd_init(void)
{
	int cfg;

	/* Nothing decodes the ports: they read as all ones. */
	if (inb(STATUS) == 0xFF)
		return false;
	if (!command(CMD_KBD_OFF) || !command(CMD_AUX_OFF))
		return false;
	drain();
	if (!command(CMD_READ_CONFIG) || (cfg = read_data()) < 0)
		return false;
	cfg = (cfg | CFG_KBD_IRQ | CFG_TRANSLATE) & ~(CFG_AUX_IRQ | CFG_KBD_CLOCK_OFF);
	if (!command(CMD_WRITE_CONFIG) || !write_data((uint8_t)cfg) || !command(CMD_KBD_ON))
		return false;
	scancode_reset(&state);
	ring_head = ring_tail = 0;
	leds_shown = 0xFF;
	/* Scanning may have been stopped by the firmware; the LEDs show
	 * Num Lock.  The keyboard's ACKs come in as ordinary bytes. */
	write_data(KBD_ENABLE);
	show_leds();
	return true;
}

bool ps2kbd_handle_irq(void)
{
	uint8_t seq[SCANCODE_SEQ_MAX];
	bool added = false;
	uint8_t st;

	/* Everything waiting: the line is edge triggered. */
	for (int i = 0; i < 32 && ((st = inb(STATUS)) & ST_OUT_FULL); i++) {
		uint8_t code = inb(DATA);
		if (st & ST_AUX)
			continue;	/* a mouse we did not ask for */
		int n = scancode_feed(&state, code, seq);
		for (int k = 0; k < n; k++) {
			uint32_t head = ring_head;
			if (head - ring_tail >= PS2KBD_RING)
				break;	/* nobody reads: the key is lost */
			ring[head % PS2KBD_RING] = seq[k];
			ring_head = head + 1;
			added = true;
		}
	}
	show_leds();
	return added;
}

int ps2kbd_getc(void)
{
	uint32_t tail = ring_tail;
	int c;

	if (tail == ring_head)
		return -1;
	c = ring[tail % PS2KBD_RING];
	ring_tail = tail + 1;
	return c;
}
