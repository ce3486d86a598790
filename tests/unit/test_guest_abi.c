// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lguest_data offsets in guest-abi/gen.c were written down by hand;
 * here each layout is declared again as a plain struct of 32-bit fields
 * (what an i386 guest compiles: 4-byte longs, natural alignment) and the
 * compiler's offsetof must agree with every table entry.  uint32_t keeps
 * the structs the same on a 64-bit host.  Also: which kernel version gets
 * which generation, at each boundary.
 * sources: guest-abi/gen.c
 */
#include <stddef.h>
#include <stdint.h>
#include "check.h"
#include "guest-abi/lguest.h"

struct ilp32_timespec {
	uint32_t sec, nsec;
};

struct ilp32_hcall {
	uint32_t call, a1, a2, a3, a4;
};

/* 2.6.24-2.6.30: three arguments a record, no irq_pending */
struct ilp32_hcall_3 {
	uint32_t words[4];
};

struct lguest_data_2_6_24 {
	uint32_t irq_enabled;
	uint32_t blocked_interrupts;
	uint32_t cr2;
	struct ilp32_timespec time;
	uint8_t hcall_status[LHCALL_RING_SIZE];
	struct ilp32_hcall_3 hcalls[LHCALL_RING_SIZE];
	uint32_t reserve_mem;
	uint32_t tsc_khz;
	uint32_t pgdir;
	uint32_t noirq_start;
	uint32_t noirq_end;
	uint32_t kernel_address;
	uint32_t syscall_vec;
};

/* 2.6.31-3.0 */
struct lguest_data_2_6_31 {
	uint32_t irq_enabled;
	uint32_t blocked_interrupts;
	uint32_t cr2;
	struct ilp32_timespec time;
	uint32_t irq_pending;
	uint8_t hcall_status[LHCALL_RING_SIZE];
	struct ilp32_hcall hcalls[LHCALL_RING_SIZE];
	uint32_t reserve_mem;
	uint32_t tsc_khz;
	uint32_t pgdir;
	uint32_t noirq_start;
	uint32_t noirq_end;
	uint32_t kernel_address;
	uint32_t syscall_vec;
};

/* 3.1-4.0: no pgdir */
struct lguest_data_3_1 {
	uint32_t irq_enabled;
	uint32_t blocked_interrupts;
	uint32_t cr2;
	struct ilp32_timespec time;
	uint32_t irq_pending;
	uint8_t hcall_status[LHCALL_RING_SIZE];
	struct ilp32_hcall hcalls[LHCALL_RING_SIZE];
	uint32_t reserve_mem;
	uint32_t tsc_khz;
	uint32_t noirq_start;
	uint32_t noirq_end;
	uint32_t kernel_address;
	uint32_t syscall_vec;
};

/* 4.1-4.13: one noirq_iret instead of the noirq window */
struct lguest_data_4_1 {
	uint32_t irq_enabled;
	uint32_t blocked_interrupts;
	uint32_t cr2;
	struct ilp32_timespec time;
	uint32_t irq_pending;
	uint8_t hcall_status[LHCALL_RING_SIZE];
	struct ilp32_hcall hcalls[LHCALL_RING_SIZE];
	uint32_t reserve_mem;
	uint32_t tsc_khz;
	uint32_t noirq_iret;
	uint32_t kernel_address;
	uint32_t syscall_vec;
};

_Static_assert(sizeof(struct lguest_data_2_6_24) == 1136, "2.6.24 layout size");
_Static_assert(sizeof(struct lguest_data_2_6_31) == 1396, "2.6.31 layout size");
_Static_assert(sizeof(struct lguest_data_4_1) == 1388, "4.1 layout size");
_Static_assert(sizeof(struct lguest_data_3_1) == 1392, "3.1 layout size");

#define CHECK_FIELD(l, type, field) CHECK_EQ((l)->field, offsetof(type, field))

