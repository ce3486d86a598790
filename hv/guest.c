// SPDX-License-Identifier: GPL-2.0-only
/*
 * How guests end.  Killing only marks the guest dead and says why: the
 * code that noticed the problem may still be in the middle of using the
 * guest's shadow tables, so the memory is released by the run loop once
 * control is back there (guest_release).
 */
#include <stdarg.h>
#include <stddef.h>
#include "hv/guest.h"
#include "hv/cpus.h"
#include "mm/frames.h"
#include "mm/shadow.h"
#include "lib/fmt.h"
#include "lib/log.h"
#include "lib/string.h"

struct guest *guest_slots[GUEST_SLOTS];

/* A guest is some 18 KiB (its shadow kernel page table, its IDT and GDT,
 * its counters): whole frames, allocated with it and freed with its slot. */
#define GUEST_PAGES ((sizeof(struct guest) + FRAME_SIZE - 1) / FRAME_SIZE)

int guest_empty_slot(void)
{
	for (int i = 0; i < GUEST_SLOTS; i++)
		if (!guest_slots[i])
			return i;
	return -1;
}

struct guest *guest_slot_new(int i)
{
	uint32_t pa;
	struct guest *g;

	if (guest_at(i) || (unsigned)i >= GUEST_SLOTS)
		return NULL;
	pa = frames_alloc_contig(GUEST_PAGES, 1);
	if (!pa)
		return NULL;
	g = (struct guest *)(uintptr_t)pa;
	memset(g, 0, sizeof(*g));
	g->id = i;
	guest_slots[i] = g;
	return g;
}

void guest_slot_free(struct guest *g)
{
	guest_slots[g->id] = NULL;
	memset(g, 0, sizeof(*g));	/* its registers, its command line */
	frames_free_contig((uint32_t)(uintptr_t)g, GUEST_PAGES);
}

void guest_reset(struct guest *g)
{
	int id = g->id;

	memset(g, 0, offsetof(struct guest, config));
	g->id = id;
}

static void nothing(struct guest *g) { }
static void (*last_words)(struct guest *g) = nothing;
static void (*gone)(struct guest *g) = nothing;

void guest_set_stop_hooks(void (*words)(struct guest *g), void (*dead)(struct guest *g))
{
	last_words = words;
	gone = dead;
}

static const char *const hcall_names[LHCALL_MAX] = {
	[LHCALL_FLUSH_ASYNC] = "flush_async", [LHCALL_LGUEST_INIT] = "init",
	[LHCALL_SHUTDOWN] = "shutdown", [LHCALL_LOAD_GDT] = "load_gdt",
	[LHCALL_NEW_PGTABLE] = "new_pgtable",
	[LHCALL_FLUSH_TLB] = "flush_tlb", [LHCALL_LOAD_IDT_ENTRY] = "load_idt_entry",
	[LHCALL_SET_STACK] = "set_stack", [LHCALL_TS] = "ts",
	[LHCALL_SET_CLOCKEVENT] = "set_clockevent", [LHCALL_HALT] = "halt",
	[LHCALL_SET_PMD] = "set_pmd", [LHCALL_SET_PTE] = "set_pte",
	[LHCALL_SET_PGD] = "set_pgd", [LHCALL_LOAD_TLS] = "load_tls",
	[LHCALL_NOTIFY] = "notify", [LHCALL_LOAD_GDT_ENTRY] = "load_gdt_entry",
	[LHCALL_SEND_INTERRUPTS] = "send_interrupts",
};

/* "hv: guest NAME WHAT: item item ...", wrapped before 120 columns. */
struct listing {
	const struct guest *g;
	const char *what;
	char line[160];
	int n;
};

static void listing_start(struct listing *l)
{
	l->n = fmt_snprintf(l->line, sizeof(l->line), "hv: guest %s %s:", l->g->name, l->what);
}

static void listing_add(struct listing *l, const char *item)
{
	if (l->n > 120) {
		kprintf("%s\n", l->line);
		listing_start(l);
	}
	l->n += fmt_snprintf(l->line + l->n, sizeof(l->line) - l->n, " %s", item);
}

void guest_print_moves(const struct guest *g)
{
	if (g->stats.cpu_moves)
		kprintf("hv: guest %s: %u moves between cpus\n", g->name, g->stats.cpu_moves);
}

