// SPDX-License-Identifier: GPL-2.0-only
/*
 * fmt_vsnprintf against the host's libc: every conversion the hypervisor
 * uses must print exactly what printf would, and never overrun.
 * sources: lib/fmt.c
 */
#include <stdarg.h>
#include <stdint.h>
#include "check.h"
#include "lib/fmt.h"

static void same(const char *fmt, ...)
{
	char ours[256], theirs[256];
	va_list a, b;

	va_start(a, fmt);
	va_copy(b, a);
	int n1 = fmt_vsnprintf(ours, sizeof(ours), fmt, a);
	int n2 = vsnprintf(theirs, sizeof(theirs), fmt, b);
	va_end(a);
	va_end(b);
	if (strcmp(ours, theirs) || n1 != n2) {
		printf("  format \"%s\": ours \"%s\" (%d), libc \"%s\" (%d)\n", fmt, ours, n1, theirs, n2);
		case_failed = 1;
	}
}

static void integers(void)
{
	same("%d %i %u", 0, -1, 4000000000u);
	same("%d", -2147483647 - 1);
	same("%5d|%-5d|%05d", 42, 42, -42);
	same("%+d % d %+d", 7, 7, -7);
	same("%.3d %.0d %8.3d", 5, 0, -5);
	same("%x %X %#x %#X %#x", 0xbeefu, 0xbeefu, 0x1fu, 0x1fu, 0u);
	same("%08x %#010x", 0x1234u, 0x1234u);
	same("%o %#o %#o", 8u, 8u, 0u);
	same("%lld %llu %llx", -1234567890123ll, 18446744073709551615ull, 0x123456789abcdefull);
	same("%ld %lu %zu %zx", -5l, 5ul, (size_t)77, (size_t)255);
	same("%hd %hu %hhd %hhu", 70000, 70000, 300, 300);
}

static void strings_and_chars(void)
{
	same("%s|%10s|%-10s|%.2s", "abc", "abc", "abc", "abc");
	same("%c%c%5c", 'a', 'b', 'c');
	same("100%% sure");
	same("%*d|%-*d|%.*s", 6, 1, 6, 2, 3, "abcdef");
}

static void truncation(void)
{
	char buf[8];
	memset(buf, 'X', sizeof(buf));
	int n = fmt_snprintf(buf, 5, "%s", "hello world");
	CHECK_EQ(n, 11);
	CHECK_STR(buf, "hell");
	CHECK(buf[5] == 'X');	/* nothing written past size */
	n = fmt_snprintf(buf, 0, "abc");
	CHECK_EQ(n, 3);
	CHECK(buf[0] == 'h');
	n = fmt_snprintf(buf, 1, "abc");
	CHECK_STR(buf, "");
}

/* No format attribute: lets us hand it formats the compiler would reject. */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void pointers_and_odd_formats(void)
{
	char buf[64];
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)(uintptr_t)0x1000);
	CHECK_STR(buf, "0x1000");
	unchecked(buf, sizeof(buf), "%s", (char *)NULL);
	CHECK_STR(buf, "(null)");
	unchecked(buf, sizeof(buf), "abc%");
	CHECK_STR(buf, "abc");
	unchecked(buf, sizeof(buf), "%q");
	CHECK_STR(buf, "%q");
}

int main(void)
{
	RUN(integers);
	RUN(strings_and_chars);
	RUN(truncation);
	RUN(pointers_and_odd_formats);
	return 0;
}
