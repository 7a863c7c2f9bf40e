/* Self-tests of kernel threads, wait queues and preemption. */
#include <asm/irqflags.h>
#include <kernel/mm.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>

static struct wait_queue pp_wq = WAIT_QUEUE_INIT(pp_wq);
static volatile int pp_turn, pp_rounds;

/* Two threads hand a token back and forth through one wait queue. */
static void pingpong(void *arg)
{
	int me = (int)(unsigned long)arg;

	for (int i = 0; i < 100; i++) {
		wait_event(&pp_wq, pp_turn == me);
		pp_rounds++;
		pp_turn = !me;
		wake_up_all(&pp_wq);
	}
}

static int test_waitqueue_pingpong(void)
{
	/* Only a bound against a hang: a loaded host can stall a TCG guest for seconds. */
	u64 start = clock_ns(), deadline = start + 30 * NSEC_PER_SEC;

	pp_turn = 0;
	pp_rounds = 0;
	EXPECT(kthread_create(pingpong, (void *)0UL, "ping"));
	EXPECT(kthread_create(pingpong, (void *)1UL, "pong"));
	while (pp_rounds < 200 && clock_ns() < deadline)
		msleep(5);
	if (pp_rounds != 200)
		pr_err("selftest: waitqueue_pingpong: %d of 200 hand-overs in %llu ms\n", pp_rounds,
		       (unsigned long long)((clock_ns() - start) / NSEC_PER_MSEC));
	EXPECT(pp_rounds == 200);
	return 0;
}
DEFINE_SELFTEST(waitqueue_pingpong, test_waitqueue_pingpong, 0);

static volatile bool spin_stop;
static volatile u64 spins[2];

/* Never yields: only preemption lets anyone else run. */
static void spinner(void *arg)
{
	int me = (int)(unsigned long)arg;

	while (!spin_stop)
		spins[me]++;
}

static int test_preemption(void)
{
	spin_stop = false;
	spins[0] = spins[1] = 0;
	EXPECT(kthread_create(spinner, (void *)0UL, "spin0"));
	EXPECT(kthread_create(spinner, (void *)1UL, "spin1"));
	/* Sleeping here needs the spinners to be preempted for us to wake. */
	msleep(200);
	spin_stop = true;
	msleep(30);
	EXPECT(spins[0] > 0 && spins[1] > 0);
	return 0;
}
DEFINE_SELFTEST(preemption, test_preemption, 0);

static volatile int woke_order[8], nwoke;

static void sleeper(void *arg)
{
	int ms = (int)(unsigned long)arg;

	msleep(ms);
	woke_order[nwoke++] = ms;
}

static int test_sleep_wakeup_order(void)
{
	static const int ms[5] = { 40, 10, 30, 50, 20 };

	nwoke = 0;
	for (int i = 0; i < 5; i++)
		EXPECT(kthread_create(sleeper, (void *)(unsigned long)ms[i], "sleeper"));
	msleep(120);
	EXPECT(nwoke == 5);
	for (int i = 0; i < 5; i++)
		EXPECT(woke_order[i] == (i + 1) * 10);
	return 0;
}
DEFINE_SELFTEST(sleep_wakeup_order, test_sleep_wakeup_order, 0);

static void do_nothing(void *arg)
{
}

/* Threads come and go without leaking their stacks. */
static int test_thread_churn(void)
{
	u64 before;

	yield();
	kmalloc_shrink();
	before = nr_free_pages();
	for (int i = 0; i < 200; i++) {
		EXPECT(kthread_create(do_nothing, NULL, "churn"));
		if (i % 16 == 15)
			msleep(1);
	}
	msleep(10);
	yield();
	kmalloc_shrink();
	EXPECT(nr_free_pages() == before);
	return 0;
}
DEFINE_SELFTEST(thread_churn, test_thread_churn, 0);
