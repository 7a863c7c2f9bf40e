/*
 * utest: restartable sequences. Registration and its errors, the CPU
 * number the kernel keeps in the area, and critical sections: one that a
 * signal or a switch to another process interrupts must resume at its
 * abort handler, and a section the kernel cannot trust (wrong signature,
 * bad descriptor, unreadable area) costs the process SIGSEGV. fork keeps
 * the registration, execve drops it.
 *
 * musl registers no area of its own and has no <linux/rseq.h> types: the
 * ABI structures are declared here. The section is written in assembly
 * (utest_rseq_spin below), so its addresses are known exactly.
 */
#include "utest.h"

#include <sched.h>
#include <sys/time.h>
#include <ucontext.h>

#define RSEQ_SIG		  0x53053053U
#define RSEQ_FLAG_UNREGISTER	  1
#define RSEQ_CPU_ID_UNINITIALIZED ((uint32_t)-1)
#define SPINS			  (1UL << 31) /* seconds of looping: only a broken kernel gets there */

struct k_rseq {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags, node_id, mm_cid;
} __attribute__((aligned(32)));

struct k_rseq_cs {
	uint32_t version, flags;
	uint64_t start_ip, post_commit_offset, abort_ip;
} __attribute__((aligned(32)));

_Static_assert(sizeof(struct k_rseq) == 32, "struct rseq is 32 bytes");
_Static_assert(offsetof(struct k_rseq, node_id) == 20, "node_id at 20");
_Static_assert(offsetof(struct k_rseq, mm_cid) == 24, "mm_cid at 24");

/* The area the tests register: static, so an execve'd image has it at the same address. */
static volatile struct k_rseq rs;

/*
 * utest_rseq_spin(&area->rseq_cs, cs, flag, spins): enters the section
 * cs describes and loops there until *flag is set or spins run out, then
 * leaves it and returns 0; an abort lands on utest_rseq_abort, behind
 * the signature, and returns 1.
 */
__asm__(".text\n"
	".globl utest_rseq_spin, utest_rseq_start, utest_rseq_post, utest_rseq_abort\n"
	".type utest_rseq_spin, @function\n"
	"utest_rseq_spin:\n"
	"	movq %rsi, (%rdi)\n"
	"utest_rseq_start:\n"
	"	cmpl $0, (%rdx)\n"
	"	jne utest_rseq_post\n"
	"	decq %rcx\n"
	"	jnz utest_rseq_start\n"
	"utest_rseq_post:\n"
	"	movq $0, (%rdi)\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	"	.long 0x53053053\n"
	"utest_rseq_abort:\n"
	"	movl $1, %eax\n"
	"	ret\n"
	".size utest_rseq_spin, . - utest_rseq_spin\n");

int utest_rseq_spin(volatile uint64_t *cs_field, const volatile void *cs, volatile int *flag,
		    unsigned long spins);
extern const char utest_rseq_start[], utest_rseq_post[], utest_rseq_abort[];

static long sys_rseq(volatile void *area, uint32_t len, int flags, uint32_t sig)
{
	return syscall(SYS_rseq, area, len, flags, sig);
}

static void make_cs(struct k_rseq_cs *cs)
{
	memset(cs, 0, sizeof(*cs));
	cs->start_ip = (uintptr_t)utest_rseq_start;
	cs->post_commit_offset = (uintptr_t)utest_rseq_post - (uintptr_t)utest_rseq_start;
	cs->abort_ip = (uintptr_t)utest_rseq_abort;
}

/* The ids the kernel writes: all 0 on the pvkernel's one CPU; some CPU's number on a host. */
static void check_ids(volatile struct k_rseq *r)
{
	uint32_t cpu = r->cpu_id;

	if (cpu == RSEQ_CPU_ID_UNINITIALIZED || cpu == (uint32_t)-2)
		fail("cpu_id is %d: the kernel did not write it", (int)cpu);
	if (pvkernel()) {
		CHECK_EQ(r->cpu_id_start, 0);
		CHECK_EQ(cpu, 0);
		CHECK_EQ(r->node_id, 0);
		CHECK_EQ(r->mm_cid, 0);
	} else {
		CHECK(cpu < 65536);
	}
}

/* ------------------------------------------------------------ signals the tests use */

static volatile int stop, ticks;
static volatile uintptr_t tick_rip;

