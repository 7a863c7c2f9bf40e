/*
 * Interrupt vectors. Device IRQ n arrives on vector IRQ_VECTOR_BASE + n;
 * the exceptions keep 0-31 and the legacy PIC, remapped and masked, sits
 * at 0x20-0x2f so that a stray PIC interrupt is never taken for one.
 *
 * Only the first NR_VECTOR_IRQS IRQ numbers have a vector. The ones above
 * are Xen event channels, which all arrive through one upcall and are
 * told apart in software (drivers/xen/events.c): a dom0 binds one per
 * guest device and per toolstack daemon, far more than 14.
 */
#ifndef ASM_IRQ_VECTORS_H
#define ASM_IRQ_VECTORS_H

#define PIC_VECTOR_BASE 0x20
#define IRQ_VECTOR_BASE 0x30
#define NR_VECTOR_IRQS	64
#define NR_IRQS		320
#define SPURIOUS_VECTOR 0xff

/* IRQ numbers: 0-15 ISA (through the I/O APIC), 16-23 further GSIs. */
#define IRQ_LAPIC_TIMER 48
#define IRQ_XEN_UPCALL	49 /* Xen's event callback, demultiplexed by drivers/xen/events.c */
#define IRQ_XEN_FIRST	50 /* event channels get IRQ numbers from here */

#endif
