/*
 * getrandom: RDRAND where the CPU has it, else xorshift64* over the TSC.
 * Good enough for hash seeds and stack canaries; not cryptographic.
 */
#define pr_fmt(fmt) "random: " fmt

#include <asm/paravirt.h>
#include <asm/tsc.h>
#include <kernel/errno.h>
#include <kernel/random.h>
#include <kernel/signal.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4
#define GETRANDOM_MAX 33554431UL /* what Linux returns at most per call */

static int rdrand_state; /* 0: not probed, 1: there, -1: not there */
static u64 xorshift_state;

static bool rdrand64(u64 *v)
{
	unsigned char ok;

	/* The CPU may run short of entropy for a moment: try a few times. */
	for (int i = 0; i < 10; i++) {
		/* clang-format off */
		__asm__ __volatile__("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) :: "cc");
		/* clang-format on */
		if (ok)
			return true;
	}
	return false;
}

/* xorshift64*, seeded from the TSC and the clock. Not cryptographic. */
static u64 xorshift64(void)
{
	u64 x = xorshift_state;

	if (!x)
		x = rdtsc() ^ (clock_ns() << 17) ^ 0x9e3779b97f4a7c15ULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	xorshift_state = x;
	return x * 0x2545f4914f6cdd1dULL;
}

u64 get_random_u64(void)
{
	u64 v;

	if (!rdrand_state) {
		u32 r[4];

		cpuid(1, r);
		rdrand_state = (r[2] & (1U << 30)) ? 1 : -1;
	}
	if (rdrand_state > 0 && rdrand64(&v))
		return v;
	/* Mixing the TSC in keeps two processes from seeing one stream. */
	return xorshift64() ^ rdtsc();
}

static long sys_getrandom(unsigned long ubuf, unsigned long count, unsigned long flags)
{
	u64 chunk[32];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	count = MIN(count, GETRANDOM_MAX);
	while (done < count) {
		size_t n = MIN(count - done, sizeof(chunk));

		for (unsigned int i = 0; i < ARRAY_SIZE(chunk); i++)
			chunk[i] = get_random_u64();
		if (copy_to_user((char *)ubuf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
		/* A large request gives way to a signal, with what it has so far. */
		if (done < count && !(done & 0xffff) && signal_pending())
			return (long)done;
	}
	memset(chunk, 0, sizeof(chunk));
	return (long)done;
}
SYSCALL(__NR_getrandom, getrandom, sys_getrandom);
