// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small, complete-enough vsnprintf.  The hypervisor prints everything
 * through it, and the unit tests compare it with the host's libc.
 */
#include <stdint.h>
#include <stdbool.h>
#include "lib/fmt.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	bool left, zero, space, plus, alt;
	int width, prec;	/* prec < 0: none given */
};

/* Emits one converted field: sign or prefix, zero padding from width or
 * precision, then the digits (or the string). */
static void emit(struct out *o, const struct spec *s, const char *prefix,
		 const char *body, int body_len, bool numeric)
{
	int plen = 0, zeros = 0, total;

	while (prefix[plen])
		plen++;
	if (numeric && s->prec > body_len)
		zeros = s->prec - body_len;
	total = plen + zeros + body_len;
	if (numeric && s->zero && !s->left && s->prec < 0 && s->width > total)
		zeros += s->width - total, total = s->width;
	if (!s->left)
		pad(o, ' ', s->width - total);
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	for (int i = 0; i < body_len; i++)
		put(o, body[i]);
	if (s->left)
		pad(o, ' ', s->width - total);
}

static int utoa(char *tmp, unsigned long long v, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	int n = 0;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v);
	for (int i = 0; i < n; i++)
		tmp[i] = rev[n - 1 - i];
	return n;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		struct spec s = { .prec = -1 };
		int lng = 0;	/* -2 hh, -1 h, 0 int, 1 l, 2 ll, 3 size_t */
		char tmp[24];

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			char f = *++fmt;
			if (f == '-') s.left = true;
			else if (f == '0') s.zero = true;
			else if (f == ' ') s.space = true;
			else if (f == '+') s.plus = true;
			else if (f == '#') s.alt = true;
			else break;
		}
		if (*fmt == '*') {
			s.width = va_arg(ap, int);
			if (s.width < 0)
				s.left = true, s.width = -s.width;
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				s.width = s.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			s.prec = 0;
			if (*fmt == '*') {
				s.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					s.prec = s.prec * 10 + (*fmt++ - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'h') lng = lng <= -1 ? -2 : -1;
			else if (*fmt == 'l') lng = lng >= 1 ? 2 : 1;
			else if (*fmt == 'z') lng = 3;
			else break;
		}

		switch (*fmt) {
		case 'd': case 'i': {
			long long v;
			if (lng == 2) v = va_arg(ap, long long);
			else if (lng == 1) v = va_arg(ap, long);
			else if (lng == 3) v = (long long)va_arg(ap, size_t);
			else v = va_arg(ap, int);
			if (lng == -1) v = (short)v;
			if (lng == -2) v = (signed char)v;
			unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
			const char *sign = v < 0 ? "-" : s.plus ? "+" : s.space ? " " : "";
			int n = (s.prec == 0 && v == 0) ? 0 : utoa(tmp, mag, 10, false);
			emit(&o, &s, sign, tmp, n, true);
			break;
		}
		case 'u': case 'x': case 'X': case 'o': case 'p': {
			unsigned long long v;
			unsigned base = *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16;
			const char *prefix = "";
			if (*fmt == 'p') {
				v = (uintptr_t)va_arg(ap, void *);
				prefix = "0x";
			} else if (lng == 2) v = va_arg(ap, unsigned long long);
			else if (lng == 1) v = va_arg(ap, unsigned long);
			else if (lng == 3) v = va_arg(ap, size_t);
			else v = va_arg(ap, unsigned int);
			if (lng == -1) v = (unsigned short)v;
			if (lng == -2) v = (unsigned char)v;
			if (s.alt && v && base == 16)
				prefix = *fmt == 'X' ? "0X" : "0x";
			int n = (s.prec == 0 && v == 0) ? 0 : utoa(tmp, v, base, *fmt == 'X');
			if (s.alt && base == 8 && (n == 0 || tmp[0] != '0') && s.prec <= n)
				s.prec = n + 1;
			emit(&o, &s, prefix, tmp, n, true);
			break;
		}
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			emit(&o, &s, "", tmp, 1, false);
			break;
		case 's': {
			const char *str = va_arg(ap, const char *);
			int n = 0;
			if (!str)
				str = "(null)";
			while (str[n] && (s.prec < 0 || n < s.prec))
				n++;
			emit(&o, &s, "", str, n, false);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;	/* a lone '%' at the end: stop cleanly */
			break;
		default:	/* unknown conversion: show it as written */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
