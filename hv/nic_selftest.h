/* SPDX-License-Identifier: GPL-2.0-only */
/* hv.selftest=nic[:PORT]: the network card's driver both ways under
 * QEMU's user network, without guests (hv/nic_selftest.c). */
#ifndef HV_NIC_SELFTEST_H
#define HV_NIC_SELFTEST_H

/* port NULL: ARP and ICMP only; else also a UDP datagram to 10.0.2.2 at
 * that port (decimal). */
void nic_selftest(const char *port);

#endif
