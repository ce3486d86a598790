/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lguest guest ABI as data: hypercall numbers, the lguest_data layout
 * of each generation, the boot protocol constants.  Everything that
 * differs between Linux versions is in struct lguest_gen (guest-abi/gen.c),
 * chosen once when a guest is loaded; the rest of the hypervisor asks the
 * table, never the version number.  Facts from shared/LGUEST-ABI.md.
 */
#ifndef GUEST_ABI_LGUEST_H
#define GUEST_ABI_LGUEST_H

#include <stdint.h>
#include <stdbool.h>

/* Hypercall numbers (stable once assigned). */
enum lhcall {
	LHCALL_FLUSH_ASYNC = 0,
	LHCALL_LGUEST_INIT = 1,
	LHCALL_SHUTDOWN = 2,	/* 2.6.25+ */
	LHCALL_CRASH = 2,	/* 2.6.24: the same number, a message and death */
	LHCALL_LOAD_GDT = 3,	/* up to 2.6.29: the whole GDT (gpa, entries) */
	LHCALL_NEW_PGTABLE = 4,
	LHCALL_FLUSH_TLB = 5,
	LHCALL_LOAD_IDT_ENTRY = 6,
	LHCALL_SET_STACK = 7,
	LHCALL_TS = 8,
	LHCALL_SET_CLOCKEVENT = 9,
	LHCALL_HALT = 10,
	LHCALL_SET_PMD = 13,
	LHCALL_SET_PTE = 14,
	LHCALL_SET_PGD = 15,	/* named SET_PMD up to 2.6.30; the same call */
	LHCALL_LOAD_TLS = 16,
	LHCALL_NOTIFY = 17,
	LHCALL_LOAD_GDT_ENTRY = 18,
	LHCALL_SEND_INTERRUPTS = 19,
	LHCALL_MAX = 20,
};

#define LGUEST_TRAP_ENTRY 0x1F
#define LHCALL_RING_SIZE 64
#define LGUEST_IRQS 32
#define LGUEST_SHUTDOWN_POWEROFF 1
#define LGUEST_SHUTDOWN_RESTART 2

/* Selectors a guest uses (the Linux i386 GDT layout). */
#define GDT_ENTRY_TLS_MIN 6
#define GDT_ENTRY_TLS_ENTRIES 3
#define GDT_ENTRY_LGUEST_CS 10	/* the host's; the guest may not touch them */
#define GDT_ENTRY_LGUEST_DS 11
#define GDT_ENTRY_KERNEL_CS 12
#define GDT_ENTRY_KERNEL_DS 13
#define GDT_ENTRY_TSS 16
#define GDT_ENTRY_DOUBLEFAULT_TSS 31
#define GUEST_KERNEL_CS ((GDT_ENTRY_KERNEL_CS << 3) | 1)	/* 0x61 */
#define GUEST_KERNEL_DS ((GDT_ENTRY_KERNEL_DS << 3) | 1)	/* 0x69 */
#define GUEST_INITIAL_EFLAGS 0x202

/* Guest-physical layout of the boot protocol. */
#define GUEST_BOOT_PARAMS_GPA 0x0
#define GUEST_CMDLINE_GPA 0x1000
#define GUEST_CMDLINE_MAX 2048	/* bytes including the NUL (3.x: 2048) */
#define GUEST_KERNEL_GPA 0x100000
#define GUEST_KERNEL_ALIGNMENT 0x1000000	/* for relocatable bzImages */
#define X86_SUBARCH_LGUEST 1

/* boot_params offsets we write (the Linux "zero page"). */
#define BP_E820_ENTRIES 0x1E8
#define BP_SETUP_HEADER 0x1F1
#define BP_SETUP_SECTS 0x1F1
#define BP_HDR_MAGIC 0x202	/* "HdrS" */
#define BP_VERSION 0x206
#define BP_KERNEL_VERSION 0x20E
#define BP_TYPE_OF_LOADER 0x210
#define BP_LOADFLAGS 0x211
#define BP_CODE32_START 0x214
#define BP_RAMDISK_IMAGE 0x218
#define BP_RAMDISK_SIZE 0x21C
#define BP_CMD_LINE_PTR 0x228
#define BP_KERNEL_ALIGNMENT 0x230
#define BP_RELOCATABLE 0x234
#define BP_CMDLINE_SIZE 0x238
#define BP_HARDWARE_SUBARCH 0x23C
#define BP_INIT_SIZE 0x260
#define BP_E820_MAP 0x2D0
#define BP_KEEP_SEGMENTS 0x40
#define E820_RAM 1

/* lguest_data fields, by offset; an offset of 0xFFFF means "absent in this
 * generation".  Sizes are fixed: 4-byte words, timespec of two words. */
