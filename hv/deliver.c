// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trap and interrupt delivery (shared/LGUEST-ABI.md §5).  We build on the
 * guest's stack the frame the CPU would have built, with the guest's
 * *virtual* interrupt flag in the saved eflags, switch to its kernel stack
 * when it was in user mode, and enter its handler.  An interrupt gate also
 * turns the virtual interrupt flag off, as it would turn off the real one.
 */
#include "hv/deliver.h"
#include "hv/descriptors.h"
#include "hv/sched.h"
#include "hv/wallclock.h"
#include "mm/guest_mem.h"
#include "mm/guest_virt.h"

#define EFLAGS_TF (1u << 8)
#define EFLAGS_IFLAG (1u << 9)
#define EFLAGS_NT (1u << 14)
#define EFLAGS_RF (1u << 16)
#define EFLAGS_VM (1u << 17)

static uint32_t virtual_if(const struct guest *g)
{
	uint32_t ie = 0;

	ldata_read(g, g->gen->data.irq_enabled, &ie);
	return ie & EFLAGS_IFLAG;	/* lguest_iret stores whole eflags: bit 9 only */
}

/* Into the gate's handler, as the CPU enters one; an interrupt gate turns
 * the virtual interrupt flag off, as it would the real one. */
static void enter_handler(struct guest *g, struct desc gate)
{
	struct guest_regs *r = g->regs;

	r->cs = GUEST_KERNEL_CS;
	r->eip = gate_offset(gate);
	r->eflags &= ~(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM);
	if (gate_type(gate) == 0xE)
		ldata_write(g, g->gen->data.irq_enabled, 0);
}

/* deliver_trap(), for a caller that knows the virtual IF (vif). */
static bool deliver(struct guest *g, uint32_t vector, bool has_error, uint32_t error, uint32_t vif)
{
	struct guest_regs *r = g->regs;
	struct desc gate = g->idt[vector];
	uint32_t frame[6], n = 6, ss, esp;

	if (!gate_present(gate)) {
		guest_kill(g, "%s %u arrived but the guest has no handler for it",
			   vector < 32 ? "exception" : "interrupt", vector);
		return false;
	}
	/* Built from the top down, as the CPU pushes: the frame reads
	 * upwards from frame[n]. */
	if ((r->cs & 3) != 1) {
		/* From user mode: onto the kernel stack SET_STACK gave us. */
		if (!g->esp1) {
			guest_kill(g, "trap %u from user mode before SET_STACK", vector);
			return false;
		}
		ss = g->ss1;
		esp = g->esp1;
		frame[--n] = r->ss & 0xFFFF;
		frame[--n] = r->esp;
	} else {
		ss = r->ss;
		esp = r->esp;
	}
	frame[--n] = (r->eflags & ~EFLAGS_IFLAG) | vif;
	frame[--n] = r->cs & 0xFFFF;
	frame[--n] = r->eip;
	if (has_error)
		frame[--n] = error;
	esp -= (6 - n) * 4;
	if (!guest_virt_write(g, esp, &frame[n], (6 - n) * 4)) {
		guest_kill(g, "cannot push the frame for trap %u: stack %#x not writable", vector, esp);
		return false;
	}
	r->ss = ss;
	r->esp = esp;
	enter_handler(g, gate);
	return true;
}

bool deliver_trap(struct guest *g, uint32_t vector, bool has_error, uint32_t error)
{
	return deliver(g, vector, has_error, error, virtual_if(g));
}

static bool enter_on_iret_frame(struct guest *g, uint32_t vector)
{
	struct guest_regs *r = g->regs;
	uint32_t eflags;

	if (!guest_virt_read(g, r->esp + 8, &eflags, 4)) {
		guest_kill(g, "interrupt at lguest_iret: its frame at %#x is unreadable", r->esp);
		return false;
	}
	r->eflags = eflags | EFLAGS_IFLAG;
	enter_handler(g, g->idt[vector]);
	return true;
}

