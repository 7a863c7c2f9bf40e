/*
 * The Xen network front-end: the virtual interface (device/vif/<id>) that
 * xl's vif= gives a domU, served by a backend in another domain (Linux's
 * netback, whose other half is vifN.M on dom0's bridge), as the stack's
 * Ethernet device (include/kernel/net.h).
 *
 * Two rings of one page each (io/netif.h), one event channel for both:
 *   TX: we post a request per frame (a grant of the page holding it, its
 *       length); the backend copies or maps it out and answers per id.
 *   RX: we post empty pages (request-rx-copy: the backend copies each
 *       received frame into one with a grant copy) and get back a
 *       response per frame: the id of the page, offset, length, flags.
 * Every buffer page is granted once, at connect time, for the life of the
 * device, and reused: a TX id owns a page, an RX id owns a page. The
 * backend echoes the ids, and puts each RX response in the ring slot of
 * its request, which is how a page is recovered even when a response's
 * id is nonsense.
 *
 * Received frames go to the stack from a kernel thread (the interrupt
 * only wakes it), since the stack may answer at once through xmit.
 * What the backend writes is checked before use: an id that is not in
 * flight, a length that runs off the page, an error status, fragments
 * and extra-info slots we never asked for are refused, counted and
 * logged (the first few of each); a producer index that runs ahead of
 * our requests breaks the device (it stops), never the kernel.
 */
#define pr_fmt(fmt) "netfront: " fmt

#include <asm/barrier.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/net.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/xen-events.h>
#include <kernel/xen-grant.h>
#include <kernel/xenbus.h>
#include <xen/io/netif.h>

#define TX_RING_SIZE __CONST_RING_SIZE(netif_tx, PAGE_SIZE)
#define RX_RING_SIZE __CONST_RING_SIZE(netif_rx, PAGE_SIZE)
#define NR_TX	     64 /* frames in flight to the backend */
#define NR_RX	     64 /* pages posted for received frames */
#define ETH_ZLEN     60 /* the shortest frame, padded (no FCS) */
#define LOG_FIRST    5	/* refusals of each kind that are logged */

struct buf {
	void *page;
	grant_ref_t gref;
	bool busy; /* TX: with the backend; RX: posted */
};

struct netfront {
	struct xenbus_device *dev;
	struct netdev nd;
	struct netif_tx_sring *txs;
	struct netif_rx_sring *rxs;
	grant_ref_t tx_ring_ref, rx_ring_ref;
	bool tx_ring_granted, rx_ring_granted;
	RING_IDX tx_prod, tx_cons, rx_prod, rx_cons;
	struct buf tx[NR_TX], rx[NR_RX];
	u16 rx_slot_id[RX_RING_SIZE]; /* the id posted in each RX ring slot */
	unsigned int port;
	int irq;
	spinlock_t tx_lock;
	struct thread *rx_thread;
	struct wait_queue rx_wq; /* the RX thread waits here for work */
	bool rx_work, stopping, rx_thread_done;
	bool connected, registered, broken;
	unsigned long rx_frames, tx_frames, tx_errors, rx_errors, refused, tx_ring_full;
};

static unsigned int nr_ifaces;

/* Logs one refusal of the backend's input, the first LOG_FIRST times. */
static void refuse(struct netfront *nf, const char *what, unsigned int a, int b)
{
	if (nf->refused++ < LOG_FIRST)
		pr_warn("%s: refused from the backend: %s (%u, %d)%s\n", nf->nd.name, what, a, b,
			nf->refused == LOG_FIRST ? "; further refusals are only counted" : "");
}

/* The ring cannot be trusted any more: the device stops, the kernel goes on. */
static void ring_broken(struct netfront *nf, const char *ring, RING_IDX prod, RING_IDX cons)
{
	if (!nf->broken)
		pr_err("%s: the backend's %s rsp_prod %u is %u past our requests; the interface stops\n",
		       nf->nd.name, ring, prod, prod - cons);
	nf->broken = true;
}

