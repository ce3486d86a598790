// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=vpci -- the virtio 1.0 handshake of the PCI console (G8-G10), as
 * the host promises it and as Linux's virtio_pci_modern.c relies on it:
 *   1. a reset reads back 0 at once; num_queues 2, config_generation 0,
 *      msix_config and each queue's msix vector NO_VECTOR (0xFFFF);
 *   2. the device offers exactly VIRTIO_F_VERSION_1 (32) and
 *      VIRTIO_CONSOLE_F_EMERG_WRITE (2); feature words past the second
 *      read 0;
 *   3. both queues: size 256, off, notify_off 0; a queue past the last
 *      has size 0;
 *   4. FEATURES_OK is refused (read back clear) when we take a bit that
 *      was not offered (SIZE), and when we do not take VERSION_1; it
 *      sticks for a proper subset;
 *   5. then the real bring-up (lib/vcons.c over lib/vcons_pci.c): status
 *      ACKNOWLEDGE|DRIVER|FEATURES_OK|DRIVER_OK, our ring addresses read
 *      back with zero high halves, queues enabled, output through the
 *      transmit queue raising the interrupt line, ISR cleared by the
 *      handler's read;
 *   6. emerg_wr written directly through the mapped device config prints.
 */
#include "vcons.h"
#include "vpci.h"
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>
#include <linux/virtio_console.h>

#if LG_PCI

#define VPCI_VA 0xF6000000u
#define C(off) vpci_common(&d, (off))
#define OFFERED ((1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_CONSOLE_F_EMERG_WRITE))
#define S_ACK VIRTIO_CONFIG_S_ACKNOWLEDGE
#define S_DRIVER VIRTIO_CONFIG_S_DRIVER
#define S_FEATURES_OK VIRTIO_CONFIG_S_FEATURES_OK

static struct vpci d;

/* From reset through FEATURES_OK with these features; the status after. */
static uint8_t negotiate(uint64_t features)
{
	vpci_reset(&d);
	vpci_add_status(&d, S_ACK);
	vpci_add_status(&d, S_DRIVER);
	vpci_set_features(&d, features);
	vpci_add_status(&d, S_FEATURES_OK);
	return vpci_get_status(&d);
}

static const char *check_registers(void)
{
	vpci_reset(&d);
	CHECK(vpci_get_status(&d) == 0, "status %#x after a reset", vpci_get_status(&d));
	CHECK(mmio_read16(C(VIRTIO_PCI_COMMON_NUMQ)) == 2, "num_queues %u",
	      mmio_read16(C(VIRTIO_PCI_COMMON_NUMQ)));
	CHECK(mmio_read8(C(VIRTIO_PCI_COMMON_CFGGENERATION)) == 0, "config_generation %u",
	      mmio_read8(C(VIRTIO_PCI_COMMON_CFGGENERATION)));
	CHECK(mmio_read16(C(VIRTIO_PCI_COMMON_MSIX)) == VIRTIO_MSI_NO_VECTOR, "msix_config %#x",
	      mmio_read16(C(VIRTIO_PCI_COMMON_MSIX)));
	uint64_t f = vpci_get_features(&d);
	CHECK(f == OFFERED, "device features %#llx, expected %#llx", (unsigned long long)f,
	      (unsigned long long)OFFERED);
	mmio_write32(C(VIRTIO_PCI_COMMON_DFSELECT), 2);
	CHECK(mmio_read32(C(VIRTIO_PCI_COMMON_DF)) == 0, "feature word 2 reads %#x",
	      mmio_read32(C(VIRTIO_PCI_COMMON_DF)));
	for (unsigned q = 0; q < 3; q++) {
		mmio_write16(C(VIRTIO_PCI_COMMON_Q_SELECT), q);
		uint16_t size = mmio_read16(C(VIRTIO_PCI_COMMON_Q_SIZE));
		if (q == 2) {
			CHECK(size == 0, "queue 2 (there are 2) has size %u", size);
			break;
		}
		CHECK(size == 256, "queue %u has size %u, expected 256", q, size);
		CHECK(mmio_read16(C(VIRTIO_PCI_COMMON_Q_ENABLE)) == 0, "queue %u enabled after reset",
		      q);
		CHECK(mmio_read16(C(VIRTIO_PCI_COMMON_Q_NOFF)) == 0, "queue %u notify_off %u", q,
		      mmio_read16(C(VIRTIO_PCI_COMMON_Q_NOFF)));
		CHECK(mmio_read16(C(VIRTIO_PCI_COMMON_Q_MSIX)) == VIRTIO_MSI_NO_VECTOR,
		      "queue %u msix vector %#x", q, mmio_read16(C(VIRTIO_PCI_COMMON_Q_MSIX)));
	}
	say("reset, 2 queues of 256, no MSI-X, features %#llx", (unsigned long long)f);
	return NULL;
}

