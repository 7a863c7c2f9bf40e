/*
 * The general registers as struct pt_regs lays them out (asm/ptrace.h),
 * pushed and popped by every kernel entry: interrupts and exceptions
 * (entry.S), system calls (entry_user.S), Xen PV events (xen-entry.S).
 */
#ifndef ASM_ENTRY_REGS_H
#define ASM_ENTRY_REGS_H

#define SAVE_REGS \
	pushq %rax; pushq %rbx; pushq %rcx; pushq %rdx; pushq %rsi; pushq %rdi; \
	pushq %rbp; pushq %r8; pushq %r9; pushq %r10; pushq %r11; pushq %r12; \
	pushq %r13; pushq %r14; pushq %r15

#define RESTORE_REGS \
	popq %r15; popq %r14; popq %r13; popq %r12; popq %r11; popq %r10; \
	popq %r9; popq %r8; popq %rbp; popq %rdi; popq %rsi; popq %rdx; \
	popq %rcx; popq %rbx; popq %rax

#endif
