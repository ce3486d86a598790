// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one word-splitter for every command line we read: the hypervisor's
 * own and (later) each module's.
 */
#include "lib/cmdline.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool cmdline_next(const char **cursor, char *word, size_t size, bool *truncated)
{
	const char *p = *cursor;
	size_t n = 0;
	bool quoted = false;

	*truncated = false;
	while (is_space(*p))
		p++;
	if (!*p) {
		*cursor = p;
		return false;
	}
	for (; *p && (quoted || !is_space(*p)); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			word[n++] = *p;
		else
			*truncated = true;
	}
	if (size)
		word[n] = '\0';
	*cursor = p;
	return true;
}

char *cmdline_split(char *word)
{
	for (char *p = word; *p; p++)
		if (*p == '=') {
			*p = '\0';
			return p + 1;
		}
	return NULL;
}
