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

#endif
