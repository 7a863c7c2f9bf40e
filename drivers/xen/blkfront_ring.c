/*
 * The block front-end's request path: slots, the shared ring, responses.
 * The device's set-up and its handshake with the backend are blkfront.c.
 *
 * The ring (io/blkif.h) is one or more shared pages of request/response
 * slots; its size is what fits in the pages, rounded down to a power of
 * two. We produce requests (req_prod), the backend produces responses
 * (rsp_prod); each side asks to be notified by setting its *_event index
 * and notifies only when the other side's event index was crossed.
 *
 * Each request in flight owns a "slot": bounce pages granted to the
 * backend once, at connect time, for as long as the device lives (the
 * backend maps them per request, as without persistent grants; revoking
 * and regranting them per request would buy nothing here). Data is copied
 * between the caller's buffer and the slot's pages, so callers may use any
 * buffer. The slot's index is the request id the backend echoes. There
 * are never more slots than ring entries, so a full ring is a wait for a
 * free slot, never an overrun. With feature-max-indirect-segments a
 * request carries up to INDIRECT_SEGS segments through one granted
 * indirect page; otherwise the 11 that fit in a ring entry.
 *
 * What the backend sends is checked: a response for an id that is not in
 * flight, or of another operation, is refused and logged; a rsp_prod that
 * runs more than a ring ahead means the ring cannot be trusted any more:
 * the device fails its requests with -EIO from then on (no panic).
 * A response with an error status makes that request fail with -EIO.
 */
#define pr_fmt(fmt) "blkfront: " fmt

#include <asm/barrier.h>
#include <asm/irqflags.h>
#include <asm/page.h>
#include <kernel/blkdev.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/xen-events.h>
#include <kernel/xen-grant.h>
#include <kernel/xenbus.h>
#include <xen/io/blkif.h>

#include "blkfront.h"

#define SECTORS_PER_PAGE   (PAGE_SIZE / 512)
#define REQUEST_TIMEOUT_NS (60 * NSEC_PER_SEC)

/* ---------------------------------------------------------------- the ring */

/* Rounded down to a power of two as __RING_SIZE does. */
unsigned int blkif_ring_entries(unsigned int pages)
{
	size_t bytes = pages * PAGE_SIZE - __builtin_offsetof(struct blkif_sring, ring);
	unsigned int n = (unsigned int)(bytes / sizeof(union blkif_sring_entry)), p = 1;

	while (p * 2 <= n)
		p *= 2;
	return n ? p : 0;
}

/* Publishes the requests made since the last push; notifies if the backend asked. */
static void push_requests(struct blkfront *bf)
{
	RING_IDX old = bf->sring->req_prod, new = bf->req_prod_pvt;

	virt_wmb(); /* the requests before the index that publishes them */
	WRITE_ONCE(bf->sring->req_prod, new);
	virt_mb(); /* the index before we read the backend's req_event */
	if ((RING_IDX)(new - READ_ONCE(bf->sring->req_event)) < (RING_IDX)(new - old))
		xen_evtchn_notify(bf->port);
}

static int status_errno(s16 status)
{
	if (status == BLKIF_RSP_OKAY)
		return 0;
	return status == BLKIF_RSP_EOPNOTSUPP ? -EOPNOTSUPP : -EIO;
}

void blkfront_fail_all(struct blkfront *bf)
{
	for (unsigned int i = 0; i < bf->nr_slots; i++) {
		struct slot *s = &bf->slots[i];

		if (s->busy && !s->done) {
			s->done = true;
			s->status = -EIO;
		}
	}
	wake_up_all(&bf->done_wq);
	wake_up_all(&bf->slot_wq);
}

/* 0, -ENOENT for an id not in flight, -EPROTO for another operation than the request's. */
static int blkif_check_response(const struct blkif_response *rsp, unsigned int nr_slots,
				const bool *in_flight, const u8 *ops)
{
	if (rsp->id >= nr_slots || !in_flight[rsp->id])
		return -ENOENT;
	if (rsp->operation != ops[rsp->id])
		return -EPROTO;
	return 0;
}

