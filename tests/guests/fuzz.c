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
 * Faults are expected: every one (any vector) is caught by fz_trap,
 * which abandons the operation (fz_try returns 1).  Writes only ever go
 * to scratch memory, [RAM/4, RAM/2), except in wild operations.
 * Every PROGRESS operations we print "lgtest: fuzz: life L op N", which
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
#define SW_BASE_VA 0xFFC00000u

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

static uint32_t mem_limit(void) { return ram_bytes + 16 * PAGE_SIZE; }
static uint32_t scratch_frame(void) { return scratch_lo + below(scratch_pages) * PAGE_SIZE; }
static uint32_t any_frame(void) { return below(ram_bytes / PAGE_SIZE) * PAGE_SIZE; }

/* A value from the edges where checks go wrong, or anything. */
static uint32_t interesting(void)
{
	switch (below(14)) {
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
	case 4: c->nr = LHCALL_SEND_INTERRUPTS; break;
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
		*c = (struct call){ LHCALL_LOAD_GDT_ENTRY, GDT_FUZZ_FIRST + below(GDT_FUZZ_COUNT),
				    x.lo, x.hi, 0 };
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
	if (c->nr == LHCALL_SHUTDOWN)
		c->a2 = LGUEST_SHUTDOWN_RESTART;	/* a power-off would end the fuzzing */
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
			lguest_data.hcalls[slot] = (struct hcall_args){ c.nr, c.a1, c.a2, c.a3, c.a4 };
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
		pending = (struct call){ LHCALL_LOAD_GDT_ENTRY, i, d.lo, d.hi, 0 };
		if (attempt(do_pending) == 0) {
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
		if (!one_in(64)) {
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
		/* Only the register page (our own registers) may take writes. */
		uint32_t va = SW_BASE_VA + (arg0 & 0x3FFFFC);
		if ((va & ~0xFFFu) != 0xFFC02000u) {
			wrote_switcher = true;
			say("FINDING: a write to the switcher at %#x did not fault", va);
		}
	}
}

/* ---- a life ---------------------------------------------------------------- */
static void (*const ops[])(bool) = { op_hcall, op_hcall, op_ring, op_ring, op_ring, op_pte,
				     op_pte, op_pgd, op_desc, op_vring, op_priv };
#define NR_OPS (sizeof(ops) / sizeof(ops[0]))

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
	make_dirs();

	irq_handlers[0] = tick;
	set_clockevent(TICK_NS);
	for (uint32_t op = 1; op <= LIFE_OPS; op++) {
		bool wild = one_in(wild_odds);
		ops[below(NR_OPS)](wild);
		if (op % PROGRESS == 0)
			say("life %u op %u faults %u", life, op, faults);
	}
	lg_shutdown("fuzz: life complete", LGUEST_SHUTDOWN_RESTART);
}
