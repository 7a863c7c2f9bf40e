/*
 * Credentials: privilege checks against the caller's ids, supplementary
 * group lists, and what fork, execve and reaping do to credentials. The
 * system calls that read and change ids are kernel/sys_cred.c;
 * <kernel/cred.h> says where credentials live and what "capable" means.
 */
#define pr_fmt(fmt) "cred: " fmt

#include <kernel/cred.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/proc.h>

/* What a kernel thread acts as: root in every id, no groups. */
static const struct cred root_cred;

const struct cred *current_cred(void)
{
	struct process *p = current_proc();

	return p ? &p->cred : &root_cred;
}

/* The capabilities that follow the fsuid rather than the euid (Linux's CAP_FS_MASK). */
#define CAP_FS_SET                                                                          \
	((1ULL << CAP_CHOWN) | (1ULL << CAP_DAC_OVERRIDE) | (1ULL << CAP_DAC_READ_SEARCH) | \
	 (1ULL << CAP_FOWNER) | (1ULL << CAP_FSETID) | (1ULL << CAP_MKNOD))

bool capable(int cap)
{
	const struct cred *c = current_cred();

	if (cap >= 0 && cap < 64 && (CAP_FS_SET & (1ULL << cap)))
		return c->fsuid == 0;
	return c->euid == 0;
}

bool groups_search(const struct group_info *gi, u32 gid)
{
	unsigned int lo = 0, hi;

	if (!gi)
		return false;
	hi = gi->count;
	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (gi->gid[mid] == gid)
			return true;
		if (gi->gid[mid] < gid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool in_group_p(u32 gid)
{
	const struct cred *c = current_cred();

	return c->fsgid == gid || groups_search(c->groups, gid);
}

struct group_info *groups_alloc(unsigned int n)
{
	struct group_info *gi = kmalloc(sizeof(*gi) + (size_t)n * sizeof(u32));

	if (!gi)
		return NULL;
	gi->refs = 1;
	gi->count = n;
	return gi;
}

/* Shell sort: up to 65536 ids, no recursion on a 16 KiB kernel stack. */
void groups_sort(struct group_info *gi)
{
	static const unsigned int gaps[] = { 9841, 3280, 1093, 364, 121, 40, 13, 4, 1 };

	for (unsigned int g = 0; g < ARRAY_SIZE(gaps); g++) {
		unsigned int gap = gaps[g];

		for (unsigned int i = gap; i < gi->count; i++) {
			u32 v = gi->gid[i];
			unsigned int j = i;

			for (; j >= gap && gi->gid[j - gap] > v; j -= gap)
				gi->gid[j] = gi->gid[j - gap];
			gi->gid[j] = v;
		}
	}
}

/*
 * Group lists are only ever replaced, never changed. Processes sharing one
 * take and drop references at fork, setgroups and reap, and may preempt
 * each other doing it: the count is atomic.
 */
struct group_info *groups_get(struct group_info *gi)
{
	if (gi)
		__atomic_add_fetch(&gi->refs, 1, __ATOMIC_RELAXED);
	return gi;
}

void groups_put(struct group_info *gi)
{
	if (gi && __atomic_sub_fetch(&gi->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(gi);
}

void cred_fork(struct process *child, const struct process *parent)
{
	child->cred = parent->cred;
	groups_get(child->cred.groups);
	child->no_new_privs = parent->no_new_privs;
}

void cred_release(struct process *p)
{
	groups_put(p->cred.groups);
	p->cred.groups = NULL;
}

bool cred_exec(struct process *p, const struct inode *ino)
{
	struct cred *c = &p->cred;
	u32 old_uid = c->uid, old_gid = c->gid;

	/* A nosuid mount's set-id bits are ignored, as are everyone's under no_new_privs. */
	if (!p->no_new_privs && !(inode_mount_flags(ino) & ST_NOSUID)) {
		if (ino->mode & S_ISUID)
			c->euid = ino->uid;
		/* Set-group-id without group execute marks mandatory locking, not a new group. */
		if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
			c->egid = ino->gid;
	}
	c->suid = c->fsuid = c->euid;
	c->sgid = c->fsgid = c->egid;
	/* Linux's secureexec: the program runs as someone its invoker is not. */
	return c->euid != old_uid || c->egid != old_gid;
}

bool may_signal(const struct process *p)
{
	const struct cred *c = current_cred();
	const struct cred *t = &p->cred;

	if (c->euid == t->suid || c->euid == t->uid || c->uid == t->suid || c->uid == t->uid)
		return true;
	return capable(CAP_KILL);
}
