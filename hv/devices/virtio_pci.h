/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The virtio 1.0 PCI transport (Linux 4.0-4.13 lguest guests), one PCI
 * function per device: its configuration space (the IDs, BAR0, the
 * interrupt line and the vendor capabilities that locate the common,
 * notify, ISR and device-configuration structures in BAR0, plus the
 * PCI_CFG access window) and BAR0's registers themselves.  The bus that
 * numbers the functions and routes port I/O and MMIO to them is
 * hv/devices/pci_config.c; the device behind it is a vdev model.
 */
#ifndef HV_DEVICES_VIRTIO_PCI_H
#define HV_DEVICES_VIRTIO_PCI_H

#include <stdint.h>
#include <stdbool.h>
#include "hv/devices/virtio.h"

#define VPCI_BAR_SIZE 4096u	/* one page of registers per function */

/* Where BAR0's structures lie (what the capabilities say). */
#define VPCI_COMMON_OFF 0u
#define VPCI_COMMON_LEN 56u
#define VPCI_NOTIFY_OFF 56u
#define VPCI_NOTIFY_LEN 2u
#define VPCI_ISR_OFF 58u
#define VPCI_DEVICE_OFF 60u

/* The transport's registers of one function. */
struct vpci {
	uint32_t bar;			/* BAR0's address */
	bool bar_sizing;		/* all ones written: reads give the size */
	uint16_t command;
	uint32_t feature_sel, driver_feature_sel;
	uint16_t queue_sel;
	uint16_t queue_size[VDEV_MAX_QUEUES];
	uint32_t ring[VDEV_MAX_QUEUES][6];	/* desc, avail, used: lo, hi */
	uint8_t ring_written[VDEV_MAX_QUEUES];	/* bit n: ring[q][n] set */
	/* The PCI_CFG capability's window into BAR0. */
	uint8_t win_bar;
	uint32_t win_off, win_len;
};

struct guest;
/* Power-on state of the function in slot (1..): BAR0 at bar, its
 * interrupt line irq. */
void vpci_init(struct guest *g, unsigned slot, uint32_t bar, uint32_t irq);
/* Configuration space of the function, reg 0..255 (len 1, 2 or 4, not
 * crossing a dword).  Reads of unimplemented registers give 0. */
uint32_t vpci_config_read(struct guest *g, unsigned slot, uint32_t reg, uint32_t len);
void vpci_config_write(struct guest *g, unsigned slot, uint32_t reg, uint32_t len, uint32_t v);
/* An access of len (1, 2 or 4) bytes at off inside BAR0.  A bad one (not
 * inside one register, a rule of virtio broken) kills the guest. */
uint32_t vpci_bar_read(struct guest *g, unsigned slot, uint32_t off, uint32_t len);
void vpci_bar_write(struct guest *g, unsigned slot, uint32_t off, uint32_t len, uint32_t v);

#endif
