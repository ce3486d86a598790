/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guests' library: everything a tiny lguest guest needs to look,
 * to the hypervisor, exactly like a Linux kernel of one ABI generation.
 *
 * One source tree is compiled ten times, with LG_GEN = 1 to 10:
 *   G1 (2.6.24)         `int $0x1f` with a1/a2/a3 in edx/ebx/ecx; ring
 *                       records {call, a2, a3, a1}; the whole GDT at once
 *                       (LOAD_GDT); CRASH instead of SHUTDOWN, no restart;
 *                       the host's boot tables are identity only and we
 *                       copy their first 32 PDEs to PAGE_OFFSET ourselves;
 *                       the TLV device page (lib/lgbus_tlv.c)
 *   G2 (2.6.25-2.6.28)  as G1, with SHUTDOWN and the 2.6.25+ device page
 *   G3 (2.6.29)         as G2, but the host maps PAGE_OFFSET at boot
 *   G4 (2.6.30)         `vmcall` with the KVM order (ebx/ecx/edx), records
 *                       {call, a1, a2, a3}, LOAD_GDT_ENTRY; old lguest_data
 *   G1-G4 have no irq_pending and no SEND_INTERRUPTS: an interrupt held
 *   while the virtual IF was off comes at our next exit of any kind.
 *   G5 (2.6.31-2.6.33)  every hypercall is `vmcall` (0F 01 C1); the host
 *                       builds the boot page tables and reports them in
 *                       lguest_data.pgdir
 *   G6 (2.6.34-3.0)     `int $0x1f`, except SEND_INTERRUPTS, which still
 *                       uses vmcall; host-built tables and pgdir as G5
 *   G7 (3.1-3.19)       `int $0x1f` only; no pgdir: the guest runs 1:1
 *                       ("linear") until its own first NEW_PGTABLE
 *   G8 (4.0)            boots like G7; no LHCALL_NOTIFY: the console is a
 *                       virtio 1.0 PCI device (early output through the
 *                       PCI config window, emerg_wr)
 *   G9 (4.1-4.9)        as G8, but lguest_data has one noirq_iret instead
 *                       of the noirq_start/noirq_end window, and
 *                       irq_enable really sends SEND_INTERRUPTS
 *   G10 (4.10-4.13)     as G9 without LHCALL_TS (no virtual CR0.TS)
 * Everything else (registers, most of lguest_data, boot path) is shared.
 * The facts come from shared/LGUEST-ABI.md; the numbers from
 * guest-abi/lguest.h, which this header includes.
 */
#ifndef LGTEST_GUEST_H
#define LGTEST_GUEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "guest-abi/lguest.h"

#ifndef LG_GEN
#error "compile with -DLG_GEN=1 ... 10"
#endif
#if LG_GEN < 1 || LG_GEN > 10
#error "LG_GEN must be 1 to 10"
#endif

/* What the generation has, for the code that differs. */
#define LG_HAS_NOTIFY (LG_GEN < 8)	/* LHCALL_NOTIFY: 2.6.24-3.19 */
#define LG_HAS_TS (LG_GEN < 10)		/* LHCALL_TS: up to 4.9 */
#define LG_PCI (LG_GEN >= 8)		/* virtio 1.0 over PCI, 4.0+ */
#define LG_NOIRQ_IRET (LG_GEN >= 9)	/* one noirq_iret, 4.1+ */
#define LG_HAS_PGDIR (LG_GEN < 7)	/* lguest_data.pgdir: 2.6.24-3.0 */
#define LG_HCALL_EDX_FIRST (LG_GEN < 4)	/* a1/a2/a3 in edx/ebx/ecx: up to 2.6.29 */
#define LG_RING_RECORD_16 (LG_GEN < 5)	/* three-argument records: up to 2.6.30 */
#define LG_LOAD_WHOLE_GDT (LG_GEN < 4)	/* LOAD_GDT, no LOAD_GDT_ENTRY: up to 2.6.29 */
#define LG_COPIES_BOOT_PDES (LG_GEN < 3)	/* lguest_entry aliases RAM: up to 2.6.28 */
#define LG_TLV_DEVICES (LG_GEN == 1)	/* the 2.6.24 device page */
#define LG_HAS_IRQ_PENDING (LG_GEN >= 5)	/* irq_pending, SEND_INTERRUPTS: 2.6.31+ */
#define LG_HAS_RESTART (LG_GEN >= 2)	/* SHUTDOWN(msg, RESTART): 2.6.25+ */
#define LG_VMCALL (LG_GEN == 4 || LG_GEN == 5)	/* every hypercall: 2.6.30-2.6.33 */

