// SPDX-License-Identifier: GPL-2.0-only
/*
 * A virtio 1.0 ("modern") PCI function, as Linux 4.x's virtio_pci_modern
 * and lguest's early console use it (shared/LGUEST-ABI.md §8.3):
 *
 *  config space  vendor 0x1AF4, device 0x1040 + id, revision 1, the
 *                model's class, subsystem 0x1AF4:0x40, a capability list
 *                at 0x40, BAR0 a 32-bit memory BAR of one page, the other
 *                BARs and the ROM hard-wired to 0, INTERRUPT_LINE the
 *                device's guest IRQ (no MSI-X: the guest uses INTx)
 *  BAR0          common configuration at 0, the notify register at 56
 *                (notify_off_multiplier 0: every queue notifies there),
 *                ISR at 58 (read clears), device configuration at 60
 *
 * What the driver may not do kills the guest with the rule it broke: a
 * register straddled, MSI-X vectors, a status that goes backwards,
 * DRIVER_OK before FEATURES_OK, a queue enabled before its addresses or
 * with rings outside its RAM, ring addresses above 4 GiB.  A feature the
 * device did not offer (or a driver without VERSION_1) only gets
 * FEATURES_OK refused, which is how virtio says no.
 */
#include <stddef.h>
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>
#include "hv/devices/virtio_pci.h"
#include "hv/guest.h"
#include "lib/bytes.h"
#include "lib/log.h"

#define VENDOR_VIRTIO 0x1AF4
#define DEVICE_MODERN_BASE 0x1040
#define SUBSYSTEM_ID 0x40
#define MSI_NO_VECTOR 0xFFFF

/* Capabilities: where each begins in config space. */
#define CAP_COMMON 0x40
#define CAP_NOTIFY 0x50
#define CAP_ISR 0x64
#define CAP_DEVICE 0x74
#define CAP_PCI_CFG 0x84
#define CAP_PCI_CFG_DATA (CAP_PCI_CFG + 16)
#define CONFIG_END (CAP_PCI_CFG + 20)

static struct vdev *dev_of(struct guest *g, unsigned slot) { return g->vdevs[slot - 1]; }
static struct vpci *regs_of(struct guest *g, unsigned slot) { return &g->pci[slot - 1]; }

static uint64_t offered(const struct vdev *d)
{
	return d->model->features | d->own_features | VIRTIO_FEATURE_VERSION_1;
}

static void reset_transport(struct vpci *p, const struct vdev *d)
{
	p->feature_sel = p->driver_feature_sel = 0;
	p->queue_sel = 0;
	for (uint32_t q = 0; q < VDEV_MAX_QUEUES; q++) {
		p->queue_size[q] = q < d->model->nr_queues ? (uint16_t)d->model->queue_max : 0;
		for (int w = 0; w < 6; w++)
			p->ring[q][w] = 0;
		p->ring_written[q] = 0;
	}
}

void vpci_init(struct guest *g, unsigned slot, uint32_t bar, uint32_t irq)
{
	struct vpci *p = regs_of(g, slot);
	struct vdev *d = dev_of(g, slot);

	*p = (struct vpci){ .bar = bar };
	reset_transport(p, d);
	for (uint32_t q = 0; q < VDEV_MAX_QUEUES; q++)
		d->irq[q] = (uint8_t)irq;
}

/* ---- configuration space ---------------------------------------------- */

/* One vendor capability's first three dwords. */
static uint32_t cap_dword(uint32_t at, uint32_t type, uint32_t next, uint32_t len,
			  uint32_t bar_off, uint32_t bar_len, uint32_t bar)
{
	switch (at) {
	case 0: return PCI_CAP_ID_VNDR | next << 8 | len << 16 | type << 24;
	case 4: return bar;
	case 8: return bar_off;
	case 12: return bar_len;
	default: return 0;
	}
}

