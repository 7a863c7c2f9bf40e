/*
 * Self-tests of the pv_ops call sites: every site the compiler emitted is
 * recorded, well formed, and (until the patcher runs) an indirect call
 * through the op's slot in pv_ops.
 */
#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <kernel/panic.h>
#include <kernel/selftest.h>

extern const char _text[], _etext[];

static int test_pvops_sites(void)
{
	unsigned long n = 0, per_group[5] = { 0 };

	if (!IS_ENABLED(CONFIG_PARAVIRT)) {
		EXPECT((const void *)__pv_sites_start == (const void *)__pv_sites_end);	/* all inlined */
		return 0;
	}
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++) {
		const u8 *b = (const u8 *)s->addr;
		s32 disp;
		unsigned long target;

		EXPECT(s->addr >= (u64)_text && s->addr + s->len <= (u64)_etext);
		EXPECT(pv_op_name(s->op));
		EXPECT(s->len == 6);
		/* ff 15 disp32: call *disp32(%rip) */
		EXPECT(b[0] == 0xff && b[1] == 0x15);
		__builtin_memcpy(&disp, b + 2, 4);
		target = s->addr + 6 + disp;
		EXPECT(target == (unsigned long)&pv_ops + s->op * sizeof(void *));
		EXPECT(((void **)&pv_ops)[s->op] != NULL);
		n++;
		if (s->op < PV_OP_INDEX(irq))
			per_group[0]++;
		else if (s->op < PV_OP_INDEX(mmu))
			per_group[1]++;
		else if (s->op < PV_OP_INDEX(time))
			per_group[2]++;
		else
			per_group[3]++;
	}
	pr_info("selftest: %lu pv_ops sites: cpu %lu, irq %lu, mmu %lu, time %lu\n", n,
		per_group[0], per_group[1], per_group[2], per_group[3]);
	EXPECT(n > 20 && per_group[0] && per_group[1] && per_group[2] && per_group[3]);
	return 0;
}
DEFINE_SELFTEST(pvops_sites, test_pvops_sites, 0);

/* The callee-saves convention: a site must leave every other register alone. */
static int test_pvops_convention(void)
{
	unsigned long flags, r8 = 0x8888, r11 = 0x1111, rsi = 0x5151, rdi = 0xd1d1;

	__asm__ __volatile__("" : "+r"(r8), "+r"(r11), "+S"(rsi), "+D"(rdi));
	flags = arch_local_irq_save();
	arch_local_irq_restore(flags);
	flush_tlb_one((unsigned long)&flags);
	(void)clock_ns();
	__asm__ __volatile__("" : "+r"(r8), "+r"(r11), "+S"(rsi), "+D"(rdi));
	EXPECT(r8 == 0x8888 && r11 == 0x1111 && rsi == 0x5151 && rdi == 0xd1d1);
	EXPECT(!(flags & X86_EFLAGS_IF) == false);	/* tests run with interrupts on */
	return 0;
}
DEFINE_SELFTEST(pvops_convention, test_pvops_convention, 0);
