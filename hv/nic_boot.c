// SPDX-License-Identifier: GPL-2.0-only
/*
 * The network card's line in the boot listing, beside the disks': which
 * card the hypervisor will use as an uplink, or why there is none, so
 * that a person at a new machine can tell at once.  The driver knows
 * hardware and says nothing; this file speaks for it.
 */
#include "hv/nic_boot.h"
#include "drivers/nic.h"
#include "lib/log.h"

void nic_boot(void)
{
	bool known;

	if (nic_probe()) {
		const uint8_t *m = nic_mac();
		kprintf("hv: nic: %s at %s, MAC %02x:%02x:%02x:%02x:%02x:%02x, link %s\n",
			nic_name(), nic_location(), m[0], m[1], m[2], m[3], m[4], m[5],
			nic_link_up() ? "up" : "down");
	} else if (nic_probe_note(&known)) {
		kprintf("hv: no %s network card (%s)\n", known ? "usable" : "supported",
			nic_probe_note(&known));
	} else {
		kprintf("hv: no network card\n");
	}
}
