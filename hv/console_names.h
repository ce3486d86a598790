/* SPDX-License-Identifier: GPL-2.0-only */
/* The places a console can be, by number and by the name the command
 * lines use: COM1..COM4 and the screen. */
#ifndef HV_CONSOLE_NAMES_H
#define HV_CONSOLE_NAMES_H

#include "drivers/uart.h"

#define CONSOLE_VGA UART_MAX_PORTS		/* after COM1..COM4 (0..3) */
#define CONSOLE_PORTS (UART_MAX_PORTS + 1)

/* "com1".."com4" -> 0..3, "vga" -> CONSOLE_VGA, anything else -> -1. */
int console_port_index(const char *name);
/* The reverse: "com1", ..., "vga". */
const char *console_port_name(int port);

#endif
