/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test guest's first instructions, its trap entry stubs and its way
 * back out of a trap -- the parts that must be assembly.
 *
 * startup_32 is where the hypervisor enters, exactly as it enters a Linux
 * vmlinux: at the *physical* e_entry, cs = 0x61, ds/es/ss = 0x69, every
 * general register 0 (so esi = 0 points at boot_params), esp = 0, and
 * paging already on -- the host's identity-only tables for G1/G2, its
 * identity + PAGE_OFFSET tables for G3-G6, a 1:1 "linear" view for G7 and
 * later.  Like head_32.S + lguest_entry we:
 *   1. take a stack and clear BSS (all at physical addresses);
 *   2. copy boot_params (4 KiB at %esi) and the command line
 *      (boot_params.cmd_line_ptr) into BSS;
 *   3. LGUEST_INIT(pa(lguest_data)) -- int $0x1f with the address in %edx
 *      on G1-G3, vmcall with it in %ebx on G4/G5, int $0x1f after;
 *   4. G7+: build initial_page_table (identity + PAGE_OFFSET, 4 KiB pages)
 *      and NEW_PGTABLE to it; G1-G6: adopt lguest_data.pgdir, and on
 *      G1/G2 first copy its first 32 PDEs (128 MiB) to the PAGE_OFFSET
 *      slots of that same directory, with plain stores, as 2.6.24-2.6.28
 *      did: no hypercall, the host finds them when we first fault there;
 *   5. jump to the virtual C entry, lgtest_main().
 */
#define PAGE_OFFSET 0xC0000000
#define pa(x) ((x) - PAGE_OFFSET)

#define LHCALL_LGUEST_INIT 1
#define LHCALL_FLUSH_TLB 5
#define LHCALL_NEW_PGTABLE 4
#define LGUEST_DATA_IRQ_ENABLED 0x000
#if LG_GEN < 5
#define LGUEST_DATA_PGDIR 0x45C		/* 2.6.24-2.6.30 (checked in lguest_data.c) */
#else
#define LGUEST_DATA_PGDIR 0x560		/* 2.6.31-3.0 only (checked in lguest_data.c) */
#endif
#define BOOT_PDES_COPIED 32		/* 2.6.24-2.6.28: the first 128 MiB */
#define BP_CMD_LINE_PTR 0x228
#define BP_E820_SIZE_LO (0x2D0 + 8)
#define CMDLINE_BYTES 2048		/* GUEST_CMDLINE_MAX */
#define DEVICE_PAGES 64			/* LG_DEVICE_PAGES of guest.h */
#define INITIAL_MAP_MAX (128 << 20)	/* RAM mapped by initial_page_table */

#if LG_GEN == 4 || LG_GEN == 5
#define HCALL .byte 0x0f, 0x01, 0xc1	/* vmcall */
#else
#define HCALL int $0x1f
#endif

	.section .text.head, "ax"
	.globl startup_32
startup_32:
	cld
	movl $pa(boot_stack_top), %esp

	/* BSS first: the copies below land in it.  Keep %esi (boot_params). */
	movl $pa(__bss_start), %edi
	movl $pa(__bss_stop), %ecx
	subl %edi, %ecx
	xorl %eax, %eax
	rep stosb

	movl $pa(boot_params), %edi
	movl $(4096 / 4), %ecx
	rep movsl
	movl pa(boot_params) + BP_CMD_LINE_PTR, %esi
	testl %esi, %esi
	jz 1f
	movl $pa(boot_command_line), %edi
	movl $((CMDLINE_BYTES - 4) / 4), %ecx	/* leave the last word 0: a NUL */
	rep movsl
1:
	call preinit_attack		/* the hostile suite's first-hypercall cases */
	movl $LHCALL_LGUEST_INIT, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
#if LG_GEN < 4
	movl $pa(lguest_data), %edx
#else
	movl $pa(lguest_data), %ebx
#endif
	HCALL

#if LG_GEN >= 7
	call build_initial_page_table
	movl $LHCALL_NEW_PGTABLE, %eax
	movl $pa(initial_page_table), %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	int $0x1f
	movl $pa(initial_page_table), pa(cur_pgd)
#else
	movl pa(lguest_data) + LGUEST_DATA_PGDIR, %eax
	movl %eax, pa(cur_pgd)
#if LG_GEN < 3
	movl %eax, %esi
	leal (PAGE_OFFSET >> 22) * 4(%eax), %edi
	movl $BOOT_PDES_COPIED, %ecx
	rep movsl
#endif
#endif

	/* From here on, virtual addresses. */
	movl $boot_stack_top, %esp
	xorl %ebp, %ebp
	movl $lgtest_main, %eax
	jmp *%eax

