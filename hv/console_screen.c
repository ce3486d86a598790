// SPDX-License-Identifier: GPL-2.0-only
/*
 * The screen and keyboard of a PC as a console backend, beside the serial
 * ports: output is drawn at once (the screen never makes anyone wait, so
 * its room is unbounded), input is the keyboard's ring, filled from
 * IRQ 1.  Without an 8042 the screen still shows everything; that is said
 * once, at boot.
 */
#include "hv/console_screen.h"
#include "cpu/trap.h"
#include "drivers/pic.h"
#include "drivers/ps2kbd.h"
#include "drivers/vga.h"
#include "lib/log.h"

static struct console_backend screen;
static bool have_keyboard;

static uint32_t screen_room(struct console_backend *b)
{
	return UINT32_MAX;
}

static void screen_put(struct console_backend *b, uint8_t c, bool wait)
{
	vga_write(&c, 1);
}

static void screen_pump(struct console_backend *b)
{
	vga_sync();
}

static int screen_getc(struct console_backend *b)
{
	return have_keyboard ? ps2kbd_getc() : -1;
}

struct console_backend *screen_console_init(void)
{
	screen = (struct console_backend){
		.present = vga_probe(),
		.room = screen_room, .put = screen_put, .pump = screen_pump,
		.drain = screen_pump, .getc = screen_getc,
	};
	if (screen.present) {
		vga_init();
		have_keyboard = ps2kbd_init();
	}
	return &screen;
}

void screen_console_report(bool console, bool fallback)
{
	static const uint8_t elsewhere[] =
		"lghv: the console is on the serial port; console=vga puts it here too.\r\n";

	if (!screen.present) {
		if (console)
			kprintf("screen: no VGA text screen at 0xb8000\n");
		return;
	}
	kprintf("screen: VGA text 80x25 at 0xb8000%s%s\n", console ? ", console" : "",
		fallback ? " (no serial console port answers)" : "");
	if (have_keyboard)
		kprintf("keyboard: PS/2 through the 8042, irq %u\n", PS2KBD_IRQ);
	else
		kprintf("keyboard: no 8042 controller answers: the screen is output only\n");
	if (!console) {
		/* Someone looking at the screen learns where to look instead. */
		vga_write(elsewhere, sizeof(elsewhere) - 1);
		vga_sync();
	}
}

static void keyboard_irq(struct trap_frame *f)
{
	if (ps2kbd_handle_irq())
		console_input_pending = true;
	pic_eoi(PS2KBD_IRQ);
}

void screen_console_enable_irqs(void)
{
	if (!have_keyboard)
		return;
	trap_set_handler(PIC_VECTOR_BASE + PS2KBD_IRQ, keyboard_irq);
	pic_unmask(PS2KBD_IRQ);
	/* A byte that came before the PIC was set up raised the line then,
	 * and setting up the PIC forgot that edge: with the byte unread the
	 * line stays up and would never interrupt again. */
	if (ps2kbd_handle_irq())
		console_input_pending = true;
}
