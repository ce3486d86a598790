/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the console needs of a place it shows text and reads keys from: a
 * serial port (hv/console_serial.c) or the screen and keyboard
 * (hv/console_screen.c).  hv/console.c labels and routes; a backend only
 * moves bytes, and tells the console about input and room through the
 * two flags below, set from its interrupt.
 */
#ifndef HV_CONSOLE_BACKEND_H
#define HV_CONSOLE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

struct console_backend {
	bool present;
	/* Bytes put() can take now without waiting. */
	uint32_t (*room)(struct console_backend *b);
	/* One byte out; with wait, waiting for room if need be (without,
	 * the caller made sure of the room). */
	void (*put)(struct console_backend *b, uint8_t c, bool wait);
	/* Moves what was put towards the hardware, never waiting. */
	void (*pump)(struct console_backend *b);
	/* Waits until everything put is out (before a halt). */
	void (*drain)(struct console_backend *b);
	/* The next byte of input, or -1. */
	int (*getc)(struct console_backend *b);
};

/* Set by a backend's interrupt: input arrived (hv/devices/console_mux.c
 * routes it from the run loop). */
extern volatile bool console_input_pending;
/* Set by a backend's interrupt when it took queued bytes: guests waiting
 * for room may go on (hv/devices/console_out.c).  The interrupt comes only
 * while bytes are queued, so a writer is refused only on room() looked at
 * after its last pump() (hv/console.c): a pump that sends everything
 * leaves nothing to interrupt for. */
extern volatile bool console_output_room;

#endif
