/* SPDX-License-Identifier: GPL-2.0-only */
/* The machine's network card at boot: probed once, and listed. */
#ifndef HV_NIC_BOOT_H
#define HV_NIC_BOOT_H

/* Probes the card (drivers/nic.h) and says on the console what it found:
 *   hv: nic: Intel 82540EM at 00:03.0, MAC 52:54:00:12:34:56, link up
 *   hv: no supported network card (10ec:8139 at 00:03.0)
 *   hv: no usable network card (Intel 82540EM at 00:03.0: BAR 0 unassigned)
 *   hv: no network card */
void nic_boot(void);

#endif
