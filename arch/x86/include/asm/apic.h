/* Local APIC, I/O APIC and the masked legacy PIC: native interrupt delivery. */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <kernel/types.h>

/* pv_ops.init hooks of the native backend. */
void native_irq_init(void);
void native_time_init(void);

void lapic_init(void);
void lapic_eoi(void);
u32 lapic_id(void);
/* Counts down at a fixed rate; one-shot mode, vector of IRQ_LAPIC_TIMER. */
void lapic_timer_set(u32 count);
u32 lapic_timer_current(void);

int ioapic_init(void);
/* Routes an ISA IRQ (0-15) or a GSI-numbered IRQ to its vector, masked. */
void ioapic_route_irq(unsigned int irq);

void i8259_disable(void);

#endif
