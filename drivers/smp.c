// SPDX-License-Identifier: GPL-2.0-only
/*
 * Waking the other CPUs, the way the MP specification (and every OS since)
 * does it: for each processor the firmware lists, an INIT IPI, 10 ms, then
 * a STARTUP IPI naming the trampoline's page, 200 us, and a second STARTUP
 * if the first went unnoticed.  The CPU starts in real mode in
 * drivers/smp_trampoline.asm, climbs to protected mode and paging with the
 * boot CPU's own settings, and checks in from C by setting its online
 * flag.  One at a time: they share the trampoline and smp_boot.  A CPU
 * that does not check in within a second is sent INIT again (to keep it
 * parked rather than half-started) and the rest carry on without it.
 */
#include <stddef.h>
#include "drivers/smp.h"
#include "drivers/clock.h"
#include "drivers/lapic.h"
#include "cpu/cpu.h"
#include "cpu/trap.h"
#include "cpu/x86.h"
#include "lib/string.h"

#define INIT_WAIT_US 10000
#define STARTUP_WAIT_US 200
#define CHECK_IN_MS 1000

/* What the trampoline's 32-bit half reads (offsets: its BOOT_*). */
struct smp_boot_params {
	uint32_t cr0, cr3, cr4, esp;
	struct cpu_local *cpu;
};
_Static_assert(offsetof(struct smp_boot_params, cr0) == 0, "BOOT_CR0");
_Static_assert(offsetof(struct smp_boot_params, cr3) == 4, "BOOT_CR3");
_Static_assert(offsetof(struct smp_boot_params, cr4) == 8, "BOOT_CR4");
_Static_assert(offsetof(struct smp_boot_params, esp) == 12, "BOOT_ESP");
_Static_assert(offsetof(struct smp_boot_params, cpu) == 16, "BOOT_CPU");

struct smp_boot_params smp_boot __attribute__((used));

/* drivers/smp_trampoline.asm */
extern const uint8_t smp_trampoline[], smp_trampoline_gdtr[], smp_trampoline_alive[],
	smp_trampoline_end[];

static struct smp_result result;
static void (*ap_main)(struct cpu_local *c);
static void (*ipi_hook)(struct cpu_local *c);

void smp_ap_entry(struct cpu_local *c) __attribute__((noreturn, used));

void smp_ap_entry(struct cpu_local *c)
{
	cpu_init_ap(c);
	lapic_init_ap();
	c->seen_apic_id = lapic_id();
	c->online = true;	/* the check-in the boot CPU waits for */
	ap_main(c);
	for (;;) {
		cli();
		hlt();
	}
}

static void ipi_irq(struct trap_frame *f)
{
	struct cpu_local *c = this_cpu();
	void (*fn)(void *) = c->call_fn;

	if (fn) {
		void *arg = c->call_arg;
		c->call_fn = NULL;
		fn(arg);
	}
	lapic_eoi();
	if (ipi_hook)
		ipi_hook(c);
	c->ipis++;
}

bool smp_kick(struct cpu_local *c)
{
	return lapic_send_ipi(c->apic_id, LAPIC_IPI_VECTOR);
}

bool smp_call(struct cpu_local *c, void (*fn)(void *arg), void *arg)
{
	c->call_arg = arg;
	c->call_fn = fn;
	return smp_kick(c);
}

void smp_set_ipi_hook(void (*hook)(struct cpu_local *c))
{
	ipi_hook = hook;
}

static void wait_us(uint32_t us)
{
	uint64_t end = clock_now_ns() + (uint64_t)us * 1000;

	while (clock_now_ns() < end)
		cpu_relax();
}

/* The real-mode half, copied to its page with the boot CPU's GDT. */
static void place_trampoline(uint32_t pa)
{
	uint8_t *page = (uint8_t *)pa;
	uint8_t *gdtr = page + (smp_trampoline_gdtr - smp_trampoline);
	uint16_t limit = GDT_ENTRIES * sizeof(struct desc) - 1;
	uint32_t base = (uint32_t)cpus[0].gdt;

	memcpy(page, smp_trampoline, (size_t)(smp_trampoline_end - smp_trampoline));
	memcpy(gdtr, &limit, 2);
	memcpy(gdtr + 2, &base, 4);
}

/* Wakes the CPU with this APIC id into slot index; true once it is up. */
static bool start_one(uint32_t tramp, unsigned index, uint32_t apic_id)
{
	volatile uint8_t *alive = (volatile uint8_t *)(tramp +
		(smp_trampoline_alive - smp_trampoline));
	struct cpu_local *c = cpu_at(index);
	uint64_t deadline;

	smp_boot.esp = percpu_prepare(index, apic_id);
	smp_boot.cpu = c;
	*alive = 0;
	asm volatile("" ::: "memory");

	if (!lapic_send_init(apic_id))
		return false;
	wait_us(INIT_WAIT_US);
	for (int i = 0; i < 2 && !*alive; i++) {
		if (!lapic_send_startup(apic_id, tramp))
			return false;
		wait_us(STARTUP_WAIT_US);
	}
	deadline = clock_now_ns() + CHECK_IN_MS * 1000000ull;
	while (!c->online && clock_now_ns() < deadline)
		cpu_relax();
	if (c->online)
		return true;
	lapic_send_init(apic_id);	/* back to waiting, not half-way */
	return false;
}

static void start_all(const struct smp_setup *s)
{
	const struct cpu_list *found = &result.found;
	uint32_t me = cpus[0].apic_id;
	unsigned max = s->max_cpus && s->max_cpus < MAX_CPUS ? s->max_cpus : MAX_CPUS;
	unsigned tried = 0;

	place_trampoline(s->trampoline_pa);
	smp_boot.cr0 = read_cr0() & ~(CR0_TS | CR0_EM);
	smp_boot.cr3 = read_cr3();
	smp_boot.cr4 = cpu_read_cr4();
	for (unsigned i = 0; i < found->n; i++) {
		uint32_t id = found->apic_id[i];
		if (id == me)
			continue;
		if (cpus_online >= max) {
			result.not_used++;
			continue;
		}
		if (!tried++ && s->before_first)
			s->before_first();
		if (start_one(s->trampoline_pa, cpus_online, id)) {
			cpus_online++;
		} else if (result.nr_failed < CPU_LIST_MAX) {
			result.failed[result.nr_failed].index = cpus_online;
			result.failed[result.nr_failed].apic_id = id;
			result.nr_failed++;
		}
	}
	result.not_used += found->dropped;
}

const struct smp_result *smp_start(const struct smp_setup *s)
{
	memset(&result, 0, sizeof(result));
	if (!lapic_ready()) {
		result.why_not = "no LAPIC";
		return &result;
	}
	cpus[0].apic_id = lapic_id();
	cpus[0].seen_apic_id = cpus[0].apic_id;
	trap_set_handler(LAPIC_IPI_VECTOR, ipi_irq);
	ap_main = s->ap_main;
	result.why_not = smp_discover(s->ebda, s->base_mem_kib, &result.found);
	if (result.why_not)
		return &result;
	if (s->phantom_apic >= 0)
		cpu_list_add(&result.found, (uint8_t)s->phantom_apic);
	if (s->max_cpus == 1) {
		result.not_used = result.found.n > 0 ? result.found.n - 1 : 0;
		return &result;
	}
	if (!s->trampoline_pa) {
		result.why_not = "no free page below 1 MiB for the trampoline";
		return &result;
	}
	start_all(s);
	return &result;
}
