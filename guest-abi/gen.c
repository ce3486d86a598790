// SPDX-License-Identifier: GPL-2.0-only
/*
 * One table entry per guest ABI generation we support.  The offsets were
 * derived from the per-generation field lists in shared/LGUEST-ABI.md (§2)
 * and are checked by tests/unit/test_guest_abi.c against an ILP32 struct of
 * each layout.
 */
#include <stddef.h>
#include "guest-abi/lguest.h"

/* 2.6.31-3.0: irq_pending appears, 20-byte ring records, pgdir present. */
#define LAYOUT_2_6_31 {							\
	.irq_enabled = 0x000, .blocked_interrupts = 0x004, .cr2 = 0x008,	\
	.time = 0x00C, .irq_pending = 0x014, .hcall_status = 0x018,		\
	.hcalls = 0x058, .hcall_record_size = 20, .reserve_mem = 0x558,		\
	.tsc_khz = 0x55C, .pgdir = 0x560, .noirq_start = 0x564,			\
	.noirq_end = 0x568, .kernel_address = 0x56C, .syscall_vec = 0x570,	\
	.size = 1396 }

/* 3.1-3.19: as above without pgdir. */
#define LAYOUT_3_1 {							\
	.irq_enabled = 0x000, .blocked_interrupts = 0x004, .cr2 = 0x008,	\
	.time = 0x00C, .irq_pending = 0x014, .hcall_status = 0x018,		\
	.hcalls = 0x058, .hcall_record_size = 20, .reserve_mem = 0x558,		\
	.tsc_khz = 0x55C, .pgdir = LG_ABSENT, .noirq_start = 0x560,		\
	.noirq_end = 0x564, .kernel_address = 0x568, .syscall_vec = 0x56C,	\
	.size = 1392 }

/* What G5 and G6 guests need of the host is the same: they differ in how
 * they issue hypercalls (G5 always with vmcall, G6 with int $0x1f except
 * SEND_INTERRUPTS), and both ways are accepted from either. */
#define HOST_SIDE_2_6_31_TO_3_0						\
	.data = LAYOUT_2_6_31,							\
	.boot_tables = BOOT_HOST_TABLES,					\
	.vmcall_is_hypercall = true,						\
	/* 2.6.3x hosts reflected a #GP on cli; a G5 kernel built for a	\
	 * CPU without cmpxchg8b then dies in cmpxchg8b_emu.  Stepping	\
	 * over it, as later hosts do, costs nothing and lets it run. */	\
	.skip_cli_in_gp = true,							\
	.in_sets_all_ones_by_width = false,					\
	.kernel_alignment = false,						\
	.notify_status_every_write = true,					\
	.has_ts = true,								\
	.max_hcall = LHCALL_SEND_INTERRUPTS

static const struct lguest_gen g5 = {
	.name = "G5", .versions = "2.6.31-2.6.33",
	.min_version = KERNEL_VERSION(2, 6, 31), .max_version = KERNEL_VERSION(2, 6, 33),
	HOST_SIDE_2_6_31_TO_3_0,
};

static const struct lguest_gen g6 = {
	.name = "G6", .versions = "2.6.34-3.0",
	.min_version = KERNEL_VERSION(2, 6, 34), .max_version = KERNEL_VERSION(3, 0, 255),
	HOST_SIDE_2_6_31_TO_3_0,
};

static const struct lguest_gen g7 = {
	.name = "G7", .versions = "3.1-3.19",
	.min_version = KERNEL_VERSION(3, 1, 0), .max_version = KERNEL_VERSION(3, 19, 255),
	.data = LAYOUT_3_1,
	.boot_tables = BOOT_LINEAR,
	.vmcall_is_hypercall = false,
	.skip_cli_in_gp = true,
	.in_sets_all_ones_by_width = true,
	.kernel_alignment = true,
	.notify_status_every_write = false,
	.has_ts = true,
	.max_hcall = LHCALL_SEND_INTERRUPTS,
};

const struct lguest_gen *const lguest_gens[] = { &g5, &g6, &g7 };
const unsigned lguest_nr_gens = sizeof(lguest_gens) / sizeof(lguest_gens[0]);

const struct lguest_gen *lguest_gen_for_version(uint32_t version)
{
	for (unsigned i = 0; i < lguest_nr_gens; i++)
		if (version >= lguest_gens[i]->min_version && version <= lguest_gens[i]->max_version)
			return lguest_gens[i];
	return NULL;
}
