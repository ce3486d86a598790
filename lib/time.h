/* SPDX-License-Identifier: GPL-2.0-only */
/* Calendar arithmetic for the wall clock (pure, unit-tested). */
#ifndef LIB_TIME_H
#define LIB_TIME_H

#include <stdint.h>
#include <stdbool.h>

struct rtc_time {
	int year, month, day, hour, minute, second;
};

/* The CMOS registers as read: 0 sec, 2 min, 4 hour, 7 day, 8 month,
 * 9 year, and the century (0 when the chip has none), under status B. */
struct rtc_raw {
	uint8_t sec, min, hour, day, month, year, century, status_b;
};

/* Decodes BCD and 12-hour forms; false if the result is not a real date. */
bool rtc_decode(const struct rtc_raw *raw, struct rtc_time *t);
/* Seconds since 1970-01-01 00:00:00 UTC. */
int64_t rtc_to_unix(const struct rtc_time *t);

#endif
