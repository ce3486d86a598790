// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=irq -- virtual interrupts.  A guest kernel cannot cli/sti at
 * ring 1; its interrupt flag is lguest_data.irq_enabled and its interrupt
 * controller is lguest_data.blocked_interrupts, and the host must honour
 * both before it injects anything:
 *   1. irq_enabled = 0 holds IRQ 0 back and makes the host raise
 *      irq_pending; restoring IF with SEND_INTERRUPTS (Linux's
 *      restore_fl) delivers it at once (G1-G4, 2.6.24-2.6.30: no
 *      irq_pending and no SEND_INTERRUPTS; the store, then the next
 *      exit of any kind delivers it);
 *   2. the handler, entered through an interrupt gate, finds irq_enabled
 *      0, and our iret path turns it back on;
 *   3. a blocked IRQ 0 is held even with interrupts on, and arrives once
 *      unblocked; also when the guest unblocks it and then spins with no
 *      exit (unmasking is a plain write: 2.6.24 unmasks its timer after
 *      arming it and then waits for ticks), within 50 ms;
 *   4. HALT with interrupts off still wakes, and wakes with them on;
 *   5. clock events: 1 ms and 10 ms, measured with the TSC at the host's
 *      tsc_khz, must never fire early (a little slack covers the TSC
 *      calibration); 20 short ones give exactly 20 ticks;
 *   6. lguest_data.time moves forward as interrupts are delivered;
 *   7. an interrupt held back while they were off, when the iret of
 *      lguest_iret turns them on (no hypercall, as on a return to user
 *      mode), still arrives, though the guest makes no exit after it;
 *   8. G9/G10 (4.1+): an interrupt due while eip is at noirq_iret (the
 *      iret of lguest_iret, after irq_enabled was loaded from the frame)
 *      must reuse the iret frame on the stack, not push one of its own.
 *      A tight loop jumps to that very instruction (so it starts a basic
 *      block: an emulator or a preempted CPU stops there often) while
 *      short clock events fire, 300 times: each must arrive exactly once,
 *      its handler never sees a frame pointing at noirq_iret (that would
 *      be a pushed one), the frame's eflags have IF on, and the stack
 *      pointer is where it was after every round.
 */
#include "guest.h"

static const char *check_masked_by_irq_enabled(void)
{
	unsigned before = timer_ticks;

	irq_disable();
	set_clockevent(1000000);
	spin_ns(10000000);
	flush_async();	/* an exit: the host certainly looked at us */
	CHECK(timer_ticks == before, "IRQ 0 arrived with irq_enabled = 0");
#if LG_HAS_IRQ_PENDING
	exits_until_irq_pending();
	CHECK(timer_ticks == before, "IRQ 0 arrived with irq_enabled = 0");
	CHECK(lguest_data.irq_pending, "the host held IRQ 0 but left irq_pending 0");
	irq_restore(EFLAGS_IF);	/* sees irq_pending: SEND_INTERRUPTS */
	CHECK(timer_ticks == before + 1, "restore_fl + SEND_INTERRUPTS gave %u ticks",
	      timer_ticks - before);
#else
	irq_restore(EFLAGS_IF);	/* just the store */
	exits_until_tick(before);	/* the next exit once the host has seen it */
	CHECK(timer_ticks == before + 1, "restore_fl and the next exit gave %u ticks",
	      timer_ticks - before);
#endif
	CHECK(last_tick_irq_enabled == 0, "handler ran with irq_enabled %#x: an interrupt gate "
	      "must clear it", last_tick_irq_enabled);
	CHECK(lguest_data.irq_enabled & EFLAGS_IF, "iret did not turn interrupts back on");
#if LG_HAS_IRQ_PENDING
	say("irq_enabled=0 holds IRQ 0, irq_pending set, SEND_INTERRUPTS delivers");
#else
	say("irq_enabled=0 holds IRQ 0, the next exit after restore_fl delivers");
#endif
	return NULL;
}

static const char *check_blocked(void)
{
	unsigned before = timer_ticks;

	irq_block(0);
	irq_enable_now();
	set_clockevent(1000000);
	spin_ns(10000000);
	flush_async();
	CHECK(timer_ticks == before, "IRQ 0 arrived although blocked_interrupts bit 0 was set");
	irq_unblock(0);
	exits_until_tick(before);	/* the next entry delivers it */
	CHECK(timer_ticks == before + 1, "unblocked IRQ 0: %u ticks", timer_ticks - before);
	say("blocked_interrupts bit 0 holds IRQ 0 until cleared");
	return NULL;
}

