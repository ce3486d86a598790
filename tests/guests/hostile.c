// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=hostile:NAME -- the hostile-guest suite (issue 6): one guest
 * image that, after a normal boot (LGUEST_INIT, GDT, IDT, SET_STACK done
 * by the library), attacks the hypervisor in the one way NAME picks from
 * the table below.  Each attack is a few lines and has one of these
 * expected outcomes, which tests/integration/test_hostile.py checks while
 * a `spin` guest runs beside us:
 *   killed    the hypervisor kills us ("hv: guest <name> killed: ...");
 *             if we are still alive afterwards we say FAIL
 *   survives  the host ignores the request, emulates it, or reflects a
 *             fault we absorb with a trap hook; we check the fault we got,
 *             check the host still gives us timer ticks, print
 *             "lgtest: hostile: survived NAME" and PASS
 *   poweroff  the attack is itself a SHUTDOWN (with a bad message)
 *   hangs     we never come back (a tight loop with virtual interrupts
 *             off, a HALT nothing will end); the spinner must carry on
 * Every attack first prints "lgtest: hostile: NAME: attacking".  The
 * attacks on PCI (configuration space, BAR 0, MMIO, the virtio 1.0
 * transport) exist in the G8-G10 images only.
 */
#include "guest.h"
#include "vcons.h"
#include "vpci.h"
#include <linux/virtio_ring.h>
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>

/* ---- fault absorption ---------------------------------------------------
 * TRY runs instructions that are expected to fault; the hook counts the
 * fault and resumes at the label after them, with the stack pointer the
 * asm saved (some attacks push before faulting). */
uint32_t hostile_resume, hostile_esp;
static volatile unsigned n_faults;
static volatile uint32_t last_vec, last_err, last_cr2, last_eip;

static bool absorb(struct trap_frame *f)
{
	if (!hostile_resume)
		return false;
	n_faults++;
	last_vec = f->vector;
	last_err = f->error;
	last_eip = f->eip;
	if (f->vector == 14)
		last_cr2 = read_cr2();
	f->eip = hostile_resume;
	hostile_resume = 0;
	return true;
}

#define TRY(body) \
	asm volatile("movl %%esp, hostile_esp\n\tmovl $1f, hostile_resume\n\t" body \
		     "\n1:\n\tmovl hostile_esp, %%esp\n\tmovl $0, hostile_resume" \
		     : : : "eax", "ecx", "edx", "memory", "cc")
#define TRYI(body, ...) \
	asm volatile("movl %%esp, hostile_esp\n\tmovl $1f, hostile_resume\n\t" body \
		     "\n1:\n\tmovl hostile_esp, %%esp\n\tmovl $0, hostile_resume" \
		     : : __VA_ARGS__ : "eax", "ecx", "edx", "memory", "cc")

/* Exactly one fault, of this vector (and error code, unless ~0). */
static const char *expect_fault(const char *what, uint32_t vec, uint32_t err)
{
	CHECK(n_faults == 1, "%s: %u faults, expected one #%u", what, n_faults, vec);
	CHECK(last_vec == vec, "%s: vector %u, expected %u", what, last_vec, vec);
	CHECK(err == ~0u || last_err == err, "%s: error %#x, expected %#x", what, last_err, err);
	say("%s: fault %u, error %#x, absorbed", what, last_vec, last_err);
	return NULL;
}

static const char *still_alive(const char *what)
{
	return fail("still alive after %s", what);
}

static void touch(uint32_t va)
{
	(void)*(volatile uint32_t *)(uintptr_t)va;
}

static uint32_t mem_limit(void)
{
	return ram_bytes + LG_DEVICE_PAGES * PAGE_SIZE;	/* RAM and the device pages */
}

static const char empty[] = "";
static const char *const pass = NULL;

/* ---- hypercalls ------------------------------------------------------------ */
#define BAD_HCALL(name, nr) \
	static const char *a_##name(void) { hcall(nr, 1, 2, 3, 4); return still_alive(#name); }
BAD_HCALL(hcall_20, 20)
BAD_HCALL(hcall_99, 99)
BAD_HCALL(hcall_ffffffff, 0xFFFFFFFFu)
BAD_HCALL(hcall_3, 3)
BAD_HCALL(hcall_11, 11)
BAD_HCALL(hcall_12, 12)
BAD_HCALL(hcall_set_pmd, LHCALL_SET_PMD)

static const char *a_init_twice(void)
{
	hcall(LHCALL_LGUEST_INIT, __pa(&lguest_data), 0, 0, 0);
	return still_alive("a second LGUEST_INIT");
}

static const char *a_tls_straddle(void)
{
	hcall(LHCALL_LOAD_TLS, mem_limit() - 8, 0, 0, 0);
	return still_alive("LOAD_TLS at the end of memory");
}

static const char *a_tls_wrap(void)
{
	hcall(LHCALL_LOAD_TLS, 0xFFFFFFF0u, 0, 0, 0);
	return still_alive("LOAD_TLS at 0xfffffff0");
}

static const char *a_notify_beyond(void)
{
	hcall(LHCALL_NOTIFY, mem_limit() + 0x1000, 0, 0, 0);
	return still_alive("NOTIFY beyond memory");
}

static const char *a_shutdown_beyond(void)
{
	hcall(LHCALL_SHUTDOWN, 0xF0000000u, LGUEST_SHUTDOWN_POWEROFF, 0, 0);
	return fail("SHUTDOWN with a bad message pointer returned");
}

static const char *a_pgtable_unaligned(void)
{
	hcall(LHCALL_NEW_PGTABLE, cur_pgd + 4, 0, 0, 0);
	return still_alive("NEW_PGTABLE unaligned");
}

static const char *a_pgtable_beyond(void)
{
	hcall(LHCALL_NEW_PGTABLE, mem_limit(), 0, 0, 0);
	return still_alive("NEW_PGTABLE beyond memory");
}

static const char *a_set_pgd_2000(void)
{
	hcall(LHCALL_SET_PGD, cur_pgd, 2000, 0, 0);
	return still_alive("SET_PGD index 2000");
}

static const char *a_set_pgd_switcher(void)
{
	hcall(LHCALL_SET_PGD, cur_pgd, 1023, 0, 0);	/* the switcher's slot: ignored */
	return pass;
}

static const char *a_async_bad_tls(void)
{
	async_hcall(LHCALL_LOAD_TLS, 0xFFFFFFF0u, 0, 0, 0);
	flush_async();
	return still_alive("a queued LOAD_TLS at 0xfffffff0");
}

static const char *a_async_bad_call(void)
{
	async_hcall(99, 0, 0, 0, 0);
	flush_async();
	return still_alive("a queued hypercall 99");
}

static const char *a_async_init(void)
{
	async_hcall(LHCALL_LGUEST_INIT, __pa(&lguest_data), 0, 0, 0);
	flush_async();
	return still_alive("a queued LGUEST_INIT");
}

static const char *a_hcall_storm(void)
{
	for (unsigned i = 0; i < 100000; i++)
		flush_async();
	return pass;
}

static const char *a_notify_flood(void)
{
	for (unsigned i = 0; i < 100000; i++)
		hcall(LHCALL_NOTIFY, __pa(empty), 0, 0, 0);
	return pass;
}

static const char *a_timer_storm(void)
{
	unsigned before = timer_ticks;

	for (unsigned i = 0; i < 2000; i++)
		sleep_ns(1);
	CHECK(timer_ticks - before >= 2000, "%u ticks for 2000 1 ns sleeps", timer_ticks - before);
	return pass;
}

/* The last bytes of our memory (the top device page), mapped at TEST_VA,
 * filled with 'A' and no NUL: a string running off the end. */