void reflect_fault(struct guest *g, uint32_t vector, uint32_t error, uint32_t cr2)
{
	bool has_error = vector == 8 || (vector >= 10 && vector <= 14) || vector == 17;

	if (!g->initialised) {
		guest_kill(g, "exception %u before LGUEST_INIT (error %#x, cr2 %#x)", vector, error,
			   cr2);
		return;
	}
	if (vector == 14)
		ldata_write(g, g->gen->data.cr2, cr2);
	g->stats.reflected_faults++;
	deliver_trap(g, vector, has_error, error);
}

void guest_write_time(struct guest *g)
{
	uint32_t sec, nsec;

	wallclock_now(&sec, &nsec);
	ldata_write(g, g->gen->data.time, sec);
	ldata_write(g, g->gen->data.time + 4, nsec);
}

static uint32_t blocked(const struct guest *g)
{
	uint32_t b = 0;

	ldata_read(g, g->gen->data.blocked_interrupts, &b);
	return b;
}

bool guest_has_deliverable_irq(const struct guest *g)
{
	return g->initialised && (g->irqs_pending & ~blocked(g));
}

void deliver_interrupts(struct guest *g)
{
	const struct lguest_data_layout *d = &g->gen->data;
	uint32_t pending, eip = g->regs->eip;

	if (!g->irqs_pending || !g->initialised)
		return;	/* the common case, checked first: nothing to do */
	pending = g->irqs_pending & ~blocked(g);	/* as it stands until it runs */
	if (!pending) {
		/* Masked.  The guest unmasks by writing blocked_interrupts,
		 * which is no exit: if it then spins waiting for the
		 * interrupt (2.6.24 unmasks its timer after arming it, then
		 * calibrates its delay loop on the ticks) it would wait
		 * forever.  The original hosts' own timer tick interrupted
		 * every guest; we come back as seldom as that. */
		sched_come_back(IRQ_MASKED_RETRY_NS);
		return;
	}
	/* Inside lguest_iret's last instructions an interrupt would be lost.
	 * Held back, here or below, it waits for the guest's next exit, and
	 * the guest may not make one for a long while: the iret that turns
	 * its interrupts back on is no exit, nor are its system calls.  So
	 * we come back soon to try again. */
	if ((g->regs->cs & 3) == 1 && eip >= g->noirq_start && eip < g->noirq_end) {
		sched_come_back(IRQ_RETRY_NS);
		return;
	}
	if (g->state == GUEST_HALTED) {
		ldata_write(g, d->irq_enabled, EFLAGS_IFLAG);	/* the sti of safe_halt */
		g->state = GUEST_RUNNABLE;
	} else if (!virtual_if(g)) {
		ldata_write(g, d->irq_pending, EFLAGS_IFLAG);
		sched_come_back(IRQ_RETRY_NS);
		return;
	}
	uint32_t irq = (uint32_t)__builtin_ctz(pending);
	if (!gate_present(g->idt[0x20 + irq]))
		return;	/* stays pending until there is a handler */
	g->irqs_pending &= ~(1u << irq);
	if (g->noirq_iret && eip == g->noirq_iret && (g->regs->cs & 3) == 1) {
		/* 4.1+: about to iret, with the iret frame on the stack and
		 * the virtual IF already restored from it.  Taking the
		 * interrupt after that iret would push the same frame
		 * again, so the handler gets this one (shared/LGUEST-ABI.md
		 * §5): its eflags become ours, nothing is pushed. */
		if (!enter_on_iret_frame(g, 0x20 + irq))
			return;
	} else if (!deliver(g, 0x20 + irq, false, 0, EFLAGS_IFLAG)) {
		return;	/* (its interrupts were on: we are past the check above) */
	}
	g->stats.irqs_injected++;
	guest_write_time(g);
	if (!(pending & ~(1u << irq)))
		ldata_write(g, d->irq_pending, 0);
}