/* The dword of config space at reg (a multiple of 4). */
static uint32_t config_dword(struct guest *g, unsigned slot, uint32_t reg)
{
	struct vpci *p = regs_of(g, slot);
	struct vdev *d = dev_of(g, slot);

	switch (reg) {
	case PCI_VENDOR_ID:
		return VENDOR_VIRTIO | (uint32_t)(DEVICE_MODERN_BASE + d->model->id) << 16;
	case PCI_COMMAND:
		return p->command | (uint32_t)PCI_STATUS_CAP_LIST << 16;
	case PCI_CLASS_REVISION:
		return 1 | d->model->pci_class << 8;
	case PCI_BASE_ADDRESS_0:
		/* A 32-bit, non-prefetchable memory BAR: type bits 0. */
		return p->bar_sizing ? ~(VPCI_BAR_SIZE - 1) : p->bar;
	case PCI_SUBSYSTEM_VENDOR_ID:
		return VENDOR_VIRTIO | (uint32_t)SUBSYSTEM_ID << 16;
	case PCI_CAPABILITY_LIST:
		return CAP_COMMON;
	case PCI_INTERRUPT_LINE:
		return d->irq[0];	/* pin 0: lguest reads the line */
	}
	if (reg >= CAP_COMMON && reg < CAP_NOTIFY)
		return cap_dword(reg - CAP_COMMON, VIRTIO_PCI_CAP_COMMON_CFG, CAP_NOTIFY, 16,
				 VPCI_COMMON_OFF, VPCI_COMMON_LEN, 0);
	if (reg >= CAP_NOTIFY && reg < CAP_ISR)
		return reg - CAP_NOTIFY == 16 ? 0 :	/* notify_off_multiplier */
		       cap_dword(reg - CAP_NOTIFY, VIRTIO_PCI_CAP_NOTIFY_CFG, CAP_ISR, 20,
				 VPCI_NOTIFY_OFF, VPCI_NOTIFY_LEN, 0);
	if (reg >= CAP_ISR && reg < CAP_DEVICE)
		return cap_dword(reg - CAP_ISR, VIRTIO_PCI_CAP_ISR_CFG, CAP_DEVICE, 16,
				 VPCI_ISR_OFF, 1, 0);
	if (reg >= CAP_DEVICE && reg < CAP_PCI_CFG)
		return cap_dword(reg - CAP_DEVICE, VIRTIO_PCI_CAP_DEVICE_CFG, CAP_PCI_CFG, 16,
				 VPCI_DEVICE_OFF, d->model->config_len, 0);
	if (reg >= CAP_PCI_CFG && reg < CAP_PCI_CFG_DATA)
		return cap_dword(reg - CAP_PCI_CFG, VIRTIO_PCI_CAP_PCI_CFG, 0, 20, p->win_off,
				 p->win_len, p->win_bar);
	return 0;
}

/* The PCI_CFG window: an access to BAR0 through config space, as the
 * 4.x early console makes before it has mapped anything.  One that names
 * another BAR, an odd width or a place outside BAR0 goes nowhere (reads
 * 0), as in QEMU: a dump of all of config space (lspci -xxx) reads the
 * data register before anyone set the window up. */
static bool window_ok(const struct vpci *p)
{
	return p->win_bar == 0 && (p->win_len == 1 || p->win_len == 2 || p->win_len == 4) &&
	       p->win_off < VPCI_BAR_SIZE && p->win_len <= VPCI_BAR_SIZE - p->win_off;
}

uint32_t vpci_config_read(struct guest *g, unsigned slot, uint32_t reg, uint32_t len)
{
	struct vpci *p = regs_of(g, slot);

	if ((reg & ~3u) == CAP_PCI_CFG_DATA) {
		if (!window_ok(p))
			return 0;
		return bytes_extract(vpci_bar_read(g, slot, p->win_off, p->win_len), reg & 3, len);
	}
	return bytes_extract(config_dword(g, slot, reg & ~3u), reg & 3, len);
}

/* A BAR0 address the guest may choose: page aligned, inside its MMIO
 * window (never RAM, never the switcher), not over another function. */
static bool bar_acceptable(struct guest *g, unsigned slot, uint32_t addr)
{
	if (addr & (VPCI_BAR_SIZE - 1) || addr < g->mmio_base ||
	    addr - g->mmio_base > g->mmio_size - VPCI_BAR_SIZE)
		return false;
	for (unsigned s = 1; s <= g->nr_vdevs; s++)
		if (s != slot && g->pci[s - 1].bar == addr)
			return false;
	return true;
}

static void bar_write(struct guest *g, unsigned slot, uint32_t v)
{
	struct vpci *p = regs_of(g, slot);
	uint32_t addr = v & ~0xFu;

	p->bar_sizing = false;
	if (addr == (~(VPCI_BAR_SIZE - 1) & ~0xFu) || v == 0xFFFFFFFF) {
		p->bar_sizing = true;	/* reads give the size until the next write */
		return;
	}
	if (addr == p->bar)
		return;
	if (!bar_acceptable(g, slot, addr)) {
		kprintf("hv: guest %s: BAR0 of 00:%02x.0 may not move to %#x (its MMIO window is "
			"%#x-%#x); it stays at %#x\n", g->name, slot, addr, g->mmio_base,
			g->mmio_base + g->mmio_size - 1, p->bar);
		return;
	}
	p->bar = addr;
}

