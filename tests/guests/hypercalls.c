// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=hypercalls -- every hypercall a Linux guest of this generation
 * makes, each with valid arguments, each followed by a check of what it
 * should have changed.  A hypervisor can accept a call and do the wrong
 * thing quietly; only the effect tells.
 *
 *   LOAD_GDT_ENTRY   (LOAD_GDT, the whole table, on G1-G3)
 *                    our DPL-0 kernel code segment reads back (lar) as
 *                    DPL 1; %fs through the per-CPU entry reads our data;
 *                    changing that one entry moves what %fs sees
 *   LOAD_IDT_ENTRY   int3 reaches our handler
 *   TS               with TS set an x87 instruction raises #NM, with TS
 *                    clear (our #NM handler clears it, as Linux's does)
 *                    it does not (G10 has no TS: x87 never raises #NM)
 *   SET_CLOCKEVENT   + HALT: IRQ 0 wakes us; an event cancelled with 0
 *                    never comes
 *   SET_PTE          a new mapping works; re-pointing it without a flush
 *                    is seen at once; pte 0 (flush one page) unmaps it
 *   SET_PGD          a cleared PDE faults until we restore it
 *   FLUSH_TLB        a PTE changed in memory only is seen after
 *                    FLUSH_TLB(1) (kernel half) and FLUSH_TLB(0) (user)
 *   NEW_PGTABLE      a second page directory with a different user page,
 *                    switched to and back
 *   LOAD_TLS         %gs through TLS entry 6 reads our data, across calls
 *   SET_STACK        again, with the same valid stack
 *   SEND_INTERRUPTS  delivers an IRQ the host held while we had IF off
 *                    (G5/G6 issue it with vmcall, as 2.6.3x-3.0 did;
 *                    G1-G4 have none: the IRQ comes at the next exit)
 *   FLUSH_ASYNC      runs a queued SET_PTE and frees its ring slot
 *   vmcall patch     (G4, G5) the host rewrites a kernel-text vmcall site to
 *                    int $0x1f; nop (CD 1F 90) on its first trap, as
 *                    2.6.30-2.6.33 hosts did; SET_PTE through that site
 *                    works before and after; a vmcall run at cpl 1 below
 *                    PAGE_OFFSET, or split across two pages, works but
 *                    is never rewritten
 * LGUEST_INIT, NOTIFY (up to G7) and SHUTDOWN are every test's boot,
 * output and end; G8+ print through PCI instead, and G8+ have no NOTIFY
 * (rulebreakers.c checks it kills).
 */
#include "guest.h"

#define MARK_A 0xAAAA0001u
#define MARK_B 0xBBBB0002u
#define MARK_C 0xCCCC0003u
#define USER_HALF_VA 0x40000000u

static volatile unsigned bp_count, nm_count, pf_count;
static volatile uint32_t pf_cr2, pf_error;
static uint32_t pf_fix_va, pf_fix_pa, pf_fix_pde_slot, pf_fix_pde;

static bool on_breakpoint(struct trap_frame *f)
{
	bp_count++;
	return true;	/* a trap: eip is already past the int3 */
}

static bool on_nm(struct trap_frame *f)
{
	nm_count++;
#if LG_HAS_TS
	set_ts(false);	/* what Linux's math_state_restore does, through clts */
	return true;
#else
	return false;
#endif
}

/* Page faults we provoke: note them, then repair the mapping (a PTE or a
 * whole PDE) so the faulting instruction succeeds when retried. */
static bool on_pf(struct trap_frame *f)
{
	pf_count++;
	pf_cr2 = read_cr2();
	pf_error = f->error;
	if (pf_fix_pde) {
		((uint32_t *)__va(cur_pgd))[pf_fix_pde_slot] = pf_fix_pde;
		hcall(LHCALL_SET_PGD, cur_pgd, pf_fix_pde_slot, 0, 0);
		pf_fix_pde = 0;
	} else if (pf_fix_va) {
		map_page(pf_fix_va, pf_fix_pa, PTE_KERNEL);
		pf_fix_va = 0;
	} else {
		return false;
	}
	return true;
}

static inline uint32_t peek(uint32_t va)
{
	return *(volatile uint32_t *)(uintptr_t)va;
}

static uint32_t *new_marked_page(uint32_t mark)
{
	uint32_t *p = page_alloc();

	p[0] = mark;
	return p;
}

static const char *check_descriptors(void)
{
	uint32_t ar = 0, fs_val;
	bool valid;

	asm volatile("lar %2, %0; setz %1" : "=r"(ar), "=q"(valid) : "r"((uint32_t)KERNEL_CS));
	CHECK(valid && ((ar >> 13) & 3) == 1 && (ar & 0x8000),
	      "kernel code segment reads back as %#x (want present, DPL 1)", ar);
	asm volatile("movl %%fs:0, %0" : "=r"(fs_val));
	CHECK(fs_val == percpu_area[0], "%%fs:0 reads %#x, expected %#x", fs_val, percpu_area[0]);

	static uint32_t other_area[4] = { 0x0e4e4000, 0, 0, 0 };
	load_gdt_entry(GDT_ENTRY_PERCPU, make_segment((uint32_t)(uintptr_t)other_area, 15, 0x92, 4));
	asm volatile("movl %1, %%fs; movl %%fs:0, %0" : "=r"(fs_val) : "r"(KERNEL_PERCPU));
	CHECK(fs_val == other_area[0], "after LOAD_GDT_ENTRY 27, %%fs:0 reads %#x", fs_val);
	load_gdt_entry(GDT_ENTRY_PERCPU,
		       make_segment((uint32_t)(uintptr_t)percpu_area, 15, 0x92, 4));
	asm volatile("movl %0, %%fs" : : "r"(KERNEL_PERCPU));

	trap_hooks[3] = on_breakpoint;
	asm volatile("int3");
	CHECK(bp_count == 1, "int3 reached our handler %u times", bp_count);
	say("descriptors: GDT fixups, %%fs per-CPU segment and int3 gate work");
	return NULL;
}

static const char *check_ts(void)
{
	trap_hooks[7] = on_nm;
#if !LG_HAS_TS
	asm volatile("fnop");
	CHECK(nm_count == 0, "no TS in this generation, yet fnop raised #NM");
	say("TS: none in this generation; no #NM");
#else
	set_ts(true);
	asm volatile("fnop");
	CHECK(nm_count == 1, "with TS set, fnop gave %u #NM (expected 1)", nm_count);
	asm volatile("fnop");
	CHECK(nm_count == 1, "TS(0) from the #NM handler did not stick: %u #NM", nm_count);
	set_ts(true);
	set_ts(false);
	asm volatile("fnop");
	CHECK(nm_count == 1, "with TS cleared, fnop still raised #NM");
	say("TS: #NM only while TS is set");
#endif
	return NULL;
}

static const char *check_clock(void)
{
	unsigned before = timer_ticks;

	sleep_ns(1000000);
	CHECK(timer_ticks == before + 1, "SET_CLOCKEVENT+HALT: %u ticks", timer_ticks - before);

	before = timer_ticks;
	irq_enable_now();
	set_clockevent(5000000);
	set_clockevent(0);
	spin_ns(20000000);
	flush_async();	/* an exit, in case the host delivers only then */
	CHECK(timer_ticks == before, "a cancelled clock event still fired");
	say("clock event: fires once, HALT wakes, 0 cancels");
	return NULL;
}

static const char *check_set_pte_and_pgd(uint32_t *a, uint32_t *b)
{
	map_page(TEST_VA, __pa(a), PTE_KERNEL);
	CHECK(peek(TEST_VA) == MARK_A, "new mapping reads %#x, expected %#x", peek(TEST_VA), MARK_A);
	*(volatile uint32_t *)TEST_VA = MARK_A + 1;
	CHECK(a[0] == MARK_A + 1, "a write through the new mapping missed its page");
	a[0] = MARK_A;

	map_page(TEST_VA, __pa(b), PTE_KERNEL);
	CHECK(peek(TEST_VA) == MARK_B, "after SET_PTE to another page, read %#x", peek(TEST_VA));

	/* pte 0: Linux's flush_tlb_single.  The next touch must fault. */
	unmap_page(TEST_VA);
	pf_count = 0;
	pf_fix_va = TEST_VA;
	pf_fix_pa = __pa(a);
	uint32_t v = peek(TEST_VA);
	CHECK(pf_count == 1, "access after SET_PTE(.., 0) gave %u page faults", pf_count);
	CHECK(pf_cr2 == TEST_VA && pf_error == 0, "#PF cr2 %#x error %#x (want %#x, 0)",
	      pf_cr2, pf_error, TEST_VA);
	CHECK(v == MARK_A, "after the fault handler mapped it, read %#x", v);

	/* SET_PGD: the host drops its shadow of the PDE we cleared. */
	uint32_t slot = TEST_VA >> 22, *pdes = __va(cur_pgd);
	pf_fix_pde_slot = slot;
	pf_fix_pde = pdes[slot];
	pdes[slot] = 0;
	hcall(LHCALL_SET_PGD, cur_pgd, slot, 0, 0);
	pf_count = 0;
	v = peek(TEST_VA);
	CHECK(pf_count == 1 && pf_cr2 == TEST_VA, "cleared PDE: %u faults, cr2 %#x", pf_count,
	      pf_cr2);
	CHECK(v == MARK_A, "after restoring the PDE, read %#x", v);
	say("SET_PTE and SET_PGD: map, remap, unmap and PDE removal all seen");
	return NULL;
}

static const char *check_flush_tlb(uint32_t *a, uint32_t *b, uint32_t *c)
{
	/* Kernel half: rewrite the PTE behind the host's back, then flush. */
	CHECK(peek(TEST_VA) == MARK_A, "TEST_VA lost its mapping");
	*pte_lookup(cur_pgd, TEST_VA) = __pa(b) | PTE_KERNEL;
	flush_tlb(true);
	CHECK(peek(TEST_VA) == MARK_B, "after FLUSH_TLB(1), read %#x (expected %#x)",
	      peek(TEST_VA), MARK_B);

	/* User half (below kernel_address), supervisor-only page. */
	map_page(USER_HALF_VA, __pa(a), PTE_KERNEL);
	CHECK(peek(USER_HALF_VA) == MARK_A, "user-half mapping reads %#x", peek(USER_HALF_VA));
	*pte_lookup(cur_pgd, USER_HALF_VA) = __pa(c) | PTE_KERNEL;
	flush_tlb(false);
	CHECK(peek(USER_HALF_VA) == MARK_C, "after FLUSH_TLB(0), read %#x (expected %#x)",
	      peek(USER_HALF_VA), MARK_C);
	say("FLUSH_TLB: kernel and user halves refreshed");
	return NULL;
}

static const char *check_new_pgtable(uint32_t *b)
{
	uint32_t orig = cur_pgd, *pgd2 = page_alloc(), *pt2 = page_alloc();
	uint32_t slot = USER_HALF_VA >> 22;

	memcpy(pgd2, __va(orig), PAGE_SIZE);	/* share every table ... */
	pgd2[slot] = __pa(pt2) | PDE_KERNEL;	/* ... but this one */
	pt2[(USER_HALF_VA >> 12) & 0x3FF] = __pa(b) | PTE_KERNEL;

	set_pgtable(__pa(pgd2));
	uint32_t in2 = peek(USER_HALF_VA);
	set_pgtable(orig);
	uint32_t back = peek(USER_HALF_VA);
	CHECK(in2 == MARK_B, "in the second page directory, read %#x (expected %#x)", in2, MARK_B);
	CHECK(back == MARK_C, "back in the first, read %#x (expected %#x)", back, MARK_C);
	say("NEW_PGTABLE: two directories, each with its own user page");
	return NULL;
}

/* More directories than the host keeps shadows of, in turn: each time a
 * shadow is reused for another directory, the page tables it had of its
 * own must go, or a directory would see another's user page. */
#define MANY_DIRS 6
#define MARK_DIR 0x5A5A0000u

static const char *check_many_pgtables(void)
{
	uint32_t orig = cur_pgd, slot = USER_HALF_VA >> 22, dirs[MANY_DIRS];

	for (uint32_t i = 0; i < MANY_DIRS; i++) {
		uint32_t *d = page_alloc(), *pt = page_alloc();
		memcpy(d, __va(orig), PAGE_SIZE);
		d[slot] = __pa(pt) | PDE_KERNEL;
		pt[(USER_HALF_VA >> 12) & 0x3FF] = __pa(new_marked_page(MARK_DIR + i)) | PTE_KERNEL;
		dirs[i] = __pa(d);
	}
	for (uint32_t round = 0; round < 3; round++)
		for (uint32_t i = 0; i < MANY_DIRS; i++) {
			set_pgtable(dirs[i]);
			uint32_t v = peek(USER_HALF_VA);
			if (v != MARK_DIR + i) {
				set_pgtable(orig);
				return fail("directory %u of %u (round %u) reads %#x, expected %#x", i,
					    MANY_DIRS, round, v, MARK_DIR + i);
			}
		}
	set_pgtable(orig);
	say("NEW_PGTABLE: %u directories in turn, three rounds, each sees its own page",
	    MANY_DIRS);
	return NULL;
}

/* A shadow fill also fills neighbours, but only those the guest marked
 * Accessed, and those not Dirty read-only: the host must never set an
 * Accessed bit the guest did not earn, and must see the first write to a
 * clean page to set its Dirty bit.  The entries are written behind the
 * host's back while their shadows are empty, so the fill path finds them. */
static const char *check_fill_ahead_bits(void)
{
	uint32_t va = USER_HALF_VA + 0x10000;	/* one fill-ahead group of 16 */
	uint32_t *p0 = new_marked_page(MARK_A), *p1 = new_marked_page(MARK_B);
	uint32_t *p2 = new_marked_page(MARK_C);

	map_page(va, __pa(p0), PTE_KERNEL);	/* the page table exists */
	map_page(va, 0, 0);
	volatile uint32_t *e0 = pte_lookup(cur_pgd, va), *e1 = pte_lookup(cur_pgd, va + 0x1000);
	volatile uint32_t *e2 = pte_lookup(cur_pgd, va + 0x2000);
	*e1 = __pa(p1) | PTE_P | PTE_W;			/* not Accessed */
	*e2 = __pa(p2) | PTE_P | PTE_W | PTE_A;		/* Accessed, clean */
	*e0 = __pa(p0) | PTE_KERNEL;
	CHECK(peek(va) == MARK_A, "the filled page reads %#x", peek(va));
	CHECK(!(*e1 & PTE_A), "a neighbour the guest never touched became Accessed (%#x)", *e1);
	CHECK(!(*e2 & PTE_D), "a clean neighbour became Dirty unwritten (%#x)", *e2);
	*(volatile uint32_t *)(va + 0x2000) = MARK_C + 1;
	CHECK(*e2 & PTE_D, "the first write to a clean filled-ahead page left it clean (%#x)", *e2);
	CHECK(p2[0] == MARK_C + 1, "the write missed its page");
	CHECK(peek(va + 0x1000) == MARK_B && (*e1 & PTE_A),
	      "the untouched neighbour reads %#x, entry %#x", peek(va + 0x1000), *e1);
	for (uint32_t k = 0; k < 3; k++)
		map_page(va + k * 0x1000, 0, 0);
	say("fill-ahead: Accessed and Dirty only as the guest earns them");
	return NULL;
}

static const char *check_tls(void)
{
	static uint32_t tls_block[4] = { 0x7150a11d, 0x7150b22e, 0, 0 };
	static struct desc tls[3];
	uint32_t v;

	tls[0] = make_segment((uint32_t)(uintptr_t)tls_block, 0xFFFFF, 0xF2, 0xC);
	tls[1] = make_segment((uint32_t)(uintptr_t)&tls_block[1], 0xFFFFF, 0xF2, 0xC);
	load_tls(tls);
	asm volatile("movl %0, %%gs" : : "r"((GDT_ENTRY_TLS_MIN << 3) | 3));
	flush_async();	/* %gs must survive a trip through the host */
	asm volatile("movl %%gs:0, %0" : "=r"(v));
	CHECK(v == tls_block[0], "%%gs:0 through TLS entry 6 reads %#x", v);
	asm volatile("movl %1, %%gs; movl %%gs:0, %0; movl %2, %%gs"
		     : "=&r"(v) : "r"(((GDT_ENTRY_TLS_MIN + 1) << 3) | 3), "r"(0));
	CHECK(v == tls_block[1], "%%gs:0 through TLS entry 7 reads %#x", v);
	say("LOAD_TLS: %%gs reads through entries 6 and 7");
	return NULL;
}

#if !LG_HAS_IRQ_PENDING
/* Up to 2.6.30 there is no SEND_INTERRUPTS: Linux turns interrupts back
 * on with a plain store, and one the host held meanwhile comes at the
 * next exit, whatever its kind. */
static const char *check_send_interrupts(void)
{
	unsigned before = timer_ticks;

	irq_disable();
	set_clockevent(1000000);
	spin_ns(10000000);
	flush_async();		/* make sure the host has looked */
	CHECK(timer_ticks == before, "IRQ 0 delivered while irq_enabled was 0");
	irq_enable();
	exits_until_tick(before);	/* any exit will do, once the host has seen it */
	CHECK(timer_ticks == before + 1, "the held IRQ 0 did not come at the next exit");
	say("held interrupt: the tick came at the next exit after irq_enabled was set");
	return NULL;
}
#else
static const char *check_send_interrupts(void)
{
	unsigned before = timer_ticks;

	hcall_send_interrupts();	/* with nothing pending: a no-op */
	irq_disable();
	set_clockevent(1000000);
	spin_ns(10000000);
	flush_async();		/* make sure the host has looked */
	exits_until_irq_pending();
	CHECK(timer_ticks == before, "IRQ 0 delivered while irq_enabled was 0");
	CHECK(lguest_data.irq_pending, "irq_pending not set for the held IRQ 0");
	lguest_data.irq_enabled = EFLAGS_IF;
	hcall_send_interrupts();
	CHECK(timer_ticks == before + 1, "SEND_INTERRUPTS did not deliver the held IRQ 0");
	say("SEND_INTERRUPTS: the held tick arrived");
	return NULL;
}
#endif

static const char *check_flush_async(uint32_t *a)
{
	unsigned slot = async_next_slot;

	async_map_page(TEST_VA, __pa(a), PTE_KERNEL);
	CHECK(lguest_data.hcall_status[slot] == 0, "ring slot %u not queued", slot);
	flush_async();
	CHECK(lguest_data.hcall_status[slot] == 0xFF, "FLUSH_ASYNC left slot %u at %#x", slot,
	      lguest_data.hcall_status[slot]);
	CHECK(peek(TEST_VA) == MARK_A, "queued SET_PTE not applied: read %#x", peek(TEST_VA));
	say("FLUSH_ASYNC: the queued SET_PTE ran");
	return NULL;
}

#if LG_VMCALL
#define LOW_STUB_VA 0x50000000u	/* below PAGE_OFFSET, kernel-only */

/* probe_hcall(nr, a1, a2, a3): one hypercall through a vmcall site of its
 * own, probe_site, whose bytes we can read back.  Written in assembly so
 * the compiler cannot copy it (a second site); 32-byte aligned, so the
 * site (17 bytes in) never straddles a page. */
void probe_hcall(uint32_t nr, uint32_t a1, uint32_t a2, uint32_t a3);
extern const volatile uint8_t probe_site[];
asm(".pushsection .text\n"
    ".balign 32\n"
    "probe_hcall:\n"
    "	pushl %ebx\n"
    "	movl 8(%esp), %eax\n"
    "	movl 12(%esp), %ebx\n"
    "	movl 16(%esp), %ecx\n"
    "	movl 20(%esp), %edx\n"
    "probe_site:\n"
    "	.byte 0x0f, 0x01, 0xc1\n"
    "	popl %ebx\n"
    "	ret\n"
    ".popsection");

static volatile unsigned ud_count;

static bool on_ud(struct trap_frame *f)
{
	ud_count++;
	return false;	/* a kernel #UD: the test has failed, let it die */
}

static bool bytes_are(const volatile uint8_t *p, uint8_t b0, uint8_t b1, uint8_t b2)
{
	return p[0] == b0 && p[1] == b1 && p[2] == b2;
}

/* SET_PTE(TEST_VA -> page) through a vmcall stub at va, called at cpl 1. */
static void stub_set_pte(uint32_t va, uint32_t pte)
{
	uint32_t eax = LHCALL_SET_PTE, ebx = cur_pgd, ecx = TEST_VA, edx = pte;

	asm volatile("call *%4" : "+a"(eax), "+b"(ebx), "+c"(ecx), "+d"(edx)
		     : "r"(va) : "memory", "cc");
}

static const char *check_vmcall_patch(uint32_t *a, uint32_t *b)
{
	uint32_t pte_a = __pa(a) | PTE_KERNEL, pte_b = __pa(b) | PTE_KERNEL;
	uint32_t *pte;

	trap_hooks[6] = on_ud;
	map_page(TEST_VA, __pa(a), PTE_KERNEL);
	pte = pte_lookup(cur_pgd, TEST_VA);
	CHECK(bytes_are(probe_site, 0x0F, 0x01, 0xC1), "probe site starts as %02x %02x %02x",
	      probe_site[0], probe_site[1], probe_site[2]);

	/* The first call traps as #UD: handled, and the site rewritten. */
	*pte = pte_b;
	probe_hcall(LHCALL_SET_PTE, cur_pgd, TEST_VA, pte_b);
	CHECK(peek(TEST_VA) == MARK_B, "SET_PTE by vmcall not applied: read %#x", peek(TEST_VA));
	CHECK(bytes_are(probe_site, 0xCD, 0x1F, 0x90),
	      "vmcall site after its first call: %02x %02x %02x, expected cd 1f 90",
	      probe_site[0], probe_site[1], probe_site[2]);
	/* And from then on it is int $0x1f; nop, doing the same. */
	for (unsigned i = 0; i < 100; i++) {
		uint32_t want = i & 1 ? pte_b : pte_a;
		*pte = want;
		probe_hcall(LHCALL_SET_PTE, cur_pgd, TEST_VA, want);
		CHECK(peek(TEST_VA) == (i & 1 ? MARK_B : MARK_A),
		      "SET_PTE %u through the patched site not applied: read %#x", i, peek(TEST_VA));
	}
	say("vmcall patch: the site reads cd 1f 90 after its first call; 100 more calls worked");

	/* vmcall; ret in a page mapped kernel-only below PAGE_OFFSET: the
	 * hypercall is made, the bytes stay. */
	uint8_t *low = page_alloc();
	low[0] = 0x0F; low[1] = 0x01; low[2] = 0xC1; low[3] = 0xC3;
	map_page(LOW_STUB_VA, __pa(low), PTE_KERNEL);
	for (unsigned i = 0; i < 3; i++) {
		*pte = i & 1 ? pte_a : pte_b;
		stub_set_pte(LOW_STUB_VA, *pte);
		CHECK(peek(TEST_VA) == (i & 1 ? MARK_A : MARK_B),
		      "SET_PTE by vmcall below PAGE_OFFSET not applied: read %#x", peek(TEST_VA));
	}
	CHECK(bytes_are(low, 0x0F, 0x01, 0xC1),
	      "a vmcall below PAGE_OFFSET was rewritten to %02x %02x %02x", low[0], low[1], low[2]);

	/* The same split across two pages (the pool's pages are adjacent). */
	uint8_t *p1 = page_alloc(), *p2 = page_alloc();
	CHECK(p2 == p1 + PAGE_SIZE, "pool pages %#x and %#x not adjacent", (unsigned)__pa(p1),
	      (unsigned)__pa(p2));
	p1[PAGE_SIZE - 2] = 0x0F; p1[PAGE_SIZE - 1] = 0x01; p2[0] = 0xC1; p2[1] = 0xC3;
	for (unsigned i = 0; i < 3; i++) {
		*pte = i & 1 ? pte_a : pte_b;
		stub_set_pte((uint32_t)(uintptr_t)(p1 + PAGE_SIZE - 2), *pte);
		CHECK(peek(TEST_VA) == (i & 1 ? MARK_A : MARK_B),
		      "SET_PTE by a page-split vmcall not applied: read %#x", peek(TEST_VA));
	}
	CHECK(p1[PAGE_SIZE - 2] == 0x0F && p1[PAGE_SIZE - 1] == 0x01 && p2[0] == 0xC1,
	      "a page-split vmcall was rewritten to %02x %02x %02x", p1[PAGE_SIZE - 2],
	      p1[PAGE_SIZE - 1], p2[0]);
	CHECK(ud_count == 0, "%u #UD reflected for kernel vmcalls", ud_count);
	trap_hooks[6] = NULL;
	unmap_page(LOW_STUB_VA);
	say("vmcall patch: vmcalls below PAGE_OFFSET and split across pages work, unpatched");
	return NULL;
}
#else
static const char *check_vmcall_patch(uint32_t *a, uint32_t *b)
{
	return NULL;
}
#endif

const char *test_hypercalls(void)
{
	uint32_t *a = new_marked_page(MARK_A), *b = new_marked_page(MARK_B);
	uint32_t *c = new_marked_page(MARK_C);
	const char *why;

	trap_hooks[14] = on_pf;
	if ((why = check_descriptors()) || (why = check_ts()) || (why = check_clock()) ||
	    (why = check_set_pte_and_pgd(a, b)) || (why = check_flush_tlb(a, b, c)) ||
	    (why = check_new_pgtable(b)) || (why = check_many_pgtables()) ||
	    (why = check_fill_ahead_bits()) || (why = check_tls()) ||
	    (why = check_send_interrupts()) || (why = check_flush_async(a)) ||
	    (why = check_vmcall_patch(a, b)))
		return why;
	/* SET_STACK once more, the same valid stack: must be accepted. */
	hcall(LHCALL_SET_STACK, KERNEL_DS, trap_stack_top(), 2, 0);
	say("SET_STACK again: accepted");
	return NULL;
}
