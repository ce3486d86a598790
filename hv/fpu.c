// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor itself never touches the FPU (it is built with
 * -mgeneral-regs-only), so the registers always hold the state of the
 * guest that ran last: switching guests swaps the whole state (fxsave or,
 * on old CPUs, fnsave), and staying with one guest costs nothing.  The real
 * CR0.TS follows the guest's virtual TS, so #NM reaches the guest exactly
 * when its own TS is set.
 */
#include "hv/fpu.h"
#include "hv/cpus.h"
#include "cpu/cpu.h"
#include "cpu/x86.h"
#include "lib/string.h"

static uint8_t clean_state[512] __attribute__((aligned(16)));
/* Per CPU: whose state its registers hold, and its real CR0.TS. */
static struct guest *owners[HV_MAX_CPUS];
static bool real_tss[HV_MAX_CPUS];

static void save(uint8_t *area)
{
	if (cpu.fxsr)
		asm volatile("fxsave %0" : "=m"(*(uint8_t (*)[512])area));
	else
		asm volatile("fnsave %0" : "=m"(*(uint8_t (*)[108])area));
}

static void restore(const uint8_t *area)
{
	if (cpu.fxsr)
		asm volatile("fxrstor %0" : : "m"(*(const uint8_t (*)[512])area));
	else
		asm volatile("frstor %0" : : "m"(*(const uint8_t (*)[108])area));
}

/* On cpu, the one we run on (the caller knows it cheaper than we). */
static void set_ts(unsigned cpu, bool ts)
{
	bool *real_ts = &real_tss[cpu];

	if (ts == *real_ts)
		return;
	if (ts)
		write_cr0(read_cr0() | CR0_TS);
	else
		asm volatile("clts");
	*real_ts = ts;
}

void fpu_init(void)
{
	fpu_init_cpu();
	save(clean_state);
	if (!cpu.fxsr)
		asm volatile("fninit");	/* fnsave reinitialises; keep it clean */
}

void fpu_init_cpu(void)
{
	unsigned me = hv_cpu();

	real_tss[me] = (read_cr0() & CR0_TS) != 0;
	set_ts(me, false);
	asm volatile("fninit");
}

/* A guest's state is only ever in the registers of the CPU it runs on. */
void fpu_reset_guest(struct guest *g)
{
	memcpy(g->fpu, clean_state, sizeof(g->fpu));
	fpu_forget(g);
}

void fpu_enter(struct guest *g)
{
	struct guest **owner = &owners[g->cpu];

	if (*owner != g) {
		set_ts(g->cpu, false);	/* fxsave with TS set would fault */
		if (*owner)
			save((*owner)->fpu);
		restore(g->fpu);
		*owner = g;
	}
	set_ts(g->cpu, g->ts);
}

bool fpu_can_move(const struct guest *g)
{
	return owners[g->cpu] != g;
}

void fpu_arrived(struct guest *g)
{
	/* This CPU's registers may hold a copy from an earlier stay here,
	 * older than g->fpu: the next entry must restore. */
	if (owners[g->cpu] == g)
		owners[g->cpu] = NULL;
}

void fpu_forget(struct guest *g)
{
	if (owners[g->cpu] == g)
		owners[g->cpu] = NULL;
}
