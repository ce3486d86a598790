/* SPDX-License-Identifier: GPL-2.0-only */
/* The hypervisor's console: its messages on the chosen serial ports and
 * screen, and what is typed there. */
#ifndef HV_CONSOLE_H
#define HV_CONSOLE_H

#include "hv/console_backend.h"
#include "hv/console_names.h"
#include "hv/options.h"

/* Sets up COM1..COM4 as the options say, and the screen and keyboard, and
 * routes kprintf to the console ports (the screen if none of them
 * answers).  What does not answer is reported once the console is up. */
void console_init(const struct hv_options *o);
/* Reports what console_init found (after paging and the banner). */
void console_report(void);
/* Lets the serial ports and the keyboard interrupt us (after the PIC is
 * set up). */
void console_enable_irqs(void);
/* The next byte typed on a console port, or -1. */
int console_getc(void);

/* A guest's console output on the shared console, labelled; as much as
 * there is room for now.  Returns the bytes taken. */
uint32_t console_guest_write(int id, const char *name, const uint8_t *buf, uint32_t len);
/* Raw bytes on one port (a guest bound to a port or the screen of its
 * own; ports are numbered as in hv/console_names.h); as many as there is
 * room for now.  Returns the bytes taken. */
uint32_t console_port_write(int port, const uint8_t *buf, uint32_t len);
/* Waits until every queued byte is on the wire (before power-off or a
 * halt). */
void console_flush(void);
bool console_port_present(int port);
bool console_is_console_port(int port);
int console_port_getc(int port);

#endif
