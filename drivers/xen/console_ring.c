/*
 * A domU's console: the page Xen's toolstack shares with xenconsoled in
 * dom0 (struct xencons_interface, io/console.h) and an event channel.
 * Output goes into the out ring (we produce, xenconsoled consumes), input
 * comes from the in ring (xenconsoled produces); each side notifies the
 * other after moving an index. A domU cannot print through console_io on
 * a release Xen, so this is its only console, from the first printk on.
 *
 * Ordering (asm/barrier.h): a producer writes the bytes, then (write
 * barrier) the index; a consumer reads the index, then (read barrier) the
 * bytes, and finishes reading them before it publishes its own index
 * (full barrier, since the peer reuses those bytes once it sees it).
 * The indexes are free-running 32-bit counters; prod - cons is the fill
 * level, and a peer whose index says more than the ring holds is broken:
 * its index is not used, and the problem is logged.
 */
#define pr_fmt(fmt) "xencons: " fmt

#include <asm/barrier.h>
#include <asm/irqflags.h>
#include <asm/xen/hypercall.h>
#include <kernel/console.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/printk.h>
#include <kernel/time.h>
#include <kernel/tty.h>
#include <kernel/xen-console.h>
#include <kernel/xen-events.h>
#include <xen/io/console.h>

/*
 * While the out ring stays full: at least this many yields to Xen and, once
 * the clock runs, this long (a loaded dom0 may leave xenconsoled waiting
 * for seconds); then output is dropped until the ring moves again.
 */
#define STALL_YIELDS 200000
#define STALL_NS     (5 * NSEC_PER_SEC)

static struct xencons_interface *ring;
static unsigned int ring_port;
static bool stalled, out_broken, in_broken;

ssize_t xencons_ring_write(struct xencons_interface *r, const char *s, size_t n)
{
	XENCONS_RING_IDX cons = READ_ONCE(r->out_cons), prod = r->out_prod;
	size_t done = 0;

	/* The slots between cons and prod + size are free only once cons has been read. */
	virt_mb();
	if (prod - cons > sizeof(r->out))
		return -EPROTO;
	while (done < n && prod - cons < sizeof(r->out))
		r->out[MASK_XENCONS_IDX(prod++, r->out)] = s[done++];
	virt_wmb(); /* the bytes before the index that publishes them */
	WRITE_ONCE(r->out_prod, prod);
	return (ssize_t)done;
}

ssize_t xencons_ring_read(struct xencons_interface *r, char *buf, size_t n)
{
	XENCONS_RING_IDX prod = READ_ONCE(r->in_prod), cons = r->in_cons;
	size_t done = 0;

	virt_rmb(); /* the index before the bytes it covers */
	if (prod - cons > sizeof(r->in))
		return -EPROTO;
	while (done < n && cons != prod)
		buf[done++] = r->in[MASK_XENCONS_IDX(cons++, r->in)];
	virt_mb(); /* done reading before the peer may overwrite */
	WRITE_ONCE(r->in_cons, cons);
	return (ssize_t)done;
}

/* Writes all of s, waiting (bounded) for xenconsoled when the ring is full. */
static void ring_put(const char *s, size_t n)
{
	unsigned int idle = 0;
	u64 start = 0;

	while (n && !out_broken) {
		ssize_t k = xencons_ring_write(ring, s, n);

		if (k < 0) {
			out_broken = true; /* reported by the next input event; printk would recurse */
			return;
		}
		if (k) {
			xen_evtchn_notify(ring_port);
			stalled = false;
			idle = 0;
			s += k;
			n -= (size_t)k;
			continue;
		}
		if (!idle && time_ready())
			start = clock_ns();
		if (stalled || (++idle > STALL_YIELDS &&
				(!time_ready() || clock_ns() - start > STALL_NS))) {
			stalled = true; /* nobody reads: drop, try again next time */
			return;
		}
		xen_evtchn_notify(ring_port);
		xen_sched_yield();
	}
}

/* The console's write: "\n" becomes "\r\n", as a terminal on the pty expects. */
static void ring_console_write(const char *s, size_t n)
{
	char buf[128];
	size_t len = 0;
	unsigned long flags = arch_local_irq_save();

	for (size_t i = 0; i < n; i++) {
		if (len > sizeof(buf) - 2) {
			ring_put(buf, len);
			len = 0;
		}
		if (s[i] == '\n')
			buf[len++] = '\r';
		buf[len++] = s[i];
	}
	ring_put(buf, len);
	arch_local_irq_restore(flags);
}

/* Takes what the in ring holds into the terminal (or into buf for getc). */
static ssize_t ring_take(char *buf, size_t n)
{
	ssize_t k = xencons_ring_read(ring, buf, n);

	if (k == -EPROTO) {
		if (!in_broken)
			pr_err("console ring: in_prod %u is %u past in_cons, more than the ring holds; input ignored until it makes sense\n",
			       READ_ONCE(ring->in_prod), READ_ONCE(ring->in_prod) - ring->in_cons);
		in_broken = true;
		return k;
	}
	in_broken = false;
	if (k > 0)
		xen_evtchn_notify(ring_port); /* room again for xenconsoled */
	return k;
}

static void ring_event(unsigned int irq __unused, void *data __unused)
{
	char buf[64];

	if (out_broken) {
		pr_err("console ring: out_cons %u is past out_prod %u or lags by more than the ring; output stopped\n",
		       READ_ONCE(ring->out_cons), ring->out_prod);
		out_broken = false; /* say it once, then try again */
	}
	/* Bounded, so that a peer that never runs dry cannot hold the CPU. */
	for (int round = 0; round < 64; round++) {
		ssize_t k = ring_take(buf, sizeof(buf));

		for (ssize_t i = 0; i < k; i++)
			tty_receive(buf[i]);
		if (k < (ssize_t)sizeof(buf))
			break;
	}
}

static int ring_console_getc(void)
{
	char c;

	return ring_take(&c, 1) == 1 ? (unsigned char)c : -1;
}

static void ring_input_start(void)
{
	int irq = xen_bind_evtchn(ring_port);
	int rc = irq < 0 ? irq : request_irq((unsigned int)irq, ring_event, "xen-console", NULL);

	if (rc) {
		pr_warn("no console input: cannot bind event channel %u (%d)\n", ring_port, rc);
		return;
	}
	ring_event((unsigned int)irq, NULL); /* what was typed before */
}

/* Until xenconsoled has taken everything (bounded: it may be gone). */
static void ring_console_flush(void)
{
	for (unsigned int i = 0; i < STALL_YIELDS && !out_broken; i++) {
		if (READ_ONCE(ring->out_cons) == READ_ONCE(ring->out_prod))
			return;
		xen_evtchn_notify(ring_port);
		xen_sched_yield();
	}
}

static struct console ring_console = {
	.name = "xen-console-ring",
	.write = ring_console_write,
	.getc = ring_console_getc,
	.input_start = ring_input_start,
	.flush = ring_console_flush,
};

void xen_console_ring_register(struct xencons_interface *intf, unsigned int port, bool replay)
{
	ring = intf;
	ring_port = port;
	register_console(&ring_console);
	if (replay)
		console_replay(&ring_console);
}
