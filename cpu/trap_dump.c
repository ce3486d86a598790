// SPDX-License-Identifier: GPL-2.0-only
/*
 * Register dumps for faults in the hypervisor itself.  These are our own
 * bugs, so we print everything a person needs to find them: the vector and
 * error code, where it happened, the control and general registers, the
 * top of the stack and the chain of return addresses.
 */
#include "cpu/cpu.h"
#include "cpu/trap.h"
#include "cpu/segments.h"
#include "cpu/x86.h"
#include "mm/paging.h"
#include "lib/log.h"

static const char *const names[NR_EXCEPTIONS] = {
	"divide error (#DE)", "debug (#DB)", "NMI", "breakpoint (#BP)",
	"overflow (#OF)", "bound range (#BR)", "invalid opcode (#UD)",
	"device not available (#NM)", "double fault (#DF)",
	"coprocessor segment overrun", "invalid TSS (#TS)",
	"segment not present (#NP)", "stack fault (#SS)",
	"general protection (#GP)", "page fault (#PF)", "reserved 15",
	"x87 floating point (#MF)", "alignment check (#AC)",
	"machine check (#MC)", "SIMD floating point (#XM)",
	"virtualization (#VE)", "control protection (#CP)",
};

const char *exception_name(uint32_t vector)
{
	if (vector < NR_EXCEPTIONS && names[vector])
		return names[vector];
	return vector < NR_EXCEPTIONS ? "reserved exception" : "interrupt";
}

uint32_t trap_frame_esp(const struct trap_frame *f)
{
	/* A trap within ring 0 pushes no esp/ss: the old stack pointer is
	 * just above eflags. */
	if ((f->cs & 3) == 0)
		return (uint32_t)&f->user_esp;
	return f->user_esp;
}

static void dump_stack(uint32_t esp, uint32_t ebp)
{
	kprintf("stack at %08x:\n", esp);
	for (int row = 0; row < 4; row++) {
		uint32_t a = esp + row * 16;
		if (!paging_is_mapped(a, 16)) {
			kprintf("  %08x: (not mapped)\n", a);
			break;
		}
		const uint32_t *w = (const uint32_t *)a;
		kprintf("  %08x: %08x %08x %08x %08x\n", a, w[0], w[1], w[2], w[3]);
	}
	kprintf("call trace:");
	for (int depth = 0; depth < 12 && ebp && paging_is_mapped(ebp, 8); depth++) {
		const uint32_t *frame = (const uint32_t *)ebp;
		kprintf(" %08x", frame[1]);
		if (frame[0] <= ebp)	/* frames go up the stack; stop if not */
			break;
		ebp = frame[0];
	}
	kprintf("\n");
}

void trap_dump(const struct trap_frame *f)
{
	uint32_t esp = trap_frame_esp(f);

	kprintf("*** %s: vector %u, error code %08x\n",
		exception_name(f->vector), f->vector, f->error);
	kprintf("eip %08x  cs %04x  eflags %08x  esp %08x  ss %04x\n", f->eip,
		f->cs & 0xFFFF, f->eflags, esp, (f->cs & 3) ? f->user_ss & 0xFFFF : SEL_HV_DS);
	kprintf("cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x\n",
		read_cr0(), read_cr2(), read_cr3(), cpu_read_cr4());
	kprintf("eax %08x  ebx %08x  ecx %08x  edx %08x\n", f->eax, f->ebx, f->ecx, f->edx);
	kprintf("esi %08x  edi %08x  ebp %08x\n", f->esi, f->edi, f->ebp);
	kprintf("ds %04x  es %04x  fs %04x  gs %04x\n",
		f->ds & 0xFFFF, f->es & 0xFFFF, f->fs & 0xFFFF, f->gs & 0xFFFF);
	dump_stack(esp, f->ebp);
}

/* On its own task: the CPU saved the state it was in when the double fault
 * struck into the main TSS, so that is what we dump. */
void double_fault_report(void)
{
	const struct tss *t = cpu_main_tss();

	kprintf("\n*** hypervisor fault: double fault (#DF), vector 8 "
		"(most likely the hypervisor stack overflowed)\n");
	kprintf("eip %08x  cs %04x  eflags %08x  esp %08x  ss %04x\n",
		t->eip, t->cs, t->eflags, t->esp, t->ss);
	kprintf("cr0 %08x  cr2 %08x  cr3 %08x  cr4 %08x\n",
		read_cr0(), read_cr2(), read_cr3(), cpu_read_cr4());
	kprintf("eax %08x  ebx %08x  ecx %08x  edx %08x\n", t->eax, t->ebx, t->ecx, t->edx);
	kprintf("esi %08x  edi %08x  ebp %08x\n", t->esi, t->edi, t->ebp);
	kprintf("ds %04x  es %04x  fs %04x  gs %04x\n", t->ds, t->es, t->fs, t->gs);
	dump_stack(t->esp, t->ebp);
	trap_fatal_stop();
}
