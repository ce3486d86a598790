// SPDX-License-Identifier: GPL-2.0-only
/*
 * Descriptor tables.  The CPU uses the copies in the guest's read-only
 * switcher page; the guest only ever asks, through hypercalls, and we
 * store what is safe:
 *  - GDT: entries 10 and 11 (our ring-0 code and data), 16 (the TSS) and
 *    31 are ours and guest writes to them are ignored; any other entry
 *    with DPL 0 gets DPL 1, every entry is marked accessed (the CPU could
 *    not set the bit itself: the page is read-only), and system
 *    descriptors (gates, TSSes, LDTs) are refused outright, which is
 *    stricter than the original lguest.
 *  - IDT: only interrupt and trap gates; the selector is forced to the
 *    guest's kernel code segment.  The real gate is either the guest's own
 *    (a direct trap: a trap gate for an exception we never need to see, or
 *    the system-call vector) or a stub into the switcher.
 * The rules themselves are in hv/desc_rules.c; here they are applied to a
 * guest, which is killed when one refuses.
 */
#include "hv/descriptors.h"
#include "mm/guest_mem.h"
#include "lib/string.h"

/* Our entries in the guest's real GDT. */
static void write_host_entries(struct guest *g)
{
	struct desc *gdt = g->ro->gdt;

	gdt[GDT_ENTRY_LGUEST_CS] = desc_make(0, 0xFFFFF, 0x9B, 0xC);	/* ring 0 code, accessed */
	gdt[GDT_ENTRY_LGUEST_DS] = desc_make(0, 0xFFFFF, 0x93, 0xC);	/* ring 0 data, accessed */
	gdt[GDT_ENTRY_TSS] = desc_make(switcher_slot(g->cpu) + SW_RO_OFFSET + RO_TSS, sizeof(struct tss) - 1, 0x89, 0);
	gdt[GDT_ENTRY_DOUBLEFAULT_TSS] = (struct desc){ 0, 0 };
}

/* The guest moved to another CPU: its TSS is in that CPU's slot now. */
void desc_cpu_moved(struct guest *g)
{
	write_host_entries(g);
}

bool desc_direct_vector(const struct guest *g, uint32_t v)
{
	if (v == 0x80)
		return true;	/* the system-call vector (checked at INIT) */
	if (v >= 32 || v == 7 || v == 13 || v == 14 || v == 2 || v == 8 || v == 15)
		return false;
	if (v == 6 && g->gen->vmcall_is_hypercall)
		return false;	/* we must see #UD to catch vmcall */
	return true;
}

/* The real gate for a vector, from the guest's gate (if any). */
static struct desc real_gate(const struct guest *g, uint32_t v)
{
	struct desc guest = g->idt[v];
	uint32_t dpl = v == LGUEST_TRAP_ENTRY ? 1 : 0;
	uint32_t stub = switcher_stub((int)v);

	if (gate_present(guest) && desc_direct_vector(g, v)) {
		if (gate_type(guest) == TYPE_TRAP_GATE)
			return guest;	/* straight into the guest */
		/* From 4.7 Linux makes int $0x80 an interrupt gate, so that its
		 * entry code starts with interrupts off; a real interrupt gate
		 * would clear the real IF in the guest, which we never allow,
		 * so the original host sent every such system call through
		 * itself (six times native).  We make it a trap gate: the
		 * guest's entry then starts with its virtual interrupts still
		 * on, as every kernel before 4.7 did, for the few instructions
		 * until it enables them itself.  Isolation is untouched: the
		 * real IF stays on. */
		if (v == 0x80)
			return gate_with_type(guest, TYPE_TRAP_GATE);
		dpl = gate_dpl(guest);	/* through us, but as reachable */
	}
	return (struct desc){
		(stub & 0xFFFF) | ((uint32_t)SEL_HV_CS << 16),
		(stub & 0xFFFF0000) | DESC_P | (dpl << 13) | ((uint32_t)TYPE_INT_GATE << 8),
	};
}

