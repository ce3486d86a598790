; SPDX-License-Identifier: GPL-2.0-only
;
; Where the boot loader hands us the machine.
;
; GRUB (Multiboot 1 or 2) and `qemu-system-i386 -kernel` (Multiboot 1) both
; enter here in 32-bit protected mode with paging off, flat segments, eax
; holding the loader's magic and ebx the physical address of its information
; block.  We only need a stack before C can run: boot_main() decides which
; protocol it was, copies what it needs, and hands over to the hypervisor.

bits 32

MB1_MAGIC       equ 0x1BADB002
MB1_PAGE_ALIGN  equ 1 << 0          ; modules on page boundaries
MB1_MEMORY_INFO equ 1 << 1          ; we want the memory map
MB1_FLAGS       equ MB1_PAGE_ALIGN | MB1_MEMORY_INFO

MB2_MAGIC       equ 0xE85250D6
MB2_ARCH_I386   equ 0
MB2_TAG_END     equ 0
MB2_TAG_MODALIGN equ 6

section .multiboot
align 4
mb1_header:
	dd MB1_MAGIC
	dd MB1_FLAGS
	dd -(MB1_MAGIC + MB1_FLAGS)

; The Multiboot 2 header must be 8-byte aligned, as must each tag in it.
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd (0x100000000 - (MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))) & 0xFFFFFFFF
	align 8
	dw MB2_TAG_MODALIGN, 0      ; page-align modules
	dd 8
	align 8
	dw MB2_TAG_END, 0
	dd 8
mb2_header_end:

section .text.entry
global _start
extern boot_main, cpu_boot_stack_top
_start:
	cli
	cld
	; The boot CPU's hypervisor stack: slot 0 of cpu/percpu.c, aligned to
	; its size, so this_cpu() can find the CPU from esp.
	mov esp, [cpu_boot_stack_top]
	xor ebp, ebp                ; ends the frame-pointer chain for stack dumps
	push 0
	popfd                       ; a known eflags: IF, DF, NT, AC all clear
	push ebx                    ; loader information block (physical)
	push eax                    ; loader magic
	call boot_main
	; boot_main never returns; if it did, stop here rather than run off.
.hang:
	cli
	hlt
	jmp .hang
