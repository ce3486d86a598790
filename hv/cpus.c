// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor lock, kicks between CPUs and where new guests go (the
 * rules are in cpus.h).
 */
#include "hv/cpus.h"
#include "cpu/percpu.h"
#include "drivers/lapic.h"
#include "lib/spinlock.h"

static struct spinlock lock;
static volatile int holder = -1;	/* the CPU holding it, -1 none */
static unsigned online = 1;
static unsigned next_place;
/* Per CPU: how deep its interrupt handlers took the lock themselves
 * (1: the outermost did); whether it was kicked and has not said it saw
 * it; whether an IPI is on its way (no second one until the CPU has taken
 * the lock, after which it looks at everything a kick could have said). */
static unsigned irq_took[HV_MAX_CPUS];
static volatile bool kicked[HV_MAX_CPUS];
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

void hv_lock(void)
{
	unsigned me = hv_cpu();

	spin_lock(&lock);
	holder = (int)me;
	ipi_sent[me] = false;
}

void hv_unlock(void)
{
	holder = -1;
	spin_unlock(&lock);
}

void hv_irq_enter(void)
{
	unsigned me = hv_cpu();

	if (holder == (int)me && !irq_took[me])
		return;		/* interrupted hypervisor code that holds it */
	if (!irq_took[me]++)
		hv_lock();
}

void hv_irq_leave(void)
{
	unsigned me = hv_cpu();

	if (irq_took[me] && !--irq_took[me])
		hv_unlock();
}

void hv_kick(unsigned cpu)
{
	if (cpu == hv_cpu() || cpu >= online)
		return;
	kicked[cpu] = true;
	if (!ipi_sent[cpu]) {
		ipi_sent[cpu] = true;
		lapic_send_ipi(cpu_local_of(cpu)->apic_id, LAPIC_IPI_VECTOR);
	}
}

bool hv_kicked(void)
{
	unsigned me = hv_cpu();

	if (!kicked[me])
		return false;
	kicked[me] = false;
	return true;
}

unsigned hv_place(int wanted)
{
	if (wanted >= 0 && (unsigned)wanted < online)
		return (unsigned)wanted;
	return next_place++ % online;
}
