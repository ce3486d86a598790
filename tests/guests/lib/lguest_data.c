// SPDX-License-Identifier: GPL-2.0-only
/*
 * struct lguest_data, the page the guest shares with its host, filled in
 * before LGUEST_INIT exactly as Linux fills it statically:
 *  - every hcall_status byte 0xFF (the ring starts empty);
 *  - IRQ 0 blocked (Linux unblocks the timer in time_init);
 *  - interrupts virtually off;
 *  - where our iret path is (the noirq_start/noirq_end window up to 4.0,
 *    the address of its iret instruction from 4.1), our PAGE_OFFSET and
 *    system-call vector.
 * The host writes tsc_khz, reserve_mem, time and (G1-G6) pgdir at INIT.
 *
 * The offsets below are the ones in shared/LGUEST-ABI.md §2 and in
 * guest-abi/gen.c (LAYOUT_2_6_24 for G1-G4, LAYOUT_2_6_31 for G5/G6,
 * LAYOUT_3_1 for G7/G8, the 4.1 layout for G9/G10); if the structure
 * drifted the guest would be talking a different ABI.
 */
#include "guest.h"

#define RING_FREE_X4 0xFF, 0xFF, 0xFF, 0xFF
#define RING_FREE_X16 RING_FREE_X4, RING_FREE_X4, RING_FREE_X4, RING_FREE_X4

volatile struct lguest_data lguest_data __attribute__((aligned(4096))) = {
	.irq_enabled = 0,
	.blocked_interrupts = 1u << 0,
	.hcall_status = { RING_FREE_X16, RING_FREE_X16, RING_FREE_X16, RING_FREE_X16 },
#if LG_NOIRQ_IRET
	.noirq_iret = (uint32_t)(uintptr_t)lguest_noirq_iret,
#else
	.noirq_start = (uint32_t)(uintptr_t)lguest_noirq_start,
	.noirq_end = (uint32_t)(uintptr_t)lguest_noirq_end,
#endif
	.kernel_address = PAGE_OFFSET,
	.syscall_vec = SYSCALL_VECTOR,
};

#define AT(field, off) _Static_assert(offsetof(struct lguest_data, field) == (off), \
				      "lguest_data." #field " must be at " #off)
AT(irq_enabled, 0x000);
AT(blocked_interrupts, 0x004);
AT(cr2, 0x008);
AT(time_sec, 0x00C);
#if !LG_HAS_IRQ_PENDING
AT(hcall_status, 0x014);
AT(hcalls, 0x054);
_Static_assert(sizeof(struct hcall_args) == 16, "ring records are 16 bytes up to 2.6.30");
#if LG_HCALL_EDX_FIRST
_Static_assert(offsetof(struct hcall_args, arg1) == 12, "2.6.24-2.6.29: {call, a2, a3, a1}");
#else
_Static_assert(offsetof(struct hcall_args, arg1) == 4, "2.6.30: {call, a1, a2, a3}");
#endif
AT(reserve_mem, 0x454);
AT(tsc_khz, 0x458);
AT(pgdir, 0x45C);	/* head.S's LGUEST_DATA_PGDIR */
AT(noirq_start, 0x460);
AT(noirq_end, 0x464);
AT(kernel_address, 0x468);
AT(syscall_vec, 0x46C);
_Static_assert(sizeof(struct lguest_data) == 1136, "2.6.24-2.6.30 lguest_data is 1136 bytes");
#else
AT(irq_pending, 0x014);
AT(hcall_status, 0x018);
AT(hcalls, 0x058);
_Static_assert(sizeof(struct hcall_args) == 20, "ring records are 20 bytes from 2.6.31");
AT(reserve_mem, 0x558);
AT(tsc_khz, 0x55C);
#if LG_HAS_PGDIR
AT(pgdir, 0x560);	/* head.S's LGUEST_DATA_PGDIR */
AT(noirq_start, 0x564);
AT(noirq_end, 0x568);
AT(kernel_address, 0x56C);
AT(syscall_vec, 0x570);
_Static_assert(sizeof(struct lguest_data) == 1396, "2.6.31-3.0 lguest_data is 1396 bytes");
#elif !LG_NOIRQ_IRET
AT(noirq_start, 0x560);
AT(noirq_end, 0x564);
AT(kernel_address, 0x568);
AT(syscall_vec, 0x56C);
_Static_assert(sizeof(struct lguest_data) == 1392, "3.1-4.0 lguest_data is 1392 bytes");
#else
AT(noirq_iret, 0x560);
AT(kernel_address, 0x564);
AT(syscall_vec, 0x568);
_Static_assert(sizeof(struct lguest_data) == 1388, "4.1-4.13 lguest_data is 1388 bytes");
#endif
#endif