/* ---- addresses ---------------------------------------------------------
 * Linked at PAGE_OFFSET + physical, like a vmlinux with the 3G/1G split. */
#define PAGE_OFFSET 0xC0000000u
#define PAGE_SIZE 4096u
#define __pa(v) ((uint32_t)(uintptr_t)(v) - PAGE_OFFSET)
#define __va(p) ((void *)(uintptr_t)((uint32_t)(p) + PAGE_OFFSET))

/* Page-table entry bits (non-PAE i386). */
#define PTE_P 0x001u
#define PTE_W 0x002u
#define PTE_U 0x004u
#define PTE_PSE 0x080u	/* PSE in a PDE, PAT in a PTE: both fatal to lguest */
#define PTE_A 0x020u
#define PTE_D 0x040u
#define PTE_KERNEL (PTE_P | PTE_W | PTE_A | PTE_D)		/* 0x63 */
#define PTE_USER (PTE_P | PTE_W | PTE_U | PTE_A | PTE_D)	/* 0x67 */
#define PDE_KERNEL PTE_KERNEL
#define PDE_USER PTE_USER

/* Virtual addresses the tests play with: far above the PAGE_OFFSET alias
 * of any RAM size the tests use (mem <= 768 MiB), below the switcher. */
#define TEST_VA 0xF0000000u
#define USER_VA 0x08048000u	/* where a.out/ELF programs traditionally start */

/* Selectors of the Linux i386 GDT, with the RPL the guest uses. */
#define KERNEL_CS 0x61	/* entry 12, RPL 1 */
#define KERNEL_DS 0x69	/* entry 13, RPL 1 */
#define USER_CS 0x73	/* entry 14, RPL 3 */
#define USER_DS 0x7B	/* entry 15, RPL 3 */
#define KERNEL_PERCPU 0xD8	/* entry 27 */
#define GDT_ENTRY_USER_CS 14
#define GDT_ENTRY_USER_DS 15
#define GDT_ENTRY_ESPFIX_SS 26
#define GDT_ENTRY_PERCPU 27
#define GDT_ENTRY_STACK_CANARY 28
#define GDT_ENTRIES_ALL 32

#define EFLAGS_IF 0x200u
#define SYSCALL_VECTOR 0x80
#define IRQ_VECTOR(n) (0x20 + (n))
#define NR_GUEST_IRQS 32

/* ---- struct lguest_data ------------------------------------------------
 * Shared with the host; the layout of 2.6.24-2.6.30 (G1-G4), 2.6.31-3.0
 * (G5, G6), 3.1-4.0 (G7, G8) or 4.1-4.13 (G9, G10), offsets asserted in
 * lguest_data.c against LGUEST-ABI.md §2. */
#if !LG_RING_RECORD_16
struct hcall_args {
	uint32_t nr, arg1, arg2, arg3, arg4;	/* 20 bytes from 2.6.31 */
};
#elif LG_HCALL_EDX_FIRST
struct hcall_args {	/* 2.6.24-2.6.29: the order of eax, ebx, ecx, edx */
	uint32_t nr, arg2, arg3, arg1;
};
#else
struct hcall_args {	/* 2.6.30 */
	uint32_t nr, arg1, arg2, arg3;
};
#endif

struct lguest_data {
	uint32_t irq_enabled;		/* virtual eflags.IF: 0x200 or 0 */
	uint32_t blocked_interrupts;	/* bit n: IRQ n masked */
	uint32_t cr2;			/* host writes before reflecting #PF */
	uint32_t time_sec, time_nsec;	/* host writes: wall clock */
#if LG_HAS_IRQ_PENDING
	int32_t irq_pending;		/* host: an IRQ waits for irq_enabled */
#endif
	uint8_t hcall_status[LHCALL_RING_SIZE];	/* 0xFF free, 0 queued */
	struct hcall_args hcalls[LHCALL_RING_SIZE];
	uint32_t reserve_mem;		/* host: bytes at the top we must avoid */
	uint32_t tsc_khz;		/* host: 0 if the TSC is not trustworthy */
#if LG_HAS_PGDIR
	uint32_t pgdir;			/* host: gpa of the boot page directory */
#endif
#if LG_NOIRQ_IRET
	uint32_t noirq_iret;		/* the iret of our lguest_iret */
#else
	uint32_t noirq_start, noirq_end;	/* our lguest_iret window */
#endif
	uint32_t kernel_address;	/* PAGE_OFFSET */
	uint32_t syscall_vec;		/* 0x80 */
};

