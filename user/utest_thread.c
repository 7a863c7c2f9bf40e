/*
 * utest: threads. musl's pthreads on the kernel's clone (mutexes,
 * condition variables, barriers, read-write locks, thread-local storage,
 * exact counts), thread ids and groups, signals to threads and to the
 * process, exit_group, fatal signals, execve and fork from a thread, the
 * futex operations and their errors, robust mutexes whose owner dies,
 * clone and clone3 argument errors, and the one-CPU scheduling calls.
 */
#include "utest.h"

#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>

/* <linux/futex.h>, which musl's compiler has not. */
#define FUTEX_WAIT		  0
#define FUTEX_WAKE		  1
#define FUTEX_REQUEUE		  3
#define FUTEX_CMP_REQUEUE	  4
#define FUTEX_WAKE_OP		  5
#define FUTEX_WAIT_BITSET	  9
#define FUTEX_PRIVATE_FLAG	  128
#define FUTEX_CLOCK_REALTIME	  256
#define FUTEX_WAIT_PRIVATE	  (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	  (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE	  (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE	  (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG)
#define FUTEX_BITSET_MATCH_ANY	  0xffffffff
#define FUTEX_OP_OR		  2
#define FUTEX_OP_ADD		  1
#define FUTEX_OP_CMP_EQ		  0
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	((((op)&0xf) << 28) | (((cmp)&0xf) << 24) | (((oparg)&0xfff) << 12) | ((cmparg)&0xfff))

#define NTHREADS 32

static long futex(volatile int *uaddr, int op, int val, const void *timeout_or_val2,
		  volatile int *uaddr2, int val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout_or_val2, uaddr2, val3);
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Lets the other threads run until they block (one CPU: each gets the CPU in turn). */
static void settle(void)
{
	for (int i = 0; i < 20; i++)
		sched_yield();
	usleep(20000);
}

