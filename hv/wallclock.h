/* SPDX-License-Identifier: GPL-2.0-only */
/* Wall-clock time for guests (lguest_data.time): the CMOS time at boot
 * carried forward by the TSC. */
#ifndef HV_WALLCLOCK_H
#define HV_WALLCLOCK_H

#include <stdint.h>

void wallclock_init(int64_t unix_seconds_at_boot);
void wallclock_now(uint32_t *sec, uint32_t *nsec);

#endif
