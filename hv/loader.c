// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Launcher's job (shared/LGUEST-ABI.md §3): lay out a guest's memory
 * the way an lguest guest expects it (boot_params at 0, the command line
 * at 0x1000, the kernel at 1 MiB, the initrd at the top of RAM, the device
 * pages just above RAM), and set up its first registers and page tables.
 */
#include "hv/loader.h"
#include "hv/cpus.h"
#include "hv/console.h"
#include "hv/descriptors.h"
#include "hv/devices/lguest_bus.h"
#include "hv/devices/pci_config.h"
#include "hv/fpu.h"
#include "hv/guest_disks.h"
#include "hv/guest_nets.h"
#include "hv/modline.h"
#include "guest-abi/boot_params.h"
#include "guest-abi/kernel_image.h"
#include "mm/frames.h"
#include "mm/guest_mem.h"
#include "mm/paging.h"
#include "mm/shadow.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

#define PAGE_OFFSET_ALIAS 0xC0000000u	/* what 2.6.29-3.0 hosts assumed */

static const struct boot_info *boot;

static uint32_t page_round(uint32_t n) { return (n + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1); }

static const char *module_name(int m)
{
	const char *line = boot->modules[m].cmdline;
	return line[0] ? line : "(no command line)";
}

static void refuse(int m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refuse(int m, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	kprintf("hv: module %d (\"%.60s\"): %s; guest not started\n", m, module_name(m), why);
}

/* Page tables mapping all RAM at 0, just below the initrd, for the guest
 * to run on until it has its own (2.6.24-3.0).  Up to 2.6.28 the Launcher
 * mapped RAM only there and the guest copied the first 32 directory
 * entries up to PAGE_OFFSET itself; from 2.6.29 the host maps it at 3 GiB
 * too. */
static uint32_t build_boot_tables(struct guest *g, uint32_t top, bool alias)
{
	uint32_t nr_pts = (g->mem_size + (4u << 20) - 1) >> 22;
	uint32_t pgdir = top - PAGE_SIZE;
	uint32_t first_pt = pgdir - nr_pts * PAGE_SIZE;
	uint32_t *pd = gpa_ptr(g, pgdir, PAGE_SIZE);

	for (uint32_t i = 0; i < nr_pts; i++) {
		uint32_t pt_gpa = first_pt + i * PAGE_SIZE;
		uint32_t *pt = gpa_ptr(g, pt_gpa, PAGE_SIZE);
		for (uint32_t j = 0; j < 1024; j++) {
			uint32_t pa = (i << 22) | (j << 12);
			pt[j] = pa < g->mem_size ? pa | PTE_P | PTE_W | PTE_U : 0;
		}
		pd[i] = pt_gpa | PTE_P | PTE_W | PTE_U;
		if (alias && (PAGE_OFFSET_ALIAS >> 22) + i < (SW_BASE >> 22))
			pd[(PAGE_OFFSET_ALIAS >> 22) + i] = pt_gpa | PTE_P | PTE_W | PTE_U;
	}
	return pgdir;
}

static bool setup_vcpu(struct guest *g, uint32_t entry)
{
	g->regs_page = frame_alloc();
	g->ro_page = frame_alloc();
	if (!g->regs_page || !g->ro_page)
		return false;
	memset((void *)g->regs_page, 0, PAGE_SIZE);
	g->regs = (struct guest_regs *)(g->regs_page + PAGE_SIZE - sizeof(struct guest_regs));
	g->ro = (struct switcher_ro *)g->ro_page;
	switcher_ro_init(g->ro);
	desc_init_guest(g);
	g->regs->cs = GUEST_KERNEL_CS;
	g->regs->ds = g->regs->es = g->regs->ss = GUEST_KERNEL_DS;
	g->regs->eflags = GUEST_INITIAL_EFLAGS;
	g->regs->eip = entry;	/* every other register starts at 0: esi -> boot_params */
	fpu_reset_guest(g);
	return true;
}

/* The kernel command line of this life: the configured one, and for a
 * guest restarted under on_crash=restart the number of lives before this
 * one (so that a fuzzing guest, say, can take a new seed each life). */
static uint32_t kernel_cmdline(const struct guest_config *cfg, unsigned lives, char *out)
{
	uint32_t n = (uint32_t)strlen(cfg->kernel_cmdline);
	char note[32];
	uint32_t len = (uint32_t)fmt_snprintf(note, sizeof(note), "%slghv.restarts=%u",
					      n ? " " : "", lives);

	memcpy(out, cfg->kernel_cmdline, n + 1);
	if (cfg->restart_on_crash && lives && n + len < GUEST_CMDLINE_MAX) {
		memcpy(out + n, note, len + 1);
		n += len;
	}
	return n;
}

/* Builds guest g (in its slot, its configuration in g->config, its CPU
 * in g->cpu) from its kernel module (and initrd module, or -1). */
static bool create(struct guest *g, int km, int im)
{
	const struct guest_config *cfg = &g->config;
	const struct boot_module *kmod = &boot->modules[km];
	const uint8_t *image = (const uint8_t *)kmod->start;
	uint32_t image_size = kmod->end - kmod->start;
	uint32_t initrd_size = im >= 0 ? boot->modules[im].end - boot->modules[im].start : 0;
	uint32_t initrd_room = page_round(initrd_size);
	char cmdline[GUEST_CMDLINE_MAX];
	uint32_t cmdline_len = kernel_cmdline(cfg, g->lives, cmdline);
	struct kimage k;
	const char *why;

	why = kimage_probe(image, image_size, &k);
	if (why) {
		refuse(km, "not a usable kernel: %s", why);
		return false;
	}
	if (!k.gen) {
		char list[120];
		int n = 0;
		for (unsigned i = 0; i < lguest_nr_gens; i++)
			n += fmt_snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
					  lguest_gens[i]->versions);
		refuse(km, "Linux %s is not a supported lguest guest (supported: %s)",
		       k.version ? k.version_string : "(version unknown)", list);
		return false;
	}

	if (cfg->console_port >= 0 && !console_port_present(cfg->console_port)) {
		refuse(km, "console=%s: no such %s", console_port_name(cfg->console_port),
		       cfg->console_port == CONSOLE_VGA ? "screen" : "serial port");
		return false;
	}
	if (cfg->console_port >= 0 && console_is_console_port(cfg->console_port)) {
		refuse(km, "console=%s: that port carries the hypervisor console",
		       console_port_name(cfg->console_port));
		return false;
	}

	/* Everything must fit in RAM: the kernel, then (from the top) the
	 * initrd and, for boot tables of ours, the page tables under it. */
	uint32_t mem = cfg->mem_bytes;
	uint32_t tables = k.gen->boot_tables != BOOT_LINEAR ?
			  (((mem + (4u << 20) - 1) >> 22) + 1) * PAGE_SIZE : 0;
	if ((uint64_t)k.load_end + initrd_room + tables > mem) {
		refuse(km, "kernel (%u KiB) and initrd (%u KiB) do not fit in mem=%u MiB",
		       (k.load_end - GUEST_KERNEL_GPA) / 1024, initrd_size / 1024, mem >> 20);
		return false;
	}
	/* The lguest bus puts its device page and rings above RAM; PCI has
	 * its rings in RAM and only a window of registers above it. */
	bool bus = k.gen->transport != TRANSPORT_PCI;
	uint32_t limit = page_round(mem) + (bus ? GUEST_DEVICE_PAGES * PAGE_SIZE : 0);
	struct disk_plan disks;
	char err[160];
	if (guest_disks_plan(g, cfg, boot, &disks, err, sizeof(err))) {
		refuse(km, "%s", err);
		return false;
	}
	uint32_t base = frames_alloc_contig(limit / PAGE_SIZE, 1);
	if (!base) {
		guest_disks_release(g);
		refuse(km, "guest %s: not enough memory: needs %u MiB, %u MiB free", cfg->name,
		       limit >> 20, frames_free_count() / 256);
		return false;
	}

	guest_reset(g);
	fmt_snprintf(g->name, sizeof(g->name), "%s", cfg->name);
	g->gen = k.gen;
	fmt_snprintf(g->version, sizeof(g->version), "%s", k.version_string);
	g->kernel_module = km;
	g->initrd_module = im;
	g->mem_base = base;
	g->mem_size = mem;
	g->mem_limit = limit;
	g->kernel_address = PAGE_OFFSET_ALIAS;
	g->console_port = cfg->console_port;
	g->restart_on_crash = cfg->restart_on_crash;
	memset((void *)base, 0, limit);
	g->console.dev.model = &vcons_model;
	g->vdevs[g->nr_vdevs++] = &g->console.dev;
	guest_disks_attach(g, &disks);
	if (guest_nets_attach(g, cfg, err, sizeof(err))) {
		g->state = GUEST_DEAD;
		guest_release(g);
		g->state = GUEST_FREE;
		guest_disks_release(g);
		refuse(km, "%s", err);
		return false;
	}
	if (cfg->rng) {
		vrng_init(&g->rng);
		g->vdevs[g->nr_vdevs++] = &g->rng.dev;
	}
	if (bus)
		bus_setup(g);
	else
		pci_setup(g);

	for (int s = 0; s < k.nr_segments; s++)
		memcpy((void *)(base + k.seg[s].gpa), image + k.seg[s].file_offset, k.seg[s].file_size);
	uint32_t initrd_gpa = mem - initrd_room;
	if (im >= 0)
		memcpy((void *)(base + initrd_gpa), (const void *)boot->modules[im].start, initrd_size);
	memcpy((void *)(base + GUEST_CMDLINE_GPA), cmdline, cmdline_len + 1);

	struct boot_params_spec spec = {
		.image = image, .image_size = image_size, .k = &k, .mem_bytes = mem,
		.initrd_gpa = im >= 0 ? initrd_gpa : 0, .initrd_size = im >= 0 ? initrd_room : 0,
		.cmdline_len = cmdline_len,
	};
	boot_params_build((uint8_t *)base, &spec);

	if (k.gen->boot_tables != BOOT_LINEAR) {
		g->boot_pgdir = build_boot_tables(g, initrd_gpa,
						  k.gen->boot_tables == BOOT_HOST_TABLES);
		g->linear = false;
	} else {
		g->linear = true;
	}
	g->state = GUEST_RUNNABLE;
	if (!setup_vcpu(g, k.entry) || !shadow_init(g)) {
		g->state = GUEST_DEAD;
		guest_release(g);
		g->state = GUEST_FREE;
		guest_disks_release(g);
		vnet_guest_stopped(g);
		refuse(km, "guest %s: not enough memory for its virtual CPU", cfg->name);
		return false;
	}
	kprintf("hv: guest %s: Linux %s, ABI %s (%s), %u MiB at %#x, entry %#x%s\n", g->name,
		g->version, g->gen->name, g->gen->versions, mem >> 20, base, k.entry,
		k.kind == KIMAGE_BZIMAGE ? ", bzImage" : ", ELF");
	if (im >= 0)
		kprintf("hv: guest %s: initrd %u bytes at %#x\n", g->name, initrd_size, initrd_gpa);
	kprintf("hv: guest %s: command line \"%s\"\n", g->name, cmdline);
	if (hv_cpus_online() > 1)
		kprintf("hv: guest %s: runs on cpu %u\n", g->name, g->cpu);
	return true;
}