static const char *check_negotiation(void)
{
	uint8_t s;

	s = negotiate((1ull << VIRTIO_F_VERSION_1) | (1ull << VIRTIO_CONSOLE_F_SIZE));
	CHECK(!(s & S_FEATURES_OK), "FEATURES_OK kept with SIZE, never offered (status %#x)", s);
	s = negotiate(1ull << VIRTIO_CONSOLE_F_EMERG_WRITE);
	CHECK(!(s & S_FEATURES_OK), "FEATURES_OK kept without VERSION_1 (status %#x)", s);
	s = negotiate(OFFERED);
	CHECK(s == (S_ACK | S_DRIVER | S_FEATURES_OK), "all offered features: status %#x", s);
	s = negotiate(1ull << VIRTIO_F_VERSION_1);
	CHECK(s == (S_ACK | S_DRIVER | S_FEATURES_OK), "VERSION_1 alone: status %#x", s);
	vpci_reset(&d);
	CHECK(vpci_get_status(&d) == 0, "status %#x after the reset", vpci_get_status(&d));
	say("FEATURES_OK refused for an unoffered bit and without VERSION_1, kept otherwise");
	return NULL;
}

static const char *check_bringup(void)
{
	const char *why;

	if ((why = vcons_init()))
		return why;
	CHECK(vcons.status == (S_ACK | S_DRIVER | S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK),
	      "status %#x after DRIVER_OK", vcons.status);
	CHECK(vcons.driver_features == (1ull << VIRTIO_F_VERSION_1),
	      "the driver took %#llx", (unsigned long long)vcons.driver_features);
	for (unsigned q = 0; q < 2; q++) {
		static const unsigned lo[3] = { VIRTIO_PCI_COMMON_Q_DESCLO,
						VIRTIO_PCI_COMMON_Q_AVAILLO,
						VIRTIO_PCI_COMMON_Q_USEDLO };
		mmio_write16(C(VIRTIO_PCI_COMMON_Q_SELECT), q);
		CHECK(mmio_read16(C(VIRTIO_PCI_COMMON_Q_ENABLE)) == 1, "queue %u not enabled", q);
		for (int k = 0; k < 3; k++) {
			uint32_t a = mmio_read32(C(lo[k])), hi = mmio_read32(C(lo[k] + 4));
			CHECK(a == vcons.ring_gpa[q][k] && hi == 0, "queue %u ring %d reads %#x:%#x, "
			      "we wrote %#x", q, k, hi, a, vcons.ring_gpa[q][k]);
		}
	}
	unsigned irqs = vcons.irqs[0] + vcons.irqs[1];
	for (int i = 0; i < 5; i++)
		if ((why = vsay("line %d through the transmit queue", i)))
			return why;
	spin_ns(2000000);
	flush_async();
	CHECK(vcons.irqs[0] + vcons.irqs[1] > irqs, "no interrupt on line %u for 5 used "
	      "transmit buffers", vcons.irq_line);
	CHECK(vpci_isr(&d) == 0, "the ISR was not cleared by the handler's read");
	say("DRIVER_OK with VERSION_1; rings at %#x/%#x/%#x and %#x/%#x/%#x; IRQ %u, %u "
	    "interrupts, %u ISR reads", vcons.ring_gpa[0][0], vcons.ring_gpa[0][1],
	    vcons.ring_gpa[0][2], vcons.ring_gpa[1][0], vcons.ring_gpa[1][1],
	    vcons.ring_gpa[1][2], vcons.irq_line, vcons.irqs[0] + vcons.irqs[1],
	    vcons.isr_reads);
	return NULL;
}

static const char *check_emerg_wr(void)
{
	static const char line[] = "lgtest: vpci: emerg_wr through the mapped BAR\n";
	uint32_t emerg = vpci_device_cfg(&d, offsetof(struct virtio_console_config, emerg_wr));

	for (const char *p = line; *p; p++)
		mmio_write32(emerg, (uint8_t)*p);
	return NULL;
}

const char *test_vpci(void)
{
	const char *why;

	if ((why = vpci_open(&d, VCONS_PCI_SLOT, VPCI_VA)))
		return why;
	if ((why = check_registers()) || (why = check_negotiation()) ||
	    (why = check_emerg_wr()) || (why = check_bringup()))
		return why;
	return NULL;
}

#else

const char *test_vpci(void)
{
	return "virtio-PCI is for G8 and later";
}

#endif