void desc_init_guest(struct guest *g)
{
	memset(g->gdt, 0, sizeof(g->gdt));
	memset(g->idt, 0, sizeof(g->idt));
	g->gdt[GDT_ENTRY_KERNEL_CS] = desc_make(0, 0xFFFFF, 0xBB, 0xC);	/* DPL 1 code */
	g->gdt[GDT_ENTRY_KERNEL_DS] = desc_make(0, 0xFFFFF, 0xB3, 0xC);	/* DPL 1 data */
	memcpy(g->ro->gdt, g->gdt, sizeof(g->gdt));
	write_host_entries(g);
	for (uint32_t v = 0; v < 256; v++)
		g->ro->idt[v] = real_gate(g, v);
}

static void set_gdt_entry(struct guest *g, uint32_t i, struct desc d)
{
	switch (gdt_entry_rule(i, &d)) {
	case DESC_BAD_INDEX:
		guest_kill(g, "LOAD_GDT_ENTRY with index %u (at most %u)", i, GDT_ENTRIES - 1);
		return;
	case DESC_BAD_TYPE:
		guest_kill(g, "GDT entry %u is a system descriptor (%08x %08x)", i, d.hi, d.lo);
		return;
	case DESC_IGNORE:
		return;
	case DESC_STORE:
		break;
	}
	if (g->gdt[i].lo == d.lo && g->gdt[i].hi == d.hi)
		return;	/* LOAD_TLS on every context switch often changes nothing */
	g->gdt[i] = d;
	g->ro->gdt[i] = d;
	g->gdt_changed = true;
}

void desc_load_gdt_entry(struct guest *g, uint32_t index, uint32_t lo, uint32_t hi)
{
	set_gdt_entry(g, index, (struct desc){ lo, hi });
}

void desc_load_gdt(struct guest *g, uint32_t gpa, uint32_t entries)
{
	/* Linux always sends its whole table (GDT_ENTRIES, 32); entries past
	 * those sent keep what they had, as the original host's did. */
	if (entries > GDT_ENTRIES) {
		guest_kill(g, "LOAD_GDT with %u entries (at most %u)", entries, GDT_ENTRIES);
		return;
	}
	const volatile struct desc *table = gpa_ptr(g, gpa, entries * sizeof(struct desc));
	if (!table) {
		guest_kill(g, "LOAD_GDT from %#x outside its memory", gpa);
		return;
	}
	for (uint32_t i = 0; i < entries && guest_alive(g); i++)
		set_gdt_entry(g, i, (struct desc){ table[i].lo, table[i].hi });
}

void desc_load_tls(struct guest *g, uint32_t gpa)
{
	const volatile struct desc *tls = gpa_ptr(g, gpa, GDT_ENTRY_TLS_ENTRIES * sizeof(struct desc));

	if (!tls) {
		guest_kill(g, "LOAD_TLS from %#x outside its memory", gpa);
		return;
	}
	/* Every context switch loads the next task's three entries, and
	 * most are what is there already (threads of one process, processes
	 * without TLS).  The rule leaves what it stored as it is, so an entry
	 * equal to the stored one needs nothing, not even a look. */
	for (uint32_t i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++) {
		struct desc d = { tls[i].lo, tls[i].hi };
		const struct desc *now = &g->gdt[GDT_ENTRY_TLS_MIN + i];
		if (d.lo == now->lo && d.hi == now->hi)
			continue;
		set_gdt_entry(g, GDT_ENTRY_TLS_MIN + i, d);
		if (!guest_alive(g))
			return;
	}
}

void desc_load_idt_entry(struct guest *g, uint32_t v, uint32_t lo, uint32_t hi)
{
	struct desc d = { lo, hi };

	switch (idt_gate_rule(v, &d)) {
	case DESC_BAD_INDEX:
		guest_kill(g, "LOAD_IDT_ENTRY for vector %u", v);
		return;
	case DESC_BAD_TYPE:
		guest_kill(g, "LOAD_IDT_ENTRY %u: type %#x is not an interrupt or trap gate",
			   v, gate_type(d));
		return;
	case DESC_IGNORE:
		return;
	case DESC_STORE:
		break;
	}
	g->idt[v] = d;
	g->ro->idt[v] = real_gate(g, v);
}