static bool is_kernel(const struct boot_info *bi, int m)
{
	return kimage_is_kernel((const uint8_t *)bi->modules[m].start,
				bi->modules[m].end - bi->modules[m].start);
}

static const char *base_name(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/')
			base = p + 1;
	return base;
}

/* The modules after kernel km, up to the next kernel: disk images (their
 * lines say disk=) join cfg's disks, the first other one is the initrd.
 * Returns the last module taken; *initrd is -1 if none.  On a bad disk
 * line, err is filled and the guest must not start. */
static int take_followers(int km, struct guest_config *cfg, int *initrd, char *err,
			  size_t errlen)
{
	int m = km + 1;

	*initrd = -1;
	for (; m < boot->nr_modules && !is_kernel(boot, m); m++) {
		char path[GUEST_PATH_MAX], why[160];
		bool disk, ro;
		if (modline_disk(boot->modules[m].cmdline, &disk, &ro, path, sizeof(path), why,
				 sizeof(why))) {
			fmt_snprintf(err, errlen, "module %d: %s", m, why);
			continue;
		}
		if (!disk && *initrd < 0) {
			*initrd = m;
		} else if (!disk) {
			kprintf("hv: module %d (\"%.60s\"): a second initrd for one kernel; "
				"ignored\n", m, module_name(m));
		} else if (cfg->nr_disks == CONFIG_MAX_DISKS) {
			fmt_snprintf(err, errlen, "module %d: at most %d disks a guest", m,
				     CONFIG_MAX_DISKS);
		} else {
			struct disk_config *d = &cfg->disks[cfg->nr_disks++];
			if (path[0])
				fmt_snprintf(d->name, sizeof(d->name), "%s", base_name(path));
			else
				fmt_snprintf(d->name, sizeof(d->name), "module%d", m);
			d->module = m;
			d->ro = ro;
		}
	}
	return m - 1;
}

