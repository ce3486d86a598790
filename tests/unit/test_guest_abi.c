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
	CHECK(g7->has_notify && g7->transport == TRANSPORT_LGUEST_BUS);
	CHECK(!g8->has_notify && g8->transport == TRANSPORT_PCI);
	CHECK(g8->has_ts && g9->has_ts && !g10->has_ts);
	CHECK(g8->boot_tables == BOOT_LINEAR && g10->boot_tables == BOOT_LINEAR);
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
		{ KERNEL_VERSION(2, 6, 30), NULL },
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
		{ KERNEL_VERSION(2, 6, 23), NULL },
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
	RUN(layout_2_6_31);
	RUN(layout_3_1);
	RUN(layout_4_1);
	RUN(flags);
	RUN(ranges);
	RUN(version_boundaries);
	return 0;
}
