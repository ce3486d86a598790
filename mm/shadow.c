// SPDX-License-Identifier: GPL-2.0-only
/*
 * Shadow paging for non-PAE i386 guests, following the rules of the lguest
 * ABI (shared/LGUEST-ABI.md §6):
 *  - up to SHADOW_PGDIRS shadow directories per guest, keyed by the gpa of
 *    the guest directory they shadow;
 *  - a guest PDE may only carry P|RW|US|A|D, a guest PTE never PSE/PAT, and
 *    neither may point past the guest's memory: breaking that kills it
 *    (the checks themselves are in mm/pt_rules.c);
 *  - SET_PTE for a kernel address applies to every shadow, for a user
 *    address only to the named one; the kernel half's shadow page tables
 *    are in fact shared by all of a guest's shadow directories
 *    (g->kernel_pt), so a switch to another directory keeps them;
 *  - the last directory slot is always the switcher's.
 */
#include "mm/shadow.h"
#include "mm/guest_walk.h"
#include "mm/frames.h"
#include "mm/guest_mem.h"
#include "mm/paging.h"
#include "lib/string.h"

#define SWITCHER_SLOT (SW_BASE >> 22)
#define LINEAR_KEY 0xFFFFFFFFu	/* no page directory: linear mode */

static inline uint32_t *table(uint32_t frame) { return (uint32_t *)frame; }

static struct shadow_pgdir *current(const struct guest *g)
{
	return (struct shadow_pgdir *)&g->shadows[g->current_shadow];
}

static uint32_t kernel_slot(const struct guest *g)
{
	return pde_index(g->kernel_address ? g->kernel_address : 0xC0000000u);
}

static void mark_own(struct shadow_pgdir *s, uint32_t i)
{
	s->own_slots[i / 32] |= 1u << (i % 32);
}

/* Drops the page table of s's own under slot i, if there is one. */
static void drop_own_slot(struct guest *g, struct shadow_pgdir *s, uint32_t i)
{
	uint32_t *spd = table(s->spd);

	if (!(s->own_slots[i / 32] & (1u << (i % 32))))
		return;
	s->own_slots[i / 32] &= ~(1u << (i % 32));
	frame_free(spd[i] & ~0xFFFu);
	g->shadow_frames--;
	spd[i] = 0;
}

/* Drops every page table of s's own (its user half; in linear mode all
 * it has): a slot at a time as the bitmap says, not all 1023. */
static void drop_own(struct guest *g, struct shadow_pgdir *s)
{
	for (uint32_t w = 0; w < 32; w++)
		while (s->own_slots[w])
			drop_own_slot(g, s, w * 32 + (uint32_t)__builtin_ctz(s->own_slots[w]));
}

/* Frees the shared kernel page table at directory index i, unlinking it
 * from every shadow directory. */
static void drop_kernel_pt(struct guest *g, uint32_t i)
{
	if (!g->kernel_pt[i])
		return;
	for (int k = 0; k < SHADOW_PGDIRS; k++)
		if (g->shadows[k].spd)
			table(g->shadows[k].spd)[i] = 0;
	frame_free(g->kernel_pt[i]);
	g->shadow_frames--;
	g->kernel_pt[i] = 0;
}

/* Links every shared kernel page table into a new shadow directory (one
 * already in use has them: dropping a kernel table unlinks it from all). */
static void link_kernel_pts(struct guest *g, uint32_t *spd)
{
	if (g->linear)
		return;	/* no kernel half yet */
	for (uint32_t i = kernel_slot(g); i < SWITCHER_SLOT; i++)
		if (g->kernel_pt[i])
			spd[i] = g->kernel_pt[i] | PTE_P | PTE_W | PTE_U;
}

static void drop_all_shadow_entries(struct guest *g)
{
	for (int i = 0; i < SHADOW_PGDIRS; i++)
		if (g->shadows[i].spd)
			drop_own(g, &g->shadows[i]);
	for (uint32_t i = 0; i < SWITCHER_SLOT; i++)
		drop_kernel_pt(g, i);
}

/* A zeroed frame for a shadow table.  When memory runs short we first
 * give back everything this guest's shadows hold (it all refills on
 * demand) before giving up. */
static uint32_t alloc_table(struct guest *g)
{
	uint32_t pa = frame_alloc();

	if (!pa) {
		drop_all_shadow_entries(g);
		pa = frame_alloc();
		if (!pa)
			return 0;
	}
	memset(table(pa), 0, PAGE_SIZE);
	g->shadow_frames++;
	return pa;
}

