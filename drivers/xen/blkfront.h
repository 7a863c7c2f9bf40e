/* What blkfront.c shows its self-test (blkfront_selftest.c). */
#ifndef DRIVERS_XEN_BLKFRONT_H
#define DRIVERS_XEN_BLKFRONT_H

#include <kernel/types.h>

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
