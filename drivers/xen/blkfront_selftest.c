/*
 * Self-test of blkfront against the real backend, when the domain has a
 * virtual disk (selftest=all in a domU started with one; elsewhere it
 * passes with nothing to do). It only reads, so any disk is safe:
 *
 * - more concurrent readers than the ring has slots: every read succeeds,
 *   returns what a lone read of the same sectors returns, and the ring was
 *   seen full (readers waited for a slot rather than overrunning it);
 * - one read of 64 KiB (16 segments: an indirect request where the
 *   backend takes them) equal to the 4 KiB reads of the same sectors;
 * - no response refused on the way;
 * - a read past the end of the disk, which only the backend refuses:
 *   its error status must come back as -EIO.
 */
#define pr_fmt(fmt) "blkfront: " fmt

#include <asm/irqflags.h>
#include <kernel/blkdev.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/string.h>
#include <kernel/time.h>

#include "blkfront.h"

#define READERS_PER_SLOT 2
#define READ_SECTORS	 8 /* one page: each reader its own 4 KiB */
#define BIG_READ	 (64 * 1024)

struct reader {
	struct blkdev *bd;
	u64 sector;
	char *buf;
	int rc;
	bool finished;
};

static struct wait_queue done_wq = WAIT_QUEUE_INIT(done_wq);

static void reader_fn(void *arg)
{
	struct reader *r = arg;
	unsigned long flags;

	r->rc = r->bd->ops->rw(r->bd, false, r->sector, READ_SECTORS * 512 / r->bd->sector_size,
			       r->buf);
	flags = arch_local_irq_save();
	r->finished = true;
	wake_up_all(&done_wq);
	arch_local_irq_restore(flags);
}

static bool all_finished(struct reader *r, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (!r[i].finished)
			return false;
	return true;
}

static int test_blkfront_ring(void)
{
	struct blkdev *bd = blkfront_disk(0);
	struct blkfront_counters before, after;
	unsigned int n, started = 0;
	struct reader *r;
	char *check, *big = NULL;
	int rc = 1, bad = 0;

	if (!bd) {
		pr_info("selftest: no Xen virtual disk here: nothing to test\n");
		return 0;
	}
	blkfront_counters(bd, &before);
	n = before.slots * READERS_PER_SLOT;
	EXPECT(bd->nr_sectors * bd->sector_size >= (u64)n * READ_SECTORS * 512);
	r = kzalloc(n * sizeof(*r));
	check = kmalloc(READ_SECTORS * 512);
	if (!r || !check)
		goto out;
	for (unsigned int i = 0; i < n; i++) {
		r[i].bd = bd;
		r[i].sector = (u64)i * READ_SECTORS * 512 / bd->sector_size;
		r[i].buf = kmalloc(READ_SECTORS * 512);
		if (!r[i].buf || !kthread_create(reader_fn, &r[i], "blkread"))
			goto wait;
		started++;
	}
wait:
	for (unsigned int i = started; i < n; i++)
		r[i].finished = true;
	if (wait_event_deadline(&done_wq, all_finished(r, n), clock_ns() + 120 * NSEC_PER_SEC)) {
		pr_err("selftest: %u readers not finished after 120 s\n", n);
		goto out_leak; /* their buffers may still be written */
	}
	yield(); /* let the finished threads be reaped */
	if (started < n) {
		pr_err("selftest: only %u of %u readers started\n", started, n);
		goto out;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (r[i].rc) {
			pr_err("selftest: reader %u: %d\n", i, r[i].rc);
			bad++;
			continue;
		}
		if (bd->ops->rw(bd, false, r[i].sector, READ_SECTORS * 512 / bd->sector_size, check) ||
		    memcmp(check, r[i].buf, READ_SECTORS * 512)) {
			pr_err("selftest: reader %u read other data than a lone read\n", i);
			bad++;
		}
	}
	blkfront_counters(bd, &after);
	pr_info("selftest: %s: %u concurrent reads over %u slots (ring of %u entries, order %u): %lu requests, %lu responses, %lu waits for a full ring\n",
		bd->name, n, after.slots, after.ring_size, after.ring_order,
		after.requests - before.requests, after.responses - before.responses,
		after.ring_full_waits - before.ring_full_waits);
	if (bad || after.ring_full_waits == before.ring_full_waits ||
	    after.requests - before.requests != after.responses - before.responses)
		goto out;

	/* 16 pages in one request: indirect where the backend takes them. */
	big = kmalloc(BIG_READ);
	if (!big || n * READ_SECTORS * 512 < BIG_READ ||
	    bd->ops->rw(bd, false, 0, BIG_READ / bd->sector_size, big))
		goto out;
	for (unsigned int i = 0; i < BIG_READ / (READ_SECTORS * 512); i++) {
		if (memcmp(big + i * READ_SECTORS * 512, r[i].buf, READ_SECTORS * 512)) {
			pr_err("selftest: a 64 KiB read differs from 4 KiB reads at page %u\n", i);
			goto out;
		}
	}
	blkfront_counters(bd, &after);
	if (after.refused != before.refused) {
		pr_err("selftest: %lu responses refused\n", after.refused - before.refused);
		goto out;
	}

	/* Past the end: our bounds are not asked, the backend refuses. */
	rc = blkfront_raw_read(bd, bd->nr_sectors * bd->sector_size / 512, 8, check);
	pr_info("selftest: %s: a read past the end of the disk: %d\n", bd->name, rc);
	rc = rc == -EIO ? 0 : 1;
out:
	for (unsigned int i = 0; r && i < n; i++)
		kfree(r[i].buf);
	kfree(r);
out_leak:
	kfree(big);
	kfree(check);
	return rc;
}
DEFINE_SELFTEST(xen_blkfront_ring, test_blkfront_ring, 0);
