// SPDX-License-Identifier: GPL-2.0-only
/*
 * hv_main: take the machine over, in an order where each step can report
 * its own failure: the console first (so everything after can speak), the
 * CPU's tables (so faults are caught), paging, memory, interrupts, time.
 * Then say what we found, and run what there is to run.
 */
#include "hv/hv.h"
#include "hv/cpu_report.h"
#include "hv/cpus.h"
#include "hv/fpu.h"
#include "hv/loader.h"
#include "hv/devices/console_mux.h"
#include "hv/devices/virtio_net.h"
#include "hv/devices/console_out.h"
#include "hv/sched.h"
#include "hv/wallclock.h"
#include "switcher/switcher.h"
#include "hv/console.h"
#include "hv/disks.h"
#include "hv/entropy.h"
#include "hv/nic_boot.h"
#include "hv/uplink.h"
#include "hv/options.h"
#include "hv/power.h"
#include "hv/selftest.h"
#include "hv/smp_boot.h"
#include "hv/timer.h"
#include "cpu/cpu.h"
#include "cpu/segments.h"
#include "cpu/trap.h"
#include "cpu/x86.h"
#include "drivers/clock.h"
#include "drivers/cmos.h"
#include "drivers/lapic.h"
#include "drivers/pic.h"
#include "mm/frames.h"
#include "mm/paging.h"
#include "lib/log.h"

extern char __image_start[], __image_end[];

static struct hv_options options;
static uint32_t trampoline_page;	/* where other CPUs start (hv/smp_boot.c) */

static void hv_exception(struct trap_frame *f)
{
	kprintf("\n*** hypervisor fault on cpu %u\n", hv_cpu());
	trap_dump(f);
	hv_halt_after_fault();
}

static const char *mem_type_name(uint32_t type)
{
	switch (type) {
	case MEM_AVAILABLE: return "usable";
	case MEM_RESERVED: return "reserved";
	case MEM_ACPI_RECLAIMABLE: return "ACPI data";
	case MEM_ACPI_NVS: return "ACPI NVS";
	case MEM_BAD: return "bad RAM";
	default: return "unknown type";
	}
}

static void report_memory(const struct boot_info *bi)
{
	uint64_t top = 0;

	kprintf("memory map%s:\n", bi->mmap_from_basic ? " (from the basic lower/upper sizes)" : "");
	for (int i = 0; i < bi->nr_mmap; i++) {
		const struct boot_mem_region *r = &bi->mmap[i];
		kprintf("  0x%08llx-0x%08llx %s\n", r->base, r->base + r->len - 1,
			mem_type_name(r->type));
		if (r->type == MEM_AVAILABLE && r->base + r->len > top)
			top = r->base + r->len;
	}
	uint32_t usable_kib = frames_usable_count() * (FRAME_SIZE / 1024);
	kprintf("memory: %u KiB usable RAM, top of RAM at %u MiB; %u KiB free for guests\n",
		usable_kib, (uint32_t)((top + 0xFFFFF) >> 20),
		frames_free_count() * (FRAME_SIZE / 1024));
	if (top > FRAMES_LIMIT)
		kprintf("memory: RAM above %#llx is not used (32-bit, no PAE)\n", FRAMES_LIMIT);
	kprintf("hypervisor image: %#x-%#x (%u KiB)\n", (uint32_t)__image_start,
		(uint32_t)__image_end - 1, (uint32_t)(__image_end - __image_start) / 1024);
}

static void report_modules(const struct boot_info *bi)
{
	kprintf("modules: %d\n", bi->nr_modules);
	for (int i = 0; i < bi->nr_modules; i++) {
		const struct boot_module *m = &bi->modules[i];
		uint32_t size = m->end - m->start;
		kprintf("module %d: %#x-%#x, %u bytes (%u KiB): \"%s\"%s\n", i, m->start,
			m->end ? m->end - 1 : 0, size, (size + 1023) / 1024, m->cmdline,
			m->cmdline_truncated ? " (command line cut)" : "");
	}
	if (bi->nr_dropped_modules)
		kprintf("modules: module %d (\"%s\")%s ignored: at most %d modules\n",
			BOOT_MAX_MODULES, bi->first_dropped.cmdline,
			bi->nr_dropped_modules > 1 ? " and the ones after it" : "",
			BOOT_MAX_MODULES);
}

static void setup_memory(const struct boot_info *bi)
{
	struct phys_range reserved[BOOT_MAX_MODULES + BOOT_MAX_LOADER_RANGES + 2];
	int n = 0;

	reserved[n++] = (struct phys_range){ (uint32_t)__image_start, (uint32_t)__image_end };
	for (int i = 0; i < bi->nr_modules; i++)
		reserved[n++] = (struct phys_range){ bi->modules[i].start, bi->modules[i].end };
	/* The first module left out, too: the loader looks at it to tell
	 * whose it was (hv/loader.c). */
	if (bi->nr_dropped_modules)
		reserved[n++] = (struct phys_range){ bi->first_dropped.start,
						     bi->first_dropped.end };
	for (int i = 0; i < bi->nr_loader_ranges; i++)
		reserved[n++] = bi->loader_ranges[i];
	frames_init(bi->mmap, bi->nr_mmap, reserved, n);

	/* A page of base memory below the EBDA for other CPUs to start on;
	 * the frame allocator keeps the whole first MiB to itself. */
	uint32_t below = 0xA0000;
	if (bi->ebda_base >= 0x1000 && bi->ebda_base < below)
		below = bi->ebda_base;
	if (bi->base_mem_kib && bi->base_mem_kib * 1024 < below)
		below = bi->base_mem_kib * 1024;
	trampoline_page = frames_low_page(bi->mmap, bi->nr_mmap, reserved, n, below);
}