#define PCHECK(expr)                                                                     \
	do {                                                                             \
		int rc_ = (expr);                                                        \
		if (rc_)                                                                 \
			fail("%s:%d: %s: %s", __FILE__, __LINE__, #expr, strerror(rc_)); \
	} while (0)

/* ---------------------------------------------------------------- pthreads */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *count_up(void *arg)
{
	for (int i = 0; i < 500; i++) {
		pthread_mutex_lock(&lock);
		long v = counter;
		if (i % 50 == 0)
			sched_yield(); /* another thread finds the lock taken */
		counter = v + 1;
		pthread_mutex_unlock(&lock);
	}
	return (void *)((long)arg * 3);
}

static void test_create_join(void)
{
	pthread_t t[NTHREADS];

	for (long i = 0; i < NTHREADS; i++)
		PCHECK(pthread_create(&t[i], NULL, count_up, (void *)i));
	for (long i = 0; i < NTHREADS; i++) {
		void *ret;

		PCHECK(pthread_join(t[i], &ret));
		CHECK_EQ((long)ret, i * 3);
	}
	CHECK_EQ(counter, NTHREADS * 500);
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queue[8], q_head, q_tail, q_len, consumed_sum;

static void *producer(void *arg)
{
	for (int i = 1; i <= 200; i++) {
		pthread_mutex_lock(&lock);
		while (q_len == 8)
			pthread_cond_wait(&cond, &lock);
		queue[q_tail] = i;
		q_tail = (q_tail + 1) % 8;
		q_len++;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static void *consumer(void *arg)
{
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&lock);
		while (q_len == 0)
			pthread_cond_wait(&cond, &lock);
		consumed_sum += queue[q_head];
		q_head = (q_head + 1) % 8;
		q_len--;
		pthread_cond_broadcast(&cond);
		pthread_mutex_unlock(&lock);
	}
	return arg;
}

static void test_condvar(void)
{
	pthread_t p[2], c[4];

	/* Two producers of 200 items through a queue of 8, four consumers of 100. */
	for (int i = 0; i < 4; i++)
		PCHECK(pthread_create(&c[i], NULL, consumer, NULL));
	for (int i = 0; i < 2; i++)
		PCHECK(pthread_create(&p[i], NULL, producer, NULL));
	for (int i = 0; i < 2; i++)
		PCHECK(pthread_join(p[i], NULL));
	for (int i = 0; i < 4; i++)
		PCHECK(pthread_join(c[i], NULL));
	CHECK_EQ(consumed_sum, 2 * 200 * 201 / 2);
	CHECK_EQ(q_len, 0);
}

static pthread_barrier_t barrier;
static int phase_seen[8][10];
static volatile int phase;

static void *barrier_worker(void *arg)
{
	long id = (long)arg;

	for (int r = 0; r < 10; r++) {
		phase_seen[id][r] = phase;
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
			phase++;
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static void test_barrier(void)
{
	pthread_t t[8];

	PCHECK(pthread_barrier_init(&barrier, NULL, 8));
	for (long i = 0; i < 8; i++)
		PCHECK(pthread_create(&t[i], NULL, barrier_worker, (void *)i));
	for (int i = 0; i < 8; i++)
		PCHECK(pthread_join(t[i], NULL));
	/* Every thread saw round r's phase as r: nobody got ahead through a barrier. */
	for (int i = 0; i < 8; i++)
		for (int r = 0; r < 10; r++)
			CHECK_EQ(phase_seen[i][r], r);
	CHECK_EQ(phase, 10);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long rw_a, rw_b, rw_bad;

static void *rw_worker(void *arg)
{
	for (int i = 0; i < 200; i++) {
		if ((long)arg % 4 == 0) {
			pthread_rwlock_wrlock(&rw);
			rw_a++;
			sched_yield();
			rw_b++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			if (rw_a != rw_b)
				__atomic_add_fetch(&rw_bad, 1, __ATOMIC_SEQ_CST);
			pthread_rwlock_unlock(&rw);
		}
	}
	return NULL;
}

static void test_rwlock(void)
{
	pthread_t t[12];

	for (long i = 0; i < 12; i++)
		PCHECK(pthread_create(&t[i], NULL, rw_worker, (void *)i));
	for (int i = 0; i < 12; i++)
		PCHECK(pthread_join(t[i], NULL));
	CHECK_EQ(rw_a, 3 * 200);
	CHECK_EQ(rw_b, 3 * 200);
	CHECK_EQ(rw_bad, 0);
}

static __thread long tls_value = 7;
static __thread char tls_buf[64];

static void *tls_worker(void *arg)
{
	if (tls_value != 7)
		return (void *)1L;
	tls_value = (long)arg * 100 + gettid_();
	snprintf(tls_buf, sizeof(tls_buf), "thread %ld", (long)arg);
	for (int i = 0; i < 5; i++)
		sched_yield();
	if (tls_value != (long)arg * 100 + gettid_())
		return (void *)2L;
	char want[64];

	snprintf(want, sizeof(want), "thread %ld", (long)arg);
	return strcmp(tls_buf, want) ? (void *)3L : NULL;
}

static void test_tls(void)
{
	pthread_t t[8];

	tls_value = 42;
	for (long i = 0; i < 8; i++)
		PCHECK(pthread_create(&t[i], NULL, tls_worker, (void *)i));
	for (int i = 0; i < 8; i++) {
		void *ret;

		PCHECK(pthread_join(t[i], &ret));
		CHECK_EQ((long)ret, 0);
	}
	CHECK_EQ(tls_value, 42);
}

/* ---------------------------------------------------------------- ids and signals */

static pid_t seen_pid, seen_tid, seen_ppid;

static void *ids_worker(void *arg)
{
	seen_pid = getpid();
	seen_tid = gettid_();
	seen_ppid = getppid();
	return arg;
}

static void test_ids(void)
{
	pthread_t t;

	CHECK_EQ(gettid_(), getpid());
	PCHECK(pthread_create(&t, NULL, ids_worker, NULL));
	PCHECK(pthread_join(t, NULL));
	CHECK_EQ(seen_pid, getpid());
	CHECK_EQ(seen_ppid, getppid());
	if (seen_tid == getpid() || seen_tid <= 0)
		fail("thread id %d, process id %d", seen_tid, getpid());
}

static volatile int proc_release;
static volatile pid_t proc_tid;

static void *proc_worker(void *arg)
{
	proc_tid = gettid_();
	while (!proc_release)
		usleep(1000);
	return arg;
}

/* A running thread's kernel id, from its CPU clock id (musl: -tid-1 shifted, 6 per thread). */
static pid_t proc_tid_of(pthread_t t)
{
	clockid_t cid;

	if (pthread_getcpuclockid(t, &cid))
		return -1;
	return (pid_t)(~((int)cid >> 3));
}

/* The value of the line "key:" in a /proc file, or -1. */
static long proc_field(const char *path, const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = strtol(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

/* /proc: Threads counts them, a thread's directory opens by its id and is not listed. */
static void test_proc(void)
{
	char path[64];
	pthread_t t[2];
	struct dirent *d;
	DIR *dir;

	for (int i = 0; i < 2; i++)
		PCHECK(pthread_create(&t[i], NULL, proc_worker, NULL));
	while (!proc_tid)
		sched_yield();
	CHECK_EQ(proc_field("/proc/self/status", "Threads"), 3);
	snprintf(path, sizeof(path), "/proc/%d/status", proc_tid);
	if (access(path, R_OK))
		fail("%s: %s", path, strerror(errno));
	CHECK_EQ(proc_field(path, "Tgid"), getpid());
	CHECK_EQ(proc_field(path, "Pid"), proc_tid);
	CHECK_EQ(proc_field(path, "PPid"), getppid());
	dir = opendir("/proc");
	CHECK(dir != NULL);
	while ((d = readdir(dir)))
		if (atoi(d->d_name) == proc_tid)
			fail("thread %d listed in /proc", proc_tid);
	closedir(dir);
	proc_release = 1;
	for (int i = 0; i < 2; i++)
		PCHECK(pthread_join(t[i], NULL));
	CHECK_EQ(proc_field("/proc/self/status", "Threads"), 1);
}

static void *busy_worker(void *arg)
{
	struct timespec ts;

	do
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	while (ts.tv_nsec < 20000000 && ts.tv_sec == 0);
	while (!proc_release)
		sched_yield();
	return arg;
}

/* Each thread's CPU clock is its own; the process's sums them. */
static void test_cpu_clocks(void)
{
	struct timespec thr, own, proc;
	clockid_t cid;
	pthread_t t;

	PCHECK(pthread_create(&t, NULL, busy_worker, NULL));
	PCHECK(pthread_getcpuclockid(t, &cid));
	do {
		usleep(5000);
		CHECK(clock_gettime(cid, &thr) == 0);
	} while (thr.tv_sec == 0 && thr.tv_nsec < 20000000);
	CHECK(clock_gettime(CLOCK_THREAD_CPUTIME_ID, &own) == 0);
	CHECK(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &proc) == 0);
	if (proc.tv_sec * 1000000000L + proc.tv_nsec <
	    thr.tv_sec * 1000000000L + thr.tv_nsec + own.tv_sec * 1000000000L + own.tv_nsec)
		fail("process CPU time below the sum of its threads'");
	/* A thread id is not a process: its process clock is EINVAL. */
	CHECK_ERR(clock_gettime((clockid_t)((~(unsigned)proc_tid_of(t)) << 3 | 2), &proc), EINVAL);
	proc_release = 1;
	PCHECK(pthread_join(t, NULL));
}

static volatile pid_t handler_tid;
static volatile int worker_ready, worker_stop;
static volatile pid_t worker_tid;

static void record_tid(int sig)
{
	(void)sig;
	handler_tid = gettid_();
}

static void *sig_worker(void *arg)
{
	worker_tid = gettid_();
	worker_ready = 1;
	while (!worker_stop && !handler_tid)
		usleep(1000);
	return arg;
}

static void test_tgkill(void)
{
	pthread_t t;

	signal(SIGUSR1, record_tid);
	PCHECK(pthread_create(&t, NULL, sig_worker, NULL));
	while (!worker_ready)
		sched_yield();
	CHECK_EQ(syscall(SYS_tgkill, getpid(), worker_tid, SIGUSR1), 0);
	PCHECK(pthread_join(t, NULL));
	CHECK_EQ(handler_tid, worker_tid);
	/* A thread id with the wrong group is ESRCH. */
	CHECK_ERR(syscall(SYS_tgkill, 1, gettid_(), 0), ESRCH);
}

static void *unblock_then_wait(void *arg)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	return sig_worker(arg);
}

static void test_kill_to_thread(void)
{
	sigset_t set;
	pthread_t t;

	signal(SIGUSR1, record_tid);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	PCHECK(pthread_sigmask(SIG_BLOCK, &set, NULL));
	PCHECK(pthread_create(&t, NULL, unblock_then_wait, NULL));
	while (!worker_ready)
		sched_yield();
	CHECK_EQ(kill(getpid(), SIGUSR1), 0);
	PCHECK(pthread_join(t, NULL));
	if (handler_tid != worker_tid)
		fail("SIGUSR1 for the process ran in %d, not in the thread %d that does not block it",
		     handler_tid, worker_tid);
}

/* Runs fn in a child process; its wait status. */
static int in_child(void (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		fn();
		_exit(99);
	}
	if (waitpid(pid, &status, 0) != pid)
		fail("waitpid: %s", strerror(errno));
	return status;
}

static void *exit_group_worker(void *arg)
{
	usleep(10000);
	syscall(SYS_exit_group, 7);
	return arg;
}

static void *sleeper(void *arg)
{
	for (;;)
		pause();
	return arg;
}

static void exit_group_child(void)
{
	pthread_t t;

	for (int i = 0; i < 4; i++)
		pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, exit_group_worker, NULL);
	for (;;)
		pause();
}

static void test_exit_group(void)
{
	int status = in_child(exit_group_child);

	if (!WIFEXITED(status) || WEXITSTATUS(status) != 7)
		fail("status %#x, not exit 7", status);
}

static void *term_worker(void *arg)
{
	usleep(10000);
	kill(getpid(), SIGTERM);
	return sleeper(arg);
}

static void fatal_child(void)
{
	pthread_t t;

	for (int i = 0; i < 4; i++)
		pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, term_worker, NULL);
	for (;;)
		pause();
}

static void test_fatal_signal(void)
{
	int status = in_child(fatal_child);

	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM)
		fail("status %#x, not killed by SIGTERM", status);
}

static void *segv_worker(void *arg)
{
	int *volatile bad = (int *)16;

	usleep(10000);
	*bad = 1;
	return arg;
}

static void segv_child(void)
{
	pthread_t t;

	pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, segv_worker, NULL);
	for (;;)
		pause();
}

/* A fault in one thread kills them all, with the fault's signal. */
static void test_fault_kills_group(void)
{
	int status = in_child(segv_child);

	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGSEGV)
		fail("status %#x, not killed by SIGSEGV", status);
}

