/* The architecture's part of threads and processes (arch/x86/kernel/process.c). */
#ifndef ASM_PROCESS_H
#define ASM_PROCESS_H

#include <asm/fpu.h>
#include <asm/ptrace.h>
#include <kernel/compiler.h>
#include <kernel/types.h>

struct thread;

/* The user register frame at the top of a thread's kernel stack. */
static inline struct pt_regs *thread_regs(const struct thread *t, void *stack, size_t size)
{
	(void)t;
	return (struct pt_regs *)((char *)stack + size) - 1;
}

/* Everything but the stack itself that a switch from prev to next changes. */
void arch_switch_to(struct thread *prev, struct thread *next);
/* The backend's user_mode_init and the initial FPU state: once at boot. */
void arch_process_init(void);
/* pv_ops.init.user_mode_init on bare metal: syscall MSRs, GS base, SSE. */
void native_user_mode_init(void);

/* Leaves the kernel for user mode through regs (interrupts are turned off here). */
__noreturn void enter_user(struct pt_regs *regs);
/* A forked child's first return from switch_stack() (entry_user.S). */
void fork_ret(void);

/* Start state of a user thread at rip with stack rsp. */
void regs_init_user(struct pt_regs *regs, u64 rip, u64 rsp);

#endif
