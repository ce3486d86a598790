// SPDX-License-Identifier: GPL-2.0-only
/*
 * One table entry per guest ABI generation we support.  The offsets were
 * derived from the per-generation field lists in shared/LGUEST-ABI.md (§2)
 * and are checked by tests/unit/test_guest_abi.c against an ILP32 struct of
 * each layout.
 */
#include <stddef.h>
#include "guest-abi/lguest.h"

/* 2.6.24-2.6.30: no irq_pending, 16-byte ring records (three arguments). */
#define LAYOUT_2_6_24 {							\
	.irq_enabled = 0x000, .blocked_interrupts = 0x004, .cr2 = 0x008,	\
	.time = 0x00C, .irq_pending = LG_ABSENT, .hcall_status = 0x014,		\
	.hcalls = 0x054, .hcall_record_size = 16, .reserve_mem = 0x454,		\
	.tsc_khz = 0x458, .pgdir = 0x45C, .noirq_start = 0x460,			\
	.noirq_end = 0x464, .noirq_iret = LG_ABSENT, .kernel_address = 0x468, .syscall_vec = 0x46C,	\
	.size = 1136 }

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

/* The calls of each era: the whole GDT up to 2.6.29, an entry at a time
 * from 2.6.30; SEND_INTERRUPTS and PAE's SET_PMD from 2.6.31; NOTIFY gone
 * with the device page in 4.0, TS in 4.10. */
#define LHCALLS_2_6_24 (LHCALLS_COMMON | LHCALL_BIT(LOAD_GDT) | LHCALL_BIT(TS) |	\
	LHCALL_BIT(NOTIFY))
#define LHCALLS_2_6_30 (LHCALLS_COMMON | LHCALL_BIT(LOAD_GDT_ENTRY) | LHCALL_BIT(TS) |	\
	LHCALL_BIT(NOTIFY))
#define LHCALLS_2_6_31 (LHCALLS_2_6_30 | LHCALL_BIT(SET_PMD) | LHCALL_BIT(SEND_INTERRUPTS))
#define LHCALLS_4_0 (LHCALLS_2_6_31 & ~LHCALL_BIT(NOTIFY))
#define LHCALLS_4_10 (LHCALLS_4_0 & ~LHCALL_BIT(TS))

/* 2.6.24-2.6.30 hosts: the old lguest_data, nothing 4.x needs.  Stepping
 * over cli in #GP is as for G5 below. */
#define HOST_SIDE_2_6_24_TO_2_6_30					\
	.data = LAYOUT_2_6_24,							\
	.skip_cli_in_gp = true,							\
	.in_sets_all_ones_by_width = false,					\
	.kernel_alignment = false,						\
	.emulate_cr4_read = false,						\
	.kbc_answers_absent = false

static const struct lguest_gen g1 = {
	.name = "G1", .versions = "2.6.24",
	.min_version = KERNEL_VERSION(2, 6, 24), .max_version = KERNEL_VERSION(2, 6, 24),
	HOST_SIDE_2_6_24_TO_2_6_30,
	.boot_tables = BOOT_IDENTITY_TABLES,
	.vmcall_is_hypercall = false,
	.patch_vmcall = false,
	.notify_status_every_write = false,	/* status writes never notify */
	.transport = TRANSPORT_LGUEST_BUS_TLV,
	.hcalls = LHCALLS_2_6_24,
	.args_edx_ebx_ecx = true,
	.shutdown_has_reason = false,	/* CRASH */
	.blk_header_has_id = true,
};

/* 2.6.25 told the host of a reset only, 2.6.26-2.6.28 of every status
 * write: both are read from the descriptor when they come. */
static const struct lguest_gen g2 = {
	.name = "G2", .versions = "2.6.25-2.6.28",
	.min_version = KERNEL_VERSION(2, 6, 25), .max_version = KERNEL_VERSION(2, 6, 28),
	HOST_SIDE_2_6_24_TO_2_6_30,
	.boot_tables = BOOT_IDENTITY_TABLES,
	.vmcall_is_hypercall = false,
	.patch_vmcall = false,
	.notify_status_every_write = true,
	.transport = TRANSPORT_LGUEST_BUS,
	.hcalls = LHCALLS_2_6_24,
	.args_edx_ebx_ecx = true,
	.shutdown_has_reason = true,
	.blk_header_has_id = false,
};

