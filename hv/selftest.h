/* SPDX-License-Identifier: GPL-2.0-only */
/* Built-in self-tests, chosen with hv.selftest=NAME, for the test suite and
 * for people checking a new machine. */
#ifndef HV_SELFTEST_H
#define HV_SELFTEST_H

#include <stdbool.h>

/* Runs the named test; false if there is no such test.  Fault tests do
 * not return (they end in the fault's register dump). */
bool selftest_run(const char *name);

#endif
