// SPDX-License-Identifier: GPL-2.0-only
/*
 * A guest's disks, from its configuration to its devices.  Claims on real
 * disks are held per guest slot for as long as the machine runs, so that
 * a guest restarted under on_crash=restart gets its disks back.
 */
#include "hv/guest_disks.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define SECTOR 512u

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

const char *guest_disks_plan(int slot, const struct guest_config *cfg,
			     const struct boot_info *boot, struct disk_plan *out, char *err,
			     size_t errlen)
{
	out->n = 0;
	for (int i = 0; i < cfg->nr_disks; i++) {
		const struct disk_config *dc = &cfg->disks[i];
		if (dc->module >= 0) {
			plan_image(dc, boot, &out->b[out->n++]);
			continue;
		}
		fmt_snprintf(err, errlen, "disk=%s: no such disk (no ATA disks were found)",
			     dc->name);
		return err;
	}
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
		kprintf("hv: guest %s: disk %s: %s, %llu sectors (%llu MiB)%s\n", g->name, name,
			v->disk.label, (unsigned long long)v->disk.sectors,
			(unsigned long long)(v->disk.sectors >> 11), v->disk.ro ? ", read-only" : "");
	}
}