extern volatile struct lguest_data lguest_data;

/* ---- hypercalls ---------------------------------------------------------
 * eax = call; the arguments in edx/ebx/ecx up to 2.6.29 (G1-G3), in
 * ebx/ecx/edx/esi (the KVM order) from 2.6.30, esi only from 2.6.31; no
 * return value, no register changes. */
#define HCALL_VMCALL ".byte 0x0f, 0x01, 0xc1"	/* vmcall */
#define HCALL_INT "int $0x1f"
#if LG_VMCALL
#define HCALL_INSN HCALL_VMCALL
#else
#define HCALL_INSN HCALL_INT
#endif
#if LG_GEN <= 6
#define HCALL_SEND_INTERRUPTS_INSN HCALL_VMCALL	/* fixed in 3.1 */
#else
#define HCALL_SEND_INTERRUPTS_INSN HCALL_INT
#endif

static inline void hcall(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4)
{
#if LG_HCALL_EDX_FIRST
	(void)a4;
	asm volatile(HCALL_INSN : : "a"(nr), "d"(a1), "b"(a2), "c"(a3) : "memory");
#elif LG_RING_RECORD_16
	(void)a4;
	asm volatile(HCALL_INSN : : "a"(nr), "b"(a1), "c"(a2), "d"(a3) : "memory");
#else
	asm volatile(HCALL_INSN : : "a"(nr), "b"(a1), "c"(a2), "d"(a3), "S"(a4) : "memory");
#endif
}

#if LG_HAS_IRQ_PENDING
static inline void hcall_send_interrupts(void)
{
	asm volatile(HCALL_SEND_INTERRUPTS_INSN : : "a"(LHCALL_SEND_INTERRUPTS), "b"(0), "c"(0),
		     "d"(0), "S"(0) : "memory");
}
#endif

/* The asynchronous ring (lib/async.c): queued, run by the host before the
 * next synchronous call.  async_full_fallbacks counts the calls that found
 * the ring full and went synchronously instead. */
void async_hcall(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4);
extern unsigned async_full_fallbacks;
extern unsigned async_next_slot;

static inline void flush_async(void) { hcall(LHCALL_FLUSH_ASYNC, 0, 0, 0, 0); }
static inline void set_clockevent(uint32_t ns) { hcall(LHCALL_SET_CLOCKEVENT, ns, 0, 0, 0); }
static inline void lg_halt(void) { hcall(LHCALL_HALT, 0, 0, 0, 0); }
#if LG_HAS_TS	/* 4.10+ has no virtual CR0.TS: write_cr0 and clts do nothing */
static inline void set_ts(bool on) { hcall(LHCALL_TS, on ? 8 : 0, 0, 0, 0); }
#endif
static inline void flush_tlb(bool kernel_too) { hcall(LHCALL_FLUSH_TLB, kernel_too, 0, 0, 0); }
static inline void load_tls(const void *descs) { hcall(LHCALL_LOAD_TLS, __pa(descs), 0, 0, 0); }
__attribute__((noreturn)) void lg_shutdown(const char *message, uint32_t reason);
/* How a test ends, verdict or failure: POWEROFF, or RESTART for the
 * fuzzing guest, which must come back whatever happened to it. */
extern uint32_t lgtest_end_reason;

/* ---- barriers, interrupt flag -------------------------------------------
 * The virtual IF is lguest_data.irq_enabled; cli/sti would fault at CPL 1. */
#define barrier() asm volatile("" : : : "memory")

static inline uint32_t irq_save(void)
{
	uint32_t flags = lguest_data.irq_enabled;

	lguest_data.irq_enabled = 0;
	barrier();
	return flags;
}

/* Like Linux's restore_fl: store, then (2.6.31+) if the host left an
 * interrupt waiting for us (irq_pending), ask for it now.  Up to 2.6.30
 * the store is all: the interrupt comes at our next exit. */
