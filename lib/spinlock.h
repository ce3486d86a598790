/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A ticket lock: each taker draws the next number and waits until it is
 * served, so CPUs get the lock in the order they asked for it and none
 * waits forever behind a faster one.  xadd is a 486 instruction, as the
 * rest of the image needs.  Neither half touches the interrupt flag: the
 * hypervisor runs with interrupts off, and the callers say when they may
 * come on.
 */
#ifndef LIB_SPINLOCK_H
#define LIB_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	volatile uint32_t next;		/* the number the next taker draws */
	volatile uint32_t serving;	/* the number that holds it now */
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t mine = 1;

	asm volatile("lock xaddl %0, %1" : "+r"(mine), "+m"(l->next) : : "memory");
	while (l->serving != mine)
		asm volatile("pause" ::: "memory");
}

static inline void spin_unlock(struct spinlock *l)
{
	/* Only the holder writes serving; the compiler barrier keeps the
	 * work inside, and x86 keeps stores in order. */
	asm volatile("" ::: "memory");
	l->serving = l->serving + 1;
}

#endif