/* The main thread exits alone: the process lives on until the last thread. */
static void *last_worker(void *arg)
{
	usleep(20000);
	syscall(SYS_exit, 5);
	return arg;
}

static void leader_exit_child(void)
{
	pthread_t t;

	if (pthread_create(&t, NULL, last_worker, NULL))
		_exit(2);
	syscall(SYS_exit, 1);
}

static void test_leader_exits_first(void)
{
	int status = in_child(leader_exit_child);

	/* Linux reports the leader's own status once the group is gone. */
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
		fail("status %#x, not exit 1", status);
}

static char expect_pid[32];

static void *exec_worker(void *arg)
{
	char *argv[] = { "sh", "-c", "test $$ = $EXPECT", NULL };
	char env[64];
	char *envp[] = { env, NULL };

	snprintf(env, sizeof(env), "EXPECT=%s", expect_pid);
	execve("/bin/sh", argv, envp);
	_exit(98);
	return arg;
}

static void exec_child(void)
{
	pthread_t t;

	snprintf(expect_pid, sizeof(expect_pid), "%d", getpid());
	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, sleeper, NULL);
	pthread_create(&t, NULL, exec_worker, NULL);
	for (;;)
		pause();
}

static void test_exec_from_thread(void)
{
	int status;

	if (access("/bin/sh", X_OK))
		skip("no /bin/sh");
	status = in_child(exec_child);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail("status %#x: the shell did not see the old process id as its own", status);
}

