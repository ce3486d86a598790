// SPDX-License-Identifier: GPL-2.0-only
/*
 * The early console: until the virtio console is up, a guest prints with
 * NOTIFY(gpa of a short string).  We gather bytes into lines so that the
 * output of several guests stays readable, each line tagged with its
 * guest's name.
 */
#include "hv/guest_console.h"
#include "lib/log.h"

void guest_console_flush(struct guest *g)
{
	if (!g->line_len)
		return;
	g->line[g->line_len] = '\0';
	kprintf("[%s] %s\n", g->name, g->line);
	g->line_len = 0;
}

void guest_console_write(struct guest *g, const char *text, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\n') {
			if (!g->line_len)
				kprintf("[%s]\n", g->name);
			guest_console_flush(g);
			continue;
		}
		if (c == '\r')
			continue;
		if (g->line_len + 1 >= sizeof(g->line))
			guest_console_flush(g);
		g->line[g->line_len++] = c;
	}
}
