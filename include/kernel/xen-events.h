/*
 * Xen event channels as IRQs (drivers/xen/events.c), 2-level ABI: each
 * bound port gets an IRQ number of the common IRQ layer; the upcall looks
 * at the pending bits and runs handle_irq() for each.
 */
#ifndef KERNEL_XEN_EVENTS_H
#define KERNEL_XEN_EVENTS_H

#include <kernel/types.h>

struct shared_info;

/* Installs the upcall IRQ; shared_info must be mapped. */
void xen_events_init(struct shared_info *si);
/* Binds a VIRQ of vCPU 0 to a new IRQ number; the IRQ, or -errno. */
int xen_bind_virq(unsigned int virq);
/* The port behind an IRQ bound here, or -1. */
int xen_irq_port(unsigned int irq);

#endif
