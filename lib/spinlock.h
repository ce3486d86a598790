/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A test-and-test-and-set lock: wait while it looks taken, reading only
 * (so waiting CPUs do not bounce its cache line), then try to take it
 * with one xchg.  Not a ticket lock, on purpose: a ticket lock hands the
 * lock on to the next CPU in line even when that CPU is not running (a
 * virtual CPU its host has descheduled), and then every CPU waits for it;
 * here whoever runs takes it.  Neither half touches the interrupt flag:
 * the hypervisor runs with interrupts off, and the callers say when they
 * may come on.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	volatile uint32_t taken;
};

static inline void spin_lock(struct spinlock *l)
{
	for (;;) {
		uint32_t was = 1;

		asm volatile("xchgl %0, %1" : "+r"(was), "+m"(l->taken) : : "memory");
		if (!was)
			return;
		while (l->taken)
			asm volatile("pause" ::: "memory");
	}
}

static inline void spin_unlock(struct spinlock *l)
{
	/* x86 keeps stores in order: everything done inside is visible
	 * before the lock reads free.  The compiler barrier keeps the work
	 * inside. */
	asm volatile("" ::: "memory");
	l->taken = 0;
}

#endif
