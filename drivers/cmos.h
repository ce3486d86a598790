/* SPDX-License-Identifier: GPL-2.0-only */
/* The battery-backed CMOS real-time clock: our wall-clock time. */
#ifndef DRIVERS_CMOS_H
#define DRIVERS_CMOS_H

#include "lib/time.h"

/* Reads a consistent time (not mid-update); false if it makes no sense. */
bool cmos_read_time(struct rtc_time *t);

#endif
