/* Interrupt flag helpers over the pv_ops irq group. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <asm/paravirt.h>

#define X86_EFLAGS_IF (1UL << 9)

static __always_inline bool arch_irqs_disabled(void)
{
	return !(arch_local_save_flags() & X86_EFLAGS_IF);
}

#define local_irq_save(f)    ((f) = arch_local_irq_save())
#define local_irq_restore(f) arch_local_irq_restore(f)
#define local_irq_disable()  arch_local_irq_disable()
#define local_irq_enable()   arch_local_irq_enable()
#define irqs_disabled()	     arch_irqs_disabled()

#endif