static uint32_t unterminated_at_end(uint32_t bytes)
{
	uint32_t last_page = mem_limit() - PAGE_SIZE;

	map_page(TEST_VA, last_page, PTE_KERNEL);
	memset((char *)(uintptr_t)TEST_VA + PAGE_SIZE - bytes, 'A', bytes);
	return mem_limit() - bytes;
}

static const char *a_notify_straddle(void)
{
	hcall(LHCALL_NOTIFY, unterminated_at_end(64), 0, 0, 0);
	return still_alive("NOTIFY of a string running off the end of memory");
}

static const char *a_shutdown_straddle(void)
{
	hcall(LHCALL_SHUTDOWN, unterminated_at_end(64), LGUEST_SHUTDOWN_POWEROFF, 0, 0);
	return fail("SHUTDOWN with a message running off the end of memory returned");
}

static const char *a_set_pte_pgdir_beyond(void)
{
	/* A page directory we never used (and could not have): ignored. */
	hcall(LHCALL_SET_PTE, 0xF0000000u, TEST_VA, __pa(page_alloc()) | PTE_KERNEL, 0);
	hcall(LHCALL_SET_PTE, mem_limit(), TEST_VA, __pa(page_alloc()) | PTE_KERNEL, 0);
	return pass;
}

static const char *a_set_pte_pgdir_unaligned(void)
{
	hcall(LHCALL_SET_PTE, cur_pgd + 6, TEST_VA, __pa(page_alloc()) | PTE_KERNEL, 0);
	return pass;
}

static const char *a_set_pgd_pgdir_beyond(void)
{
	hcall(LHCALL_SET_PGD, 0xF0000000u, 5, 0, 0);
	hcall(LHCALL_SET_PGD, mem_limit() - 4, 1023, 0, 0);
	return pass;
}

static const char *a_set_pte_switcher(void)
{
	/* Our page under 0xFFC01000 by SET_PTE straight into the switcher's
	 * slot: not honoured, the write faults on the switcher's page. */
	uint32_t *page = page_alloc();

	trap_hooks[14] = absorb;
	hcall(LHCALL_SET_PTE, cur_pgd, SW_BASE_VA + 0x1000, __pa(page) | PTE_KERNEL, 0);
	TRY("movl $0x0bad0bad, 0xFFC01000");
	CHECK(page[0] == 0, "the write reached our own page: SET_PTE was honoured");
	return expect_fault("write to 0xffc01000 after SET_PTE", 14, ~0u);
}

#define GDT_TLS_FIRST 6		/* GDT_ENTRY_TLS_MIN */

static const char *a_tls_unaligned(void)
{
	static uint8_t buf[3 * 8 + 1];
	struct desc d = make_segment(0, 0xFFFFF, 0xB2, 0xC);

	for (int i = 0; i < 3; i++)
		memcpy(buf + 1 + 8 * i, &d, sizeof(d));
	hcall(LHCALL_LOAD_TLS, __pa(buf) + 1, 0, 0, 0);
	return pass;
}

static const char *a_tls_call_gate(void)
{
	static struct desc tls[3];

	tls[0] = make_segment(0, 0xFFFFF, 0xB2, 0xC);
	tls[1] = (struct desc){ 0x00501000, 0xC000EC00 };	/* a call gate to 0x50 */
	load_tls(tls);
	return still_alive("a call gate through LOAD_TLS");
}

static const char *a_tls_dpl0(void)
{
	static struct desc tls[3];
	uint16_t sel = (GDT_TLS_FIRST + 2) << 3 | 1, old;

	tls[2] = make_segment(0, 0xFFFFF, 0x92, 0xC);	/* DPL 0 data */
	load_tls(tls);
	asm volatile("movw %%gs, %0" : "=r"(old));
	trap_hooks[13] = absorb;
	TRYI("movw %w0, %%gs", "r"(sel));
	asm volatile("movw %0, %%gs" : : "r"(old));
	CHECK(n_faults == 0, "the DPL-0 TLS entry (raised to DPL 1) faulted: %u", last_vec);
	return pass;
}

