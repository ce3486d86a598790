/* SPDX-License-Identifier: GPL-2.0-only */
/* printf-style formatting into a buffer, with no libc underneath. */
#ifndef LIB_FMT_H
#define LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Supports %d %i %u %x %X %o %c %s %p %%, flags '-' '0' ' ' '+' '#',
 * width and precision (also '*'), and the length modifiers hh h l ll z.
 * Always NUL-terminates when size > 0; returns the length it wanted. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
