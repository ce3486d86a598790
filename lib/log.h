/* SPDX-License-Identifier: GPL-2.0-only */
/* Hypervisor messages.  Every layer prints through kprintf(); the console
 * layer decides where the bytes go by installing the sink. */
#ifndef LIB_LOG_H
#define LIB_LOG_H

#include <stddef.h>

typedef void (*log_sink_fn)(const char *text, size_t len);

void log_set_sink(log_sink_fn sink);
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kputs(const char *text);	/* no formatting, no newline added */

#endif
