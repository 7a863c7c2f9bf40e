/*
 * Self-tests of the pv_ops call sites: every site is recorded and well
 * formed, and after boot holds exactly what the patcher should have
 * written for the installed backend (or the indirect call with
 * pvpatch=off). Known sites are also checked byte for byte.
 */
#include <asm/irqflags.h>
#include <asm/native_ops.h>
#include <asm/paravirt.h>
#include <asm/text-patching.h>
#include <kernel/panic.h>
#include <kernel/selftest.h>
#include <kernel/string.h>

extern const char _text[], _etext[];

extern const u64 pv_retpoline_table[];

/*
 * The bytes of an unpatched site: call *disp32(%rip) to the op's slot,
 * or with CONFIG_RETPOLINE call rel32 to the op's retpoline.
 */
static bool is_indirect_call(const struct pv_site *s)
{
	const u8 *b = (const u8 *)s->addr;
	s32 disp;

	if (IS_ENABLED(CONFIG_RETPOLINE)) {
		if (b[0] != 0xe8)
			return false;
		memcpy(&disp, b + 1, 4);
		return s->addr + 5 + disp == pv_retpoline_table[s->op];
	}
	if (b[0] != 0xff || b[1] != 0x15)
		return false;
	memcpy(&disp, b + 2, 4);
	return s->addr + 6 + disp == (u64)&pv_ops + s->op * sizeof(void *);
}

/* A site is the call, or as long as its op's longest inline form (generated/pv_sites.h). */
#define SITE_LEN (IS_ENABLED(CONFIG_RETPOLINE) ? 5 : 6)
/* The first op index of a group. */
#define GROUP_START(grp) (__builtin_offsetof(struct pv_ops, grp) / sizeof(void *))

/* Where a patched site's call rel32 (maybe CS-prefixed) goes, or 0 if it is no call. */
static u64 call_target(const struct pv_site *s)
{
	const u8 *b = (const u8 *)s->addr;
	unsigned int pfx = b[0] == 0x2e;
	s32 disp;

	if (b[pfx] != 0xe8)
		return 0;
	memcpy(&disp, b + pfx + 1, 4);
	return s->addr + pfx + 5 + disp;
}

static int test_pvops_sites(void)
{
	unsigned long n = 0, per_group[4] = { 0 };

	if (!IS_ENABLED(CONFIG_PARAVIRT)) {
		EXPECT((const void *)__pv_sites_start == (const void *)__pv_sites_end);
		return 0;
	}
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++) {
		void *fn = ((void **)&pv_ops)[s->op];

		EXPECT(s->addr >= (u64)_text && s->addr + s->len <= (u64)_etext);
		EXPECT(pv_op_name(s->op));
		EXPECT(s->len == pv_op_site_len(s->op) && s->len >= SITE_LEN);
		EXPECT(fn != NULL);
		if (pv_patch_mode == PV_PATCH_OFF) {
			EXPECT(is_indirect_call(s));
		} else {
			/* Never left indirect; a call goes to the op's own function. */
			EXPECT(!is_indirect_call(s));
			if (call_target(s))
				EXPECT(call_target(s) == (u64)fn);
		}
		n++;
		if (s->op < GROUP_START(irq))
			per_group[0]++;
		else if (s->op < GROUP_START(mmu))
			per_group[1]++;
		else if (s->op < GROUP_START(time))
			per_group[2]++;
		else
			per_group[3]++;
	}
	pr_info("selftest: %lu pv_ops sites: cpu %lu, irq %lu, mmu %lu, time %lu\n", n,
		per_group[0], per_group[1], per_group[2], per_group[3]);
	EXPECT(n > 20 && per_group[0] && per_group[1] && per_group[2] && per_group[3]);
	EXPECT(pv_patch_stats.sites == n);
	EXPECT(pv_patch_mode == PV_PATCH_OFF || pv_patch_stats.indirect == 0);
	EXPECT(pv_patch_stats.inlined + pv_patch_stats.calls + pv_patch_stats.nops +
		       /* clang-format off */
	       pv_patch_stats.indirect == n);
	/* clang-format on */
	return 0;
}
DEFINE_SELFTEST(pvops_sites, test_pvops_sites, 0);