/* Every field all layouts share. */
#define CHECK_SHARED(l, type)						\
	do {								\
		CHECK_FIELD(l, type, irq_enabled);			\
		CHECK_FIELD(l, type, blocked_interrupts);		\
		CHECK_FIELD(l, type, cr2);				\
		CHECK_FIELD(l, type, time);				\
		CHECK_FIELD(l, type, irq_pending);			\
		CHECK_FIELD(l, type, hcall_status);			\
		CHECK_FIELD(l, type, hcalls);				\
		CHECK_FIELD(l, type, reserve_mem);			\
		CHECK_FIELD(l, type, tsc_khz);				\
		CHECK_FIELD(l, type, kernel_address);			\
		CHECK_FIELD(l, type, syscall_vec);			\
		CHECK_EQ((l)->hcall_record_size, sizeof(struct ilp32_hcall)); \
		CHECK_EQ((l)->size, sizeof(type));			\
	} while (0)

/* ... and those with the noirq window (up to 4.0). */
#define CHECK_COMMON(l, type)						\
	do {								\
		CHECK_SHARED(l, type);					\
		CHECK_FIELD(l, type, noirq_start);			\
		CHECK_FIELD(l, type, noirq_end);			\
		CHECK_EQ((l)->noirq_iret, LG_ABSENT);			\
	} while (0)

static const struct lguest_gen *gen_named(const char *name)
{
	for (unsigned i = 0; i < lguest_nr_gens; i++)
		if (!strcmp(lguest_gens[i]->name, name))
			return lguest_gens[i];
	return NULL;
}

static void layout_2_6_24(void)
{
	static const char *const names[] = { "G1", "G2", "G3", "G4" };
	const struct lguest_data_2_6_24 *none = NULL;

	for (unsigned i = 0; i < 4; i++) {
		const struct lguest_gen *g = gen_named(names[i]);

		CHECK(g != NULL);
		if (!g)
			continue;
		const struct lguest_data_layout *l = &g->data;
		CHECK_FIELD(l, struct lguest_data_2_6_24, irq_enabled);
		CHECK_FIELD(l, struct lguest_data_2_6_24, blocked_interrupts);
		CHECK_FIELD(l, struct lguest_data_2_6_24, cr2);
		CHECK_FIELD(l, struct lguest_data_2_6_24, time);
		CHECK_FIELD(l, struct lguest_data_2_6_24, hcall_status);
		CHECK_FIELD(l, struct lguest_data_2_6_24, hcalls);
		CHECK_FIELD(l, struct lguest_data_2_6_24, reserve_mem);
		CHECK_FIELD(l, struct lguest_data_2_6_24, tsc_khz);
		CHECK_FIELD(l, struct lguest_data_2_6_24, pgdir);
		CHECK_FIELD(l, struct lguest_data_2_6_24, noirq_start);
		CHECK_FIELD(l, struct lguest_data_2_6_24, noirq_end);
		CHECK_FIELD(l, struct lguest_data_2_6_24, kernel_address);
		CHECK_FIELD(l, struct lguest_data_2_6_24, syscall_vec);
		CHECK_EQ(l->hcall_record_size, sizeof(none->hcalls[0]));
		CHECK_EQ(l->irq_pending, LG_ABSENT);
		CHECK_EQ(l->noirq_iret, LG_ABSENT);
		CHECK_EQ(l->size, 1136);
	}
}

static void layout_2_6_31(void)
{
	static const char *const names[] = { "G5", "G6" };

	for (unsigned i = 0; i < 2; i++) {
		const struct lguest_gen *g = gen_named(names[i]);

		CHECK(g != NULL);
		if (!g)
			continue;
		CHECK_COMMON(&g->data, struct lguest_data_2_6_31);
		CHECK_FIELD(&g->data, struct lguest_data_2_6_31, pgdir);
		CHECK_EQ(g->data.size, 1396);
	}
}

