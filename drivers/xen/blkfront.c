/*
 * The Xen block front-end: virtual disks (device/vbd/<id>) served by a
 * backend in another domain (Linux's blkback), as block devices /dev/xvdX.
 * This file is the device: its set-up with the backend (ring pages,
 * grants, event channel, published in the store), what the backend
 * offers once connected, the block device, and the hooks the xenbus
 * handshake calls (Documentation/xenbus.md); the request path is
 * blkfront_ring.c.
 *
 * What the backend writes in the store is checked before use: a sector
 * size or count out of range, or a vdev that is no xvd disk, refuses the
 * device (logged, and written to the store's error node); an odd ring
 * order is clamped to what we do.
 */
#define pr_fmt(fmt) "blkfront: " fmt

#include <asm/irqflags.h>
#include <asm/page.h>
#include <kernel/blkdev.h>
#include <kernel/errno.h>
#include <kernel/irq.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/xen-events.h>
#include <kernel/xen-grant.h>
#include <kernel/xenbus.h>
#include <xen/io/blkif.h>
#include <xen/io/protocols.h>

#include "blkfront.h"

/* The connected disks, for the self-test. */
static struct blkfront *disks[4];

/* Our half of the connection in the store (one transaction: xenbus_transact). */
static int write_ring_nodes(u32 tx, void *arg)
{
	struct blkfront *bf = arg;
	const char *node = bf->dev->nodename;
	unsigned int pages = 1U << bf->ring_order;
	char name[16];
	int rc;

	if (bf->ring_order == 0) {
		rc = xenbus_printf(tx, node, "ring-ref", "%u", bf->ring_refs[0]);
	} else {
		rc = xenbus_printf(tx, node, "ring-page-order", "%u", bf->ring_order);
		for (unsigned int i = 0; i < pages && !rc; i++) {
			snprintf(name, sizeof(name), "ring-ref%u", i);
			rc = xenbus_printf(tx, node, name, "%u", bf->ring_refs[i]);
		}
	}
	if (!rc)
		rc = xenbus_printf(tx, node, "event-channel", "%u", bf->port);
	if (!rc)
		rc = xenbus_write(tx, node, "protocol", XEN_IO_PROTO_ABI_NATIVE);
	/*
	 * Every slot keeps its pages and grants for the device's life, so
	 * the backend may map them once and keep them (no map and unmap
	 * per request): what feature-persistent promises.
	 */
	if (!rc)
		rc = xenbus_write(tx, node, "feature-persistent", "1");
	return rc;
}

/* The backend waits for us (InitWait): ring pages, grants, event channel, store. */
static int blkfront_setup(struct xenbus_device *dev)
{
	struct blkfront *bf = dev->priv;
	unsigned long long max_order = 0;
	unsigned int pages;
	struct page *pg;
	int rc, ref;

	/* Absent means a one-page ring; anything odd is clamped to what we do. */
	if (xenbus_read_ull(XBT_NIL, dev->otherend, "max-ring-page-order", &max_order))
		max_order = 0;
	bf->ring_order = (unsigned int)MIN(max_order, (unsigned long long)MAX_RING_ORDER);
	pages = 1U << bf->ring_order;
	pg = alloc_pages(bf->ring_order);
	if (!pg)
		return -ENOMEM;
	bf->ring_page = pg;
	bf->sring = phys_to_virt(page_to_phys(pg));
	memset(bf->sring, 0, pages * PAGE_SIZE);
	bf->sring->req_event = 1;
	bf->sring->rsp_event = 1;
	bf->ring_size = blkif_ring_entries(pages);
	bf->req_prod_pvt = 0;
	bf->rsp_cons = 0;
	for (unsigned int i = 0; i < pages; i++) {
		ref = gnttab_grant_page(dev->otherend_id, (char *)bf->sring + i * PAGE_SIZE, false);
		if (ref < 0)
			return ref;
		bf->ring_refs[i] = (grant_ref_t)ref;
	}
	rc = xen_evtchn_alloc_unbound(dev->otherend_id, &bf->port);
	if (rc)
		return rc;
	bf->irq = xen_bind_evtchn(bf->port);
	if (bf->irq < 0)
		return bf->irq;
	rc = request_irq((unsigned int)bf->irq, blkfront_ring_interrupt, "blkfront", bf);
	if (rc)
		return rc;
	rc = xenbus_transact(write_ring_nodes, bf);
	if (rc)
		return rc;
	pr_info("%s: ring of %u page%s (%u entries), event channel %u\n", dev->nodename, pages,
		pages > 1 ? "s" : "", bf->ring_size, bf->port);
	return 0;
}

