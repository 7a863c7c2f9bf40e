/*
 * The boot-time patcher: rewrites every recorded pv_ops call site once,
 * after the backend is chosen and before interrupts are enabled. An op
 * whose function is one of the backend's inlinable routines gets that
 * routine's instructions; a no-op becomes NOPs; any other function a
 * direct call; a missing op (NULL) a call to a stub that panics naming it.
 * A replacement that does not fit its site stops the boot. Text is
 * written through a temporary writable alias; its own mapping stays
 * read-only.
 */
#define pr_fmt(fmt) "pvpatch: " fmt

#include <asm/native_ops.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/text-patching.h>
#include <kernel/errno.h>
#include <kernel/init.h>
#include <kernel/panic.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/string.h>

struct pv_insn_range {
	const u8 *start, *end;
};

extern const struct pv_insn_range __pv_inline_start[], __pv_inline_end[];
void pv_missing_op(void);

static int parse_pvpatch(const char *val)
{
	if (!val)
		return -EINVAL;
	if (!strcmp(val, "off"))
		pv_patch_mode = PV_PATCH_OFF;
	else if (!strcmp(val, "on"))
		pv_patch_mode = PV_PATCH_ON;
	else if (!strcmp(val, "verbose"))
		pv_patch_mode = PV_PATCH_VERBOSE;
	else
		return -EINVAL;
	return 0;
}
kernel_param("pvpatch", parse_pvpatch);

/*
 * The missing-op stub: sites patched to call it land here with the
 * return address (site + 5) on the stack, from which the site and so
 * the op's name are found.
 */
__asm__(".pushsection .text\n"
	".globl pv_missing_op\n"
	".type pv_missing_op, @function\n"
	"pv_missing_op:\n"
	"\tmovq (%rsp), %rdi\n"
	"\tcall pv_missing_op_panic\n"
	".size pv_missing_op, . - pv_missing_op\n"
	".popsection\n");

__noreturn void pv_missing_op_panic(unsigned long ret);

void pv_missing_op_panic(unsigned long ret)
{
	const char *name = "unknown";
	unsigned long site = ret;
	char sym[128];

	/* Every call a site holds, patched or not, ends where the site ends. */
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++) {
		if (s->addr + s->len == ret) {
			name = pv_op_name(s->op);
			site = s->addr;
		}
	}
	panic("pv_ops: %s called at %s, but the %s backend does not provide it", name,
	      symbolize(site, sym, sizeof(sym)), pv_ops.init.name);
}

/* The inlinable routine fn is, or NULL. */
static const struct pv_insn_range *find_inline(const void *fn)
{
	for (const struct pv_insn_range *r = __pv_inline_start; r < __pv_inline_end; r++)
		if (r->start == fn)
			return r;
	return NULL;
}

static unsigned long poke_va;

/* Writes len bytes at addr (kernel text) through a writable alias. */
static void text_poke(void *addr, const u8 *bytes, unsigned int len)
{
	unsigned long off = (unsigned long)addr & (PAGE_SIZE - 1);
	phys_addr_t pa = __pa_symbol(addr) - off;
	unsigned int pages = off + len > PAGE_SIZE ? 2 : 1;

	if (kernel_map_range(poke_va, pa, pages * PAGE_SIZE, PAGE_KERNEL, false))
		panic("pvpatch: cannot map a text alias for %p", addr);
	memcpy((u8 *)poke_va + off, bytes, len);
	for (unsigned int i = 0; i < pages; i++) {
		set_pte(kernel_lookup_pte(poke_va + i * PAGE_SIZE), make_pte(0));
		flush_tlb_one(poke_va + i * PAGE_SIZE);
	}
}

static const char *const kind_names[] = {
	/* clang-format off */
	[PV_PATCH_INDIRECT] = "indirect", [PV_PATCH_INLINE] = "inline",
	[PV_PATCH_CALL] = "call", [PV_PATCH_NOP] = "nop",
	/* clang-format on */
};

_Static_assert(PV_NR_OPS_LISTED == PV_NR_OPS, "generated/pv_sites.h is stale");