static void layout_3_1(void)
{
	static const char *const names[] = { "G7", "G8" };

	for (unsigned i = 0; i < 2; i++) {
		const struct lguest_gen *g = gen_named(names[i]);

		CHECK(g != NULL);
		if (!g)
			continue;
		CHECK_COMMON(&g->data, struct lguest_data_3_1);
		CHECK_EQ(g->data.pgdir, LG_ABSENT);
		CHECK_EQ(g->data.size, 1392);
	}
}

static void layout_4_1(void)
{
	static const char *const names[] = { "G9", "G10" };

	for (unsigned i = 0; i < 2; i++) {
		const struct lguest_gen *g = gen_named(names[i]);

		CHECK(g != NULL);
		if (!g)
			continue;
		CHECK_SHARED(&g->data, struct lguest_data_4_1);
		CHECK_FIELD(&g->data, struct lguest_data_4_1, noirq_iret);
		CHECK_EQ(g->data.pgdir, LG_ABSENT);
		CHECK_EQ(g->data.noirq_start, LG_ABSENT);
		CHECK_EQ(g->data.noirq_end, LG_ABSENT);
		CHECK_EQ(g->data.size, 1388);
	}
}

/* The rows' behaviour flags at the boundaries that matter most. */
static void flags(void)
{
	const struct lguest_gen *g7 = gen_named("G7"), *g8 = gen_named("G8");
	const struct lguest_gen *g9 = gen_named("G9"), *g10 = gen_named("G10");

	CHECK(g7 && g8 && g9 && g10);
	if (!g7 || !g8 || !g9 || !g10)
		return;
	CHECK((g7->hcalls & LHCALL_BIT(NOTIFY)) && g7->transport == TRANSPORT_LGUEST_BUS);
	CHECK(!(g8->hcalls & LHCALL_BIT(NOTIFY)) && g8->transport == TRANSPORT_PCI);
	CHECK((g8->hcalls & g9->hcalls & LHCALL_BIT(TS)) && !(g10->hcalls & LHCALL_BIT(TS)));
	CHECK(g8->boot_tables == BOOT_LINEAR && g10->boot_tables == BOOT_LINEAR);
}

/* The old generations' rows, call by call and register by register. */
static void old_flags(void)
{
	const struct lguest_gen *g1 = gen_named("G1"), *g2 = gen_named("G2");
	const struct lguest_gen *g3 = gen_named("G3"), *g4 = gen_named("G4");
	const struct lguest_gen *g5 = gen_named("G5");

	CHECK(g1 && g2 && g3 && g4 && g5);
	if (!g1 || !g2 || !g3 || !g4 || !g5)
		return;
	/* edx, ebx, ecx up to 2.6.29; KVM's order from 2.6.30. */
	CHECK(g1->args_edx_ebx_ecx && g2->args_edx_ebx_ecx && g3->args_edx_ebx_ecx);
	CHECK(!g4->args_edx_ebx_ecx && !g5->args_edx_ebx_ecx);
	/* The whole GDT up to 2.6.29, an entry from 2.6.30. */
	CHECK((g3->hcalls & LHCALL_BIT(LOAD_GDT)) && !(g3->hcalls & LHCALL_BIT(LOAD_GDT_ENTRY)));
	CHECK(!(g4->hcalls & LHCALL_BIT(LOAD_GDT)) && (g4->hcalls & LHCALL_BIT(LOAD_GDT_ENTRY)));
	/* SEND_INTERRUPTS and SET_PMD from 2.6.31. */
	CHECK(!(g4->hcalls & (LHCALL_BIT(SEND_INTERRUPTS) | LHCALL_BIT(SET_PMD))));
	CHECK((g5->hcalls & LHCALL_BIT(SEND_INTERRUPTS)) && (g5->hcalls & LHCALL_BIT(SET_PMD)));
	/* CRASH only in 2.6.24, with the request id in its block header. */
	CHECK(!g1->shutdown_has_reason && g2->shutdown_has_reason);
	CHECK(g1->blk_header_has_id && !g2->blk_header_has_id);
	CHECK(g1->transport == TRANSPORT_LGUEST_BUS_TLV && g2->transport == TRANSPORT_LGUEST_BUS);
	/* The guest maps PAGE_OFFSET itself up to 2.6.28. */
	CHECK(g2->boot_tables == BOOT_IDENTITY_TABLES && g3->boot_tables == BOOT_HOST_TABLES);
	/* vmcall: every call of 2.6.30, none before. */
	CHECK(!g3->vmcall_is_hypercall && g4->vmcall_is_hypercall && g4->patch_vmcall);
}

