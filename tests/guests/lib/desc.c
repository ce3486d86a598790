// SPDX-License-Identifier: GPL-2.0-only
/*
 * Segment and interrupt descriptors, set up the way Linux's lguest guest
 * does: it cannot lgdt or lidt at ring 1, so it hands the host one entry
 * at a time, LOAD_GDT_ENTRY(index, low, high) for all 32 GDT entries (as
 * load_gdt's loop does since 2.6.30) and LOAD_IDT_ENTRY(vector, low, high)
 * for every gate.  Up to 2.6.29 (G1-G3) there is no LOAD_GDT_ENTRY: every
 * GDT change, one entry or all, is LOAD_GDT(pa(gdt), 32), the whole table
 * again (Linux always passes GDT_ENTRIES, whatever changed).
 *
 * Our GDT is Linux's i386 layout: TLS 6-8 empty, kernel code/data 12/13
 * and user code/data 14/15 flat, espfix 26, per-CPU 27 (fs) and stack
 * canary 28.  Like Linux we write the kernel segments with DPL 0; the host
 * raises DPL 0 to 1 (the guest kernel runs in ring 1) and keeps entries
 * 10, 11, 16 and 31 for itself, ignoring what we send there.
 */
#include "guest.h"

struct desc guest_gdt[GDT_ENTRIES_ALL];
uint32_t percpu_area[4] = { 0x9e5c9e5c, 1, 2, 3 };	/* read through %fs */
static uint32_t stack_canary_area[8];

/* access: P DPL S type; flags: G D/B (upper nibble of byte 6). */
struct desc make_segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	struct desc d;

	d.lo = (limit & 0xFFFF) | (base & 0xFFFF) << 16;
	d.hi = ((base >> 16) & 0xFF) | (uint32_t)access << 8 | (limit & 0xF0000) |
	       (uint32_t)(flags & 0xF) << 20 | (base & 0xFF000000);
	return d;
}

#if LG_LOAD_WHOLE_GDT
static void load_whole_gdt(void)
{
	hcall(LHCALL_LOAD_GDT, __pa(guest_gdt), GDT_ENTRIES_ALL, 0, 0);
}
#endif

void load_gdt_entry(unsigned index, struct desc d)
{
	guest_gdt[index] = d;
#if LG_LOAD_WHOLE_GDT
	load_whole_gdt();
#else
	hcall(LHCALL_LOAD_GDT_ENTRY, index, d.lo, d.hi, 0);
#endif
}

void gdt_init(void)
{
	memset(guest_gdt, 0, sizeof(guest_gdt));
	guest_gdt[GDT_ENTRY_KERNEL_CS] = make_segment(0, 0xFFFFF, 0x9A, 0xC);	/* DPL 0 code */
	guest_gdt[GDT_ENTRY_KERNEL_DS] = make_segment(0, 0xFFFFF, 0x92, 0xC);	/* DPL 0 data */
	guest_gdt[GDT_ENTRY_USER_CS] = make_segment(0, 0xFFFFF, 0xFA, 0xC);	/* DPL 3 code */
	guest_gdt[GDT_ENTRY_USER_DS] = make_segment(0, 0xFFFFF, 0xF2, 0xC);	/* DPL 3 data */
	guest_gdt[GDT_ENTRY_ESPFIX_SS] = make_segment(0, 0xFFFFF, 0x92, 0xC);
	guest_gdt[GDT_ENTRY_PERCPU] = make_segment((uint32_t)(uintptr_t)percpu_area,
						   sizeof(percpu_area) - 1, 0x92, 0x4);
	guest_gdt[GDT_ENTRY_STACK_CANARY] = make_segment((uint32_t)(uintptr_t)stack_canary_area,
							 0x18, 0x92, 0x4);
	/* Like load_gdt: every entry, the empty and the host's ones too. */
#if LG_LOAD_WHOLE_GDT
	load_whole_gdt();
#else
	for (unsigned i = 0; i < GDT_ENTRIES_ALL; i++)
		hcall(LHCALL_LOAD_GDT_ENTRY, i, guest_gdt[i].lo, guest_gdt[i].hi, 0);
#endif
	/* The per-CPU segment, as switch_to_new_gdt loads it. */
	asm volatile("movl %0, %%fs" : : "r"(KERNEL_PERCPU));
}

void load_idt_entry_raw(uint32_t vector, uint32_t lo, uint32_t hi)
{
	hcall(LHCALL_LOAD_IDT_ENTRY, vector, lo, hi, 0);
}

/* type 0xE: interrupt gate (the host clears the virtual IF on entry);
 * 0xF: trap gate (IF untouched; may be delivered directly by the CPU). */
void idt_set_gate(unsigned vector, void (*handler)(void), unsigned type, unsigned dpl)
{
	uint32_t off = (uint32_t)(uintptr_t)handler;

	load_idt_entry_raw(vector, (off & 0xFFFF) | (uint32_t)(GDT_ENTRY_KERNEL_CS << 3) << 16,
			   (off & 0xFFFF0000) | 0x8000 | (dpl & 3) << 13 | (type & 0xF) << 8);
}

#define DECLARE_STUB(n) extern void trap_stub_##n(void);
#define STUBS_0_31(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) \
	X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) \
	X(25) X(26) X(27) X(28) X(29) X(30) X(31)
#define STUBS_32_63(X) X(32) X(33) X(34) X(35) X(36) X(37) X(38) X(39) X(40) X(41) \
	X(42) X(43) X(44) X(45) X(46) X(47) X(48) X(49) X(50) X(51) X(52) X(53) X(54) \
	X(55) X(56) X(57) X(58) X(59) X(60) X(61) X(62) X(63)
STUBS_0_31(DECLARE_STUB)
STUBS_32_63(DECLARE_STUB)
DECLARE_STUB(128)

#define STUB_ADDR(n) trap_stub_##n,
static void (*const exception_stubs[32])(void) = { STUBS_0_31(STUB_ADDR) };
static void (*const irq_stubs[32])(void) = { STUBS_32_63(STUB_ADDR) };

/*
 * Linux's choices: most exceptions are trap gates (so the host may let the
 * CPU deliver them directly); #PF is an interrupt gate so cr2 is read with
 * interrupts off; int3 and into are reachable from user mode (DPL 3);
 * IRQs are interrupt gates; int $0x80 is a DPL-3 trap gate, a direct trap.
 */
void idt_init(void)
{
	for (unsigned v = 0; v < 32; v++) {
		unsigned type = v == 14 || v == 2 ? 0xE : 0xF;
		unsigned dpl = v == 3 || v == 4 ? 3 : 0;
		idt_set_gate(v, exception_stubs[v], type, dpl);
	}
	for (unsigned irq = 0; irq < NR_GUEST_IRQS; irq++)
		idt_set_gate(IRQ_VECTOR(irq), irq_stubs[irq], 0xE, 0);
	idt_set_gate(SYSCALL_VECTOR, trap_stub_128, 0xF, 3);
}