static bool read_feature(struct blkfront *bf, const char *name)
{
	unsigned long long v;

	return !xenbus_read_ull(XBT_NIL, bf->dev->otherend, name, &v) && v;
}

/* xvda, xvdb ... from the vdev number (Linux's encoding: 202 << 8 | disk << 4, or extended). */
static int vdev_disk(unsigned int vdev)
{
	if (vdev & (1U << 28))
		return (int)((vdev & ((1U << 28) - 1)) >> 8);
	if ((vdev >> 8) == 202 && !(vdev & 0xf))
		return (int)((vdev & 0xff) >> 4);
	return -1;
}

/* The backend is connected: what it offers, then the block device. */
static int blkfront_connect(struct xenbus_device *dev)
{
	struct blkfront *bf = dev->priv;
	unsigned long long sectors, ssize = 512, info = 0, indirect = 0;
	int disk, rc;

	rc = xenbus_read_ull(XBT_NIL, dev->otherend, "sectors", &sectors);
	if (rc)
		return rc;
	if (xenbus_read_ull(XBT_NIL, dev->otherend, "sector-size", &ssize))
		ssize = 512;
	if (ssize < 512 || ssize > 4096 || (ssize & (ssize - 1)) || sectors > (1ULL << 48)) {
		xenbus_dev_error(dev, -EINVAL, "backend offers %llu sectors of %llu bytes", sectors,
				 ssize);
		return -EINVAL;
	}
	xenbus_read_ull(XBT_NIL, dev->otherend, "info", &info);
	bf->flush = read_feature(bf, "feature-flush-cache");
	bf->barrier = read_feature(bf, "feature-barrier");
	bf->persistent = read_feature(bf, "feature-persistent");
	if (xenbus_read_ull(XBT_NIL, dev->otherend, "feature-max-indirect-segments", &indirect))
		indirect = 0;
	bf->indirect = indirect > BLKIF_MAX_SEGMENTS_PER_REQUEST;
	bf->max_segs = bf->indirect ? (unsigned int)MIN(indirect, (unsigned long long)INDIRECT_SEGS) :
				      BLKIF_MAX_SEGMENTS_PER_REQUEST;
	rc = blkfront_alloc_slots(bf);
	if (rc)
		return rc;

	disk = vdev_disk(dev->id);
	if (disk < 0 || disk >= 26 * 27) {
		xenbus_dev_error(dev, -EINVAL, "virtual device number %#x is not an xvd disk", dev->id);
		return -EINVAL;
	}
	if (disk < 26)
		snprintf(bf->bd.name, sizeof(bf->bd.name), "xvd%c", 'a' + disk);
	else
		snprintf(bf->bd.name, sizeof(bf->bd.name), "xvd%c%c", 'a' + disk / 26 - 1,
			 'a' + disk % 26);
	bf->bd.major = 202;
	bf->bd.minor = (u32)disk * 16;
	bf->bd.sector_size = (u32)ssize;
	bf->bd.nr_sectors = sectors * 512 / ssize; /* "sectors" counts 512-byte units */
	bf->bd.readonly = info & VDISK_READONLY;
	bf->bd.ops = &blkfront_ops;
	bf->bd.priv = bf;
	pr_info("%s: %s, %llu sectors, flush %s, %u segments per request%s%s\n", dev->nodename,
		/* clang-format off */
		bf->bd.name, sectors, bf->flush ? "cache" : bf->barrier ? "barrier" : "none",
		/* clang-format on */
		bf->max_segs, bf->indirect ? " (indirect)" : "",
		bf->persistent ? ", persistent grants" : "");
	rc = blkdev_register(&bf->bd);
	if (rc) {
		xenbus_dev_error(dev, rc, "cannot register %s", bf->bd.name);
		return rc;
	}
	bf->registered = true;
	bf->connected = true;
	for (unsigned int i = 0; i < ARRAY_SIZE(disks); i++) {
		if (!disks[i]) {
			disks[i] = bf;
			break;
		}
	}
	return 0;
}