static uint32_t xorshift(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static const char *a_async_garbage(void)
{
	uint32_t x = 0x1234567u;

	for (unsigned i = 0; i < LHCALL_RING_SIZE; i++) {
		volatile struct hcall_args *rec = &lguest_data.hcalls[i];
		rec->nr = xorshift(&x);
		rec->arg1 = xorshift(&x);
		rec->arg2 = xorshift(&x);
		rec->arg3 = xorshift(&x);
#if !LG_RING_RECORD_16
		rec->arg4 = xorshift(&x);
#endif
		lguest_data.hcall_status[i] = (uint8_t)(xorshift(&x) % 3 ? 0 : xorshift(&x));
	}
	flush_async();
	return still_alive("a ring of garbage");
}

static const char *a_async_bad_pgtable(void)
{
	async_hcall(LHCALL_FLUSH_TLB, 1, 0, 0, 0);
	async_hcall(LHCALL_NEW_PGTABLE, mem_limit(), 0, 0, 0);
	async_hcall(LHCALL_FLUSH_TLB, 1, 0, 0, 0);
	flush_async();
	return still_alive("a queued NEW_PGTABLE beyond memory");
}

static const char *a_async_bad_stack(void)
{
	async_hcall(LHCALL_SET_STACK, KERNEL_DS, sw_ro_page(), 1, 0);
	flush_async();
	return still_alive("a queued SET_STACK into the switcher");
}

/* ---- GDT ------------------------------------------------------------------- */
#define GDT_SPARE 20	/* unused by the library */

static const char *a_gdt_dpl0(void)
{
	uint16_t sel = GDT_SPARE << 3 | 1, old;

	load_gdt_entry(GDT_SPARE, make_segment(0, 0xFFFFF, 0x92, 0xC));	/* DPL 0 data */
	asm volatile("movw %%gs, %0" : "=r"(old));
	trap_hooks[13] = absorb;
	TRYI("movw %w0, %%gs", "r"(sel));
	asm volatile("movw %0, %%gs" : : "r"(old));
	CHECK(n_faults == 0, "loading the DPL-0 segment (raised to DPL 1) faulted: %u, error %#x",
	      last_vec, last_err);
	say("a DPL-0 data segment was raised to DPL 1 and loads at ring 1");
	return pass;
}

static const char *a_gdt_call_gate(void)
{
	/* A 32-bit call gate (type 0xC, DPL 3) to ring-0 code (selector 0x50). */
	load_gdt_entry(GDT_SPARE, (struct desc){ 0x00501000, 0xC000EC00 });
	return still_alive("a call gate in the GDT");
}

static const char *a_gdt_tss(void)
{
	load_gdt_entry(GDT_SPARE, make_segment(__pa(boot_params), 0x67, 0x89, 0));
	return still_alive("a TSS descriptor in the GDT");
}

static const char *a_gdt_ldt(void)
{
	load_gdt_entry(GDT_SPARE, make_segment(__pa(boot_params), 0xFF, 0x82, 0));
	return still_alive("an LDT descriptor in the GDT");
}

#if LG_LOAD_WHOLE_GDT
/* Up to 2.6.29 there is no LOAD_GDT_ENTRY: the same attacks through
 * LOAD_GDT, whose count may not pass 32 and whose table may carry
 * anything in the host's own entries 10, 11, 16 and 31. */
static const char *a_gdt_index_32(void)
{
	hcall(LHCALL_LOAD_GDT, __pa(guest_gdt), 33, 0, 0);
	return still_alive("LOAD_GDT of 33 entries");
}

static const char *a_gdt_index_ffffffff(void)
{
	hcall(LHCALL_LOAD_GDT, __pa(guest_gdt), 0xFFFFFFFFu, 0, 0);
	return still_alive("LOAD_GDT of 0xffffffff entries");
}

static const char *a_gdt_host_entries(void)
{
	struct desc code3 = make_segment(0, 0xFFFFF, 0xFA, 0xC);
	struct desc gate = { 0x00501000, 0xC000EC00 };
	struct desc saved[4] = { guest_gdt[10], guest_gdt[11], guest_gdt[16], guest_gdt[31] };

	guest_gdt[10] = code3;
	guest_gdt[11] = code3;
	guest_gdt[16] = gate;
	load_gdt_entry(31, gate);	/* the whole table, with all four */
	for (unsigned i = 0; i < 50; i++)
		flush_async();	/* many exits through the host's entries */
	guest_gdt[10] = saved[0];
	guest_gdt[11] = saved[1];
	guest_gdt[16] = saved[2];
	load_gdt_entry(31, saved[3]);
	return pass;
}
#else
static const char *a_gdt_index_32(void)
{
	hcall(LHCALL_LOAD_GDT_ENTRY, 32, 0xFFFF, 0x00CF9A00, 0);
	return still_alive("LOAD_GDT_ENTRY 32");
}

static const char *a_gdt_index_ffffffff(void)
{
	hcall(LHCALL_LOAD_GDT_ENTRY, 0xFFFFFFFFu, 0xFFFF, 0x00CF9A00, 0);
	return still_alive("LOAD_GDT_ENTRY 0xffffffff");
}

static const char *a_gdt_host_entries(void)
{
	/* DPL-3 flat code, a call gate, a TSS: all must be ignored. */
	struct desc code3 = make_segment(0, 0xFFFFF, 0xFA, 0xC);
	struct desc gate = { 0x00501000, 0xC000EC00 };

	hcall(LHCALL_LOAD_GDT_ENTRY, 10, code3.lo, code3.hi, 0);
	hcall(LHCALL_LOAD_GDT_ENTRY, 11, code3.lo, code3.hi, 0);
	hcall(LHCALL_LOAD_GDT_ENTRY, 16, gate.lo, gate.hi, 0);
	hcall(LHCALL_LOAD_GDT_ENTRY, 31, gate.lo, gate.hi, 0);
	hcall(LHCALL_LOAD_GDT_ENTRY, 10, 0, 0, 0);
	for (unsigned i = 0; i < 50; i++)
		flush_async();	/* many exits through the host's entries */
	return pass;
}
#endif

static const char *a_gdt_kernel_cs_dpl3(void)
{
	load_gdt_entry(GDT_ENTRY_KERNEL_CS, make_segment(0, 0xFFFFF, 0xFA, 0xC));
	return still_alive("making our own code segment DPL 3");
}

static const char *a_gdt_kernel_ds_absent(void)
{
	load_gdt_entry(GDT_ENTRY_KERNEL_DS, (struct desc){ 0, 0 });
	return still_alive("emptying our own stack segment");
}

/* ---- IDT ------------------------------------------------------------------- */
static const char *a_idt_256(void)
{
	load_idt_entry_raw(256, 0, 0x8E00);
	return still_alive("LOAD_IDT_ENTRY 256");
}

static const char *a_idt_ffffffff(void)
{
	load_idt_entry_raw(0xFFFFFFFFu, 0, 0x8E00);
	return still_alive("LOAD_IDT_ENTRY 0xffffffff");
}

static const char *a_idt_task_gate(void)
{
	load_idt_entry_raw(0x40, (GDT_ENTRY_TSS << 3) << 16, 0xE500);	/* task gate, DPL 3 */
	return still_alive("a task gate in the IDT");
}

static const char *a_idt_call_gate(void)
{
	load_idt_entry_raw(0x40, 0x00501000, 0xC000EC00);
	return still_alive("a call gate in the IDT");
}

static const char *a_idt_ignored(void)
{
	/* Garbage (DPL-3 gates into the switcher) for the vectors the host
	 * keeps: NMI, #DF, 15 and the hypercall vector; hypercalls and
	 * timer interrupts must still work afterwards. */
	uint32_t lo = 0x00500000 | 0x0000, hi = 0xFFC0EE00;

	load_idt_entry_raw(2, lo, hi);
	load_idt_entry_raw(8, lo, hi);
	load_idt_entry_raw(15, lo, hi);
	load_idt_entry_raw(LGUEST_TRAP_ENTRY, lo, hi);
	load_idt_entry_raw(LGUEST_TRAP_ENTRY, 0, 0);
	for (unsigned i = 0; i < 50; i++)
		flush_async();
	return pass;
}

static const char *a_idt_switcher_int3(void)
{
	/* A DPL-3 trap gate for int3 (a direct trap) pointing at the
	 * switcher's code, then int3 from ring 1. */
	trap_hooks[13] = trap_hooks[14] = trap_hooks[6] = absorb;
	load_idt_entry_raw(3, 0x00600000, 0xFFC0EF00);
	TRY("int3");
	idt_init();
	say("int3 into the switcher: %u faults, last %u error %#x eip %#x", n_faults, last_vec,
	    last_err, last_eip);
	CHECK(n_faults >= 1, "int3 into the switcher code returned without a fault");
	return pass;
}

static const char *a_idt_switcher_int40(void)
{
	trap_hooks[13] = trap_hooks[14] = absorb;
	load_idt_entry_raw(0x40, 0x00600000, 0xFFC0EE00);	/* interrupt gate, DPL 3 */
	TRY("int $0x40");
	load_idt_entry_raw(0x40, 0, 0);
	return expect_fault("int $0x40 into the switcher", 13, 0x40 << 3 | 2);
}

static const char *a_idt_no_pf_handler(void)
{
	load_idt_entry_raw(14, 0, 0);
	touch(TEST_VA + 0x123000);
	return still_alive("a page fault without a handler");
}

static const char *a_idt_no_gp_handler(void)
{
	load_idt_entry_raw(13, 0, 0);
	asm volatile("hlt");
	return still_alive("a #GP without a handler");
}

static volatile uint32_t int3_cs;

static bool on_int3(struct trap_frame *f)
{
	int3_cs = f->cs;
	return true;
}

static const char *a_idt_ring0_selector(void)
{
	/* A DPL-3 trap gate for int3 naming the host's code selector 0x50:
	 * honoured, the CPU would run our handler at ring 0.  It must arrive
	 * at ring 1. */
	trap_hooks[3] = on_int3;
	extern void trap_stub_3(void);
	uint32_t h = (uint32_t)(uintptr_t)trap_stub_3;
	load_idt_entry_raw(3, (0x50u << 16) | (h & 0xFFFF), (h & 0xFFFF0000u) | 0xEF00);
	asm volatile("int3");
	idt_init();
	CHECK(int3_cs != 0, "int3 never reached our handler");
	CHECK((int3_cs & 3) != 0, "our int3 handler ran with cs %#x: ring 0", int3_cs);
	say("int3 through a gate naming 0x50 came in with cs %#x", int3_cs);
	return pass;
}

/* ---- SET_STACK ----------------------------------------------------------------- */
static const char *a_stack_rpl0(void)
{
	hcall(LHCALL_SET_STACK, KERNEL_DS & ~3u, trap_stack_top(), 2, 0);
	return still_alive("SET_STACK with RPL 0");
}

static const char *a_stack_rpl3(void)
{
	hcall(LHCALL_SET_STACK, KERNEL_DS | 3, trap_stack_top(), 2, 0);
	return still_alive("SET_STACK with RPL 3");
}

static const char *a_stack_0_pages(void)
{
	hcall(LHCALL_SET_STACK, KERNEL_DS, trap_stack_top(), 0, 0);
	return still_alive("SET_STACK with 0 pages");
}

static const char *a_stack_3_pages(void)
{
	hcall(LHCALL_SET_STACK, KERNEL_DS, trap_stack_top(), 3, 0);
	return still_alive("SET_STACK with 3 pages");
}

static const char *a_stack_unmapped(void)
{
	hcall(LHCALL_SET_STACK, KERNEL_DS, TEST_VA + 0x00802000, 2, 0);
	return still_alive("SET_STACK on an unmapped stack");
}

static const char *a_stack_switcher(void)
{
	/* The page below the read-only one is the writable register page. */
	hcall(LHCALL_SET_STACK, KERNEL_DS, sw_ro_page(), 1, 0);
	return still_alive("SET_STACK in the switcher's register page");
}

/* A ring-3 trip whose system call makes the CPU switch to the SET_STACK
 * stack: with a bad stack selector that switch itself faults. */
static const uint8_t user_int80[] = { 0xCD, 0x80, 0xEB, 0xFE };	/* int $0x80; jmp . */

static void stack_exit(struct trap_frame *f)
{
	exit_user(0x5ca1);
}

static const char *syscall_on_stack(uint32_t ss)
{
	uint8_t *code = page_alloc();

	memcpy(code, user_int80, sizeof(user_int80));
	map_page(USER_VA, __pa(code), PTE_USER);
	map_page(USER_VA + 0x10000, __pa(page_alloc()), PTE_USER);
	syscall_handler = stack_exit;
	hcall(LHCALL_SET_STACK, ss, trap_stack_top(), 2, 0);
	uint32_t code_back = enter_user(USER_VA, USER_VA + 0x10000 + PAGE_SIZE);
	hcall(LHCALL_SET_STACK, KERNEL_DS, trap_stack_top(), 2, 0);
	return fail("a system call on stack segment %#x came back (%#x)", ss, code_back);
}

static const char *a_stack_sel_code(void) { return syscall_on_stack(KERNEL_CS); }
static const char *a_stack_sel_beyond(void) { return syscall_on_stack(40 << 3 | 1); }
static const char *a_stack_sel_null(void) { return syscall_on_stack(1); }
static const char *a_stack_sel_changed(void)
{
	/* A good stack segment of our own, then emptied behind it. */
	load_gdt_entry(GDT_SPARE, make_segment(0, 0xFFFFF, 0xB2, 0xC));
	hcall(LHCALL_SET_STACK, GDT_SPARE << 3 | 1, trap_stack_top(), 2, 0);
	load_gdt_entry(GDT_SPARE, (struct desc){ 0, 0 });
	return syscall_on_stack(GDT_SPARE << 3 | 1);
}

/* ---- page tables --------------------------------------------------------------- */
static const char *a_pte_4g(void)
{
	map_page(TEST_VA, 0xFFFFF000u, PTE_KERNEL);
	touch(TEST_VA);
	return still_alive("a PTE for 4 GiB - 4 KiB");
}

static const char *a_pt_beyond(void)
{
	uint32_t slot = TEST_VA >> 22;

	((uint32_t *)__va(cur_pgd))[slot] = 0xE0000000u | PDE_KERNEL;
	hcall(LHCALL_SET_PGD, cur_pgd, slot, 0, 0);
	hcall(LHCALL_SET_PTE, cur_pgd, TEST_VA, __pa(page_alloc()) | PTE_KERNEL, 0);
	touch(TEST_VA);
	return still_alive("a page table beyond memory");
}

static const char *a_pde_pse(void)
{
	uint32_t slot = TEST_VA >> 22;

	((uint32_t *)__va(cur_pgd))[slot] = 0x00400000u | PDE_KERNEL | PTE_PSE;
	hcall(LHCALL_SET_PGD, cur_pgd, slot, 0, 0);
	touch(TEST_VA);
	return still_alive("a 4 MiB page");
}

static const char *a_pde_pcd(void)
{
	uint32_t slot = TEST_VA >> 22;

	((uint32_t *)__va(cur_pgd))[slot] = __pa(page_alloc()) | PDE_KERNEL | 0x10;
	hcall(LHCALL_SET_PGD, cur_pgd, slot, 0, 0);
	touch(TEST_VA);
	return still_alive("a PDE with PCD");
}

static const char *a_pte_pat(void)
{
	map_page(TEST_VA, __pa(page_alloc()), PTE_KERNEL | PTE_PSE);
	touch(TEST_VA);
	return still_alive("a PTE with PAT");
}

/* Changed behind the hypervisor's back (no SET_PTE / SET_PGD): the shadow
 * may stay stale until the next flush, but what it refills from then must
 * be checked like anything announced. */
static const char *a_pte_stale(void)
{
	uint32_t *pt_entry;

	map_page(TEST_VA, __pa(page_alloc()), PTE_KERNEL);
	touch(TEST_VA);
	pt_entry = pte_lookup(cur_pgd, TEST_VA);
	*pt_entry = 0xFFFFF000u | PTE_KERNEL;	/* far beyond our memory */
	touch(TEST_VA);				/* the stale shadow: still ours */
	flush_tlb(true);
	touch(TEST_VA);
	return still_alive("a PTE changed to 4 GiB - 4 KiB behind the hypervisor's back");
}

static const char *a_pde_stale(void)
{
	uint32_t slot = TEST_VA >> 22;

	map_page(TEST_VA, __pa(page_alloc()), PTE_KERNEL);
	touch(TEST_VA);
	((uint32_t *)__va(cur_pgd))[slot] = 0xE0000000u | PDE_KERNEL;
	flush_tlb(true);
	touch(TEST_VA + 0x1000);
	return still_alive("a PDE changed to 3.5 GiB behind the hypervisor's back");
}

static const char *a_pte_global(void)
{
	/* Global is ours to drop: the entry must still work, and go away. */
	uint32_t *page = page_alloc();

	page[0] = 0x600dcafe;
	map_page(TEST_VA, __pa(page), PTE_KERNEL | 0x100);
	CHECK(*(volatile uint32_t *)(uintptr_t)TEST_VA == 0x600dcafe, "a Global PTE reads wrong");
	unmap_page(TEST_VA);
	flush_tlb(true);
	trap_hooks[14] = absorb;
	TRYI("movl (%0), %%eax", "r"(TEST_VA));
	return expect_fault("read after unmapping a Global PTE", 14, ~0u);
}

static const char *a_pt_in_device_page(void)
{
	/* Our device page as a page table: its descriptor bytes read as
	 * PTEs.  Whatever they map must be ours. */
	uint32_t slot = TEST_VA >> 22;

	((uint32_t *)__va(cur_pgd))[slot] = ram_bytes | PDE_KERNEL;
	hcall(LHCALL_SET_PGD, cur_pgd, slot, 0, 0);
	trap_hooks[14] = absorb;
	for (uint32_t off = 0; off < 8 * PAGE_SIZE; off += PAGE_SIZE) {
		TRYI("movl (%0), %%eax", "r"(TEST_VA + off));
		hostile_resume = 0;
	}
	return pass;
}

static const char *a_dev_scribble(void)
{
	/* Garbage over our device descriptors (ring sizes, addresses, IRQs,
	 * status), a status NOTIFY and kicks at every ring: the hypervisor
	 * keeps its own copy of where the rings are. */
	map_page(TEST_VA, ram_bytes, PTE_KERNEL);
	memset((void *)(uintptr_t)TEST_VA, 0xFF, PAGE_SIZE);
	hcall(LHCALL_NOTIFY, ram_bytes, 0, 0, 0);
	for (uint32_t p = 1; p < 16; p++)
		hcall(LHCALL_NOTIFY, ram_bytes + p * PAGE_SIZE, 0, 0, 0);
	memset((void *)(uintptr_t)TEST_VA, 0, PAGE_SIZE);
	hcall(LHCALL_NOTIFY, ram_bytes, 0, 0, 0);
	return pass;
}

static const char *a_map_switcher(void)
{
	/* Our own page at 0xFFC01000 in our tables: the host must not honour
	 * it, so the write faults on its read-only switcher page instead. */
	uint32_t *page = page_alloc();

	trap_hooks[14] = absorb;
	map_page(SW_BASE_VA + 0x1000, __pa(page), PTE_KERNEL);
	hcall(LHCALL_SET_PGD, cur_pgd, 1023, 0, 0);
	flush_tlb(true);
	TRY("movl $0x0bad0bad, 0xFFC01000");
	/* (0xFFC01000 itself is not mapped to us at all: reading it faults.) */
	CHECK(page[0] == 0, "the write reached our own page: the mapping was honoured");
	return expect_fault("write to our mapping at 0xffc01000", 14, ~0u);
}

/* ---- the switcher region --------------------------------------------------------- */

static const char *write_fault(uint32_t va, const char *what)
{
	trap_hooks[14] = absorb;
	TRYI("movl $0xdeadbeef, (%0)", "r"(va));
	const char *why = expect_fault(what, 14, ~0u);
	CHECK(!why, "%s", why);
	CHECK(last_cr2 == va, "%s: cr2 %#x", what, last_cr2);
	return pass;
}

static const char *a_write_sw_code(void) { return write_fault(SW_BASE_VA, "write 0xffc00000"); }
static const char *a_write_sw_code2(void)
{
	return write_fault(SW_BASE_VA + 0x1ffc, "write 0xffc01ffc");
}
static const char *a_write_sw_ro(void) { return write_fault(sw_ro_page(), "write our ro page"); }
static const char *a_write_sw_ro_idt(void)
{
	return write_fault(sw_ro_page() + 0x800, "write our ro page's IDT");
}
static const char *a_write_sw_hole(void)
{
	return write_fault(SW_BASE_VA + 0x100000, "write 0xffd00000");
}

static const char *garbage_regs(uint32_t bytes)
{
	for (uint32_t off = 0; off < bytes; off += 4)
		*(volatile uint32_t *)(sw_regs_page() + off) = 0xDEAD0000u | off;
	for (unsigned i = 0; i < 20; i++)
		flush_async();
	return pass;
}

static const char *a_regs_page_low(void) { return garbage_regs(3072); }
static const char *a_regs_page_all(void) { return garbage_regs(4096); }

/* ---- privileged instructions at ring 1 ------------------------------------------ */
static uint8_t scratch[8] __attribute__((aligned(8)));

#define GP(name, err, insn) \
	static const char *a_##name(void) \
	{ \
		trap_hooks[13] = absorb; \
		TRYI(insn, "r"(scratch)); \
		return expect_fault(#name, 13, err); \
	}
#define GP0(name, insn) GP(name, 0, insn)
GP0(hlt, "hlt")
GP0(lgdt, "lgdt (%0)")
GP0(lidt, "lidt (%0)")
GP0(ltr, "movw $0x80, %%ax\n\tltr %%ax")
GP0(mov_cr3, "movl $0, %%eax\n\tmovl %%eax, %%cr3")
GP0(mov_cr0, "movl $0x80000011, %%eax\n\tmovl %%eax, %%cr0")
GP0(wrmsr, "movl $0x174, %%ecx\n\txorl %%eax, %%eax\n\txorl %%edx, %%edx\n\twrmsr")
GP0(rdmsr, "movl $0x1b, %%ecx\n\trdmsr")
GP0(invlpg, "invlpg (%0)")
GP0(sysenter, "sysenter")
GP(lret_ring0, 0x50, "pushl $0x50\n\tpushl $1f\n\tlret")
GP(mov_ds_ring0, 0x58, "movw $0x58, %%ax\n\tmovw %%ax, %%ds")
GP(iret_ring0, 0x50, "pushfl\n\tpushl $0x50\n\tpushl $1f\n\tiret")

/* An iret to virtual-8086 mode: ring 1 may not make one on a real CPU,
 * but QEMU's iret takes it; the trap frame from VM86 code is four words
 * longer, which the switcher must notice (found by make fuzz). */
static const char *a_iret_vm86(void)
{
	/* gs, fs, ds, es, ss, esp, eflags (VM, IF), cs, eip */
	asm volatile("pushl $0\n\tpushl $0\n\tpushl $0\n\tpushl $0\n\tpushl $0x2000\n\t"
		     "pushl $0x1000\n\tpushl $0x20202\n\tpushl $0x1000\n\tpushl $0x100\n\tiret"
		     : : : "memory");
	return still_alive("an iret into virtual-8086 mode");
}

/* A hypercall from the last bytes of a code segment: the hypervisor's
 * return goes to an eip past the segment's limit, which its own iret (at
 * ring 0) would fault on, on a real CPU (QEMU does not check): it must
 * kill us instead.  (limit_fault brings us back if it does not.) */
static uint8_t limit_code[16] __attribute__((aligned(16)));

static bool limit_fault(struct trap_frame *f)
{
	f->cs = KERNEL_CS;
	return absorb(f);
}

static const char *a_eip_past_limit(void)
{
	limit_code[0] = 0xCD;	/* int $0x1f, bytes 0 and 1; the limit is 1 */
	limit_code[1] = 0x1F;
	load_gdt_entry(GDT_SPARE, make_segment((uint32_t)(uintptr_t)limit_code, 1, 0xBA, 0x4));
	trap_hooks[13] = limit_fault;
	TRY("xorl %%eax, %%eax\n\tljmp $0xa1, $0");
	return expect_fault("eip_past_limit", 13, ~0u);
}

static const char *a_ljmp_ring0(void)
{
	trap_hooks[13] = absorb;
	TRY("ljmp $0x50, $1f");
	return expect_fault("ljmp_ring0", 13, 0x50);
}

static const char *a_ud2(void)
{
	trap_hooks[6] = absorb;
	TRY("ud2");
	return expect_fault("ud2", 6, ~0u);
}

static const char *a_cli(void)
{
	trap_hooks[13] = absorb;
	TRY("cli");
	/* 2.6.34+ hosts step over it; lghv does so for G5 too, on purpose
	 * (guest-abi/gen.c: a G5 kernel's cmpxchg8b_emu would die on it). */
	CHECK(n_faults == 0, "cli faulted (%u, error %#x) on G%d", last_vec, last_err, LG_GEN);
	say("cli was stepped over");
	return pass;
}

static const char *a_in_out(void)
{
	uint32_t v = 0;

	trap_hooks[13] = absorb;
	asm volatile("xorl %%eax, %%eax\n\tinl $0x80, %%eax" : "=a"(v));
	CHECK(v == 0xFFFFFFFFu, "inl gave %#x", v);
	asm volatile("movl $0x12345600, %%eax\n\tmovw $0x60, %%dx\n\tinb %%dx, %%al"
		     : "=a"(v) : : "edx");
	CHECK((v & 0xFF) == 0xFF, "inb gave %#x", v);
	/* The 8042's status: "no controller" (output full, input empty) from
	 * 3.1 on, all ones before, as those kernels' hosts answered. */
	asm volatile("movl $0x12345600, %%eax\n\tinb $0x64, %%al" : "=a"(v));
	CHECK((v & 0xFF) == (LG_GEN >= 7 ? 0x01u : 0xFFu), "inb $0x64 gave %#x on G%d", v, LG_GEN);
	/* (Not 0xFE to 0x64: that is the 8042's reset, a restart.) */
	asm volatile("movb $0xAD, %%al\n\toutb %%al, $0x64\n\tmovw $0xCF8, %%dx\n\t"
		     "movl $0x80000000, %%eax\n\toutl %%eax, %%dx" : : : "eax", "edx");
	CHECK(n_faults == 0, "port I/O faulted: %u error %#x", last_vec, last_err);
	return pass;
}

#define INT_GP(name, vec) \
	static const char *a_##name(void) \
	{ \
		trap_hooks[13] = absorb; \
		TRY("int $" #vec); \
		return expect_fault(#name, 13, (vec) << 3 | 2); \
	}
INT_GP(int_20, 0x20)
INT_GP(int_21, 0x21)
INT_GP(int_27, 0x27)
INT_GP(int_2f, 0x2F)
INT_GP(int_f0, 0xF0)
INT_GP(int_fe, 0xFE)
INT_GP(int_ff, 0xFF)
INT_GP(int_2, 0x02)
INT_GP(int_8, 0x08)

static const char *a_int_20_dpl3(void)
{
	/* Even when we make our IRQ 0 gate DPL 3, int $0x20 must not
	 * reach the host's timer handler as a hardware interrupt. */
	idt_set_gate(0x20, (void (*)(void))(uintptr_t)0xC0100000u, 0xE, 3);
	trap_hooks[13] = absorb;
	TRY("int $0x20");
	idt_init();
	return expect_fault("int $0x20 through a DPL-3 gate", 13, 0x20 << 3 | 2);
}

static volatile int forever = 1;

/* ---- the first hypercall (made by lib/head.S before any C runs) ---------------- */
static const char *a_pre(void)
{
	return fail("alive after a bad first hypercall (lib/head.S)");
}

/* ---- console floods ---------------------------------------------------------------- */
static char flood_text[256 * 1024];

static void fill_flood_text(void)
{
	static const char line[] = "flood flood flood flood flood flood flood flood flood flood\n";

	for (uint32_t i = 0; i < sizeof(flood_text); i++)
		flood_text[i] = line[i % (sizeof(line) - 1)];
}

/* As fast as the console takes it, for three seconds, the way a kernel
 * printing in a loop would: the other guest must keep its share. */
static const char *a_tx_flood(void)
{
	const char *why;
	uint64_t t0 = rdtsc(), bytes = 0;

	fill_flood_text();
	if ((why = vcons_init()))
		return why;
	while (tsc_to_ns(rdtsc() - t0) < 3000000000ull) {
		if ((why = vcons_write(flood_text, 16384)))
			return why;
		bytes += 16384;
	}
	say("flooded %llu bytes", (unsigned long long)bytes);
	return pass;
}

/* Every descriptor of the transmit ring chained over flood_text, offered
 * (not kicked): one 64 MiB buffer. */
static const char *offer_flood_chain(struct vring **ring)
{
	const char *why;

	fill_flood_text();
	if ((why = vcons_init()))
		return why;
	struct vring *vr = vcons_vring(1);
	uint16_t idx = vcons_avail_idx(1);

	for (uint32_t i = 0; i < vr->num; i++)
		vr->desc[i] = (vring_desc_t){ __pa(flood_text), sizeof(flood_text),
					      i + 1 < vr->num ? VRING_DESC_F_NEXT : 0,
					      (uint16_t)(i + 1) };
	vr->avail->ring[idx % vr->num] = 0;
	barrier();
	vr->avail->idx = (uint16_t)(idx + 1);
	*ring = vr;
	return NULL;
}

/* That 64 MiB buffer, then wait for it with interrupts off: the
 * hypervisor must not spend the next minutes printing it for us alone. */
static const char *a_tx_huge(void)
{
	const char *why;
	struct vring *vr;

	if ((why = offer_flood_chain(&vr)))
		return why;
	irq_disable();
	vcons_kick(1);
	while (forever)
		barrier();
	return fail("left the loop");
}

/* The same chain, and while the hypervisor is still sending it, two
 * seconds of rewriting its descriptors at random: lengths up to 4 GiB,
 * next indices past the ring, WRITE and INDIRECT flags, addresses beyond
 * our memory.  Whatever it reads must be checked again as it reads. */
static const char *a_tx_rewrite(void)
{
	const char *why;
	uint32_t x = 0x2545F491u;
	struct vring *vr;

	if ((why = offer_flood_chain(&vr)))
		return why;
	vcons_kick(1);
	uint64_t t0 = rdtsc();
	for (unsigned n = 0; tsc_to_ns(rdtsc() - t0) < 2000000000ull; n++) {
		xorshift(&x);
		vring_desc_t *d = &vr->desc[x % vr->num];
		uint32_t v = x * 2654435761u;
		switch ((x >> 8) % 5) {
		case 0: d->len = v; break;
		case 1: d->len = v % sizeof(flood_text); break;
		case 2: d->next = (uint16_t)v; break;
		case 3: d->flags = (uint16_t)(v & 7); break;
		default:
			d->addr = v % 8 ? __pa(flood_text) + v % sizeof(flood_text) : 0xF0000000u;
			break;
		}
		if (n % 64 == 0)
			vcons_kick(1);
	}
	return pass;
}

/* ---- PCI, MMIO and the virtio 1.0 transport (G8-G10) ------------------------------ */
#if LG_PCI
#define HOSTILE_BAR_VA 0xF5000000u
#define HC(off) vpci_common(&hd, (off))

static struct vpci hd;

static const char *open_bar(void)
{
	return vpci_open(&hd, VCONS_PCI_SLOT, HOSTILE_BAR_VA);
}

/* A CONFIG_ADDRESS naming nothing (another bus, another function, the
 * enable bit clear, reserved bits set): reads all ones, writes go
 * nowhere -- in particular not to the console's BAR 0, command register
 * or INTERRUPT_LINE. */
static const char *bad_cf8(uint32_t base, const char *what)
{
	uint32_t bar = pci_read32(VCONS_PCI_SLOT, PCI_BASE_ADDRESS_0);
	uint16_t cmd = pci_read16(VCONS_PCI_SLOT, PCI_COMMAND);
	uint8_t line = pci_read8(VCONS_PCI_SLOT, PCI_INTERRUPT_LINE);
	uint32_t flags = irq_save(), id, b2;

	outl(base | PCI_VENDOR_ID, PCI_CONF_ADDR);
	id = inl(PCI_CONF_DATA);
	outl(base | PCI_BASE_ADDRESS_0, PCI_CONF_ADDR);
	b2 = inw(PCI_CONF_DATA + 2);
	outl(0, PCI_CONF_DATA);
	outl(base | PCI_COMMAND, PCI_CONF_ADDR);
	outw(0, PCI_CONF_DATA);
	outl(base | PCI_INTERRUPT_LINE, PCI_CONF_ADDR);
	outb(7, PCI_CONF_DATA);
	irq_restore(flags);
	CHECK(id == 0xFFFFFFFFu && b2 == 0xFFFF, "%s: reads %#x and %#x, expected all ones", what,
	      id, b2);
	CHECK(pci_read32(VCONS_PCI_SLOT, PCI_BASE_ADDRESS_0) == bar &&
	      pci_read16(VCONS_PCI_SLOT, PCI_COMMAND) == cmd &&
	      pci_read8(VCONS_PCI_SLOT, PCI_INTERRUPT_LINE) == line,
	      "%s: a write reached 00:01.0 (BAR 0 %#x, command %#x, line %u)", what,
	      pci_read32(VCONS_PCI_SLOT, PCI_BASE_ADDRESS_0),
	      pci_read16(VCONS_PCI_SLOT, PCI_COMMAND),
	      pci_read8(VCONS_PCI_SLOT, PCI_INTERRUPT_LINE));
	say("%s: all ones, writes ignored", what);
	return pass;
}

static const char *a_cf8_bus1(void) { return bad_cf8(0x80010000u | 1 << 11, "bus 1"); }
static const char *a_cf8_fn3(void) { return bad_cf8(0x80000000u | 1 << 11 | 3 << 8, "function 3"); }
static const char *a_cf8_disabled(void) { return bad_cf8(0x00000000u | 1 << 11, "enable bit clear"); }
static const char *a_cf8_reg_beyond(void)
{
	/* bits 24-27: the extended register number (reg 0x100 and up) */
	return bad_cf8(0x81000000u | 1 << 11, "register beyond 256");
}

/* BAR 0 moved somewhere it may not be: refused, the old value stays and
 * the registers still answer there. */
static const char *bar_move(uint32_t to, const char *what)
{
	const char *why;
	uint32_t bar = pci_read32(VCONS_PCI_SLOT, PCI_BASE_ADDRESS_0), now;

	if ((why = open_bar()))
		return why;
	pci_write32(VCONS_PCI_SLOT, PCI_BASE_ADDRESS_0, to);
	now = pci_read32(VCONS_PCI_SLOT, PCI_BASE_ADDRESS_0);
	CHECK(now == bar, "BAR 0 moved %s: %#x -> %#x reads %#x", what, bar, to, now);
	CHECK(mmio_read16(HC(VIRTIO_PCI_COMMON_NUMQ)) == 2, "after BAR 0 %s, num_queues reads %#x",
	      what, mmio_read16(HC(VIRTIO_PCI_COMMON_NUMQ)));
	say("BAR 0 %s (%#x): refused, still %#x", what, to, now);
	return pass;
}

static const char *a_bar_over_ram(void) { return bar_move(0x00100000u, "over our RAM"); }
static const char *a_bar_over_switcher(void) { return bar_move(0xFFC00000u, "over the switcher"); }
static const char *a_bar_unaligned(void)
{
	return bar_move(pci_read32(VCONS_PCI_SLOT, PCI_BASE_ADDRESS_0) + 0x804, "unaligned");
}

/* A PTE past RAM that is not BAR 0: beyond our memory. */
static const char *a_map_past_bar(void)
{
	map_page(TEST_VA, ram_bytes + 0x100000, PTE_KERNEL | PTE_PCD);
	touch(TEST_VA);
	return still_alive("a PTE 1 MiB above RAM, not on any BAR");
}

/* Instructions the MMIO emulation does not take, and accesses that do
 * not fit one register. */
static const char *a_mmio_add(void)
{
	const char *why = open_bar();

	if (why)
		return why;
	asm volatile("addl %0, (%1)" : : "r"(1), "r"(HC(VIRTIO_PCI_COMMON_DFSELECT)) : "memory");
	return still_alive("add to a BAR register");
}

static const char *a_mmio_rep_movs(void)
{
	static uint32_t src[4];
	const char *why = open_bar();

	if (why)
		return why;
	asm volatile("rep movsl" : : "S"(src), "D"(HC(VIRTIO_PCI_COMMON_DFSELECT)), "c"(2)
		     : "memory");
	return still_alive("rep movsl into the BAR");
}

static const char *a_mmio_push(void)
{
	const char *why = open_bar();

	if (why)
		return why;
	asm volatile("pushl (%0)\n\taddl $4, %%esp" : : "r"(HC(VIRTIO_PCI_COMMON_DFSELECT))
		     : "memory");
	return still_alive("push from the BAR");
}

static const char *a_mmio_straddle(void)
{
	const char *why = open_bar();

	if (why)
		return why;
	(void)mmio_read32(HC(VIRTIO_PCI_COMMON_NUMQ));	/* num_queues + status + generation */
	return still_alive("a dword over num_queues and device_status");
}

static const char *a_mmio_straddle_write(void)
{
	const char *why = open_bar();

	if (why)
		return why;
	mmio_write16(HC(VIRTIO_PCI_COMMON_GF + 3), 0);	/* guest_feature's last byte + msix */
	return still_alive("a word over guest_feature and msix_config");
}

/* The BAR mapped; reset, ACKNOWLEDGE, DRIVER. */
static const char *to_driver(void)
{
	const char *why = open_bar();

	if (why)
		return why;
	vpci_reset(&hd);
	vpci_add_status(&hd, VIRTIO_CONFIG_S_ACKNOWLEDGE);
	vpci_add_status(&hd, VIRTIO_CONFIG_S_DRIVER);
	return NULL;
}

/* ... then VERSION_1, FEATURES_OK; queue 0 selected. */
static const char *to_features_ok(void)
{
	const char *why = to_driver();

	if (why)
		return why;
	vpci_set_features(&hd, 1ull << VIRTIO_F_VERSION_1);
	vpci_add_status(&hd, VIRTIO_CONFIG_S_FEATURES_OK);
	CHECK(vpci_get_status(&hd) & VIRTIO_CONFIG_S_FEATURES_OK, "FEATURES_OK refused");
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_SELECT), 0);
	return NULL;
}

static uint8_t ring_block[2 * PAGE_SIZE] __attribute__((aligned(4096)));

/* Queue 0's rings (256 entries, 64-aligned like Linux) with one address
 * replaced (which: 0 desc, 1 avail, 2 used) by lo/hi, then enabled. */
static const char *enable_ring(int which, uint32_t lo, uint32_t hi)
{
	uint32_t a[3] = { __pa(ring_block), __pa(ring_block) + 4096,
			  __pa(ring_block) + 4096 + 576 };
	const char *why = to_features_ok();

	if (why)
		return why;
	a[which] = lo;
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_SIZE), 256);
	for (int k = 0; k < 3; k++) {
		mmio_write32(HC(VIRTIO_PCI_COMMON_Q_DESCLO + 8 * k), a[k]);
		mmio_write32(HC(VIRTIO_PCI_COMMON_Q_DESCHI + 8 * k), k == which ? hi : 0);
	}
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_ENABLE), 1);
	return still_alive("enabling a queue with a bad ring address");
}