/* 2.6.29: the host, not the guest, maps RAM at PAGE_OFFSET for boot. */
static const struct lguest_gen g3 = {
	.name = "G3", .versions = "2.6.29",
	.min_version = KERNEL_VERSION(2, 6, 29), .max_version = KERNEL_VERSION(2, 6, 29),
	HOST_SIDE_2_6_24_TO_2_6_30,
	.boot_tables = BOOT_HOST_TABLES,
	.vmcall_is_hypercall = false,
	.patch_vmcall = false,
	.notify_status_every_write = true,
	.transport = TRANSPORT_LGUEST_BUS,
	.hcalls = LHCALLS_2_6_24,
	.args_edx_ebx_ecx = true,
	.shutdown_has_reason = true,
	.blk_header_has_id = false,
};

/* 2.6.30: KVM's vmcall and register order, LOAD_GDT_ENTRY; the old
 * lguest_data (records {call, a1, a2, a3}) for one more release. */
static const struct lguest_gen g4 = {
	.name = "G4", .versions = "2.6.30",
	.min_version = KERNEL_VERSION(2, 6, 30), .max_version = KERNEL_VERSION(2, 6, 30),
	HOST_SIDE_2_6_24_TO_2_6_30,
	.boot_tables = BOOT_HOST_TABLES,
	.vmcall_is_hypercall = true,
	.patch_vmcall = true,
	.notify_status_every_write = true,
	.transport = TRANSPORT_LGUEST_BUS,
	.hcalls = LHCALLS_2_6_30,
	.args_edx_ebx_ecx = false,
	.shutdown_has_reason = true,
	.blk_header_has_id = false,
};

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
	.emulate_cr4_read = false,						\
	.kbc_answers_absent = false,						\
	.transport = TRANSPORT_LGUEST_BUS,					\
	.hcalls = LHCALLS_2_6_31,						\
	.args_edx_ebx_ecx = false,						\
	.shutdown_has_reason = true,						\
	.blk_header_has_id = false

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
	.emulate_cr4_read = false,
	/* 3.19's i8042 probe waits as 4.x's does (0.9 s of its boot);
	 * 3.0's, and the older ones', give up at once on all ones. */
	.kbc_answers_absent = true,
	.transport = TRANSPORT_LGUEST_BUS,
	.hcalls = LHCALLS_2_6_31,
	.args_edx_ebx_ecx = false,
	.shutdown_has_reason = true,
	.blk_header_has_id = false,
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
	.emulate_cr4_read = true,						\
	.kbc_answers_absent = true,						\
	.transport = TRANSPORT_PCI,						\
	.args_edx_ebx_ecx = false,						\
	.shutdown_has_reason = true,						\
	.blk_header_has_id = false

static const struct lguest_gen g8 = {
	.name = "G8", .versions = "4.0",
	.min_version = KERNEL_VERSION(4, 0, 0), .max_version = KERNEL_VERSION(4, 0, 255),
	.data = LAYOUT_3_1,
	.hcalls = LHCALLS_4_0,
	HOST_SIDE_4_X,
};

static const struct lguest_gen g9 = {
	.name = "G9", .versions = "4.1-4.9",
	.min_version = KERNEL_VERSION(4, 1, 0), .max_version = KERNEL_VERSION(4, 9, 255),
	.data = LAYOUT_4_1,
	.hcalls = LHCALLS_4_0,
	HOST_SIDE_4_X,
};

/* 4.10 dropped the virtual CR0.TS: LHCALL_TS is a bad hypercall now. */
static const struct lguest_gen g10 = {
	.name = "G10", .versions = "4.10-4.13",
	.min_version = KERNEL_VERSION(4, 10, 0), .max_version = KERNEL_VERSION(4, 13, 255),
	.data = LAYOUT_4_1,
	.hcalls = LHCALLS_4_10,
	HOST_SIDE_4_X,
};

const struct lguest_gen *const lguest_gens[] = { &g1, &g2, &g3, &g4, &g5, &g6, &g7, &g8, &g9, &g10 };
const unsigned lguest_nr_gens = sizeof(lguest_gens) / sizeof(lguest_gens[0]);

const struct lguest_gen *lguest_gen_for_version(uint32_t version)
{
	for (unsigned i = 0; i < lguest_nr_gens; i++)
		if (version >= lguest_gens[i]->min_version && version <= lguest_gens[i]->max_version)
			return lguest_gens[i];
	return NULL;
}
