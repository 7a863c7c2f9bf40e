/*
 * The typed interface to every privileged operation.
 *
 * With CONFIG_PARAVIRT each function below expands to one recorded call
 * site:
 *
 *	771:	call *pv_ops+OFFSET(%rip)	6 bytes
 *	772:
 *	.pv_sites: { 771b, op index, 772b - 771b, clobbers }
 *
 * (With CONFIG_RETPOLINE the call is "call pv_retpoline_INDEX", 5 bytes,
 * a retpoline that jumps through the op's slot and saves no register.)
 *
 * Calling convention (callee-saves). A result comes back in %rax. The
 * hot ops that take one value (a flags word, a CR3, an address to flush,
 * the value of a page-table entry) take it in %rax too; set_pte takes the
 * entry's address in %rdi; the rest take %rdi, %rsi, %rdx as in the C ABI.
 * The op must preserve every other register, %rax included when it
 * returns nothing, and its arguments. Only the flags and memory may
 * change. So a site costs the compiler no more registers than the native
 * instruction it stands for, a value flows from one op to the next
 * without a move (pushf; pop %rax ... push %rax; popf), and the
 * boot-time patcher may replace the call with that instruction padded
 * with one NOP, with a direct call, or with a NOP (an identity
 * conversion such as make_pte has no instruction at all on native),
 * without the surrounding code knowing. An op written in C is reached
 * through a thunk that saves the caller-saved registers and moves its
 * arguments where C expects them (PV_CALLEE_SAVE_THUNK and friends);
 * native ops are a few instructions of assembly that need none.
 *
 * Sites declare "memory" clobbered, as the native instructions do, so the
 * compiler does not move loads and stores across a change of interrupt
 * flag or page table. The stack pointer is an operand so that the
 * compiler has set up the frame before the call (backtraces stay valid).
 *
 * Without CONFIG_PARAVIRT the same functions are the native instructions
 * inlined by the compiler: the baseline that benchmarks compare against.
 */
#ifndef ASM_PARAVIRT_H
#define ASM_PARAVIRT_H

#include <asm/native.h>
#include <asm/paravirt_types.h>
#include <kernel/compiler.h>

/*
 * Wraps a C function fn as fn_thunk, following the convention above: it
 * saves what the C ABI lets fn clobber. PV_CALLEE_SAVE_THUNK_RET is for
 * functions whose result the site takes in %rax.
 */
/* clang-format off */
#define __PV_THUNK(fn, save_rax, restore_rax, setup)			\
	__asm__(".pushsection .text\n"					\
		".globl " #fn "_thunk\n"				\
		".type " #fn "_thunk, @function\n"			\
		#fn "_thunk:\n"						\
		"\tpush %rbp\n\tmov %rsp, %rbp\n"			\
		save_rax						\
		"\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\tpush %rdi\n"	\
		"\tpush %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n"	\
		setup							\
		"\tcall " #fn "\n"					\
		"\tpop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n"	\
		"\tpop %rdi\n\tpop %rsi\n\tpop %rdx\n\tpop %rcx\n"	\
		restore_rax						\
		"\tpop %rbp\n\tret\n"					\
		".size " #fn "_thunk, . - " #fn "_thunk\n"		\
		".popsection\n")
/* clang-format on */
#define __PV_SAVE_RAX	 "\tpush %rax\n", "\tpop %rax\n"
#define __PV_THUNK_(...) __PV_THUNK(__VA_ARGS__)
/* C arguments as they are. */
#define PV_CALLEE_SAVE_THUNK(fn)     __PV_THUNK_(fn, __PV_SAVE_RAX, "")
#define PV_CALLEE_SAVE_THUNK_RET(fn) __PV_THUNK(fn, "", "", "")
/* The value arrives in %rax: void fn(value), or result fn(value). */
#define PV_THUNK_ARG_RAX(fn)	 __PV_THUNK_(fn, __PV_SAVE_RAX, "\tmov %rax, %rdi\n")
#define PV_THUNK_RET_ARG_RAX(fn) __PV_THUNK(fn, "", "", "\tmov %rax, %rdi\n")
/* void fn(u64 *ptep, u64 val) with ptep in %rdi and val in %rax. */
#define PV_THUNK_PTEP_VAL(fn) __PV_THUNK_(fn, __PV_SAVE_RAX, "\tmov %rax, %rsi\n")
#define PV_THUNK(fn)	      fn##_thunk

#ifdef CONFIG_PARAVIRT

