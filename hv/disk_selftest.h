/* SPDX-License-Identifier: GPL-2.0-only */
/* hv.selftest=disk: the ATA driver's writes, flushes and reads on a real
 * disk, non-destructively, with the speed it measured. */
#ifndef HV_DISK_SELFTEST_H
#define HV_DISK_SELFTEST_H

void disk_selftest(void);

#endif
