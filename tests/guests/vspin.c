// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vspin -- spin (lgtest=spin) through the virtio console: a guest
 * that never ends, printing "lgtest: vspin: N" (N from 1) every ~100 ms
 * on its transmit queue.  The integration tests run it beside a guest the
 * hypervisor kills for breaking its console ring, to see that the
 * innocent guest's console keeps working.  QEMU is stopped from outside.
 */
#include "vcons.h"

const char *test_vspin(void)
{
	const char *why;

	if ((why = vcons_init()))
		return why;
	for (unsigned n = 1;; n++) {
		sleep_ns(100000000);
		if ((why = vsay("%u", n)))
			return why;
	}
}