#if LG_GEN >= 7
/*
 * G7's own boot page table, as 3.x's head_32.S builds one: every page of
 * RAM (up to INITIAL_MAP_MAX) mapped twice, at its physical address and at
 * PAGE_OFFSET + physical, through 4 KiB PTEs (0x63) -- lguest refuses
 * 4 MiB pages -- and PDEs with flags 0x63, a subset of the allowed 0x67.
 * Runs at physical addresses, in the host's linear mode.
 */
build_initial_page_table:
	movl pa(boot_params) + BP_E820_SIZE_LO, %ecx
	cmpl $INITIAL_MAP_MAX, %ecx
	jbe 1f
	movl $INITIAL_MAP_MAX, %ecx
1:	shrl $12, %ecx			/* pages to map */
	movl $pa(initial_ptes), %edi
	movl $0x63, %eax		/* PTE: present, writable, accessed, dirty */
2:	stosl
	addl $0x1000, %eax
	loop 2b

	/* One PDE per PTE page that holds anything, in both places. */
	movl pa(boot_params) + BP_E820_SIZE_LO, %ecx
	cmpl $INITIAL_MAP_MAX, %ecx
	jbe 3f
	movl $INITIAL_MAP_MAX, %ecx
3:	addl $((4 << 20) - 1), %ecx
	shrl $22, %ecx			/* PTE pages in use */
	movl $pa(initial_ptes) + 0x63, %eax	/* PDE flags 0x63 */
	xorl %ebx, %ebx
4:	movl %eax, pa(initial_page_table)(,%ebx,4)
	movl %eax, pa(initial_page_table) + (PAGE_OFFSET >> 22) * 4(,%ebx,4)
	addl $0x1000, %eax
	incl %ebx
	loop 4b
	ret
#endif

/*
 * "lgtest=hostile:pre_X" on the command line: attack the hypervisor with
 * our very first hypercall, which can only be made from here, before
 * LGUEST_INIT (tests/guests/hostile.c lists them; the hypervisor must
 * kill us for each, so what follows only runs if it did not):
 *   pre_hcall       FLUSH_TLB before LGUEST_INIT
 *   pre_beyond      LGUEST_INIT with lguest_data at 3.75 GiB
 *   pre_straddle    ... 16 bytes before the end of our memory
 *   pre_unaligned   ... at our real lguest_data + 2
 * Runs at physical addresses with a stack, before any C.
 */
preinit_attack:
	movl $pa(boot_command_line), %esi
1:	cmpb $0, (%esi)
	je 9f
	movl $pa(preinit_tag), %edi
	movl %esi, %edx
2:	movb (%edi), %al
	testb %al, %al
	je 3f				/* the whole tag matched at %esi */
	cmpb (%edx), %al
	jne 4f
	incl %edi
	incl %edx
	jmp 2b
4:	incl %esi
	jmp 1b
3:	movzbl (%edx), %ecx		/* the first letter of the attack */
	movl $LHCALL_LGUEST_INIT, %eax
	xorl %edx, %edx
	xorl %esi, %esi
	cmpb $'h', %cl
	jne 5f
	movl $LHCALL_FLUSH_TLB, %eax
	movl $1, %ebx
	jmp 8f
5:	cmpb $'b', %cl
	jne 6f
	movl $0xF0000000, %ebx
	jmp 8f
6:	cmpb $'s', %cl
	jne 7f
	movl pa(boot_params) + BP_E820_SIZE_LO, %ebx
	addl $(DEVICE_PAGES * 4096 - 16), %ebx	/* RAM, the device pages, less 16 */
	jmp 8f
7:	cmpb $'u', %cl
	jne 9f
	movl $pa(lguest_data) + 2, %ebx
8:	xorl %ecx, %ecx
#if LG_GEN < 4
	movl %ebx, %edx			/* a1 goes in %edx up to 2.6.29 */
	xorl %ebx, %ebx
#endif
	HCALL
9:	ret

	.section .rodata
preinit_tag:
	.asciz "lgtest=hostile:pre_"

/*
 * Leaving a trap: lguest_iret.  The host must never inject an interrupt
 * between our store of the virtual IF and the iret (it would push a frame
 * with the wrong IF, or lose the one we are popping).  Up to 4.0 (G1-G8)
 * the store, the pop and the iret sit inside [lguest_noirq_start,
 * lguest_noirq_end), and lguest_data tells the host where that is.  From
 * 4.1 (G9, G10) the eflags word is copied with a push and a pop, and only
 * the iret itself is special: lguest_data.noirq_iret names it, and an
 * interrupt due while eip is there reuses the iret frame on our stack
 * instead of pushing one of its own.  Either way the whole eflags word
 * goes into irq_enabled, as Linux does; only bit 9 counts.  %ss: because
 * %ds may already hold a user selector.
 */
	.text
