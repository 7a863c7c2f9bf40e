/*
 * The boundary with user mode: the syscall entry point, and the two ways
 * back (sysretq when the registers allow it, iretq otherwise). Both build
 * and consume the same struct pt_regs as interrupts (entry.S).
 */
#include <asm/boot.h>
#include <asm/entry-regs.h>
#include <asm/percpu.h>

	.text
	/* syscall: %rcx = user %rip, %r11 = user %rflags, still on the user stack. */
	.globl syscall_entry
	.type syscall_entry, @function
syscall_entry:
	swapgs
	movq %rsp, %gs:PERCPU_USER_RSP
	movq %gs:PERCPU_KERNEL_RSP, %rsp
	pushq $USER_DS			/* ss */
	pushq %gs:PERCPU_USER_RSP	/* rsp */
	pushq %r11			/* rflags */
	pushq $USER_CS			/* cs */
	pushq %rcx			/* rip */
	pushq %rax			/* error_code slot: the system call number */
	pushq $-1			/* vector: not an interrupt */
	SAVE_REGS
	movq %rsp, %rdi
	xorl %ebp, %ebp
	call do_syscall			/* returns non-zero when sysret may be used */
	cli
	testl %eax, %eax
	jz return_to_user_iret
	RESTORE_REGS			/* %rcx, %r11 hold rip, rflags: checked by do_syscall */
	addq $16, %rsp
	swapgs
	movq 24(%rsp), %rsp		/* the user stack */
	sysretq
	.size syscall_entry, . - syscall_entry

	/* Returns to user mode through the struct pt_regs at %rsp. */
	.globl return_to_user_iret
	.type return_to_user_iret, @function
return_to_user_iret:
	RESTORE_REGS
	addq $16, %rsp
	swapgs
	iretq
	.size return_to_user_iret, . - return_to_user_iret

	/* native_enter_user(regs), the native cpu.enter_user: interrupts are off. */
	.globl native_enter_user
	.type native_enter_user, @function
native_enter_user:
	movq %rdi, %rsp
	jmp return_to_user_iret
	.size native_enter_user, . - native_enter_user

	/* A forked child's first return from switch_stack(): its frame is at %rsp. */
	.globl fork_ret
	.type fork_ret, @function
fork_ret:
	movq %rsp, %rdi
	call fork_child_entry
	movq %rsp, %rdi
	call enter_user			/* through the backend's cpu.enter_user; no return */
	.size fork_ret, . - fork_ret

	.section .note.GNU-stack, "", @progbits
