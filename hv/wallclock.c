// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CMOS clock only counts seconds and is slow to read, so we read it
 * once and add the TSC's nanoseconds since.
 */
#include "hv/wallclock.h"
#include "drivers/clock.h"

static int64_t boot_seconds;
static uint64_t boot_ns;

void wallclock_init(int64_t unix_seconds_at_boot)
{
	boot_seconds = unix_seconds_at_boot;
	boot_ns = clock_now_ns();
}

void wallclock_now(uint32_t *sec, uint32_t *nsec)
{
	uint64_t since = clock_now_ns() - boot_ns;

	*sec = (uint32_t)(boot_seconds + (int64_t)(since / 1000000000ull));
	*nsec = (uint32_t)(since % 1000000000ull);
}