static void take_responses(struct blkfront *bf)
{
	RING_IDX rp;
	bool in_flight[MAX_SLOTS];
	u8 ops[MAX_SLOTS];

again:
	rp = READ_ONCE(bf->sring->rsp_prod);
	virt_rmb(); /* the index before the responses it covers */
	if (rp - bf->rsp_cons > bf->ring_size) {
		pr_err("%s: the backend's rsp_prod %u is %u past our rsp_cons; the ring is broken, the disk fails from now on\n",
		       bf->bd.name, rp, rp - bf->rsp_cons);
		bf->broken = true;
		blkfront_fail_all(bf);
		return;
	}
	for (unsigned int i = 0; i < bf->nr_slots; i++) {
		in_flight[i] = bf->slots[i].busy && !bf->slots[i].done;
		ops[i] = bf->slots[i].op;
	}
	while (bf->rsp_cons != rp) {
		struct blkif_response rsp = bf->sring->ring[bf->rsp_cons % bf->ring_size].rsp;
		int rc = blkif_check_response(&rsp, bf->nr_slots, in_flight, ops);
		struct slot *s;

		bf->rsp_cons++;
		if (rc) {
			bf->refused++;
			pr_err("%s: response refused: id %llu, operation %u, status %d (%s)\n",
			       bf->bd.name, (unsigned long long)rsp.id, rsp.operation, rsp.status,
			       rc == -ENOENT ? "no such request in flight" : "not the request's operation");
			continue;
		}
		s = &bf->slots[rsp.id];
		in_flight[rsp.id] = false;
		bf->responses++;
		s->status = status_errno(rsp.status);
		if (s->abandoned) {
			s->abandoned = false;
			s->busy = false; /* its pages are ours again */
			wake_up_all(&bf->slot_wq);
			continue;
		}
		s->done = true;
	}
	/* Ask for an event at the next response, then look once more (one may have slipped in). */
	WRITE_ONCE(bf->sring->rsp_event, bf->rsp_cons + 1);
	virt_mb();
	if (READ_ONCE(bf->sring->rsp_prod) != bf->rsp_cons)
		goto again;
	wake_up_all(&bf->done_wq);
}

void blkfront_ring_interrupt(unsigned int irq, void *data)
{
	struct blkfront *bf = data;

	if (bf->sring && !bf->broken)
		take_responses(bf);
}

/* ---------------------------------------------------------------- requests */

static struct slot *get_slot(struct blkfront *bf)
{
	unsigned long flags = arch_local_irq_save();
	struct slot *s = NULL;
	bool waited = false;

	for (;;) {
		if (bf->broken || bf->gone)
			break;
		for (unsigned int i = 0; i < bf->nr_slots && !s; i++)
			if (!bf->slots[i].busy)
				s = &bf->slots[i];
		if (s)
			break;
		if (!waited && bf->ring_full_waits++ == 0)
			pr_info("%s: all %u requests in flight; waiting for a free slot (said once)\n",
				bf->bd.name, bf->nr_slots);
		waited = true;
		wait_queue_sleep(&bf->slot_wq);
	}
	if (s) {
		s->busy = true;
		s->done = false;
		s->status = 0;
	}
	arch_local_irq_restore(flags);
	return s;
}

static void put_slot(struct blkfront *bf, struct slot *s)
{
	unsigned long flags = arch_local_irq_save();

	s->busy = false;
	wake_up_all(&bf->slot_wq);
	arch_local_irq_restore(flags);
}

