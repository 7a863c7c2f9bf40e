/*
 * Event channels bound to IRQ numbers. Xen sets a port's bit in
 * shared_info's pending array, its word's bit in the vCPU's pending
 * selector, and evtchn_upcall_pending, then enters the event callback
 * (unless the vCPU's upcall mask is set: Xen's mask is the inverse of the
 * interrupt flag). The upcall clears the selector first, then each
 * pending and unmasked port, so an event that arrives meanwhile is seen
 * again, never lost.
 */
#define pr_fmt(fmt) "evtchn: " fmt

#include <asm/irq_vectors.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/xen-events.h>

#define NR_PORTS (sizeof(xen_ulong_t) * 8 * sizeof(xen_ulong_t) * 8)

static struct shared_info *shared;
static int port_to_irq[NR_PORTS];
static int irq_to_port[NR_IRQS];

static void port_mask(unsigned int port)
{
	__atomic_fetch_or(&shared->evtchn_mask[port / 64], 1UL << (port % 64), __ATOMIC_SEQ_CST);
}

/*
 * An event that came while the port was masked stays pending, with no
 * selector bit and no upcall: EVTCHNOP_unmask has Xen deliver it. But Xen
 * only does so when it finds the mask bit still set (it test-and-clears
 * it), so a pending port is unmasked by Xen alone. Clearing the bit here
 * first, as we once did, left the event pending with no upcall until some
 * other port of the same word fired (in dom0 the next timer event; in a
 * quiet guest, possibly never).
 */
static void port_unmask(unsigned int port)
{
	xen_ulong_t *mask = &shared->evtchn_mask[port / 64];
	const xen_ulong_t *pending = &shared->evtchn_pending[port / 64];
	xen_ulong_t bit = 1UL << (port % 64);
	struct evtchn_unmask u = { .port = port };

	if (!(__atomic_load_n(pending, __ATOMIC_SEQ_CST) & bit)) {
		__atomic_fetch_and(mask, ~bit, __ATOMIC_SEQ_CST);
		/* An event from now on finds the port unmasked and is delivered as usual. */
		if (!(__atomic_load_n(pending, __ATOMIC_SEQ_CST) & bit))
			return;
		/* One came in between, still masked: mask again so that Xen's unmask sees it. */
		__atomic_fetch_or(mask, bit, __ATOMIC_SEQ_CST);
	}
	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

static void evtchn_mask_irq(unsigned int irq)
{
	if (irq_to_port[irq] >= 0)
		port_mask((unsigned int)irq_to_port[irq]);
}

static void evtchn_unmask_irq(unsigned int irq)
{
	if (irq_to_port[irq] >= 0)
		port_unmask((unsigned int)irq_to_port[irq]);
}

static const struct irq_chip evtchn_chip = {
	.name = "xen-evtchn",
	.mask = evtchn_mask_irq,
	.unmask = evtchn_unmask_irq,
};

static const struct irq_chip upcall_chip = {
	.name = "xen-upcall",
};

static void upcall(unsigned int irq, void *data)
{
	struct vcpu_info *v = xen_vcpu;
	xen_ulong_t sel;

	v->evtchn_upcall_pending = 0;
	sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned int w = __builtin_ctzl(sel);
		xen_ulong_t bits;

		sel &= sel - 1;
		bits = shared->evtchn_pending[w] & ~shared->evtchn_mask[w];
		while (bits) {
			unsigned int port = w * 64 + __builtin_ctzl(bits);

			bits &= bits - 1;
			__atomic_fetch_and(&shared->evtchn_pending[w], ~(1UL << (port % 64)),
					   __ATOMIC_SEQ_CST);
			if (port_to_irq[port] > 0) {
				handle_irq((unsigned int)port_to_irq[port]);
			} else {
				/* Masked until bound (request_irq unmasks): said once, not per event. */
				port_mask(port);
				pr_warn("event on unbound port %u; masked until it is bound\n", port);
			}
		}
	}
}

void xen_events_init(struct shared_info *si)
{
	shared = si;
	for (unsigned int i = 0; i < NR_IRQS; i++)
		irq_to_port[i] = -1;
	irq_set_chip(IRQ_XEN_UPCALL, &upcall_chip);
	if (request_irq(IRQ_XEN_UPCALL, upcall, "xen-upcall", NULL))
		pr_err("cannot install the upcall handler\n");
}

/* Gives a port of ours a free IRQ number; the IRQ, or -errno. */
static int bind_port(unsigned int port)
{
	int irq;

	if (port >= NR_PORTS)
		return -ERANGE;
	if (port_to_irq[port] > 0)
		return -EBUSY;
	for (irq = IRQ_XEN_FIRST; irq < NR_IRQS && irq_to_port[irq] >= 0; irq++)
		;
	if (irq == NR_IRQS)
		return -ENOSPC;
	port_to_irq[port] = irq;
	irq_to_port[irq] = (int)port;
	irq_set_chip((unsigned int)irq, &evtchn_chip);
	return irq;
}

int xen_bind_virq(unsigned int virq)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
	long rc;

	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);
	if (rc)
		return (int)rc;
	return bind_port(b.port);
}

int xen_bind_evtchn(unsigned int port)
{
	return bind_port(port);
}

void xen_unbind_evtchn(unsigned int irq, bool close)
{
	int port = xen_irq_port(irq);
	struct evtchn_close c;

	if (port < 0)
		return;
	free_irq(irq);
	port_to_irq[port] = 0;
	irq_to_port[irq] = -1;
	c.port = (evtchn_port_t)port;
	if (close && HYPERVISOR_event_channel_op(EVTCHNOP_close, &c))
		pr_warn("cannot close port %d\n", port);
}

int xen_evtchn_alloc_unbound(domid_t remote, unsigned int *port)
{
	struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = remote };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);

	if (rc)
		return (int)rc;
	*port = a.port;
	return 0;
}

int xen_evtchn_bind_interdomain(domid_t remote, unsigned int remote_port, unsigned int *port)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = remote_port };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);

	if (rc)
		return (int)rc;
	*port = b.local_port;
	return 0;
}

int xen_evtchn_bind_virq_port(unsigned int virq, unsigned int *port)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = 0 };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

	if (rc)
		return (int)rc;
	*port = b.port;
	return 0;
}

void xen_evtchn_close(unsigned int port)
{
	struct evtchn_close c = { .port = port };

	if (HYPERVISOR_event_channel_op(EVTCHNOP_close, &c))
		pr_warn("cannot close port %u\n", port);
}

void xen_evtchn_mask(unsigned int port)
{
	if (port < NR_PORTS)
		port_mask(port);
}

void xen_evtchn_unmask(unsigned int port)
{
	if (port < NR_PORTS)
		port_unmask(port);
}

void xen_evtchn_notify(unsigned int port)
{
	struct evtchn_send s = { .port = port };

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

int xen_irq_port(unsigned int irq)
{
	return irq < NR_IRQS ? irq_to_port[irq] : -1;
}

static struct irq_chip upcall_vector_chip = {
	.name = "xen-upcall-vector",
};

void xen_events_upcall_eoi(void (*eoi)(unsigned int irq))
{
	upcall_vector_chip.eoi = eoi;
	irq_set_chip(IRQ_XEN_UPCALL, &upcall_vector_chip);
}
