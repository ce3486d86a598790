// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CMOS clock only counts seconds and is slow to read, so we read it
 * once and add the TSC's nanoseconds since.
 */
#include "hv/wallclock.h"
#include "drivers/clock.h"

/* The last answer and when it was given: the next one is usually a few
 * milliseconds later, so it is carried forward without dividing. */
static uint32_t last_sec, last_nsec;
static uint64_t last_ns;

void wallclock_init(int64_t unix_seconds_at_boot)
{
	last_sec = (uint32_t)unix_seconds_at_boot;
	last_nsec = 0;
	last_ns = clock_now_ns();
}

void wallclock_now(uint32_t *sec, uint32_t *nsec)
{
	uint64_t now = clock_now_ns(), delta = now - last_ns;

	if (delta >= 1000000000ull) {
		last_sec += (uint32_t)(delta / 1000000000ull);
		delta %= 1000000000ull;
	}
	last_nsec += (uint32_t)delta;
	if (last_nsec >= 1000000000u) {
		last_nsec -= 1000000000u;
		last_sec++;
	}
	last_ns = now;
	*sec = last_sec;
	*nsec = last_nsec;
}
