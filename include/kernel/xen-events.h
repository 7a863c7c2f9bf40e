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
/*
 * The upcall arrives as a local-APIC interrupt (a PVH per-vCPU upcall
 * vector): eoi runs after each, as for any LAPIC interrupt.
 */
void xen_events_upcall_eoi(void (*eoi)(unsigned int irq));
/* Binds a VIRQ of vCPU 0 to a new IRQ number; the IRQ, or -errno. */
int xen_bind_virq(unsigned int virq);
/*
 * Binds a port that exists in this domain already (set up by the
 * toolstack, or from xen_evtchn_alloc_unbound) to a new IRQ number,
 * masked until request_irq(); the IRQ, or -errno.
 */
int xen_bind_evtchn(unsigned int port);
/* Frees the IRQ of a bound port; with close, the port itself (EVTCHNOP_close). */
void xen_unbind_evtchn(unsigned int irq, bool close);
/* A new port of ours that domain remote may bind to; 0 or -errno. */
int xen_evtchn_alloc_unbound(u16 remote, unsigned int *port);
/* A new port of ours connected to remote_port of domain remote; 0 or -errno. */
int xen_evtchn_bind_interdomain(u16 remote, unsigned int remote_port, unsigned int *port);
/* A VIRQ of vCPU 0 on a new port, not bound to an IRQ yet; 0 or -errno. */
int xen_evtchn_bind_virq_port(unsigned int virq, unsigned int *port);
/* Closes a port of ours that has no IRQ (EVTCHNOP_close). */
void xen_evtchn_close(unsigned int port);
/*
 * Masks and unmasks a port directly, for a driver that keeps a fired port
 * masked until its user says so (/dev/xen/evtchn). Unmasking a port whose
 * event came meanwhile has Xen deliver it again.
 */
void xen_evtchn_mask(unsigned int port);
void xen_evtchn_unmask(unsigned int port);
/* Raises an event on the port's other end (EVTCHNOP_send). */
void xen_evtchn_notify(unsigned int port);
/* The port behind an IRQ bound here, or -1. */
int xen_irq_port(unsigned int irq);

#endif
