// SPDX-License-Identifier: GPL-2.0-only
/*
 * One table of handlers indexed by hypercall number.  The rule is lguest's:
 * sudden death, not error returns.  A guest that passes a bad argument is
 * broken or hostile, so it is killed with a message saying which call and
 * which argument; nothing it passes is trusted.
 */
#include "hv/hypercalls.h"
#include "hv/deliver.h"
#include "hv/descriptors.h"
#include "hv/devices/console_out.h"
#include "hv/devices/lguest_bus.h"
#include "hv/sched.h"
#include "mm/guest_mem.h"
#include "mm/shadow.h"
#include "mm/paging.h"
#include "drivers/clock.h"
#include "lib/string.h"

struct hcall {
	uint32_t nr, a1, a2, a3, a4;
};

typedef void (*hcall_fn)(struct guest *g, const struct hcall *h);

static uint32_t allowed_hcalls(const struct lguest_gen *gen);

#define SHUTDOWN_MESSAGE_MAX 128
#define RESERVE_MEM (4u << 20)	/* the switcher's 4 MiB */

/* mm/ refused the guest's page tables: it is killed with mm/'s reason. */
static void mm_verdict(struct guest *g, bool ok)
{
	if (!ok)
		guest_kill(g, "%s", g->mm_why);
}

static void h_flush_async(struct guest *g, const struct hcall *h)
{
	/* Nothing: draining the ring before every call is the point. */
}

static void h_init(struct guest *g, const struct hcall *h)
{
	const struct lguest_data_layout *d = &g->gen->data;
	uint32_t syscall_vec = 0;

	if (g->initialised) {
		guest_kill(g, "LGUEST_INIT called twice");
		return;
	}
	if (!gpa_ok(g, h->a1, d->size)) {
		guest_kill(g, "LGUEST_INIT: lguest_data at %#x lies outside its memory", h->a1);
		return;
	}
	if (h->a1 & 3) {
		/* A kernel variable of 32-bit fields is never unaligned; one that
		 * is would put the guest's idea of every field beside ours. */
		guest_kill(g, "LGUEST_INIT: lguest_data at %#x is not 4-byte aligned", h->a1);
		return;
	}
	g->lguest_data = h->a1;
	g->ldata = gpa_ptr(g, h->a1, d->size);
	ldata_read(g, d->syscall_vec, &syscall_vec);
	if (syscall_vec != 0x80) {
		guest_kill(g, "LGUEST_INIT: system call vector %#x (only 0x80 is supported)",
			   syscall_vec);
		return;
	}
	/* Up to 4.0 a window of lguest_iret, from 4.1 its iret alone; the
	 * fields a generation lacks read as nothing and stay 0. */
	g->noirq_start = g->noirq_end = g->noirq_iret = 0;
	ldata_read(g, d->noirq_start, &g->noirq_start);
	ldata_read(g, d->noirq_end, &g->noirq_end);
	ldata_read(g, d->noirq_iret, &g->noirq_iret);
	ldata_read(g, d->kernel_address, &g->kernel_address);
	if (g->kernel_address >= SW_BASE || g->kernel_address < (4u << 20)) {
		guest_kill(g, "LGUEST_INIT: kernel_address %#x is unusable", g->kernel_address);
		return;
	}
	ldata_write(g, d->tsc_khz, clock_tsc_khz());
	ldata_write(g, d->reserve_mem, RESERVE_MEM);
	/* 2.6.24-3.0 find their boot page tables here (absent from 3.1). */
	ldata_write(g, d->pgdir, g->boot_pgdir);
	g->initialised = true;
	g->hcalls_ok = allowed_hcalls(g->gen);
	g->next_hcall = 0;
	guest_write_time(g);
	mm_verdict(g, shadow_flush(g, true));
}

/* SHUTDOWN(message, reason); 2.6.24's CRASH(message) has no reason and
 * never restarts (its a2 register is whatever the guest left there). */
static void h_shutdown(struct guest *g, const struct hcall *h)
{
	char msg[SHUTDOWN_MESSAGE_MAX + 1];

	/* Never trust the message pointer: a NULL gives pa(NULL) = 3 GiB. */
	if (!guest_read_string(g, h->a1, msg, sizeof(msg)))
		msg[0] = '\0';
	g->restart_requested = g->gen->shutdown_has_reason && h->a2 == LGUEST_SHUTDOWN_RESTART;
	guest_power_off(g, msg[0] ? msg : "(no readable message)");
}

static void h_new_pgtable(struct guest *g, const struct hcall *h)
{
	mm_verdict(g, shadow_new_pgtable(g, h->a1));
}

static void h_flush_tlb(struct guest *g, const struct hcall *h)
{
	mm_verdict(g, shadow_flush(g, h->a1 != 0));
}

static void h_load_idt_entry(struct guest *g, const struct hcall *h)
{
	desc_load_idt_entry(g, h->a1, h->a2, h->a3);
}