static void report_cpu_and_time(void)
{
	struct rtc_time t;

	cpu_report();
	if (clock_timer_vector() == LAPIC_TIMER_VECTOR)
		kprintf("lapic: id %u version %#x at %#x; timer %u ticks/ms (divide 16)\n",
			lapic_id(), lapic_version(), lapic_base(), clock_lapic_ticks_per_ms());
	else
		kprintf("timer: PIT one-shot on IRQ 0 (no LAPIC%s)\n",
			options.no_lapic ? ": hv.noapic" : !cpu.apic ? " in this CPU" :
			!cpu.tsc ? ": no TSC to calibrate it" : "");
	if (cmos_read_time(&t)) {
		kprintf("clock: %04d-%02d-%02d %02d:%02d:%02d UTC (CMOS), unix time %lld\n",
			t.year, t.month, t.day, t.hour, t.minute, t.second, rtc_to_unix(&t));
		wallclock_init(rtc_to_unix(&t));
	} else {
		kprintf("clock: the CMOS clock holds no valid time\n");
		wallclock_init(0);
	}
}

/* A guest has stopped: its console leaves the focus, its cards their
 * switches (frames for it are dropped from now on). */
static void guest_gone(struct guest *g)
{
	mux_guest_stopped(g);
	vnet_guest_stopped(g);
}

/* Every other CPU, once up: when the guests are loaded, run those placed
 * on it; when none is left anywhere, rest (the boot CPU powers off). */
static void ap_main(struct cpu_local *c)
{
	fpu_init_cpu();
	hv_cpus_wait_for_guests();
	hv_lock();
	sched_run();
	hv_unlock();
	for (;;)
		sti_hlt();
}

void hv_main(struct boot_info *bi)
{
	const char *why;

	/* The boot CPU holds the hypervisor lock from the start; the others
	 * wait for it until it first enters a guest or halts. */
	hv_lock();
	trap_set_irq_guard(hv_irq_enter, hv_irq_leave);
	hv_cpus_init();
	options_parse(bi->cmdline, &options);
	console_init(&options);
	kprintf("\n%s %s: a bare-metal lguest hypervisor (GPL-2.0-only)\n", HV_NAME, HV_VERSION);

	why = cpu_init(options.no_cpuid);
	for (int v = 0; v < NR_EXCEPTIONS; v++)
		trap_set_handler(v, hv_exception);
	trap_set_fatal_stop(hv_halt_after_fault);
	if (why)
		hv_refuse(why);

	kprintf("boot: Multiboot %d%s%s%s\n", bi->protocol, bi->loader[0] ? " from \"" : "",
		bi->loader, bi->loader[0] ? "\"" : "");
	kprintf("cmdline: \"%s\"%s\n", bi->cmdline, bi->cmdline_truncated ? " (cut)" : "");
	for (int i = 0; i < options.nr_errors; i++)
		kprintf("cmdline: %s\n", options.errors[i]);
	if (bi->error)
		kprintf("boot: warning: %s\n", bi->error);
	if (bi->nr_mmap == 0)
		hv_panic("no memory map: cannot tell where RAM is");

	setup_memory(bi);	/* first: paging may need frames for its tables */
	why = paging_init(bi);
	if (why)
		hv_panic("%s", why);
	cpu_set_double_fault_cr3(paging_hv_cr3());
	console_report();

	report_memory(bi);
	report_modules(bi);

	pic_init();
	console_enable_irqs();
	why = clock_init(!options.no_lapic);
	if (why)
		hv_panic("%s", why);
	timer_init();
	power_init(bi->ebda_base);
	report_cpu_and_time();
	power_report();
	hv_start_cpus(&options, bi, trampoline_page, ap_main);
	disks_probe(!options.ata_pio);
	nic_boot();
	uplink_init(options.uplink);
	entropy_init(bi);
	kprintf("entropy: %s\n", entropy_source());

	if (options.selftest[0] && !selftest_run(options.selftest))
		kprintf("selftest %s: no such self-test\n", options.selftest);

	switcher_init();
	fpu_init();
	guest_set_stop_hooks(out_guest_stopped, guest_gone);
	if (loader_start_all(bi) > 0) {
		mux_start();
		hv_cpus_guests_ready();
		sched_run();
		kprintf("hv: all guests have stopped; powering off.\n");
	} else {
		kprintf("hv: no guests to run; powering off.\n");
	}
	hv_power_off(HV_EXIT_CLEAN);
}
