// SPDX-License-Identifier: GPL-2.0-only
/*
 * Local APIC.  We software-enable it and set LINT0 to ExtINT and LINT1 to
 * NMI ("virtual wire"), which is how the 8259s keep delivering ISA IRQs
 * with the LAPIC on, then use its timer, which is finer and cheaper to
 * program than the PIT.
 */
#include "drivers/lapic.h"
#include "cpu/cpu.h"
#include "cpu/x86.h"
#include "mm/paging.h"

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_ENABLE (1u << 11)

enum {
	REG_ID = 0x20, REG_VERSION = 0x30, REG_TPR = 0x80, REG_EOI = 0xB0,
	REG_SVR = 0xF0, REG_ESR = 0x280, REG_LVT_TIMER = 0x320,
	REG_LVT_LINT0 = 0x350, REG_LVT_LINT1 = 0x360, REG_LVT_ERROR = 0x370,
	REG_TIMER_INIT = 0x380, REG_TIMER_CURRENT = 0x390, REG_TIMER_DIVIDE = 0x3E0,
};
#define SVR_ENABLE 0x100
#define LVT_MASKED 0x10000
#define LVT_EXTINT 0x700
#define LVT_NMI 0x400
#define TIMER_DIVIDE_16 0x3

static volatile uint32_t *regs;
static uint32_t base;

static inline uint32_t rd(uint32_t reg) { return regs[reg / 4]; }
static inline void wr(uint32_t reg, uint32_t v) { regs[reg / 4] = v; }

bool lapic_init(void)
{
	if (!cpu.apic || !cpu.msr)
		return false;
	uint64_t msr = rdmsr(MSR_APIC_BASE);
	base = (uint32_t)msr & 0xFFFFF000u;
	wrmsr(MSR_APIC_BASE, msr | APIC_BASE_ENABLE);
	paging_map_mmio(base, 4096);
	regs = (volatile uint32_t *)base;

	wr(REG_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	wr(REG_TPR, 0);
	wr(REG_LVT_LINT0, LVT_EXTINT);
	wr(REG_LVT_LINT1, LVT_NMI);
	wr(REG_LVT_ERROR, LAPIC_ERROR_VECTOR);
	wr(REG_ESR, 0);
	wr(REG_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	wr(REG_TIMER_DIVIDE, TIMER_DIVIDE_16);
	return true;
}

uint32_t lapic_id(void) { return rd(REG_ID) >> 24; }
uint32_t lapic_version(void) { return rd(REG_VERSION) & 0xFF; }
uint32_t lapic_base(void) { return base; }

uint32_t lapic_timer_calibrate(uint64_t tsc_ticks)
{
	uint64_t end;

	wr(REG_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	wr(REG_TIMER_INIT, 0xFFFFFFFFu);
	end = rdtsc() + tsc_ticks;
	while (rdtsc() < end)
		cpu_relax();
	uint32_t left = rd(REG_TIMER_CURRENT);
	wr(REG_TIMER_INIT, 0);
	return 0xFFFFFFFFu - left;
}

void lapic_timer_oneshot(uint32_t count)
{
	wr(REG_LVT_TIMER, LAPIC_TIMER_VECTOR);	/* unmasked, one-shot */
	wr(REG_TIMER_INIT, count ? count : 1);
}

void lapic_timer_stop(void)
{
	wr(REG_TIMER_INIT, 0);
}

void lapic_eoi(void)
{
	wr(REG_EOI, 0);
}
