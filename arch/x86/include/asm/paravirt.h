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
 * Calling convention (callee-saves). Arguments go in %rdi, %rsi, %rdx as
 * in the C ABI and a result comes back in %rax, but the op must preserve
 * every other register, %rax included when it returns nothing, and the
 * arguments too. Only the flags and memory may change. So a site costs
 * the compiler no more registers than the native instruction it stands
 * for, and the boot-time patcher may replace the call with that
 * instruction (cli, pushf; pop %rax, mov %rdi,%cr3, ...) padded with NOPs,
 * with a direct call, or with NOPs, without the surrounding code knowing.
 * An op written in C is reached through a thunk that saves the
 * caller-saved registers (PV_CALLEE_SAVE_THUNK); native ops are a few
 * instructions of assembly that need none.
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
#define __PV_THUNK(fn, save_rax, restore_rax)				\
	__asm__(".pushsection .text\n"					\
		".globl " #fn "_thunk\n"				\
		".type " #fn "_thunk, @function\n"			\
		#fn "_thunk:\n"						\
		"\tpush %rbp\n\tmov %rsp, %rbp\n"			\
		save_rax						\
		"\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\tpush %rdi\n"	\
		"\tpush %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n"	\
		"\tcall " #fn "\n"					\
		"\tpop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n"	\
		"\tpop %rdi\n\tpop %rsi\n\tpop %rdx\n\tpop %rcx\n"	\
		restore_rax						\
		"\tpop %rbp\n\tret\n"					\
		".size " #fn "_thunk, . - " #fn "_thunk\n"		\
		".popsection\n")
#define PV_CALLEE_SAVE_THUNK(fn)	__PV_THUNK(fn, "\tpush %rax\n", "\tpop %rax\n")
#define PV_CALLEE_SAVE_THUNK_RET(fn)	__PV_THUNK(fn, "", "")
#define PV_THUNK(fn)			fn##_thunk

#ifdef CONFIG_PARAVIRT

#define __PV_SITE							\
	"771:\n\tcall *pv_ops+%c[pv_off](%%rip)\n772:\n"		\
	"\t.pushsection .pv_sites, \"a\"\n"				\
	"\t.balign 8\n"							\
	"\t.quad 771b\n"						\
	"\t.short %c[pv_idx]\n"						\
	"\t.byte 772b - 771b\n"						\
	"\t.byte %c[pv_clob]\n"						\
	"\t.long 0\n"							\
	"\t.popsection\n"

#define __PV_OPERANDS(op, clob)						\
	[pv_off] "i"(__builtin_offsetof(struct pv_ops, op)),		\
	[pv_idx] "i"(PV_OP_INDEX(op)), [pv_clob] "i"(clob)

#define __PV_SP register unsigned long __pv_sp __asm__("rsp")

#define __PVOP_V(op, ...)						\
	({								\
		__PV_SP;						\
		__asm__ __volatile__(__PV_SITE				\
				     : "+r"(__pv_sp)			\
				     : __PV_OPERANDS(op, PV_CLOBBER_NONE), ##__VA_ARGS__ \
				     : "memory", "cc");			\
	})

#define __PVOP_R(op, ...)						\
	({								\
		__PV_SP;						\
		unsigned long __pv_ret;					\
		__asm__ __volatile__(__PV_SITE				\
				     : "=a"(__pv_ret), "+r"(__pv_sp)	\
				     : __PV_OPERANDS(op, PV_CLOBBER_RAX), ##__VA_ARGS__ \
				     : "memory", "cc");			\
		__pv_ret;						\
	})

#define PVOP_V0(op)		__PVOP_V(op)
#define PVOP_V1(op, a)		__PVOP_V(op, "D"((unsigned long)(a)))
#define PVOP_V2(op, a, b)	__PVOP_V(op, "D"((unsigned long)(a)), "S"((unsigned long)(b)))
#define PVOP_V3(op, a, b, c)	__PVOP_V(op, "D"((unsigned long)(a)), "S"((unsigned long)(b)), \
					 "d"((unsigned long)(c)))
#define PVOP_R0(op)		__PVOP_R(op)
#define PVOP_R1(op, a)		__PVOP_R(op, "D"((unsigned long)(a)))