static void h_set_stack(struct guest *g, const struct hcall *h)
{
	if ((h->a1 & 3) != 1) {
		guest_kill(g, "SET_STACK: stack segment %#x is not ring 1", h->a1);
		return;
	}
	/* The same segment as last time, in an unchanged GDT, was checked
	 * then (a changed GDT has it checked again before the next entry). */
	bool same_segment = h->a1 == g->ss1 && g->stack_pages && !g->gdt_changed;
	if (!same_segment && !ring1_stack_ok(g->ro->gdt, h->a1)) {
		guest_kill(g, "SET_STACK: stack segment %#x is not ring-1 writable data in its GDT",
			   h->a1);
		return;
	}
	if (h->a3 > 2 || h->a3 == 0) {
		guest_kill(g, "SET_STACK: %u stack pages (1 or 2 allowed)", h->a3);
		return;
	}
	/* The CPU pushes onto this stack with no exit to us: it must be the
	 * guest's own memory, never the switcher's pages (which the switcher's
	 * page table would otherwise show as writable). */
	if (h->a2 - 1 >= SW_BASE || h->a2 - h->a3 * PAGE_SIZE >= SW_BASE ||
	    h->a2 < h->a3 * PAGE_SIZE) {
		guest_kill(g, "SET_STACK: stack %#x reaches the hypervisor's reserved top 4 MiB",
			   h->a2);
		return;
	}
	g->ss1 = h->a1;
	g->esp1 = h->a2;
	g->stack_pages = h->a3;
	g->ro->tss.ss1 = (uint16_t)h->a1;
	g->ro->tss.esp1 = h->a2;
	mm_verdict(g, shadow_pin_stack(g));
}

static void h_ts(struct guest *g, const struct hcall *h)
{
	g->ts = h->a1 & 8;
}

static void h_set_clockevent(struct guest *g, const struct hcall *h)
{
	/* Cancelled: a tick that expired but has not been delivered yet (the
	 * guest had interrupts off) is withdrawn too. */
	if (!h->a1)
		g->irqs_pending &= ~1u;
	sched_set_guest_timer(g, h->a1);
}

static void h_halt(struct guest *g, const struct hcall *h)
{
	g->state = GUEST_HALTED;
}

static void h_set_pmd(struct guest *g, const struct hcall *h)
{
	guest_kill(g, "SET_PMD is for PAE guests; PAE is not supported");
}

static void h_set_pte(struct guest *g, const struct hcall *h)
{
	mm_verdict(g, shadow_set_pte(g, h->a1, h->a2, h->a3));
}

static void h_set_pgd(struct guest *g, const struct hcall *h)
{
	if (h->a2 >= 1024) {
		guest_kill(g, "SET_PGD: index %u out of range", h->a2);
		return;
	}
	shadow_set_pgd(g, h->a1, h->a2);
}

static void h_load_tls(struct guest *g, const struct hcall *h)
{
	desc_load_tls(g, h->a1);
}

static void h_notify(struct guest *g, const struct hcall *h)
{
	char text[257];

	if (bus_notify(g, h->a1))
		return;
	/* The early console: a short NUL-terminated string at the gpa. */
	if (!guest_read_string(g, h->a1, text, sizeof(text))) {
		guest_kill(g, "NOTIFY: %#x lies outside its memory", h->a1);
		return;
	}
	out_early(g, text, (uint32_t)strlen(text));
}

static void h_load_gdt(struct guest *g, const struct hcall *h)
{
	desc_load_gdt(g, h->a1, h->a2);
}

static void h_load_gdt_entry(struct guest *g, const struct hcall *h)
{
	desc_load_gdt_entry(g, h->a1, h->a2, h->a3);
}

static void h_send_interrupts(struct guest *g, const struct hcall *h)
{
	/* Nothing: interrupts are delivered before every entry. */
}

static const hcall_fn handlers[LHCALL_MAX] = {
	[LHCALL_FLUSH_ASYNC] = h_flush_async,
	[LHCALL_LGUEST_INIT] = h_init,
	[LHCALL_SHUTDOWN] = h_shutdown,
	[LHCALL_LOAD_GDT] = h_load_gdt,
	[LHCALL_NEW_PGTABLE] = h_new_pgtable,
	[LHCALL_FLUSH_TLB] = h_flush_tlb,
	[LHCALL_LOAD_IDT_ENTRY] = h_load_idt_entry,
	[LHCALL_SET_STACK] = h_set_stack,
	[LHCALL_TS] = h_ts,
	[LHCALL_SET_CLOCKEVENT] = h_set_clockevent,
	[LHCALL_HALT] = h_halt,
	[LHCALL_SET_PMD] = h_set_pmd,
	[LHCALL_SET_PTE] = h_set_pte,
	[LHCALL_SET_PGD] = h_set_pgd,
	[LHCALL_LOAD_TLS] = h_load_tls,
	[LHCALL_NOTIFY] = h_notify,
	[LHCALL_LOAD_GDT_ENTRY] = h_load_gdt_entry,
	[LHCALL_SEND_INTERRUPTS] = h_send_interrupts,
};