static int in_section(uintptr_t ip)
{
	return ip >= (uintptr_t)utest_rseq_start && ip < (uintptr_t)utest_rseq_post;
}

/*
 * Records where the signal found the process (the frame's rip); stop is
 * set by the third signal that found it inside the section. A loaded
 * host can delay the process so that a timer's signal comes before the
 * section is entered: such a signal proves nothing either way.
 */
static void on_tick(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	static int inside;

	(void)sig;
	(void)si;
	tick_rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
	ticks++;
	if (in_section(tick_rip) && ++inside >= 3)
		stop = 1;
}

static void catch_tick(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_tick;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	OK(sigaction(sig, &sa, NULL));
}

static void set_timer(long first_us, long every_us)
{
	struct itimerval t = { .it_interval = { 0, every_us }, .it_value = { 0, first_us } };

	OK(setitimer(ITIMER_REAL, &t, NULL));
}

/* ------------------------------------------------------------ registration */

static void t_rseq_register(void)
{
	static struct k_rseq other;

	/* As a C library leaves it: not yet written, and a stale section pointer. */
	rs.cpu_id_start = 0xdead;
	rs.cpu_id = RSEQ_CPU_ID_UNINITIALIZED;
	rs.node_id = rs.mm_cid = 0xdead;
	rs.rseq_cs = 0x1000;
	OK(sys_rseq(&rs, sizeof(rs), 0, RSEQ_SIG));
	CHECK_EQ(rs.rseq_cs, 0);
	check_ids(&rs);
	for (int i = 0; i < 100; i++)
		getppid();
	check_ids(&rs);

	/* A signal's delivery writes them again. */
	catch_tick(SIGUSR1);
	rs.cpu_id = RSEQ_CPU_ID_UNINITIALIZED;
	OK(raise(SIGUSR1));
	CHECK_EQ(ticks, 1);
	check_ids(&rs);

	/* The same registration again is EBUSY; anything else a mistake. */
	CHECK_ERR(sys_rseq(&rs, sizeof(rs), 0, RSEQ_SIG), EBUSY);
	CHECK_ERR(sys_rseq(&rs, sizeof(rs), 0, RSEQ_SIG + 1), EPERM);
	CHECK_ERR(sys_rseq(&rs, 64, 0, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&other, sizeof(other), 0, RSEQ_SIG), EINVAL);
}

