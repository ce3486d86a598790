// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where every hypervisor-mode trap lands: a table of handlers indexed by
 * vector, filled in by the layers that own each vector.
 */
#include "cpu/trap.h"
#include "cpu/x86.h"
#include "lib/log.h"

static trap_handler_fn handlers[NR_VECTORS];
static uint32_t stray_interrupts;
static void (*fatal_stop)(void);
static void nothing(void) { }
static void (*irq_enter)(void) = nothing, (*irq_leave)(void) = nothing;

void trap_set_handler(int vector, trap_handler_fn fn)
{
	handlers[vector] = fn;
}

bool trap_has_handler(int vector)
{
	return handlers[vector] != NULL;
}

void trap_set_irq_guard(void (*enter)(void), void (*leave)(void))
{
	irq_enter = enter;
	irq_leave = leave;
}

void trap_set_fatal_stop(void (*stop)(void))
{
	fatal_stop = stop;
}

void trap_fatal_stop(void)
{
	if (fatal_stop)
		fatal_stop();
	for (;;) {
		cli();
		hlt();
	}
}

void trap_dispatch(struct trap_frame *f)
{
	trap_handler_fn fn = handlers[f->vector & 0xFF];

	if (fn) {
		if (f->vector < NR_EXCEPTIONS) {
			fn(f);
			return;
		}
		irq_enter();
		fn(f);
		irq_leave();
		return;
	}
	if (f->vector < NR_EXCEPTIONS) {
		kprintf("\n*** hypervisor fault: no handler for this exception\n");
		trap_dump(f);
		trap_fatal_stop();
	}
	if (stray_interrupts++ < 8)
		kprintf("hv: stray interrupt on vector %u ignored\n", f->vector);
}
