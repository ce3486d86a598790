// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest's disks, from its configuration to its devices.  Claims on real
 * disks are kept in the guest, in what outlives its restarts, so that a
 * guest restarted under on_crash=restart gets its disks back; they go
 * with its slot.
 */
#include "hv/guest_disks.h"
#include "hv/disks.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define SECTOR 512u

void guest_disks_release(struct guest *g)
{
	memset(g->claims, 0, sizeof(g->claims));
}

/* The claim of another guest that h (writable or not) would collide with;
 * *owner is that guest. */
static const struct disk_claim *collision(const struct guest *me, const struct hw_disk *h,
					  bool writable, const struct guest **owner)
{
	const struct guest *g;

	for_each_guest(g) {
		if (g == me)
			continue;
		for (int i = 0; i < CONFIG_MAX_DISKS; i++) {
			const struct disk_claim *c = &g->claims[i];
			if (!c->used || c->drive != h->drive)
				continue;
			bool overlap = c->start < h->start + h->sectors &&
				       h->start < c->start + c->sectors;
			if (overlap && (writable || c->writable)) {
				*owner = g;
				return c;
			}
		}
	}
	return NULL;
}

/* The real disk or partition behind b is g's from now on (a guest has at
 * most CONFIG_MAX_DISKS disks, so there is always a free entry). */
static void claim(struct guest *g, const struct disk_backing *b)
{
	for (int i = 0; i < CONFIG_MAX_DISKS; i++)
		if (!g->claims[i].used) {
			struct disk_claim *c = &g->claims[i];
			*c = (struct disk_claim){ true, !b->ro, b->drive, b->start, b->sectors, "" };
			fmt_snprintf(c->name, sizeof(c->name), "%s", b->label);
			return;
		}
}

static const char *plan_real(const struct guest *g, const struct disk_config *dc,
			     struct disk_backing *b, char *err, size_t errlen)
{
	const struct hw_disk *h = disks_find(dc->name);
	const struct disk_claim *c;
	const struct guest *owner;

	if (!h) {
		fmt_snprintf(err, errlen, "disk=%s: the machine has no such disk or partition",
			     dc->name);
		return err;
	}
	c = collision(g, h, !dc->ro, &owner);
	if (c) {
		fmt_snprintf(err, errlen, "disk=%s%s: %s is already given to guest %s%s", dc->name,
			     dc->ro ? ":ro" : "", c->name, owner->name,
			     c->writable ? " to write" : " (only a read-only disk may be shared)");
		return err;
	}
	memset(b, 0, sizeof(*b));
	b->kind = DISK_ATA;
	fmt_snprintf(b->label, sizeof(b->label), "%s", h->name);
	b->sectors = h->sectors;
	b->ro = dc->ro;
	b->drive = h->drive;
	b->start = h->start;
	return NULL;
}

static void plan_image(const struct disk_config *dc, const struct boot_info *boot,
		       struct disk_backing *b)
{
	const struct boot_module *mod = &boot->modules[dc->module];

	memset(b, 0, sizeof(*b));
	b->kind = DISK_IMAGE;
	memcpy(b->label, dc->name, strnlen(dc->name, sizeof(b->label) - 1));
	b->sectors = (mod->end - mod->start) / SECTOR;
	b->ro = dc->ro;
	b->image = (uint8_t *)mod->start;
}

const char *guest_disks_plan(struct guest *g, const struct guest_config *cfg,
			     const struct boot_info *boot, struct disk_plan *out, char *err,
			     size_t errlen)
{
	out->n = 0;
	guest_disks_release(g);
	for (int i = 0; i < cfg->nr_disks; i++) {
		const struct disk_config *dc = &cfg->disks[i];
		struct disk_backing *b = &out->b[out->n++];
		if (dc->module >= 0)
			plan_image(dc, boot, b);
		else if (plan_real(g, dc, b, err, errlen))
			return err;
	}
	/* All found and free: only now are they this guest's. */
	for (int i = 0; i < out->n; i++)
		if (out->b[i].kind == DISK_ATA)
			claim(g, &out->b[i]);
	return NULL;
}

void guest_disks_attach(struct guest *g, const struct disk_plan *p)
{
	for (int i = 0; i < p->n && g->nr_vdevs < GUEST_VDEVS; i++) {
		struct vblk *v = &g->disks[g->nr_disks];
		char name[4] = { 'v', 'd', (char)('a' + g->nr_disks), '\0' };

		vblk_init(v, name, &p->b[i]);
		g->nr_disks++;
		g->vdevs[g->nr_vdevs++] = &v->dev;
		uint64_t kib = v->disk.sectors / 2;
		kprintf("hv: guest %s: disk %s: %s, %llu sectors (%llu %s)%s\n", g->name, name,
			v->disk.label, (unsigned long long)v->disk.sectors,
			(unsigned long long)(kib >= 1024 ? kib >> 10 : kib), kib >= 1024 ? "MiB" : "KiB",
			v->disk.ro ? ", read-only" : "");
	}
}