static void *fork_worker(void *arg)
{
	pid_t pid = fork();
	int status;

	(void)arg;

	if (pid == 0) {
		/* One thread: its id is the process id, and ending it ends the process. */
		if (gettid_() != getpid())
			syscall(SYS_exit, 2);
		syscall(SYS_exit, 5);
	}
	if (waitpid(pid, &status, 0) != pid)
		return (void *)1L;
	return (void *)(long)status;
}

static void test_fork_from_thread(void)
{
	pthread_t t[3];
	void *ret;

	for (int i = 0; i < 2; i++)
		PCHECK(pthread_create(&t[i], NULL, sleeper, NULL));
	PCHECK(pthread_create(&t[2], NULL, fork_worker, NULL));
	PCHECK(pthread_join(t[2], &ret));
	if (!WIFEXITED((int)(long)ret) || WEXITSTATUS((int)(long)ret) != 5)
		fail("forked child's status %#lx, not exit 5", (long)ret);
}

/* A threaded child stops and continues as a whole. */
static volatile long *spins;

static void *spinner(void *arg)
{
	for (;;)
		__atomic_add_fetch(&spins[(long)arg], 1, __ATOMIC_RELAXED);
	return arg;
}

static void spin_child(void)
{
	pthread_t t;

	pthread_create(&t, NULL, spinner, (void *)1L);
	spinner((void *)0L);
}

