/*
 * diskbench: block-device throughput, the same program in every guest
 * (make bench, scripts/xen/bench-domu.sh), so that two kernels do exactly
 * the same I/O and differ only in how they carry it out.
 *
 *   diskbench DEV SEQ_MIB SEQ_BLOCK_KIB RAND_OPS
 *
 * Four phases on DEV, opened O_RDWR | O_DIRECT (on Linux that bypasses the
 * page cache, so a read is a read of the disk, not a memory copy):
 *
 *   seq_write   SEQ_MIB MiB from offset 0 in SEQ_BLOCK_KIB blocks, then fsync
 *   seq_read    the same range, the same blocks
 *   rand_write  RAND_OPS writes of 4 KiB at 4 KiB-aligned offsets anywhere on
 *               the disk, drawn from a fixed-seed generator, then fsync
 *   rand_read   RAND_OPS reads of 4 KiB at the same offsets, in the same order
 *
 * Buffers are 4096-aligned. Every 4 KiB page written carries its own byte
 * offset and a phase tag in its first 16 bytes, and every page read is
 * checked for them, so a phase that did not reach the disk fails. Each
 * phase is timed with CLOCK_MONOTONIC around the whole loop, the fsync
 * included, and printed as one line:
 *
 *   diskbench: PHASE bytes B block S ops N ns T kib_s K iops I
 *
 * then "diskbench: done". Any error prints "diskbench: FAILED: ..." and
 * exits 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096u
/* musl ships no <linux/fs.h>: _IOR(0x12, 114, size_t), the disk's size in bytes. */
#define BLKGETSIZE64 0x80081272u
/* Phase tags in each written page, so a read of stale data is caught. */
#define TAG_SEQ	 0x5345510000000001ull
#define TAG_RAND 0x52414e0000000002ull

static int fd;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;

	fputs("diskbench: FAILED: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	exit(1);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* xorshift64*: the same sequence on every kernel for a given seed. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void stamp(char *buf, size_t len, uint64_t off, uint64_t tag)
{
	for (size_t p = 0; p < len; p += PAGE) {
		uint64_t v[2] = { off + p, tag };

		memcpy(buf + p, v, sizeof(v));
	}
}

static void check(const char *phase, const char *buf, size_t len, uint64_t off, uint64_t tag)
{
	for (size_t p = 0; p < len; p += PAGE) {
		uint64_t v[2];

		memcpy(v, buf + p, sizeof(v));
		if (v[0] != off + p || v[1] != tag)
			fail("%s: the page at byte %llu holds offset %llu tag %#llx, not what was written",
			     phase, (unsigned long long)(off + p), (unsigned long long)v[0],
			     (unsigned long long)v[1]);
	}
}

/* One whole transfer at off; a short one is an error. */
static void xfer(const char *phase, int write, char *buf, size_t len, uint64_t off)
{
	ssize_t n = write ? pwrite(fd, buf, len, (off_t)off) : pread(fd, buf, len, (off_t)off);

	if (n != (ssize_t)len)
		fail("%s: %s of %zu bytes at %llu returned %zd (%s)", phase,
		     write ? "pwrite" : "pread", len, (unsigned long long)off, n,
		     n < 0 ? strerror(errno) : "short");
}

static void flush(const char *phase)
{
	if (fsync(fd))
		fail("%s: fsync: %s", phase, strerror(errno));
}

static void report(const char *phase, uint64_t bytes, size_t block, unsigned long ops, uint64_t ns)
{
	double s = (double)ns / 1e9;

	printf("diskbench: %s bytes %llu block %zu ops %lu ns %llu kib_s %.0f iops %.1f\n", phase,
	       (unsigned long long)bytes, block, ops, (unsigned long long)ns,
	       (double)bytes / 1024 / s, (double)ops / s);
	fflush(stdout);
}

static unsigned long arg(const char *s, const char *what, unsigned long max)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || !v || v > max)
		fail("%s: '%s' is not a number from 1 to %lu", what, s, max);
	return v;
}

int main(int argc, char **argv)
{
	uint64_t size, t, seed, *offs, seq_bytes;
	unsigned long seq_mib, ops;
	size_t block;
	char *buf;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc != 5) {
		fprintf(stderr, "usage: diskbench DEV SEQ_MIB SEQ_BLOCK_KIB RAND_OPS\n");
		return 2;
	}
	seq_mib = arg(argv[2], "SEQ_MIB", 4096);
	block = arg(argv[3], "SEQ_BLOCK_KIB", 16384) * 1024;
	ops = arg(argv[4], "RAND_OPS", 1000000);
	seq_bytes = (uint64_t)seq_mib << 20;
	if (block % PAGE || seq_bytes % block)
		fail("SEQ_BLOCK_KIB must be a multiple of 4 that divides SEQ_MIB MiB");

	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0)
		fail("open %s with O_RDWR | O_DIRECT: %s", argv[1], strerror(errno));
	if (ioctl(fd, BLKGETSIZE64, &size))
		fail("BLKGETSIZE64 on %s: %s", argv[1], strerror(errno));
	if (size < seq_bytes || size < PAGE)
		fail("%s has %llu bytes, fewer than the %llu of the sequential phases", argv[1],
		     (unsigned long long)size, (unsigned long long)seq_bytes);
	if (posix_memalign((void **)&buf, PAGE, block))
		fail("posix_memalign of %zu bytes", block);
	offs = calloc(ops, sizeof(*offs));
	if (!offs)
		fail("no memory for %lu offsets", ops);
	seed = 0x9e3779b97f4a7c15ull;
	for (unsigned long i = 0; i < ops; i++)
		offs[i] = rng_next(&seed) % (size / PAGE) * PAGE;
	printf("diskbench: %s: %llu bytes; sequential %lu MiB in %zu KiB blocks, random %lu x 4 KiB, O_DIRECT\n",
	       argv[1], (unsigned long long)size, seq_mib, block / 1024, ops);

	t = now_ns();
	for (uint64_t off = 0; off < seq_bytes; off += block) {
		stamp(buf, block, off, TAG_SEQ);
		xfer("seq_write", 1, buf, block, off);
	}
	flush("seq_write");
	report("seq_write", seq_bytes, block, seq_bytes / block, now_ns() - t);

	t = now_ns();
	for (uint64_t off = 0; off < seq_bytes; off += block) {
		xfer("seq_read", 0, buf, block, off);
		check("seq_read", buf, block, off, TAG_SEQ);
	}
	report("seq_read", seq_bytes, block, seq_bytes / block, now_ns() - t);

	t = now_ns();
	for (unsigned long i = 0; i < ops; i++) {
		stamp(buf, PAGE, offs[i], TAG_RAND);
		xfer("rand_write", 1, buf, PAGE, offs[i]);
	}
	flush("rand_write");
	report("rand_write", (uint64_t)ops * PAGE, PAGE, ops, now_ns() - t);

	t = now_ns();
	for (unsigned long i = 0; i < ops; i++) {
		xfer("rand_read", 0, buf, PAGE, offs[i]);
		check("rand_read", buf, PAGE, offs[i], TAG_RAND);
	}
	report("rand_read", (uint64_t)ops * PAGE, PAGE, ops, now_ns() - t);

	close(fd);
	printf("diskbench: done\n");
	return 0;
}
