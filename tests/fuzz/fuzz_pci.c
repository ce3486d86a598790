// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the PCI bus and the virtio-pci functions behind it, with a
 * guest doing anything through its ports, its MMIO window and its RAM.
 * The first input byte picks one function (a console-like model) or two
 * (and an entropy-like one); the rest is a script of 8-byte records
 * (op, a, b, c, value:32 little-endian), at most 512; (op & 0x7F) % 9 is:
 *   0  out of width W(b) to port 0xCF8 + (a & 7)
 *   1  in  of width W(b) from port 0xCF8 + (a & 7)
 *   2  config write: address 00:(a & 3).0 register b (aligned, as Linux's
 *      conf1), then out of width W(c) to 0xCFC + (b & 3)
 *   3  config read, the same way
 *   4  BAR0 write: function a & 1, offset (b | c << 8) & 0xFFF, width
 *      W(a >> 1), at wherever that BAR now is
 *   5  BAR0 read, the same way
 *   6  MMIO anywhere in the window: offset (b | c << 8) % its size,
 *      a write if a & 1, width W(a >> 1) (as mmio_emulate: no access
 *      crossing a page)
 *   7  RAM write: value's bytes at (a | b << 8 | c << 16) % mem_limit
 *   8  PCI_CFG window of function a & 1: bar (a >> 1) & 7 if a & 0x80
 *      else 0, offset b | (c & 0xF) << 8, length W(c >> 4) (3 if c >> 6 is
 *      3), then the data register read or (op & 0x80) written
 * where W(x) is 1, 2 or 4 for x % 3.  A kick of an enabled queue makes
 * the model pop, read, write and push its chains, as the console does,
 * killing the guest for a broken ring.
 * After every record, unless the guest was killed (then the script
 * stops: a dead guest runs no more), these must hold or we abort:
 *  - every BAR0 is page aligned inside [mmio_base, mmio_base + mmio_size)
 *    and no two are the same page;
 *  - every enabled queue exists and its rings lie inside RAM (vq_fits
 *    over mem_size), aligned;
 *  - the model was never called with an access outside its
 *    configuration, nor kicked for a queue not enabled;
 *  - an in gives no bits beyond its width; BAR0 reads as its address or,
 *    while being sized, 0xFFFFF000;
 *  - DRIVER_OK only with FEATURES_OK, FEATURES_OK only with VERSION_1 and
 *    no feature that was not offered;
 *  - only the functions' interrupt lines are raised.
 * Guest RAM is host memory between two inaccessible pages: any access
 * outside it faults (and everything else is under ASan).
 *
 * Found: queue_enable with queue_select 4 or more (past the transport's
 * arrays) made enable_queue read p->queue_size[q] and p->ring[q] out of
 * bounds before it checked that the queue exists (fixed; the seeds
 * bug-enable-queue-65535 and bug-enable-queue-via-window replay it).
 * sources: hv/devices/pci_config.c hv/devices/vring.c
 */
#include "tests/unit/vpci_host.h"

#define RECORD 8
#define MAX_RECORDS 512

static struct guest *g;

static void check(int ok)
{
	if (!ok)
		abort();
}

static uint32_t width(uint32_t x)
{
	static const uint32_t w[] = { 1, 2, 4 };
	return w[x % 3];
}

static uint32_t ones(uint32_t len)
{
	return len == 4 ? 0xFFFFFFFFu : (1u << (8 * len)) - 1;
}

/* A kick: take what the guest offered, as a device would. */
static void pop_all(struct guest *gg, struct tdev *t, uint32_t q)
{
	struct gmem m = vdev_memory(gg);
	struct vq *vq = &t->dev.vq[q];
	struct vq_chain c;
	const char *error = NULL;
	uint8_t buf[64];
	bool used = false;

	check(vq_fits(&m, vq));
	for (int n = 0; n < 8 && vq_pop(&m, vq, &c, &error); n++) {
		check(c.head < vq->num && c.nr <= vq->num);
		check(vq_read(&m, vq, &c, 0, buf, sizeof(buf)) <= sizeof(buf));
		check(vq_write(&m, vq, &c, buf, sizeof(buf)) <= sizeof(buf));
		vq_push(&m, vq, &c, 1);
		used = true;
	}
	if (error) {
		guest_kill(gg, "%s queue %u: %s", t->dev.model->name, q, error);
		return;
	}
	if (used)
		vdev_used(gg, &t->dev, q);
}

static void check_invariants(void)
{
	struct gmem ram = { (uint8_t *)(uintptr_t)g->mem_base, g->mem_size };
	uint32_t lines = 0;

	for (uint32_t f = 0; f < g->nr_vdevs; f++) {
		uint32_t bar = g->pci[f].bar;
		struct tdev *t = &host_devs[f];
		struct vdev *d = &t->dev;
		uint64_t offered = d->model->features | VIRTIO_FEATURE_VERSION_1;

		check(!(bar & (VPCI_BAR_SIZE - 1)));
		check(bar >= g->mmio_base && bar - g->mmio_base <= g->mmio_size - VPCI_BAR_SIZE);
		for (uint32_t o = 0; o < f; o++)
			check(g->pci[o].bar != bar);
		for (uint32_t q = 0; q < VDEV_MAX_QUEUES; q++)
			if (d->vq_enabled[q])
				check(q < d->model->nr_queues && vq_fits(&ram, &d->vq[q]));
		check(t->bad_calls == 0);
		if (d->status & VIRTIO_STATUS_DRIVER_OK)
			check(d->status & VIRTIO_STATUS_FEATURES_OK);
		if (d->status & VIRTIO_STATUS_FEATURES_OK)
			check(!(d->driver_features & ~offered) &&
			      (d->driver_features & VIRTIO_FEATURE_VERSION_1));
		lines |= 1u << (f + 1);
	}
	check(!(g->irqs_pending & ~lines));
}

