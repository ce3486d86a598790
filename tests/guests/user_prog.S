/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The ring-3 program of lgtest=user.  Position independent: user.c copies
 * these bytes into a user page.  It talks to the kernel only through
 * int $0x80 (eax = number, ebx/ecx = arguments, result in eax):
 *   1 write(ebx = text, ecx = length)
 *   2 exit(ebx = code)            -- never returns
 *   3 getpid()                    -- 42, and registers kept
 *   4 ticks()                     -- timer ticks that interrupted ring 3
 * On the way it tries a hypercall (must be refused: #GP, and vmcall #UD), touches an
 * unmapped user page (the kernel demand-maps it) and waits, in user mode,
 * for timer interrupts.  exit(0x600d) means all went well; 0xbad1-0xbad4
 * name the check that did not (getpid, cs, demand paging, ticks).
 */
#define SYS_WRITE 1
#define SYS_EXIT 2
#define SYS_GETPID 3
#define SYS_TICKS 4
#define UNMAPPED_USER_VA 0x40000000

	.section .rodata, "a"
	.globl user_prog_start, user_prog_end
user_prog_start:
	call 1f
1:	popl %ebp			/* where we run */

	movl $SYS_WRITE, %eax
	leal (msg - 1b)(%ebp), %ebx
	movl $(msg_end - msg), %ecx
	int $0x80

	movl $SYS_GETPID, %eax
	movl $0x12345678, %esi
	int $0x80
	movl $0xbad1, %ebx		/* exit code if getpid misbehaves */
	cmpl $42, %eax
	jne bad
	cmpl $0x12345678, %esi
	jne bad

	movl $0xbad2, %ebx
	movl %cs, %eax			/* we really are in ring 3 */
	cmpl $0x73, %eax
	jne bad

	/* A hypercall from user mode: SHUTDOWN.  The 0x1f gate is DPL 1, so
	 * this is a #GP that the kernel skips; if it ran, we would be dead. */
	movl $2, %eax
	xorl %ebx, %ebx
	movl $1, %ecx
	int $0x1f

	/* vmcall, the G5 hypercall, from user mode: a #UD that the kernel
	 * skips.  The host must not take it for a hypercall, nor rewrite it
	 * to int $0x1f as it does G5 kernel text (user.c reads it back). */
	.globl user_prog_vmcall
	movl $2, %eax
	xorl %ebx, %ebx
	movl $1, %ecx
user_prog_vmcall:
	.byte 0x0f, 0x01, 0xc1

	/* Demand paging of a user page, read then write. */
	movl $UNMAPPED_USER_VA, %edi
	movl (%edi), %eax
	movl $0x5a5a5a5a, (%edi)
	movl $0xbad3, %ebx
	cmpl $0x5a5a5a5a, (%edi)
	jne bad

	/* Timer ticks while we run in ring 3: mostly spinning here, so that
	 * the 1 ms ticks find us in user mode rather than in a system call. */
	movl $4000, %edi
2:	movl $SYS_TICKS, %eax
	int $0x80
	cmpl $3, %eax
	jae 3f
	movl $100000, %ecx
4:	loop 4b
	decl %edi
	jnz 2b
	movl $0xbad4, %ebx		/* no ticks in ring 3 */
	jmp bad

3:	movl $SYS_EXIT, %eax
	movl $0x600d, %ebx
	int $0x80
bad:					/* ebx says which check failed */
	movl $SYS_EXIT, %eax
	int $0x80
	ud2
msg:
	.ascii "hello from ring 3"
msg_end:
user_prog_end:

	.section .note.GNU-stack, "", @progbits