/* One known site per kind of replacement. */
static __noinline unsigned long probe_read_cr2(void)
{
	return read_cr2();
}

static __noinline void probe_irq_disable(void)
{
	arch_local_irq_disable();
}

static __noinline void probe_irq_enable(void)
{
	arch_local_irq_enable();
}

static __noinline void probe_alloc_pt(void)
{
	paravirt_alloc_pt(0, 1);
}

static __noinline u64 probe_read_msr(void)
{
	return rdmsr(0x1b); /* APIC base */
}

static const struct pv_site *site_in(void *fn)
{
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++)
		if (s->addr >= (u64)fn && s->addr < (u64)fn + 64)
			return s;
	return NULL;
}

static int expect_bytes(const struct pv_site *s, const u8 *want, unsigned int n)
{
	if (memcmp((const void *)s->addr, want, n)) {
		const u8 *b = (const u8 *)s->addr;

		pr_err("selftest: site %#llx holds %02x %02x %02x %02x %02x %02x\n",
		       (unsigned long long)s->addr, b[0], b[1], b[2], b[3], b[4], b[5]);
		return 1;
	}
	return 0;
}

static int test_pvops_known_sites(void)
{
	/* Sites are 6 bytes, or 5 with CONFIG_RETPOLINE: the padding NOP differs. */
	static const u8 cr2_6[6] = { 0x0f, 0x20, 0xd0, 0x0f, 0x1f, 0x00 };
	static const u8 cr2_5[5] = { 0x0f, 0x20, 0xd0, 0x66, 0x90 };
	/* irq_disable sites are 8 bytes where Xen PV (its store to the mask) is built in: cli and a 7-byte NOP. */
	static const u8 cli_8[8] = { 0xfa, 0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00 };
	static const u8 nop_6[6] = { 0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	static const u8 nop_5[5] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };
	const bool five = IS_ENABLED(CONFIG_RETPOLINE);
	const u8 *cr2_native = five ? cr2_5 : cr2_6;
	const u8 *nop_native = five ? nop_5 : nop_6;
	const struct pv_site *cr2 = site_in(probe_read_cr2);
	const struct pv_site *cli = site_in(probe_irq_disable);
	const struct pv_site *sti = site_in(probe_irq_enable);
	const struct pv_site *apt = site_in(probe_alloc_pt);
	const struct pv_site *msr = site_in(probe_read_msr);
	unsigned long flags;

	if (!IS_ENABLED(CONFIG_PARAVIRT))
		return 0;
	EXPECT(cr2 && cli && apt && msr);
	EXPECT(cr2->op == PV_OP_INDEX(mmu, read_cr2));
	EXPECT(cli->op == PV_OP_INDEX(irq, irq_disable));
	EXPECT(apt->op == PV_OP_INDEX(mmu, alloc_pt));
	EXPECT(msr->op == PV_OP_INDEX(cpu, read_msr));

	if (pv_patch_mode == PV_PATCH_OFF) {
		EXPECT(is_indirect_call(cr2) && is_indirect_call(cli) &&
		       is_indirect_call(apt) && is_indirect_call(msr));
	} else {
		/* A backend may replace read_cr2 (the test backend does). */
		if (pv_ops.mmu.read_cr2 == native_pv_read_cr2)
			EXPECT(!expect_bytes(cr2, cr2_native, SITE_LEN));
		else
			EXPECT(call_target(cr2) == (u64)pv_ops.mmu.read_cr2 &&
			       (five || ((const u8 *)cr2->addr)[0] == 0x2e));
		/* The expected bytes follow the backend: native code inline, or a call. */
		EXPECT(cli->len == (IS_ENABLED(CONFIG_XEN_PV) ? 8 : SITE_LEN));
		if (pv_ops.irq.irq_disable == native_pv_irq_disable && cli->len == 8)
			EXPECT(!expect_bytes(cli, cli_8, 8));
		else if (pv_ops.irq.irq_disable == native_pv_irq_disable)
			EXPECT(((const u8 *)cli->addr)[0] == 0xfa);
		else if (call_target(cli))
			EXPECT(call_target(cli) == (u64)pv_ops.irq.irq_disable);
		else /* inlined (Xen PV: the store to the event mask), then NOPs */
			EXPECT(!memcmp((const void *)cli->addr, (const void *)pv_ops.irq.irq_disable, 7));
		/*
		 * irq_enable: as long as Xen PV's inline form, 25 bytes, where
		 * that backend is built in: sti (or the longer form) then one
		 * jmp over the rest, or a call.
		 */
		EXPECT(sti && sti->op == PV_OP_INDEX(irq, irq_enable) &&
		       sti->len == (IS_ENABLED(CONFIG_XEN_PV) ? 25 : SITE_LEN));
		if (pv_ops.irq.irq_enable == native_pv_irq_enable && sti->len == 25)
			EXPECT(((const u8 *)sti->addr)[0] == 0xfb && ((const u8 *)sti->addr)[1] == 0xeb &&
			       ((const u8 *)sti->addr)[2] == 22);
		else if (pv_ops.irq.irq_enable == native_pv_irq_enable)
			EXPECT(((const u8 *)sti->addr)[0] == 0xfb);
		else if (!call_target(sti)) /* inlined whole (Xen PV): the template's 25 bytes */
			EXPECT(!memcmp((const void *)sti->addr, (const void *)pv_ops.irq.irq_enable, 25));
		if ((void *)pv_ops.mmu.alloc_pt == (void *)native_pv_nop)
			EXPECT(!expect_bytes(apt, nop_native, SITE_LEN));
		else
			EXPECT(call_target(apt) == (u64)pv_ops.mmu.alloc_pt);
		EXPECT(call_target(msr) == (u64)pv_ops.cpu.read_msr);
	}
	/* And they still work. */
	flags = arch_local_irq_save();
	probe_irq_disable();
	EXPECT(irqs_disabled());
	arch_local_irq_restore(flags);
	if ((void *)pv_ops.mmu.alloc_pt == (void *)native_pv_nop)
		probe_alloc_pt(); /* natively a no-op; elsewhere it would pin page 0 */
	if (!strcmp(pv_ops.init.name, "native"))
		EXPECT(probe_read_msr() & (1ULL << 11)); /* the APIC is enabled */
	if (!strcmp(pv_ops.init.name, "pvtest")) {
		extern unsigned long pvtest_read_cr2_calls;
		unsigned long before = pvtest_read_cr2_calls;

		(void)probe_read_cr2();
		EXPECT(pvtest_read_cr2_calls == before + 1); /* the backend ran */
	}
	return 0;
}
DEFINE_SELFTEST(pvops_known_sites, test_pvops_known_sites, 0);

/* The callee-saves convention: a site must leave every other register alone. */
static int test_pvops_convention(void)
{
	unsigned long flags, r8 = 0x8888, r11 = 0x1111, rsi = 0x5151, rdi = 0xd1d1;

	/* clang-format off */
	__asm__ __volatile__("" : "+r"(r8), "+r"(r11), "+S"(rsi), "+D"(rdi));
	/* clang-format on */
	flags = arch_local_irq_save();
	arch_local_irq_restore(flags);
	flush_tlb_one((unsigned long)&flags);
	(void)clock_ns();
	(void)rdmsr(0x1b);
	/* clang-format off */
	__asm__ __volatile__("" : "+r"(r8), "+r"(r11), "+S"(rsi), "+D"(rdi));
	/* clang-format on */
	EXPECT(r8 == 0x8888 && r11 == 0x1111 && rsi == 0x5151 && rdi == 0xd1d1);
	EXPECT(flags & X86_EFLAGS_IF); /* tests run with interrupts on */
	return 0;
}
DEFINE_SELFTEST(pvops_convention, test_pvops_convention, 0);
