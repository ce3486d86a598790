/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's console: its messages on the chosen serial ports, and
 * what is typed there. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include "hv/options.h"

/* Sets up COM1..COM4 as the options say and routes kprintf to the console
 * ports.  Ports that do not answer are reported once the console is up. */
void console_init(const struct hv_options *o);
/* Reports what console_init found (after paging and the banner). */
void console_report(void);
/* Lets the serial ports interrupt us (after the PIC is set up). */
void console_enable_irqs(void);
/* The next byte typed on a console port, or -1. */
int console_getc(void);

/* Set by the serial interrupt; the run loop then routes the input. */
extern volatile bool console_input_pending;
/* Set by the serial interrupt when a transmitter took queued bytes: guests
 * waiting for room may go on (hv/devices/console_out.c). */
extern volatile bool console_output_room;
/* A guest's console output on the shared console, labelled; as much as
 * there is room for now.  Returns the bytes taken. */
uint32_t console_guest_write(int id, const char *name, const uint8_t *buf, uint32_t len);
/* Raw bytes on one port (a guest bound to a port of its own); as many as
 * there is room for now.  Returns the bytes taken. */
uint32_t console_port_write(int port, const uint8_t *buf, uint32_t len);
/* Waits until every queued byte is on the wire (before power-off or a
 * halt). */
void console_flush(void);
bool console_port_present(int port);
bool console_is_console_port(int port);
int console_port_getc(int port);

#endif