void vpci_config_write(struct guest *g, unsigned slot, uint32_t reg, uint32_t len, uint32_t v)
{
	struct vpci *p = regs_of(g, slot);
	uint32_t at = reg & ~3u;
	/* The whole dword as it reads now, with the written bytes merged. */
	uint32_t old = at == CAP_PCI_CFG_DATA ? 0 : config_dword(g, slot, at);
	uint32_t dword = bytes_merge(old, reg & 3, len, v);

	switch (at) {
	case PCI_COMMAND:
		p->command = (uint16_t)dword;
		return;
	case PCI_BASE_ADDRESS_0:
		bar_write(g, slot, dword);
		return;
	case CAP_PCI_CFG + 4:
		p->win_bar = (uint8_t)dword;
		return;
	case CAP_PCI_CFG + 8:
		p->win_off = dword;
		return;
	case CAP_PCI_CFG + 12:
		p->win_len = dword;
		return;
	case CAP_PCI_CFG_DATA:
		if (window_ok(p))
			vpci_bar_write(g, slot, p->win_off, p->win_len, dword);
		return;
	}
	/* Everything else is read-only (or hard-wired 0). */
}

/* ---- BAR0: the common configuration ------------------------------------ */

#define COMMON(field) offsetof(struct virtio_pci_common_cfg, field)
#define COMMON_SIZE(field) sizeof(((struct virtio_pci_common_cfg *)0)->field)

/* The common structure's fields, to check an access lies inside one. */
static const uint8_t field_start[] = {
	COMMON(device_feature_select), COMMON(device_feature), COMMON(guest_feature_select),
	COMMON(guest_feature), COMMON(msix_config), COMMON(num_queues),
	COMMON(device_status), COMMON(config_generation), COMMON(queue_select),
	COMMON(queue_size), COMMON(queue_msix_vector), COMMON(queue_enable),
	COMMON(queue_notify_off), COMMON(queue_desc_lo), COMMON(queue_desc_hi),
	COMMON(queue_avail_lo), COMMON(queue_avail_hi), COMMON(queue_used_lo),
	COMMON(queue_used_hi), VPCI_COMMON_LEN,
};

/* The field holding [off, off+len), or -1 if the access straddles two. */
static int common_field(uint32_t off, uint32_t len)
{
	for (unsigned i = 0; i + 1 < sizeof(field_start); i++)
		if (off >= field_start[i] && off < field_start[i + 1])
			return off + len <= field_start[i + 1] ? (int)field_start[i] : -1;
	return -1;
}

static bool queue_exists(const struct vdev *d, uint32_t q)
{
	return q < d->model->nr_queues;
}

static uint32_t common_read(struct guest *g, unsigned slot, uint32_t field)
{
	struct vpci *p = regs_of(g, slot);
	struct vdev *d = dev_of(g, slot);
	uint32_t q = p->queue_sel;

	switch (field) {
	case COMMON(device_feature_select): return p->feature_sel;
	case COMMON(device_feature):
		return p->feature_sel < 2 ? (uint32_t)(offered(d) >> (32 * p->feature_sel)) : 0;
	case COMMON(guest_feature_select): return p->driver_feature_sel;
	case COMMON(guest_feature):
		return p->driver_feature_sel < 2 ?
		       (uint32_t)(d->driver_features >> (32 * p->driver_feature_sel)) : 0;
	case COMMON(msix_config):
	case COMMON(queue_msix_vector): return MSI_NO_VECTOR;	/* for any queue */
	case COMMON(num_queues): return d->model->nr_queues;
	case COMMON(device_status): return d->status;
	case COMMON(config_generation): return 0;	/* the configuration never changes */
	case COMMON(queue_select): return q;
	}
	if (!queue_exists(d, q))
		return 0;
	switch (field) {
	case COMMON(queue_size): return p->queue_size[q];
	case COMMON(queue_enable): return d->vq_enabled[q];
	case COMMON(queue_notify_off): return 0;
	default: return p->ring[q][(field - COMMON(queue_desc_lo)) / 4];
	}
}

