// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=spin -- a guest that never ends: every ~100 ms (a clock event
 * and a HALT) it prints "lgtest: spin: N" with N counting from 1.  The
 * integration tests run several at once to see that all make progress
 * (the scheduler is fair, timers are per guest), and next to a guest the
 * hypervisor kills, to see that the others carry on.  QEMU is stopped from
 * outside.
 */
#include "guest.h"

const char *test_spin(void)
{
	for (unsigned n = 1;; n++) {
		sleep_ns(100000000);
		say("%u", n);
	}
}