static void test_stop_cont(void)
{
	long a[2], b[2];
	int status;
	pid_t pid;

	spins = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (spins == MAP_FAILED)
		fail("mmap: %s", strerror(errno));
	pid = fork();
	if (pid == 0)
		spin_child();
	while (!spins[0] || !spins[1])
		usleep(5000);
	kill(pid, SIGSTOP);
	CHECK_EQ(waitpid(pid, &status, WUNTRACED), pid);
	if (!WIFSTOPPED(status))
		fail("status %#x, not stopped", status);
	a[0] = spins[0], a[1] = spins[1];
	usleep(50000);
	b[0] = spins[0], b[1] = spins[1];
	if (a[0] != b[0] || a[1] != b[1])
		fail("a thread ran on while its process was stopped");
	kill(pid, SIGCONT);
	usleep(50000);
	if (spins[0] == b[0] || spins[1] == b[1])
		fail("a thread stayed stopped after SIGCONT");
	kill(pid, SIGKILL);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
		fail("status %#x, not killed", status);
}

static volatile int cwd_step;
static char cwd_seen[256];

static void *cwd_worker(void *arg)
{
	while (cwd_step != 1)
		sched_yield();
	if (!getcwd(cwd_seen, sizeof(cwd_seen)))
		strcpy(cwd_seen, strerror(errno));
	umask(077);
	cwd_step = 2;
	return arg;
}

/* The threads of a process share cwd and umask (CLONE_FS). */
static void test_shared_fs(void)
{
	char want[256];
	pthread_t t;

	CHECK(mkdir("sub", 0755) == 0);
	PCHECK(pthread_create(&t, NULL, cwd_worker, NULL));
	CHECK(chdir("sub") == 0);
	CHECK(getcwd(want, sizeof(want)) != NULL);
	cwd_step = 1;
	PCHECK(pthread_join(t, NULL));
	CHECK_STR(cwd_seen, want);
	CHECK_EQ(umask(022), 077);
}

/* clone(CLONE_VM | CLONE_VFORK): the child runs on the caller's memory, the caller waits. */
static volatile int vfork_mark;

static int vfork_child(void *arg)
{
	vfork_mark = 1;
	usleep(20000); /* the parent must still be waiting */
	vfork_mark = 2;
	(void)arg;
	return 0;
}

static void test_clone_vm_vfork(void)
{
	static char stack[16384] __attribute__((aligned(16)));
	int status;
	pid_t pid;

	pid = clone(vfork_child, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, NULL);
	if (pid < 0)
		fail("clone: %s", strerror(errno));
	CHECK_EQ(vfork_mark, 2);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* Without CLONE_VFORK and without SIGCHLD: only __WCLONE (or __WALL) waits for it. */
	vfork_mark = 0;
	pid = clone(vfork_child, stack + sizeof(stack), CLONE_VM, NULL);
	if (pid < 0)
		fail("clone: %s", strerror(errno));
	CHECK_ERR(waitpid(pid, &status, 0), ECHILD);
	CHECK_EQ(waitpid(pid, &status, __WCLONE), pid);
	CHECK_EQ(vfork_mark, 2);
}

/* ---------------------------------------------------------------- futex */