static void set_status(struct guest *g, unsigned slot, uint8_t status)
{
	struct vpci *p = regs_of(g, slot);
	struct vdev *d = dev_of(g, slot);
	uint8_t old = d->status;

	if (!status) {
		vdev_reset(g, d);
		reset_transport(p, d);
		return;
	}
	if ((status & old) != old) {
		guest_kill(g, "%s device status went backwards (%#x after %#x)", d->model->name,
			   status, old);
		return;
	}
	if ((status & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK) &&
	    ((d->driver_features & ~offered(d)) ||
	     !(d->driver_features & VIRTIO_FEATURE_VERSION_1)))
		status &= (uint8_t)~VIRTIO_STATUS_FEATURES_OK;	/* refused: it reads back clear */
	if ((status & VIRTIO_STATUS_DRIVER_OK) && !(status & VIRTIO_STATUS_FEATURES_OK)) {
		guest_kill(g, "%s driver set DRIVER_OK without FEATURES_OK (status %#x)",
			   d->model->name, status);
		return;
	}
	if ((status & VIRTIO_STATUS_FAILED) && !(old & VIRTIO_STATUS_FAILED))
		kprintf("hv: guest %s: its %s driver reports failure (status %#x)\n", g->name,
			d->model->name, status);
	d->status = status;
}

static void enable_queue(struct guest *g, unsigned slot, uint32_t q)
{
	struct vpci *p = regs_of(g, slot);
	struct vdev *d = dev_of(g, slot);

	/* q is the guest's queue_select: nothing indexed by it before this. */
	if (!queue_exists(d, q)) {
		guest_kill(g, "%s queue_enable for queue %u, which does not exist", d->model->name, q);
		return;
	}
	const uint32_t *r = p->ring[q];
	/* Rings live in RAM: never in device pages, never in the window. */
	struct gmem ram = { (uint8_t *)g->mem_base, g->mem_size };
	struct vq vq = { .num = p->queue_size[q], .desc = r[0], .avail = r[2], .used = r[4] };

	if (d->vq_enabled[q]) {
		return;
	} else if (p->ring_written[q] != 0x3F) {
		guest_kill(g, "%s queue %u enabled before its ring addresses were set",
			   d->model->name, q);
	} else if (r[1] || r[3] || r[5]) {
		guest_kill(g, "%s queue %u ring address above 4 GiB (high halves %#x %#x %#x)",
			   d->model->name, q, r[1], r[3], r[5]);
	} else if (!vq_fits(&ram, &vq)) {
		guest_kill(g, "%s queue %u ring (desc %#x, avail %#x, used %#x, %u entries) lies "
			   "outside its RAM or is misaligned", d->model->name, q, r[0], r[2], r[4],
			   vq.num);
	} else {
		d->vq[q] = vq;
		d->vq_enabled[q] = true;
	}
}

static void common_write(struct guest *g, unsigned slot, uint32_t field, uint32_t v)
{
	struct vpci *p = regs_of(g, slot);
	struct vdev *d = dev_of(g, slot);
	uint32_t q = p->queue_sel;

	switch (field) {
	case COMMON(device_feature_select): p->feature_sel = v; return;
	case COMMON(guest_feature_select): p->driver_feature_sel = v; return;
	case COMMON(guest_feature):
		if (p->driver_feature_sel < 2 && !(d->status & VIRTIO_STATUS_FEATURES_OK)) {
			uint32_t shift = 32 * p->driver_feature_sel;
			d->driver_features = (d->driver_features & ~(0xFFFFFFFFull << shift)) |
					     (uint64_t)v << shift;
		}
		return;
	case COMMON(msix_config):
	case COMMON(queue_msix_vector):
		if (v != MSI_NO_VECTOR)
			guest_kill(g, "%s driver wrote MSI-X vector %u, but MSI-X was not offered",
				   d->model->name, v);
		return;
	case COMMON(device_status): set_status(g, slot, (uint8_t)v); return;
	case COMMON(queue_select): p->queue_sel = (uint16_t)v; return;
	case COMMON(device_feature):
	case COMMON(num_queues):
	case COMMON(config_generation):
	case COMMON(queue_notify_off):
		return;	/* read-only, whatever queue is selected */
	case COMMON(queue_enable):
		if (v)
			enable_queue(g, slot, q);
		return;
	}
	if (!queue_exists(d, q))
		return;	/* writes to a queue that does not exist go nowhere */
	if (d->vq_enabled[q]) {
		guest_kill(g, "%s queue %u changed while enabled (register %#x)", d->model->name, q,
			   field);
		return;
	}
	if (field == COMMON(queue_size)) {
		if (!v || (v & (v - 1)) || v > d->model->queue_max)
			guest_kill(g, "%s queue %u size %u (a power of two up to %u)", d->model->name,
				   q, v, d->model->queue_max);
		else
			p->queue_size[q] = (uint16_t)v;
	} else if (field >= COMMON(queue_desc_lo)) {
		uint32_t w = (field - COMMON(queue_desc_lo)) / 4;
		p->ring[q][w] = v;
		p->ring_written[q] |= (uint8_t)(1u << w);
	}
}

