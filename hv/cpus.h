/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor on several CPUs: which CPU this is, the one lock that
 * guards everything the CPUs share, and how one CPU makes another look at
 * its guests again.
 *
 * Who owns what:
 *  - a guest belongs to one CPU (guest.cpu), chosen when it is loaded and
 *    kept across restarts.  Only that CPU enters it, delivers its
 *    interrupts, maps its switcher pages, reaps and restarts it.  An idle
 *    CPU may take a guest over, under the lock, while its CPU is not
 *    running it and its FPU state is in memory (hv/sched.c, hv/balance.c);
 *  - everything else -- the guest table and every guest's fields, the
 *    console, the console mux, the device models and their backends, the
 *    switches, disks and NIC, the frame allocator, the loader -- is
 *    guarded by the hypervisor lock.  A CPU holds it whenever it runs
 *    hypervisor code, and lets go only to enter a guest and to halt;
 *  - per-CPU state (the scheduler's plan and timer, the FPU's owner, the
 *    mapped switcher slot) is touched only by its CPU.
 * A CPU that changes something another CPU's guest must see (an interrupt
 * raised, a guest killed, its output moved) kicks that CPU: an IPI takes
 * it out of its guest or its hlt, and it takes the lock and looks.
 */
#ifndef HV_CPUS_H
#define HV_CPUS_H

#include <stdbool.h>
#include <stdint.h>
#include "switcher/layout.h"
#include "lib/spinlock.h"

#define HV_MAX_CPUS SW_MAX_CPUS

/* This CPU's index: 0 is the boot CPU. */
unsigned hv_cpu(void);
/* How many CPUs run guests (indexes 0 .. n-1). */
unsigned hv_cpus_online(void);
/* Records the CPUs that came up (from the CPU bring-up). */
void hv_cpus_set_online(unsigned n);

/* The hypervisor lock (inline: taken and dropped around every guest
 * entry).  With one CPU there is nobody to keep out, and it costs a test
 * of hv_smp, set (with the lock taken for real) before a second CPU
 * starts. */
extern struct spinlock hv_big_lock;
extern bool hv_smp;
static inline void hv_lock(void)
{
	if (hv_smp)
		spin_lock(&hv_big_lock);
}
static inline void hv_unlock(void)
{
	if (hv_smp)
		spin_unlock(&hv_big_lock);
}
/* From now on more than one CPU may run (called by the boot CPU, before
 * it starts the others). */
void hv_smp_begin(void);

/* A CPU halts without the lock; the interrupts that wake it run their
 * handlers with it (cpu/trap.c's guard calls hv_irq_enter/leave). */
void hv_idle_begin(void);
void hv_idle_end(void);
/* Whether that CPU is halted, with nothing of its own to run. */
bool hv_cpu_idle(unsigned cpu);
void hv_irq_enter(void);
void hv_irq_leave(void);

/* Makes the CPU look at its guests again (an IPI, unless it is this one).
 * Called with the lock held. */
void hv_kick(unsigned cpu);
/* Set when another CPU kicked this one; its run loop clears it when it
 * has looked (one flag per CPU, read on every exit). */
extern volatile bool hv_kicked[HV_MAX_CPUS];
/* Hooks the kicks into the IPI's handler. */
void hv_cpus_init(void);

/* Another CPU, once up, waits here until the boot CPU has its guests
 * ready (hv_cpus_guests_ready, which wakes them). */
void hv_cpus_wait_for_guests(void);
void hv_cpus_guests_ready(void);

/* Whether cpu=wanted names an online CPU, so that the guest goes there. */
bool hv_place_honours(int wanted);
/* The CPU for a new guest: the one asked for, or the next in turn. */
unsigned hv_place(int wanted);

#endif
