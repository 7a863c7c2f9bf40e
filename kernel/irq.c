/* IRQ numbers to handlers, independent of how the interrupt was delivered. */
#define pr_fmt(fmt) "irq: " fmt

#include <asm/irq_vectors.h>
#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/sched.h>

struct irq_desc {
	const struct irq_chip *chip;
	irq_handler_t handler;
	void *data;
	const char *name;
	u64 count;
	u64 unhandled;
};

static struct irq_desc irqs[NR_IRQS];
unsigned int in_irq;

void irq_set_chip(unsigned int irq, const struct irq_chip *chip)
{
	if (irq < NR_IRQS)
		irqs[irq].chip = chip;
}

int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *data)
{
	struct irq_desc *d;
	unsigned long flags;

	if (irq >= NR_IRQS || !handler || !irqs[irq].chip)
		return -EINVAL;
	d = &irqs[irq];
	flags = arch_local_irq_save();
	if (d->handler) {
		arch_local_irq_restore(flags);
		return -EBUSY;
	}
	d->handler = handler;
	d->data = data;
	d->name = name;
	if (d->chip->unmask)
		d->chip->unmask(irq);
	arch_local_irq_restore(flags);
	return 0;
}

void free_irq(unsigned int irq)
{
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	flags = arch_local_irq_save();
	if (irqs[irq].chip && irqs[irq].chip->mask)
		irqs[irq].chip->mask(irq);
	irqs[irq].handler = NULL;
	arch_local_irq_restore(flags);
}

void handle_irq(unsigned int irq)
{
	struct irq_desc *d = &irqs[irq];

	d->count++;
	if (d->handler) {
		d->handler(irq, d->data);
	} else if (d->unhandled++ == 0) {
		pr_warn("IRQ %u (%s) arrived with no handler; masking it\n", irq,
			d->chip ? d->chip->name : "no chip");
		if (d->chip && d->chip->mask)
			d->chip->mask(irq);
	}
	if (d->chip && d->chip->eoi)
		d->chip->eoi(irq);
}

void handle_irq_vector(unsigned int vector, struct pt_regs *regs)
{
	unsigned int irq = vector - IRQ_VECTOR_BASE;

	if (vector < IRQ_VECTOR_BASE || irq >= NR_VECTOR_IRQS) {
		pr_warn("unexpected interrupt on vector %#x\n", vector);
		return;
	}
	in_irq++;
	handle_irq(irq);
	in_irq--;
	/* Preempt only what ran with interrupts on, and only at the outermost level. */
	if (!in_irq && (regs->rflags & X86_EFLAGS_IF))
		preempt_check();
}

u64 irq_count(unsigned int irq)
{
	return irq < NR_IRQS ? irqs[irq].count : 0;
}

void irq_dump(void)
{
	for (unsigned int i = 0; i < NR_IRQS; i++)
		if (irqs[i].count || irqs[i].handler)
			pr_info("%3u %-10s %-16s %llu\n", i,
				irqs[i].chip ? irqs[i].chip->name : "-",
				irqs[i].name ? irqs[i].name : "-",
				(unsigned long long)irqs[i].count);
}