/* Fills a ring entry for slot s: nr 512-byte sectors from sector on (0 for a flush). */
static void queue_request(struct blkfront *bf, struct slot *s, u8 op, u64 sector, u32 nr)
{
	union blkif_sring_entry *e = &bf->sring->ring[bf->req_prod_pvt % bf->ring_size];
	unsigned int nseg = (nr + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE;
	struct blkif_request_segment *seg;
	u64 id = (u64)(s - bf->slots);

	s->op = op;
	memset(e, 0, sizeof(*e));
	if (nseg > BLKIF_MAX_SEGMENTS_PER_REQUEST) {
		struct blkif_request_indirect *ind = (struct blkif_request_indirect *)&e->req;

		/* The response names indirect_op, not BLKIF_OP_INDIRECT (blkback does so). */
		ind->operation = BLKIF_OP_INDIRECT;
		ind->indirect_op = op;
		ind->nr_segments = (u16)nseg;
		ind->id = id;
		ind->sector_number = sector;
		ind->handle = bf->handle;
		ind->indirect_grefs[0] = s->indirect_gref;
		seg = s->indirect;
	} else {
		e->req.operation = op;
		e->req.nr_segments = (u8)nseg;
		e->req.handle = bf->handle;
		e->req.id = id;
		e->req.sector_number = sector;
		seg = e->req.seg;
	}
	for (unsigned int i = 0; i < nseg; i++) {
		u32 left = nr - i * SECTORS_PER_PAGE;

		seg[i].gref = s->grefs[i];
		seg[i].first_sect = 0;
		seg[i].last_sect = (u8)(MIN(left, (u32)SECTORS_PER_PAGE) - 1);
	}
	bf->req_prod_pvt++;
	bf->requests++;
}

/*
 * Waits for s's response (bounded); its status. A slot given up on stays
 * busy until the backend answers, and is then freed by take_responses():
 * *given_up tells the caller the slot is no longer its own.
 */
static int wait_slot(struct blkfront *bf, struct slot *s, bool *given_up)
{
	int rc = wait_event_deadline(&bf->done_wq, s->done, clock_ns() + REQUEST_TIMEOUT_NS);
	unsigned long flags;

	*given_up = false;
	if (!rc)
		return s->status;
	flags = arch_local_irq_save();
	if (s->done) {
		rc = s->status; /* it came just now */
	} else {
		s->abandoned = true; /* the backend may still write its pages */
		*given_up = true;
		pr_err("%s: no response to request %ld after %llu s: -EIO\n", bf->bd.name,
		       (long)(s - bf->slots), REQUEST_TIMEOUT_NS / NSEC_PER_SEC);
		rc = -EIO;
	}
	arch_local_irq_restore(flags);
	return rc;
}

/*
 * Takes a slot, fills its pages (a write's data), queues the request and
 * tells the backend. nr in 512-byte sectors, at most max_segs pages. The
 * slot, or NULL with *rc set.
 */
static struct slot *submit(struct blkfront *bf, u8 op, u64 sector, u32 nr, const char *buf,
			   int *rc)
{
	struct slot *s = get_slot(bf);
	unsigned long flags;

	if (!s) {
		*rc = -EIO;
		return NULL;
	}
	/* buf may be the caller's user memory: a page missing there is -EFAULT. */
	if (op == BLKIF_OP_WRITE)
		for (u32 done = 0, i = 0; done < nr; done += SECTORS_PER_PAGE, i++)
			if (copy_checked(s->pages[i], buf + (size_t)done * 512,
					 MIN(nr - done, (u32)SECTORS_PER_PAGE) * 512)) {
				put_slot(bf, s);
				*rc = -EFAULT;
				return NULL;
			}
	flags = arch_local_irq_save();
	if (bf->broken || bf->gone) {
		arch_local_irq_restore(flags);
		put_slot(bf, s);
		*rc = -EIO;
		return NULL;
	}
	queue_request(bf, s, op, sector, nr);
	push_requests(bf);
	arch_local_irq_restore(flags);
	return s;
}

/* Waits for s's response, copies a read's data to buf, frees the slot: the status. */
static int complete(struct blkfront *bf, struct slot *s, u8 op, u32 nr, char *buf)
{
	bool given_up;
	int rc = wait_slot(bf, s, &given_up);

	if (given_up)
		return rc; /* not ours to free any more */
	if (!rc && op == BLKIF_OP_READ)
		for (u32 done = 0, i = 0; done < nr && !rc; done += SECTORS_PER_PAGE, i++)
			rc = copy_checked(buf + (size_t)done * 512, s->pages[i],
					  MIN(nr - done, (u32)SECTORS_PER_PAGE) * 512);
	put_slot(bf, s);
	return rc;
}

/* One request, synchronously. */
static int do_request(struct blkfront *bf, u8 op, u64 sector, u32 nr, char *buf)
{
	int rc = 0;
	struct slot *s = submit(bf, op, sector, nr, buf, &rc);

	return s ? complete(bf, s, op, nr, buf) : rc;
}

/*
 * A transfer larger than one request is split into requests of max_segs
 * pages, and up to PIPELINE_DEPTH of them (at most half the slots, so
 * other callers always find one) are in flight at once: the backend works
 * on the next while we copy the last. They complete in order. After an
 * error no more are sent, and those in flight are waited for (their pages
 * are the backend's until then).
 */
#define PIPELINE_DEPTH 8

static int blkfront_rw(struct blkdev *bd, bool write, u64 sector, u32 nr, void *buf)
{
	struct blkfront *bf = bd->priv;
	u32 scale = bd->sector_size / 512, per_req = bf->max_segs * SECTORS_PER_PAGE;
	unsigned int depth = MAX(MIN((unsigned int)PIPELINE_DEPTH, bf->nr_slots / 2), 1U);
	u8 op = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
	struct {
		struct slot *s;
		char *p;
		u32 n;
	} q[PIPELINE_DEPTH];
	unsigned int head = 0, count = 0;
	u64 s512 = sector * scale;
	u32 left = nr * scale;
	char *p = buf;
	int rc = 0, err;

	if (write && bd->readonly)
		return -EROFS;
	while (left || count) {
		if (left && count < depth) {
			u32 n = MIN(left, per_req);
			struct slot *s = submit(bf, op, s512, n, p, &err);
			unsigned int tail = (head + count) % PIPELINE_DEPTH;

			if (!s) {
				rc = err;
				left = 0; /* send no more; collect what is in flight */
				continue;
			}
			q[tail].s = s;
			q[tail].p = p;
			q[tail].n = n;
			count++;
			s512 += n;
			left -= n;
			p += (size_t)n * 512;
			continue;
		}
		err = complete(bf, q[head].s, op, q[head].n, q[head].p);
		head = (head + 1) % PIPELINE_DEPTH;
		count--;
		if (err && !rc) {
			rc = err;
			left = 0;
		}
	}
	return rc == -EFAULT || rc == 0 ? rc : -EIO;
}

int blkfront_flush(struct blkdev *bd)
{
	struct blkfront *bf = bd->priv;
	u8 op = bf->flush ? BLKIF_OP_FLUSH_DISKCACHE : BLKIF_OP_WRITE_BARRIER;
	int rc;

	if (!bf->flush && !bf->barrier)
		return 0; /* the backend has no cache to flush */
	rc = do_request(bf, op, 0, 0, NULL);
	if (rc == -EOPNOTSUPP) {
		pr_warn("%s: the backend refuses cache flushes after offering them; not asking again\n",
			bd->name);
		bf->flush = bf->barrier = false;
		return 0;
	}
	return rc ? -EIO : 0;
}

const struct blkdev_ops blkfront_ops = {
	.rw = blkfront_rw,
	.flush = blkfront_flush,
};

/* ---------------------------------------------------------------- slots */

void blkfront_free_slots(struct blkfront *bf)
{
	for (unsigned int i = 0; i < bf->nr_slots; i++) {
		struct slot *s = &bf->slots[i];

		for (unsigned int j = 0; j < INDIRECT_SEGS && s->pages[j]; j++) {
			gnttab_end_access(s->grefs[j], s->pages[j]);
			s->pages[j] = NULL;
		}
		if (s->indirect) {
			gnttab_end_access(s->indirect_gref, s->indirect);
			s->indirect = NULL;
		}
	}
	bf->nr_slots = 0;
}

/* Bounce pages for each slot, granted to the backend for the device's life. */
static int alloc_slots(struct blkfront *bf, unsigned int n)
{
	u16 be = bf->dev->otherend_id;

	memset(bf->slots, 0, sizeof(bf->slots));
	bf->nr_slots = n;
	for (unsigned int i = 0; i < n; i++) {
		struct slot *s = &bf->slots[i];

		for (unsigned int j = 0; j < bf->max_segs; j++) {
			int ref;

			s->pages[j] = alloc_page_zeroed();
			if (!s->pages[j])
				return -ENOMEM;
			ref = gnttab_grant_page(be, s->pages[j], false);
			if (ref < 0) {
				free_page_va(s->pages[j]);
				s->pages[j] = NULL;
				return ref;
			}
			s->grefs[j] = (grant_ref_t)ref;
		}
		if (bf->indirect) {
			int ref;

			s->indirect = alloc_page_zeroed();
			if (!s->indirect)
				return -ENOMEM;
			/* A backend that maps grants persistently maps them writable, this one too. */
			ref = gnttab_grant_page(be, s->indirect, !bf->persistent);
			if (ref < 0) {
				free_page_va(s->indirect);
				s->indirect = NULL;
				return ref;
			}
			s->indirect_gref = (grant_ref_t)ref;
		}
	}
	return 0;
}

int blkfront_alloc_slots(struct blkfront *bf)
{
	unsigned int want = MIN(bf->ring_size, (unsigned int)MAX_SLOTS), n;
	int rc = -ENOMEM;

	/*
	 * With many disks the grant references (or memory) may run short:
	 * then fewer, down to one, rather than no disk.
	 */
	for (n = want; n; n /= 2) {
		rc = alloc_slots(bf, n);
		if (!rc)
			break;
		blkfront_free_slots(bf);
		if (rc != -ENOSPC && rc != -ENOMEM)
			break;
	}
	if (rc) {
		xenbus_dev_error(bf->dev, rc, "no memory or grants for even one request in flight");
		return rc;
	}
	if (n < want)
		pr_warn("%s: grants or memory for %u of %u requests in flight only\n",
			bf->dev->nodename, n, want);
	return 0;
}

/* ---------------------------------------------------------------- for the self-test */

int blkfront_raw_read(struct blkdev *bd, u64 sector512, u32 nr, void *buf)
{
	struct blkfront *bf = bd->priv;

	if (nr > bf->max_segs * SECTORS_PER_PAGE)
		return -EINVAL;
	return do_request(bf, BLKIF_OP_READ, sector512, nr, buf);
}

void blkfront_counters(struct blkdev *bd, struct blkfront_counters *c)
{
	struct blkfront *bf = bd->priv;

	c->slots = bf->nr_slots;
	c->ring_size = bf->ring_size;
	c->ring_order = bf->ring_order;
	c->requests = bf->requests;
	c->responses = bf->responses;
	c->refused = bf->refused;
	c->ring_full_waits = bf->ring_full_waits;
}
