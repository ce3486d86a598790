// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one string routine only the test guests need.  The rest (memcpy,
 * memset, strlen, strcmp, ...) is the hypervisor's own lib/string.c, linked
 * into every guest by tests/guests/guests.mk.
 */
#include "guest.h"

const char *strstr(const char *h, const char *n)
{
	size_t len = strlen(n);

	for (; *h; h++)
		if (!strncmp(h, n, len))
			return h;
	return len ? NULL : h;
}