/* Publishes what we produced on a ring; notifies if the backend asked for it. */
static void push(struct netfront *nf, RING_IDX *req_prod, RING_IDX *req_event, RING_IDX old,
		 RING_IDX new)
{
	virt_wmb(); /* the requests before the index that publishes them */
	WRITE_ONCE(*req_prod, new);
	virt_mb(); /* the index before we read the backend's req_event */
	if ((RING_IDX)(new - READ_ONCE(*req_event)) < (RING_IDX)(new - old))
		xen_evtchn_notify(nf->port);
}

/* ---------------------------------------------------------------- transmit */

/* Frees the TX ids the backend is done with. Interrupts off. */
static void take_tx_responses(struct netfront *nf)
{
	RING_IDX rp;

	if (nf->broken || !nf->txs)
		return;
again:
	rp = READ_ONCE(nf->txs->rsp_prod);
	virt_rmb(); /* the index before the responses it covers */
	if ((RING_IDX)(rp - nf->tx_cons) > (RING_IDX)(nf->tx_prod - nf->tx_cons)) {
		ring_broken(nf, "TX", rp, nf->tx_cons);
		return;
	}
	while (nf->tx_cons != rp) {
		struct netif_tx_response rsp = nf->txs->ring[nf->tx_cons % TX_RING_SIZE].rsp;

		nf->tx_cons++;
		if (rsp.id >= NR_TX || !nf->tx[rsp.id].busy) {
			refuse(nf, "TX response for an id not in flight", rsp.id, rsp.status);
			continue;
		}
		nf->tx[rsp.id].busy = false;
		if (rsp.status == NETIF_RSP_OKAY)
			continue;
		if (rsp.status == NETIF_RSP_ERROR || rsp.status == NETIF_RSP_DROPPED)
			nf->tx_errors++;
		else
			refuse(nf, "TX response with an unknown status", rsp.id, rsp.status);
	}
	WRITE_ONCE(nf->txs->rsp_event, nf->tx_cons + 1);
	virt_mb();
	if (READ_ONCE(nf->txs->rsp_prod) != nf->tx_cons)
		goto again;
}

static int netfront_xmit(struct netdev *nd, const void *frame, size_t len)
{
	struct netfront *nf = nd->priv;
	struct netif_tx_request *req;
	unsigned long flags;
	unsigned int id;
	int rc = 0;

	if (len > ETH_FRAME_MAX || len < ETH_HLEN)
		return -EMSGSIZE;
	spin_lock_irqsave(&nf->tx_lock, flags);
	if (!nf->connected || nf->broken) {
		rc = -ENETDOWN;
		goto out;
	}
	take_tx_responses(nf);
	for (id = 0; id < NR_TX && nf->tx[id].busy; id++)
		;
	if (id == NR_TX) {
		nf->tx_ring_full++;
		rc = -ENOBUFS;
		goto out;
	}
	memcpy(nf->tx[id].page, frame, len);
	if (len < ETH_ZLEN) {
		memset((u8 *)nf->tx[id].page + len, 0, ETH_ZLEN - len);
		len = ETH_ZLEN;
	}
	nf->tx[id].busy = true;
	req = &nf->txs->ring[nf->tx_prod % TX_RING_SIZE].req;
	req->gref = nf->tx[id].gref;
	req->offset = 0;
	req->flags = 0; /* checksums are complete: nothing for the backend to fill in */
	req->id = (u16)id;
	req->size = (u16)len;
	nf->tx_prod++;
	push(nf, &nf->txs->req_prod, &nf->txs->req_event, nf->tx_prod - 1, nf->tx_prod);
	nf->tx_frames++;
out:
	spin_unlock_irqrestore(&nf->tx_lock, flags);
	return rc;
}

/* ---------------------------------------------------------------- receive */