int loader_start_all(const struct boot_info *bi)
{
	int started = 0, count = 0;
	/* Modules past the limit were left out (hv/main.c said which): if the
	 * first of them is not a kernel, it was the last guest's initrd or
	 * disk, and that guest must not start without it. */
	const struct boot_module *cut = &bi->first_dropped;
	bool cut_short = bi->nr_dropped_modules &&
			 !kimage_is_kernel((const uint8_t *)cut->start, cut->end - cut->start);

	boot = bi;
	for (int m = 0; m < bi->nr_modules; m++) {
		int initrd, last;

		if (!is_kernel(bi, m)) {
			kprintf("hv: module %d (\"%.60s\") is not a kernel and follows none; ignored\n",
				m, module_name(m));
			continue;
		}
		int slot = guest_empty_slot();
		struct guest_config cfg;
		char err[160];
		const char *bad = modline_parse(bi->modules[m].cmdline, &cfg, err, sizeof(err));
		char ferr[160] = "";
		last = take_followers(m, &cfg, &initrd, ferr, sizeof(ferr));
		if (slot < 0) {
			refuse(m, "at most %d guests run at once", GUEST_SLOTS);
		} else if (bad) {
			refuse(m, "%s", bad);
		} else if (ferr[0]) {
			refuse(m, "%s", ferr);
		} else if (cut_short && last == bi->nr_modules - 1) {
			refuse(m, "its module %d (\"%.40s\") is past the %d modules accepted",
			       BOOT_MAX_MODULES, cut->cmdline, BOOT_MAX_MODULES);
		} else {
			if (!cfg.name_given)
				fmt_snprintf(cfg.name, sizeof(cfg.name), "guest%d", count);
			struct guest *g = guest_slot_new(slot);
			if (!g) {
				refuse(m, "guest %s: not enough memory for its %u KiB of state", cfg.name,
				       (uint32_t)(sizeof(*g) + 1023) / 1024);
			} else {
				g->config = cfg;
				if (cfg.cpu >= (int)hv_cpus_online())
					kprintf("hv: guest %s: cpu=%d, but only %u cpus are online: "
						"placed in turn instead\n", cfg.name, cfg.cpu,
						hv_cpus_online());
				g->cpu = hv_place(cfg.cpu);
				if (create(g, m, initrd))
					started++;
				else
					guest_slot_free(g);
			}
		}
		count++;
		m = last;	/* its initrd and disks are consumed */
	}
	return started;
}

bool loader_restart(struct guest *g)
{
	int km = g->kernel_module, im = g->initrd_module;

	g->lives++;
	kprintf("hv: guest %s: restarting\n", g->config.name);
	return create(g, km, im);
}

void loader_forget(struct guest *g)
{
	guest_disks_release(g);
	guest_slot_free(g);
}
