/*
 * fcntl(): descriptor flags and duplication, status flags, the owner that
 * a file's signals go to, and the commands of other mechanisms: record
 * locks (locks.c), leases (lease.c) and pipe sizes (pipe.c).
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/proc.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>

#include "fs-internal.h"
#include "locks.h"
#include "pipe.h"

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_SETOWN	8
#define F_GETOWN	9
#define F_SETOWN_EX	15
#define F_GETOWN_EX	16
#define F_SETLEASE	1024
#define F_GETLEASE	1025
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ	1031
#define F_GETPIPE_SZ	1032
#define F_ADD_SEALS	1033
#define F_GET_SEALS	1034
#define FD_CLOEXEC	1

/* What F_SETFL may change. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK)

struct f_owner_ex {
	int type; /* F_OWNER_* */
	int pid;
};

/* The commands an O_PATH descriptor allows: it has no file behind it to act on. */
static bool path_cmd(unsigned int cmd)
{
	return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
	       cmd == F_GETFL;
}

static int has_pgrp(struct process *p, void *arg)
{
	return p->pgid == *(int *)arg;
}

/* Whether a process (F_OWNER_PID, _TID) or a process group has the id. */
static bool owner_exists(int type, int id)
{
	if (type == F_OWNER_PGRP)
		return for_each_process(has_pgrp, &id) != 0;
	return find_process(id) != NULL;
}

/* F_SETOWN, F_SETOWN_EX: ESRCH for an id nobody has, as Linux. */
static long set_owner(struct file *f, int type, int id)
{
	if (id && !owner_exists(type, id))
		return -ESRCH;
	f->owner_type = type;
	f->owner_pid = id;
	return 0;
}

/* The owner's id, or 0 once it is gone. */
static int owner_id(const struct file *f)
{
	int id = f->owner_pid;

	return id && owner_exists(f->owner_type, id) ? id : 0;
}

static long getown_ex(struct file *f, unsigned long arg)
{
	struct f_owner_ex o = { .type = f->owner_type, .pid = owner_id(f) };

	return copy_to_user((void *)arg, &o, sizeof(o)) ? -EFAULT : 0;
}

static long setown_ex(struct file *f, unsigned long arg)
{
	struct f_owner_ex o;

	if (copy_from_user(&o, (const void *)arg, sizeof(o)))
		return -EFAULT;
	if (o.type != F_OWNER_TID && o.type != F_OWNER_PID && o.type != F_OWNER_PGRP)
		return -EINVAL;
	return set_owner(f, o.type, o.pid);
}

static long setown(struct file *f, unsigned long arg)
{
	int who = (int)arg;

	/* A negative number names a process group. */
	if (who == INT32_MIN)
		return -EINVAL;
	if (who < 0)
		return set_owner(f, F_OWNER_PGRP, -who);
	return set_owner(f, F_OWNER_PID, who);
}

static long sys_fcntl(unsigned long fd, unsigned long cmd, unsigned long arg)
{
	struct files *files = current_files();
	struct file *f = fget_raw((int)fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = -EBADF;
	if ((f->flags & O_PATH) && !path_cmd((unsigned int)cmd))
		goto out;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= fd_limit()) {
			ret = -EINVAL;
			break;
		}
		return dup_from(f, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		ret = fd_get_cloexec(files, (int)fd) > 0 ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		ret = fd_set_cloexec(files, (int)fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		ret = f->flags & ~(u32)O_NOCTTY;
		break;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
		ret = 0;
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		ret = fcntl_lock(f, (unsigned int)cmd, arg);
		break;
	case F_GETOWN:
		ret = f->owner_type == F_OWNER_PGRP ? -owner_id(f) : owner_id(f);
		break;
	case F_SETOWN:
		ret = setown(f, arg);
		break;
	case F_GETOWN_EX:
		ret = getown_ex(f, arg);
		break;
	case F_SETOWN_EX:
		ret = setown_ex(f, arg);
		break;
	case F_SETLEASE:
		ret = fcntl_setlease(f, arg);
		break;
	case F_GETLEASE:
		ret = fcntl_getlease(f);
		break;
	case F_GETPIPE_SZ:
		ret = pipe_get_size(f);
		break;
	case F_SETPIPE_SZ:
		ret = pipe_set_size(f, arg);
		break;
	case F_ADD_SEALS:
	case F_GET_SEALS:
		ret = memfd_fcntl(f, (unsigned int)cmd, arg);
		break;
	default:
		ret = -EINVAL;
		break;
	}
out:
	file_put(f);
	return ret;
}
SYSCALL(__NR_fcntl, fcntl, sys_fcntl);