static bool claim_slot(struct guest *g, int i, uint32_t key)
{
	struct shadow_pgdir *s = &g->shadows[i];

	if (!s->spd) {
		s->spd = alloc_table(g);
		if (!s->spd)
			return false;
		table(s->spd)[SWITCHER_SLOT] = switcher_guest_pde(g->cpu);
		link_kernel_pts(g, table(s->spd));
	} else {
		drop_own(g, s);
	}
	s->gpgd = key;
	s->used = true;
	return true;
}

bool shadow_init(struct guest *g)
{
	memset(g->shadows, 0, sizeof(g->shadows));
	memset(g->kernel_pt, 0, sizeof(g->kernel_pt));
	g->current_shadow = 0;
	g->shadow_frames = 0;
	return claim_slot(g, 0, g->linear ? LINEAR_KEY : g->boot_pgdir);
}

void shadow_release(struct guest *g)
{
	for (int i = 0; i < SHADOW_PGDIRS; i++) {
		struct shadow_pgdir *s = &g->shadows[i];
		if (!s->spd)
			continue;
		drop_own(g, s);
		frame_free(s->spd);
		g->shadow_frames--;
		s->spd = 0;
		s->used = false;
	}
	for (uint32_t i = 0; i < SWITCHER_SLOT; i++)
		drop_kernel_pt(g, i);
}

uint32_t shadow_guest_pgd(const struct guest *g)
{
	return g->linear ? 0 : current(g)->gpgd;
}

static struct shadow_pgdir *find(struct guest *g, uint32_t gpgd)
{
	struct shadow_pgdir *now = current(g);

	if (now->used && now->gpgd == gpgd)
		return now;	/* most calls name the directory in use */
	for (int i = 0; i < SHADOW_PGDIRS; i++)
		if (g->shadows[i].used && g->shadows[i].gpgd == gpgd)
			return &g->shadows[i];
	return NULL;
}

static uint32_t mmio_end(const struct guest *g)
{
	return g->mem_limit + g->mmio_size;	/* the window starts at mem_limit */
}

/* Records why a PTE that breaks the rules is refused (off the fast path). */
static __attribute__((noinline)) enum pt_verdict refuse_pte(struct guest *g, enum pt_verdict v,
							     uint32_t pte, uint32_t va)
{
	if (v == PT_BAD_FLAGS)
		mm_refuse(g, "page table entry %#x for %#x sets PSE/PAT", pte, va);
	else if (v == PT_BEYOND)
		mm_refuse(g, "page table entry %#x for %#x maps beyond its memory (%#x)",
			  pte, va, g->mem_limit);
	return v;
}

/* The PTE's verdict; for one that breaks the rules, the reason. */
static inline enum pt_verdict pte_verdict(struct guest *g, uint32_t pte, uint32_t va)
{
	enum pt_verdict v = pt_check_pte(pte, g->mem_limit, mmio_end(g));

	return v == PT_OK || v == PT_MMIO ? v : refuse_pte(g, v, pte, va);
}

/* The shadow page table for va, created if need be; NULL if no memory. */
static uint32_t *shadow_pt(struct guest *g, struct shadow_pgdir *s, uint32_t va, bool create)
{
	uint32_t *spd = table(s->spd);
	uint32_t i = pde_index(va);

	if (!(spd[i] & PTE_P)) {
		bool kernel = !g->linear && i >= kernel_slot(g);
		uint32_t pt = kernel ? g->kernel_pt[i] : 0;
		if (!pt) {
			if (!create)
				return NULL;
			pt = alloc_table(g);
			if (!pt)
				return NULL;
			spd = table(s->spd);	/* alloc_table may have dropped entries */
			if (kernel)
				g->kernel_pt[i] = pt;
		}
		spd[i] = pt | PTE_P | PTE_W | PTE_U;
		if (!kernel)
			mark_own(s, i);
	}
	return table(spd[i] & ~0xFFFu);
}

/*
 * Fill-ahead.  Linux maps all of low memory once, at boot, with entries
 * already Accessed and Dirty, and tells us of every change; a kernel
 * touching a page it has not touched since the last flush (a fresh page to
 * zero, say) would cost an exit per page.  A process likewise touches its
 * pages again after a new address space or a flush.  So a fill also fills
 * the neighbours the guest has marked Accessed: nothing the hardware would
 * not have let it reach, and no Accessed bit set that it had not set
 * itself (and SET_PTE keeps them in step like any other).  An entry that
 * breaks the rules is left alone here; the guest is killed if it ever
 * touches it.
 */
