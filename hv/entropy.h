/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Random bytes for the guests' entropy devices.  With RDSEED or RDRAND
 * the CPU's own generator supplies them.  Without, a ChaCha20 generator
 * does: seeded at boot from timing jitter (the TSC against the PIT), the
 * CMOS clock and the boot modules, stirred with the TSC at every request,
 * and rekeyed from its own output after each one, so that what it gave
 * cannot be computed back from its state.
 */
#ifndef HV_ENTROPY_H
#define HV_ENTROPY_H

#include <stdint.h>
#include "boot/boot_info.h"

void entropy_init(const struct boot_info *bi);
/* What the bytes come from, for the boot summary. */
const char *entropy_source(void);
void entropy_read(void *buf, uint32_t len);

#endif
