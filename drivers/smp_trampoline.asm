; SPDX-License-Identifier: GPL-2.0-only
;
; Where another CPU starts.  A STARTUP IPI wakes it in real mode at the
; start of a page below 1 MiB (cs = page >> 4, ip = 0), so the first part
; here is copied to such a page by drivers/smp.c, which also patches in the
; GDT pointer.  It loads the boot CPU's GDT, turns protection on and jumps
; straight into the image (at 1 MiB, where paging off still finds it),
; where the second part takes the boot CPU's control registers (CR4 first:
; 4 MiB pages must be on before paging is), its stack and its struct
; cpu_local from smp_boot, and calls smp_ap_entry() in C.

%include "cpu/segments.inc"

; struct smp_boot_params in drivers/smp.c (offsets checked there).
BOOT_CR0 equ 0
BOOT_CR3 equ 4
BOOT_CR4 equ 8
BOOT_ESP equ 12
BOOT_CPU equ 16

section .rodata
global smp_trampoline, smp_trampoline_gdtr, smp_trampoline_alive, smp_trampoline_end
align 16
bits 16
smp_trampoline:
	cli
	cld
	mov ax, cs
	mov ds, ax
	; Tells the boot CPU this one is awake (no second STARTUP needed).
	mov byte [smp_trampoline_alive - smp_trampoline], 1
	o32 lgdt [smp_trampoline_gdtr - smp_trampoline]
	mov eax, cr0
	or eax, 1                   ; PE
	mov cr0, eax
	jmp dword SEL_HV_CS:smp_ap_protected
align 4
smp_trampoline_gdtr:
	dw 0                        ; limit and base: filled in by drivers/smp.c
	dd 0
smp_trampoline_alive:
	db 0
smp_trampoline_end:

section .text
bits 32
extern smp_boot, smp_ap_entry
smp_ap_protected:
	mov ax, SEL_HV_DS
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov eax, [smp_boot + BOOT_CR4]
	test eax, eax               ; a CPU without CR4 never gets here (no
	jz .no_cr4                  ; LAPIC), but 0 means leave it alone
	mov cr4, eax
.no_cr4:
	mov eax, [smp_boot + BOOT_CR3]
	mov cr3, eax
	mov eax, [smp_boot + BOOT_CR0]
	mov cr0, eax                ; paging on: this code is mapped one to one
	mov esp, [smp_boot + BOOT_ESP]
	xor ebp, ebp                ; ends the frame-pointer chain for stack dumps
	push 0
	popfd                       ; interrupts off, a known eflags
	push dword [smp_boot + BOOT_CPU]
	call smp_ap_entry
.hang:
	cli
	hlt
	jmp .hang