/* Posts RX buffer id in the next ring slot (not yet pushed). */
static void post_rx(struct netfront *nf, unsigned int id)
{
	struct netif_rx_request *req = &nf->rxs->ring[nf->rx_prod % RX_RING_SIZE].req;

	req->id = (u16)id;
	req->gref = nf->rx[id].gref;
	nf->rx_slot_id[nf->rx_prod % RX_RING_SIZE] = (u16)id;
	nf->rx[id].busy = true;
	nf->rx_prod++;
}

/*
 * Takes the next response slot: its buffer (by the slot, whatever the
 * response says) goes back to the ring after the caller has used it.
 */
static unsigned int next_rx_slot(struct netfront *nf, struct netif_rx_response *rsp)
{
	unsigned int slot = nf->rx_cons % RX_RING_SIZE;

	*rsp = nf->rxs->ring[slot].rsp;
	nf->rx_cons++;
	return nf->rx_slot_id[slot];
}

/*
 * Checks one response against the buffer of its slot; the frame's length,
 * or 0 when it is refused (logged and counted).
 */
static size_t check_rx(struct netfront *nf, const struct netif_rx_response *rsp, unsigned int id)
{
	if (rsp->id != id) {
		refuse(nf, "RX response id is not the slot's", rsp->id, (int)id);
		return 0;
	}
	if (rsp->status < 0) {
		nf->rx_errors++;
		refuse(nf, "RX response with an error status", rsp->id, rsp->status);
		return 0;
	}
	if (rsp->status < ETH_HLEN || rsp->offset >= PAGE_SIZE ||
	    rsp->offset + (unsigned int)rsp->status > PAGE_SIZE) {
		refuse(nf, "RX frame length or offset off the page", rsp->offset, rsp->status);
		return 0;
	}
	if (rsp->flags & NETRXF_more_data) {
		refuse(nf, "RX frame in fragments (we offer no feature-sg)", rsp->id, rsp->flags);
		return 0;
	}
	return (size_t)rsp->status;
}

/* Hands what the backend received to the stack, and gives the pages back. */
static void take_rx_responses(struct netfront *nf)
{
	RING_IDX rp, old_prod = nf->rx_prod;
	bool skip_fragments = false;

again:
	rp = READ_ONCE(nf->rxs->rsp_prod);
	virt_rmb();
	if ((RING_IDX)(rp - nf->rx_cons) > (RING_IDX)(nf->rx_prod - nf->rx_cons)) {
		ring_broken(nf, "RX", rp, nf->rx_cons);
		return;
	}
	while (nf->rx_cons != rp) {
		struct netif_rx_response rsp;
		unsigned int id = next_rx_slot(nf, &rsp);
		size_t len;

		if (skip_fragments) {
			/* The rest of a fragmented frame: dropped with its head. */
			skip_fragments = rsp.flags & NETRXF_more_data;
			post_rx(nf, id);
			continue;
		}
		len = check_rx(nf, &rsp, id);
		if (len && !(rsp.flags & NETRXF_extra_info)) {
			nf->rx_frames++;
			net_rx(&nf->nd, (u8 *)nf->rx[id].page + rsp.offset, len,
			       rsp.flags & (NETRXF_csum_blank | NETRXF_data_validated));
		} else if (len) {
			refuse(nf, "RX frame with extra info (we offer no GSO)", rsp.id, rsp.flags);
		}
		/* Extra-info slots follow in the ring: one, and more while they say so. */
		if (rsp.flags & NETRXF_extra_info) {
			bool more = true;

			while (more && nf->rx_cons != rp) {
				struct netif_rx_response raw;
				unsigned int xid = next_rx_slot(nf, &raw);
				const struct netif_extra_info *x = (const void *)&raw;

				more = x->flags & XEN_NETIF_EXTRA_FLAG_MORE;
				post_rx(nf, xid);
			}
		}
		skip_fragments = rsp.flags & NETRXF_more_data;
		post_rx(nf, id);
	}
	WRITE_ONCE(nf->rxs->rsp_event, nf->rx_cons + 1);
	virt_mb();
	if (READ_ONCE(nf->rxs->rsp_prod) != nf->rx_cons)
		goto again;
	if (nf->rx_prod != old_prod)
		push(nf, &nf->rxs->req_prod, &nf->rxs->req_event, old_prod, nf->rx_prod);
}