/*
 * The longest inline form any backend has for each op (generated from the
 * backends' inline routines by scripts/gen-pv-sites.sh).
 */
#include <generated/pv_sites.h>

#ifdef CONFIG_RETPOLINE
/* A direct call to the op's retpoline (paravirt_retpoline.S); 5 bytes. */
#define __PV_CALL     "call pv_retpoline_%c[pv_idx]"
#define __PV_CALL_LEN 5
#else
#define __PV_CALL     "call *pv_ops+%c[pv_off](%%rip)"
#define __PV_CALL_LEN 6
#endif

/*
 * A site spans the call or the op's longest inline form, whichever is
 * longer: load_sp0's native mov %rax, cpu_tss+4 and Xen PV's store to the
 * event mask for irq_disable take 8 bytes, Xen PV's irq_enable (store,
 * test of the pending flag, a call taken only when an event waits) 25.
 * The bytes past the call are one NOP, or beyond 8 bytes a short jmp over
 * int3s, so an unpatched site still runs one instruction more at most.
 */
#define PV_SITE_LEN(grp, name) \
	(PV_INLINE_LEN_##grp##_##name > __PV_CALL_LEN ? PV_INLINE_LEN_##grp##_##name : __PV_CALL_LEN)
#define PV_SITE_PAD(grp, name) (PV_SITE_LEN(grp, name) - __PV_CALL_LEN)

#define __PV_SITE                                                                            \
	"771:\n\t" __PV_CALL "\n"                                                            \
	"\t.if %c[pv_pad] > 8\n\t.byte 0xeb, %c[pv_pad] - 2\n\t.skip %c[pv_pad] - 2, 0xcc\n" \
	"\t.elseif %c[pv_pad]\n\t.nops %c[pv_pad]\n\t.endif\n772:\n"                         \
	"\t.pushsection .pv_sites, \"a\"\n"                                                  \
	"\t.balign 8\n"                                                                      \
	"\t.quad 771b\n"                                                                     \
	"\t.short %c[pv_idx]\n"                                                              \
	"\t.byte 772b - 771b\n"                                                              \
	"\t.byte %c[pv_clob]\n"                                                              \
	"\t.long 0\n"                                                                        \
	"\t.popsection\n"

/* clang-format off */
#define __PV_OPERANDS(grp, name, clob)					\
	[pv_off] "i"(PV_OP_INDEX(grp, name) * sizeof(void *)),		\
	[pv_idx] "i"(PV_OP_INDEX(grp, name)), [pv_clob] "i"(clob),	\
	[pv_pad] "i"(PV_SITE_PAD(grp, name))
/* clang-format on */

#define __PV_SP register unsigned long __pv_sp __asm__("rsp")

#define __PVOP_V(grp, name, ...)                                                                \
	({                                                                                      \
		__PV_SP;                                                                        \
		__asm__ __volatile__(__PV_SITE                                                  \
				     : "+r"(__pv_sp)                                            \
				     : __PV_OPERANDS(grp, name, PV_CLOBBER_NONE), ##__VA_ARGS__ \
				     : "memory", "cc");                                         \
	})

#define __PVOP_R(grp, name, ...)                                                               \
	({                                                                                     \
		__PV_SP;                                                                       \
		unsigned long __pv_ret;                                                        \
		__asm__ __volatile__(__PV_SITE                                                 \
				     : "=a"(__pv_ret), "+r"(__pv_sp)                           \
				     : __PV_OPERANDS(grp, name, PV_CLOBBER_RAX), ##__VA_ARGS__ \
				     : "memory", "cc");                                        \
		__pv_ret;                                                                      \
	})

/*
 * Ops off the hot path keep the plain C convention: the site clobbers what
 * a C call may, and a C function is called directly, with no thunk.
 */
/* clang-format off */
#define __PVOP_CCALL_V1(grp, name, a)					\
	({								\
		__PV_SP;						\
		unsigned long __a0 = (unsigned long)(a), __c1, __c2, __c3, __c4, __c5; \
		__asm__ __volatile__(__PV_SITE				\
				     : "+D"(__a0), "=S"(__c1), "=d"(__c2), "=c"(__c3), \
				       "=a"(__c4), "+r"(__pv_sp), "=r"(__c5) \
				     : __PV_OPERANDS(grp, name, PV_CLOBBER_C_ABI) \
				     : "memory", "cc", "r8", "r9", "r10", "r11"); \
		(void)__c1; (void)__c2; (void)__c3; (void)__c4; (void)__c5; \
	})
/* clang-format on */

#define PVOP_V0(grp, name)	 __PVOP_V(grp, name)
#define PVOP_V1(grp, name, a)	 __PVOP_V(grp, name, "D"((unsigned long)(a)))
#define PVOP_V2(grp, name, a, b) __PVOP_V(grp, name, "D"((unsigned long)(a)), \
					  "S"((unsigned long)(b)))