static void port_in(uint32_t port, uint32_t len)
{
	uint32_t v = 0;

	check(pci_port_in(g, port, len, &v));
	check(!(v & ~ones(len)));
}

static void port_out(uint32_t port, uint32_t len, uint32_t v)
{
	check(pci_port_out(g, port, len, v & ones(len)));
}

static void config_address(uint32_t slot, uint32_t reg)
{
	port_out(0xCF8, 4, 0x80000000u | slot << 11 | (reg & 0xFC));
}

static void bar_access(uint32_t f, uint32_t off, uint32_t len, bool write, uint32_t v)
{
	uint32_t gpa;

	if (f >= g->nr_vdevs)
		f = 0;
	if (off + len > VPCI_BAR_SIZE)
		return;		/* mmio_emulate kills for a page crossing first */
	gpa = g->pci[f].bar + off;
	check(pci_in_window(g, gpa));
	if (write)
		pci_mmio_write(g, gpa, len, v & ones(len));
	else
		check(!(pci_mmio_read(g, gpa, len) & ~ones(len)));
}

static void step(const uint8_t *r)
{
	uint32_t op = (r[0] & 0x7F) % 9, a = r[1], b = r[2], c = r[3];
	uint32_t v = r[4] | r[5] << 8 | r[6] << 16 | (uint32_t)r[7] << 24;

	switch (op) {
	case 0:
		port_out(0xCF8 + (a & 7), width(b), v);
		break;
	case 1:
		port_in(0xCF8 + (a & 7), width(b));
		break;
	case 2:
		config_address(a & 3, b);
		port_out(0xCFC + (b & 3), width(c), v);
		break;
	case 3: {
		uint32_t len = width(c), got = 0;
		config_address(a & 3, b);
		check(pci_port_in(g, 0xCFC + (b & 3), len, &got));
		check(!(got & ~ones(len)));
		if ((a & 3) >= 1 && (a & 3) <= g->nr_vdevs && (b & 0xFC) == PCI_BASE_ADDRESS_0 &&
		    len == 4 && !(b & 3) && g->state != GUEST_DEAD) {
			struct vpci *p = &g->pci[(a & 3) - 1];
			check(got == (p->bar_sizing ? 0xFFFFF000u : p->bar));
		}
		break;
	}
	case 4:
	case 5:
		bar_access(a & 1, (b | c << 8) & 0xFFF, width(a >> 1), op == 4, v);
		break;
	case 6: {
		uint32_t off = (b | c << 8) % g->mmio_size, len = width(a >> 1);
		if ((off & (VPCI_BAR_SIZE - 1)) + len > VPCI_BAR_SIZE)
			break;
		check(pci_in_window(g, g->mmio_base + off));
		if (a & 1)
			pci_mmio_write(g, g->mmio_base + off, len, v & ones(len));
		else
			check(!(pci_mmio_read(g, g->mmio_base + off, len) & ~ones(len)));
		break;
	}
	case 7: {
		uint32_t off = (a | b << 8 | c << 16) % g->mem_limit;
		uint8_t *ram = (uint8_t *)(uintptr_t)g->mem_base;
		for (uint32_t i = 0; i < 4 && off + i < g->mem_limit; i++)
			ram[off + i] = r[4 + i];
		break;
	}
	case 8: {
		uint32_t slot = g->nr_vdevs > 1 ? 1 + (a & 1) : 1;
		uint32_t bar = (a & 0x80) ? (a >> 1) & 7 : 0;
		uint32_t len = (c >> 6) == 3 ? 3 : width(c >> 4);
		config_address(slot, 0x88);
		port_out(0xCFC, 4, bar);
		config_address(slot, 0x8C);
		port_out(0xCFC, 4, b | (c & 0xF) << 8);
		config_address(slot, 0x90);
		port_out(0xCFC, 4, len);
		config_address(slot, 0x94);
		if (r[0] & 0x80)
			port_out(0xCFC, 4, v);
		else
			port_in(0xCFC, 4);
		break;
	}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	g = host_guest_new(1 + (data[0] & 1));
	host_devs[0].on_kick = host_devs[1].on_kick = pop_all;
	data++;
	size--;
	if (size > MAX_RECORDS * RECORD)
		size = MAX_RECORDS * RECORD;
	check_invariants();
	unsigned done = 0;
	for (; size >= RECORD; data += RECORD, size -= RECORD) {
		step(data);
		done++;
		if (g->state == GUEST_DEAD) {
			check(kill_reason[0] != '\0');
			break;
		}
		check_invariants();
	}
#ifdef FUZZ_PCI_VERBOSE
	/* For checking what a seed does: how far it went, how it ended. */
	fprintf(stderr, "%u records, %u kicks, %u config writes; %s%s\n", done,
		host_devs[0].kicks + host_devs[1].kicks, host_devs[0].config_writes, g->state == GUEST_DEAD ? "killed: " : "alive", kill_reason);
#else
	(void)done;
#endif
	return 0;
}
