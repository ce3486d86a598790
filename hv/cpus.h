/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor on several CPUs: which CPU this is, the one lock that
 * guards everything the CPUs share, and how one CPU makes another look at
 * its guests again.
 *
 * Who owns what:
 *  - a guest belongs to one CPU (guest.cpu), chosen when it is loaded and
 *    kept across restarts.  Only that CPU enters it, delivers its
 *    interrupts, maps its switcher pages, reaps and restarts it;
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

#define HV_MAX_CPUS SW_MAX_CPUS

/* This CPU's index: 0 is the boot CPU. */
unsigned hv_cpu(void);
/* How many CPUs run guests (indexes 0 .. n-1). */
unsigned hv_cpus_online(void);
/* Records the CPUs that came up (from the CPU bring-up). */
void hv_cpus_set_online(unsigned n);

/* The hypervisor lock. */
void hv_lock(void);
void hv_unlock(void);
/* Interrupt handlers run with the lock: taken around them if the CPU was
 * halted without it (cpu/trap.c's guard). */
void hv_irq_enter(void);
void hv_irq_leave(void);

/* Makes the CPU look at its guests again (an IPI, unless it is this one).
 * Called with the lock held. */
void hv_kick(unsigned cpu);
/* True once after another CPU kicked this one. */
bool hv_kicked(void);

/* The CPU for a new guest: the one asked for, or the next in turn. */
unsigned hv_place(int wanted);

#endif
