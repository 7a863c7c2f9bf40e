/* Self-tests of the clock, the one-shot timer and timer ordering. */
#include <asm/irqflags.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/time.h>

static int test_clock_monotonic(void)
{
	u64 prev = clock_ns();

	for (int i = 0; i < 100000; i++) {
		u64 now = clock_ns();

		EXPECT(now >= prev);
		prev = now;
	}
	EXPECT(prev > 0);
	return 0;
}
DEFINE_SELFTEST(clock_monotonic, test_clock_monotonic, 0);

struct order_rec {
	struct timer t;
	int id;
};

static int fired[8], nfired;

static void record_fire(struct timer *t)
{
	fired[nfired++] = container_of(t, struct order_rec, t)->id;
}

/* Timers armed out of order fire in deadline order, and a cancelled one never. */
static int test_timer_order(void)
{
	static const int delays_ms[6] = { 30, 10, 50, 20, 40, 15 };
	struct order_rec recs[6];
	u64 now = clock_ns(), start_irqs = timer_interrupt_count();

	nfired = 0;
	for (int i = 0; i < 6; i++) {
		timer_init(&recs[i].t, record_fire);
		recs[i].id = delays_ms[i];
		timer_arm(&recs[i].t, now + delays_ms[i] * NSEC_PER_MSEC);
	}
	EXPECT(timer_cancel(&recs[4].t)); /* the 40 ms one */
	msleep(80);
	for (int i = 0; i < 6; i++)
		timer_cancel(&recs[i].t);
	EXPECT(nfired == 5);
	EXPECT(fired[0] == 10 && fired[1] == 15 && fired[2] == 20 &&
	       fired[3] == 30 && fired[4] == 50);
	EXPECT(timer_interrupt_count() > start_irqs);
	return 0;
}
DEFINE_SELFTEST(timer_order, test_timer_order, 0);

/* A sleep lasts at least what was asked, and not wildly longer. */
static int test_msleep(void)
{
	for (int ms = 1; ms <= 64; ms *= 4) {
		u64 t0 = clock_ns(), took;

		msleep(ms);
		took = clock_ns() - t0;
		EXPECT(took >= ms * NSEC_PER_MSEC);
		EXPECT(took < ms * NSEC_PER_MSEC + 200 * NSEC_PER_MSEC);
	}
	return 0;
}
DEFINE_SELFTEST(msleep, test_msleep, 0);

/* Tickless: a 100 ms idle sleep takes one timer interrupt, not a periodic tick's ten. */
static int test_tickless_idle(void)
{
	u64 before = timer_interrupt_count();

	msleep(100);
	/* One for the wake-up; a periodic tick would have given ~10 at 100 Hz. */
	EXPECT(timer_interrupt_count() - before <= 3);
	return 0;
}
DEFINE_SELFTEST(tickless_idle, test_tickless_idle, 0);
