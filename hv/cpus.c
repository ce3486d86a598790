// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor lock, kicks between CPUs and where new guests go (the
 * rules are in cpus.h).
 */
#include "hv/cpus.h"
#include "cpu/percpu.h"
#include "drivers/smp.h"
#include "cpu/x86.h"

struct spinlock hv_big_lock;
bool hv_smp;
volatile bool hv_kicked[HV_MAX_CPUS];
static unsigned online = 1;
static unsigned next_place;
/* Per CPU: halted without the lock (its interrupt handlers take it), and
 * whether a kick IPI is on its way to it (no second one until it has
 * arrived: the CPU then takes the lock and looks at everything a kick
 * could have said). */
static volatile bool idle[HV_MAX_CPUS];
static volatile bool ipi_sent[HV_MAX_CPUS];

unsigned hv_cpu(void)
{
	return this_cpu()->index;
}

unsigned hv_cpus_online(void)
{
	return online;
}

void hv_cpus_set_online(unsigned n)
{
	online = n < 1 ? 1 : n > HV_MAX_CPUS ? HV_MAX_CPUS : n;
}

void hv_smp_begin(void)
{
	/* The boot CPU has "held" the lock since hv_main began; now it must
	 * hold it for real. */
	spin_lock(&hv_big_lock);
	hv_smp = true;
}

void hv_idle_begin(void)
{
	idle[hv_cpu()] = true;
	hv_unlock();
}

bool hv_cpu_idle(unsigned cpu)
{
	return idle[cpu];
}

void hv_idle_end(void)
{
	hv_lock();
	idle[hv_cpu()] = false;
}

/* Interrupt gates keep interrupts off in handlers, so these never nest.
 * Away from the idle halt the CPU holds the lock already: interrupts are
 * on only in guests, and those that end a guest's run are handled from
 * the run loop, under the lock. */
void hv_irq_enter(void)
{
	if (idle[hv_cpu()])
		hv_lock();
}

void hv_irq_leave(void)
{
	if (idle[hv_cpu()])
		hv_unlock();
}

/* In every IPI's handler (drivers/smp.c), on the CPU that took it. */
static void kick_arrived(struct cpu_local *c)
{
	ipi_sent[c->index] = false;
}

void hv_cpus_init(void)
{
	smp_set_ipi_hook(kick_arrived);
}

void hv_kick(unsigned cpu)
{
	if (cpu == hv_cpu() || cpu >= online)
		return;
	hv_kicked[cpu] = true;
	if (!ipi_sent[cpu]) {
		ipi_sent[cpu] = true;
		smp_kick(cpu_at(cpu));
	}
}

/* Set by the boot CPU when guests are loaded and the switcher is ready. */
static volatile bool guests_ready;

void hv_cpus_wait_for_guests(void)
{
	/* Interrupts on, without the lock: the self-tests' IPIs and timers
	 * reach this CPU, and they touch only its own state. */
	while (!guests_ready)
		sti_hlt();
	cli();
}

void hv_cpus_guests_ready(void)
{
	guests_ready = true;
	for (unsigned i = 1; i < online; i++)
		smp_kick(cpu_at(i));
}

bool hv_place_honours(int wanted)
{
	return wanted >= 0 && (unsigned)wanted < online;
}

unsigned hv_place(int wanted)
{
	if (hv_place_honours(wanted))
		return (unsigned)wanted;
	return next_place++ % online;
}