static void rx_thread(void *arg)
{
	struct netfront *nf = arg;
	unsigned long flags;

	for (;;) {
		wait_event(&nf->rx_wq, nf->rx_work || nf->stopping);
		if (nf->stopping)
			break;
		flags = arch_local_irq_save();
		nf->rx_work = false;
		arch_local_irq_restore(flags);
		if (!nf->broken && nf->connected)
			take_rx_responses(nf);
	}
	flags = arch_local_irq_save();
	nf->rx_thread_done = true;
	wake_up_all(&nf->rx_wq);
	arch_local_irq_restore(flags);
	kthread_exit();
}

static void ring_interrupt(unsigned int irq, void *data)
{
	struct netfront *nf = data;
	unsigned long flags;
	RING_IDX before;

	spin_lock_irqsave(&nf->tx_lock, flags);
	before = nf->tx_cons;
	take_tx_responses(nf);
	spin_unlock_irqrestore(&nf->tx_lock, flags);
	if (nf->tx_cons != before)
		netdev_tx_done(&nf->nd); /* buffers free: a waiting sender goes on */
	nf->rx_work = true;
	wake_up_all(&nf->rx_wq);
}

/* ---------------------------------------------------------------- set-up */

static int parse_mac(const char *s, u8 *mac)
{
	for (int i = 0; i < ETH_ALEN; i++) {
		unsigned int v = 0;

		for (int j = 0; j < 2; j++) {
			char c = *s++;

			if (c >= '0' && c <= '9')
				v = v * 16 + (unsigned int)(c - '0');
			else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
				v = v * 16 + (unsigned int)((c | 0x20) - 'a' + 10);
			else
				return -EINVAL;
		}
		mac[i] = (u8)v;
		if (*s++ != (i < ETH_ALEN - 1 ? ':' : '\0'))
			return -EINVAL;
	}
	/* A group address cannot be an interface's own. */
	return (mac[0] & 1) ? -EINVAL : 0;
}

static int grant_bufs(struct netfront *nf, struct buf *bufs, unsigned int n, bool readonly)
{
	for (unsigned int i = 0; i < n; i++) {
		int ref;

		bufs[i].page = alloc_page_zeroed();
		if (!bufs[i].page)
			return -ENOMEM;
		ref = gnttab_grant_page(nf->dev->otherend_id, bufs[i].page, readonly);
		if (ref < 0) {
			free_page_va(bufs[i].page);
			bufs[i].page = NULL;
			return ref;
		}
		bufs[i].gref = (grant_ref_t)ref;
	}
	return 0;
}

/* Our half of the connection in the store (one transaction: xenbus_transact). */
static int write_ring_nodes(u32 tx, void *arg)
{
	struct netfront *nf = arg;
	const char *node = nf->dev->nodename;
	int rc;

	rc = xenbus_printf(tx, node, "tx-ring-ref", "%u", nf->tx_ring_ref);
	if (!rc)
		rc = xenbus_printf(tx, node, "rx-ring-ref", "%u", nf->rx_ring_ref);
	if (!rc)
		rc = xenbus_printf(tx, node, "event-channel", "%u", nf->port);
	/* Receive by grant copy into our pages; the only mode netback has. */
	if (!rc)
		rc = xenbus_write(tx, node, "request-rx-copy", "1");
	/* We notify when we post RX pages, so the backend may queue frames. */
	if (!rc)
		rc = xenbus_write(tx, node, "feature-rx-notify", "1");
	/* Whole frames with complete checksums each way: no fragments, no offloads. */
	if (!rc)
		rc = xenbus_write(tx, node, "feature-sg", "0");
	if (!rc)
		rc = xenbus_write(tx, node, "feature-gso-tcpv4", "0");
	if (!rc)
		rc = xenbus_write(tx, node, "feature-no-csum-offload", "1");
	return rc;
}

