/* SPDX-License-Identifier: GPL-2.0-only */
/* The VGA text screen and the PS/2 keyboard as one console backend. */
#ifndef HV_CONSOLE_SCREEN_H
#define HV_CONSOLE_SCREEN_H

#include "hv/console_backend.h"

/* Finds the screen (clearing it) and the keyboard controller; the
 * backend is there (present) if the screen is. */
struct console_backend *screen_console_init(void);
/* Says what was found.  console: the screen carries the hypervisor's
 * console; fallback: because no serial port asked for does. */
void screen_console_report(bool console, bool fallback);
/* Lets the keyboard interrupt us (after the PIC is set up). */
void screen_console_enable_irqs(void);

#endif
