// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=fuzz:SEED[:LIFE] -- a fuzzing guest in the style of Hyper-Cube:
 * after a normal boot it does random things to the hypervisor, forever,
 * from a seeded generator, so that whatever it finds can be replayed.
 *
 * Run it with on_crash=restart (make fuzz does): most lives end with the
 * hypervisor killing us for something we did, and the hypervisor starts
 * us again with " lghv.restarts=N" on our command line.  Life N draws
 * from a generator seeded with (SEED, N); LIFE replays one life alone.
 * We never end ourselves except by SHUTDOWN(RESTART) (after LIFE_OPS
 * operations, so that the hypervisor prints our counters), and the
 * fuzzing goes on until the harness (tests/fuzzguest/run.py) has seen
 * enough hypercalls in those counters.  A clock tick re-arms itself
 * every TICK_NS, so that no HALT (ours, or an emulated hlt) sleeps for
 * good.
 *
 * Each operation is "gentle" -- within rules the hypervisor accepts, but
 * with random values in every field it must sanitise -- or, one time in
 * `wild_odds` (chosen per life), "wild": anything at all.  Gentle lives
 * are long and reach deep state; wild operations test every kill path
 * from every state.  The operations:
 *   hcall   one hypercall, synchronous
 *   ring    a burst of calls through the asynchronous ring, then a flush
 *           (wild: random status bytes and records, out of order)
 *   pte     a random PTE in a window of one of our three page
 *           directories, with SET_PTE, or written behind the
 *           hypervisor's back; then a touch through the window
 *   pgd     a window PDE changed (SET_PGD), or another directory loaded
 *   desc    a GDT entry, TLS set or IDT gate with random contents, then
 *           used: a selector loaded, an `int $n` raised
 *   vring   the console's rings scribbled on, then kicked (or a line
 *           written through them properly)
 *   priv    a privileged instruction, port I/O, a segment load, a far
 *           return into another ring, a touch of the switcher's pages, or
 *           (wild) a buffer of random bytes executed
 * and on G8-G10, where the console is a virtio 1.0 PCI device (see the
 * PCI section below):
 *   cfg     configuration-space port I/O on 0xCF8-0xCFF: BAR 0, the
 *           PCI_CFG window, any register of slots 0-3
 *   mmio    an access to BAR 0 in a form built at run time (wild: forms
 *           the host must refuse, other window pages, past the window)
 *   vq      the common configuration: features, status, queues set up
 *           in our own rings, fed, kicked and (wild) scribbled on
 * Faults are expected: every one (any vector) is caught by fz_trap,
 * which abandons the operation (fz_try returns 1).  Writes only ever go
 * to scratch memory, [RAM/4, RAM/2) (and, on PCI, our own ring blocks and
 * code page), except in wild operations.
 * Every PROGRESS operations we print "lgtest: fuzz: life L op N faults F
 * pci P" (P: operations on PCI so far), which
 * the harness watches to tell a stuck guest from a stuck hypervisor.
 */
#include "vcons.h"
#include <linux/virtio_ring.h>

#define PROGRESS 1024u
#define LIFE_OPS 65536u			/* then SHUTDOWN(RESTART): counters get printed */
#define TICK_NS 2000000u
#define DIRS 3
#define USER_WIN_VA 0x40000000u		/* one page table's worth each */
#define KERNEL_WIN_VA 0xE0000000u
#define WIN_PAGES 1024u
#define GDT_FUZZ_FIRST 20		/* entries 20-25: unused by the library */
#define GDT_FUZZ_COUNT 6

/* ---- the generator: splitmix64 seeding xorshift64* ---------------------- */
static uint64_t rng;

static uint32_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 32);
}

static uint32_t below(uint32_t n) { return n ? rnd() % n : 0; }
static bool one_in(uint32_t n) { return below(n) == 0; }

static void seed_rng(uint64_t seed, uint32_t life)
{
	uint64_t z = seed + 0x9E3779B97F4A7C15ull * (life + 1);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	rng = (z ^ (z >> 31)) | 1;
}

/* ---- what we own ------------------------------------------------------------ */
static uint32_t dirs[DIRS];			/* gpas of our page directories */
static uint32_t *user_pt[DIRS], *kernel_pt;	/* the windows' page tables */
static uint32_t scratch_lo, scratch_pages;	/* frames we may write at will */
static uint32_t wild_odds;
static uint16_t saved_fs, saved_gs;
static struct desc tls_buf[3];
static uint8_t code_buf[64] __attribute__((aligned(16)));
static const char empty[] __attribute__((unused)) = "";
static bool cons_intact = true;		/* the library's console still works */
static unsigned pci_ops;		/* operations on PCI (G8+) */

static uint32_t mem_limit(void) { return ram_bytes + LG_DEVICE_PAGES * PAGE_SIZE; }
static uint32_t scratch_frame(void) { return scratch_lo + below(scratch_pages) * PAGE_SIZE; }
static uint32_t any_frame(void) { return below(ram_bytes / PAGE_SIZE) * PAGE_SIZE; }

/* A value from the edges where checks go wrong, or anything. */
static uint32_t interesting(void)
{
	switch (below(LG_PCI ? 15 : 14)) {
	case 0: return 0;
	case 1: return 1u << below(32);
	case 2: return 0xFFFFFFFFu - below(16);
	case 3: return ram_bytes - below(8);
	case 4: return mem_limit() - below(8);
	case 5: return mem_limit() + below(0x10000);
	case 6: return SW_BASE_VA + below(0x400000);
	case 7: return PAGE_OFFSET + below(ram_bytes);
	case 8: return below(ram_bytes);
	case 9: return any_frame();
	case 10: return cur_pgd;
	case 11: return below(256);
#if LG_PCI
	case 14: return ram_bytes + below(0x22000);	/* the MMIO window, and past it */
#endif
	default: return rnd();
	}
}

/* ---- surviving faults ---------------------------------------------------
 * fz_try(fn) runs fn and returns 0; if fn faults, fz_trap sends the
 * trap's return to fz_recover, which reloads our segments and the stack
 * fz_try saved and returns 1 from it. */
int fz_try(void (*fn)(void));
void fz_recover(void);
uint32_t fz_saved_esp;
static volatile bool fz_armed;
static volatile unsigned faults;

asm(".text\n"
    ".globl fz_try, fz_recover\n"
    "fz_try:\n\t"
    "pushl %ebp\n\tpushl %ebx\n\tpushl %esi\n\tpushl %edi\n\t"
    "movl %esp, fz_saved_esp\n\t"
    "call *20(%esp)\n\t"
    "xorl %eax, %eax\n\t"
    "jmp 1f\n"
    "fz_recover:\n\t"
    "movl $0x69, %eax\n\t"		/* KERNEL_DS */
    "movl %eax, %ss\n\t"
    "movl fz_saved_esp, %esp\n\t"
    "movl %eax, %ds\n\t"
    "movl %eax, %es\n\t"
    "movl $1, %eax\n"
    "1:\n\t"
    "popl %edi\n\tpopl %esi\n\tpopl %ebx\n\tpopl %ebp\n\t"
    "ret\n");

static bool fz_trap(struct trap_frame *f)
{
	faults++;
#if LG_HAS_TS
	if (f->vector == 7) {		/* our own TS: clear it and go on */
		set_ts(false);
		return true;
	}
#endif
	if (!fz_armed) {
		printk("lgtest: fuzz: fault %u at %#x (error %#x) outside an operation; restarting\n",
		       f->vector, f->eip, f->error);
		lg_shutdown("fuzz: lost", LGUEST_SHUTDOWN_RESTART);
	}
	f->eip = (uint32_t)(uintptr_t)fz_recover;
	f->cs = KERNEL_CS;
	f->eflags = 0x202;
	f->ds = f->es = KERNEL_DS;
	f->fs = saved_fs;
	f->gs = saved_gs;
	return true;
}

static int attempt(void (*fn)(void))
{
	int r;

	fz_armed = true;
	r = fz_try(fn);
	fz_armed = false;
	asm volatile("movw %0, %%ds\n\tmovw %0, %%es\n\tmovw %1, %%fs\n\tmovw %2, %%gs"
		     : : "r"((uint16_t)KERNEL_DS), "r"(saved_fs), "r"(saved_gs));
	irq_enable_now();
	return r;
}

/* ---- random contents ------------------------------------------------------ */
static uint32_t window_va(void)
{
	uint32_t base = one_in(2) ? USER_WIN_VA : KERNEL_WIN_VA;
	return base + below(WIN_PAGES) * PAGE_SIZE + (below(4) ? 0 : below(PAGE_SIZE) & ~3u);
}