static inline void irq_restore(uint32_t flags)
{
	barrier();
	lguest_data.irq_enabled = flags;
	barrier();
#if LG_HAS_IRQ_PENDING
	if (flags & (uint32_t)lguest_data.irq_pending)
		hcall_send_interrupts();
#endif
}

/* Like Linux's irq_enable up to 4.0: just the store (its test of
 * irq_pending was `testl $0`, never true); a waiting interrupt arrives at
 * the next exit to the host.  From 4.1 (cmpl $0) it asks for it at once,
 * like restore_fl. */
static inline void irq_enable(void)
{
	barrier();
	lguest_data.irq_enabled = EFLAGS_IF;
	barrier();
#if LG_GEN >= 9
	if (lguest_data.irq_pending)
		hcall_send_interrupts();
#endif
}
static inline void irq_disable(void) { lguest_data.irq_enabled = 0; barrier(); }
static inline void irq_enable_now(void) { irq_restore(EFLAGS_IF); }

static inline void irq_block(int irq) { lguest_data.blocked_interrupts |= 1u << irq; barrier(); }
static inline void irq_unblock(int irq) { barrier(); lguest_data.blocked_interrupts &= ~(1u << irq); }

/* The TSC; on a host CPU without one (tsc_khz 0, a 486) the host's clock
 * in lguest_data.time instead, in nanoseconds, which moves only when the
 * host delivers an interrupt. */
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	if (!lguest_data.tsc_khz)
		return (uint64_t)lguest_data.time_sec * 1000000000ull + lguest_data.time_nsec;
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

/* Nanoseconds between two rdtsc() readings, from the host's tsc_khz (or
 * already nanoseconds when there is no TSC). */
uint64_t tsc_to_ns(uint64_t ticks);
/* Without a TSC, times spin_ns()'s loop against the clock event once, at
 * boot (a few ticks); with one, does nothing. */
void time_init(void);
/* Busy-waits (with no hypercall) for about ns nanoseconds. */
void spin_ns(uint64_t ns);
/* Arms the clock event and sleeps until IRQ 0 (or another interrupt). */
void sleep_ns(uint32_t ns);

/* ---- console ------------------------------------------------------------
 * Early output: NOTIFY(string) up to G7, the virtio-PCI console's emerg_wr
 * through the PCI config window from G8 (lib/early_pci.c). */
void console_write(const char *s, size_t len);
#if LG_PCI
void early_pci_write(const char *s, size_t len);
#endif
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "lgtest: <test>: <text>\n" */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- traps and interrupts ----------------------------------------------
 * The frame our stubs build: general registers (pushal), data segments,
 * vector and error code, then what the CPU or the host pushed. */
struct trap_frame {
	uint32_t edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
	uint32_t gs, fs, es, ds;
	uint32_t vector, error;
	uint32_t eip, cs, eflags;
	uint32_t user_esp, user_ss;	/* only when it came from ring 3 */
};

/* A test can take an exception: return true if it handled it (the
 * faulting instruction is then retried, or skipped if eip was moved). */
typedef bool (*trap_hook_fn)(struct trap_frame *f);
/* volatile: a test sets a hook just before the access that faults, and
 * that store must not be moved after it (a volatile access orders only
 * against other volatile ones). */
extern trap_hook_fn volatile trap_hooks[32];
typedef void (*irq_handler_fn)(struct trap_frame *f);
extern irq_handler_fn volatile irq_handlers[NR_GUEST_IRQS];
typedef void (*syscall_fn)(struct trap_frame *f);
extern syscall_fn syscall_handler;

/* IRQ 0 bookkeeping, kept by the default timer handler. */
extern volatile unsigned timer_ticks;
extern volatile uint64_t last_tick_tsc;
extern volatile uint32_t last_tick_irq_enabled;	/* irq_enabled inside the handler */

void trap_dispatch(struct trap_frame *f);

/* A clock event is due, and the host must notice before it can hold or
 * deliver the tick; a busy host (an emulator's timer thread descheduled)
 * can be late with that however long we spun.  So these give it exits
 * (FLUSH_ASYNC, 1 ms apart, for up to 2 s of our time) until it has: */
/* ... until timer_ticks moves off before (interrupts on: the tick is
 * delivered at an exit); */
void exits_until_tick(unsigned before);
/* ... until lguest_data.irq_pending says it holds one (interrupts off;
 * generations that have irq_pending). */
