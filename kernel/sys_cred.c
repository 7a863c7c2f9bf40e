/*
 * The system calls on credentials: reading the user and group ids,
 * changing them by Linux's rules, and the supplementary group list.
 *
 * The rules, in short: root (CAP_SETUID for user ids, CAP_SETGID for
 * group ids and the group list) may set any id; anyone else may only
 * shuffle the values its real, effective and saved ids already hold
 * (EPERM otherwise). The file-system id follows the effective one on
 * every change. An id of -1 means "leave it" where Linux reads it so,
 * and is EINVAL where an id is required (setuid, setgid, setgroups).
 */
#define pr_fmt(fmt) "cred: " fmt

#include <asm/irqflags.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/mm.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

/*
 * A change is built on a copy and installed whole: other processes read
 * these ids (kill, /proc), and a preemption half-way through must not
 * show them a mix.
 */
static void commit_cred(const struct cred *new)
{
	struct process *p = current_proc();
	struct group_info *old_groups = p->cred.groups;
	unsigned long flags = arch_local_irq_save();

	p->cred = *new;
	arch_local_irq_restore(flags);
	if (old_groups != new->groups)
		groups_put(old_groups);
}

/* ---------------------------------------------------------------- reading */

static long sys_getuid(void)
{
	return current_cred()->uid;
}
SYSCALL(__NR_getuid, getuid, sys_getuid);

static long sys_geteuid(void)
{
	return current_cred()->euid;
}
SYSCALL(__NR_geteuid, geteuid, sys_geteuid);

static long sys_getgid(void)
{
	return current_cred()->gid;
}
SYSCALL(__NR_getgid, getgid, sys_getgid);

static long sys_getegid(void)
{
	return current_cred()->egid;
}
SYSCALL(__NR_getegid, getegid, sys_getegid);

static long put_ids(unsigned long ur, unsigned long ue, unsigned long us, u32 r, u32 e, u32 s)
{
	if (copy_to_user((void *)ur, &r, sizeof(r)) || copy_to_user((void *)ue, &e, sizeof(e)) ||
	    copy_to_user((void *)us, &s, sizeof(s)))
		return -EFAULT;
	return 0;
}

static long sys_getresuid(unsigned long ur, unsigned long ue, unsigned long us)
{
	const struct cred *c = current_cred();

	return put_ids(ur, ue, us, c->uid, c->euid, c->suid);
}
SYSCALL(__NR_getresuid, getresuid, sys_getresuid);

static long sys_getresgid(unsigned long ur, unsigned long ue, unsigned long us)
{
	const struct cred *c = current_cred();

	return put_ids(ur, ue, us, c->gid, c->egid, c->sgid);
}
SYSCALL(__NR_getresgid, getresgid, sys_getresgid);

/* ---------------------------------------------------------------- changing ids */

/*
 * User and group ids follow the same rules, each kind with its own
 * capability: the four ids of one kind in a struct cred.
 */
struct id_set {
	u32 *r, *e, *s, *fs;
	int cap;
};

static struct id_set user_ids(struct cred *c)
{
	return (struct id_set){ &c->uid, &c->euid, &c->suid, &c->fsuid, CAP_SETUID };
}

static struct id_set group_ids(struct cred *c)
{
	return (struct id_set){ &c->gid, &c->egid, &c->sgid, &c->fsgid, CAP_SETGID };
}

/* One of the three ids a process may always switch among. */
static bool is_own(const struct id_set *ids, u32 id)
{
	return id == *ids->r || id == *ids->e || id == *ids->s;
}

/* setuid, setgid: root sets all but fs to id; others may take back the real or saved id. */
static long set_id(struct id_set (*kind)(struct cred *), unsigned long arg)
{
	struct cred new = *current_cred();
	struct id_set ids = kind(&new);
	u32 id = (u32)arg;

	if (id == INVALID_ID)
		return -EINVAL;
	if (capable(ids.cap))
		*ids.r = *ids.s = id;
	else if (id != *ids.r && id != *ids.s)
		return -EPERM;
	*ids.e = *ids.fs = id;
	commit_cred(&new);
	return 0;
}

static long set_reid(struct id_set (*kind)(struct cred *), unsigned long ur, unsigned long ue)
{
	struct cred new = *current_cred();
	struct id_set ids = kind(&new);
	u32 r = (u32)ur, e = (u32)ue, old_r = *ids.r;
	bool root = capable(ids.cap);

	if (e != INVALID_ID && !is_own(&ids, e) && !root)
		return -EPERM;
	/* The real id may become the effective one, not the saved one. */
	if (r != INVALID_ID && r != *ids.r && r != *ids.e && !root)
		return -EPERM;
	if (r != INVALID_ID)
		*ids.r = r;
	if (e != INVALID_ID)
		*ids.e = e;
	/* The saved id takes the new effective one if the real id changes or that leaves it. */
	if (r != INVALID_ID || (e != INVALID_ID && e != old_r))
		*ids.s = *ids.e;
	*ids.fs = *ids.e;
	commit_cred(&new);
	return 0;
}