/* A PTE the rules allow: writable ones map scratch, read-only ones any of
 * RAM; random low flags (never PSE/PAT) and random software bits. */
static uint32_t gentle_pte(void)
{
	uint32_t flags = rnd() & 0xE7Fu & ~PTE_PSE;

	if (one_in(8))
		return 0;
	return ((flags & PTE_W) ? scratch_frame() : any_frame()) | flags;
}

static uint32_t gentle_segment(void)
{
	/* access: present or not, any DPL, S set, any type; any limit/flags */
	return rnd();
}

static struct desc gentle_desc(void)
{
	struct desc d = { rnd(), (gentle_segment() | 0x1000u) };

	if (one_in(4))
		d.hi |= 0x8000u;	/* present more often than not */
	return d;
}

static struct desc wild_desc(void)
{
	return (struct desc){ interesting(), interesting() };
}

/* An interrupt or trap gate to one of the library's exception stubs (each
 * ends in fz_trap), any DPL, present or not. */
extern void trap_stub_3(void), trap_stub_13(void), trap_stub_0(void);
static struct desc gentle_gate(void)
{
	static void (*const stubs[])(void) = { trap_stub_3, trap_stub_13, trap_stub_0 };
	uint32_t h = (uint32_t)(uintptr_t)stubs[below(3)];
	uint32_t type = one_in(2) ? 0xE : 0xF;

	return (struct desc){ (h & 0xFFFF) | (uint32_t)KERNEL_CS << 16,
			      (h & 0xFFFF0000u) | (rnd() & 0x8000u) | below(4) << 13 | type << 8 };
}

/* ---- hypercalls ------------------------------------------------------------ */
struct call {
	uint32_t nr, a1, a2, a3, a4;
};

/* The page-table slot behind va in directory k (a window address). */
static uint32_t *window_slot(int k, uint32_t va)
{
	return &(va >= KERNEL_WIN_VA ? kernel_pt : user_pt[k])[(va >> 12) & 1023];
}

static void gentle_call(struct call *c)
{
	int k = below(DIRS);
	uint32_t d = dirs[k];
	struct desc x;

	*c = (struct call){ 0, 0, 0, 0, 0 };
	switch (below(13)) {
	case 0: c->nr = LHCALL_FLUSH_ASYNC; break;
	case 1: c->nr = LHCALL_FLUSH_TLB; c->a1 = rnd() & 1; break;
#if LG_HAS_TS
	case 2: c->nr = LHCALL_TS; c->a1 = one_in(4) ? 8 : 0; break;
#else
	case 2: c->nr = LHCALL_FLUSH_ASYNC; break;	/* 4.10+: no TS */
#endif
	case 3: c->nr = LHCALL_SET_CLOCKEVENT; c->a1 = below(2000000); break;
#if LG_HAS_IRQ_PENDING
	case 4: c->nr = LHCALL_SEND_INTERRUPTS; break;
#else
	case 4: c->nr = LHCALL_FLUSH_ASYNC; break;	/* none before 2.6.31 */
#endif
#if LG_HAS_NOTIFY
	case 5: c->nr = LHCALL_NOTIFY; c->a1 = __pa(empty); break;
#else
	case 5: c->nr = LHCALL_SEND_INTERRUPTS; break;	/* 4.0+: no NOTIFY */
#endif
	case 6: case 7: {
		uint32_t va = window_va(), pte = gentle_pte();
		*window_slot(k, va) = pte;
		*c = (struct call){ LHCALL_SET_PTE, d, va, pte, 0 };
		break;
	}
	case 8: c->nr = LHCALL_SET_PGD; c->a1 = d;
		c->a2 = one_in(2) ? USER_WIN_VA >> 22 : KERNEL_WIN_VA >> 22; break;
	case 9: c->nr = LHCALL_NEW_PGTABLE; c->a1 = d; break;
	case 10: c->nr = LHCALL_LOAD_TLS;
		for (int i = 0; i < 3; i++)
			tls_buf[i] = gentle_desc();
		c->a1 = __pa(tls_buf); break;
	case 11: x = gentle_desc();
#if LG_LOAD_WHOLE_GDT	/* up to 2.6.29: the entry into our GDT, the whole GDT again */
		guest_gdt[GDT_FUZZ_FIRST + below(GDT_FUZZ_COUNT)] = x;
		*c = (struct call){ LHCALL_LOAD_GDT, __pa(guest_gdt), GDT_ENTRIES_ALL, 0, 0 };
#else
		*c = (struct call){ LHCALL_LOAD_GDT_ENTRY, GDT_FUZZ_FIRST + below(GDT_FUZZ_COUNT),
				    x.lo, x.hi, 0 };
#endif
		break;
	default: x = gentle_gate();
		*c = (struct call){ LHCALL_LOAD_IDT_ENTRY, 0x40 + below(0x40), x.lo, x.hi, 0 };
		break;
	}
}

static void wild_call(struct call *c)
{
	c->nr = one_in(4) ? interesting() : below(LHCALL_MAX + 2);
	c->a1 = interesting();
	c->a2 = interesting();
	c->a3 = interesting();
	c->a4 = interesting();
#if LG_HAS_RESTART
	if (c->nr == LHCALL_SHUTDOWN)
		c->a2 = LGUEST_SHUTDOWN_RESTART;	/* a power-off would end the fuzzing */
#else
	if (c->nr == LHCALL_CRASH)
		c->nr = LHCALL_FLUSH_ASYNC;	/* 2.6.24 has no restart: CRASH would end it */
#endif
}

static void make_call(struct call *c, bool wild)
{
	if (wild)
		wild_call(c);
	else
		gentle_call(c);
}

static struct call pending;

static void do_pending(void)
{
	hcall(pending.nr, pending.a1, pending.a2, pending.a3, pending.a4);
}

static void op_hcall(bool wild)
{
	make_call(&pending, wild);
	if (!wild && one_in(40)) {	/* a HALT we will wake from */
		set_clockevent(100000 + below(1000000));
		irq_enable();
		lg_halt();
		return;
	}
	attempt(do_pending);
}

static void op_ring(bool wild)
{
	unsigned n = 1 + below(LHCALL_RING_SIZE + 8);

	for (unsigned i = 0; i < n; i++) {
		struct call c;
		make_call(&c, wild && one_in(4));
		if (wild && one_in(3)) {	/* any record, any status, anywhere */
			unsigned slot = below(LHCALL_RING_SIZE);
			volatile struct hcall_args *rec = &lguest_data.hcalls[slot];
			rec->nr = c.nr;
			rec->arg1 = c.a1;
			rec->arg2 = c.a2;
			rec->arg3 = c.a3;
#if !LG_RING_RECORD_16
			rec->arg4 = c.a4;
#endif
			lguest_data.hcall_status[slot] = one_in(2) ? 0 : (uint8_t)rnd();
		} else {
			async_hcall(c.nr, c.a1, c.a2, c.a3, c.a4);
		}
	}
	pending = (struct call){ LHCALL_FLUSH_ASYNC, 0, 0, 0, 0 };
	attempt(do_pending);
}

/* ---- memory ------------------------------------------------------------------ */
static volatile uint32_t touch_va;
static volatile bool touch_write;

static void do_touch(void)
{
	volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)touch_va;

	if (touch_write)
		*p = rnd();
	else
		(void)*p;
}

static void op_pte(bool wild)
{
	uint32_t va = window_va();
	int k = below(DIRS);
	uint32_t pte = wild ? interesting() : gentle_pte();

	*window_slot(k, va) = pte;
	pending = (struct call){ LHCALL_SET_PTE, dirs[k], va & ~0xFFFu, pte, 0 };
	if (!one_in(4))	/* else: changed behind the hypervisor's back */
		attempt(do_pending);
	/* A gentle writable PTE maps scratch, so writing through it is safe
	 * (unless a wild one before it still lingers in the shadow). */
	touch_va = va;
	touch_write = one_in(2) && (wild || (pte & PTE_W));
	attempt(do_touch);
}

