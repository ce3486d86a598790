/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The PCI bus and virtio-pci transport on the host, shared by
 * tests/unit/test_pci.c and tests/fuzz/fuzz_pci.c: a synthetic struct
 * guest whose RAM is real host memory below 4 GiB (mem_base is a 32-bit
 * host address, as in the hypervisor) between two inaccessible guard
 * pages, so any access outside it faults; a test device model that
 * records every call the transport makes to it; and the hypervisor
 * functions the transport calls (guest_kill, kprintf) stubbed.
 *
 * hv/devices/virtio.c and virtio_pci.c turn the 32-bit mem_base into a
 * pointer, which a 64-bit host compiler warns about; they are included
 * here with that one warning off (the other sources are linked as
 * usual: hv/devices/pci_config.c hv/devices/vring.c).
 */
#ifndef TESTS_VPCI_HOST_H
#define TESTS_VPCI_HOST_H

#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wint-to-pointer-cast"
#include "hv/devices/virtio.c"
#include "hv/devices/virtio_pci.c"
#pragma GCC diagnostic pop
#include "hv/devices/pci_config.h"
#include "hv/guest.h"

/* ---- the stubs -------------------------------------------------------- */

static char kill_reason[256];
static unsigned kills, kills_while_dead;

/* As the hypervisor's: the first reason counts, the guest is dead. */
void guest_kill(struct guest *g, const char *fmt, ...)
{
	va_list ap;

	if (g->state == GUEST_DEAD) {
		kills_while_dead++;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(kill_reason, sizeof(kill_reason), fmt, ap);
	va_end(ap);
	kills++;
	g->state = GUEST_DEAD;
}

/* One CPU here: nobody else to kick. */
void hv_kick(unsigned cpu)
{
	(void)cpu;
}

static char last_kprintf[256];

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_kprintf, sizeof(last_kprintf), fmt, ap);
	va_end(ap);
}

/* ---- guest memory ----------------------------------------------------- */

#define HOST_RAM_SIZE 0x1F800u		/* mem_size: not a whole number of pages */
#define HOST_RAM_LIMIT 0x20000u		/* mem_limit: page aligned (PCI: no device pages) */
#define HOST_PAGE 4096u

/* RAM below 4 GiB with a guard page on each side. */
static uint8_t *host_ram(void)
{
	static uint8_t *ram;

	if (ram)
		return ram;
	int flags = MAP_PRIVATE | MAP_ANONYMOUS;
#ifdef MAP_32BIT
	if (sizeof(void *) > 4)
		flags |= MAP_32BIT;
#endif
	uint8_t *all = mmap(NULL, HOST_RAM_LIMIT + 2 * HOST_PAGE, PROT_NONE, flags, -1, 0);
	if (all == MAP_FAILED || (uintptr_t)all + HOST_RAM_LIMIT + 2 * HOST_PAGE > 0xFFFFFFFFu) {
		fprintf(stderr, "vpci_host: no memory below 4 GiB for the guest\n");
		abort();
	}
	ram = all + HOST_PAGE;
	if (mprotect(ram, HOST_RAM_LIMIT, PROT_READ | PROT_WRITE)) {
		perror("mprotect");
		abort();
	}
	return ram;
}

/* ---- the test device model -------------------------------------------- */

#define TDEV_CONFIG_MAX 16
#define TDEV_LOG 64

/* A model's device: the vdev first, as the transport sees it. */
struct tdev {
	struct vdev dev;
	uint8_t config[TDEV_CONFIG_MAX];
	/* What the transport did to the model. */
	unsigned config_reads, config_writes, kicks, resets, bad_calls;
	struct { uint32_t off, len; uint8_t bytes[4]; } writes[TDEV_LOG];
	uint32_t kicked[TDEV_LOG];
	/* Optional: what a kick does besides being recorded. */
	void (*on_kick)(struct guest *g, struct tdev *t, uint32_t q);
};

static struct tdev *tdev_of(struct vdev *d) { return (struct tdev *)d; }