/* The switcher's iret faults, at ring 0, on an eip past the code
 * segment's limit (a hypercall in a segment's last bytes returns there;
 * QEMU does not check, real CPUs do). */
static __attribute__((noinline)) bool eip_past_limit(struct guest *g)
{
	guest_kill(g, "cannot return to eip %#x: past the limit %#x of its code segment %#x",
		   g->regs->eip, g->cs_limit, g->regs->cs);
	return false;
}

/* A selector or the GDT changed since the last entry: check them all. */
static __attribute__((noinline)) bool recheck_selectors(struct guest *g)
{
	struct guest_regs *r = g->regs;

	/* A CPU pushing a selector as a dword may leave junk above bit 15. */
	r->cs &= 0xFFFF;
	r->ss &= 0xFFFF;
	r->ds &= 0xFFFF;
	r->es &= 0xFFFF;
	r->fs &= 0xFFFF;
	r->gs &= 0xFFFF;
	if (!stack_code_ok(g->ro->gdt, r->cs, r->ss)) {
		guest_kill(g, "cannot return to cs %#x ss %#x: not valid in its GDT", r->cs, r->ss);
		return false;
	}
	/* SET_STACK's segment, which the CPU loads on every trap from ring 3,
	 * must still be ring-1 data. */
	if (g->stack_pages && !ring1_stack_ok(g->ro->gdt, g->ss1)) {
		guest_kill(g, "its SET_STACK stack segment %#x is no longer ring-1 writable data",
			   g->ss1);
		return false;
	}
	g->cs_limit = desc_limit(g->ro->gdt[r->cs >> 3]);
	if (r->eip > g->cs_limit)
		return eip_past_limit(g);
	/* Bad data selectors are zeroed, as a CPU's iret would for outer rings. */
	if (!data_selector_ok(g->ro->gdt, r->ds)) r->ds = 0;
	if (!data_selector_ok(g->ro->gdt, r->es)) r->es = 0;
	if (!data_selector_ok(g->ro->gdt, r->fs)) r->fs = 0;
	if (!data_selector_ok(g->ro->gdt, r->gs)) r->gs = 0;
	g->checked_sel[0] = r->cs;
	g->checked_sel[1] = r->ss;
	g->checked_sel[2] = r->ds;
	g->checked_sel[3] = r->es;
	g->checked_sel[4] = r->fs;
	g->checked_sel[5] = r->gs;
	g->gdt_changed = false;
	return true;
}

bool desc_prepare_entry(struct guest *g)
{
	const struct guest_regs *r = g->regs;
	const uint32_t *c = g->checked_sel;

	g->ro->gdt[GDT_ENTRY_TSS].hi &= ~0x200u;	/* not busy */
	/*
	 * The common case: the GDT has not changed and cs and ss are what we
	 * last checked; then everything we pop is still valid.  ds, es, fs
	 * and gs need no look: the switcher saved them from the live
	 * registers, which the CPU only loads after checking them against
	 * this same GDT, and nothing of ours writes them but the loader and
	 * recheck_selectors() (the guest's writes to its register page are
	 * overwritten by the next trap).  cs and ss are checked because trap
	 * delivery sets them.  Only the low 16 bits count (iret and pop read
	 * no more): a CPU pushing a selector as a dword may leave junk above.
	 */
	if (__builtin_expect((((r->cs ^ c[0]) | (r->ss ^ c[1])) & 0xFFFF) || g->gdt_changed, 0))
		return recheck_selectors(g);
	if (__builtin_expect(r->eip > g->cs_limit, 0))
		return eip_past_limit(g);
	return true;
}