static void op_pgd(bool wild)
{
	int k = below(DIRS);
	uint32_t *pdes = __va(dirs[k]);
	uint32_t idx = one_in(2) ? USER_WIN_VA >> 22 : KERNEL_WIN_VA >> 22;
	uint32_t table = __pa(idx == USER_WIN_VA >> 22 ? user_pt[k] : kernel_pt);

	if (wild) {
		idx = one_in(2) ? idx : below(1024);
		if (idx < (PAGE_OFFSET >> 22) || idx == USER_WIN_VA >> 22 ||
		    idx == KERNEL_WIN_VA >> 22 || one_in(8))
			pdes[idx] = one_in(2) ? interesting() : scratch_frame() | (rnd() & 0xFFF);
		pending = (struct call){ LHCALL_SET_PGD, dirs[k], idx, 0, 0 };
	} else if (one_in(3)) {
		pending = (struct call){ LHCALL_NEW_PGTABLE, dirs[k], 0, 0, 0 };
	} else {
		pdes[idx] = one_in(8) ? 0 : table | (rnd() & 0x67u) | PTE_P;
		pending = (struct call){ LHCALL_SET_PGD, dirs[k], idx, 0, 0 };
	}
	if (attempt(do_pending) == 0 && pending.nr == LHCALL_NEW_PGTABLE)
		cur_pgd = dirs[k];
}

/* ---- descriptors -------------------------------------------------------------- */
static volatile uint16_t sel;

static void do_load_gs(void)
{
	asm volatile("movw %0, %%gs\n\tmovl %%gs:0, %%eax" : : "r"(sel) : "eax", "memory");
}

static void do_int(void)
{
	((void (*)(void))(uintptr_t)code_buf)();
}

