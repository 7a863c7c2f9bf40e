/* The parts of blkfront.c that need no Xen, for the host unit test (tests/unit/test_xenbus.c). */
#ifndef DRIVERS_XEN_BLKFRONT_H
#define DRIVERS_XEN_BLKFRONT_H

#include <kernel/types.h>

struct blkif_response;

/* Ring entries that fit in pages shared pages (a power of two). */
unsigned int blkif_ring_entries(unsigned int pages);
/*
 * Whether a response may be taken: 0, -ENOENT for an id not in flight,
 * -EPROTO for an operation other than the request's.
 */
int blkif_check_response(const struct blkif_response *rsp, unsigned int nr_slots,
			 const bool *in_flight, const u8 *ops);

/* For the self-test (blkfront_selftest.c). */
struct blkdev;
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