static void test_futex_errors(void)
{
	static volatile int word = 1;
	struct timespec ts;
	void *gone = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	munmap(gone, PAGE);
	CHECK_ERR(futex(gone, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex(gone, FUTEX_WAIT, 0, NULL, NULL, 0), EFAULT);
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0), EAGAIN);
	CHECK_ERR(futex((volatile int *)((char *)&word + 1), FUTEX_WAIT, 1, NULL, NULL, 0), EINVAL);
	/* An absolute CLOCK_REALTIME deadline 20 ms ahead. */
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 20000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	CHECK_ERR(futex(&word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, &ts, NULL,
			FUTEX_BITSET_MATCH_ANY),
		  ETIMEDOUT);
	/* Relative, on the monotonic clock. */
	ts.tv_sec = 0;
	ts.tv_nsec = 10000000;
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0), ETIMEDOUT);
	ts.tv_nsec = 1000000000;
	CHECK_ERR(futex(&word, FUTEX_WAIT_PRIVATE, 1, &ts, NULL, 0), EINVAL);
	CHECK_ERR(futex(&word, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
	CHECK_ERR(futex(&word, FUTEX_WAIT_BITSET, 1, NULL, NULL, 0), EINVAL);
	CHECK_ERR(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1L, &word, 5), EAGAIN);
	CHECK_ERR(futex(&word, FUTEX_CMP_REQUEUE_PRIVATE, -1, (void *)1L, &word, 1), EINVAL);
	CHECK_ERR(futex(&word, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, gone, 0), EFAULT);
	CHECK_ERR(futex(&word, 99, 1, NULL, NULL, 0), ENOSYS);
	CHECK_ERR(futex((volatile int *)((char *)&word + 2), FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0),
		  EINVAL);
	CHECK_ERR(futex(gone, FUTEX_WAKE, 1, NULL, NULL, 0), EFAULT);
	CHECK_EQ(futex(gone, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
	CHECK_EQ(futex(&word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
}

static volatile int f1, f2, waiters_in, woke_count;

static void *f1_waiter(void *arg)
{
	__atomic_add_fetch(&waiters_in, 1, __ATOMIC_SEQ_CST);
	while (futex(&f1, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0) == -1 && errno == EINTR)
		;
	__atomic_add_fetch(&woke_count, 1, __ATOMIC_SEQ_CST);
	return arg;
}

static void *f2_waiter(void *arg)
{
	__atomic_add_fetch(&waiters_in, 1, __ATOMIC_SEQ_CST);
	futex(&f2, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	__atomic_add_fetch(&woke_count, 1, __ATOMIC_SEQ_CST);
	return arg;
}

static void test_futex_requeue(void)
{
	pthread_t t[4];

	for (int i = 0; i < 4; i++)
		PCHECK(pthread_create(&t[i], NULL, f1_waiter, NULL));
	while (waiters_in < 4)
		sched_yield();
	settle();
	/* One woken, the other three moved to f2: nothing more wakes on f1. */
	CHECK_EQ(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)3L, &f2, 0), 4);
	settle();
	CHECK_EQ(woke_count, 1);
	CHECK_EQ(futex(&f1, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0), 0);
	/* Plain REQUEUE moves without a check: one from f2 back to f1, none woken. */
	CHECK_EQ(futex(&f2, FUTEX_REQUEUE_PRIVATE, 0, (void *)1L, &f1, 0), 1);
	CHECK_EQ(futex(&f1, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0), 1);
	CHECK_EQ(futex(&f2, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0), 2);
	for (int i = 0; i < 4; i++)
		PCHECK(pthread_join(t[i], NULL));
	CHECK_EQ(woke_count, 4);
}

static void test_futex_wake_op(void)
{
	pthread_t a, b;

	f1 = f2 = 0;
	PCHECK(pthread_create(&a, NULL, f1_waiter, NULL));
	PCHECK(pthread_create(&b, NULL, f2_waiter, NULL));
	while (waiters_in < 2)
		sched_yield();
	settle();
	/* f2 += 1, wake one on f1, and one on f2 if f2 was 0 before. */
	CHECK_EQ(futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &f2,
		       FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0)),
		 2);
	CHECK_EQ(f2, 1);
	/* The comparison fails now (f2 was 1): only f1's side wakes, and nobody is there. */
	CHECK_EQ(futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &f2,
		       FUTEX_OP(FUTEX_OP_OR, 4, FUTEX_OP_CMP_EQ, 0)),
		 0);
	CHECK_EQ(f2, 5);
	PCHECK(pthread_join(a, NULL));
	PCHECK(pthread_join(b, NULL));
}