static void op_desc(bool wild)
{
	switch (below(3)) {
	case 0: {	/* a GDT entry, then a selector for it in %gs */
		uint32_t i = wild ? (one_in(2) ? below(40) : interesting())
				  : GDT_FUZZ_FIRST + below(GDT_FUZZ_COUNT);
		struct desc d = wild ? wild_desc() : gentle_desc();
#if LG_LOAD_WHOLE_GDT
		/* Up to 2.6.29: the entry into our GDT and the whole of it
		 * loaded (now and then with a wild count); our own entries
		 * are put back in our copy afterwards. */
		struct desc was = guest_gdt[i & 31];
		guest_gdt[i & 31] = d;
		pending = (struct call){ LHCALL_LOAD_GDT, __pa(guest_gdt),
					 wild && one_in(4) ? interesting() : GDT_ENTRIES_ALL, 0, 0 };
		int r = attempt(do_pending);
		if ((i & 31) < GDT_FUZZ_FIRST || (i & 31) >= GDT_FUZZ_FIRST + GDT_FUZZ_COUNT)
			guest_gdt[i & 31] = was;
		if (r == 0) {
#else
		pending = (struct call){ LHCALL_LOAD_GDT_ENTRY, i, d.lo, d.hi, 0 };
		if (attempt(do_pending) == 0) {
#endif
			sel = (uint16_t)((i & 31) << 3 | below(4));
			attempt(do_load_gs);
		}
		break;
	}
	case 1: {	/* the TLS entries, then one of them in %gs */
		for (int i = 0; i < 3; i++)
			tls_buf[i] = wild ? wild_desc() : gentle_desc();
		pending = (struct call){ LHCALL_LOAD_TLS, wild && one_in(4) ? interesting()
								      : __pa(tls_buf), 0, 0, 0 };
		if (attempt(do_pending) == 0) {
			sel = (uint16_t)((6 + below(3)) << 3 | below(4));
			attempt(do_load_gs);
		}
		break;
	}
	default: {	/* an IDT gate, then int $n */
		uint32_t v = wild ? (one_in(2) ? below(256) : interesting()) : 0x40 + below(0x40);
		struct desc g = wild ? wild_desc() : gentle_gate();
		pending = (struct call){ LHCALL_LOAD_IDT_ENTRY, v, g.lo, g.hi, 0 };
		if (attempt(do_pending) == 0) {
			code_buf[0] = 0xCD;	/* int $v */
			code_buf[1] = (uint8_t)v;
			code_buf[2] = 0xC3;	/* ret */
			attempt(do_int);
		}
		break;
	}
	}
}

/* ---- the console's rings --------------------------------------------------------- */
static void op_vring(bool wild)
{
	if (!wild) {	/* mostly an empty kick; now and then a line of noise */
		char line[80];
		unsigned n = below(sizeof(line) - 1);
		if (!one_in(64) || !cons_intact) {
			vcons_kick(below(2));
			return;
		}
		for (unsigned i = 0; i < n; i++)
			line[i] = (char)(' ' + below(95));
		line[n] = '\n';
		vcons_write(line, n + 1);
		return;
	}
	int q = below(2);
	struct vring *vr = vcons_vring(q);
	if (one_in(2)) {
		unsigned i = below(vr->num);
		vr->desc[i].addr = one_in(2) ? interesting() : scratch_frame() + below(PAGE_SIZE);
		vr->desc[i].len = one_in(2) ? interesting() : below(8192);
		vr->desc[i].flags = (uint16_t)rnd();
		vr->desc[i].next = (uint16_t)(one_in(2) ? below(vr->num) : rnd());
	}
	if (one_in(2))
		vr->avail->ring[below(vr->num)] = (uint16_t)(one_in(2) ? below(vr->num) : rnd());
	if (one_in(2))
		vr->avail->idx += (uint16_t)(one_in(2) ? 1 : rnd());
	if (one_in(8))
		vr->used->idx = (uint16_t)rnd();
#if LG_HAS_NOTIFY
	pending = (struct call){ LHCALL_NOTIFY, one_in(4) ? interesting() : vcons.vq[q].pfn << 12,
				 0, 0, 0 };
	attempt(do_pending);
#else
	vcons_kick(q);	/* 4.0+: the PCI notify register */
#endif
}

/* ---- privileged and odd instructions --------------------------------------------- */
static volatile uint32_t arg0, arg1;
static bool wild_now;

static void p_cli(void) { asm volatile("cli"); }
static void p_hlt(void) { asm volatile("hlt"); }
static void p_inb(void) { asm volatile("inb %%dx, %%al" : : "d"(arg0) : "eax"); }
static void p_inl(void) { asm volatile("inl %%dx, %%eax" : : "d"(arg0) : "eax"); }
static void p_outb(void) { asm volatile("outb %%al, %%dx" : : "a"(arg1), "d"(arg0)); }
static void p_outw(void) { asm volatile("outw %%ax, %%dx" : : "a"(arg1), "d"(arg0)); }
static void p_insb(void) { asm volatile("cld\n\trep insb" : : "d"(arg0), "D"(scratch_lo + PAGE_OFFSET), "c"(arg1 & 15) : "memory"); }
static void p_rdmsr(void) { asm volatile("rdmsr" : : "c"(arg0) : "eax", "edx"); }
static void p_wrmsr(void) { asm volatile("wrmsr" : : "c"(arg0), "a"(arg1), "d"(0)); }
static void p_cr3(void) { asm volatile("movl %0, %%cr3" : : "r"(arg0)); }
static void p_cr0(void) { asm volatile("movl %%cr0, %%eax" : : : "eax"); }
static void p_dr7(void) { asm volatile("movl %0, %%dr7\n\tmovl %%dr6, %%eax" : : "r"(arg0) : "eax"); }
static void p_lgdt(void) { asm volatile("lgdt (%0)" : : "r"(&arg0)); }
static void p_lidt(void) { asm volatile("lidt (%0)" : : "r"(&arg0)); }
static void p_ltr(void) { asm volatile("ltr %w0" : : "r"(arg0)); }
static void p_invlpg(void) { asm volatile("invlpg (%0)" : : "r"(arg0) : "memory"); }
static void p_clts(void) { asm volatile("clts"); }
static void p_int3(void) { asm volatile("int3"); }
static void p_ud2(void) { asm volatile("ud2"); }
static void p_int1f(void) { asm volatile("int $0x1f" : : "a"(arg0), "b"(arg1), "c"(arg0 ^ arg1), "d"(arg1 >> 3), "S"(arg0 << 2) : "memory"); }
static void p_vmcall(void) { asm volatile(".byte 0x0f, 0x01, 0xc1" : : "a"(arg0), "b"(arg1), "c"(arg1), "d"(arg0), "S"(0) : "memory"); }
/* A hypercall made with odd flags (DF, NT, AC, IOPL...), then ours back. */
static void p_popf(void)
{
	asm volatile("pushfl\n\tpushl %1\n\tpopfl\n\t" HCALL_INSN "\n\tpopfl"
		     : : "a"(LHCALL_FLUSH_ASYNC), "r"(arg0 & ~0x100u) : "cc", "memory");
}
static void p_lds(void) { asm volatile("movw %w0, %%ds\n\tmovl (%1), %%eax" : : "r"(arg0), "r"(scratch_lo + PAGE_OFFSET) : "eax"); }
static void p_lss(void) { asm volatile("movw %w0, %%ss\n\tpushl %%eax\n\tpopl %%eax\n\tmovl $0x69, %%eax\n\tmovw %%ax, %%ss" : : "r"(arg0) : "eax"); }
static void p_lcall(void) { asm volatile("pushl %0\n\tpushl $0\n\tlcall *(%%esp)" : : "r"(arg0) : "memory"); }
static void p_lret(void) { asm volatile("pushl %0\n\tpushl %1\n\tlret" : : "r"(arg0), "r"(arg1) : "memory"); }
/* iret to a random cs with random eflags (never DF or NT, which would
 * stay with us; VM, which QEMU honours even at ring 1, in wild ones). */
static void p_iret(void)
{
	asm volatile("pushl %2\n\tpushl %%esp\n\tpushl %0\n\tpushl %1\n\tpushl $1f\n\tiret\n1:"
		     : : "r"(arg1 & ~(wild_now ? 0x4400u : 0x24400u)), "r"(arg0 & 0xFFFFu),
		       "r"(arg1 >> 16) : "memory", "cc");
}
static void p_switcher(void) { *(volatile uint32_t *)(uintptr_t)(SW_BASE_VA + (arg0 & 0x3FFFFC)) = arg1; }
static volatile bool wrote_switcher;
static void p_switcher_read(void) { (void)*(volatile uint32_t *)(uintptr_t)(SW_BASE_VA + (arg0 & 0x3FFFFC)); }
static void p_sysenter(void) { asm volatile("sysenter"); }
static void p_code(void) { ((void (*)(void))(uintptr_t)code_buf)(); }

static void (*const privs[])(void) = {
	p_cli, p_hlt, p_inb, p_inl, p_outb, p_outw, p_insb, p_rdmsr, p_wrmsr, p_cr3, p_cr0,
	p_dr7, p_lgdt, p_lidt, p_ltr, p_invlpg, p_clts, p_int3, p_ud2, p_int1f, p_vmcall,
	p_popf, p_lds, p_lss, p_lcall, p_lret, p_iret, p_switcher, p_switcher_read, p_sysenter,
};
#define NR_PRIVS (sizeof(privs) / sizeof(privs[0]))

static void op_priv(bool wild)
{
	unsigned i = below(NR_PRIVS);

	wild_now = wild;
	arg0 = one_in(2) ? interesting() : below(0x10000);
	arg1 = interesting();
	/* Gentle lives keep away from the ones that may wreck us: hypercalls
	 * with random arguments and random code. */
	if (!wild && (privs[i] == p_int1f || privs[i] == p_vmcall))
		return;
	if (wild && one_in(4)) {	/* random bytes, then a way back */
		for (unsigned b = 0; b < sizeof(code_buf) - 1; b++)
			code_buf[b] = (uint8_t)rnd();
		code_buf[sizeof(code_buf) - 1] = 0xC3;
		attempt(p_code);
		return;
	}
	if (attempt(privs[i]) == 0 && privs[i] == p_switcher && !wrote_switcher) {
		/* Only our CPU's register page (our own registers) may take
		 * writes. */
		uint32_t va = SW_BASE_VA + (arg0 & 0x3FFFFC);
		if ((va & ~0xFFFu) != sw_regs_page()) {
			wrote_switcher = true;
			say("FINDING: a write to the switcher at %#x did not fault", va);
		}
	}
}

/* ---- PCI, MMIO and the virtio 1.0 transport (G8-G10) ---------------------------
 * The console at 00:01.0 is ours to attack as well as to print through.
 * Its whole MMIO window (RAM size up, 32 pages) is mapped uncached at
 * FZ_MMIO_VA, page for page, and the two pages past it too (not Accessed,
 * never announced: the first touch kills).  Register accesses are built as
 * code at run time, in every form the host decodes (mov to and from a
 * register or an immediate, movzx/movsx, moffs; segment and operand-size
 * prefixes; every addressing mode, %esp and %ebp as bases), or go through
 * the PCI_CFG window in configuration space; wild ones add what it must
 * not decode.  Gentle operations keep to what virtio 1.0 allows, looking
 * at the device's state first (a queue register is only written while
 * the queue is off, DRIVER_OK only after FEATURES_OK read back, rings only
 * in our own ring blocks); the console may be reset and our own rings put
 * in its queues, so the library's console is only used while it is known
 * intact (progress lines go through emerg_wr, which always works). */
#if LG_PCI
#include "vpci.h"
#include <linux/pci_regs.h>
#include <linux/virtio_pci.h>
#include <linux/virtio_config.h>

#define FZ_MMIO_VA 0xF2000000u
#define FZ_WIN_PAGES 32u		/* PCI_MMIO_WINDOW_PAGES */
#define FZ_PAST_PAGES 2u
#define FZ_CODE_VA 0xF3000000u		/* one page of code; nothing after it */
#define QBLOCK (3 * PAGE_SIZE)		/* 256 entries at 4096 alignment */
#define SLOT 1

static struct vpci_caps caps;
static uint32_t win_base, bar_gpa;
static uint8_t *code_page;
static uint8_t qmem[2][QBLOCK] __attribute__((aligned(4096)));
static char txtext[16][64];
static struct myq {
	bool on;
	uint16_t num;
	uint32_t desc, avail, used;	/* gpas, in qmem */
} myq[2];
static uint32_t bar_va(void) { return FZ_MMIO_VA + (bar_gpa - win_base); }

/* BAR 0 as the device now decodes it (not while it reads as its size). */
static void update_bar(void)
{
	uint32_t v = pci_read32(SLOT, PCI_BASE_ADDRESS_0) & ~0xFu;

	if (v != 0xFFFFF000u && v >= win_base && v < win_base + FZ_WIN_PAGES * PAGE_SIZE) {
		if (v != bar_gpa)
			cons_intact = false;	/* the library maps the old place */
		bar_gpa = v;
	}
}

/* ---- code built at run time ---- */
static uint8_t ins[40];
static unsigned nins;
static uint32_t regval[8];
static uint8_t regset;
static bool esp_ok;
uint32_t fz_stub_esp;
static volatile uint32_t stub_entry;

static void put(uint32_t b) { ins[nins++] = (uint8_t)b; }
static void put32(uint32_t v) { for (int i = 0; i < 4; i++) put(v >> (8 * i)); }
static void set_reg(unsigned r, uint32_t v) { regval[r] = v; regset |= (uint8_t)(1u << r); }

static unsigned pick_reg(uint8_t *busy, uint8_t forbid)
{
	unsigned r;

	if ((*busy | forbid) == 0xFF)
		forbid = 0;
	do
		r = below(8);
	while ((*busy | forbid) & (1u << r));
	*busy |= (uint8_t)(1u << r);
	return r;
}

/* ModRM (reg field `reg`), SIB and displacement for a memory operand at
 * t, with the registers it needs set up. */
static void put_mem(unsigned reg, uint32_t t, uint8_t *busy)
{
	uint8_t no_esp = esp_ok && one_in(3) ? 0 : 0x10;

	switch (below(6)) {
	case 0: {	/* [base] */
		unsigned b = pick_reg(busy, 0x30);
		put(reg << 3 | b);
		set_reg(b, t);
		return;
	}
	case 1: {	/* [base + disp8] */
		unsigned b = pick_reg(busy, 0x10);
		int32_t d = (int8_t)rnd();
		put(0x40 | reg << 3 | b);
		put((uint32_t)d);
		set_reg(b, t - (uint32_t)d);
		return;
	}
	case 2: {	/* [base + disp32] */
		unsigned b = pick_reg(busy, 0x10);
		uint32_t d = one_in(2) ? rnd() : below(0x2000) - 0x1000;
		put(0x80 | reg << 3 | b);
		put32(d);
		set_reg(b, t - d);
		return;
	}
	case 3:		/* [disp32] */
		put(reg << 3 | 5);
		put32(t);
		return;
	default: {	/* SIB: base (maybe %esp, maybe none) + index << scale + disp */
		unsigned mod = below(3), s = below(4), idx = 4, base;
		uint32_t iv = 0, d = 0;
		bool nobase = mod == 0 && one_in(3);
		if (!one_in(4)) {
			idx = pick_reg(busy, 0x10);
			iv = (uint32_t)((int32_t)below(64) - 32);
			set_reg(idx, iv);
		}
		base = nobase ? 5 : pick_reg(busy, no_esp | (mod == 0 ? 0x20 : 0));
		put(mod << 6 | reg << 3 | 4);
		put(s << 6 | idx << 3 | base);
		if (nobase) {
			put32(t - (iv << s));
			return;
		}
		if (mod == 1)
			d = (uint32_t)(int8_t)rnd(), put(d);
		else if (mod == 2)
			d = rnd(), put32(d);
		set_reg(base, t - (iv << s) - d);
		return;
	}
	}
}

static void put_prefixes(bool op16, bool write, bool wild)
{
	static const uint8_t segs[] = { 0x3E, 0x26, 0x36, 0x2E };
	static const uint8_t odd[] = { 0xF0, 0xF2, 0xF3, 0x67, 0x64, 0x65, 0x66, 0x2E };
	unsigned n = one_in(2) ? 0 : below(3), at66 = op16 ? below(n + 1) : 99;

	for (unsigned i = 0; i <= n; i++) {
		if (i == at66)
			put(0x66);
		if (i < n)
			put(segs[below(write ? 3 : 4)]);	/* %cs takes no writes */
	}
	if (wild && one_in(2))
		for (unsigned i = 1 + below(3); i; i--)
			put(odd[below(sizeof(odd))]);
}

/* One access of size bytes at t in a form the host decodes. */
static void form_access(uint32_t t, unsigned size, bool write, uint32_t val, bool wild)
{
	uint8_t busy = 0;
	unsigned kind = below(write ? 3 : 4);
	uint32_t mask = size == 4 ? 0xFFFFFFFFu : (1u << (8 * size)) - 1;

	if (!write && kind == 3 && size == 4)
		kind = 0;
	if (write && kind == 0) {		/* 88/89 r/m <- r */
		unsigned v = below(8), phys = size == 1 ? v & 3 : v, sh = size == 1 && v >= 4 ? 8 : 0;
		if (size != 1 && v == 4 && !esp_ok)
			v = phys = 0;
		busy |= (uint8_t)(1u << phys);
		set_reg(phys, (rnd() & ~(mask << sh)) | (val & mask) << sh);
		put_prefixes(size == 2, true, wild);
		put(size == 1 ? 0x88 : 0x89);
		put_mem(v, t, &busy);
	} else if (write && kind == 1) {	/* C6/C7 r/m <- imm */
		put_prefixes(size == 2, true, wild);
		put(size == 1 ? 0xC6 : 0xC7);
		put_mem(0, t, &busy);
		if (size == 1)
			put(val);
		else if (size == 2)
			put(val), put(val >> 8);
		else
			put32(val);
	} else if (kind == 2) {			/* A0-A3 moffs */
		if (write)
			set_reg(0, (rnd() & ~mask) | (val & mask));
		put_prefixes(size == 2, write, wild);
		put((write ? 0xA2 : 0xA0) | (size == 1 ? 0 : 1));
		put32(t);
	} else if (kind == 0) {			/* 8A/8B r <- r/m; any destination */
		unsigned d = below(8);
		if (d == 4 && size != 1 && !esp_ok)
			d = 1;
		put_prefixes(size == 2, false, wild);
		put(size == 1 ? 0x8A : 0x8B);
		put_mem(d, t, &busy);
	} else {				/* movzx/movsx, 16 or 32-bit destination */
		unsigned d = below(8);
		if (d == 4 && !esp_ok)
			d = 2;
		put_prefixes(one_in(3), false, wild);
		put(0x0F);
		put((size == 1 ? 0xB6 : 0xB7) | (one_in(2) ? 0x08 : 0));
		put_mem(d, t, &busy);
	}
}

/* Something at t the host must refuse to emulate (and kill us for). */
static void form_undecodable(uint32_t t)
{
	static const uint8_t one[] = { 0x00, 0x01, 0x02, 0x03, 0x09, 0x31, 0x39, 0x85, 0x86, 0x87,
				       0x8C, 0x8E, 0xC4, 0xC5, 0xD1, 0xF7, 0xFE, 0x69, 0x62 };
	static const uint8_t two[] = { 0xB1, 0xC1, 0xAB, 0xA3, 0xAF, 0x44, 0x4F, 0xB3, 0xBB };
	static const uint8_t str[] = { 0xA4, 0xA5, 0xAA, 0xAB, 0xAC, 0xAD, 0xA6, 0xA7, 0xAE, 0xAF };
	uint8_t busy = 0x40 | 0x80 | 0x02;	/* keep esi, edi, ecx for the string forms */

	switch (below(7)) {
	case 0:		/* lock add / or / xchg */
		put(0xF0);
		put(one_in(2) ? 0x01 : one_in(2) ? 0x09 : 0x87);
		put_mem(below(8), t, &busy);
		break;
	case 1:
		put(one[below(sizeof(one))]);
		put_mem(below(8), t, &busy);
		if (ins[0] == 0x69)
			put32(rnd());
		break;
	case 2:
		put(0x0F);
		put(two[below(sizeof(two))]);
		put_mem(below(8), t, &busy);
		break;
	case 3: {	/* string instructions, rep or not, the BAR at one end */
		uint32_t other = scratch_lo + PAGE_OFFSET + below(PAGE_SIZE / 2);
		bool src = one_in(2);
		set_reg(6, src ? t : other);
		set_reg(7, src ? other : t);
		set_reg(1, 1 + below(3));
		put(0xFC);
		if (one_in(2))
			put(0xF3);
		put(str[below(sizeof(str))]);
		break;
	}
	case 4:		/* push m32, pop m32 */
		if (one_in(2)) {
			put(0xFF);
			put_mem(6, t, &busy);
		} else {
			put(0x8F);
			put_mem(0, t, &busy);
		}
		break;
	case 5:		/* add/cmp/inc with an immediate */
		put(one_in(2) ? 0x80 : 0x83);
		put_mem(below(8), t, &busy);
		put(rnd());
		break;
	default:	/* a random opcode over a memory operand */
		put(rnd());
		put_mem(below(8), t, &busy);
		put32(rnd());
		break;
	}
}

static void run_stub(void)
{
	((void (*)(void))(uintptr_t)stub_entry)();
}

/* Wraps ins[] in a stub that saves every register, loads the ones the
 * operand needs, runs it and restores them (%esp from memory: it may have
 * been a base or a destination), then runs it with interrupts off.  Now
 * and then the instruction ends our code page instead, so that the host
 * reads its bytes up to an unmapped page; the fetch after it faults and
 * fz_trap ends the operation. */
static void run_ins(bool wild)
{
	uint8_t *p, buf[128];
	unsigned n = 0;
	bool trunc = !esp_ok && one_in(wild ? 4 : 16);

#define B(x) (buf[n++] = (uint8_t)(x))
#define B32(x) do { uint32_t x_ = (x); for (int i_ = 0; i_ < 4; i_++) B(x_ >> (8 * i_)); } while (0)
	B(0x60);				/* pushal */
	B(0x89);
	B(0x25);
	B32((uint32_t)(uintptr_t)&fz_stub_esp);
	for (unsigned r = 0; r < 8; r++)
		if (regset & (1u << r)) {
			B(0xB8 + r);
			B32(regval[r]);
		}
	for (unsigned i = 0; i < nins; i++)
		B(ins[i]);
	if (trunc) {
		p = code_page + PAGE_SIZE - n;
		stub_entry = FZ_CODE_VA + PAGE_SIZE - n;
	} else {
		B(0x8B);
		B(0x25);
		B32((uint32_t)(uintptr_t)&fz_stub_esp);
		B(0x61);			/* popal */
		B(0xC3);
		p = code_page;
		stub_entry = (uint32_t)(uintptr_t)code_page;
	}
#undef B
#undef B32
	memcpy(p, buf, n);
	irq_disable();
	attempt(run_stub);
	nins = 0;
	regset = 0;
	esp_ok = false;
}

/* ---- register accesses ---- */
struct acc {
	uint32_t off, size, val;
	bool write;
};

static void window_access(const struct acc *a, bool wild)
{
	unsigned cap = caps.pci_cfg, k = 0, w = a->size;

	if (!cap)
		return;
	pci_write(0, SLOT, 0, cap + VIRTIO_PCI_CAP_BAR, 1, wild && one_in(8) ? below(6) : 0);
	pci_write(0, SLOT, 0, cap + VIRTIO_PCI_CAP_OFFSET, 4, a->off);
	pci_write(0, SLOT, 0, cap + VIRTIO_PCI_CAP_LENGTH, 4, wild && one_in(8) ? interesting() : a->size);
	if (wild && one_in(4)) {
		w = 1u << below(3);
		k = w == 4 ? 0 : below(4 / w) * w;
	}
	if (a->write)
		pci_write(0, SLOT, 0, cap + 16 + k, w, a->val);
	else
		(void)pci_read(0, SLOT, 0, cap + 16 + k, w);
}

static void reg_access(const struct acc *a, bool wild)
{
	if (one_in(6)) {
		window_access(a, wild);
		return;
	}
	esp_ok = one_in(12);
	form_access(bar_va() + a->off, a->size, a->write, a->val, false);
	run_ins(wild);
}

static volatile uint32_t rd_va, rd_val;
static volatile unsigned rd_size;
static void do_rd(void)
{
	rd_val = rd_size == 1 ? mmio_read8(rd_va) : rd_size == 2 ? mmio_read16(rd_va) : mmio_read32(rd_va);
}

/* A state query, by the library's plain movs; all ones if it faults. */
static uint32_t rd(uint32_t off, unsigned size)
{
	rd_va = bar_va() + off;
	rd_size = size;
	rd_val = 0xFFFFFFFFu;
	attempt(do_rd);
	return rd_val;
}

static void wr(uint32_t off, unsigned size, uint32_t val)
{
	struct acc a = { off, size, val, true };
	reg_access(&a, false);
}

/* The registers of BAR 0: [start, end) and whether any value may be
 * written there in a gentle operation. */
static const struct { uint8_t start, end; bool free_write; } regs[] = {
	{ 0, 4, true }, { 4, 8, false }, { 8, 12, true }, { 12, 16, true },
	{ 16, 18, false }, { 18, 20, false }, { 20, 21, false }, { 21, 22, false },
	{ 22, 24, true }, { 24, 26, false }, { 26, 28, false }, { 28, 30, false },
	{ 30, 32, false }, { 32, 36, false }, { 36, 40, false }, { 40, 44, false },
	{ 44, 48, false }, { 48, 52, false }, { 52, 56, false },
	{ 56, 58, true }, { 58, 59, true }, { 60, 72, true },
};
#define NR_REGS (sizeof(regs) / sizeof(regs[0]))

static uint32_t gentle_value(uint32_t off)
{
	if (off >= 60)		/* device config: a character for emerg_wr */
		return one_in(8) ? '\n' : ' ' + below(95);
	if (off == 16 || off == 26)
		return 0xFFFF;	/* msix: VIRTIO_MSI_NO_VECTOR only */
	return one_in(2) ? below(4) : interesting();
}

/* A read of one register (or part of it, or the empty rest of the page),
 * or a write of a register that takes anything. */
static void gentle_acc(struct acc *a)
{
	unsigned r, w;

	a->write = one_in(2);
	if (one_in(16)) {	/* the empty rest of the page */
		a->size = 1u << below(3);
		a->off = 72 + below(PAGE_SIZE - 72 - 3);
		a->val = rnd();
		return;
	}
	do
		r = below(NR_REGS);
	while (a->write && !regs[r].free_write && !(regs[r].start == 16 || regs[r].start == 26));
	w = regs[r].end - regs[r].start;
	a->size = 1u << below(3);
	while (a->size > w)
		a->size >>= 1;
	a->off = regs[r].start + below(w - a->size + 1);
	a->val = gentle_value(regs[r].start);
	if ((regs[r].start == 16 || regs[r].start == 26) && a->write) {
		/* Whole: a byte of 0xFF merges with what the field reads,
		 * which for a queue that does not exist is 0. */
		a->off = regs[r].start;
		a->size = 2;
		a->val = 0xFFFF;
	}
}

static void wild_acc(struct acc *a)
{
	a->write = one_in(2);
	a->size = 1u << below(3);
	a->off = one_in(2) ? below(80) : below(PAGE_SIZE);
	a->val = one_in(2) ? interesting() : below(256);
}

/* ---- configuration space ---- */
static unsigned cfg_reg(void)
{
	static const uint8_t hot[] = { 0x00, 0x04, 0x08, 0x0C, 0x10, 0x14, 0x18, 0x24, 0x2C, 0x30,
				       0x34, 0x3C };
	if (one_in(3))
		return hot[below(sizeof(hot))] + below(4);
	if (caps.pci_cfg && one_in(3))
		return caps.pci_cfg + below(20);
	return below(256);
}

static uint32_t bar_value(void)
{
	switch (below(9)) {
	case 0: return 0xFFFFFFFFu;
	case 1: return 0xFFFFF000u | below(16);
	case 2: return bar_gpa;
	case 3: return (win_base + below(FZ_WIN_PAGES) * PAGE_SIZE) | (one_in(4) ? below(16) : 0);
	case 4: return any_frame();
	case 5: return SW_BASE_VA;
	case 6: return win_base + (FZ_WIN_PAGES + below(4)) * PAGE_SIZE;
	case 7: return bar_gpa + (one_in(2) ? 0x804 : below(PAGE_SIZE));
	default: return interesting();
	}
}

static uint32_t cfg_value(unsigned reg)
{
	unsigned cap = caps.pci_cfg;

	if ((reg & ~3u) == PCI_BASE_ADDRESS_0)
		return bar_value();
	if (cap && reg >= cap + 4 && reg < cap + 8)
		return one_in(2) ? 0 : below(8);
	if (cap && reg >= cap + 8 && reg < cap + 12)
		return one_in(2) ? below(80) : one_in(2) ? PAGE_SIZE - below(8) : interesting();
	if (cap && reg >= cap + 12 && reg < cap + 16)
		return one_in(2) ? 1u << below(3) : interesting();
	return one_in(2) ? rnd() & 0xFFFF : interesting();
}

static void op_cfg(bool wild)
{
	unsigned slot = one_in(2) ? SLOT : below(4), fn = one_in(4) ? below(8) : 0;
	unsigned reg = cfg_reg(), w = 1u << below(3), k;
	uint32_t addr = (one_in(8) ? 0 : PCI_CONF_ENABLE) | slot << 11 | fn << 8 | (reg & 0xFC);
	bool write = one_in(2);
	uint32_t val = cfg_value(reg), flags;

	k = w == 4 ? 0 : w == 2 ? reg & 2 : reg & 3;
	if (wild) {
		if (one_in(3))
			addr = one_in(2) ? interesting() : addr | (rnd() & 0x7F0000u) | (rnd() & 0x03000000u);
		if (one_in(3))
			k = below(4);
	}
	bool window_data = caps.pci_cfg && (addr & 0xFFFF00FCu) == (PCI_CONF_ENABLE | (caps.pci_cfg + 16)) &&
			   ((addr >> 8) & 0xFF) == (SLOT << 3);
	if (!wild && window_data) {	/* the window's data: only onto a gentle register */
		struct acc a;
		gentle_acc(&a);
		window_access(&a, false);
		return;
	}
	bool bar_sizing = !wild && write && (reg & ~3u) == PCI_BASE_ADDRESS_0 && slot == SLOT &&
			  fn == 0 && (val | 0xFFFu) == 0xFFFFFFFFu;
	flags = irq_save();
	if (one_in(4)) {	/* the address in pieces: bytes and words merge into it */
		for (unsigned b = 0; b < 4; b += 2)
			if (one_in(2))
				outw((uint16_t)(addr >> (8 * b)), PCI_CONF_ADDR + b);
			else
				outb((uint8_t)(addr >> (8 * b)), PCI_CONF_ADDR + b),
				outb((uint8_t)(addr >> (8 * b + 8)), PCI_CONF_ADDR + b + 1);
	} else {
		outl(addr, PCI_CONF_ADDR);
	}
	if (one_in(8))
		(void)(w == 1 ? inb(PCI_CONF_ADDR + k) : w == 2 ? inw(PCI_CONF_ADDR + k) : inl(PCI_CONF_ADDR));
	if (write) {
		if (w == 1)
			outb((uint8_t)val, PCI_CONF_DATA + k);
		else if (w == 2)
			outw((uint16_t)val, PCI_CONF_DATA + k);
		else
			outl(val, PCI_CONF_DATA + k);
	} else {
		(void)(w == 1 ? inb(PCI_CONF_DATA + k) : w == 2 ? inw(PCI_CONF_DATA + k) : inl(PCI_CONF_DATA + k));
	}
	irq_restore(flags);
	if (bar_sizing) {	/* as Linux sizes a BAR: then it puts it back */
		(void)pci_read32(SLOT, PCI_BASE_ADDRESS_0);
		pci_write32(SLOT, PCI_BASE_ADDRESS_0, bar_gpa);
	}
	if (write)
		update_bar();
}

/* ---- MMIO ---- */
static void do_jump(void) { ((void (*)(void))(uintptr_t)touch_va)(); }

static void op_mmio(bool wild)
{
	struct acc a;

	if (!wild) {
		gentle_acc(&a);
		reg_access(&a, false);
		return;
	}
	switch (below(6)) {
	case 0: case 1:		/* anything on BAR 0 */
		wild_acc(&a);
		if (one_in(3)) {
			reg_access(&a, true);
			return;
		}
		esp_ok = one_in(8);
		form_access(bar_va() + a.off, a.size, a.write, a.val, true);
		break;
	case 2: {		/* another page of the window, or just past it */
		uint32_t page = below(FZ_WIN_PAGES + FZ_PAST_PAGES);
		wild_acc(&a);
		form_access(FZ_MMIO_VA + page * PAGE_SIZE + a.off, a.size, a.write, a.val, true);
		break;
	}
	case 3: case 4:		/* what it must not decode */
		form_undecodable(one_in(4) ? FZ_MMIO_VA + below((FZ_WIN_PAGES + 1) * PAGE_SIZE)
					   : bar_va() + below(80));
		break;
	default:		/* run code from the window */
		touch_va = FZ_MMIO_VA + below(FZ_WIN_PAGES) * PAGE_SIZE + below(64);
		attempt(do_jump);
		return;
	}
	run_ins(true);
}

/* ---- the virtio 1.0 common configuration, and our rings ---- */
#define C(f) VIRTIO_PCI_COMMON_##f

static void select_queue(uint32_t q) { wr(C(Q_SELECT), 2, q); }

static void forget_queues(void) { myq[0].on = myq[1].on = false; }

/* Queue q's registers, all six addresses, size, then enable: rings in
 * our own block for it, laid out as vring_init does with align. */
static void program_queue(unsigned q)
{
	uint16_t num = (uint16_t)(1u << below(9));
	uint32_t align = one_in(2) ? 64 : one_in(2) ? 4096 : 16u << below(4);
	uint32_t desc = __pa(qmem[q]), avail = desc + 16u * num;
	uint32_t used = (avail + 6 + 2u * num + align - 1) & ~(align - 1);

	select_queue(q);
	if (rd(C(Q_ENABLE), 2))
		return;
	memset(qmem[q], 0, QBLOCK);
	cons_intact = false;
	wr(C(Q_SIZE), 2, num);
	if (one_in(4))
		wr(C(Q_MSIX), 2, 0xFFFF);
	uint32_t a[3] = { desc, avail, used };
	for (unsigned k = 0; k < 3; k++) {
		if (one_in(4)) {	/* halves of a register, as two words */
			wr(C(Q_DESCLO) + 8 * k, 2, a[k] & 0xFFFF);
			wr(C(Q_DESCLO) + 8 * k + 2, 2, a[k] >> 16);
		} else {
			wr(C(Q_DESCLO) + 8 * k, 4, a[k]);
		}
		wr(C(Q_DESCHI) + 8 * k, one_in(4) ? 2 : 4, 0);
	}
	if (one_in(8))
		return;		/* programmed, not enabled */
	wr(C(Q_ENABLE), 2, one_in(4) ? 1 + below(0xFFFF) : 1);
	if (rd(C(Q_ENABLE), 2) == 1)
		myq[q] = (struct myq){ true, num, desc, avail, used };
}

/* A buffer for one of our enabled rings: a line of text to transmit, or
 * room in scratch to receive into; then (mostly) a kick. */
static void feed_ring(unsigned q)
{
	struct myq *m = &myq[q];
	struct vring vr;

	if (!m->on)
		return;
	select_queue(q);
	if (rd(C(Q_ENABLE), 2) != 1 || rd(C(Q_DESCLO), 4) != m->desc) {
		m->on = false;		/* reset, or someone else's rings */
		return;
	}
	vr.num = m->num;
	vr.desc = __va(m->desc);
	vr.avail = __va(m->avail);
	vr.used = __va(m->used);
	uint16_t idx = vr.avail->idx;
	if ((uint16_t)(idx - vr.used->idx) < m->num) {
		unsigned slot = idx % m->num;
		if (q == 1) {
			char *t = txtext[slot % 16];
			unsigned n = 1 + below(40);
			for (unsigned i = 0; i < n; i++)
				t[i] = (char)(' ' + below(95));
			t[n] = '\n';
			vr.desc[slot] = (struct vring_desc){ __pa(t), n + 1, 0, 0 };
		} else {
			vr.desc[slot] = (struct vring_desc){ scratch_frame() + below(PAGE_SIZE / 2),
							     1 + below(PAGE_SIZE / 2), VRING_DESC_F_WRITE, 0 };
		}
		vr.avail->ring[idx % m->num] = (uint16_t)slot;
		barrier();
		vr.avail->idx = idx + 1;
	}
	if (!one_in(4))
		wr(C(Q_NDATA), 2, q);	/* the notify register, at BAR0+56 */
}

/* Whatever we like over our own rings, then a kick. */
static void scribble_ring(unsigned q)
{
	struct myq *m = &myq[q];

	if (!m->on)
		return;
	struct vring_desc *d = __va(m->desc);
	struct vring_avail *av = __va(m->avail);
	struct vring_used *u = __va(m->used);
	switch (below(5)) {
	case 0: {
		unsigned i = below(m->num);
		d[i].addr = one_in(2) ? interesting() : scratch_frame() + below(PAGE_SIZE);
		d[i].len = one_in(2) ? interesting() : below(8192);
		d[i].flags = (uint16_t)(one_in(2) ? rnd() : below(8));
		d[i].next = (uint16_t)(one_in(2) ? below(m->num) : rnd());
		break;
	}
	case 1: av->ring[below(m->num)] = (uint16_t)(one_in(2) ? below(m->num) : rnd()); break;
	case 2: av->idx += (uint16_t)(one_in(2) ? 1 : rnd()); break;
	case 3: u->idx = (uint16_t)rnd(); av->flags = (uint16_t)rnd(); break;
	default: ((uint8_t *)__va(m->desc))[below(QBLOCK)] = (uint8_t)rnd(); break;
	}
	wr(C(Q_NDATA), 2, one_in(8) ? rnd() : q);
}

static uint32_t wild_ring_addr(void)
{
	switch (below(8)) {
	case 0: return ram_bytes - below(64) * 16;		/* straddling the end */
	case 1: return win_base + below(FZ_WIN_PAGES * PAGE_SIZE);	/* in the window */
	case 2: return 0;
	case 3: return __pa(qmem[below(2)]) + 1 + below(15);	/* misaligned */
	case 4: return SW_BASE_VA + below(0x400000);
	case 5: return __pa(qmem[below(2)]);			/* both queues' rings at once */
	default: return interesting();
	}
}

static void op_vq(bool wild)
{
	if (wild) {
		switch (below(7)) {
		case 0:		/* any status: backwards, DRIVER_OK early */
			wr(C(STATUS), 1, rnd());
			forget_queues();
			cons_intact = false;
			return;
		case 1: {	/* a queue's registers, enabled or not, any value */
			select_queue(one_in(2) ? below(2) : interesting());
			uint32_t f = C(Q_SIZE) + 2 * below(4);
			if (one_in(2))
				f = C(Q_DESCLO) + 4 * below(6);
			wr(f, f < C(Q_DESCLO) ? 2 : 4, one_in(2) ? interesting() : 1u << below(10));
			return;
		}
		case 2: {	/* rings anywhere: in RAM's last bytes, the window, high halves */
			unsigned q = below(2), k = below(3);
			select_queue(one_in(8) ? 2 + below(100) : q);
			wr(C(Q_SIZE), 2, one_in(4) ? rnd() : 1u << below(10));
			for (unsigned j = 0; j < 3; j++) {
				wr(C(Q_DESCLO) + 8 * j, 4, j == k ? wild_ring_addr() : __pa(qmem[q]) + 4096 * j);
				wr(C(Q_DESCHI) + 8 * j, 4, j == k && one_in(3) ? interesting() : 0);
			}
			wr(C(Q_ENABLE), 2, 1);
			return;
		}
		case 3:
			wr(one_in(2) ? C(MSIX) : C(Q_MSIX), 2, rnd());
			return;
		case 4:		/* read-only fields written */
			wr(one_in(2) ? C(DF) : C(CFGGENERATION), one_in(2) ? 1 : 4, rnd());
			return;
		case 5:
			select_queue(rnd());
			wr(C(Q_ENABLE), 2, 1);
			return;
		default:
			scribble_ring(below(2));
			return;
		}
	}
	switch (below(12)) {
	case 0: case 1: {	/* status, forwards only, or a reset */
		uint8_t s = (uint8_t)rd(C(STATUS), 1), add;
		if (one_in(6)) {
			wr(C(STATUS), 1, 0);
			forget_queues();
			cons_intact = false;
			return;
		}
		add = (uint8_t)(one_in(2) ? VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER : 0);
		if (one_in(2))
			add |= VIRTIO_CONFIG_S_FEATURES_OK;
		if (s & VIRTIO_CONFIG_S_FEATURES_OK)
			add |= one_in(2) ? VIRTIO_CONFIG_S_DRIVER_OK : 0;
		if (one_in(16))
			add |= one_in(2) ? VIRTIO_CONFIG_S_FAILED : 0x40 | 0x30;
		wr(C(STATUS), 1, s | add);
		if (add)
			cons_intact = false;
		return;
	}
	case 2: {	/* features: selects, what is offered, what we take */
		wr(C(DFSELECT), 4, one_in(2) ? below(2) : interesting());
		(void)rd(C(DF), 4);
		wr(C(GFSELECT), 4, one_in(2) ? below(2) : interesting());
		wr(C(GF), 4, one_in(2) ? 1u << below(32) : one_in(2) ? 1 : rnd());
		return;
	}
	case 3: case 4:
		program_queue(below(2));
		return;
	case 5: case 6: case 7:
		feed_ring(below(2));
		return;
	case 8: {	/* a queue out of range: reads 0, writes go nowhere
			 * (not queue_enable, and not the msix vector: those kill) */
		static const uint8_t f[] = { C(Q_SIZE), C(Q_NOFF), C(Q_DESCLO), C(Q_DESCHI),
					     C(Q_AVAILLO), C(Q_AVAILHI), C(Q_USEDLO), C(Q_USEDHI) };
		unsigned i = below(sizeof(f));
		struct acc a = { f[i], i < 2 ? 2 : 4, rnd(), one_in(2) };
		select_queue(2 + below(one_in(2) ? 6 : 0xFFFD));
		reg_access(&a, false);
		(void)rd(C(Q_DESCLO) + 4 * below(6), 4);
		return;
	}
	case 9:		/* notify any queue; the ISR */
		if (one_in(4))		/* either byte of it */
			wr(C(Q_NDATA) + below(2), 1, one_in(2) ? below(3) : rnd());
		else if (one_in(2))
			wr(C(Q_NDATA), 2, one_in(2) ? below(3) : rnd());
		else
			(void)rd(58, 1);
		return;
	case 10: {	/* the console's config: read it, or write emerg_wr */
		struct acc a = { 60 + below(12), 1, ' ' + below(95), one_in(4) };
		a.size = 1u << below(3);
		while (a.off + a.size > 72)
			a.size >>= 1;
		reg_access(&a, false);
		return;
	}
	default:	/* now and then, the library's console brought up again */
		if (!one_in(16))
			return;
		pci_write32(SLOT, PCI_BASE_ADDRESS_0, bar_gpa);	/* not left sizing */
		forget_queues();
		cons_intact = vcons_init() == NULL;
		return;
	}
}

static void pci_setup(void)
{
	const char *why = pci_virtio_caps(SLOT, &caps);
	uint32_t *pte;

	if (why)
		say("no capabilities: %s", why);
	win_base = ram_bytes;
	bar_gpa = pci_read32(SLOT, PCI_BASE_ADDRESS_0) & ~0xFu;
	for (uint32_t i = 0; i < FZ_WIN_PAGES; i++)
		map_page(FZ_MMIO_VA + i * PAGE_SIZE, win_base + i * PAGE_SIZE, PTE_KERNEL | PTE_PCD);
	for (uint32_t i = FZ_WIN_PAGES; i < FZ_WIN_PAGES + FZ_PAST_PAGES; i++) {
		pte = pte_ptr(cur_pgd, FZ_MMIO_VA + i * PAGE_SIZE, PDE_KERNEL);
		*pte = (win_base + i * PAGE_SIZE) | PTE_P | PTE_W | PTE_PCD;	/* not A/D: unannounced */
	}
	code_page = page_alloc();
	map_page(FZ_CODE_VA, __pa(code_page), PTE_KERNEL);
	say("BAR 0 at %#x, window %#x-%#x, PCI_CFG capability at %#x", bar_gpa, win_base,
	    win_base + FZ_WIN_PAGES * PAGE_SIZE - 1, caps.pci_cfg);
}
#endif

/* ---- a life ---------------------------------------------------------------- */
static void (*const ops[])(bool) = { op_hcall, op_hcall, op_ring, op_ring, op_ring, op_pte,
				     op_pte, op_pgd, op_desc, op_vring, op_priv,
#if LG_PCI
				     op_cfg, op_cfg, op_mmio, op_mmio, op_mmio, op_vq, op_vq, op_vq,
#endif
};
#define NR_OPS (sizeof(ops) / sizeof(ops[0]))
#define NR_BASE_OPS 11u	/* then the PCI ones */

static uint32_t parse_u32(const char *s)
{
	uint32_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint32_t)(*s++ - '0');
	return v;
}