struct lguest_data_layout {
	uint16_t irq_enabled;
	uint16_t blocked_interrupts;
	uint16_t cr2;
	uint16_t time;		/* tv_sec, tv_nsec */
	uint16_t irq_pending;
	uint16_t hcall_status;	/* u8[64] */
	uint16_t hcalls;	/* records[64] */
	uint16_t hcall_record_size;	/* 20 with four arguments */
	uint16_t reserve_mem;
	uint16_t tsc_khz;
	uint16_t pgdir;
	uint16_t noirq_start;
	uint16_t noirq_end;
	uint16_t noirq_iret;	/* 4.1+: replaces noirq_start/end */
	uint16_t kernel_address;
	uint16_t syscall_vec;
	uint16_t size;
};
#define LG_ABSENT 0xFFFF

/* How a generation boots before its first NEW_PGTABLE. */
enum lguest_boot_tables {
	/* 2.6.24-2.6.28: the Launcher's identity map of RAM, reported in
	 * pgdir; the guest copies its first 32 PDEs to PAGE_OFFSET itself. */
	BOOT_IDENTITY_TABLES,
	BOOT_HOST_TABLES,	/* 2.6.29-3.0: host builds identity+PAGE_OFFSET, reports pgdir */
	BOOT_LINEAR,		/* 3.1+: gva == gpa until the first NEW_PGTABLE */
};

/* How a generation finds its devices. */
enum lguest_transport {
	/* 2.6.24: the device page with each descriptor's configuration as
	 * type-length-value fields, queues among them. */
	TRANSPORT_LGUEST_BUS_TLV,
	TRANSPORT_LGUEST_BUS,	/* 2.6.25-3.19: the device page above RAM, NOTIFY */
	TRANSPORT_PCI,		/* 4.0+: virtio 1.0 over emulated PCI, MMIO BARs */
};

/* Everything that differs between guest ABI generations. */
struct lguest_gen {
	const char *name;		/* "G5" */
	const char *versions;		/* "2.6.31-2.6.33" */
	uint32_t min_version, max_version;	/* KERNEL_VERSION(a,b,c) codes, inclusive */
	struct lguest_data_layout data;
	enum lguest_boot_tables boot_tables;
	bool vmcall_is_hypercall;	/* 0F 01 C1 at CPL1 (a #UD on bare metal) */
	/* 2.6.31-2.6.33: the first vmcall at a kernel-text site is rewritten
	 * to int $0x1f; nop, as those kernels' hosts did (hv/emulate.c). */
	bool patch_vmcall;
	bool skip_cli_in_gp;		/* 2.6.34+: #GP on cli is stepped over */
	bool in_sets_all_ones_by_width;	/* 3.1+: in writes ones to the width only */
	bool kernel_alignment;		/* set boot_params.kernel_alignment (3.1+) */
	bool notify_status_every_write;	/* 2.6.26-3.0 vs 3.1+ (finalize/reset/fail) */
	/* 4.4.y stable kernels read cr4 with a raw `mov %cr4` before they
	 * have an IDT (cr4_init_shadow); the #GP path answers it. */
	bool emulate_cr4_read;
	/* 4.x guests no longer reserve the legacy ports, and Linux's i8042
	 * driver probes the keyboard controller: see hv/emulate.c. */
	bool kbc_answers_absent;
	enum lguest_transport transport;
	/* The hypercalls this generation has: bit n for call n. */
	uint32_t hcalls;
	/* Up to 2.6.29 a call's arguments are in edx, ebx, ecx (and a ring
	 * record, which mirrors eax..edx, reads {call, a2, a3, a1}); from
	 * 2.6.30 in ebx, ecx, edx, esi (KVM's order). */
	bool args_edx_ebx_ecx;
	/* Call 2 is SHUTDOWN(message, reason) from 2.6.25; in 2.6.24 it is
	 * CRASH(message): always the end, never a restart. */
	bool shutdown_has_reason;
	/* 2.6.24's virtio-blk request header carries a u64 id: 24 bytes. */
	bool blk_header_has_id;
};

#define LHCALL_BIT(name) (1u << LHCALL_##name)
/* What every generation from 2.6.24 on has. */
#define LHCALLS_COMMON (LHCALL_BIT(FLUSH_ASYNC) | LHCALL_BIT(LGUEST_INIT) |	\
	LHCALL_BIT(SHUTDOWN) | LHCALL_BIT(NEW_PGTABLE) | LHCALL_BIT(FLUSH_TLB) |	\
	LHCALL_BIT(LOAD_IDT_ENTRY) | LHCALL_BIT(SET_STACK) | LHCALL_BIT(SET_CLOCKEVENT) | \
	LHCALL_BIT(HALT) | LHCALL_BIT(SET_PTE) | LHCALL_BIT(SET_PGD) | LHCALL_BIT(LOAD_TLS))

#define KERNEL_VERSION(a, b, c) (((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | (uint32_t)(c))

/* The generation for a kernel version, or NULL when unsupported. */
const struct lguest_gen *lguest_gen_for_version(uint32_t version);
/* All supported generations, for messages ("supported: ..."). */
extern const struct lguest_gen *const lguest_gens[];
extern const unsigned lguest_nr_gens;

#endif
