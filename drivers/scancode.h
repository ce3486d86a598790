/* SPDX-License-Identifier: GPL-2.0-only */
/* PC keyboard scancodes (set 1, as the 8042 translates them) into the
 * bytes a serial terminal would send for the same keys.  Pure logic. */
#ifndef DRIVERS_SCANCODE_H
#define DRIVERS_SCANCODE_H

#include <stdint.h>
#include <stdbool.h>

#define SCANCODE_SEQ_MAX 8	/* the longest key sequence, e.g. ESC [ 2 4 ~ */

/* LED bits as the keyboard's "set LEDs" command (0xED) takes them. */
#define KBD_LED_SCROLL 0x01
#define KBD_LED_NUM 0x02
#define KBD_LED_CAPS 0x04

struct kbd_state {
	bool shift_l, shift_r, ctrl_l, ctrl_r, alt_l, alt_r;
	bool caps_lock, num_lock;
	bool caps_held, num_held;	/* held lock keys repeat: toggle once */
	bool e0;		/* the last byte was the 0xE0 prefix */
	uint8_t skip;		/* bytes of a Pause sequence still to come */
};

/* US layout, Num Lock on (as most firmware leaves it). */
void scancode_reset(struct kbd_state *s);
/* One byte from the keyboard.  Writes what a terminal would send for it
 * to out (nothing for a release, a modifier, or a controller reply) and
 * returns how many bytes that is. */
int scancode_feed(struct kbd_state *s, uint8_t code, uint8_t out[SCANCODE_SEQ_MAX]);
/* The LEDs the lock keys call for (KBD_LED_*). */
uint8_t scancode_leds(const struct kbd_state *s);

#endif
