// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtio console's transport for G8-G10: the console as a virtio 1.0
 * PCI device at 00:01.0, brought up as a 4.x kernel does it
 * (virtio_pci_modern.c, virtio.c, virtio_console.c; the rings and the
 * console side are lib/vcons.c):
 *
 *  - register_virtio_device: reset (status 0, read back until 0),
 *    ACKNOWLEDGE; virtio_dev_probe: DRIVER, the 64-bit device features,
 *    our set (virtio_console wants SIZE and MULTIPORT, the ring keeps
 *    VERSION_1: offered EMERG_WRITE is not taken), FEATURES_OK, read back
 *    (the host clears it if it refuses);
 *  - init_vqs -> find_vqs: for queue 0 (receive) then 1 (transmit):
 *    select, size, notify_off, a ring of vring_size(num, 64) bytes in a
 *    page-aligned block of our RAM, addresses as lo/hi pairs; then
 *    queue_enable for each; no MSI-X (the device has none): INTx on
 *    INTERRUPT_LINE, whose handler reads the ISR and serves both queues;
 *  - virtio_device_ready: DRIVER_OK; only then does the 4.x console fill
 *    the receive queue and kick it.
 * The transmit queue keeps interrupts on (out_intr).
 */
#include "vtransport.h"
#include "vpci.h"
#include <linux/virtio_ring.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>
#include <linux/virtio_console.h>

#if LG_PCI

#define ISR_QUEUE 0x1		/* ISR bit 0: a queue has used buffers */
#define RING_ALIGN 64		/* SMP_CACHE_BYTES */
#define RING_NUM 256		/* we take what the device offers, up to this */
#define RING_BYTES (2 * PAGE_SIZE)
#define DRIVER_FEATURES ((1ull << VIRTIO_CONSOLE_F_SIZE) | (1ull << VIRTIO_CONSOLE_F_MULTIPORT) | \
			 (1ull << VIRTIO_F_VERSION_1))

static struct vpci dev;
static uint8_t rings[2][RING_BYTES] __attribute__((aligned(4096)));

void vtransport_kick(int queue)
{
	vpci_notify(&dev, queue);
}

/* vp_interrupt: the ISR says whether it was us; then every queue. */
static void interrupt(struct trap_frame *f)
{
	uint8_t isr = vpci_isr(&dev);

	vcons.isr_reads++;
	if (!(isr & ISR_QUEUE)) {
		vcons.isr_empty++;
		return;
	}
	/* One line for both queues: count it for receive if input came. */
	vcons.irqs[vcons_has_used(VCONS_RX) ? VCONS_RX : VCONS_TX]++;
	vcons_used(VCONS_RX);
	vcons_used(VCONS_TX);
}

static const char *find_vq(int i)
{
	uint16_t num = RING_NUM;
	uint8_t *ring = rings[i];
	const char *why;

	if ((why = vpci_select_queue(&dev, i, &num)))
		return why;
	if (vring_size(num, RING_ALIGN) > RING_BYTES)
		return fail("queue %d: %u entries do not fit our ring block", i, num);
	memset(ring, 0, RING_BYTES);
	if ((why = vcons_ring_init(i, ring, __pa(ring), num, RING_ALIGN, false)))
		return why;
	/* Where vring_init put avail and used (what virtqueue_get_avail/used
	 * report), then the real addresses. */
	struct vring vr;
	vring_init(&vr, num, ring, RING_ALIGN);
	uint32_t desc = __pa(vr.desc), avail = __pa(vr.avail), used = __pa(vr.used);
	vcons.vq[i].num = num;
	vcons.vq[i].irq = dev.irq;
	vcons.vq[i].pfn = desc >> 12;
	vcons.ring_gpa[i][0] = desc;
	vcons.ring_gpa[i][1] = avail;
	vcons.ring_gpa[i][2] = used;
	vpci_queue_rings(&dev, num, desc, avail, used);
	return NULL;
}

const char *vtransport_probe(void)
{
	const char *why;

	if ((why = vpci_open(&dev, VCONS_PCI_SLOT, VCONS_VA)))
		return why;
	vcons.bar0 = dev.bar0;
	vcons.irq_line = dev.irq;
	vcons.num_vq = (uint8_t)mmio_read16(vpci_common(&dev, VIRTIO_PCI_COMMON_NUMQ));
	vcons.config_len = (uint8_t)dev.caps.device_len;

	vpci_reset(&dev);
	vpci_add_status(&dev, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vpci_add_status(&dev, VIRTIO_CONFIG_S_DRIVER);
	vcons.device_features = vpci_get_features(&dev);
	vcons.driver_features = vcons.device_features & DRIVER_FEATURES;
	vcons.host_features = (uint32_t)vcons.device_features;
	vcons.guest_features = (uint32_t)vcons.driver_features;
	if (!(vcons.driver_features & (1ull << VIRTIO_F_VERSION_1))) {
		vpci_add_status(&dev, VIRTIO_CONFIG_S_FAILED);
		return fail("the device does not offer VIRTIO_F_VERSION_1 (features %#llx)",
			    (unsigned long long)vcons.device_features);
	}
	vpci_set_features(&dev, vcons.driver_features);
	vpci_add_status(&dev, VIRTIO_CONFIG_S_FEATURES_OK);
	if (!(vpci_get_status(&dev) & VIRTIO_CONFIG_S_FEATURES_OK)) {
		vpci_add_status(&dev, VIRTIO_CONFIG_S_FAILED);
		return fail("the device refused our features %#llx",
			    (unsigned long long)vcons.driver_features);
	}

	if (vcons.num_vq < 2) {
		vpci_add_status(&dev, VIRTIO_CONFIG_S_FAILED);
		return fail("the console has %u queues, needs 2", vcons.num_vq);
	}
	for (int i = 0; i < 2; i++)
		if ((why = find_vq(i))) {
			vpci_add_status(&dev, VIRTIO_CONFIG_S_FAILED);
			return why;
		}
	for (int i = 0; i < 2; i++)
		vpci_enable_queue(&dev, i);
	irq_handlers[dev.irq] = interrupt;
	irq_unblock(dev.irq);

	vpci_add_status(&dev, VIRTIO_CONFIG_S_DRIVER_OK);
	vcons.status = vpci_get_status(&dev);
	vcons_fill_rx();
	return NULL;
}

#endif
