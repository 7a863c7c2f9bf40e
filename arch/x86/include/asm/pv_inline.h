/*
 * For the assembly of pv_ops backends (native_ops.S, arch/x86/xen/xen-irq.S).
 *
 * PV_FUNC/PV_END bracket a routine. PV_INLINE_END(fn, grp, name) marks
 * where the instructions of fn that the patcher may copy into the sites of
 * op grp.name end (the ret after it is not copied), records fn in
 * .pv_inline, the patcher's list of copyable routines, and states the
 * length as the absolute symbol __pv_inline_len__grp__name__fn.
 * scripts/gen-pv-sites.sh reads those symbols to make every site of an op
 * as long as its longest inline form, so no declared form can fail to fit.
 * PV_INLINE_ALSO declares fn for one more op.
 *
 * Files that use these must not include <asm/paravirt.h>: the site lengths
 * it needs are generated from them.
 */
#ifndef ASM_PV_INLINE_H
#define ASM_PV_INLINE_H

#ifdef __ASSEMBLY__

/* clang-format off */
#define PV_FUNC(fn) .globl fn; .type fn, @function; fn:
/* clang-format on */
#define PV_END(fn) .size fn, .- fn
#define PV_INLINE_ALSO(fn, grp, name) \
	.set __pv_inline_len__##grp##__##name##__##fn, fn##_insn_end - fn
/* clang-format off */
#define PV_INLINE_END(fn, grp, name) fn##_insn_end: \
	.pushsection .pv_inline, "a"; .balign 8; .quad fn, fn##_insn_end; .popsection; \
	PV_INLINE_ALSO(fn, grp, name)
/* clang-format on */

#endif

#endif