#if LG_GEN >= 9
	.globl lguest_iret, lguest_noirq_iret
lguest_iret:
	pushl 8(%esp)			/* the frame's eflags (eip, cs, eflags) */
	popl %ss:lguest_data + LGUEST_DATA_IRQ_ENABLED
lguest_noirq_iret:
	iret
#else
	.globl lguest_iret, lguest_noirq_start, lguest_noirq_end
lguest_iret:
	pushl %eax
	movl 12(%esp), %eax		/* the frame's eflags (eip, cs, eflags above eax) */
lguest_noirq_start:
	movl %eax, %ss:lguest_data + LGUEST_DATA_IRQ_ENABLED
	popl %eax
	iret
lguest_noirq_end:
#endif

/*
 * Trap stubs: one per vector we install, each making the frame uniform
 * (a 0 where the CPU or host pushes no error code) and naming its vector.
 * Error codes come with 8, 10-14 and 17.
 */
#define STUB(vec) \
	.globl trap_stub_##vec; trap_stub_##vec: pushl $0; pushl $vec; jmp trap_common
#define STUB_ERR(vec) \
	.globl trap_stub_##vec; trap_stub_##vec: pushl $vec; jmp trap_common

STUB(0); STUB(1); STUB(2); STUB(3); STUB(4); STUB(5); STUB(6); STUB(7)
STUB_ERR(8); STUB(9); STUB_ERR(10); STUB_ERR(11); STUB_ERR(12); STUB_ERR(13)
STUB_ERR(14); STUB(15); STUB(16); STUB_ERR(17); STUB(18); STUB(19); STUB(20)
STUB(21); STUB(22); STUB(23); STUB(24); STUB(25); STUB(26); STUB(27); STUB(28)
STUB(29); STUB(30); STUB(31)
STUB(32); STUB(33); STUB(34); STUB(35); STUB(36); STUB(37); STUB(38); STUB(39)
STUB(40); STUB(41); STUB(42); STUB(43); STUB(44); STUB(45); STUB(46); STUB(47)
STUB(48); STUB(49); STUB(50); STUB(51); STUB(52); STUB(53); STUB(54); STUB(55)
STUB(56); STUB(57); STUB(58); STUB(59); STUB(60); STUB(61); STUB(62); STUB(63)
STUB(128)

trap_common:
	pushl %ds
	pushl %es
	pushl %fs
	pushl %gs
	pushal
	movl $0x69, %eax		/* kernel data, whatever user mode had */
	movl %eax, %ds
	movl %eax, %es
	movl %esp, %eax
	pushl %eax			/* struct trap_frame * */
	call trap_dispatch
	addl $4, %esp
	popal
	popl %gs
	popl %fs
	popl %es
	popl %ds
	addl $8, %esp			/* vector and error code */
	jmp lguest_iret

/*
 * uint32_t enter_user(uint32_t eip, uint32_t esp): run ring-3 code until it
 * calls exit_user(code) from a system call; returns the code.  We keep
 * the kernel context (callee-saved registers, fs, gs) on this stack and
 * its address in user_return_esp; the system call itself arrives on the
 * SET_STACK stack, a different one, so nothing here is overwritten.
 */
	.globl enter_user, exit_user
enter_user:
	pushl %ebp
	pushl %ebx
	pushl %esi
	pushl %edi
	pushl %fs
	pushl %gs
	movl %esp, user_return_esp
	movl 28(%esp), %eax		/* eip */
	movl 32(%esp), %ecx		/* esp */
	pushl $0x7b			/* ss: user data, RPL 3 */
	pushl %ecx
	pushl $0x202			/* eflags: IF on in user mode */
	pushl $0x73			/* cs: user code, RPL 3 */
	pushl %eax
	movl $0x7b, %eax
	movl %eax, %ds
	movl %eax, %es
	xorl %eax, %eax
	xorl %ebx, %ebx
	xorl %ecx, %ecx
	xorl %edx, %edx
	xorl %esi, %esi
	xorl %edi, %edi
	xorl %ebp, %ebp
	jmp lguest_iret

exit_user:
	movl 4(%esp), %eax
	movl user_return_esp, %esp
	popl %gs
	popl %fs
	popl %edi
	popl %esi
	popl %ebx
	popl %ebp
	ret

	.bss
	.balign 4
	.globl user_return_esp
user_return_esp:
	.long 0
	.balign 4096
	.globl boot_stack_top
boot_stack:
	.skip 16384
boot_stack_top:
#if LG_GEN >= 7
	.balign 4096
	.globl initial_page_table
initial_page_table:
	.skip 4096
initial_ptes:
	.skip (INITIAL_MAP_MAX >> 22) * 4096
#endif

	.section .note.GNU-stack, "", @progbits
