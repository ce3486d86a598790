; SPDX-License-Identifier: GPL-2.0-only
;
; One stub per vector, generated, all meeting in trap_common.  Vectors where
; the CPU pushes no error code get a dummy 0, so every frame has the same
; shape (struct trap_frame in cpu/trap.h).

bits 32
%include "cpu/segments.inc"

extern trap_dispatch, double_fault_report

; The exceptions that push an error code.
%macro HAS_ERROR 1
	%if %1 == 8 || (%1 >= 10 && %1 <= 14) || %1 == 17 || %1 == 21 || %1 == 29 || %1 == 30
		%define ERRCODE 1
	%else
		%define ERRCODE 0
	%endif
%endmacro

section .text
global trap_stub_table

align 16
trap_stubs:
%assign v 0
%rep 256
	HAS_ERROR v
	align 16
trap_stub_ %+ v:
	%if ERRCODE == 0
	push 0
	%endif
	push v
	jmp trap_common
%assign v v + 1
%endrep

trap_common:
	pushad
	push ds
	push es
	push fs
	push gs
	mov ax, SEL_HV_DS
	mov ds, ax
	mov es, ax
	cld
	push esp                ; struct trap_frame *
	call trap_dispatch
	add esp, 4
	pop gs
	pop fs
	pop es
	pop ds
	popad
	add esp, 8              ; vector and error code
	iretd

; A double fault arrives through a task gate on a stack of its own, so a
; blown hypervisor stack can still be reported.
global double_fault_task
double_fault_task:
	call double_fault_report
.hang:
	cli
	hlt
	jmp .hang

section .rodata
align 4
trap_stub_table:
%assign v 0
%rep 256
	dd trap_stub_ %+ v
%assign v v + 1
%endrep