/* ---------------------------------------------------------------- robust mutexes */

static pthread_mutex_t robust;
static volatile int robust_locked;

static void *die_holding(void *arg)
{
	pthread_mutex_lock(&robust);
	robust_locked = 1;
	usleep(20000);
	/*
	 * Straight to the kernel, past musl's own exit path (so nobody can
	 * join this thread): only the kernel's robust-list walk can tell the
	 * next locker.
	 */
	syscall(SYS_exit, 0);
	return arg;
}

static void test_robust(void)
{
	pthread_mutexattr_t a;
	pthread_t t;

	pthread_mutexattr_init(&a);
	PCHECK(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST));
	/* musl leaves process-private robust locks to its own exit path: the kernel's list is for shared ones. */
	PCHECK(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED));
	PCHECK(pthread_mutex_init(&robust, &a));
	PCHECK(pthread_create(&t, NULL, die_holding, NULL));
	while (!robust_locked)
		sched_yield();
	/* Blocks until the owner dies, then owns a lock whose state may be broken. */
	CHECK_EQ(pthread_mutex_lock(&robust), EOWNERDEAD);
	PCHECK(pthread_mutex_consistent(&robust));
	PCHECK(pthread_mutex_unlock(&robust));
	PCHECK(pthread_mutex_lock(&robust));
	PCHECK(pthread_mutex_unlock(&robust));
}

static void test_robust_list_calls(void)
{
	long head[3] = { 0 };
	void *got;
	size_t len;

	head[0] = (long)head;
	CHECK_ERR(syscall(SYS_set_robust_list, head, 23), EINVAL);
	CHECK_EQ(syscall(SYS_set_robust_list, head, 24), 0);
	CHECK_EQ(syscall(SYS_get_robust_list, 0, &got, &len), 0);
	CHECK_EQ((long)got, (long)head);
	CHECK_EQ(len, 24);
	CHECK_ERR(syscall(SYS_get_robust_list, 0, NULL, &len), EFAULT);
	CHECK_ERR(syscall(SYS_get_robust_list, -1, &got, &len), ESRCH);
}

/* ---------------------------------------------------------------- clone and clone3 */

struct clone_args_ {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		set_tid, set_tid_size, cgroup;
};

static long clone3_(struct clone_args_ *a, size_t size)
{
	return syscall(435, a, size);
}

static void test_clone_errors(void)
{
	static char big[8192];
	struct clone_args_ a = { 0 };
	int status;
	long pid;

	CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | SIGCHLD, 0, 0, 0, 0), EINVAL);
	CHECK_ERR(syscall(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0), EINVAL);
	CHECK_ERR(syscall(SYS_clone, CLONE_THREAD | CLONE_SIGHAND, 0, 0, 0, 0), EINVAL);
	CHECK_ERR(syscall(SYS_clone, CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0, 0, 0), EINVAL);
	/* A TLS base outside user space, as arch_prctl(ARCH_SET_FS) refuses it. */
	CHECK_ERR(syscall(SYS_clone, CLONE_SETTLS | SIGCHLD, 0, 0, 0, 0xffff800000000000UL), EPERM);

	CHECK_ERR(clone3_(&a, 63), EINVAL);
	CHECK_ERR(clone3_((struct clone_args_ *)big, 4097), E2BIG);
	big[100] = 1;
	CHECK_ERR(clone3_((struct clone_args_ *)big, 200), E2BIG);
	CHECK_ERR(clone3_(NULL, 64), EFAULT);
	a.exit_signal = 200;
	CHECK_ERR(clone3_(&a, sizeof(a)), EINVAL);
	a.exit_signal = SIGCHLD;
	a.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
	CHECK_ERR(clone3_(&a, sizeof(a)), EINVAL);
	a.flags = 1ULL << 40;
	CHECK_ERR(clone3_(&a, sizeof(a)), EINVAL);
	a.flags = CLONE_SIGHAND | CLONE_VM | (1ULL << 32);
	CHECK_ERR(clone3_(&a, sizeof(a)), EINVAL);
	a.flags = 0;
	a.stack = (uint64_t)big;
	CHECK_ERR(clone3_(&a, sizeof(a)), EINVAL);
	a.stack = 0;
	a.stack_size = 4096;
	CHECK_ERR(clone3_(&a, sizeof(a)), EINVAL);
	a.stack_size = 0;
	a.set_tid_size = 1;
	CHECK_ERR(clone3_(&a, sizeof(a)), EINVAL);
	a.set_tid_size = 0;

	/* A fork through clone3: the exit signal is SIGCHLD, the size the first version's. */
	pid = clone3_(&a, 64);
	if (pid == 0)
		_exit(3);
	if (pid < 0)
		fail("clone3: %s", strerror(errno));
	CHECK_EQ(waitpid((pid_t)pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 3)
		fail("status %#x, not exit 3", status);
}

