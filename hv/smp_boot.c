// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hypervisor's side of starting the other CPUs: what to ask of
 * drivers/smp.c (cpus=N, where the trampoline may go; each started CPU
 * then goes where hv_main says), and the one boot line that says which
 * CPUs run and which did not start.
 */
#include <stdarg.h>
#include "hv/smp_boot.h"
#include "hv/cpus.h"
#include "cpu/percpu.h"
#include "cpu/x86.h"
#include "drivers/clock.h"
#include "drivers/lapic.h"
#include "drivers/smp.h"
#include "lib/fmt.h"
#include "lib/log.h"

_Static_assert(OPTIONS_MAX_CPUS == MAX_CPUS, "cpus=N allows what cpu/percpu.h has room for");

#define SELFTEST_WAIT_MS 1000
#define SELFTEST_TIMER_NS 1000000ull

struct line {
	char text[256];
	uint32_t len;
};

/* Appends to the line, never past its end. */
static void __attribute__((format(printf, 2, 3))) add(struct line *l, const char *fmt, ...)
{
	va_list ap;

	if (l->len + 1 >= sizeof(l->text))
		return;
	va_start(ap, fmt);
	int n = fmt_vsnprintf(l->text + l->len, sizeof(l->text) - l->len, fmt, ap);
	va_end(ap);
	l->len += (uint32_t)n;
	if (l->len >= sizeof(l->text))
		l->len = sizeof(l->text) - 1;
}

void hv_start_cpus(const struct hv_options *o, const struct boot_info *bi, uint32_t trampoline_pa,
		   void (*ap_main)(struct cpu_local *c))
{
	struct smp_setup s = {
		.ebda = bi->ebda_base, .base_mem_kib = bi->base_mem_kib,
		.trampoline_pa = trampoline_pa, .max_cpus = o->max_cpus, .ap_main = ap_main,
		.phantom_apic = o->phantom_apic,
		.before_first = hv_smp_begin,	/* the lock is real before a second CPU runs */
	};
	const struct smp_result *r;
	struct cpu_local *c;
	struct line l = { .len = 0 };

	if (!lapic_ready()) {
		kprintf("cpus: 1 online (%s)\n", o->no_lapic ? "hv.noapic: no other CPU started" :
			"no LAPIC: no other CPU looked for");
		return;
	}
	r = smp_start(&s);
	hv_cpus_set_online(cpus_online);
	for (uint32_t i = 0; i < r->nr_failed; i++)
		add(&l, "cpu %u (apic %u) did not start; ", r->failed[i].index,
		    r->failed[i].apic_id);
	add(&l, "%u online (", cpus_online);
	if (r->found.n) {
		add(&l, "%s: apic", r->found.source);
		for_each_cpu(c)
			add(&l, "%s %u", c == cpus ? "" : ",", c->apic_id);
		if (r->not_used && o->max_cpus)
			add(&l, "; %u more not started: cpus=%u", r->not_used, o->max_cpus);
		else if (r->not_used)
			add(&l, "; %u more not started: at most %u", r->not_used, MAX_CPUS);
		if (r->why_not)
			add(&l, "; ");
	}
	if (r->why_not)
		add(&l, "%s", r->why_not);
	kprintf("cpus: %s)\n", l.text);
}

static bool wait_change(volatile uint32_t *counter, uint32_t before)
{
	uint64_t end = clock_now_ns() + SELFTEST_WAIT_MS * 1000000ull;

	while (*counter == before && clock_now_ns() < end)
		cpu_relax();
	return *counter != before;
}

/* Runs on the other CPU, in its IPI handler. */
static void arm_timer(void *arg)
{
	clock_set_oneshot(SELFTEST_TIMER_NS);
}

void smp_selftest(void)
{
	unsigned good = 0;

	if (cpus_online == 1) {
		kprintf("selftest smp: no other CPU online\n");
		return;
	}
	for (unsigned i = 1; i < cpus_online; i++) {
		struct cpu_local *c = cpu_at(i);
		uint32_t ipis = c->ipis, expiries = c->timer_expiries;
		bool checked_in = c->online && c->seen_apic_id == c->apic_id;
		bool ipi = smp_call(c, arm_timer, NULL) && wait_change(&c->ipis, ipis);
		bool timer = ipi && wait_change(&c->timer_expiries, expiries);

		kprintf("selftest smp: cpu %u (apic %u): %s (its LAPIC says %u), %s, %s\n",
			c->index, c->apic_id, checked_in ? "checked in" : "did NOT check in",
			c->seen_apic_id, ipi ? "answered an IPI" : "did NOT answer an IPI",
			timer ? "its LAPIC timer fired" : "its LAPIC timer did NOT fire");
		good += checked_in && ipi && timer;
	}
	kprintf("selftest smp: %u of %u other CPUs answered\n", good, cpus_online - 1);
}