static const char *a_ring_outside(void) { return enable_ring(0, ram_bytes + 0x10000, 0); }
static const char *a_ring_straddle(void) { return enable_ring(2, ram_bytes - 1024, 0); }
static const char *a_ring_high(void) { return enable_ring(1, __pa(ring_block) + 4096, 1); }
static const char *a_ring_misaligned(void) { return enable_ring(0, __pa(ring_block) + 8, 0); }
static const char *a_ring_switcher(void) { return enable_ring(0, 0xFFC00000u, 0); }

static const char *a_enable_early(void)
{
	const char *why = to_features_ok();

	if (why)
		return why;
	mmio_write32(HC(VIRTIO_PCI_COMMON_Q_DESCLO), __pa(ring_block));
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_ENABLE), 1);
	return still_alive("queue_enable before the ring addresses");
}

static const char *a_enable_bad_queue(void)
{
	const char *why = to_features_ok();

	if (why)
		return why;
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_SELECT), 5);
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_ENABLE), 1);
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_SELECT), 0);
	CHECK(mmio_read16(HC(VIRTIO_PCI_COMMON_Q_ENABLE)) == 0, "queue 0 got enabled");
	return pass;
}

static const char *a_msix_config(void)
{
	const char *why = open_bar();

	if (why)
		return why;
	mmio_write16(HC(VIRTIO_PCI_COMMON_MSIX), 0);
	return still_alive("writing msix_config");
}