/* Every call the generation has but LGUEST_INIT, which is made once. */
static uint32_t allowed_hcalls(const struct lguest_gen *gen)
{
	return gen->hcalls & ~LHCALL_BIT(LGUEST_INIT);
}

/* A call not in g->hcalls_ok: LGUEST_INIT, or a reason to die. */
static void __attribute__((noinline)) unusual_hcall(struct guest *g, const struct hcall *h)
{
	if (h->nr == LHCALL_LGUEST_INIT) {
		g->stats.hcalls[h->nr]++;
		h_init(g, h);
	} else if (h->nr < 32 && (allowed_hcalls(g->gen) & (1u << h->nr))) {
		guest_kill(g, "hypercall %u before LGUEST_INIT", h->nr);
	} else {
		guest_kill(g, "unknown hypercall %u (args %#x %#x %#x %#x)", h->nr, h->a1, h->a2,
			   h->a3, h->a4);
	}
}

/* Inlined into both callers: on the exit path a call of its own costs as
 * much as the check it makes. */
static inline __attribute__((always_inline)) void run_hcall(struct guest *g,
							   const struct hcall *h)
{
	if (__builtin_expect(h->nr >= 32 || !(g->hcalls_ok & (1u << h->nr)), 0)) {
		unusual_hcall(g, h);
		return;
	}
	g->stats.hcalls[h->nr]++;
	handlers[h->nr](g, h);
}

/* A call whose words came in the order eax, ebx, ecx, edx (registers, or
 * a ring record holding them so) from a guest up to 2.6.29, which puts
 * its arguments in edx, ebx, ecx; only its own callers below use it, off
 * the path of the newer ones. */
static inline __attribute__((always_inline)) void run_old_order(struct guest *g, uint32_t eax,
								uint32_t ebx, uint32_t ecx,
								uint32_t edx)
{
	struct hcall h = { eax, edx, ebx, ecx, 0 };

	run_hcall(g, &h);
}

/* The asynchronous calls the guest queued (in lazy MMU mode and context
 * switches) run first and in order, so ordering with the synchronous call
 * is kept.  At most one lap of the ring: a guest cannot keep us here. */
static inline __attribute__((always_inline)) void drain(struct guest *g, bool old_order)
{
	const struct lguest_data_layout *d = &g->gen->data;
	volatile uint8_t *status = g->ldata + d->hcall_status;
	const uint8_t *records = g->ldata + d->hcalls;
	uint32_t size = d->hcall_record_size, i = g->next_hcall;

	/* No call in the ring can move next_hcall (LGUEST_INIT, which
	 * resets it, kills a guest that has made it once). */
	for (int n = 0; n < LHCALL_RING_SIZE && status[i] != 0xFF; n++) {
		const volatile uint32_t *rec = (const volatile uint32_t *)(records + i * size);
		if (old_order) {
			run_old_order(g, rec[0], rec[1], rec[2], rec[3]);
		} else {
			/* Records of 16 bytes (2.6.30) have no fourth argument. */
			struct hcall h = { rec[0], rec[1], rec[2], rec[3], size > 16 ? rec[4] : 0 };
			run_hcall(g, &h);
		}
		if (!guest_alive(g))
			return;
		status[i] = 0xFF;
		i = (i + 1) % LHCALL_RING_SIZE;
		g->stats.async_hcalls++;
	}
	g->next_hcall = i;
}

/* One copy of the loop for each argument order. */
static __attribute__((noinline)) void drain_ring(struct guest *g)
{
	drain(g, false);
}

static __attribute__((noinline)) void drain_ring_old_order(struct guest *g)
{
	drain(g, true);
}

/* Whether the ring has a call queued: most calls find it empty, and one
 * byte says so. */
static inline bool ring_queued(const struct guest *g)
{
	return g->ldata && g->ldata[g->gen->data.hcall_status + g->next_hcall] != 0xFF;
}

/* The ring, then the call in the registers, in either argument order. */
static inline __attribute__((always_inline)) void hypercall(struct guest *g, bool old_order)
{
	if (ring_queued(g)) {
		if (old_order)
			drain_ring_old_order(g);
		else
			drain_ring(g);
		if (!guest_alive(g))
			return;
	}
	const struct guest_regs *r = g->regs;

	if (old_order) {
		run_old_order(g, r->eax, r->ebx, r->ecx, r->edx);
	} else {
		struct hcall h = { r->eax, r->ebx, r->ecx, r->edx, r->esi };
		run_hcall(g, &h);
	}
}

/* Guests up to 2.6.29 apart, so that the newer ones' path stays as short
 * as it was. */
static __attribute__((noinline)) void hypercall_old_order(struct guest *g)
{
	hypercall(g, true);
}

void hypercall_from_regs(struct guest *g)
{
	if (__builtin_expect(g->gen->args_edx_ebx_ecx, 0))
		hypercall_old_order(g);
	else
		hypercall(g, false);
}
