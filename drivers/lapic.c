// SPDX-License-Identifier: GPL-2.0-only
/*
 * Local APIC.  We software-enable it and set LINT0 to ExtINT and LINT1 to
 * NMI ("virtual wire"), which is how the 8259s keep delivering ISA IRQs
 * with the LAPIC on, then use its timer, which is finer and cheaper to
 * program than the PIT.  Each CPU has its own LAPIC at the same address;
 * the boot CPU maps it, every CPU enables its own (only the boot CPU's
 * takes the 8259s' virtual wire), and the interrupt command register
 * sends IPIs: INIT and STARTUP to wake other CPUs, fixed ones to kick them.
 */
#include <stddef.h>
#include "drivers/lapic.h"
#include "cpu/cpu.h"
#include "cpu/x86.h"
#include "mm/paging.h"

#define MSR_APIC_BASE 0x1B
#define APIC_BASE_ENABLE (1u << 11)

enum {
	REG_ID = 0x20, REG_VERSION = 0x30, REG_TPR = 0x80, REG_EOI = 0xB0,
	REG_SVR = 0xF0, REG_ESR = 0x280, REG_ICR_LO = 0x300, REG_ICR_HI = 0x310,
	REG_LVT_TIMER = 0x320,
	REG_LVT_LINT0 = 0x350, REG_LVT_LINT1 = 0x360, REG_LVT_ERROR = 0x370,
	REG_TIMER_INIT = 0x380, REG_TIMER_CURRENT = 0x390, REG_TIMER_DIVIDE = 0x3E0,
};
#define SVR_ENABLE 0x100
#define LVT_MASKED 0x10000
#define LVT_EXTINT 0x700
#define LVT_NMI 0x400
#define TIMER_DIVIDE_16 0x3
/* Interrupt command register, low word. */
#define ICR_FIXED 0x000
#define ICR_INIT 0x500
#define ICR_STARTUP 0x600
#define ICR_PENDING (1u << 12)	/* delivery status: not yet accepted */
#define ICR_ASSERT (1u << 14)
#define ICR_LEVEL (1u << 15)
/* The LAPIC accepts an IPI within microseconds; this many polls is far
 * more than that on any CPU, and keeps a dead LAPIC from hanging us. */
#define ICR_POLLS 1000000

static volatile uint32_t *regs;
static uint32_t base;

static inline uint32_t rd(uint32_t reg) { return regs[reg / 4]; }
static inline void wr(uint32_t reg, uint32_t v) { regs[reg / 4] = v; }

/* This CPU's LAPIC on, its interrupts where lapic.h says.  The boot
 * CPU's LINT pins carry the 8259s (ExtINT) and NMI; another CPU's are
 * masked, or every CPU would take every ISA interrupt. */
static void enable_this(bool boot_cpu)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
	wr(REG_SVR, SVR_ENABLE | LAPIC_SPURIOUS_VECTOR);
	wr(REG_TPR, 0);
	wr(REG_LVT_LINT0, boot_cpu ? LVT_EXTINT : LVT_MASKED);
	wr(REG_LVT_LINT1, boot_cpu ? LVT_NMI : LVT_MASKED);
	wr(REG_LVT_ERROR, LAPIC_ERROR_VECTOR);
	wr(REG_ESR, 0);
	wr(REG_LVT_TIMER, LVT_MASKED | LAPIC_TIMER_VECTOR);
	wr(REG_TIMER_DIVIDE, TIMER_DIVIDE_16);
}

bool lapic_init(void)
{
	if (!cpu.apic || !cpu.msr)
		return false;
	base = (uint32_t)rdmsr(MSR_APIC_BASE) & 0xFFFFF000u;
	paging_map_mmio(base, 4096);
	regs = (volatile uint32_t *)base;
	enable_this(true);
	return true;
}

void lapic_init_ap(void)
{
	enable_this(false);
}

bool lapic_ready(void)
{
	return regs != NULL;
}

static bool icr_idle(void)
{
	for (int i = 0; i < ICR_POLLS; i++) {
		if (!(rd(REG_ICR_LO) & ICR_PENDING))
			return true;
		cpu_relax();
	}
	return false;
}

/* One IPI.  With interrupts off, so that an interrupt handler sending its
 * own cannot come between the two writes. */
static bool send(uint32_t apic_id, uint32_t low)
{
	uint32_t flags = read_eflags();
	bool ok;

	cli();
	ok = icr_idle();
	if (ok) {
		wr(REG_ICR_HI, apic_id << 24);
		wr(REG_ICR_LO, low);	/* this write sends it */
		ok = icr_idle();
	}
	if (flags & EFLAGS_IF)
		sti();
	return ok;
}

bool lapic_send_init(uint32_t apic_id)
{
	/* Assert, then de-assert: the de-assert matters only to old discrete
	 * APICs, and the rest ignore it. */
	bool ok = send(apic_id, ICR_INIT | ICR_LEVEL | ICR_ASSERT);

	return send(apic_id, ICR_INIT | ICR_LEVEL) && ok;
}

bool lapic_send_startup(uint32_t apic_id, uint32_t page_pa)
{
	return send(apic_id, ICR_STARTUP | ((page_pa >> 12) & 0xFF));
}

bool lapic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	return send(apic_id, ICR_FIXED | ICR_ASSERT | vector);
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
