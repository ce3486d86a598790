// SPDX-License-Identifier: GPL-2.0-only
/*
 * Checked copies in and out of guest memory.
 */
#include <stdarg.h>
#include "mm/guest_mem.h"
#include "lib/fmt.h"
#include "lib/string.h"

bool mm_refuse(struct guest *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(g->mm_why, sizeof(g->mm_why), fmt, ap);
	va_end(ap);
	return false;
}

bool guest_read(const struct guest *g, uint32_t gpa, void *dst, uint32_t len)
{
	const void *p = gpa_ptr(g, gpa, len);

	if (!p)
		return false;
	memcpy(dst, p, len);
	return true;
}

bool guest_write(const struct guest *g, uint32_t gpa, const void *src, uint32_t len)
{
	void *p = gpa_ptr(g, gpa, len);

	if (!p)
		return false;
	memcpy(p, src, len);
	return true;
}

bool guest_read_u32(const struct guest *g, uint32_t gpa, uint32_t *v)
{
	const volatile uint32_t *p = gpa_ptr(g, gpa, 4);

	if (!p)
		return false;
	*v = *p;
	return true;
}

bool guest_write_u32(const struct guest *g, uint32_t gpa, uint32_t v)
{
	volatile uint32_t *p = gpa_ptr(g, gpa, 4);

	if (!p)
		return false;
	*p = v;
	return true;
}

bool guest_read_string(const struct guest *g, uint32_t gpa, char *dst, uint32_t max)
{
	uint32_t n = 0;

	if (!gpa_ok(g, gpa, 1))
		return false;
	while (n + 1 < max) {
		if (!gpa_ok(g, gpa + n, 1))
			return false;	/* it runs off the end of its memory */
		char c = *(const volatile char *)(g->mem_base + gpa + n);
		if (!c)
			break;
		dst[n++] = c;
	}
	dst[n] = '\0';
	return true;
}