static long set_resid(struct id_set (*kind)(struct cred *), unsigned long ur, unsigned long ue,
		      unsigned long us)
{
	struct cred new = *current_cred();
	struct id_set ids = kind(&new);
	u32 id[3] = { (u32)ur, (u32)ue, (u32)us };
	u32 *slot[3] = { ids.r, ids.e, ids.s };

	for (int i = 0; i < 3; i++)
		if (id[i] != INVALID_ID && !is_own(&ids, id[i]) && !capable(ids.cap))
			return -EPERM;
	for (int i = 0; i < 3; i++)
		if (id[i] != INVALID_ID)
			*slot[i] = id[i];
	*ids.fs = *ids.e;
	commit_cred(&new);
	return 0;
}

/* setfsuid, setfsgid return the old id whatever happens: a refusal is silent. */
static long set_fsid(struct id_set (*kind)(struct cred *), unsigned long arg)
{
	struct cred new = *current_cred();
	struct id_set ids = kind(&new);
	u32 id = (u32)arg, old = *ids.fs;

	if (id != INVALID_ID && id != old && (is_own(&ids, id) || capable(ids.cap))) {
		*ids.fs = id;
		commit_cred(&new);
	}
	return old;
}

static long sys_setuid(unsigned long uid)
{
	return set_id(user_ids, uid);
}
SYSCALL(__NR_setuid, setuid, sys_setuid);

static long sys_setgid(unsigned long gid)
{
	return set_id(group_ids, gid);
}
SYSCALL(__NR_setgid, setgid, sys_setgid);

static long sys_setreuid(unsigned long r, unsigned long e)
{
	return set_reid(user_ids, r, e);
}
SYSCALL(__NR_setreuid, setreuid, sys_setreuid);

static long sys_setregid(unsigned long r, unsigned long e)
{
	return set_reid(group_ids, r, e);
}
SYSCALL(__NR_setregid, setregid, sys_setregid);

static long sys_setresuid(unsigned long r, unsigned long e, unsigned long s)
{
	return set_resid(user_ids, r, e, s);
}
SYSCALL(__NR_setresuid, setresuid, sys_setresuid);

static long sys_setresgid(unsigned long r, unsigned long e, unsigned long s)
{
	return set_resid(group_ids, r, e, s);
}
SYSCALL(__NR_setresgid, setresgid, sys_setresgid);

static long sys_setfsuid(unsigned long uid)
{
	return set_fsid(user_ids, uid);
}
SYSCALL(__NR_setfsuid, setfsuid, sys_setfsuid);

static long sys_setfsgid(unsigned long gid)
{
	return set_fsid(group_ids, gid);
}
SYSCALL(__NR_setfsgid, setfsgid, sys_setfsgid);

/* ---------------------------------------------------------------- supplementary groups */

static long sys_getgroups(unsigned long usize, unsigned long list)
{
	const struct group_info *gi = current_cred()->groups;
	int size = (int)usize, n = gi ? (int)gi->count : 0;

	if (size < 0)
		return -EINVAL;
	/* A size of 0 asks how many there are. */
	if (size == 0 || n == 0)
		return n;
	if (n > size)
		return -EINVAL;
	if (copy_to_user((void *)list, gi->gid, (size_t)n * sizeof(u32)))
		return -EFAULT;
	return n;
}
SYSCALL(__NR_getgroups, getgroups, sys_getgroups);

static long sys_setgroups(unsigned long usize, unsigned long list)
{
	struct cred new = *current_cred();
	struct group_info *gi = NULL;
	int size = (int)usize;
	long err;

	if (!capable(CAP_SETGID))
		return -EPERM;
	if ((unsigned int)size > NGROUPS_MAX)
		return -EINVAL;
	if (size) {
		gi = groups_alloc((unsigned int)size);
		if (!gi)
			return -ENOMEM;
		err = -EFAULT;
		if (copy_from_user(gi->gid, (const void *)list, (size_t)size * sizeof(u32)))
			goto out;
		err = -EINVAL;
		for (int i = 0; i < size; i++)
			if (gi->gid[i] == INVALID_ID)
				goto out;
		groups_sort(gi);
	}
	new.groups = gi;
	commit_cred(&new);
	return 0;
out:
	groups_put(gi);
	return err;
}
SYSCALL(__NR_setgroups, setgroups, sys_setgroups);
