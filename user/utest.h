/*
 * utest: the user-space test suite. Every test runs in a child of its own
 * (utest.c forks it, in a fresh scratch directory as its cwd) and either
 * returns (passed), calls fail() (failed, with a reason) or skip()
 * (skipped, with a reason). A test that is killed by a signal fails.
 *
 * The CHECK macros assert exact values; a reason names the file, the line
 * and the expression.
 */
#ifndef UTEST_H
#define UTEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL

struct utest {
	const char *name;
	void (*fn)(void);
};

/* The tables, each ending with { NULL, NULL }. */
extern const struct utest proc_tests[];
extern const struct utest fs_tests[];
extern const struct utest fs2_tests[];
extern const struct utest lock_tests[];
extern const struct utest dev_tests[];
extern const struct utest sig_tests[];
extern const struct utest sys_tests[];
extern const struct utest net_tests[];
extern const struct utest netlink_tests[];
extern const struct utest mm_tests[];
extern const struct utest mm2_tests[];
extern const struct utest cred_tests[];
extern const struct utest priv_tests[];
extern const struct utest res_tests[];
extern const struct utest statx_tests[];
extern const struct utest rseq_tests[];
extern const struct utest exec_tests[];
extern const struct utest pty_tests[];
extern const struct utest unix_tests[];
extern const struct utest fdkinds_tests[];
extern const struct utest thread_tests[];
extern const struct utest xendev_tests[];
extern const struct utest gnt_tests[];
extern const struct utest xenbus_dev_tests[];
extern const struct utest xstate_tests[];
extern const struct utest debian_tests[];
extern const struct utest procfs_tests[];

/* This program's path, for execve of itself. */
extern const char *utest_self;

/* Helper modes of the executable (utest_proc.c): argv[1] is --exec-check. */
int exec_check(int argc, char **argv, char **envp);
/* utest_cred.c: argv[1] is --exec-ids; prints the ids it runs with. */
int exec_ids(void);
/* utest_rseq.c: argv[1] is --rseq-exec; exits 0 if execve left no rseq area registered. */
int rseq_exec_check(void);
/* utest_exec.c: with UTEST_PRINT_ARGS in the environment; prints argv, one per line. */
int print_args(int argc, char **argv);

/* Credentials (utest_cred.c). nobody and nogroup, which tests drop to. */
#define NOBODY	65534
#define NOGROUP 65534
/* Sets all three uids and gids, and no supplementary groups; fails the test if refused. */
void become(uid_t uid, gid_t gid);
/* Runs path --exec-ids as uid:gid (uid 0: as it is; nnp: no new privileges); its output. */
void run_ids(const char *path, uid_t uid, gid_t gid, int nnp, char *got, size_t size);
/* A copy of this program at path. */
void copy_self(const char *path);

__attribute__((noreturn, format(printf, 1, 2))) void fail(const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2))) void skip(const char *fmt, ...);

const char *errname(int e);
const char *signame(int sig);

/* fork() with stdout flushed first; fails the test if fork fails. */
pid_t xfork(void);
/* wait4(pid) that must return pid; the status word. */
int xwait(pid_t pid);
/* Fail unless status says "exited with code" / "killed by sig". */
void expect_exit_(int status, int code, const char *what, int line);
void expect_signal_(int status, int sig, const char *what, int line);
#define expect_exit(st, code)  expect_exit_((st), (code), #st, __LINE__)
#define expect_signal(st, sig) expect_signal_((st), (sig), #st, __LINE__)
/* Forks a child that runs fn(arg) and exits 0; its status. */
int run_child(void (*fn)(void *), void *arg);
/* Runs path with argv and envp, stdout and stderr into out (NUL-terminated); the wait status. */
int run_capture(const char *path, char *const argv[], char *const envp[], char *out, size_t size);
/* A pid that no process has (a child that was just reaped). */
pid_t dead_pid(void);
/* Whole-file helpers. read_file NUL-terminates and returns the length. */
void write_file(const char *path, const void *data, size_t n);
size_t read_file(const char *path, char *buf, size_t size);
/* The number the next open() must return. */
int lowest_free(void);
/* An invalid user pointer (1), opaque to the compiler's checks. */
void *bad_ptr(void);
#define BAD bad_ptr()
/* Monotonic clock in nanoseconds (raw clock_gettime). */
uint64_t now_ns(void);
/*
 * Waits until pid is asleep (/proc/PID/stat says S), for a child that said
 * it is about to make a call that blocks: then it is blocked in it.
 */
void wait_sleeping(pid_t pid);
/* A handler for sig without SA_RESTART, so a blocked call ends with EINTR (fn NULL: one that does nothing). */
void catch_without_restart(int sig, void (*fn)(int));
/* Whether this is the pvkernel (it has /proc/pvops): its own numbers, and changes are safe. */
int pvkernel(void);
/* utest_xendev.c: whether this is Xen's dom0 (/proc/xen/capabilities says control_d, as the tools ask). */
int xen_dom0(void);
/* Skips the case unless xen_dom0(). */
void need_dom0(void);
/* A counter of /proc/xen/mappings ("frames", "grants", "window_used", ...); fails without it. */
long long mapping_count(const char *name);
/* utest_net.c: an interface's index (SIOCGIFINDEX), lo's MTU (from /sys). */
int ifindex(const char *name);
int lo_mtu(void);

#define CHECK(c)                                                   \
	do {                                                       \
		if (!(c))                                          \
			fail("%s:%d: %s", __FILE__, __LINE__, #c); \
	} while (0)

#define CHECK_EQ(a, b)                                              \
	do {                                                        \
		long long a_ = (long long)(a), b_ = (long long)(b); \
		if (a_ != b_)                                       \
			fail("%s:%d: %s is %lld, expected %lld",    \
			     __FILE__, __LINE__, #a, a_, b_);       \
	} while (0)

#define CHECK_STR(a, b)                                              \
	do {                                                         \
		const char *a_ = (a), *b_ = (b);                     \
		if (strcmp(a_, b_) != 0)                             \
			fail("%s:%d: %s is \"%s\", expected \"%s\"", \
			     __FILE__, __LINE__, #a, a_, b_);        \
	} while (0)

/* The call must succeed (not return -1 / MAP_FAILED); its value. */
#define OK(call)                                               \
	({                                                     \
		errno = 0;                                     \
		long long r_ = (long long)(call);              \
		if (r_ == -1)                                  \
			fail("%s:%d: %s failed: %s", __FILE__, \
			     __LINE__, #call, errname(errno)); \
		r_;                                            \
	})

/* The call must return -1 with errno e. */
#define CHECK_ERR(call, e)                                                     \
	do {                                                                   \
		errno = 0;                                                     \
		long long r_ = (long long)(call);                              \
		int e_ = errno;                                                \
		if (r_ != -1 || e_ != (e))                                     \
			fail("%s:%d: %s returned %lld (%s), expected -1 (%s)", \
			     __FILE__, __LINE__, #call, r_,                    \
			     r_ == -1 ? errname(e_) : "no error", errname(e)); \
	} while (0)

/* utest_proc.c: the state letter in /proc/PID/stat, or 0. */
char proc_state(pid_t pid);

#endif