static void print_counters(const struct guest *g)
{
	const struct guest_counters *c = &g->stats;
	struct listing l = { .g = g };
	char item[40], patched[40] = "";

	if (g->gen->patch_vmcall)
		fmt_snprintf(patched, sizeof(patched), ", %u vmcall sites patched",
			     c->vmcalls_patched);
	kprintf("hv: guest %s counters: %u exits, %u hypercalls in the ring, %u shadow fills, "
		"%u faults reflected, %u interrupts injected, %u #GP emulated, %u shadow frames%s, "
		"%llu host ticks\n",
		g->name, c->exits, c->async_hcalls, c->shadow_fills, c->reflected_faults,
		c->irqs_injected, c->gp_emulated, g->shadow_frames, patched,
		(unsigned long long)c->host_ticks);
	guest_print_moves(g);
	l.what = "exits by vector";
	listing_start(&l);
	for (int v = 0; v < 256; v++) {
		if (!c->exits_by_vector[v])
			continue;
		fmt_snprintf(item, sizeof(item), "%#x=%u", v, c->exits_by_vector[v]);
		listing_add(&l, item);
	}
	kprintf("%s\n", l.line);
	l.what = "hypercalls";
	listing_start(&l);
	for (int h = 0; h < LHCALL_MAX; h++) {
		if (!c->hcalls[h])
			continue;
		fmt_snprintf(item, sizeof(item), "%s=%u", hcall_names[h] ? hcall_names[h] : "?",
			     c->hcalls[h]);
		listing_add(&l, item);
	}
	kprintf("%s\n", l.line);
	for (uint32_t i = 0; i < g->nr_disks; i++) {
		const struct vblk *d = &g->disks[i];
		kprintf("hv: guest %s disk %s: %llu requests, %llu KiB read, %llu KiB written, "
			"%llu failed\n", g->name, d->name, (unsigned long long)d->requests,
			(unsigned long long)(d->bytes_in >> 10),
			(unsigned long long)(d->bytes_out >> 10), (unsigned long long)d->errors);
	}
	for (uint32_t i = 0; i < g->nr_nets; i++) {
		const struct vport *p = g->nets[i].port;
		if (p)
			kprintf("hv: guest %s %s: sent %llu frames (%llu refused), received %llu "
				"(%llu dropped)\n", g->name, g->nets[i].name, p->st.in_frames,
				p->st.refused, p->st.out_frames, p->st.dropped);
	}
}

void guest_kill(struct guest *g, const char *fmt, ...)
{
	char why[160], where[16] = "";
	va_list ap;

	if (!guest_alive(g))
		return;	/* the first reason is the one that counts */
	va_start(ap, fmt);
	fmt_vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	last_words(g);
	if (hv_cpus_online() > 1)
		fmt_snprintf(where, sizeof(where), " on cpu %u", g->cpu);
	kprintf("hv: guest %s killed: %s (eip %#x)%s\n", g->name, why,
		g->regs ? g->regs->eip : 0, where);
	print_counters(g);
	g->state = GUEST_DEAD;
	g->restart_requested = g->restart_on_crash;
	gone(g);
	hv_kick(g->cpu);	/* its CPU reaps it */
}

void guest_power_off(struct guest *g, const char *message)
{
	if (!guest_alive(g))
		return;
	last_words(g);
	kprintf("hv: guest %s: %s (\"%s\")\n", g->name,
		g->restart_requested ? "restart" : "power off", message);
	print_counters(g);
	g->state = GUEST_DEAD;
	gone(g);
	hv_kick(g->cpu);
}

void guest_release(struct guest *g)
{
	shadow_release(g);
	if (g->mem_base) {
		/* Scrub: the next guest given these frames must see nothing. */
		memset((void *)g->mem_base, 0, g->mem_limit);
		frames_free_contig(g->mem_base, g->mem_limit / FRAME_SIZE);
		g->mem_base = 0;
	}
	if (g->regs_page) {
		memset((void *)g->regs_page, 0, FRAME_SIZE);
		frame_free(g->regs_page);
		g->regs_page = 0;
		g->regs = NULL;
	}
	if (g->ro_page) {
		frame_free(g->ro_page);
		g->ro_page = 0;
		g->ro = NULL;
	}
}