/* Three page directories sharing the kernel half (as Linux's do), each
 * with a user window table of its own and the kernel window table
 * shared. */
static void make_dirs(void)
{
	uint32_t *boot = __va(cur_pgd);

	kernel_pt = page_alloc();
	for (int k = 0; k < DIRS; k++) {
		uint32_t *pd = k ? page_alloc() : boot;
		if (k)
			memcpy(pd, boot, PAGE_SIZE);
		user_pt[k] = page_alloc();
		pd[USER_WIN_VA >> 22] = __pa(user_pt[k]) | PDE_USER;
		pd[KERNEL_WIN_VA >> 22] = __pa(kernel_pt) | PDE_KERNEL;
		dirs[k] = k ? __pa(pd) : cur_pgd;
		hcall(LHCALL_SET_PGD, dirs[k], USER_WIN_VA >> 22, 0, 0);
		hcall(LHCALL_SET_PGD, dirs[k], KERNEL_WIN_VA >> 22, 0, 0);
	}
}

static void tick(struct trap_frame *f)
{
	set_clockevent(TICK_NS);
}

const char *test_fuzz(void)
{
	char buf[24];
	const char *why;
	uint64_t seed = current_test_arg ? parse_u32(current_test_arg) : 1;
	const char *life_arg = current_test_arg ? strchr(current_test_arg, ':') : NULL;
	uint32_t life = cmdline_value("lghv.restarts", buf, sizeof(buf)) ? parse_u32(buf) : 0;

	if (life_arg)
		life = parse_u32(life_arg + 1);
	lgtest_end_reason = LGUEST_SHUTDOWN_RESTART;
	seed_rng(seed, life);
	static const uint32_t odds[] = { 20, 200, 2000, 20000 };
	wild_odds = odds[below(4)];
	say("seed %u life %u: one wild operation in %u", (unsigned)seed, life, wild_odds);

	if ((why = vcons_init()))
		return why;
	scratch_lo = ram_bytes / 4;
	scratch_pages = ram_bytes / 4 / PAGE_SIZE;
	asm volatile("movw %%fs, %0\n\tmovw %%gs, %1" : "=r"(saved_fs), "=r"(saved_gs));
	for (int v = 0; v < 32; v++)
		trap_hooks[v] = fz_trap;
#if LG_PCI
	pci_setup();	/* before make_dirs: every directory shares its mappings */
#endif
	make_dirs();

	irq_handlers[0] = tick;
	set_clockevent(TICK_NS);
	for (uint32_t op = 1; op <= LIFE_OPS; op++) {
		bool wild = one_in(wild_odds);
		unsigned k = below(NR_OPS);
		if (k >= NR_BASE_OPS)
			pci_ops++;
		ops[k](wild);
		if (op % PROGRESS == 0)
			say("life %u op %u faults %u pci %u", life, op, faults, pci_ops);
	}
	lg_shutdown("fuzz: life complete", LGUEST_SHUTDOWN_RESTART);
}
