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
	.noirq_end = 0x568, .noirq_iret = LG_ABSENT, .kernel_address = 0x56C, .syscall_vec = 0x570,	\
	.size = 1396 }

/* 3.1-3.19: as above without pgdir. */
#define LAYOUT_3_1 {							\
	.irq_enabled = 0x000, .blocked_interrupts = 0x004, .cr2 = 0x008,	\
	.time = 0x00C, .irq_pending = 0x014, .hcall_status = 0x018,		\
	.hcalls = 0x058, .hcall_record_size = 20, .reserve_mem = 0x558,		\
	.tsc_khz = 0x55C, .pgdir = LG_ABSENT, .noirq_start = 0x560,		\
	.noirq_end = 0x564, .noirq_iret = LG_ABSENT, .kernel_address = 0x568, .syscall_vec = 0x56C,	\
	.size = 1392 }

/* 4.1-4.13: one noirq_iret (the address of lguest_iret's iret) instead
 * of the noirq_start/noirq_end window. */
#define LAYOUT_4_1 {							\
	.irq_enabled = 0x000, .blocked_interrupts = 0x004, .cr2 = 0x008,	\
	.time = 0x00C, .irq_pending = 0x014, .hcall_status = 0x018,		\
	.hcalls = 0x058, .hcall_record_size = 20, .reserve_mem = 0x558,		\
	.tsc_khz = 0x55C, .pgdir = LG_ABSENT, .noirq_start = LG_ABSENT,		\
	.noirq_end = LG_ABSENT, .noirq_iret = 0x560, .kernel_address = 0x564,	\
	.syscall_vec = 0x568, .size = 1388 }

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
	.has_notify = true,							\
	.emulate_cr4_read = false,						\
	.kbc_answers_absent = false,						\
	.transport = TRANSPORT_LGUEST_BUS,					\
	.max_hcall = LHCALL_SEND_INTERRUPTS

static const struct lguest_gen g5 = {
	.name = "G5", .versions = "2.6.31-2.6.33",
	.min_version = KERNEL_VERSION(2, 6, 31), .max_version = KERNEL_VERSION(2, 6, 33),
	HOST_SIDE_2_6_31_TO_3_0,
	/* Every hypercall is a vmcall; their hosts patched each site to
	 * int $0x1f on its first trap, which these kernels expect. */
	.patch_vmcall = true,
};

static const struct lguest_gen g6 = {
	.name = "G6", .versions = "2.6.34-3.0",
	.min_version = KERNEL_VERSION(2, 6, 34), .max_version = KERNEL_VERSION(3, 0, 255),
	HOST_SIDE_2_6_31_TO_3_0,
	/* SEND_INTERRUPTS is still a vmcall (until 3.1): rewritten too. */
	.patch_vmcall = true,
};

static const struct lguest_gen g7 = {
	.name = "G7", .versions = "3.1-3.19",
	.min_version = KERNEL_VERSION(3, 1, 0), .max_version = KERNEL_VERSION(3, 19, 255),
	.data = LAYOUT_3_1,
	.boot_tables = BOOT_LINEAR,
	.vmcall_is_hypercall = false,
	.patch_vmcall = false,
	.skip_cli_in_gp = true,
	.in_sets_all_ones_by_width = true,
	.kernel_alignment = true,
	.notify_status_every_write = false,
	.has_ts = true,
	.has_notify = true,
	.emulate_cr4_read = false,
	.kbc_answers_absent = false,
	.transport = TRANSPORT_LGUEST_BUS,
	.max_hcall = LHCALL_SEND_INTERRUPTS,
};

/* 4.0-4.13 boot as 3.x does (linear until the first NEW_PGTABLE) but find
 * their devices on PCI; NOTIFY is gone, and with it the early console's
 * string (it writes emerg_wr through the PCI_CFG window instead). */
#define HOST_SIDE_4_X							\
	.boot_tables = BOOT_LINEAR,						\
	.vmcall_is_hypercall = false,						\
	.patch_vmcall = false,							\
	.skip_cli_in_gp = true,							\
	.in_sets_all_ones_by_width = true,					\
	.kernel_alignment = true,						\
	.notify_status_every_write = false,					\
	.has_notify = false,							\
	.emulate_cr4_read = true,						\
	.kbc_answers_absent = true,						\
	.transport = TRANSPORT_PCI,						\
	.max_hcall = LHCALL_SEND_INTERRUPTS

static const struct lguest_gen g8 = {
	.name = "G8", .versions = "4.0",
	.min_version = KERNEL_VERSION(4, 0, 0), .max_version = KERNEL_VERSION(4, 0, 255),
	.data = LAYOUT_3_1,
	.has_ts = true,
	HOST_SIDE_4_X,
};

static const struct lguest_gen g9 = {
	.name = "G9", .versions = "4.1-4.9",
	.min_version = KERNEL_VERSION(4, 1, 0), .max_version = KERNEL_VERSION(4, 9, 255),
	.data = LAYOUT_4_1,
	.has_ts = true,
	HOST_SIDE_4_X,
};

/* 4.10 dropped the virtual CR0.TS: LHCALL_TS is a bad hypercall now. */
static const struct lguest_gen g10 = {
	.name = "G10", .versions = "4.10-4.13",
	.min_version = KERNEL_VERSION(4, 10, 0), .max_version = KERNEL_VERSION(4, 13, 255),
	.data = LAYOUT_4_1,
	.has_ts = false,
	HOST_SIDE_4_X,
};

const struct lguest_gen *const lguest_gens[] = { &g5, &g6, &g7, &g8, &g9, &g10 };
const unsigned lguest_nr_gens = sizeof(lguest_gens) / sizeof(lguest_gens[0]);

const struct lguest_gen *lguest_gen_for_version(uint32_t version)
{
	for (unsigned i = 0; i < lguest_nr_gens; i++)
		if (version >= lguest_gens[i]->min_version && version <= lguest_gens[i]->max_version)
			return lguest_gens[i];
	return NULL;
}