#define PVOP_V3(grp, name, a, b, c) __PVOP_V(grp, name, "D"((unsigned long)(a)), \
					     "S"((unsigned long)(b)), "d"((unsigned long)(c)))
#define PVOP_R0(grp, name)    __PVOP_R(grp, name)
#define PVOP_R1(grp, name, a) __PVOP_R(grp, name, "D"((unsigned long)(a)))
/* The value in %rax. */
#define PVOP_V1A(grp, name, a)	   __PVOP_V(grp, name, "a"((unsigned long)(a)))
#define PVOP_R1A(grp, name, a)	   __PVOP_R(grp, name, "0"((unsigned long)(a)))
#define PVOP_V2DA(grp, name, p, v) __PVOP_V(grp, name, "D"((unsigned long)(p)), \
					    "a"((unsigned long)(v)))

/* cpu */
static __always_inline void cpuid_count(u32 leaf, u32 sub, u32 regs[4])
{
	PVOP_V3(cpu, cpuid, leaf, sub, regs);
}
static __always_inline unsigned long read_cr0(void) { return PVOP_R0(cpu, read_cr0); }
static __always_inline void write_cr0(unsigned long v) { PVOP_V1A(cpu, write_cr0, v); }
static __always_inline unsigned long read_cr4(void) { return PVOP_R0(cpu, read_cr4); }
static __always_inline void write_cr4(unsigned long v) { PVOP_V1A(cpu, write_cr4, v); }
static __always_inline u64 rdmsr(u32 msr) { return PVOP_R1(cpu, read_msr, msr); }
static __always_inline void wrmsr(u32 msr, u64 v) { PVOP_V2(cpu, write_msr, msr, v); }
static __always_inline void load_gdt(const struct desc_ptr *d) { PVOP_V1A(cpu, load_gdt, d); }
static __always_inline void load_idt(const struct desc_ptr *d) { PVOP_V1A(cpu, load_idt, d); }
static __always_inline void load_tr(unsigned long sel) { PVOP_V1A(cpu, load_tr, sel); }
static __always_inline void load_sp0(unsigned long sp0) { PVOP_V1A(cpu, load_sp0, sp0); }
static __always_inline void wbinvd(void) { PVOP_V0(cpu, wbinvd); }
static __always_inline void halt(void) { PVOP_V0(cpu, halt); }
static __always_inline __noreturn void arch_enter_user(struct pt_regs *regs)
{
	__PVOP_CCALL_V1(cpu, enter_user, regs);
	__builtin_unreachable();
}
static __always_inline void arch_enter_lazy_cpu(void) { PVOP_V0(cpu, lazy_enter); }
static __always_inline void arch_leave_lazy_cpu(void) { PVOP_V0(cpu, lazy_leave); }

/* irq */
static __always_inline unsigned long arch_local_save_flags(void) { return PVOP_R0(irq, save_fl); }
static __always_inline unsigned long arch_local_irq_save(void) { return PVOP_R0(irq, save_disable); }
static __always_inline void arch_local_irq_restore(unsigned long f) { PVOP_V1A(irq, restore_fl, f); }
static __always_inline void arch_local_irq_disable(void) { PVOP_V0(irq, irq_disable); }
static __always_inline void arch_local_irq_enable(void) { PVOP_V0(irq, irq_enable); }
static __always_inline void arch_safe_halt(void) { PVOP_V0(irq, safe_halt); }

