// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which CPU we found and what we do where it lacks something.  The choices
 * themselves are made where they matter (the clock in drivers/clock.c, the
 * page size in mm/paging.c, the FPU save format in hv/fpu.c); this only
 * collects them into the one line a person (or a test) reads to know which
 * fallbacks are in use.
 */
#include "hv/cpu_report.h"
#include "cpu/cpu.h"
#include "drivers/clock.h"
#include "drivers/lapic.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "mm/paging.h"

static const char *cpu_class(char *buf, uint32_t len)
{
	if (cpu.family >= 4 && cpu.family <= 6)
		fmt_snprintf(buf, len, "%u86", cpu.family);
	else
		fmt_snprintf(buf, len, "family %u", cpu.family);
	return buf;
}

void cpu_report(void)
{
	uint32_t khz = clock_tsc_khz();
	char class[16];

	if (cpu.has_cpuid)
		kprintf("cpu: %s family %u model %u stepping %u%s%s\n", cpu.vendor, cpu.family,
			cpu.model, cpu.stepping, cpu.brand[0] ? ", " : "", cpu.brand);
	else
		kprintf("cpu: a 486 without CPUID\n");
	kprintf("cpu: features fpu%s%s%s%s%s%s%s%s\n", cpu.pse ? " pse" : "",
		cpu.tsc ? " tsc" : "", cpu.msr ? " msr" : "", cpu.apic ? " apic" : "",
		cpu.pge ? " pge" : "", cpu.fxsr ? " fxsr" : "", cpu.sse ? " sse" : "",
		cpu.sse2 ? " sse2" : "");
	if (khz)
		kprintf("tsc: %u.%03u MHz, calibrated against the PIT%s\n", khz / 1000,
			khz % 1000, cpu.invariant_tsc ? " (invariant)" : "");
	else
		kprintf("tsc: none; time comes from the PIT (channel 2), guests get tsc_khz 0\n");
	kprintf("hv: cpu: %s%s: %s timer, %s clock, %s pages, %s\n",
		cpu_class(class, sizeof(class)), cpu.has_cpuid ? "" : " (no CPUID)",
		clock_timer_vector() == LAPIC_TIMER_VECTOR ? "LAPIC" : "PIT",
		khz ? "TSC" : "PIT", paging_small_pages() ? "4 KiB" : "4 MiB",
		cpu.fxsr ? "fxsave" : "fnsave");
	if (!cpu.has_cpuid)
		kprintf("hv: cpu: guests' cpuid is answered by the hypervisor: a 486 with an FPU\n");
}
