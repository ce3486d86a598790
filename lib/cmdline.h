/* SPDX-License-Identifier: GPL-2.0-only */
/* Splitting command lines into words and key=value pairs (pure logic). */
#ifndef LIB_CMDLINE_H
#define LIB_CMDLINE_H

#include <stddef.h>
#include <stdbool.h>

/* Copies the next whitespace-separated word at *cursor into word (double
 * quotes group spaces into one word and are removed) and advances the
 * cursor.  False at the end of the line.  *truncated says the word did not
 * fit (it is cut). */
bool cmdline_next(const char **cursor, char *word, size_t size, bool *truncated);
/* Splits "key=value" in place at the first '=': returns the value, or
 * NULL for a bare word. */
char *cmdline_split(char *word);

#endif