#define FILL_AHEAD 16u	/* PTEs around the fault, a power of two <= 1024 */

static void fill_ahead(struct guest *g, uint32_t *spt, uint32_t va, const struct pt_walk *w)
{
	uint32_t first = pte_index(va) & ~(FILL_AHEAD - 1);
	uint32_t pt_gpa = (w->pte_gpa & ~0xFFFu) + first * 4;
	const uint32_t *gpt = gpa_ptr(g, pt_gpa, FILL_AHEAD * 4);

	if (!gpt)
		return;
	for (uint32_t j = 0; j < FILL_AHEAD; j++) {
		uint32_t pte = gpt[j];
		if (spt[first + j] || (pte & (PTE_P | PTE_A)) != (PTE_P | PTE_A) ||
		    pt_check_pte(pte, g->mem_limit, mmio_end(g)) != PT_OK)
			continue;
		spt[first + j] = pt_make_spte(g->mem_base, w->pde, pte);
	}
}

enum pf_result shadow_page_fault(struct guest *g, uint32_t va, uint32_t errcode,
				 uint32_t *mmio_gpa)
{
	struct shadow_pgdir *s = current(g);
	struct pt_walk w;
	uint32_t *spt;
	bool present, write = errcode & 2, user = errcode & 4;

	if (va >= SW_BASE)
		return PF_REFLECT;
	if (g->linear) {
		if (va >= g->mem_limit && va < mmio_end(g)) {
			*mmio_gpa = va;
			return PF_MMIO;
		}
		if (va >= g->mem_limit) {
			mm_refuse(g, "linear-mode access to %#x beyond its memory", va);
			return PF_BAD;
		}
		spt = shadow_pt(g, s, va, true);
		if (!spt)
			goto no_memory;
		spt[pte_index(va)] = (g->mem_base + (va & ~0xFFFu)) | PTE_P | PTE_W | PTE_A | PTE_D;
		g->stats.shadow_fills++;
		return PF_FIXED;
	}
	/* The walk has checked the PDE, its frame included. */
	if (!guest_walk(g, s->gpgd, va, &w, &present))
		return PF_BAD;
	if (!present)
		return PF_NOT_PRESENT;
	if (write && (!(w.pte & PTE_W) || !(w.pde & PTE_W)))
		return PF_PROTECTION;
	if (user && (!(w.pte & PTE_U) || !(w.pde & PTE_U)))
		return PF_PROTECTION;
	switch (pte_verdict(g, w.pte, va)) {
	case PT_OK:
		break;
	case PT_MMIO:
		/* Device registers: never mapped, every access emulated. */
		*mmio_gpa = (w.pte & ~0xFFFu) | (va & 0xFFFu);
		return PF_MMIO;
	default:
		return PF_BAD;
	}

	/* What the hardware would do: Accessed, and Dirty on a write. */
	uint32_t updated = w.pte | PTE_A | (write ? PTE_D : 0);
	if (updated != w.pte) {
		guest_write_u32(g, w.pte_gpa, updated);
		w.pte = updated;
	}
	spt = shadow_pt(g, s, va, true);
	if (!spt)
		goto no_memory;
	spt[pte_index(va)] = pt_make_spte(g->mem_base, w.pde, w.pte);
	fill_ahead(g, spt, va, &w);
	g->stats.shadow_fills++;
	return PF_FIXED;

no_memory:
	mm_refuse(g, "out of memory for shadow page tables");
	return PF_BAD;
}

static bool set_one(struct guest *g, struct shadow_pgdir *s, uint32_t va, uint32_t pte)
{
	uint32_t *spt = shadow_pt(g, s, va, false);
	uint32_t pde;

	if (!spt)
		return true;	/* nothing shadowed there yet: the fault path will see it */
	if (!(pte & PTE_P) || !(pte & (PTE_A | PTE_D)) ||
	    !guest_read_u32(g, s->gpgd + pde_index(va) * 4, &pde) || !(pde & PTE_P)) {
		spt[pte_index(va)] = 0;
		return true;
	}
	switch (pte_verdict(g, pte, va)) {
	case PT_OK:
		spt[pte_index(va)] = pt_make_spte(g->mem_base, pde, pte);
		return true;
	case PT_MMIO:
		spt[pte_index(va)] = 0;	/* left to fault: the access is emulated */
		return true;
	default:
		return false;
	}
}

