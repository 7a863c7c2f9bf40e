/*
 * pthread_stress: glibc's pthreads on the kernel, dynamically linked
 * against Debian's glibc (built with the host's gcc, installed as
 * /debian/bin/pthread_stress; utest's glibc_pthread_stress runs it).
 * 32 threads over several rounds: a counter under a mutex, a queue under
 * a condition variable, barriers between rounds, a read-write lock whose
 * readers check an invariant, thread-local storage, cancellation of
 * threads blocked on a condition variable, fork from a threaded process
 * and execve from a thread that is not the main one. Every result is
 * exact; exit status 0 means all held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NTHREADS 32
#define ROUNDS	 4
#define ADDS	 200

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t barrier;
static long counter, rw_a, rw_b, rw_bad, queued, taken_sum;
static __thread long tls_id = -1;

static int failures;

static void check(int ok, const char *what, long got, long want)
{
	if (!ok) {
		printf("pthread_stress: %s: %ld, not %ld\n", what, got, want);
		failures++;
	}
}

static void *worker(void *arg)
{
	long id = (long)arg;

	tls_id = id;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < ADDS; i++) {
			pthread_mutex_lock(&lock);
			counter++;
			pthread_mutex_unlock(&lock);
		}
		/* Half produce into the queue, half consume from it. */
		pthread_mutex_lock(&lock);
		if (id % 2 == 0) {
			queued += id + 1;
			pthread_cond_broadcast(&cond);
		} else {
			while (queued == 0)
				pthread_cond_wait(&cond, &lock);
			taken_sum += 1; /* consumers count their visits */
		}
		pthread_mutex_unlock(&lock);
		if (id % 8 == 0) {
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
		pthread_barrier_wait(&barrier);
		if (tls_id != id)
			return (void *)1L;
	}
	return (void *)(id + 100);
}

static void unlock_cb(void *m)
{
	pthread_mutex_unlock(m);
}

static void *cancel_victim(void *arg)
{
	pthread_mutex_lock(&lock);
	pthread_cleanup_push(unlock_cb, &lock);
	for (;;)
		pthread_cond_wait(&cond, &lock);
	pthread_cleanup_pop(1);
	return arg;
}

static void *forker(void *arg)
{
	pid_t pid = fork();
	int status;

	(void)arg;
	if (pid == 0)
		_exit(syscall(SYS_gettid) == getpid() ? 9 : 1);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return (void *)-1L;
	return (void *)(long)status;
}

/* In a child: execve from a thread other than the main one, while the main one waits. */
static void *exec_from_thread(void *arg)
{
	char *argv[] = { "true", NULL };

	(void)arg;
	execv("/debian/bin/true", argv);
	_exit(1);
}

static int exec_child_status(void)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		pthread_t t;

		pthread_create(&t, NULL, exec_from_thread, NULL);
		pthread_join(t, NULL); /* never returns: the exec ends this thread */
		_exit(2);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

int main(void)
{
	pthread_t t[NTHREADS], v[4], f;
	void *ret;
	long sum = 0;

	pthread_barrier_init(&barrier, NULL, NTHREADS);
	for (long i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i)) {
			printf("pthread_stress: pthread_create failed\n");
			return 1;
		}
	for (long i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &ret);
		check((long)ret == i + 100, "a worker's result", (long)ret, i + 100);
		sum += (long)ret;
	}
	check(counter == (long)NTHREADS * ROUNDS * ADDS, "counter", counter,
	      (long)NTHREADS * ROUNDS * ADDS);
	check(taken_sum == NTHREADS / 2 * ROUNDS, "consumer visits", taken_sum,
	      NTHREADS / 2 * ROUNDS);
	check(rw_a == NTHREADS / 8 * ROUNDS && rw_b == rw_a, "writer rounds", rw_a,
	      NTHREADS / 8 * ROUNDS);
	check(rw_bad == 0, "readers seeing a half-done write", rw_bad, 0);

	/* Threads blocked on a condition variable are cancelled; the lock is free after. */
	for (int i = 0; i < 4; i++)
		pthread_create(&v[i], NULL, cancel_victim, NULL);
	usleep(20000);
	for (int i = 0; i < 4; i++) {
		pthread_cancel(v[i]);
		pthread_join(v[i], &ret);
		check(ret == PTHREAD_CANCELED, "a cancelled thread's result", (long)ret,
		      (long)PTHREAD_CANCELED);
	}
	check(pthread_mutex_trylock(&lock) == 0, "trylock after cancellation", 1, 0);
	pthread_mutex_unlock(&lock);

	pthread_create(&f, NULL, forker, NULL);
	pthread_join(f, &ret);
	check(WIFEXITED((int)(long)ret) && WEXITSTATUS((int)(long)ret) == 9,
	      "the forked child's status", (long)ret, 9 << 8);

	ret = (void *)(long)exec_child_status();
	check((long)ret == 0, "execve of true from a thread: status", (long)ret, 0);

	printf("pthread_stress: %s (%ld)\n", failures ? "FAIL" : "ok", sum);
	return failures ? 1 : 0;
}
