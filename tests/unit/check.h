/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit tests' whole framework: CASE defines a test, CHECK records a
 * failed condition without stopping, RUN runs a case and prints one
 * "PASS name" or "FAIL name" line for tests/run.py to count.
 */
#ifndef UNIT_CHECK_H
#define UNIT_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int case_failed;

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			printf("  %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			case_failed = 1;                                         \
		}                                                                \
	} while (0)

#define CHECK_STR(got, want)                                                     \
	do {                                                                     \
		const char *g_ = (got), *w_ = (want);                            \
		if (strcmp(g_, w_)) {                                            \
			printf("  %s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, g_, w_); \
			case_failed = 1;                                         \
		}                                                                \
	} while (0)

#define CHECK_EQ(got, want)                                                      \
	do {                                                                     \
		unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
		if (g_ != w_) {                                                  \
			printf("  %s:%d: %s is %#llx, want %#llx\n", __FILE__, __LINE__, #got, g_, w_); \
			case_failed = 1;                                         \
		}                                                                \
	} while (0)

static inline void run_case(const char *name, void (*fn)(void))
{
	const char *filter = getenv("UNIT_FILTER");

	if (filter && *filter && !strstr(name, filter))
		return;
	case_failed = 0;
	fn();
	printf("%s %s\n", case_failed ? "FAIL" : "PASS", name);
	fflush(stdout);
}

#define RUN(fn) run_case(#fn, fn)

#endif