bool shadow_set_pte(struct guest *g, uint32_t gpgd, uint32_t va, uint32_t pte)
{
	if (va >= SW_BASE || g->linear)
		return true;
	if (va >= g->kernel_address) {
		/* One shared kernel page table serves every directory. */
		return set_one(g, current(g), va, pte);
	}
	struct shadow_pgdir *s = find(g, gpgd);
	return s ? set_one(g, s, va, pte) : true;
}

void shadow_set_pgd(struct guest *g, uint32_t gpgd, uint32_t index)
{
	struct shadow_pgdir *s;

	if (index >= SWITCHER_SLOT)
		return;	/* the switcher's slot is ours */
	if (!g->linear && index >= kernel_slot(g)) {
		drop_kernel_pt(g, index);	/* shared: gone from every directory */
		return;
	}
	s = find(g, gpgd);
	if (s)
		drop_own_slot(g, s, index);
}

void shadow_cpu_moved(struct guest *g)
{
	for (int i = 0; i < SHADOW_PGDIRS; i++)
		if (g->shadows[i].spd)
			table(g->shadows[i].spd)[SWITCHER_SLOT] = switcher_guest_pde(g->cpu);
}

bool shadow_flush(struct guest *g, bool kernel_too)
{
	if (kernel_too)
		drop_all_shadow_entries(g);
	else
		drop_own(g, current(g));
	return shadow_pin_stack(g);
}

bool shadow_new_pgtable(struct guest *g, uint32_t gpgd)
{
	struct shadow_pgdir *s;

	if ((gpgd & 0xFFFu) || !gpa_ok(g, gpgd, PAGE_SIZE))
		return mm_refuse(g, "NEW_PGTABLE with a bad page directory %#x", gpgd);
	if (g->linear) {
		/* 3.1+: the first real page table ends linear mode. */
		drop_all_shadow_entries(g);
		g->linear = false;
		g->shadows[g->current_shadow].used = false;
	}
	s = find(g, gpgd);
	if (!s) {
		int slot = -1;
		for (int i = 0; i < SHADOW_PGDIRS && slot < 0; i++)
			if (!g->shadows[i].used)
				slot = i;
		if (slot < 0) {
			/* Evict one in turn, never the one in use. */
			g->shadow_victim = (g->shadow_victim + 1) % SHADOW_PGDIRS;
			if ((int)g->shadow_victim == g->current_shadow)
				g->shadow_victim = (g->shadow_victim + 1) % SHADOW_PGDIRS;
			slot = (int)g->shadow_victim;
		}
		if (!claim_slot(g, slot, gpgd))
			return mm_refuse(g, "out of memory for shadow page tables");
		s = &g->shadows[slot];
	}
	g->current_shadow = (int)(s - g->shadows);
	return shadow_pin_stack(g);
}

static bool shadow_writable(struct guest *g, uint32_t va)
{
	uint32_t *spt = shadow_pt(g, current(g), va, false);

	return spt && (spt[pte_index(va)] & (PTE_P | PTE_W)) == (PTE_P | PTE_W);
}

bool shadow_pin_stack(struct guest *g)
{
	if (!g->esp1)
		return true;
	for (uint32_t i = 0; i < g->stack_pages; i++) {
		uint32_t va = g->esp1 - 1 - i * PAGE_SIZE;
		/* Kernel stacks live in the shared kernel tables: once pinned
		 * they stay, whichever directory is switched to.  This look
		 * is the whole cost of nearly every call; the second one also
		 * links a shared table this directory has not linked yet. */
		if (shadow_writable_ptr(g, va, 1) || shadow_writable(g, va))
			continue;
		uint32_t mmio;
		enum pf_result r = shadow_page_fault(g, va, 2, &mmio);
		if (r != PF_FIXED && r != PF_BAD)
			return mm_refuse(g, "kernel stack page %#x is not mapped writable RAM", va);
		if (r != PF_FIXED)
			return false;
	}
	return true;
}

void *shadow_writable_ptr(const struct guest *g, uint32_t va, uint32_t len)
{
	if (va >= SW_BASE || len > PAGE_SIZE - (va & 0xFFFu))
		return NULL;
	uint32_t pde = table(current(g)->spd)[pde_index(va)];
	if (!(pde & PTE_P))
		return NULL;
	uint32_t pte = table(pde & ~0xFFFu)[pte_index(va)];
	if ((pte & (PTE_P | PTE_W)) != (PTE_P | PTE_W))
		return NULL;
	return (void *)((pte & ~0xFFFu) | (va & 0xFFFu));
}
