/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PCI bus a 4.x guest sees: configuration mechanism #1 on ports
 * 0xCF8 (address) and 0xCFC-0xCFF (data), reached from the guest's port
 * I/O, which traps; bus 0 only, function 0 only; a host bridge at 00:00.0
 * and the guest's virtio devices from 00:01.0 on (the console first: the
 * 4.x early console looks for it there).  Also the MMIO window above the
 * guest's RAM where the devices' BARs lie.
 */
#ifndef HV_DEVICES_PCI_CONFIG_H
#define HV_DEVICES_PCI_CONFIG_H

#include <stdint.h>
#include <stdbool.h>

#define PCI_CONFIG_ADDRESS 0xCF8
#define PCI_CONFIG_DATA 0xCFC
#define PCI_MMIO_WINDOW_PAGES 32u	/* BAR space above RAM */

struct guest;
/* Power-on state: the functions numbered, BARs placed in the window. */
void pci_setup(struct guest *g);
/* Port I/O of len bytes: true if the port is the bus's (then *v is what
 * an in reads). */
bool pci_port_in(struct guest *g, uint32_t port, uint32_t len, uint32_t *v);
bool pci_port_out(struct guest *g, uint32_t port, uint32_t len, uint32_t v);
/* Whether gpa lies in the MMIO window. */
bool pci_in_window(const struct guest *g, uint32_t gpa);
/* An MMIO access of len bytes at gpa in the window: to the BAR that
 * covers it, or reads of all ones and lost writes where there is none. */
uint32_t pci_mmio_read(struct guest *g, uint32_t gpa, uint32_t len);
void pci_mmio_write(struct guest *g, uint32_t gpa, uint32_t len, uint32_t v);

#endif
