// SPDX-License-Identifier: GPL-2.0-only
/*
 * Console output the way a Linux lguest guest prints before its virtio
 * console exists.  Up to 3.19 (G5-G7) the hvc early writer copies at most
 * 16 characters into a NUL-terminated buffer on its stack and hands the
 * host its physical address with NOTIFY; the host treats a NOTIFY address
 * that is neither a vring nor a device descriptor as a string to print.
 * From 4.0 (G8+) there is no NOTIFY: lib/early_pci.c writes each
 * character to the PCI console's emerg_wr instead.
 *
 * Plus a small printf: %s %c %d %i %u %x %X %p %%, with - 0 # width, l
 * and ll; enough for the tests, with no floating point anywhere.
 */
#include "guest.h"

#define EARLY_CHUNK 16

void console_write(const char *s, size_t len)
{
#if LG_PCI
	early_pci_write(s, len);
#else
	while (len) {
		char buf[EARLY_CHUNK + 1];
		size_t n = len < EARLY_CHUNK ? len : EARLY_CHUNK;

		memcpy(buf, s, n);
		buf[n] = '\0';
		hcall(LHCALL_NOTIFY, __pa(buf), 0, 0, 0);
		s += n;
		len -= n;
	}
#endif
}

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, uint64_t v, unsigned base, bool upper, bool neg,
		    int width, char pad, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	if (neg && pad == '0') {	/* the sign goes before zero padding */
		put(o, '-');
		n--;
		width--;
	}
	int len = n;

	for (int w = len; !left && w < width; w++)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
	for (int w = len; left && w < width; w++)
		put(o, ' ');
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		bool left = false, alt = false;
		char pad = ' ';
		int width = 0, longs = 0;

		fmt++;
		for (; *fmt == '-' || *fmt == '0' || *fmt == '#'; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else
				pad = '0';
		}
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (; *fmt == 'l'; fmt++)
			longs++;
		switch (*fmt) {
		case 'd': case 'i': {
			int64_t v = longs >= 2 ? va_arg(ap, int64_t) : va_arg(ap, int32_t);
			put_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, false, v < 0, width,
				pad, left);
			break;
		}
		case 'u': case 'x': case 'X': {
			uint64_t v = longs >= 2 ? va_arg(ap, uint64_t) : va_arg(ap, uint32_t);
			if (alt && *fmt != 'u') {
				put(&o, '0');
				put(&o, 'x');
			}
			put_num(&o, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', false, width, pad, left);
			break;
		}
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (uintptr_t)va_arg(ap, void *), 16, false, false, 8, '0', false);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n = strlen(s ? s : "(null)");
			for (size_t w = n; !left && (int)w < width; w++)
				put(&o, ' ');
			for (const char *p = s ? s : "(null)"; *p; p++)
				put(&o, *p);
			for (size_t w = n; left && (int)w < width; w++)
				put(&o, ' ');
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			put(&o, '%');
			put(&o, *fmt);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void vprintk(const char *prefix, const char *fmt, va_list ap)
{
	char line[256];
	int n = 0;

	if (prefix)
		n = snprintf(line, sizeof(line), "lgtest: %s: ", prefix);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	console_write(line, strlen(line));
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(NULL, fmt, ap);
	va_end(ap);
}

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(current_test ? current_test : "boot", fmt, ap);
	va_end(ap);
	console_write("\n", 1);
}
