// SPDX-License-Identifier: GPL-2.0-only
/*
 * lgtest=user -- a ring-3 process.  Everything a Linux guest's user space
 * depends on, done by hand:
 *   - user pages: code and stack mapped with the US bit (PDE and PTE), at
 *     the traditional 0x08048000;
 *   - entering ring 3 with an iret frame (cs 0x73, ss 0x7b) through our
 *     lguest_iret path;
 *   - system calls: int $0x80 through our DPL-3 trap gate, which the host
 *     lets the CPU deliver straight to us ("direct trap"), switching to
 *     the kernel stack we gave SET_STACK -- no exit to the host at all;
 *   - a hypercall attempted from ring 3 must be a #GP (the 0x1f gate is
 *     DPL 1), reflected to us with error code (0x1f << 3) | 2;
 *   - a vmcall from ring 3 must be a #UD reflected to us, not a hypercall,
 *     and its bytes must stay (the host rewrites G5 kernel-text vmcalls
 *     to int $0x1f, never user code);
 *   - a user-mode page fault, reflected with the user bit in the error
 *     code, demand-mapped by us;
 *   - timer interrupts taken while in ring 3 (the host must push ss:esp
 *     and switch to our SET_STACK stack).
 * The program (user_prog.S) ends with exit(0x600d), which returns to the
 * kernel code that entered user mode.
 */
#include "guest.h"

#define USER_STACK_VA 0x08050000u
#define UNMAPPED_USER_VA 0x40000000u
#define GP_FROM_INT_1F ((0x1F << 3) | 2)

static volatile unsigned user_ticks, user_gps, user_pfs, user_uds, syscalls;
static volatile uint32_t gp_error, pf_error, pf_cr2, ud_eip, rearm;

static void on_syscall(struct trap_frame *f)
{
	syscalls++;
	if ((f->cs & 3) != 3) {
		say("system call from cs %#x, not from user mode", f->cs);
		exit_user(0xdead);
	}
	switch (f->eax) {
	case 1: {	/* write: the kernel reads user memory directly */
		char text[64];
		uint32_t n = f->ecx < sizeof(text) - 1 ? f->ecx : sizeof(text) - 1;
		memcpy(text, (const void *)(uintptr_t)f->ebx, n);
		text[n] = '\0';
		say("from user mode: %s", text);
		f->eax = n;
		break;
	}
	case 2:		/* exit: back to whoever called enter_user() */
		rearm = 0;
		exit_user(f->ebx);
	case 3:
		f->eax = 42;
		break;
	case 4:
		f->eax = user_ticks;
		break;
	default:
		f->eax = (uint32_t)-38;	/* -ENOSYS */
	}
}

static bool on_gp(struct trap_frame *f)
{
	if ((f->cs & 3) != 3)
		return false;
	user_gps++;
	gp_error = f->error;
	f->eip += 2;	/* skip the int $0x1f */
	return true;
}

static bool on_ud(struct trap_frame *f)
{
	if ((f->cs & 3) != 3)
		return false;
	user_uds++;
	ud_eip = f->eip;
	f->eip += 3;	/* skip the vmcall */
	return true;
}

static bool on_pf(struct trap_frame *f)
{
	if ((f->cs & 3) != 3)
		return false;
	user_pfs++;
	pf_cr2 = read_cr2();
	pf_error = f->error;
	map_page(pf_cr2 & ~0xFFFu, __pa(page_alloc()), PTE_USER);
	return true;
}

static void on_timer(struct trap_frame *f)
{
	if ((f->cs & 3) == 3)
		user_ticks++;
	if (rearm)
		set_clockevent(1000000);
}

const char *test_user(void)
{
	uint8_t *code = page_alloc();
	size_t len = (size_t)(user_prog_end - user_prog_start);

	memcpy(code, user_prog_start, len);
	map_page(USER_VA, __pa(code), PTE_USER);
	map_page(USER_STACK_VA, __pa(page_alloc()), PTE_USER);
	syscall_handler = on_syscall;
	trap_hooks[6] = on_ud;
	trap_hooks[13] = on_gp;
	trap_hooks[14] = on_pf;
	irq_handlers[0] = on_timer;

	say("entering ring 3 at %#x (%u bytes of code)", USER_VA, (unsigned)len);
	uint32_t flags = irq_save();
	rearm = 1;
	set_clockevent(1000000);
	uint32_t code_back = enter_user(USER_VA, USER_STACK_VA + PAGE_SIZE);
	set_clockevent(0);
	irq_restore(flags);
	say("back in the kernel: exit code %#x after %u system calls, %u ticks in ring 3",
	    code_back, syscalls, user_ticks);

	CHECK(user_gps == 1 && gp_error == GP_FROM_INT_1F,
	      "int $0x1f from ring 3: %u #GP, error %#x (expected 1, %#x)", user_gps, gp_error,
	      GP_FROM_INT_1F);
	say("hypercall from ring 3 refused with #GP(%#x)", gp_error);
	uint32_t vmcall_off = (uint32_t)(user_prog_vmcall - user_prog_start);
	CHECK(user_uds == 1 && ud_eip == USER_VA + vmcall_off,
	      "vmcall from ring 3: %u #UD at %#x (expected 1 at %#x)", user_uds, ud_eip,
	      USER_VA + vmcall_off);
	CHECK(code[vmcall_off] == 0x0F && code[vmcall_off + 1] == 0x01 &&
	      code[vmcall_off + 2] == 0xC1, "vmcall in user code rewritten to %02x %02x %02x",
	      code[vmcall_off], code[vmcall_off + 1], code[vmcall_off + 2]);
	say("vmcall from ring 3: #UD, its bytes untouched");
	CHECK(user_pfs >= 1 && pf_cr2 == UNMAPPED_USER_VA && (pf_error & 4),
	      "user page fault: %u faults, cr2 %#x, error %#x", user_pfs, pf_cr2, pf_error);
	say("user page fault at %#x, error %#x, demand-mapped", pf_cr2, pf_error);
	CHECK(code_back == 0x600d, "the user program exited with %#x, expected 0x600d", code_back);
	CHECK(user_ticks >= 3, "only %u timer ticks interrupted ring 3", user_ticks);
	return NULL;
}