static const char *a_msix_queue(void)
{
	const char *why = to_features_ok();

	if (why)
		return why;
	mmio_write16(HC(VIRTIO_PCI_COMMON_Q_MSIX), 1);
	return still_alive("writing queue_msix_vector");
}

static const char *a_status_backwards(void)
{
	const char *why = vcons_init();

	if (why || (why = open_bar()))
		return why;
	CHECK(vpci_get_status(&hd) & VIRTIO_CONFIG_S_DRIVER_OK, "not DRIVER_OK: %#x",
	      vpci_get_status(&hd));
	mmio_write8(HC(VIRTIO_PCI_COMMON_STATUS), VIRTIO_CONFIG_S_ACKNOWLEDGE);
	return still_alive("status DRIVER_OK, then ACKNOWLEDGE only");
}

static const char *a_driver_ok_early(void)
{
	const char *why = to_driver();

	if (why)
		return why;
	vpci_add_status(&hd, VIRTIO_CONFIG_S_DRIVER_OK);
	return still_alive("DRIVER_OK without FEATURES_OK");
}

static const char *a_window_bad(void)
{
	struct vpci_caps c;
	const char *why = pci_virtio_caps(VCONS_PCI_SLOT, &c);

	if (why)
		return why;
	pci_write8(VCONS_PCI_SLOT, c.pci_cfg + VIRTIO_PCI_CAP_BAR, 1);
	pci_write32(VCONS_PCI_SLOT, c.pci_cfg + VIRTIO_PCI_CAP_LENGTH, 4);
	pci_write32(VCONS_PCI_SLOT, c.pci_cfg + VIRTIO_PCI_CAP_OFFSET, 0);
	pci_write32(VCONS_PCI_SLOT, c.pci_cfg + 16, 'x');
	/* goes nowhere (as in QEMU), and reads 0 */
	return pci_read32(VCONS_PCI_SLOT, c.pci_cfg + 16) ? fail("window on BAR 1 read non-zero")
							   : pass;
}

