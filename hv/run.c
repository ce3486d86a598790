// SPDX-License-Identifier: GPL-2.0-only
/*
 * The heart of the hypervisor: enter the guest, and when it traps back,
 * decide what the trap was.  Most exits are hypercalls and page faults the
 * shadow tables can fix; faults the guest caused itself are reflected to
 * it; hardware interrupts that arrived while it ran are handed to their
 * hypervisor handlers.
 */
#include "hv/run.h"
#include "hv/cpus.h"
#include "hv/deliver.h"
#include "hv/descriptors.h"
#include "hv/cpuid_emul.h"
#include "hv/emulate.h"
#include "hv/fpu.h"
#include "hv/hypercalls.h"
#include "hv/mmio.h"
#include "mm/shadow.h"
#include "cpu/cpu.h"
#include "cpu/trap.h"
#include "cpu/x86.h"
#include "drivers/lapic.h"
#include "drivers/pic.h"
#include "lib/log.h"

#define EFLAGS_IOPL (3u << 12)
#define EFLAGS_NT (1u << 14)
#define EFLAGS_VM (1u << 17)
#define PF_ERR_PRESENT 1u	/* #PF error code: a protection violation */

/* Which pages each CPU's switcher slot maps now.  Keyed by frames, not
 * by guest: a restarted guest keeps its slot but gets new pages (maybe
 * one of its old ones). */
static struct { uint32_t regs_page, ro_page; } mapped[HV_MAX_CPUS];

void run_select(struct guest *g)
{
	unsigned me = g->cpu;

	if (!g->ro_placed) {
		switcher_ro_place(g->ro, me);	/* once a life: it stays on me */
		g->ro_placed = true;
	}
	if (mapped[me].regs_page == g->regs_page && mapped[me].ro_page == g->ro_page)
		return;
	switcher_map_guest_pages(me, g->regs_page, g->ro_page);
	mapped[me].regs_page = g->regs_page;
	mapped[me].ro_page = g->ro_page;
}

static bool host_vector(uint32_t v)
{
	return (v >= PIC_VECTOR_BASE && v < PIC_VECTOR_BASE + 16) ||
	       v == LAPIC_TIMER_VECTOR || v == LAPIC_IPI_VECTOR || v == LAPIC_ERROR_VECTOR || v == LAPIC_SPURIOUS_VECTOR;
}

/* A hardware interrupt came in while the guest ran: the switcher took it
 * on the guest's IDT; now run the hypervisor's handler for it. */
static void host_interrupt(uint32_t vector)
{
	struct trap_frame f = { .vector = vector, .cs = SEL_HV_CS };

	trap_dispatch(&f);
}

static void handle_exit(struct guest *g)
{
	struct guest_regs *r = g->regs;
	uint32_t v = r->trapnum;

	g->stats.exits++;
	g->stats.exits_by_vector[v & 0xFF]++;
	if (v > 255 || (r->eflags & EFLAGS_VM)) {
		/* Virtual-8086 mode: see the switcher's trap path. */
		if (host_vector(v))
			host_interrupt(v);
		guest_kill(g, "entered virtual-8086 mode (vector %u, eflags %#x, cs:eip %04x:%04x)",
			   v, r->eflags, r->cs & 0xFFFF, r->eip);
		return;
	}
	switch (v) {
	case LGUEST_TRAP_ENTRY:
		hypercall_from_regs(g);
		return;
	case 14: {
		uint32_t cr2 = read_cr2(), mmio_gpa = 0;
		switch (shadow_page_fault(g, cr2, r->errcode, &mmio_gpa)) {
		case PF_REFLECT:
			reflect_fault(g, 14, r->errcode, cr2);
			break;
		case PF_NOT_PRESENT:
			reflect_fault(g, 14, r->errcode & ~PF_ERR_PRESENT, cr2);
			break;
		case PF_PROTECTION:
			reflect_fault(g, 14, r->errcode | PF_ERR_PRESENT, cr2);
			break;
		case PF_MMIO:
			mmio_emulate(g, mmio_gpa);
			break;
		case PF_BAD:
			guest_kill(g, "%s", g->mm_why);
			break;
		case PF_FIXED:
			break;
		}
		return;
	}
	case 13:
		if (!emulate_gp(g))
			reflect_fault(g, 13, r->errcode, 0);
		return;
	case 6:
		if (is_vmcall(g)) {
			patch_vmcall(g);
			r->eip += 3;
			hypercall_from_regs(g);
		} else if (!emulate_cpuid(g)) {	/* a 486 without CPUID */
			reflect_fault(g, 6, 0, 0);
		}
		return;
	case 7:
		/* The real TS mirrors the guest's, so this is the guest's. */
		if (g->ts)
			reflect_fault(g, 7, 0, 0);
		return;
	case 2:
		kprintf("hv: NMI while guest %s ran\n", g->name);
		return;
	case 8:
		guest_kill(g, "double fault");
		return;
	}
	if (host_vector(v)) {
		host_interrupt(v);
	} else if (v < 32) {
		reflect_fault(g, v, r->errcode, 0);
	} else {
		/* A software interrupt through a gate the guest made
		 * reachable but not direct (an interrupt-gate int $0x80). */
		deliver_trap(g, v, false, 0);
	}
}

bool run_once(struct guest *g)
{
	struct guest_regs *r = g->regs;

	if (g->irqs_pending)
		deliver_interrupts(g);
	if (g->state != GUEST_RUNNABLE || g->output_blocked || !desc_prepare_entry(g))
		return false;
	g->ro->guest_cr3 = shadow_cr3(g);
	/* Interrupts stay on for real while a guest runs (its cli/sti are
	 * virtual), and nothing it did can raise its I/O privilege. */
	r->eflags = (r->eflags | EFLAGS_IF) & ~(EFLAGS_IOPL | EFLAGS_VM | EFLAGS_NT);
	fpu_enter(g);
	if (cpu.tsc) {
		/* Low halves: one stay in the hypervisor is far below 2^32. */
		if (g->exit_tsc)
			g->stats.host_ticks += (uint32_t)rdtsc() - g->exit_tsc;
		hv_unlock();
		switcher_run(g->cpu);
		hv_lock();
		g->exit_tsc = (uint32_t)rdtsc() | 1;	/* never 0: that means none */
	} else {
		hv_unlock();
		switcher_run(g->cpu);
		hv_lock();
	}
	handle_exit(g);
	return g->state == GUEST_RUNNABLE && !g->output_blocked;
}
