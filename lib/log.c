// SPDX-License-Identifier: GPL-2.0-only
/*
 * Formats into a stack buffer and hands the bytes to the sink.  Until a
 * sink is installed (the first few instructions of boot) output is lost,
 * which is why the console is the first thing hv_main() sets up.
 */
#include "lib/log.h"
#include "lib/fmt.h"
#include "lib/string.h"

static log_sink_fn log_sink;

void log_set_sink(log_sink_fn sink)
{
	log_sink = sink;
}

void kputs(const char *text)
{
	if (log_sink)
		log_sink(text, strlen(text));
}

void kprintf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (log_sink && n > 0)
		log_sink(buf, (size_t)n);
}
