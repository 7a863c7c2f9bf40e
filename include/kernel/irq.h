/*
 * The IRQ layer (Documentation/interrupts-and-time.md): IRQ numbers, a chip per delivery
 * mechanism (I/O APIC, local APIC; Xen event channels later), handlers.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <kernel/types.h>

struct pt_regs;

struct irq_chip {
	const char *name;
	void (*mask)(unsigned int irq);
	void (*unmask)(unsigned int irq);
	void (*eoi)(unsigned int irq); /* after the handler */
};

typedef void (*irq_handler_t)(unsigned int irq, void *data);

/* Binds irq to its chip; the backend's irq_init does this. */
void irq_set_chip(unsigned int irq, const struct irq_chip *chip);
/* Installs a handler and unmasks; 0, -EINVAL or -EBUSY. */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name, void *data);
void free_irq(unsigned int irq);
/* Runs the handler of irq: called by the arch entry and by event demux. */
void handle_irq(unsigned int irq);
u64 irq_count(unsigned int irq);
void irq_dump(void);

/* Arch entry for device vectors. */
void handle_irq_vector(unsigned int vector, struct pt_regs *regs);

/* Nesting depth of interrupt handling; scheduling waits until it is 0. */
extern unsigned int in_irq;

#endif