/* The backend waits for us (InitWait): rings, buffers, grants, event channel, store. */
static int netfront_setup(struct xenbus_device *dev)
{
	struct netfront *nf = dev->priv;
	u16 be = dev->otherend_id;
	int rc, ref;

	nf->txs = alloc_page_zeroed();
	nf->rxs = alloc_page_zeroed();
	if (!nf->txs || !nf->rxs)
		return -ENOMEM;
	nf->txs->req_event = nf->txs->rsp_event = 1;
	nf->rxs->req_event = nf->rxs->rsp_event = 1;
	nf->tx_prod = nf->tx_cons = nf->rx_prod = nf->rx_cons = 0;
	ref = gnttab_grant_page(be, nf->txs, false);
	if (ref < 0)
		return ref;
	nf->tx_ring_ref = (grant_ref_t)ref;
	nf->tx_ring_granted = true;
	ref = gnttab_grant_page(be, nf->rxs, false);
	if (ref < 0)
		return ref;
	nf->rx_ring_ref = (grant_ref_t)ref;
	nf->rx_ring_granted = true;
	rc = grant_bufs(nf, nf->tx, NR_TX, true);
	if (!rc)
		rc = grant_bufs(nf, nf->rx, NR_RX, false);
	if (rc)
		return rc;
	for (unsigned int id = 0; id < NR_RX; id++)
		post_rx(nf, id);
	/* The backend reads the requests when it connects; no event needed yet. */
	virt_wmb();
	WRITE_ONCE(nf->rxs->req_prod, nf->rx_prod);

	rc = xen_evtchn_alloc_unbound(be, &nf->port);
	if (rc)
		return rc;
	nf->irq = xen_bind_evtchn(nf->port);
	if (nf->irq < 0)
		return nf->irq;
	rc = request_irq((unsigned int)nf->irq, ring_interrupt, "netfront", nf);
	if (rc)
		return rc;
	nf->rx_thread = kthread_create(rx_thread, nf, "netfront-rx");
	if (!nf->rx_thread)
		return -ENOMEM;
	rc = xenbus_transact(write_ring_nodes, nf);
	if (rc)
		return rc;
	pr_info("%s: %s, rings of %u TX / %u RX entries, %u / %u buffers, event channel %u\n",
		nf->dev->nodename, nf->nd.name, (unsigned int)TX_RING_SIZE, (unsigned int)RX_RING_SIZE,
		NR_TX, NR_RX, nf->port);
	return 0;
}

/*
 * The address the toolstack wrote for this interface (xl's vif "ip=", in
 * the backend's directory), if any: the stack uses it unless this is eth0
 * and the ip= option gave one.
 */
static void address_from_store(struct netfront *nf)
{
	char ip[64];

	nf->nd.addr = nf->nd.mask = 0;
	if (xenbus_read_buf(XBT_NIL, nf->dev->otherend, "ip", ip, sizeof(ip)))
		return;
	if (net_parse_address(ip, &nf->nd.addr, &nf->nd.mask) == 0)
		pr_info("%s: address %s from the store (%s/ip)\n", nf->nd.name, ip, nf->dev->otherend);
	else
		pr_warn("%s: the store's address \"%s\" (%s/ip) refused\n", nf->nd.name, ip,
			nf->dev->otherend);
}

/* The backend is connected: the stack may use the interface. */
static int netfront_connect(struct xenbus_device *dev)
{
	struct netfront *nf = dev->priv;
	unsigned long flags;

	address_from_store(nf);
	spin_lock_irqsave(&nf->tx_lock, flags);
	nf->connected = true;
	spin_unlock_irqrestore(&nf->tx_lock, flags);
	if (netdev_register(&nf->nd) == 0)
		nf->registered = true;
	pr_info("%s: connected to %s\n", nf->nd.name, nf->dev->otherend);
	/* Frames may have come before we looked. */
	ring_interrupt(0, nf);
	return 0;
}

