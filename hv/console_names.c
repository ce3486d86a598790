// SPDX-License-Identifier: GPL-2.0-only
/*
 * One spelling of the console names for both command lines (the
 * hypervisor's console=com1,vga and a guest's console=com2), the
 * multiplexer's `list` and the loader's messages.
 */
#include "hv/console_names.h"
#include "lib/string.h"

static const char *const names[CONSOLE_PORTS] = { "com1", "com2", "com3", "com4", "vga" };

int console_port_index(const char *name)
{
	for (int i = 0; i < CONSOLE_PORTS; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

const char *console_port_name(int port)
{
	return port >= 0 && port < CONSOLE_PORTS ? names[port] : "?";
}
