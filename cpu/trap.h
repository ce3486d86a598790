/* SPDX-License-Identifier: GPL-2.0-only */
/* Traps and interrupts taken while the hypervisor itself runs. */
#ifndef CPU_TRAP_H
#define CPU_TRAP_H

#include <stdint.h>
#include <stdbool.h>

/* What cpu/trap_entry.asm pushes, lowest address first. */
struct trap_frame {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
	uint32_t vector, error;
	uint32_t eip, cs, eflags;
	uint32_t user_esp, user_ss;	/* only when coming from a lower ring */
};

typedef void (*trap_handler_fn)(struct trap_frame *f);

#define NR_VECTORS 256
#define NR_EXCEPTIONS 32

/* Builds and loads the IDT; every vector gets a stub. */
void idt_init(void);
/* Loads the IDT idt_init() built, on another CPU. */
void idt_load(void);
/* Who handles a vector.  Unhandled exceptions dump and stop; unhandled
 * interrupts are counted and ignored. */
void trap_set_handler(int vector, trap_handler_fn fn);
/* Calls enter and leave around every interrupt handler (not exceptions):
 * the hypervisor takes its lock there when the interrupt came while it did
 * not hold it. */
void trap_set_irq_guard(void (*enter)(void), void (*leave)(void));
/* True if someone has taken that vector. */
bool trap_has_handler(int vector);
/* Called by the assembly stubs. */
void trap_dispatch(struct trap_frame *f);

/* The stack pointer at the time of the trap. */
uint32_t trap_frame_esp(const struct trap_frame *f);
/* The register dump of issue #2: vector, error, eip, control registers,
 * general registers, a short stack dump and a call trace. */
void trap_dump(const struct trap_frame *f);
const char *exception_name(uint32_t vector);

/* Called on the double-fault task's own stack. */
void double_fault_report(void);

/* What to do after an unrecoverable hypervisor fault; the default halts. */
void trap_set_fatal_stop(void (*stop)(void));
void trap_fatal_stop(void) __attribute__((noreturn));

#endif