/* Each generation's range is consistent and they do not overlap. */
static void ranges(void)
{
	for (unsigned i = 0; i < lguest_nr_gens; i++) {
		const struct lguest_gen *g = lguest_gens[i];

		CHECK(g->min_version <= g->max_version);
		CHECK(lguest_gen_for_version(g->min_version) == g);
		CHECK(lguest_gen_for_version(g->max_version) == g);
		if (i)
			CHECK(lguest_gens[i - 1]->max_version < g->min_version);
	}
}

static void version_boundaries(void)
{
	static const struct {
		uint32_t version;
		const char *gen;
	} cases[] = {
		{ KERNEL_VERSION(2, 6, 23), NULL },
		{ KERNEL_VERSION(2, 6, 24), "G1" },
		{ KERNEL_VERSION(2, 6, 25), "G2" },
		{ KERNEL_VERSION(2, 6, 28), "G2" },
		{ KERNEL_VERSION(2, 6, 29), "G3" },
		{ KERNEL_VERSION(2, 6, 30), "G4" },
		{ KERNEL_VERSION(2, 6, 31), "G5" },
		{ KERNEL_VERSION(2, 6, 33), "G5" },
		{ KERNEL_VERSION(2, 6, 34), "G6" },
		{ KERNEL_VERSION(2, 6, 255), "G6" },
		{ KERNEL_VERSION(3, 0, 0), "G6" },
		{ KERNEL_VERSION(3, 0, 101), "G6" },
		{ KERNEL_VERSION(3, 1, 0), "G7" },
		{ KERNEL_VERSION(3, 10, 108), "G7" },
		{ KERNEL_VERSION(3, 19, 8), "G7" },
		{ KERNEL_VERSION(3, 19, 255), "G7" },
		{ KERNEL_VERSION(3, 20, 0), NULL },
		{ KERNEL_VERSION(4, 0, 0), "G8" },
		{ KERNEL_VERSION(4, 0, 9), "G8" },
		{ KERNEL_VERSION(4, 1, 0), "G9" },
		{ KERNEL_VERSION(4, 4, 178), "G9" },
		{ KERNEL_VERSION(4, 9, 255), "G9" },
		{ KERNEL_VERSION(4, 10, 0), "G10" },
		{ KERNEL_VERSION(4, 13, 9), "G10" },
		{ KERNEL_VERSION(4, 14, 0), NULL },
		{ KERNEL_VERSION(5, 0, 0), NULL },
		{ KERNEL_VERSION(2, 4, 37), NULL },
		{ 0, NULL },
		{ 0xFFFFFFFF, NULL },
	};

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct lguest_gen *g = lguest_gen_for_version(cases[i].version);

		if (!cases[i].gen) {
			if (g)
				printf("  %#x gives %s, want none\n", cases[i].version, g->name),
					case_failed = 1;
		} else if (!g || strcmp(g->name, cases[i].gen)) {
			printf("  %#x gives %s, want %s\n", cases[i].version,
			       g ? g->name : "none", cases[i].gen);
			case_failed = 1;
		}
	}
}

int main(void)
{
	RUN(layout_2_6_24);
	RUN(layout_2_6_31);
	RUN(layout_3_1);
	RUN(layout_4_1);
	RUN(flags);
	RUN(old_flags);
	RUN(ranges);
	RUN(version_boundaries);
	return 0;
}
