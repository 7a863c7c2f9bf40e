/*
 * The native privileged instructions, one static inline each. Only the
 * native pv_ops backend and the CONFIG_PARAVIRT=n build use these; all
 * other code goes through <asm/paravirt.h>.
 */
#ifndef ASM_NATIVE_H
#define ASM_NATIVE_H

#include <kernel/compiler.h>
#include <kernel/types.h>

/*
 * Inline assembly throughout: clang-format 14 breaks asm operand lists
 * (":::" and ": :") badly, so this file keeps the layout it is written in.
 */
/* clang-format off */

struct pt_regs;

/* Leaves for user mode through regs with iretq (entry_user.S); interrupts off. */
__noreturn void native_enter_user(struct pt_regs *regs);

struct desc_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));

static inline void native_cpuid(u32 leaf, u32 subleaf, u32 regs[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(regs[0]), "=b"(regs[1]), "=c"(regs[2]), "=d"(regs[3])
			     : "a"(leaf), "c"(subleaf));
}

#define NATIVE_CR(n)							\
	static inline unsigned long native_read_cr##n(void)		\
	{								\
		unsigned long v;					\
		__asm__ __volatile__("mov %%cr" #n ", %0" : "=r"(v) :: "memory"); \
		return v;						\
	}								\
	static inline void native_write_cr##n(unsigned long v)		\
	{								\
		__asm__ __volatile__("mov %0, %%cr" #n :: "r"(v) : "memory"); \
	}
NATIVE_CR(0)
NATIVE_CR(2)
NATIVE_CR(3)
NATIVE_CR(4)
#undef NATIVE_CR

static inline u64 native_read_msr(u32 msr)
{
	u32 lo, hi;

	__asm__ __volatile__("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void native_write_msr(u32 msr, u64 val)
{
	__asm__ __volatile__("wrmsr" :: "c"(msr), "a"((u32)val), "d"((u32)(val >> 32))
			     : "memory");
}

static inline void native_load_gdt(const struct desc_ptr *d)
{
	__asm__ __volatile__("lgdt %0" :: "m"(*d));
}

static inline void native_load_idt(const struct desc_ptr *d)
{
	__asm__ __volatile__("lidt %0" :: "m"(*d));
}

static inline void native_load_tr(unsigned long sel)
{
	__asm__ __volatile__("ltr %w0" :: "r"(sel));
}

static inline void native_wbinvd(void)
{
	__asm__ __volatile__("wbinvd" ::: "memory");
}

static inline void native_halt(void)
{
	__asm__ __volatile__("hlt" ::: "memory");
}

static inline unsigned long native_save_fl(void)
{
	unsigned long f;

	__asm__ __volatile__("pushf; pop %0" : "=rm"(f) :: "memory");
	return f;
}

static inline void native_restore_fl(unsigned long f)
{
	__asm__ __volatile__("push %0; popf" :: "g"(f) : "memory", "cc");
}

static inline void native_irq_disable(void)
{
	__asm__ __volatile__("cli" ::: "memory");
}

static inline void native_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

/* sti takes effect after the next instruction, so no interrupt slips in before hlt. */
static inline void native_safe_halt(void)
{
	__asm__ __volatile__("sti; hlt" ::: "memory");
}

static inline void native_flush_tlb_one(unsigned long addr)
{
	__asm__ __volatile__("invlpg (%0)" :: "r"(addr) : "memory");
}

/* Toggling CR4.PGE flushes global entries too; a CR3 reload does not. */
static inline void native_flush_tlb_all(void)
{
	unsigned long cr4 = native_read_cr4();

	if (cr4 & (1UL << 7)) {
		native_write_cr4(cr4 & ~(1UL << 7));
		native_write_cr4(cr4);
	} else {
		native_write_cr3(native_read_cr3());
	}
}

static inline void native_set_pte(u64 *ptep, u64 val)
{
	*(volatile u64 *)ptep = val;
}

/* clang-format on */

#endif