/* ---- BAR0 ----------------------------------------------------------------- */

static bool inside(uint32_t off, uint32_t len, uint32_t start, uint32_t size)
{
	return off >= start && off - start < size && len <= size - (off - start);
}

/* Which part of BAR0 an access falls in, killing for one that straddles. */
enum part { P_COMMON, P_NOTIFY, P_ISR, P_DEVICE, P_NONE, P_BAD };

static enum part part_of(struct guest *g, unsigned slot, uint32_t off, uint32_t len,
			 int *field)
{
	uint32_t dev_len = dev_of(g, slot)->model->config_len;
	enum part p = P_NONE;

	if (off < VPCI_COMMON_OFF + VPCI_COMMON_LEN)
		p = (*field = common_field(off, len)) >= 0 ? P_COMMON : P_BAD;
	else if (off < VPCI_NOTIFY_OFF + VPCI_NOTIFY_LEN)
		p = inside(off, len, VPCI_NOTIFY_OFF, VPCI_NOTIFY_LEN) ? P_NOTIFY : P_BAD;
	else if (off == VPCI_ISR_OFF)
		p = len == 1 ? P_ISR : P_BAD;
	else if (off < VPCI_DEVICE_OFF)
		p = P_NONE;
	else if (off < VPCI_DEVICE_OFF + dev_len)
		p = inside(off, len, VPCI_DEVICE_OFF, dev_len) ? P_DEVICE : P_BAD;
	if (p == P_BAD)
		guest_kill(g, "MMIO access of %u bytes at BAR0+%#x of 00:%02x.0 straddles its "
			   "registers", len, off, slot);
	return p;
}

uint32_t vpci_bar_read(struct guest *g, unsigned slot, uint32_t off, uint32_t len)
{
	struct vdev *d = dev_of(g, slot);
	int field = 0;
	uint8_t buf[4] = { 0 };

	switch (part_of(g, slot, off, len, &field)) {
	case P_COMMON:
		return bytes_extract(common_read(g, slot, (uint32_t)field), off - (uint32_t)field, len);
	case P_ISR: {
		uint8_t isr = d->isr;
		d->isr = 0;	/* reading it acknowledges the interrupt */
		return isr;
	}
	case P_DEVICE:
		d->model->config_read(g, d, off - VPCI_DEVICE_OFF, buf, len);
		return (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
		       (uint32_t)buf[3] << 24;
	default:
		return 0;
	}
}

void vpci_bar_write(struct guest *g, unsigned slot, uint32_t off, uint32_t len, uint32_t v)
{
	struct vdev *d = dev_of(g, slot);
	int field = 0;

	switch (part_of(g, slot, off, len, &field)) {
	case P_COMMON: {
		/* A narrower write than the field changes only its bytes. */
		uint32_t at = off - (uint32_t)field;
		if (len < 4 || at)
			v = bytes_merge(common_read(g, slot, (uint32_t)field), at, len, v);
		common_write(g, slot, (uint32_t)field, v);
		return;
	}
	case P_NOTIFY: {
		/* The 16-bit register's bytes as this write sets them. */
		uint32_t q = bytes_merge(0, off - VPCI_NOTIFY_OFF, len, v) & 0xFFFF;
		if (queue_exists(d, q) && d->vq_enabled[q])
			d->model->kick(g, d, q);
		return;
	}
	case P_DEVICE: {
		uint8_t buf[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
				   (uint8_t)(v >> 24) };
		d->model->config_write(g, d, off - VPCI_DEVICE_OFF, buf, len);
		return;
	}
	default:
		return;	/* the ISR is read-only; the rest of the page is empty */
	}
}
