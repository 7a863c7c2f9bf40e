/*
 * The pv_ops table. It starts out native, so that every op works from the
 * first instruction of x86_64_start(); a hypervisor backend overlays its
 * own table once the probe (hypervisor.c) has chosen it.
 */
#include <asm/native_ops.h>
#include <asm/paravirt.h>
#include <asm/pv_op_count.h>
#include <kernel/printk.h>
#include <kernel/string.h>

_Static_assert(sizeof(struct pv_ops) / sizeof(void *) <= PV_MAX_OPS,
	       "raise PV_MAX_OPS: paravirt_retpoline.S needs a stub per slot");

/*
 * native_clock_ns and native_load_sp0 are assembly that needs no thunk;
 * timer_program is called with the C convention.
 */

#define NOP(type) ((type)(void *)native_pv_nop)

/*
 * The native table, twice: pv_ops starts as it, and native_table stays
 * as it, so the patcher can say which ops a backend changed.
 */
#define NATIVE_PV_OPS { \
	.cpu = { \
		.cpuid = native_pv_cpuid, \
		.read_cr0 = native_pv_read_cr0, \
		.write_cr0 = native_pv_write_cr0, \
		.read_cr4 = native_pv_read_cr4, \
		.write_cr4 = native_pv_write_cr4, \
		.read_msr = native_pv_read_msr, \
		.write_msr = native_pv_write_msr, \
		.load_gdt = native_pv_load_gdt, \
		.load_idt = native_pv_load_idt, \
		.load_tr = native_pv_load_tr, \
		.load_sp0 = native_load_sp0, \
		.wbinvd = native_pv_wbinvd, \
		.halt = native_pv_halt, \
		.enter_user = native_enter_user, \
		.lazy_enter = native_pv_nop, \
		.lazy_leave = native_pv_nop, \
	}, \
	.irq = { \
		.save_fl = native_pv_save_fl, \
		.save_disable = native_pv_save_disable, \
		.restore_fl = native_pv_restore_fl, \
		.irq_disable = native_pv_irq_disable, \
		.irq_enable = native_pv_irq_enable, \
		.safe_halt = native_pv_safe_halt, \
	}, \
	.mmu = { \
		.read_cr2 = native_pv_read_cr2, \
		.read_cr3 = native_pv_read_cr3, \
		.write_cr3 = native_pv_write_cr3, \
		.flush_tlb_one = native_pv_flush_tlb_one, \
		.flush_tlb_all = native_pv_flush_tlb_all, \
		.set_pte = native_pv_set_pte, \
		.make_pte = native_pv_identity, \
		.pte_val = native_pv_identity, \
		.alloc_pt = NOP(void (*)(unsigned long, unsigned long)), \
		.release_pt = NOP(void (*)(unsigned long)), \
		.lazy_enter = native_pv_nop, \
		.lazy_leave = native_pv_nop, \
		.lazy_flush = native_pv_nop, \
	}, \
	.time = { \
		.clock_ns = native_clock_ns, \
		.timer_program = native_timer_program, \
	}, \
	/* .init is filled by the backend chosen at boot (native.c for bare metal). */ \
}

struct pv_ops pv_ops = NATIVE_PV_OPS;
static const struct pv_ops native_table = NATIVE_PV_OPS;

/* Set by pvpatch= (paravirt_patch.c); with CONFIG_PARAVIRT=n nothing is patched. */
enum pv_patch_mode pv_patch_mode = IS_ENABLED(CONFIG_PARAVIRT) ? PV_PATCH_ON : PV_PATCH_OFF;
struct pv_patch_stats pv_patch_stats;
struct pv_mmu_stats pv_mmu_stats;

#define NAME(grp, op) [PV_OP_INDEX(grp.op)] = #grp "." #op

static const char *const op_names[sizeof(struct pv_ops) / sizeof(void *)] = {
	NAME(cpu, cpuid), NAME(cpu, read_cr0), NAME(cpu, write_cr0),
	NAME(cpu, read_cr4), NAME(cpu, write_cr4), NAME(cpu, read_msr),
	NAME(cpu, write_msr), NAME(cpu, load_gdt), NAME(cpu, load_idt),
	NAME(cpu, load_tr), NAME(cpu, load_sp0), NAME(cpu, wbinvd),
	NAME(cpu, halt), NAME(cpu, enter_user), NAME(cpu, lazy_enter), NAME(cpu, lazy_leave),
	NAME(irq, save_fl), NAME(irq, save_disable), NAME(irq, restore_fl), NAME(irq, irq_disable),
	NAME(irq, irq_enable), NAME(irq, safe_halt),
	NAME(mmu, read_cr2), NAME(mmu, read_cr3), NAME(mmu, write_cr3),
	NAME(mmu, flush_tlb_one), NAME(mmu, flush_tlb_all), NAME(mmu, set_pte),
	NAME(mmu, make_pte), NAME(mmu, pte_val), NAME(mmu, alloc_pt),
	NAME(mmu, release_pt), NAME(mmu, lazy_enter), NAME(mmu, lazy_leave),
	NAME(mmu, lazy_flush),
	NAME(time, clock_ns), NAME(time, timer_program),
	NAME(init, name), NAME(init, user_mode_init), NAME(init, time_init),
	NAME(init, irq_init), NAME(init, wallclock_ns), NAME(init, power_off), NAME(init, reboot),
	NAME(init, crash),
};

const char *pv_op_name(unsigned int index)
{
	if (index >= ARRAY_SIZE(op_names))
		return NULL;
	return op_names[index];
}

/*
 * Prints which patched ops (cpu, irq, mmu, time) the chosen backend took
 * from somewhere other than the native table, six names a line: under
 * Xen PVH only the clock and the timer, under Xen PV most of them. A NULL
 * op counts as changed (its sites will panic naming it).
 */
void pv_report_overrides(void)
{
	const void *const *now = (const void *const *)&pv_ops;
	const void *const *native = (const void *const *)&native_table;
	unsigned int total = PV_OP_INDEX(init), changed = 0, shown = 0;
	char line[160];
	size_t len = 0;

	for (unsigned int i = 0; i < total; i++)
		changed += now[i] != native[i];
	if (!changed) {
		pr_info("pvpatch: %s: all %u ops are native\n", pv_ops.init.name, total);
		return;
	}
	pr_info("pvpatch: %s: %u of %u ops differ from native:\n", pv_ops.init.name, changed, total);
	for (unsigned int i = 0; i < total; i++) {
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
 * Overlays a backend's table. Each group is copied whole, so a backend
 * states every op it supports; a NULL it leaves stays NULL and the
 * patcher makes that site panic with the op's name.
 */
void pv_ops_install(const struct pv_ops *backend)
{
	memcpy(&pv_ops, backend, sizeof(pv_ops));
}