static const char *a_window_past_bar(void)
{
	struct vpci_caps c;
	const char *why = pci_virtio_caps(VCONS_PCI_SLOT, &c);

	if (why)
		return why;
	pci_write8(VCONS_PCI_SLOT, c.pci_cfg + VIRTIO_PCI_CAP_BAR, 0);
	pci_write32(VCONS_PCI_SLOT, c.pci_cfg + VIRTIO_PCI_CAP_LENGTH, 4);
	pci_write32(VCONS_PCI_SLOT, c.pci_cfg + VIRTIO_PCI_CAP_OFFSET, 0xFFE);
	return pci_read32(VCONS_PCI_SLOT, c.pci_cfg + 16) ? fail("window off BAR 0 read non-zero")
							   : pass;
}

/* Kicks at a queue that does not exist and at one not enabled. */
static const char *a_notify_bad_queue(void)
{
	const char *why = vcons_init();

	if (why || (why = open_bar()))
		return why;
	for (uint16_t q = 2; q < 40; q += 7)
		mmio_write16(hd.va + hd.caps.notify_off, q);
	mmio_write16(hd.va + hd.caps.notify_off, 0xFFFF);
	return pass;
}
#endif

/* ---- never coming back ------------------------------------------------------------ */
static const char *a_never_yield(void)
{
	irq_disable();
	while (forever)
		barrier();
	return fail("left the loop");
}

