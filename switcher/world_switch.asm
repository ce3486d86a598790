; SPDX-License-Identifier: GPL-2.0-only
;
; The world switch.  This code runs at 0xFFC00000, mapped in the
; hypervisor's page tables and in every guest's shadow page tables, so it
; keeps running across the change of cr3 in both directions.
;
; Into a guest: save the hypervisor's registers and stack pointer, load the
; guest's GDT, IDT, TSS and shadow cr3, then pop the guest's registers from
; its register page and iret to ring 1 (or 3).
;
; Out of a guest: every vector of the guest's IDT that is not a direct trap
; points at one of the stubs below.  The CPU has switched to the ring-0
; stack given by the TSS, which is the end of the register page, so its
; pushes land in struct guest_regs; the stub pushes the rest, and we load
; the hypervisor's tables, cr3 and stack, and return to the C caller.

bits 32
%include "switcher/layout.inc"  ; made from switcher/layout.h by the Makefile
%include "cpu/segments.inc"

GUEST_TSS_SEL equ 16 << 3

; Position-independent: linked where it is loaded, run at SW_BASE.  Jumps
; are relative, the addresses it uses are the fixed SW_* ones, and the stub
; table holds offsets from the start of the section.
section .switcher progbits alloc exec nowrite align=4096
global sw_switch_to_guest, sw_trap_stubs
sw_start:

; void sw_switch_to_guest(void): called from C at its 0xFFC0xxxx address,
; with eax holding the CPU's slot (its register page; the read-only page
; follows).
sw_switch_to_guest:
	pushad
	mov [eax + SW_RO_OFFSET + RO_HOST_SP], esp
	lgdt [eax + SW_RO_OFFSET + RO_GUEST_GDT]
	lidt [eax + SW_RO_OFFSET + RO_GUEST_IDT]
	mov cx, GUEST_TSS_SEL
	ltr cx                  ; the hypervisor cleared this entry's busy bit
	mov ecx, [eax + SW_RO_OFFSET + RO_GUEST_CR3]
	mov cr3, ecx            ; from here on only the switcher and the guest exist
	lea esp, [eax + SW_REGS_OFFSET]
	pop gs                  ; selectors were checked against the guest's GDT
	pop fs
	pop ds
	pop es
	popad
	add esp, 8              ; trap number and error code
	iretd

; A trap or interrupt while the guest ran.  The CPU keeps the guest's
; direction flag across the trap, and a guest copying backwards (std; rep
; movs, as Linux's decompressor does) may fault at any moment: the C code
; we return to assumes DF clear, so clear it before anything else.
sw_trap_common:
	cld
	; From virtual-8086 mode the CPU pushes gs, fs, ds and es first, so the
	; usual frame lies 16 bytes lower.  A guest cannot reach that mode on a
	; real CPU (iret enters it only from ring 0), but QEMU's iret lets ring
	; 1 in.  The first seven words are the same in both frames, so eflags
	; says which it is; then move the seven up over the extra four, so that
	; struct guest_regs reads right and shows VM in eflags, for which the
	; hypervisor kills the guest.  (ds holds null now: address by ss.)
	test dword [esp + 16], 0x20000  ; eflags.VM
	jz .usual_frame
	push eax
%assign k 24
%rep 7
	mov eax, [esp + 4 + k]
	mov [esp + 4 + 16 + k], eax
%assign k k - 4
%endrep
	pop eax
	add esp, 16
.usual_frame:
	pushad
	push es
	push ds
	push fs
	push gs
	mov ax, SEL_HV_DS       ; entry 11 of the guest's GDT is ours
	mov ds, ax
	mov es, ax
	xor eax, eax
	mov fs, ax
	mov gs, ax
	mov ebx, esp            ; the registers end the slot's register page
	and ebx, ~0xFFF
	mov eax, [ebx + SW_RO_OFFSET + RO_HOST_CR3]
	mov cr3, eax
	lgdt [ebx + SW_RO_OFFSET + RO_HOST_GDT]
	lidt [ebx + SW_RO_OFFSET + RO_HOST_IDT]
	; ltr refuses a busy TSS, and ours became busy when we last loaded it.
	mov eax, [ebx + SW_RO_OFFSET + RO_HOST_GDT + 2]
	and byte [eax + SEL_HV_TSS + 5], ~0x02
	mov ax, SEL_HV_TSS
	ltr ax
	mov esp, [ebx + SW_RO_OFFSET + RO_HOST_SP]
	popad
	ret

; One stub per vector; the CPU pushes an error code for some exceptions,
; the others get a 0 so every frame has the same shape.
%macro STUB 1
	%if %1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
	push dword %1
	%else
	push dword 0
	push dword %1
	%endif
	jmp sw_trap_common
%endmacro

align 4
sw_trap_stubs:                  ; table of the 256 stub addresses
%assign v 0
%rep 256
	dd sw_stub_ %+ v - sw_start
%assign v v + 1
%endrep

%assign v 0
%rep 256
sw_stub_ %+ v:
	STUB v
%assign v v + 1
%endrep
