// SPDX-License-Identifier: GPL-2.0-only
/*
 * The asynchronous ("lazy") hypercall ring, the guest half.  Linux batches
 * page-table updates and context-switch calls here; the host runs every
 * queued record, in order, before it runs the next synchronous call.
 *
 * A slot is free when its status byte is 0xFF.  We write the arguments,
 * then (a compiler barrier is enough on x86: stores are not reordered with
 * stores) set the status to 0.  If our next slot is still queued the ring
 * is full: make the call synchronously instead, which first makes the host
 * drain the ring, so the order of calls is kept either way.
 */
#include "guest.h"

unsigned async_next_slot;
unsigned async_full_fallbacks;

void async_hcall(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
	uint32_t flags = irq_save();	/* an interrupt handler may queue too */
	unsigned i = async_next_slot;

	if (lguest_data.hcall_status[i] != 0xFF) {
		async_full_fallbacks++;
		hcall(nr, a1, a2, a3, a4);
	} else {
		volatile struct hcall_args *rec = &lguest_data.hcalls[i];

		rec->nr = nr;
		rec->arg1 = a1;
		rec->arg2 = a2;
		rec->arg3 = a3;
#if LG_RING_RECORD_16
		(void)a4;
#else
		rec->arg4 = a4;
#endif
		barrier();
		lguest_data.hcall_status[i] = 0;
		async_next_slot = (i + 1) % LHCALL_RING_SIZE;
	}
	irq_restore(flags);
}