static const char *a_halt_forever(void)
{
	irq_disable();
	irq_block(0);
	set_clockevent(0);
	while (forever)
		lg_halt();
	return fail("left the loop");
}

struct attack {
	const char *name;
	const char *(*run)(void);
};

#define A(n) { #n, a_##n }
static const struct attack attacks[] = {
	A(hcall_20), A(hcall_99), A(hcall_ffffffff), A(hcall_3), A(hcall_11), A(hcall_12),
	A(hcall_set_pmd), A(init_twice), A(tls_straddle), A(tls_wrap), A(notify_beyond),
	A(shutdown_beyond), A(pgtable_unaligned), A(pgtable_beyond), A(set_pgd_2000),
	A(set_pgd_switcher), A(async_bad_tls), A(async_bad_call), A(async_init),
	A(hcall_storm), A(notify_flood), A(timer_storm),
	A(notify_straddle), A(shutdown_straddle), A(set_pte_pgdir_beyond),
	A(set_pte_pgdir_unaligned), A(set_pgd_pgdir_beyond), A(set_pte_switcher),
	A(tls_unaligned), A(tls_call_gate), A(tls_dpl0), A(async_garbage), A(async_bad_pgtable),
	A(async_bad_stack), A(idt_ring0_selector), A(stack_sel_code), A(stack_sel_beyond),
	A(stack_sel_null), A(stack_sel_changed), A(pte_stale), A(pde_stale), A(pte_global),
	A(pt_in_device_page), A(dev_scribble),
	A(gdt_dpl0), A(gdt_call_gate), A(gdt_tss), A(gdt_ldt), A(gdt_index_32),
	A(gdt_index_ffffffff), A(gdt_host_entries), A(gdt_kernel_cs_dpl3), A(gdt_kernel_ds_absent),
	A(idt_256), A(idt_ffffffff), A(idt_task_gate), A(idt_call_gate), A(idt_ignored),
	A(idt_switcher_int3), A(idt_switcher_int40), A(idt_no_pf_handler), A(idt_no_gp_handler),
	A(stack_rpl0), A(stack_rpl3), A(stack_0_pages), A(stack_3_pages), A(stack_unmapped),
	A(stack_switcher),
	A(pte_4g), A(pt_beyond), A(pde_pse), A(pde_pcd), A(pte_pat), A(map_switcher),
	A(write_sw_code), A(write_sw_code2), A(write_sw_ro), A(write_sw_ro_idt), A(write_sw_hole),
	A(regs_page_low), A(regs_page_all),
	A(hlt), A(lgdt), A(lidt), A(ltr), A(mov_cr3), A(mov_cr0), A(wrmsr), A(rdmsr), A(invlpg),
	A(sysenter), A(lret_ring0), A(mov_ds_ring0), A(iret_ring0), A(iret_vm86), A(eip_past_limit), A(ljmp_ring0), A(ud2), A(cli),
	A(in_out), A(int_20), A(int_21), A(int_27), A(int_2f), A(int_f0), A(int_fe), A(int_ff),
	A(int_2), A(int_8), A(int_20_dpl3),
	A(tx_flood), A(tx_huge), A(tx_rewrite),
	{ "pre_hcall", a_pre }, { "pre_beyond", a_pre }, { "pre_straddle", a_pre },
	{ "pre_unaligned", a_pre },
	A(never_yield), A(halt_forever),
#if LG_PCI
	A(cf8_bus1), A(cf8_fn3), A(cf8_disabled), A(cf8_reg_beyond),
	A(bar_over_ram), A(bar_over_switcher), A(bar_unaligned), A(map_past_bar),
	A(mmio_add), A(mmio_rep_movs), A(mmio_push), A(mmio_straddle), A(mmio_straddle_write),
	A(ring_outside), A(ring_straddle), A(ring_high), A(ring_misaligned), A(ring_switcher),
	A(enable_early), A(enable_bad_queue), A(msix_config), A(msix_queue),
	A(status_backwards), A(driver_ok_early), A(window_bad), A(window_past_bar),
	A(notify_bad_queue),
#endif
	{ NULL, NULL },
};

const char *test_hostile(void)
{
	const struct attack *a;
	const char *why;

	if (!current_test_arg)
		return fail("no attack: use lgtest=hostile:NAME");
	for (a = attacks; a->name; a++)
		if (!strcmp(a->name, current_test_arg))
			break;
	if (!a->name)
		return fail("no such attack %s", current_test_arg);
	say("%s: attacking", a->name);
	why = a->run();
	hostile_resume = 0;
	for (unsigned v = 0; v < 32; v++)
		if (trap_hooks[v] == absorb)
			trap_hooks[v] = NULL;
	if (why)
		return why;
	/* The host must still work for us: timer ticks, hypercalls. */
	unsigned before = timer_ticks;
	for (unsigned i = 0; i < 3; i++)
		sleep_ns(10000000);
	CHECK(timer_ticks >= before + 3, "only %u timer ticks after the attack",
	      timer_ticks - before);
	say("survived %s", a->name);
	return NULL;
}
