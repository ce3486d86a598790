// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where every trap stub in head.S ends up.  Vectors 0-31 are exceptions:
 * a test may claim one through trap_hooks[]; anything unclaimed is a
 * failure of the running test, reported as its verdict before we power
 * off, so a broken hypervisor shows up as a readable FAIL line rather
 * than a silent hang.  0x20-0x3F are IRQs 0-31; 0x80 the system call.
 *
 * The default IRQ 0 handler counts timer ticks and notes the TSC and the
 * virtual IF it ran with (an interrupt gate must find it off).
 */
#include "guest.h"

trap_hook_fn volatile trap_hooks[32];
irq_handler_fn volatile irq_handlers[NR_GUEST_IRQS];
syscall_fn syscall_handler;

volatile unsigned timer_ticks;
volatile uint64_t last_tick_tsc;
volatile uint32_t last_tick_irq_enabled;
static volatile unsigned spurious_irqs;

static const char *const exception_names[32] = {
	"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD", "#NM", "#DF", "coprocessor overrun",
	"#TS", "#NP", "#SS", "#GP", "#PF", "vector 15", "#MF", "#AC", "#MC", "#XM",
};

uint32_t read_cr2(void)
{
	return lguest_data.cr2;	/* the host's copy: we cannot read the real cr2 */
}

static void timer_tick(struct trap_frame *f)
{
	last_tick_tsc = rdtsc();
	last_tick_irq_enabled = lguest_data.irq_enabled;
	timer_ticks++;
}

__attribute__((noreturn)) static void unexpected(struct trap_frame *f)
{
	const char *name = f->vector < 32 && exception_names[f->vector] ?
			   exception_names[f->vector] : "trap";
	char why[160];

	snprintf(why, sizeof(why), "unexpected %s (vector %u, error %#x) at eip %#x cs %#x, cr2 %#x",
		 name, f->vector, f->error, f->eip, f->cs, read_cr2());
	printk("lgtest: %s: FAIL %s\n", current_test ? current_test : "boot", why);
	lg_shutdown("lgtest done", lgtest_end_reason);
}

void trap_dispatch(struct trap_frame *f)
{
	uint32_t v = f->vector;

	if (v < 32) {
		if (trap_hooks[v] && trap_hooks[v](f))
			return;
		unexpected(f);
	}
	if (v == SYSCALL_VECTOR) {
		if (!syscall_handler)
			unexpected(f);
		syscall_handler(f);
		return;
	}
	uint32_t irq = v - IRQ_VECTOR(0);
	if (irq == 0)
		timer_tick(f);
	if (irq < NR_GUEST_IRQS && irq_handlers[irq])
		irq_handlers[irq](f);
	else if (irq != 0)
		spurious_irqs++;
}