/* cpu */
static __always_inline void cpuid_count(u32 leaf, u32 sub, u32 regs[4])
{
	PVOP_V3(cpu.cpuid, leaf, sub, regs);
}
static __always_inline unsigned long read_cr0(void) { return PVOP_R0(cpu.read_cr0); }
static __always_inline void write_cr0(unsigned long v) { PVOP_V1(cpu.write_cr0, v); }
static __always_inline unsigned long read_cr4(void) { return PVOP_R0(cpu.read_cr4); }
static __always_inline void write_cr4(unsigned long v) { PVOP_V1(cpu.write_cr4, v); }
static __always_inline u64 rdmsr(u32 msr) { return PVOP_R1(cpu.read_msr, msr); }
static __always_inline void wrmsr(u32 msr, u64 v) { PVOP_V2(cpu.write_msr, msr, v); }
static __always_inline void load_gdt(const struct desc_ptr *d) { PVOP_V1(cpu.load_gdt, d); }
static __always_inline void load_idt(const struct desc_ptr *d) { PVOP_V1(cpu.load_idt, d); }
static __always_inline void load_tr(unsigned long sel) { PVOP_V1(cpu.load_tr, sel); }
static __always_inline void load_sp0(unsigned long sp0) { PVOP_V1(cpu.load_sp0, sp0); }
static __always_inline void wbinvd(void) { PVOP_V0(cpu.wbinvd); }
static __always_inline void halt(void) { PVOP_V0(cpu.halt); }

/* irq */
static __always_inline unsigned long arch_local_save_flags(void) { return PVOP_R0(irq.save_fl); }
static __always_inline void arch_local_irq_restore(unsigned long f) { PVOP_V1(irq.restore_fl, f); }
static __always_inline void arch_local_irq_disable(void) { PVOP_V0(irq.irq_disable); }
static __always_inline void arch_local_irq_enable(void) { PVOP_V0(irq.irq_enable); }
static __always_inline void arch_safe_halt(void) { PVOP_V0(irq.safe_halt); }

/* mmu */
static __always_inline unsigned long read_cr2(void) { return PVOP_R0(mmu.read_cr2); }
static __always_inline unsigned long read_cr3(void) { return PVOP_R0(mmu.read_cr3); }
static __always_inline void write_cr3(unsigned long v) { PVOP_V1(mmu.write_cr3, v); }
static __always_inline void flush_tlb_one(unsigned long a) { PVOP_V1(mmu.flush_tlb_one, a); }
static __always_inline void flush_tlb_all(void) { PVOP_V0(mmu.flush_tlb_all); }
static __always_inline void set_pte(u64 *p, u64 v) { PVOP_V2(mmu.set_pte, p, v); }
static __always_inline u64 make_pte(u64 v) { return PVOP_R1(mmu.make_pte, v); }
static __always_inline u64 pte_val(u64 v) { return PVOP_R1(mmu.pte_val, v); }
static __always_inline void paravirt_alloc_pt(unsigned long pfn, unsigned long level)
{
	PVOP_V2(mmu.alloc_pt, pfn, level);
}
static __always_inline void paravirt_release_pt(unsigned long pfn) { PVOP_V1(mmu.release_pt, pfn); }
static __always_inline void arch_enter_lazy_mmu(void) { PVOP_V0(mmu.lazy_enter); }
static __always_inline void arch_leave_lazy_mmu(void) { PVOP_V0(mmu.lazy_leave); }
static __always_inline void arch_flush_lazy_mmu(void) { PVOP_V0(mmu.lazy_flush); }

/* time */
static __always_inline u64 clock_ns(void) { return PVOP_R0(time.clock_ns); }
static __always_inline void timer_program(u64 deadline) { PVOP_V1(time.timer_program, deadline); }

#else /* !CONFIG_PARAVIRT: the native instructions, inlined */

u64 native_clock_ns(void);
void native_timer_program(u64 deadline_ns);
void native_load_sp0(unsigned long sp0);

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
static __always_inline void load_sp0(unsigned long sp0) { native_load_sp0(sp0); }
static __always_inline void wbinvd(void) { native_wbinvd(); }
static __always_inline void halt(void) { native_halt(); }

static __always_inline unsigned long arch_local_save_flags(void) { return native_save_fl(); }
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