static void test_sched_calls(void)
{
	unsigned long mask[2] = { ~0UL, ~0UL };
	unsigned int cpu = 9, node = 9;
	cpu_set_t set;

	CHECK_EQ(syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask), 8);
	CHECK_EQ(mask[0], 1);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 4, mask), EINVAL);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 0, 8, NULL), EFAULT);
	CHECK_ERR(syscall(SYS_sched_getaffinity, 30000, 8, mask), ESRCH);
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
	CPU_ZERO(&set);
	CPU_SET(1, &set);
	CHECK_ERR(sched_setaffinity(0, sizeof(set), &set), EINVAL);
	CHECK_EQ(syscall(SYS_getcpu, &cpu, &node, NULL), 0);
	CHECK_EQ(cpu, 0);
	CHECK_EQ(node, 0);
	/* membarrier: QUERY, then the private command before and after registering. */
	long q = syscall(SYS_membarrier, 0, 0, 0);

	if (q < 0 || !(q & 8) || !(q & 16))
		fail("membarrier QUERY gave %ld", q);
	CHECK_ERR(syscall(SYS_membarrier, 8, 0, 0), EPERM);
	CHECK_EQ(syscall(SYS_membarrier, 16, 0, 0), 0);
	CHECK_EQ(syscall(SYS_membarrier, 8, 0, 0), 0);
	CHECK_ERR(syscall(SYS_membarrier, 0, 1, 0), EINVAL);
	CHECK_ERR(syscall(SYS_membarrier, 1 << 12, 0, 0), EINVAL);
}

/* ---------------------------------------------------------------- glibc */

#define GLIBC_STRESS "/debian/bin/pthread_stress"

static void test_glibc_stress(void)
{
	int status;
	pid_t pid;

	if (access(GLIBC_STRESS, X_OK))
		skip("no %s in this initramfs", GLIBC_STRESS);
	pid = fork();
	if (pid == 0) {
		char *argv[] = { "pthread_stress", NULL };

		execv(GLIBC_STRESS, argv);
		_exit(127);
	}
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail("%s: status %#x", GLIBC_STRESS, status);
}

const struct utest thread_tests[] = {
	{ "thread_create_join", test_create_join },
	{ "thread_condvar", test_condvar },
	{ "thread_barrier", test_barrier },
	{ "thread_rwlock", test_rwlock },
	{ "thread_tls", test_tls },
	{ "thread_ids", test_ids },
	{ "thread_proc", test_proc },
	{ "thread_cpu_clocks", test_cpu_clocks },
	{ "thread_tgkill", test_tgkill },
	{ "thread_kill_picks_thread", test_kill_to_thread },
	{ "thread_exit_group", test_exit_group },
	{ "thread_fatal_signal", test_fatal_signal },
	{ "thread_leader_exits_first", test_leader_exits_first },
	{ "thread_fault_kills_group", test_fault_kills_group },
	{ "thread_exec", test_exec_from_thread },
	{ "thread_fork", test_fork_from_thread },
	{ "thread_stop_cont", test_stop_cont },
	{ "thread_shared_fs", test_shared_fs },
	{ "clone_vm_vfork", test_clone_vm_vfork },
	{ "futex_errors", test_futex_errors },
	{ "futex_requeue", test_futex_requeue },
	{ "futex_wake_op", test_futex_wake_op },
	{ "thread_robust_mutex", test_robust },
	{ "robust_list_calls", test_robust_list_calls },
	{ "clone_errors", test_clone_errors },
	{ "sched_affinity_getcpu_membarrier", test_sched_calls },
	{ "glibc_pthread_stress", test_glibc_stress },
	{ NULL, NULL },
};