void exits_until_irq_pending(void);

/* ---- the switcher, as a guest sees it (switcher/layout.h) ------------------ */
/* Its code at SW_BASE_VA, then one slot per CPU: the register page, then
 * the read-only page, whose GDT (SW_RO_GDT into it) is the one the CPU we
 * run on uses now, so sgdt says where our slot is. */
#define SW_BASE_VA 0xFFC00000u
#define SW_RO_GDT 256u

static inline uint32_t sw_ro_page(void)
{
	struct __attribute__((packed)) { uint16_t limit; uint32_t base; } gdtr;

	asm volatile("sgdt %0" : "=m"(gdtr));
	return gdtr.base - SW_RO_GDT;
}

static inline uint32_t sw_regs_page(void)
{
	return sw_ro_page() - PAGE_SIZE;
}

/* ---- descriptors ----------------------------------------------------------- */
struct desc {
	uint32_t lo, hi;
};
struct desc make_segment(uint32_t base, uint32_t limit, uint8_t access, uint8_t flags);
void gdt_init(void);
void idt_init(void);
void idt_set_gate(unsigned vector, void (*handler)(void), unsigned type, unsigned dpl);
void load_idt_entry_raw(uint32_t vector, uint32_t lo, uint32_t hi);
void load_gdt_entry(unsigned index, struct desc d);
extern struct desc guest_gdt[GDT_ENTRIES_ALL];
extern uint32_t percpu_area[4];

/* ---- memory -------------------------------------------------------------
 * cur_pgd is the gpa of the page directory the host runs us on: the
 * host's boot directory (G5/G6, from lguest_data.pgdir) or our own
 * initial_page_table (G7), until a test switches with set_pgtable(). */
extern uint32_t cur_pgd;
extern uint32_t ram_bytes;		/* e820_map[0].size */
/* Above RAM the host keeps the lguest device page and the rings (its
 * GUEST_DEVICE_PAGES, room for the console, disks and network cards): where the
 * memory of a G5-G7 guest ends, for the tests that aim just past it. */
#define LG_DEVICE_PAGES 64u
void *page_alloc(void);			/* a zeroed 4 KiB page of our own */
uint32_t *pte_ptr(uint32_t pgd, uint32_t va, uint32_t pde_flags);	/* creates the table */
uint32_t *pte_lookup(uint32_t pgd, uint32_t va);	/* NULL if no table */
void map_page(uint32_t va, uint32_t pa, uint32_t flags);	/* in cur_pgd, SET_PTE */
void unmap_page(uint32_t va);
void async_map_page(uint32_t va, uint32_t pa, uint32_t flags);
void set_pgtable(uint32_t pgd_pa);	/* NEW_PGTABLE */
uint32_t read_cr2(void);
uint32_t trap_stack_top(void);		/* what we gave SET_STACK */

/* ---- boot information ---------------------------------------------------- */
#define BOOT_PARAMS_SIZE 4096
extern uint8_t boot_params[BOOT_PARAMS_SIZE];
extern char boot_command_line[GUEST_CMDLINE_MAX];
extern const char linux_banner[];
extern const char *current_test;
extern const char *current_test_arg;	/* "lgtest=NAME:ARG": ARG, else NULL */
const char *cmdline_value(const char *key, char *buf, size_t size);

/* ---- small string helpers (lib/string.c of the hypervisor, and strstr) --- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
const char *strstr(const char *h, const char *n);
char *strchr(const char *s, int c);

/* ---- tests --------------------------------------------------------------
 * A test returns NULL for PASS, or why it failed (fail() formats one). */
const char *fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define CHECK(cond, ...) do { if (!(cond)) return fail(__VA_ARGS__); } while (0)

struct lgtest {
	const char *name;
	const char *(*run)(void);
};
extern const struct lgtest lgtests[];

/* Entry/exit helpers in head.S. */
extern char lguest_iret[];
#if LG_NOIRQ_IRET
extern char lguest_noirq_iret[];
#else
extern char lguest_noirq_start[], lguest_noirq_end[];
#endif
extern char __bss_start[], __bss_stop[], _text[], _end[];
uint32_t enter_user(uint32_t eip, uint32_t esp);	/* returns exit_user()'s code */
__attribute__((noreturn)) void exit_user(uint32_t code);
extern const uint8_t user_prog_start[], user_prog_end[], user_prog_vmcall[];

#endif
