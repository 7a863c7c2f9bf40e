/*
 * What the block front-end's files share: the device (blkfront.c: set-up
 * with the backend, connect, the xenbus driver), its request path
 * (blkfront_ring.c: slots, the ring, responses) and its self-test
 * (blkfront_selftest.c). Private to drivers/xen/blkfront*.c.
 */
#ifndef DRIVERS_XEN_BLKFRONT_H
#define DRIVERS_XEN_BLKFRONT_H

#include <kernel/blkdev.h>
#include <kernel/sched.h>
#include <kernel/types.h>
#include <kernel/xen-grant.h>
#include <xen/io/blkif.h>

#define MAX_RING_ORDER 2  /* up to 4 ring pages */
#define MAX_SLOTS      32 /* requests in flight (bounce memory: slots x segments pages) */
#define INDIRECT_SEGS  32 /* segments of an indirect request: 128 KiB */

struct xenbus_device;

struct slot {
	bool busy;	/* in flight, or being filled */
	bool done;	/* the response came */
	bool abandoned; /* its caller gave up waiting; freed when the response comes */
	u8 op;
	int status;
	void *pages[INDIRECT_SEGS];
	grant_ref_t grefs[INDIRECT_SEGS];
	struct blkif_request_segment *indirect; /* the indirect page, or NULL */
	grant_ref_t indirect_gref;
};

struct blkfront {
	struct xenbus_device *dev;
	struct blkdev bd;
	u16 handle; /* the vdev, echoed in requests */
	unsigned int ring_order, ring_size;
	struct blkif_sring *sring;
	struct page *ring_page;
	grant_ref_t ring_refs[1 << MAX_RING_ORDER];
	unsigned int port;
	int irq;
	RING_IDX req_prod_pvt, rsp_cons;
	unsigned int max_segs; /* per request */
	bool indirect, flush, barrier;
	unsigned int nr_slots;
	struct slot slots[MAX_SLOTS];
	struct wait_queue slot_wq, done_wq;
	bool broken, gone, connected, registered;
	bool persistent; /* the backend keeps our grants mapped */
	unsigned long requests, responses, refused, ring_full_waits;
};

/* ---------------------------------------------------------------- blkfront_ring.c */

extern const struct blkdev_ops blkfront_ops;

/* Entries that fit in that many ring pages, rounded down to a power of two. */
unsigned int blkif_ring_entries(unsigned int pages);
/* The event channel's handler: takes the backend's responses. */
void blkfront_ring_interrupt(unsigned int irq, void *data);
/*
 * Bounce pages granted to the backend for as many requests in flight as
 * the ring and MAX_SLOTS allow, or fewer when grants or memory run short.
 */
int blkfront_alloc_slots(struct blkfront *bf);
void blkfront_free_slots(struct blkfront *bf);
/* Fails every request in flight (the device goes, or its ring is broken). */
void blkfront_fail_all(struct blkfront *bf);
int blkfront_flush(struct blkdev *bd);

/* ---------------------------------------------------------------- for the self-test */

struct blkfront_counters {
	unsigned int slots, ring_size, ring_order;
	unsigned long requests, responses, refused, ring_full_waits;
};
/* The i-th connected disk, or NULL. */
struct blkdev *blkfront_disk(unsigned int i);
/* A read of nr 512-byte sectors with no bounds check of ours: the backend judges. */
int blkfront_raw_read(struct blkdev *bd, u64 sector512, u32 nr, void *buf);
void blkfront_counters(struct blkdev *bd, struct blkfront_counters *c);

#endif
