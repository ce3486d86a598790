/* SPDX-License-Identifier: GPL-2.0-only */
/* The PS/2 keyboard behind the 8042 controller, knowing nothing of
 * guests: key presses become terminal bytes in a ring the console reads. */
#ifndef DRIVERS_PS2KBD_H
#define DRIVERS_PS2KBD_H

#include <stdbool.h>
#include <stdint.h>

#define PS2KBD_IRQ 1
#define PS2KBD_RING 256

/* Sets the controller up (translation to set 1, interrupt on IRQ 1, the
 * mouse port off); false if no 8042 answers. */
bool ps2kbd_init(void);
/* Reads what the controller has and translates it; call from IRQ 1, and
 * once when IRQ 1 is first unmasked (the line is edge triggered: a byte
 * left unread keeps it from ever rising again).  Returns true if bytes
 * were added to the ring. */
bool ps2kbd_handle_irq(void);
/* The next byte typed, or -1 when none is waiting. */
int ps2kbd_getc(void);

#endif