/* Every site of an op has one length: the call, or its longest inline form. */
#define PV_OP_SITE_LEN(grp, name, ret, params, native) [PV_OP_INDEX(grp, name)] = PV_SITE_LEN(grp, name),
static const u8 site_len[PV_NR_OPS] = { PV_OP_LIST(PV_OP_SITE_LEN) };
#define PV_OP_SITE_MAX(grp, name, ret, params, native) \
	_Static_assert(PV_SITE_LEN(grp, name) <= PV_SITE_MAX, #grp "." #name ": site too long to patch");
PV_OP_LIST(PV_OP_SITE_MAX)

unsigned int pv_op_site_len(unsigned int index)
{
	return index < PV_NR_OPS ? site_len[index] : 0;
}

static void patch_site(const struct pv_site *s)
{
	void *fn = ((void **)&pv_ops)[s->op];
	const struct pv_insn_range *r = NULL;
	unsigned int insn_len = 0;
	enum pv_patch_kind kind;
	u8 buf[PV_SITE_MAX];
	u64 target = 0;
	int rc;

	if (fn == (void *)native_pv_nop) {
		kind = PV_PATCH_NOP;
	} else if ((r = find_inline(fn)) != NULL) {
		kind = PV_PATCH_INLINE;
		insn_len = (unsigned int)(r->end - r->start);
	} else {
		kind = PV_PATCH_CALL;
		target = (u64)fn;
	}

	rc = pv_encode_site(buf, s->len, s->addr, kind, r ? r->start : NULL, insn_len, target);
	if (rc) {
		char sym[128];

		/*
		 * Sites are sized from every inline form a backend declares
		 * (PV_INLINE_END): one that does not fit was used for an op it
		 * was not declared for, or the call is out of reach. Ours to fix.
		 */
		panic("pvpatch: %s at %s: the %s backend's %s replacement (%u bytes) does not fit the %u-byte site (%d)",
		      pv_op_name(s->op), symbolize(s->addr, sym, sizeof(sym)), pv_ops.init.name,
		      kind_names[kind], kind == PV_PATCH_CALL ? 5U : insn_len, s->len, rc);
	}
	text_poke((void *)s->addr, buf, s->len);

	switch (kind) {
	case PV_PATCH_INLINE:
		pv_patch_stats.inlined++;
		break;
	case PV_PATCH_CALL:
		pv_patch_stats.calls++;
		break;
	default:
		pv_patch_stats.nops++;
		break;
	}
	if (pv_patch_mode == PV_PATCH_VERBOSE) {
		char sym[128], tsym[128];
		char what[160];

		if (kind == PV_PATCH_CALL)
			snprintf(what, sizeof(what), "call %s",
				 symbolize(target, tsym, sizeof(tsym)));
		else if (kind == PV_PATCH_INLINE)
			snprintf(what, sizeof(what), "inline %u bytes + %u NOP bytes", insn_len,
				 s->len - insn_len);
		else
			snprintf(what, sizeof(what), "nop %u bytes", s->len);
		pr_info("%016llx %-40s %-18s -> %s\n", (unsigned long long)s->addr,
			symbolize(s->addr, sym, sizeof(sym)), pv_op_name(s->op), what);
	}
}

void pv_patch_all(void)
{
	u32 regs[4];

	pv_patch_stats.sites = __pv_sites_end - __pv_sites_start;
	pv_report_overrides();
	/* A missing op, patched or not, ends in a panic that names it. */
	for (unsigned int i = 0; i < PV_NR_OPS; i++)
		if (!((void **)&pv_ops)[i])
			((void **)&pv_ops)[i] = (void *)pv_missing_op;
	if (pv_patch_mode == PV_PATCH_OFF) {
		pv_patch_stats.indirect = pv_patch_stats.sites;
		pr_info("pvpatch=off: %lu sites left as indirect calls\n", pv_patch_stats.sites);
		return;
	}
	poke_va = vmap_reserve(2 * PAGE_SIZE);
	if (!poke_va)
		boot_fail("no virtual space for the text-patching alias");
	for (const struct pv_site *s = __pv_sites_start; s < __pv_sites_end; s++)
		patch_site(s);
	/* Serialize, so no stale prefetch of the old bytes survives. */
	cpuid(0, regs);
	pr_info("%lu sites for the %s backend: %lu inlined, %lu direct calls, %lu NOPs, %lu left indirect\n",
		pv_patch_stats.sites, pv_ops.init.name, pv_patch_stats.inlined,
		pv_patch_stats.calls, pv_patch_stats.nops, pv_patch_stats.indirect);
}
