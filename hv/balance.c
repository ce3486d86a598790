// SPDX-License-Identifier: GPL-2.0-only
/*
 * Moving a guest to another CPU.  Guests are placed in turn when they are
 * loaded, so two busy guests can share one CPU while another halts; the
 * scheduler of the idle CPU then takes one over (hv/sched.c decides which
 * and when).  What names a guest's CPU is little: the TSS entry of its
 * GDT and the switcher slot of its shadow directories point into that
 * CPU's slot, its read-only page holds that CPU's own tables to come back
 * to, and the CPU's FPU may hold its registers.  Everything else about a
 * guest is the same on every CPU.
 */
#include "hv/balance.h"
#include "hv/cpus.h"
#include "hv/descriptors.h"
#include "hv/fpu.h"
#include "mm/shadow.h"

bool balance_may_move(const struct guest *g)
{
	/* cpu=N is the user's word; with the FPU state in the registers
	 * of its CPU, only that CPU could save it. */
	return !hv_place_honours(g->config.cpu) && fpu_can_move(g);
}

void balance_move_here(struct guest *g)
{
	g->cpu = hv_cpu();
	g->ro_placed = false;	/* its next entry places it on this CPU */
	desc_cpu_moved(g);
	shadow_cpu_moved(g);
	fpu_arrived(g);
	g->stats.cpu_moves++;
}