static const char *check_unblocked_without_exit(void)
{
	unsigned before = timer_ticks;

	irq_block(0);
	irq_enable_now();
	set_clockevent(1000000);
	spin_ns(5000000);
	flush_async();	/* an exit: the host has seen it pending and masked */
	CHECK(timer_ticks == before, "IRQ 0 arrived although blocked");
	irq_unblock(0);
	for (int i = 0; i < 50 && timer_ticks == before; i++)
		spin_ns(1000000);	/* no exits of ours */
	CHECK(timer_ticks == before + 1, "IRQ 0 unblocked without an exit: %u ticks in 50 ms",
	      timer_ticks - before);
	say("IRQ 0 unblocked without an exit arrives all the same");
	return NULL;
}

static const char *check_halt_wakes(void)
{
	unsigned before = timer_ticks;

	irq_disable();
	set_clockevent(2000000);
	lg_halt();
	CHECK(timer_ticks == before + 1, "HALT returned after %u ticks", timer_ticks - before);
	CHECK(lguest_data.irq_enabled & EFLAGS_IF, "HALT woke with interrupts still off");
	say("HALT with interrupts off wakes on IRQ 0, interrupts on");
	return NULL;
}

static const char *check_timing(uint32_t ns)
{
	uint64_t worst_early = ~0ull, longest = 0;
	uint32_t slack = ns / 100 + 20000;	/* calibration: 1% and 20 us */

	if (!lguest_data.tsc_khz) {
		say("tsc_khz is 0: timing of %u ns not measured", ns);
		return NULL;
	}
	for (int i = 0; i < 5; i++) {
		unsigned before = timer_ticks;
		irq_disable();
		uint64_t t0 = rdtsc();
		set_clockevent(ns);
		while (timer_ticks == before) {
			lg_halt();
			irq_disable();
		}
		irq_enable();
		uint64_t took = tsc_to_ns(last_tick_tsc - t0);
		CHECK(took + slack >= ns, "a %u ns clock event fired after only %llu ns", ns,
		      (unsigned long long)took);
		CHECK(took < ns + 2000000000ull, "a %u ns clock event took %llu ns", ns,
		      (unsigned long long)took);
		if (took < worst_early)
			worst_early = took;
		if (took > longest)
			longest = took;
	}
	say("clock event %u us: fired after %llu-%llu us", ns / 1000,
	    (unsigned long long)worst_early / 1000, (unsigned long long)longest / 1000);
	return NULL;
}

static const char *check_many_ticks(void)
{
	unsigned before = timer_ticks;
	uint32_t sec = lguest_data.time_sec, nsec = lguest_data.time_nsec;

	for (int i = 0; i < 20; i++)
		sleep_ns(500000);
	CHECK(timer_ticks == before + 20, "20 clock events gave %u ticks", timer_ticks - before);
	uint64_t t0 = (uint64_t)sec * 1000000000ull + nsec;
	uint64_t t1 = (uint64_t)lguest_data.time_sec * 1000000000ull + lguest_data.time_nsec;
	CHECK(t1 > t0, "lguest_data.time did not advance over 20 interrupts");
	say("20 clock events, 20 ticks; lguest_data.time advanced %llu us",
	    (unsigned long long)(t1 - t0) / 1000);
	return NULL;
}

static const char *check_enabled_by_iret(void)
{
	unsigned before = timer_ticks;

	irq_disable();
	set_clockevent(1000000);
	spin_ns(5000000);	/* the tick comes and is held: irq_pending */
	CHECK(timer_ticks == before, "IRQ 0 arrived with irq_enabled = 0");
	/* Interrupts back on by an iret to ourselves, as lguest_iret does
	 * for every return from a trap; then no exit at all for 100 ms. */
	asm volatile("pushfl\n\torl $0x200, (%%esp)\n\tpushl %%cs\n\tpushl $1f\n\t"
		     "jmp lguest_iret\n1:" : : : "memory", "cc");
	spin_ns(100000000);
	CHECK(timer_ticks == before + 1, "a tick held while interrupts were off never came "
	      "after an iret turned them on (%u ticks)", timer_ticks - before);
	say("a held tick arrives after an iret turns interrupts on, with no exit of ours");
	return NULL;
}