/* The interface leaves the stack (the backend closes or is gone, or power-off). */
static void netfront_disconnect(struct xenbus_device *dev)
{
	struct netfront *nf = dev->priv;
	unsigned long flags;

	if (nf->registered)
		netdev_unregister(&nf->nd);
	nf->registered = false;
	spin_lock_irqsave(&nf->tx_lock, flags);
	nf->connected = false;
	spin_unlock_irqrestore(&nf->tx_lock, flags);
}

static int netfront_probe(struct xenbus_device *dev)
{
	struct netfront *nf;
	char mac[32];
	int rc;

	nf = kzalloc(sizeof(*nf));
	if (!nf)
		return -ENOMEM;
	rc = xenbus_read_buf(XBT_NIL, dev->nodename, "mac", mac, sizeof(mac));
	if (!rc)
		rc = parse_mac(mac, nf->nd.mac);
	if (rc) {
		xenbus_dev_error(dev, rc, "no usable mac address in the store");
		kfree(nf);
		return rc;
	}
	nf->dev = dev;
	nf->irq = -1;
	nf->tx_lock = (spinlock_t)SPINLOCK_INIT;
	wait_queue_init(&nf->rx_wq);
	snprintf(nf->nd.name, sizeof(nf->nd.name), "eth%u", nr_ifaces++);
	nf->nd.xmit = netfront_xmit;
	nf->nd.priv = nf;
	dev->priv = nf;
	return 0;
}

static void end_bufs(struct buf *bufs, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (bufs[i].page)
			gnttab_end_access(bufs[i].gref, bufs[i].page); /* frees the page when safe */
}

/*
 * After the device closed with its backend (disconnected already): stop
 * the thread, give every grant back (a page the backend still maps waits
 * in the grant table's deferred list).
 */
static void netfront_release(struct xenbus_device *dev)
{
	struct netfront *nf = dev->priv;
	unsigned long flags;

	if (nf->irq >= 0)
		xen_unbind_evtchn((unsigned int)nf->irq, true);
	nf->irq = -1;
	if (nf->rx_thread) {
		flags = arch_local_irq_save();
		nf->stopping = true;
		wake_up_all(&nf->rx_wq);
		arch_local_irq_restore(flags);
		if (wait_event_deadline(&nf->rx_wq, nf->rx_thread_done, clock_ns() + NSEC_PER_SEC))
			pr_warn("%s: the RX thread did not stop\n", nf->nd.name);
	}
	pr_info("%s: closed: %lu frames received, %lu sent, %lu TX errors, %lu refused\n",
		nf->nd.name, nf->rx_frames, nf->tx_frames, nf->tx_errors, nf->refused);
	end_bufs(nf->tx, NR_TX);
	end_bufs(nf->rx, NR_RX);
	if (nf->tx_ring_granted)
		gnttab_end_access(nf->tx_ring_ref, nf->txs);
	else if (nf->txs)
		free_page_va(nf->txs);
	if (nf->rx_ring_granted)
		gnttab_end_access(nf->rx_ring_ref, nf->rxs);
	else if (nf->rxs)
		free_page_va(nf->rxs);
	nf->txs = NULL;
	nf->rxs = NULL;
}

static const struct xenbus_driver netfront_driver = {
	.name = "netfront",
	.type = "vif",
	.side = XENBUS_FRONTEND,
	/* netback connects when it sees us Connected; we take frames once it is too. */
	.setup_state = XenbusStateConnected,
	.probe = netfront_probe,
	.setup = netfront_setup,
	.connect = netfront_connect,
	.disconnect = netfront_disconnect,
	.release = netfront_release,
};
register_xenbus_driver(netfront_driver);