/* mmu */
static __always_inline unsigned long read_cr2(void) { return PVOP_R0(mmu, read_cr2); }
static __always_inline unsigned long read_cr3(void) { return PVOP_R0(mmu, read_cr3); }
static __always_inline void write_cr3(unsigned long v) { PVOP_V1A(mmu, write_cr3, v); }
static __always_inline void flush_tlb_one(unsigned long a) { PVOP_V1A(mmu, flush_tlb_one, a); }
static __always_inline void flush_tlb_all(void) { PVOP_V0(mmu, flush_tlb_all); }
static __always_inline void set_pte(u64 *p, u64 v) { PVOP_V2DA(mmu, set_pte, p, v); }
static __always_inline u64 make_pte(u64 v) { return PVOP_R1A(mmu, make_pte, v); }
static __always_inline u64 pte_val(u64 v) { return PVOP_R1A(mmu, pte_val, v); }
static __always_inline void paravirt_alloc_pt(unsigned long pfn, unsigned long level)
{
	PVOP_V2(mmu, alloc_pt, pfn, level);
}
static __always_inline void paravirt_release_pt(unsigned long pfn) { PVOP_V1(mmu, release_pt, pfn); }
static __always_inline void arch_enter_lazy_mmu(void) { PVOP_V0(mmu, lazy_enter); }
static __always_inline void arch_leave_lazy_mmu(void) { PVOP_V0(mmu, lazy_leave); }
static __always_inline void arch_flush_lazy_mmu(void) { PVOP_V0(mmu, lazy_flush); }

/* time */
static __always_inline u64 clock_ns(void) { return PVOP_R0(time, clock_ns); }
static __always_inline void timer_program(u64 deadline) { __PVOP_CCALL_V1(time, timer_program, deadline); }

#else /* !CONFIG_PARAVIRT: the native instructions, inlined */

#include <asm/desc.h>

u64 native_clock_ns(void);
void native_timer_program(u64 deadline_ns);

static __always_inline void cpuid_count(u32 leaf, u32 sub, u32 regs[4])
{
	native_cpuid(leaf, sub, regs);
}
static __always_inline unsigned long read_cr0(void) { return native_read_cr0(); }
static __always_inline void write_cr0(unsigned long v) { native_write_cr0(v); }
static __always_inline unsigned long read_cr4(void) { return native_read_cr4(); }
static __always_inline void write_cr4(unsigned long v) { native_write_cr4(v); }
static __always_inline u64 rdmsr(u32 msr) { return native_read_msr(msr); }
static __always_inline void wrmsr(u32 msr, u64 v) { native_write_msr(msr, v); }
static __always_inline void load_gdt(const struct desc_ptr *d) { native_load_gdt(d); }
static __always_inline void load_idt(const struct desc_ptr *d) { native_load_idt(d); }
static __always_inline void load_tr(unsigned long sel) { native_load_tr(sel); }
static __always_inline void load_sp0(unsigned long sp0) { cpu_tss.rsp[0] = sp0; }
static __always_inline void wbinvd(void) { native_wbinvd(); }
static __always_inline void halt(void) { native_halt(); }
static __always_inline __noreturn void arch_enter_user(struct pt_regs *regs) { native_enter_user(regs); }
static __always_inline void arch_enter_lazy_cpu(void) { }
static __always_inline void arch_leave_lazy_cpu(void) { }

static __always_inline unsigned long arch_local_save_flags(void) { return native_save_fl(); }
static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = native_save_fl();

	native_irq_disable();
	return f;
}
static __always_inline void arch_local_irq_restore(unsigned long f) { native_restore_fl(f); }
static __always_inline void arch_local_irq_disable(void) { native_irq_disable(); }
static __always_inline void arch_local_irq_enable(void) { native_irq_enable(); }
static __always_inline void arch_safe_halt(void) { native_safe_halt(); }

static __always_inline unsigned long read_cr2(void) { return native_read_cr2(); }
static __always_inline unsigned long read_cr3(void) { return native_read_cr3(); }
static __always_inline void write_cr3(unsigned long v) { native_write_cr3(v); }
static __always_inline void flush_tlb_one(unsigned long a) { native_flush_tlb_one(a); }
static __always_inline void flush_tlb_all(void) { native_flush_tlb_all(); }
static __always_inline void set_pte(u64 *p, u64 v) { native_set_pte(p, v); }
static __always_inline u64 make_pte(u64 v) { return v; }
static __always_inline u64 pte_val(u64 v) { return v; }
static __always_inline void paravirt_alloc_pt(unsigned long pfn, unsigned long level)
{
	(void)pfn;
	(void)level;
}
static __always_inline void paravirt_release_pt(unsigned long pfn) { (void)pfn; }
static __always_inline void arch_enter_lazy_mmu(void) { }
static __always_inline void arch_leave_lazy_mmu(void) { }
static __always_inline void arch_flush_lazy_mmu(void) { }

static __always_inline u64 clock_ns(void) { return native_clock_ns(); }
static __always_inline void timer_program(u64 deadline) { native_timer_program(deadline); }

#endif /* CONFIG_PARAVIRT */

static __always_inline void cpuid(u32 leaf, u32 regs[4])
{
	cpuid_count(leaf, 0, regs);
}

#endif