#if LG_NOIRQ_IRET
#define IRET_ROUNDS 300

static volatile unsigned at_return, at_top, at_noirq_iret, elsewhere, frame_if_off;
extern char iret_loop_top[], iret_loop_return[];

static void note_iret_tick(struct trap_frame *f)
{
	uint32_t eip = f->eip;

	if (eip == (uint32_t)(uintptr_t)iret_loop_return)
		at_return++;
	else if (eip == (uint32_t)(uintptr_t)iret_loop_top)
		at_top++;
	else if (eip == (uint32_t)(uintptr_t)lguest_noirq_iret)
		at_noirq_iret++;
	else
		elsewhere++;
	if (!(f->eflags & EFLAGS_IF))
		frame_if_off++;
}

/* Irets to the next instruction until timer_ticks reaches want or n
 * loops are done; returns esp after minus esp before (0 if balanced). */
__attribute__((noinline)) static int32_t iret_loop(uint32_t n, unsigned want)
{
	uint32_t sp0, sp1;

	asm volatile("movl %%esp, %[sp0]\n"
		     ".globl iret_loop_top\n"
		     "iret_loop_top:\n\t"
		     "pushfl\n\t"
		     "orl $0x200, (%%esp)\n\t"
		     "pushl %%cs\n\t"
		     "pushl $iret_loop_return\n\t"
		     "pushl 8(%%esp)\n\t"			/* lguest_iret, by hand ... */
		     "popl %%ss:lguest_data\n\t"
		     "jmp lguest_noirq_iret\n"		/* ... up to its iret */
		     ".globl iret_loop_return\n"
		     "iret_loop_return:\n\t"
		     "cmpl %[want], timer_ticks\n\t"
		     "jae 1f\n\t"
		     "decl %[n]\n\t"
		     "jnz iret_loop_top\n"
		     "1:\n\t"
		     "movl %%esp, %[sp1]"
		     : [sp0] "=&m"(sp0), [sp1] "=&m"(sp1), [n] "+r"(n)
		     : [want] "r"(want) : "memory", "cc");
	return (int32_t)(sp1 - sp0);
}

static const char *check_noirq_iret(void)
{
	unsigned lost = 0;

	irq_handlers[0] = note_iret_tick;
	irq_enable_now();
	for (unsigned r = 0; r < IRET_ROUNDS; r++) {
		unsigned before = timer_ticks;
		set_clockevent(20000 + (r % 13) * 7000);
		int32_t d = iret_loop(20000000, before + 1);
		CHECK(d == 0, "round %u: the stack moved by %d bytes over the iret loop", r, d);
		if (timer_ticks == before)
			lost++;
		d = iret_loop(3000, before + 2);	/* a second tick would be a double */
		CHECK(d == 0, "round %u: the stack moved by %d bytes after the tick", r, d);
		CHECK(timer_ticks <= before + 1, "round %u: one clock event, %u ticks", r,
		      timer_ticks - before);
		CHECK(lguest_data.irq_enabled & EFLAGS_IF, "round %u: interrupts left off", r);
	}
	irq_handlers[0] = NULL;
	CHECK(!lost, "%u of %u clock events never arrived during the iret loop", lost,
	      IRET_ROUNDS);
	CHECK(!at_noirq_iret, "%u interrupts pushed a frame at noirq_iret instead of reusing "
	      "the iret frame", at_noirq_iret);
	CHECK(!frame_if_off, "%u handler frames had IF off", frame_if_off);
	say("noirq_iret: %u ticks in the iret loop, each once, stack balanced (%u on the return, "
	    "%u at the loop top, %u just outside)", IRET_ROUNDS, at_return, at_top, elsewhere);
	return NULL;
}
#endif

const char *test_irq(void)
{
	const char *why;

	if ((why = check_masked_by_irq_enabled()) || (why = check_blocked()) ||
	    (why = check_unblocked_without_exit()) || (why = check_halt_wakes()) || (why = check_timing(1000000)) ||
	    (why = check_timing(10000000)) || (why = check_many_ticks()) ||
	    (why = check_enabled_by_iret()))
		return why;
#if LG_NOIRQ_IRET
	if ((why = check_noirq_iret()))
		return why;
#endif
	return NULL;
}