static void tdev_config_read(struct guest *g, struct vdev *d, uint32_t off, uint8_t *buf,
			     uint32_t len)
{
	struct tdev *t = tdev_of(d);

	if (off > d->model->config_len || len > d->model->config_len - off || len > 4 || !len) {
		t->bad_calls++;
		return;
	}
	memcpy(buf, t->config + off, len);
	t->config_reads++;
}

static void tdev_config_write(struct guest *g, struct vdev *d, uint32_t off, const uint8_t *buf,
			      uint32_t len)
{
	struct tdev *t = tdev_of(d);

	if (off > d->model->config_len || len > d->model->config_len - off || len > 4 || !len) {
		t->bad_calls++;
		return;
	}
	memcpy(t->config + off, buf, len);
	if (t->config_writes < TDEV_LOG) {
		t->writes[t->config_writes].off = off;
		t->writes[t->config_writes].len = len;
		memcpy(t->writes[t->config_writes].bytes, buf, len);
	}
	t->config_writes++;
}

static void tdev_kick(struct guest *g, struct vdev *d, uint32_t q)
{
	struct tdev *t = tdev_of(d);

	if (q >= d->model->nr_queues || !d->vq_enabled[q]) {
		t->bad_calls++;
		return;
	}
	if (t->kicks < TDEV_LOG)
		t->kicked[t->kicks] = q;
	t->kicks++;
	if (t->on_kick)
		t->on_kick(g, t, q);
}

static void tdev_reset(struct guest *g, struct vdev *d)
{
	tdev_of(d)->resets++;
}

/* Like the console: id 3 (device 0x1043), two queues, one feature bit,
 * a 12-byte configuration (cols, rows, max_nr_ports, emerg_wr). */
static const struct vdev_model tdev_console = {
	.name = "tconsole",
	.id = 3,
	.pci_class = 0x078000,
	.nr_queues = 2,
	.queue_max = 64,
	.features = 1ull << 2,		/* VIRTIO_CONSOLE_F_EMERG_WRITE */
	.config_len = 12,
	.config_read = tdev_config_read,
	.config_write = tdev_config_write,
	.kick = tdev_kick,
	.reset = tdev_reset,
};

/* Like an entropy device: id 4, one queue, no features, no configuration. */
static const struct vdev_model tdev_rng = {
	.name = "trng",
	.id = 4,
	.pci_class = 0x00ff00,
	.nr_queues = 1,
	.queue_max = 16,
	.features = 0,
	.config_len = 0,
	.config_read = tdev_config_read,
	.config_write = tdev_config_write,
	.kick = tdev_kick,
	.reset = tdev_reset,
};

/* ---- the guest -------------------------------------------------------- */

static struct guest host_guest;
static struct tdev host_devs[2];

/* As the loader leaves a 4.x guest: RAM zeroed, the devices listed,
 * pci_setup.  nr is 1 (the console) or 2 (and the entropy device). */
static struct guest *host_guest_new(unsigned nr)
{
	struct guest *g = &host_guest;
	uint8_t *ram = host_ram();

	memset(g, 0, sizeof(*g));
	memset(host_devs, 0, sizeof(host_devs));
	memset(ram, 0, HOST_RAM_LIMIT);
	kill_reason[0] = '\0';
	last_kprintf[0] = '\0';
	kills = kills_while_dead = 0;
	strcpy(g->name, "test");
	g->state = GUEST_RUNNABLE;
	g->mem_base = (uint32_t)(uintptr_t)ram;
	g->mem_size = HOST_RAM_SIZE;
	g->mem_limit = HOST_RAM_LIMIT;
	host_devs[0].dev.model = &tdev_console;
	host_devs[1].dev.model = &tdev_rng;
	for (unsigned i = 0; i < nr && i < 2; i++)
		g->vdevs[g->nr_vdevs++] = &host_devs[i].dev;
	pci_setup(g);
	return g;
}

#endif
