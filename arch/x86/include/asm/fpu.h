/* The FPU/SSE/AVX state of user threads (arch/x86/kernel/fpu.c). */
#ifndef ASM_FPU_H
#define ASM_FPU_H

#include <kernel/types.h>

/* Whether the CPU (as CPUID shows it to this kernel) has XSAVE. */
bool fpu_xstate_supported(void);
/* With CR4.OSXSAVE set by the backend: XCR0 and the XSAVE area size (user_mode_init). */
void fpu_xstate_enable(void);
/*
 * A hypervisor may put XCR0 back behind our back (it did not see our
 * XSETBV): from now on saves and restores check it (fpu.c says when).
 */
void fpu_watch_xcr0(void);
/* With the watch on and XCR0 not ours: sets it again, true. */
bool fpu_xcr0_repair(void);
/*
 * Under a hypervisor that hands the FPU over lazily (CR0.TS): saves and
 * restores first run an instruction that traps on TS (fpu.c says why).
 */
void fpu_touch_first(void);
/* How often the watch found XCR0 changed. */
u64 fpu_xcr0_resets(void);
/* Once at boot after user_mode_init: the initial state, loaded. */
void fpu_init(void);

/* A user thread's area, in the initial state; NULL when out of memory. */
void *fpu_alloc(void);
void fpu_free(void *fpu);
void fpu_copy(void *dst, const void *src);
/* The live registers into area / from area (one this file's functions filled). */
void fpu_save(void *area);
void fpu_restore(const void *area);
/* The running thread's registers back to their initial state (execve, signal handlers). */
void fpu_reset_current(void);

/* Bytes the fpstate of a signal frame takes (64-byte aligned in the frame). */
size_t fpu_sigframe_size(void);
/* The running thread's registers into the frame's fpstate; *xstate: an XSAVE image. */
int fpu_sigframe_save(u64 uaddr, bool *xstate);
/* rt_sigreturn: the registers from the fpstate at uaddr, checked; 0 for none. */
int fpu_sigframe_restore(u64 uaddr);

#endif
