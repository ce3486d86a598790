/* SPDX-License-Identifier: GPL-2.0-only */
/* COM1..COM4 as console backends. */
#ifndef HV_CONSOLE_SERIAL_H
#define HV_CONSOLE_SERIAL_H

#include "hv/console_backend.h"
#include "hv/options.h"

/* Probes and programs the ports as the options say; out[i] is COMi+1. */
void serial_console_init(const struct hv_options *o, struct console_backend *out[UART_MAX_PORTS]);
/* One line per port found, and one per console port that is missing
 * (bit i of console_ports: COMi+1 carries the console). */
void serial_console_report(unsigned console_ports);
/* Lets the ports interrupt us (after the PIC is set up). */
void serial_console_enable_irqs(void);

#endif
