// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=cost -- what the hypervisor's basic operations cost the guest,
 * in TSC ticks (under QEMU -icount, instructions): a synchronous hypercall
 * round trip, one entry of the asynchronous ring (the ring's own cost, with
 * a call that does nothing, and with SET_PTE's work), one shadow page-table
 * fill (a page the guest mapped but the host has not shadowed yet), and
 * the delivery of a pending interrupt.  make bench prints these (under
 * -icount, where they repeat); the test itself only checks that every
 * step ran and the TSC moved: compared with each other they are timings,
 * which a loaded machine (the host preempting QEMU mid-batch) can turn
 * around.
 */
#include "guest.h"

#define ROUNDS 2000
#define RING_BATCH 48
#define FILL_PAGES 64
#define FILL_VA 0xF0800000u	/* kernel half, clear of everything else */

/* A call that does nothing when run from the ring: SEND_INTERRUPTS, or
 * before 2.6.31, which has none, FLUSH_ASYNC. */
#if LG_HAS_IRQ_PENDING
#define NOP_CALL LHCALL_SEND_INTERRUPTS
#else
#define NOP_CALL LHCALL_FLUSH_ASYNC
#endif

static volatile unsigned irqs_seen;

static void count_irq(struct trap_frame *f)
{
	irqs_seen++;
}

static uint64_t per_op(uint64_t t0, uint64_t t1, unsigned n)
{
	return (t1 - t0) / n;
}

const char *test_cost(void)
{
	uint64_t t0, t1, round_trip, ring, ring_empty, fill, irq;
	uint8_t *page = page_alloc();
	uint32_t pa = __pa(page);

	/* 1. A synchronous hypercall that does nothing. */
	t0 = rdtsc();
	for (unsigned i = 0; i < ROUNDS; i++)
		flush_async();
	t1 = rdtsc();
	round_trip = per_op(t0, t1, ROUNDS);

	/* 2. Ring entries: a batch queued, then one flush runs them all. */
	map_page(FILL_VA, pa, 0x63);
	uint64_t total = 0;
	for (unsigned r = 0; r < 20; r++) {
		t0 = rdtsc();
		for (unsigned i = 0; i < RING_BATCH; i++)
			async_hcall(LHCALL_SET_PTE, cur_pgd, FILL_VA, pa | 0x63, 0);
		flush_async();
		t1 = rdtsc();
		total += t1 - t0;
	}
	ring = (total / 20 > round_trip ? total / 20 - round_trip : 0) / RING_BATCH;

	/* 2b. The ring's own cost: entries whose call does nothing. */
	total = 0;
	for (unsigned r = 0; r < 20; r++) {
		t0 = rdtsc();
		for (unsigned i = 0; i < RING_BATCH; i++)
			async_hcall(NOP_CALL, 0, 0, 0, 0);
		flush_async();
		t1 = rdtsc();
		total += t1 - t0;
	}
	ring_empty = (total / 20 > round_trip ? total / 20 - round_trip : 0) / RING_BATCH;

	/* 3. Shadow fills: mapped in our tables without Accessed/Dirty, so
	 * SET_PTE leaves the shadow empty and the first touch must fill it. */
	for (unsigned i = 0; i < FILL_PAGES; i++)
		map_page(FILL_VA + 0x1000 + i * 0x1000, pa, 0x03);
	t0 = rdtsc();
	for (unsigned i = 0; i < FILL_PAGES; i++)
		(void)*(volatile uint32_t *)(uintptr_t)(FILL_VA + 0x1000 + i * 0x1000);
	t1 = rdtsc();
	fill = per_op(t0, t1, FILL_PAGES);

	/* 4. Interrupt delivery: with interrupts off, let the timer fire and
	 * wait until the host says an interrupt is pending; then turning them
	 * on (restore_fl + SEND_INTERRUPTS) delivers it.  Up to 2.6.30 there
	 * is no irq_pending: we give the timer time, and the store plus the
	 * next exit delivers it.  The hypercall's own round trip is taken off. */
	irq_handlers[0] = count_irq;
	total = 0;
	unsigned n = 0;
	for (unsigned r = 0; r < 50; r++) {
		unsigned before = irqs_seen;
		irq_disable();
		set_clockevent(2000);
#if LG_HAS_IRQ_PENDING
		while (!lguest_data.irq_pending)
			flush_async();	/* exits, where the host notices the timer */
		t0 = rdtsc();
		irq_restore(EFLAGS_IF);
		t1 = rdtsc();
#else
		for (unsigned k = 0; k < 4; k++) {
			spin_ns(50000);
			flush_async();	/* exits, where the host notices the timer */
		}
		t0 = rdtsc();
		irq_restore(EFLAGS_IF);
		flush_async();
		t1 = rdtsc();
#endif
		if (irqs_seen == before + 1) {
			total += t1 - t0;
			n++;
		}
	}
	irq_handlers[0] = NULL;
	CHECK(n > 0, "no pending interrupt was ever delivered on turning interrupts on");
	irq = total / n > round_trip ? total / n - round_trip : 0;

	say("hypercall_round_trip %u ticks", (unsigned)round_trip);
	say("async_ring_entry %u ticks", (unsigned)ring_empty);
	say("async_ring_set_pte %u ticks", (unsigned)ring);
	say("shadow_fill %u ticks", (unsigned)fill);
	say("interrupt_delivery %u ticks", (unsigned)irq);
	/* The figures are differences of host-time samples (no -icount
	 * here), so a busy host can make one of them 0: they are reported,
	 * for make bench to read under -icount, never judged. */
	return NULL;
}