/*
 * The disk goes (the backend closes or is gone, or power-off): it fails
 * every request from now on and its node goes. Its grants stay until
 * release(): the backend may still map them.
 */
static void blkfront_disconnect(struct xenbus_device *dev)
{
	struct blkfront *bf = dev->priv;
	unsigned long flags = arch_local_irq_save();

	bf->gone = true;
	bf->connected = false;
	blkfront_fail_all(bf);
	for (unsigned int i = 0; i < ARRAY_SIZE(disks); i++)
		if (disks[i] == bf)
			disks[i] = NULL; /* its slot is free for a disk attached later */
	arch_local_irq_restore(flags);
	if (bf->registered) {
		blkdev_unregister(&bf->bd);
		bf->registered = false;
	}
}

static int blkfront_probe(struct xenbus_device *dev)
{
	struct blkfront *bf = kzalloc(sizeof(*bf));

	if (!bf)
		return -ENOMEM;
	bf->dev = dev;
	bf->handle = (u16)dev->id;
	bf->irq = -1;
	wait_queue_init(&bf->slot_wq);
	wait_queue_init(&bf->done_wq);
	dev->priv = bf;
	return 0;
}

static void blkfront_sync(struct xenbus_device *dev)
{
	struct blkfront *bf = dev->priv;

	if (bf->connected && blkfront_flush(&bf->bd))
		pr_err("%s: flush before power-off failed\n", bf->bd.name);
}

/*
 * After the device closed with its backend (disconnected already):
 * nothing is in flight and the backend has unmapped the ring. The struct
 * itself stays: open files still point at its blkdev (which fails with
 * -EIO).
 */
static void blkfront_release(struct xenbus_device *dev)
{
	struct blkfront *bf = dev->priv;

	if (bf->irq >= 0)
		xen_unbind_evtchn((unsigned int)bf->irq, true);
	bf->irq = -1;
	blkfront_free_slots(bf);
	if (bf->sring) {
		bool all = true;

		for (unsigned int i = 0; i < (1U << bf->ring_order); i++) {
			all = all && gnttab_try_end_access(bf->ring_refs[i]);
			gnttab_end_access(bf->ring_refs[i], NULL);
		}
		/* Pages the backend may still map are never reused: then they stay allocated. */
		if (all)
			free_pages(bf->ring_page, bf->ring_order);
		else
			pr_warn("%s: the backend still maps the ring; its pages are not reused\n",
				dev->nodename);
		bf->sring = NULL;
	}
}

/* ---------------------------------------------------------------- for the self-test */

struct blkdev *blkfront_disk(unsigned int i)
{
	return i < ARRAY_SIZE(disks) && disks[i] && disks[i]->connected ? &disks[i]->bd : NULL;
}

static const struct xenbus_driver blkfront_driver = {
	.name = "blkfront",
	.type = "vbd",
	.side = XENBUS_FRONTEND,
	.setup_state = XenbusStateInitialised, /* blkback connects once it sees the ring */
	.probe = blkfront_probe,
	.setup = blkfront_setup,
	.connect = blkfront_connect,
	.disconnect = blkfront_disconnect,
	.release = blkfront_release,
	.sync = blkfront_sync,
};
register_xenbus_driver(blkfront_driver);
