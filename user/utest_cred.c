/*
 * utest: credentials. The user and group ids and their rules, the
 * supplementary groups, set-user-id programs, and what a process that
 * dropped root (to nobody, 65534) may no longer do: file permissions,
 * directories, ownership and signals (privileged calls: utest_priv.c).
 *
 * Every test starts as root in a scratch directory it then opens to all
 * (0777), and drops its ids in itself or in a child.
 */
#include "utest.h"

#include <grp.h>
#include <sys/auxv.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>

void become(uid_t uid, gid_t gid)
{
	OK(setgroups(0, NULL));
	OK(setresgid(gid, gid, gid));
	OK(setresuid(uid, uid, uid));
}

static void check_ids(uid_t r, uid_t e, uid_t s, int line)
{
	uid_t gr, ge, gs;

	OK(getresuid(&gr, &ge, &gs));
	if (gr != r || ge != e || gs != s)
		fail("line %d: uids are %u %u %u, expected %u %u %u", line, gr, ge, gs, r, e, s);
}

static void check_gids(gid_t r, gid_t e, gid_t s, int line)
{
	gid_t gr, ge, gs;

	OK(getresgid(&gr, &ge, &gs));
	if (gr != r || ge != e || gs != s)
		fail("line %d: gids are %u %u %u, expected %u %u %u", line, gr, ge, gs, r, e, s);
}
#define CHECK_UIDS(r, e, s) check_ids((r), (e), (s), __LINE__)
#define CHECK_GIDS(r, e, s) check_gids((r), (e), (s), __LINE__)

/* A file of n bytes with mode (umask aside), owned by uid:gid. */
static void make_file(const char *path, mode_t mode, uid_t uid, gid_t gid)
{
	write_file(path, "content\n", 8);
	OK(chown(path, uid, gid));
	OK(chmod(path, mode));
}

/* mkdir with exactly mode, whatever the umask. */
static void make_dir(const char *path, mode_t mode)
{
	OK(mkdir(path, mode));
	OK(chmod(path, mode));
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	OK(lstat(path, &st));
	return st.st_mode & 07777;
}

/* ------------------------------------------------------------ ids */

