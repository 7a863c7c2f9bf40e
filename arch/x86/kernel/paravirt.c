/*
 * The live pv_ops table, the native table it starts as, and what both say
 * about themselves. Every op works from the first instruction of the
 * entries; the probe table (hypervisor.c) then installs the chosen
 * backend's table whole (pv_ops_install), before the patcher runs.
 */
#include <asm/native_ops.h>
#include <asm/paravirt.h>
#include <asm/xen/hypervisor.h>
#include <kernel/printk.h>
#include <kernel/procfs.h>
#include <kernel/string.h>

struct pv_ops pv_ops = { PV_NATIVE_OPS };
/* As pv_ops starts, kept to tell which ops a backend changed. */
static const struct pv_ops native_table = { PV_NATIVE_OPS };

/*
 * The index a site records is its op's slot in struct pv_ops: the groups
 * are arrays of pointers in the order of the list, and init comes last.
 */
/* clang-format off */
#define PV_OP_SLOT_CHECK(grp, name, ret, params, native)			\
	_Static_assert(__builtin_offsetof(struct pv_ops, grp.name) ==		\
		       PV_OP_INDEX(grp, name) * sizeof(void *), #grp "." #name " out of order");
/* clang-format on */
PV_OP_LIST(PV_OP_SLOT_CHECK)
_Static_assert(__builtin_offsetof(struct pv_ops, init) == PV_NR_OPS * sizeof(void *),
	       "struct pv_ops has a pointer the op list does not");

/* Set by pvpatch= (paravirt_patch.c); with CONFIG_PARAVIRT=n nothing is patched. */
enum pv_patch_mode pv_patch_mode = IS_ENABLED(CONFIG_PARAVIRT) ? PV_PATCH_ON : PV_PATCH_OFF;
struct pv_patch_stats pv_patch_stats;

#define PV_OP_NAME(grp, name, ret, params, native) [PV_OP_INDEX(grp, name)] = #grp "." #name,
static const char *const op_names[PV_NR_OPS] = { PV_OP_LIST(PV_OP_NAME) };

const char *pv_op_name(unsigned int index)
{
	if (index >= ARRAY_SIZE(op_names))
		return NULL;
	return op_names[index];
}

/*
 * Prints which patched ops the installed backend took from somewhere other
 * than the native table, six names a line: under Xen PVH only the clock
 * and the timer, under Xen PV most of them. A NULL op counts as changed
 * (its sites will panic naming it).
 */
void pv_report_overrides(void)
{
	const void *const *now = (const void *const *)&pv_ops;
	const void *const *native = (const void *const *)&native_table;
	unsigned int changed = 0, shown = 0;
	char line[160];
	size_t len = 0;

	for (unsigned int i = 0; i < PV_NR_OPS; i++)
		changed += now[i] != native[i];
	if (!changed) {
		pr_info("pvpatch: %s: all %u ops are native\n", pv_ops.init.name, PV_NR_OPS);
		return;
	}
	pr_info("pvpatch: %s: %u of %u ops differ from native:\n", pv_ops.init.name, changed,
		PV_NR_OPS);
	for (unsigned int i = 0; i < PV_NR_OPS; i++) {
		if (now[i] == native[i])
			continue;
		len += snprintf(line + len, sizeof(line) - len, " %s", op_names[i]);
		if (++shown % 6 == 0 || shown == changed) {
			pr_info("pvpatch: %s\n", line);
			len = 0;
		}
	}
}

/*
 * The backend's table becomes the live one, whole: a backend states every
 * op (its table starts from PV_NATIVE_OPS), and a NULL it leaves stays NULL,
 * so that the patcher makes that op's sites panic with its name.
 */
void pv_ops_install(const struct pv_ops *backend)
{
	memcpy(&pv_ops, backend, sizeof(pv_ops));
}

/* /proc/pvops: the backend, what the patcher made of its sites, and under Xen its hypercalls. */
void arch_proc_pvops(struct proc_text *t)
{
	const struct pv_patch_stats *s = &pv_patch_stats;

	proc_printf(t, "backend:  %s\n", pv_ops.init.name);
	proc_printf(t, "sites:    %lu\n", s->sites);
	proc_printf(t, "inlined:  %lu\n", s->inlined);
	proc_printf(t, "calls:    %lu\n", s->calls);
	proc_printf(t, "nops:     %lu\n", s->nops);
	proc_printf(t, "indirect: %lu\n", s->indirect);
	if (IS_ENABLED(CONFIG_XEN))
		xen_proc_hypercalls(t);
}