static void t_rseq_errors(void)
{
	static struct k_rseq two[2];
	char *raw = (char *)two;
	char *page = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(page != MAP_FAILED);
	CHECK_ERR(sys_rseq(&rs, 0, 0, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&rs, 16, 0, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&rs, 31, 0, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(raw + 8, 32, 0, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(raw + 16, 48, 0, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&rs, 32, 2, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&rs, 32, -1, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&rs, 32, RSEQ_FLAG_UNREGISTER | 2, RSEQ_SIG), EINVAL);
	/* Nothing to unregister. */
	CHECK_ERR(sys_rseq(&rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG), EINVAL);
	/* Not user memory, and user memory that cannot be read. */
	CHECK_ERR(sys_rseq((void *)0xffff800000000000UL, 32, 0, RSEQ_SIG), EFAULT);
	CHECK_ERR(sys_rseq(page, 32, 0, RSEQ_SIG), EFAULT);
	OK(munmap(page, PAGE));
	CHECK_ERR(sys_rseq(page, 32, 0, RSEQ_SIG), EFAULT);

	/* A longer area (Linux's later fields) is fine, and it is the one registered. */
	OK(sys_rseq(two, sizeof(two), 0, RSEQ_SIG));
	check_ids(&two[0]);
	CHECK_ERR(sys_rseq(two, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG), EINVAL);
	OK(sys_rseq(two, sizeof(two), RSEQ_FLAG_UNREGISTER, RSEQ_SIG));
}

static void t_rseq_unregister(void)
{
	static struct k_rseq other;

	OK(sys_rseq(&rs, 32, 0, RSEQ_SIG));
	CHECK_ERR(sys_rseq(&other, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&rs, 64, RSEQ_FLAG_UNREGISTER, RSEQ_SIG), EINVAL);
	CHECK_ERR(sys_rseq(&rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG + 1), EPERM);
	OK(sys_rseq(&rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG));
	/* The area says so, and the kernel writes it no more. */
	CHECK_EQ(rs.cpu_id, RSEQ_CPU_ID_UNINITIALIZED);
	CHECK_EQ(rs.cpu_id_start, 0);
	catch_tick(SIGUSR1);
	rs.cpu_id = 1234;
	OK(raise(SIGUSR1));
	CHECK_EQ(rs.cpu_id, 1234);
	CHECK_ERR(sys_rseq(&rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG), EINVAL);
	/* And a new registration, with another signature, is possible. */
	OK(sys_rseq(&rs, 32, 0, RSEQ_SIG + 1));
	check_ids(&rs);
}

/* ------------------------------------------------------------ critical sections */

static void t_rseq_abort_signal(void)
{
	struct itimerval saved;
	struct k_rseq_cs cs;

	make_cs(&cs);
	OK(sys_rseq(&rs, 32, 0, RSEQ_SIG));
	catch_tick(SIGALRM);
	OK(getitimer(ITIMER_REAL, &saved)); /* the harness's timeout, put back below */
	for (int tries = 0; tries < 20; tries++) {
		int aborted;

		stop = ticks = 0;
		tick_rip = 0;
		set_timer(2000, 0);
		aborted = utest_rseq_spin(&rs.rseq_cs, &cs, &ticks, SPINS);
		set_timer(0, 0);
		if (!aborted && !ticks)
			fail("no SIGALRM within %lu loops", SPINS);
		if (!aborted && in_section(tick_rip))
			fail("SIGALRM at ip %#lx inside the section did not abort it (section %p-%p)",
			     (unsigned long)tick_rip, (void *)utest_rseq_start,
			     (void *)utest_rseq_post);
		if (!aborted)
			continue; /* the signal came before the section was entered: again */
		CHECK_EQ(rs.rseq_cs, 0);
		/* The handler must have seen the abort handler as where it returns to. */
		if (ticks && tick_rip == (uintptr_t)utest_rseq_abort) {
			OK(setitimer(ITIMER_REAL, &saved, NULL));
			return;
		}
		if (in_section(tick_rip))
			fail("the signal frame returns into the section, at %#lx", (unsigned long)tick_rip);
		/* Aborted by a switch before the signal came: again. */
	}
	fail("no SIGALRM arrived inside the section in 20 tries");
}

static void t_rseq_abort_preempt(void)
{
	volatile int *ran = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t self = getpid(), hog;
	struct k_rseq_cs cs;
	int tries;

	CHECK(ran != MAP_FAILED);
	/* On a host, both on one CPU, so the other process runs only when this one is switched out. */
	if (!pvkernel()) {
		cpu_set_t set, one;

		OK(sched_getaffinity(0, sizeof(set), &set));
		CPU_ZERO(&one);
		for (int c = 0; c < CPU_SETSIZE; c++)
			if (CPU_ISSET(c, &set)) {
				CPU_SET(c, &one);
				break;
			}
		OK(sched_setaffinity(0, sizeof(one), &one));
	}
	make_cs(&cs);
	OK(sys_rseq(&rs, 32, 0, RSEQ_SIG));
	hog = xfork();
	if (hog == 0) {
		alarm(30);
		while (getppid() == self)
			*ran = 1;
		_exit(0);
	}
	for (tries = 0; tries < 20; tries++) {
		*ran = 0;
		if (utest_rseq_spin(&rs.rseq_cs, &cs, ran, SPINS)) {
			kill(hog, SIGKILL);
			xwait(hog);
			CHECK_EQ(rs.rseq_cs, 0);
			return;
		}
		if (!*ran) {
			kill(hog, SIGKILL);
			fail("not switched out in %lu loops with another process runnable", SPINS);
		}
	}
	kill(hog, SIGKILL);
	fail("the other process ran %d times while this one was inside the section, never aborted",
	     tries);
}

/* Sections and areas the kernel must not trust, each in a child of its own. */
enum bad_kind { BAD_SIG,
		BAD_VERSION,
		ABORT_INSIDE,
		CS_UNMAPPED,
		CS_FLAGS,
		AREA_RDONLY,
		AREA_GONE };
static const char *const bad_names[] = {
	"wrong signature",
	"rseq_cs version 1",
	"abort_ip inside the section",
	"rseq_cs on no memory",
	"flags in rseq_cs",
	"read-only area",
	"area made inaccessible",
};

static void bad_child(void *arg)
{
	enum bad_kind kind = *(enum bad_kind *)arg;
	volatile struct k_rseq *area = &rs;
	const volatile void *pcs;
	struct k_rseq_cs cs;
	uint32_t sig = RSEQ_SIG;

	make_cs(&cs);
	pcs = &cs;
	if (kind == BAD_SIG)
		sig = RSEQ_SIG + 1;
	else if (kind == BAD_VERSION)
		cs.version = 1;
	else if (kind == ABORT_INSIDE)
		cs.abort_ip = cs.start_ip + 4;
	else if (kind == CS_FLAGS)
		cs.flags = 1; /* RSEQ_CS_FLAG_NO_RESTART_ON_PREEMPT, refused since Linux 6.0 */
	if (kind == CS_UNMAPPED) {
		char *p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		CHECK(p != MAP_FAILED);
		OK(munmap(p, PAGE));
		pcs = p;
	}
	if (kind == AREA_RDONLY || kind == AREA_GONE) {
		area = mmap(NULL, PAGE, PROT_READ | (kind == AREA_GONE ? PROT_WRITE : 0),
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		CHECK(area != MAP_FAILED);
	}
	/* A read-only area dies here already: its ids cannot be written on the way out. */
	OK(sys_rseq(area, 32, 0, sig));
	if (kind == AREA_GONE) {
		catch_tick(SIGUSR1);
		OK(mprotect((void *)area, PAGE, PROT_NONE));
		raise(SIGUSR1);
		_exit(3);
	}
	catch_tick(SIGALRM);
	set_timer(1000, 1000);
	utest_rseq_spin(&rs.rseq_cs, pcs, &stop, SPINS);
	_exit(3);
}

static void t_rseq_bad_section(void)
{
	for (enum bad_kind k = BAD_SIG; k <= AREA_GONE; k++) {
		int st = run_child(bad_child, &k);

		if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
			fail("%s: the child ended with status %#x, not killed by SIGSEGV", bad_names[k],
			     st);
	}
}

/* ------------------------------------------------------------ fork, execve */

static void t_rseq_fork(void)
{
	pid_t pid;

	OK(sys_rseq(&rs, 32, 0, RSEQ_SIG));
	catch_tick(SIGUSR1);
	/* Poisoned before fork: the child's first return to user mode writes its own. */
	rs.cpu_id = RSEQ_CPU_ID_UNINITIALIZED;
	pid = xfork();
	if (pid == 0) {
		check_ids(&rs);
		/* Registered, at the same address, with the same signature. */
		CHECK_ERR(sys_rseq(&rs, 32, 0, RSEQ_SIG), EBUSY);
		rs.cpu_id = RSEQ_CPU_ID_UNINITIALIZED;
		OK(raise(SIGUSR1));
		check_ids(&rs);
		OK(sys_rseq(&rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG));
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	/* The child's unregistering was its own. */
	CHECK_ERR(sys_rseq(&rs, 32, 0, RSEQ_SIG), EBUSY);
}

/* utest --rseq-exec: after execve no area is registered, so this one may be. */
int rseq_exec_check(void)
{
	if (sys_rseq(&rs, 32, 0, RSEQ_SIG) != 0) {
		printf("utest --rseq-exec: rseq: %s, expected success\n", errname(errno));
		return 1;
	}
	return 0;
}

static void t_rseq_execve(void)
{
	pid_t pid;

	OK(sys_rseq(&rs, 32, 0, RSEQ_SIG));
	pid = xfork();
	if (pid == 0) {
		execl(utest_self, utest_self, "--rseq-exec", (char *)NULL);
		_exit(127);
	}
	expect_exit(xwait(pid), 0);
}

const struct utest rseq_tests[] = {
	{ "rseq_register", t_rseq_register },
	{ "rseq_errors", t_rseq_errors },
	{ "rseq_unregister", t_rseq_unregister },
	{ "rseq_abort_signal", t_rseq_abort_signal },
	{ "rseq_abort_preempt", t_rseq_abort_preempt },
	{ "rseq_bad_section", t_rseq_bad_section },
	{ "rseq_fork", t_rseq_fork },
	{ "rseq_execve", t_rseq_execve },
	{ NULL, NULL },
};