static void ids_child(void *arg)
{
	(void)arg;
	CHECK_UIDS(0, 0, 0);
	OK(setresgid(100, 101, 102));
	CHECK_GIDS(100, 101, 102);
	CHECK_EQ(getgid(), 100);
	CHECK_EQ(getegid(), 101);
	CHECK_EQ(setfsgid(-1), 101); /* the fsgid followed the egid */
	OK(setresuid(1000, 1001, 1002));
	CHECK_UIDS(1000, 1001, 1002);
	CHECK_EQ(getuid(), 1000);
	CHECK_EQ(geteuid(), 1001);

	/* No longer root: only the three ids it holds. */
	CHECK_ERR(setuid(0), EPERM);
	CHECK_ERR(setresuid(-1, 5, -1), EPERM);
	CHECK_ERR(setresgid(7, -1, -1), EPERM);
	CHECK_ERR(setgroups(0, NULL), EPERM);
	OK(setresuid(1002, 1000, 1001));
	CHECK_UIDS(1002, 1000, 1001);
	/* setuid unprivileged: the effective (and fs) id only, to the real or saved one. */
	OK(setuid(1001));
	CHECK_UIDS(1002, 1001, 1001);
	CHECK_ERR(setuid(1000), EPERM);
	CHECK_ERR(setuid(-1), EINVAL);
	CHECK_ERR(setgid(-1), EINVAL);
	OK(setresuid(-1, -1, -1));

	/* setreuid: the real id may become the effective one, not the saved one. */
	OK(setreuid(-1, 1002)); /* back to the real id: saved unchanged */
	CHECK_UIDS(1002, 1002, 1001);
	OK(setreuid(-1, 1001)); /* away from the real id: saved follows */
	CHECK_UIDS(1002, 1001, 1001);
	CHECK_ERR(setreuid(5, -1), EPERM);
	OK(setreuid(1001, -1)); /* the real id changes: saved follows the effective one */
	CHECK_UIDS(1001, 1001, 1001);

	/* setfsuid answers the old value, and refuses silently. */
	CHECK_EQ(setfsuid(-1), 1001);
	CHECK_EQ(setfsuid(5), 1001);
	CHECK_EQ(setfsuid(-1), 1001);
	CHECK_ERR(setregid(102, -1), EPERM); /* the saved gid cannot become the real one */
	OK(setregid(101, 100));
	CHECK_GIDS(101, 100, 100);
	CHECK_EQ(setfsgid(101), 100);
	CHECK_EQ(setfsgid(-1), 101);
	OK(setgid(101)); /* the fsgid follows the egid again */
	CHECK_EQ(setfsgid(-1), 101);
	CHECK_GIDS(101, 101, 100);

	/* A child inherits them all. */
	pid_t pid = xfork();

	if (pid == 0) {
		CHECK_UIDS(1001, 1001, 1001);
		CHECK_GIDS(101, 101, 100);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
}

static void t_cred_ids(void)
{
	expect_exit(run_child(ids_child, NULL), 0);
	/* Root again in the parent: the child's changes were its own. */
	CHECK_UIDS(0, 0, 0);
	CHECK_GIDS(0, 0, 0);
}

static void t_cred_groups(void)
{
	gid_t list[3] = { 30, 10, 20 }, got[8], bad[1] = { (gid_t)-1 };
	pid_t pid;

	CHECK_EQ(getgroups(0, NULL), 0);
	OK(setgroups(3, list));
	CHECK_EQ(getgroups(0, NULL), 3);
	CHECK_EQ(getgroups(8, got), 3);
	CHECK(got[0] == 10 && got[1] == 20 && got[2] == 30); /* kept sorted */
	CHECK_ERR(getgroups(2, got), EINVAL);
	CHECK_ERR(syscall(SYS_getgroups, -1, got), EINVAL);
	CHECK_ERR(syscall(SYS_setgroups, 1, bad), EINVAL);
	CHECK_ERR(syscall(SYS_setgroups, 65537, list), EINVAL);
	CHECK_ERR(syscall(SYS_setgroups, 1, BAD), EFAULT);
	CHECK_EQ(getgroups(8, got), 3);

	/* A supplementary group opens its files; the fs gid still counts. */
	make_file("g20", 0040, 0, 20);
	make_file("g40", 0040, 0, 40);
	pid = xfork();
	if (pid == 0) {
		CHECK_EQ(getgroups(0, NULL), 3);
		OK(setresgid(NOGROUP, NOGROUP, NOGROUP));
		OK(setresuid(NOBODY, NOBODY, NOBODY));
		close(OK(open("g20", O_RDONLY)));
		CHECK_ERR(open("g40", O_RDONLY), EACCES);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	OK(setgroups(0, NULL));
	CHECK_EQ(getgroups(8, got), 0);
}

/* ------------------------------------------------------------ files */

static void t_cred_open(void)
{
	struct stat st;
	char buf[16];
	int fd;

	OK(chmod(".", 0777));
	make_file("secret", 0600, 0, 0);
	make_file("public", 0644, 0, 0);
	make_file("shared", 0666, 0, 0);
	make_file("own_none", 0066, NOBODY, NOGROUP); /* the owner's bits count, not others' */
	OK(mkdir("d700", 0700));
	make_file("d700/f", 0644, 0, 0);
	OK(mkdir("d711", 0711));
	make_file("d711/f", 0644, 0, 0);
	OK(mkdir("d755", 0755));
	become(NOBODY, NOGROUP);

	CHECK_ERR(open("secret", O_RDONLY), EACCES);
	close(OK(open("public", O_RDONLY)));
	CHECK_ERR(open("public", O_WRONLY), EACCES);
	CHECK_ERR(open("public", O_RDWR), EACCES);
	CHECK_ERR(open("public", O_RDONLY | O_TRUNC), EACCES);
	CHECK_ERR(open("public", O_RDONLY | O_NOATIME), EPERM);
	CHECK_EQ(read_file("public", buf, sizeof(buf)), 8); /* not truncated */
	CHECK_ERR(truncate("public", 0), EACCES);
	close(OK(open("shared", O_RDWR)));
	CHECK_ERR(open("own_none", O_RDONLY), EACCES);

	/* Directories: x to pass through, r to list, w+x to make entries. */
	CHECK_ERR(stat("d700/f", &st), EACCES);
	CHECK_ERR(open("d700/f", O_RDONLY), EACCES);
	CHECK_ERR(open("d700", O_RDONLY | O_DIRECTORY), EACCES);
	CHECK_ERR(chdir("d700"), EACCES);
	OK(stat("d711/f", &st));
	CHECK_ERR(open("d711", O_RDONLY | O_DIRECTORY), EACCES);
	CHECK_ERR(open("d755/new", O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR(creat("d711/new", 0644), EACCES);

	/* A new file: the creator's ids; its mode binds only later opens. */
	fd = OK(open("mine", O_CREAT | O_RDWR, 0400));
	OK(fstat(fd, &st));
	CHECK_EQ(st.st_uid, NOBODY);
	CHECK_EQ(st.st_gid, NOGROUP);
	CHECK_EQ(st.st_mode & 07777, 0400);
	CHECK_EQ(write(fd, "x", 1), 1);
	close(fd);
	CHECK_ERR(open("mine", O_RDWR), EACCES);
	close(OK(open("mine", O_RDONLY)));

	/* access(): the same questions. */
	CHECK_ERR(access("secret", R_OK), EACCES);
	OK(access("public", R_OK));
	CHECK_ERR(access("public", W_OK), EACCES);
	OK(access("public", F_OK));
	CHECK_ERR(access("d700/f", F_OK), EACCES);
}

/* Root may read and write anything, and run only what has an x bit. */
static void t_cred_root_access(void)
{
	char *args[] = { "x", NULL }, *envs[] = { NULL };

	make_file("none", 0000, NOBODY, NOGROUP);
	make_file("rw", 0600, NOBODY, NOGROUP);
	OK(access("none", R_OK | W_OK));
	close(OK(open("none", O_RDWR)));
	CHECK_ERR(access("none", X_OK), EACCES);
	CHECK_ERR(execve("none", args, envs), EACCES);
	OK(chmod("none", 0001));
	OK(access("none", X_OK));

	/* access() asks for the real uid, AT_EACCESS for the effective one. */
	OK(chmod(".", 0777));
	make_file("rootonly", 0600, 0, 0);
	OK(setresuid(NOBODY, 0, 0));
	close(OK(open("rootonly", O_RDWR)));
	CHECK_ERR(access("rootonly", R_OK), EACCES);
	CHECK_ERR(faccessat(AT_FDCWD, "rootonly", R_OK, 0), EACCES);
	OK(faccessat(AT_FDCWD, "rootonly", R_OK | W_OK, AT_EACCESS));
	OK(access("rw", R_OK | W_OK)); /* nobody's own file */
	CHECK_ERR(syscall(SYS_faccessat2, AT_FDCWD, "rootonly", W_OK, 0), EACCES);
	OK(syscall(SYS_faccessat2, AT_FDCWD, "rootonly", W_OK, AT_EACCESS));
}

static void t_cred_dirs(void)
{
	OK(chmod(".", 0777));
	OK(mkdir("ro", 0755));
	make_file("ro/f", 0666, 0, 0);
	OK(mkdir("ro/sub", 0755));
	make_dir("open", 0777);
	make_file("open/rootfile", 0644, 0, 0);
	OK(mkdir("open/rootdir", 0755));
	make_dir("open2", 0777);
	make_dir("sticky", 01777);
	make_file("sticky/rootfile", 0666, 0, 0);
	make_file("sticky/other", 0666, 1000, 1000);
	become(NOBODY, NOGROUP);

	/* A directory without write permission keeps its entries. */
	CHECK_ERR(unlink("ro/f"), EACCES);
	CHECK_ERR(rmdir("ro/sub"), EACCES);
	CHECK_ERR(mkdir("ro/new", 0755), EACCES);
	CHECK_ERR(rename("ro/f", "ro/g"), EACCES);
	CHECK_ERR(rename("ro/f", "open/g"), EACCES);
	CHECK_ERR(rename("open/rootfile", "ro/g"), EACCES);
	CHECK_ERR(link("open/rootfile", "ro/l"), EACCES);
	CHECK_ERR(symlink("target", "ro/s"), EACCES);
	CHECK_ERR(mknod("ro/fifo", S_IFIFO | 0644, 0), EACCES);

	/* A writable one lets anyone remove anything, unless it is sticky. */
	OK(rename("open/rootfile", "open/moved"));
	OK(unlink("open/moved"));
	CHECK_ERR(unlink("sticky/rootfile"), EPERM);
	CHECK_ERR(unlink("sticky/other"), EPERM);
	CHECK_ERR(rename("sticky/rootfile", "sticky/x"), EPERM);
	write_file("sticky/mine", "m", 1);
	CHECK_ERR(rename("sticky/mine", "sticky/other"), EPERM); /* replacing counts as removing */
	OK(rename("sticky/mine", "sticky/mine2"));
	OK(unlink("sticky/mine2"));

	/* Moving a directory elsewhere rewrites its "..": it must be writable. */
	CHECK_ERR(rename("open/rootdir", "open2/rootdir"), EACCES);
	OK(rename("open/rootdir", "open/rootdir2"));
	OK(mkdir("open/mydir", 0755));
	OK(rename("open/mydir", "open2/mydir"));
	OK(rmdir("open2/mydir"));
}

static void t_cred_chmod_chown(void)
{
	gid_t groups[1] = { 500 };
	struct timespec ts[2] = { { 1, 0 }, { 2, 0 } };
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
	struct stat st;
	int fd;

	OK(chmod(".", 0777));
	make_file("rootfile", 0644, 0, 0);
	make_file("rootrw", 0666, 0, 0);
	make_file("mine", 0644, NOBODY, NOGROUP);
	make_file("mine_g777", 0644, NOBODY, 777);
	make_file("w_suid", 0777, 0, 0);
	OK(chmod("w_suid", 06777));
	OK(symlink("rootfile", "rootlink"));

	/* Any chown clears set-user-id, root's too, and set-group-id with group x. */
	make_file("suid", 0755, 0, 0);
	OK(chmod("suid", 06755));
	OK(chown("suid", 0, 0));
	CHECK_EQ(mode_of("suid"), 0755);
	make_file("sgid_nox", 0644, 0, 0);
	OK(chmod("sgid_nox", 02644));
	OK(chown("sgid_nox", 1, 1));
	CHECK_EQ(mode_of("sgid_nox"), 02644); /* mandatory locking, not a group */

	OK(setgroups(1, groups));
	OK(setresgid(NOGROUP, NOGROUP, NOGROUP));
	OK(setresuid(NOBODY, NOBODY, NOBODY));

	/* chmod: the owner only. */
	CHECK_ERR(chmod("rootfile", 0666), EPERM);
	fd = OK(open("rootrw", O_RDWR));
	CHECK_ERR(fchmod(fd, 0600), EPERM);
	CHECK_ERR(fchown(fd, NOBODY, -1), EPERM);
	close(fd);
	OK(chmod("mine", 0600));
	OK(chmod("mine", 02755));
	CHECK_EQ(mode_of("mine"), 02755); /* its group is the caller's */
	OK(chmod("mine_g777", 02755));
	CHECK_EQ(mode_of("mine_g777"), 0755); /* not a group of the caller's: no set-group-id */

	/* chown: only root gives away; the owner picks among its own groups. */
	CHECK_ERR(chown("mine", 0, -1), EPERM);
	OK(chown("mine", NOBODY, -1));
	OK(chmod("mine", 0755));
	OK(chown("mine", -1, 500));
	CHECK_ERR(chown("mine", -1, 501), EPERM);
	CHECK_ERR(chown("rootfile", -1, 500), EPERM);
	CHECK_ERR(lchown("rootlink", NOBODY, -1), EPERM);
	OK(stat("mine", &st));
	CHECK_EQ(st.st_gid, 500);

	/* Writing clears set-id bits. */
	fd = OK(open("w_suid", O_WRONLY));
	CHECK_EQ(mode_of("w_suid"), 06777);
	CHECK_EQ(write(fd, "x", 1), 1);
	close(fd);
	CHECK_EQ(mode_of("w_suid"), 0777);

	/* Times: "now" for whoever may write, anything else for the owner. */
	OK(utimensat(AT_FDCWD, "rootrw", NULL, 0));
	OK(utimensat(AT_FDCWD, "rootrw", now, 0));
	CHECK_ERR(utimensat(AT_FDCWD, "rootrw", ts, 0), EPERM);
	CHECK_ERR(utimensat(AT_FDCWD, "rootfile", NULL, 0), EACCES);
	CHECK_ERR(utimensat(AT_FDCWD, "rootfile", now, 0), EACCES);
	OK(utimensat(AT_FDCWD, "rootfile", omit, 0));
	OK(utimensat(AT_FDCWD, "mine", ts, 0));
	OK(stat("mine", &st));
	CHECK_EQ(st.st_mtime, 2);
}

static void t_cred_new_files(void)
{
	struct stat st;
	pid_t pid;

	OK(chmod(".", 0777));
	OK(mkdir("sg", 0777));
	OK(chown("sg", 0, 4242));
	OK(chmod("sg", 02777));
	make_dir("plain", 0777);
	pid = xfork();
	if (pid == 0) {
		become(NOBODY, NOGROUP);
		close(OK(open("plain/f", O_CREAT | O_WRONLY, 0644)));
		OK(stat("plain/f", &st));
		CHECK(st.st_uid == NOBODY && st.st_gid == NOGROUP);
		/* A set-group-id directory hands down its group, and the bit to directories. */
		close(OK(open("sg/f", O_CREAT | O_WRONLY, 02755)));
		OK(stat("sg/f", &st));
		CHECK(st.st_uid == NOBODY && st.st_gid == 4242);
		CHECK_EQ(st.st_mode & 07777, 0755); /* not a member of 4242: no set-group-id */
		OK(mkdir("sg/d", 0755));
		OK(stat("sg/d", &st));
		CHECK_EQ(st.st_gid, 4242);
		CHECK_EQ(st.st_mode & 07777, 02755);
		OK(symlink("f", "sg/l"));
		OK(lstat("sg/l", &st));
		CHECK(st.st_uid == NOBODY && st.st_gid == 4242);
		OK(mknod("sg/p", S_IFIFO | 0600, 0));
		OK(stat("sg/p", &st));
		CHECK_EQ(st.st_gid, 4242);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	/* Root keeps the bit on what it makes there. */
	close(OK(open("sg/rootf", O_CREAT | O_WRONLY, 02755)));
	OK(stat("sg/rootf", &st));
	CHECK(st.st_uid == 0 && st.st_gid == 4242);
	CHECK_EQ(st.st_mode & 07777, 02755);
}

/* ------------------------------------------------------------ execve */

/* utest --exec-ids: what a set-id program runs with, from the kernel and the auxv. */
int exec_ids(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	char out[200];

	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	snprintf(out, sizeof(out), "uids %u %u %u gids %u %u %u aux %lu %lu %lu %lu %lu\n", r, e, s,
		 gr, ge, gs, getauxval(AT_SECURE), getauxval(AT_UID), getauxval(AT_EUID),
		 getauxval(AT_GID), getauxval(AT_EGID));
	return write(1, out, strlen(out)) == (ssize_t)strlen(out) ? 0 : 3;
}

void run_ids(const char *path, uid_t uid, gid_t gid, int nnp, char *got, size_t size)
{
	char *args[] = { (char *)path, "--exec-ids", NULL }, *envs[] = { NULL };
	ssize_t n, len = 0;
	int p[2];
	pid_t pid;

	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		if (uid)
			become(uid, gid);
		if (nnp)
			OK(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
		OK(dup2(p[1], 1));
		execve(path, args, envs);
		fail("execve %s: %s", path, errname(errno));
	}
	close(p[1]);
	while (len < (ssize_t)size - 1 && (n = read(p[0], got + len, size - 1 - len)) > 0)
		len += n;
	got[len] = '\0';
	close(p[0]);
	expect_exit(xwait(pid), 0);
}

void copy_self(const char *path)
{
	static char buf[65536];
	int in = OK(open(utest_self, O_RDONLY));
	int out = OK(open(path, O_CREAT | O_WRONLY | O_TRUNC, 0755));
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		CHECK_EQ(write(out, buf, n), n);
	CHECK_EQ(n, 0);
	close(in);
	close(out);
}

static void t_cred_exec_setid(void)
{
	char got[256];
	char *args[] = { "x", NULL }, *envs[] = { NULL };
	pid_t pid;

	OK(chmod(".", 0777));
	copy_self("setid");
	OK(chown("setid", 1234, 4321)); /* before chmod: chown clears the bits */
	OK(chmod("setid", 06755));
	run_ids("./setid", NOBODY, NOGROUP, 0, got, sizeof(got));
	CHECK_STR(got, "uids 65534 1234 1234 gids 65534 4321 4321 aux 1 65534 1234 65534 4321\n");
	/* No new privileges: the bits are ignored. */
	run_ids("./setid", NOBODY, NOGROUP, 1, got, sizeof(got));
	CHECK_STR(got, "uids 65534 65534 65534 gids 65534 65534 65534 aux 0 65534 65534 65534 65534\n");
	/* Set-group-id without group execute is no set-group-id. */
	OK(chmod("setid", 02745));
	run_ids("./setid", NOBODY, NOGROUP, 0, got, sizeof(got));
	CHECK_STR(got, "uids 65534 65534 65534 gids 65534 65534 65534 aux 0 65534 65534 65534 65534\n");
	OK(chmod("setid", 04755));
	run_ids("./setid", 0, 0, 0, got, sizeof(got));
	CHECK_STR(got, "uids 0 1234 1234 gids 0 0 0 aux 1 0 1234 0 0\n");

	/* Execute permission alone runs a program; none at all does not. */
	copy_self("xonly");
	OK(chmod("xonly", 0711));
	run_ids("./xonly", NOBODY, NOGROUP, 0, got, sizeof(got));
	CHECK_STR(got, "uids 65534 65534 65534 gids 65534 65534 65534 aux 0 65534 65534 65534 65534\n");
	OK(chmod("xonly", 0744));
	pid = xfork();
	if (pid == 0) {
		become(NOBODY, NOGROUP);
		CHECK_ERR(execve("./xonly", args, envs), EACCES);
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
}

/* ------------------------------------------------------------ signals */

/* A child with the given ids that waits to be killed; it says when it is ready. */
static pid_t target(uid_t r, uid_t e, uid_t s)
{
	int p[2];
	char c;
	pid_t pid;

	OK(pipe(p));
	pid = xfork();
	if (pid == 0) {
		OK(setresuid(r, e, s));
		close(p[0]);
		CHECK_EQ(write(p[1], "r", 1), 1);
		for (;;)
			pause();
	}
	close(p[1]);
	CHECK_EQ(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

struct kill_case {
	pid_t pid;
	uid_t r, e, s;
	int err; /* 0: allowed */
};

static void try_kill(void *arg)
{
	struct kill_case *k = arg;

	OK(setresuid(k->r, k->e, k->s));
	if (k->err) {
		CHECK_ERR(kill(k->pid, 0), k->err);
		CHECK_ERR(kill(k->pid, SIGTERM), k->err);
		CHECK_ERR(syscall(SYS_tgkill, k->pid, k->pid, SIGTERM), k->err);
		CHECK_ERR(kill(-k->pid, SIGTERM), k->err); /* its own group */
	} else {
		OK(kill(k->pid, 0));
	}
}

static void t_cred_kill(void)
{
	pid_t root = target(0, 0, 0), other = target(2000, 4000, 3000);
	struct kill_case cases[] = {
		{ root, NOBODY, NOBODY, NOBODY, EPERM },
		{ other, 4000, 4000, 4000, EPERM }, /* the target's euid does not count */
		{ other, 3000, 5000, 5000, 0 },	    /* real uid = its saved uid */
		{ other, 5000, 2000, 5000, 0 },	    /* effective uid = its real uid */
		{ other, 5000, 5000, 2000, EPERM }, /* the sender's saved uid does not count */
	};
	pid_t pid;
	int st;

	OK(setpgid(root, root));
	OK(setpgid(other, other));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_exit(run_child(try_kill, &cases[i]), 0);
	/* SIGCONT reaches anyone in the same session. */
	pid = xfork();
	if (pid == 0) {
		become(NOBODY, NOGROUP);
		OK(kill(root, SIGCONT));
		_exit(0);
	}
	expect_exit(xwait(pid), 0);
	/* Root may signal anyone. */
	OK(kill(other, SIGKILL));
	OK(kill(root, SIGKILL));
	st = xwait(root);
	expect_signal(st, SIGKILL);
	expect_signal(xwait(other), SIGKILL);
}

/* A signal's siginfo names the sender's real uid; SIGCHLD's the child's. */
static void t_cred_siginfo(void)
{
	pid_t me = getpid(), pid;
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGCHLD);
	OK(sigprocmask(SIG_BLOCK, &set, NULL));
	pid = xfork();
	if (pid == 0) {
		OK(setresuid(1234, 0, 0)); /* root in effect, 1234 for real */
		OK(kill(me, SIGUSR1));
		OK(setresuid(4321, 4321, 4321));
		_exit(0);
	}
	/* The lower number first: SIGUSR1 comes before SIGCHLD. */
	CHECK_EQ(sigwaitinfo(&set, &si), SIGUSR1);
	CHECK_EQ(si.si_code, SI_USER);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_uid, 1234);
	CHECK_EQ(sigwaitinfo(&set, &si), SIGCHLD);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_uid, 4321);
	expect_exit(xwait(pid), 0);
}

const struct utest cred_tests[] = {
	{ "cred_ids", t_cred_ids },
	{ "cred_groups", t_cred_groups },
	{ "cred_open", t_cred_open },
	{ "cred_root_access", t_cred_root_access },
	{ "cred_dirs", t_cred_dirs },
	{ "cred_chmod_chown", t_cred_chmod_chown },
	{ "cred_new_files", t_cred_new_files },
	{ "cred_exec_setid", t_cred_exec_setid },
	{ "cred_kill", t_cred_kill },
	{ "cred_siginfo", t_cred_siginfo },
	{ NULL, NULL },
};
