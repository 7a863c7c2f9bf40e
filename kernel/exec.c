/*
 * execve: replace the calling process's program with an ELF64 executable,
 * static or dynamically linked (its interpreter, PT_INTERP, is loaded
 * beside it and started first), or with the interpreter of a "#!" script.
 * kernel/exec_elf.c checks and maps the images; this file follows
 * scripts, lays out the new address space and builds the stack: argv,
 * envp and the auxiliary vector a C library and ld.so read at start-up
 * (program headers, entry, interpreter base, page size, random bytes,
 * and the ids it runs with, which a set-user-id or set-group-id file
 * changes: kernel/cred.c). Documentation/exec.md.
 */
#define pr_fmt(fmt) "exec: " fmt

#include <asm/irqflags.h>
#include <asm/paravirt.h>
#include <asm/percpu.h>
#include <asm/process.h>
#include <asm/tsc.h>
#include <kernel/cred.h>
#include <kernel/errno.h>
#include <kernel/fs.h>
#include <kernel/mm.h>
#include <kernel/params.h>
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/random.h>
#include <kernel/rseq.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

#include "exec.h"

#define ARG_MAX	     (128 * 1024) /* bytes of argv strings, and again of envp */
#define MAX_ARGS     4096
#define ET_DYN_BASE  0x0000555555554000ULL /* where position-independent programs go */
#define BINPRM_BUF   256		   /* bytes of a file looked at to tell what it is */
#define SCRIPT_DEPTH 5			   /* "#!" interpreters that may themselves be scripts (Linux's) */
#define RND_BITS     28			   /* pages of randomisation for mmap and ET_DYN (Linux's default) */
#define BRK_RND_BITS 13			   /* the heap starts up to 32 MiB past the program */

enum {
	/* clang-format off */
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
	AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
	AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17,
	AT_SECURE = 23, AT_RANDOM = 25, AT_HWCAP2 = 26, AT_EXECFN = 31,
	/* clang-format on */
};

/*
 * Address-space randomisation: ET_DYN programs, the mmap area (and so
 * the ELF interpreter and libraries) and the heap start at random
 * page-aligned offsets. "norandmaps" on the command line turns it off,
 * as on Linux, for reproducible addresses.
 */
static bool randmaps = true;

static int parse_norandmaps(const char *val)
{
	if (val)
		return -EINVAL;
	randmaps = false;
	return 0;
}
kernel_param("norandmaps", parse_norandmaps);

/* A random multiple of the page size below (1 << bits) pages, or 0 without randomisation. */
static u64 random_pages(unsigned int bits)
{
	return randmaps ? (get_random_u64() & ((1ULL << bits) - 1)) << PAGE_SHIFT : 0;
}

/* argv and envp gathered into kernel memory before the old image goes. */
struct strings {
	char *buf;
	size_t used;
	int count;
	size_t offs[MAX_ARGS];
};

static int gather(struct strings *s, const char *const *vec, bool user)
{
	for (int i = 0;; i++) {
		const char *p;
		long len;

		if (user) {
			if (copy_from_user(&p, &vec[i], sizeof(p)))
				return -EFAULT;
		} else {
			p = vec ? vec[i] : NULL;
		}
		if (!p)
			return 0;
		if (s->count == MAX_ARGS)
			return -E2BIG;
		if (user) {
			len = strncpy_from_user(s->buf + s->used, p, ARG_MAX - s->used);
			if (len == -ENAMETOOLONG)
				return -E2BIG;
			if (len < 0)
				return (int)len;
		} else {
			len = strlen(p);
			if (s->used + len + 1 > ARG_MAX)
				return -E2BIG;
			memcpy(s->buf + s->used, p, len + 1);
		}
		s->offs[s->count++] = s->used;
		s->used += len + 1;
	}
}

/*
 * Makes the n strings of items the first arguments in place of argv[0]
 * (a script's interpreter, its optional argument and the script's path).
 */
static int strings_prepend(struct strings *s, const char *const *items, int n)
{
	size_t add = 0, drop = s->count ? strlen(s->buf) + 1 : 0;
	int keep = s->count ? s->count - 1 : 0;

	for (int i = 0; i < n; i++)
		add += strlen(items[i]) + 1;
	if (s->used - drop + add > ARG_MAX || keep + n > MAX_ARGS)
		return -E2BIG;
	memmove(s->buf + add, s->buf + drop, s->used - drop);
	memmove(&s->offs[n], &s->offs[s->count - keep], keep * sizeof(s->offs[0]));
	for (int i = 0; i < keep; i++)
		s->offs[n + i] += add - drop;
	s->used = s->used - drop + add;
	s->count = keep + n;
	add = 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(items[i]) + 1;

		memcpy(s->buf + add, items[i], len);
		s->offs[i] = add;
		add += len;
	}
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * A "#!" line in buf (the first len bytes of the file): the interpreter's
 * path and at most one argument, the rest of the line with blanks
 * trimmed from both ends, as Linux reads it. The line ends at a newline
 * or a NUL; when neither is in buf, the interpreter's name must still
 * end inside it (an argument may be cut). Splits buf in place; -ENOEXEC
 * when there is no interpreter.
 */
static int parse_shebang(char *buf, size_t len, char **interp, char **arg)
{
	char *p = buf + 2, *end = buf + len, *eol = p;

	while (eol < end && *eol != '\n' && *eol)
		eol++;
	while (p < eol && blank(*p))
		p++;
	if (p == eol)
		return -ENOEXEC;
	*interp = p;
	while (p < eol && !blank(*p))
		p++;
	if (p == end)
		return -ENOEXEC; /* the name itself was cut */
	while (eol > p && blank(eol[-1]))
		eol--;
	*eol = '\0';
	if (p < eol)
		*p++ = '\0';
	while (p < eol && blank(*p))
		p++;
	*arg = p < eol ? p : NULL;
	return 0;
}

/* Pushes n bytes onto the new user stack at *sp. */
static int push(u64 *sp, const void *data, size_t n)
{
	*sp -= n;
	return copy_to_user((void *)*sp, data, n);
}

/* What the auxiliary vector tells the program about itself. */
struct aux_info {
	u64 phdr, phnum, entry; /* the program's headers and entry, with its bias */
	u64 base;		/* where the interpreter was loaded, 0 without one */
	bool secure;		/* set-id: the C library distrusts the environment */
};

static int build_stack(struct process *p, const struct strings *args, const struct strings *env,
		       const char *path, const struct aux_info *ai, u64 *out_sp)
{
	const struct cred *c = &p->cred;
	u64 sp = STACK_TOP, *ptrs;
	u64 str_argv, str_env, str_path, str_plat, str_rand;
	u64 rand[2];
	size_t nptrs;
	u32 regs[4];
	int rc = 0, i;

	/* Strings first, at the top. */
	rc |= push(&sp, path, strlen(path) + 1);
	str_path = sp;
	rc |= push(&sp, "x86_64", 7);
	str_plat = sp;
	rc |= push(&sp, env->buf, env->used);
	str_env = sp;
	rc |= push(&sp, args->buf, args->used);
	str_argv = sp;
	rand[0] = get_random_u64();
	rand[1] = get_random_u64();
	rc |= push(&sp, rand, sizeof(rand));
	str_rand = sp;
	if (rc)
		return -EFAULT;

	cpuid(1, regs);
	{
		u64 auxv[] = {
			/* clang-format off */
			AT_PHDR, ai->phdr, AT_PHENT, sizeof(struct elf64_phdr), AT_PHNUM, ai->phnum,
			AT_PAGESZ, PAGE_SIZE, AT_BASE, ai->base, AT_FLAGS, 0, AT_ENTRY, ai->entry,
			AT_UID, c->uid, AT_EUID, c->euid, AT_GID, c->gid, AT_EGID, c->egid,
			AT_SECURE, ai->secure,
			AT_HWCAP, regs[3], AT_HWCAP2, 0, AT_CLKTCK, 100, AT_PLATFORM, str_plat,
			AT_RANDOM, str_rand, AT_EXECFN, str_path, AT_NULL, 0,
			/* clang-format on */
		};

		nptrs = 1 + args->count + 1 + env->count + 1;
		/* At entry %rsp must be 16-byte aligned, pointing at argc. */
		sp = ALIGN_DOWN(sp, 16);
		if ((nptrs + ARRAY_SIZE(auxv)) % 2)
			sp -= 8;
		if (push(&sp, auxv, sizeof(auxv)))
			return -EFAULT;
	}
	ptrs = kmalloc(nptrs * sizeof(u64));
	if (!ptrs)
		return -ENOMEM;
	ptrs[0] = args->count;
	for (i = 0; i < args->count; i++)
		ptrs[1 + i] = str_argv + args->offs[i];
	ptrs[1 + args->count] = 0;
	for (i = 0; i < env->count; i++)
		ptrs[2 + args->count + i] = str_env + env->offs[i];
	ptrs[2 + args->count + env->count] = 0;
	rc = push(&sp, ptrs, nptrs * sizeof(u64));
	kfree(ptrs);
	*out_sp = sp;
	return rc;
}

/*
 * Follows "#!" lines from *f (opened from path) to the file that is no
 * script, rewriting the arguments on the way: argv[0] gives way to the
 * interpreter, its argument and the script's path. On success *f is an
 * ELF file (its header not yet checked). -ENOEXEC for a file that is
 * neither, -ELOOP past SCRIPT_DEPTH scripts.
 */
static int resolve_scripts(struct file **f, const char *path, struct strings *args)
{
	char *buf = kmalloc(BINPRM_BUF + 1), *name = kmalloc(BINPRM_BUF + 1);
	int rc = -ENOMEM;

	if (!buf || !name)
		goto out;
	strlcpy(name, path, BINPRM_BUF + 1);
	for (int depth = 0;; depth++) {
		ssize_t n = kernel_read(*f, buf, BINPRM_BUF, 0);
		const char *items[3];
		char *interp, *arg;
		int nitems = 0, err;
		struct file *next;

		rc = -ENOEXEC;
		if (n >= 4 && !memcmp(buf, "\177ELF", 4)) {
			rc = 0;
			goto out;
		}
		if (n < 2 || buf[0] != '#' || buf[1] != '!')
			goto out;
		rc = -ELOOP;
		if (depth == SCRIPT_DEPTH)
			goto out;
		rc = parse_shebang(buf, n, &interp, &arg);
		if (rc)
			goto out;
		/* The first script keeps the path it was called by; a nested one, its #! name. */
		items[nitems++] = interp;
		if (arg)
			items[nitems++] = arg;
		items[nitems++] = depth ? name : path;
		rc = strings_prepend(args, items, nitems);
		if (rc)
			goto out;
		next = vfs_open_exec(interp, &err);
		if (!next) {
			rc = err;
			goto out;
		}
		file_put(*f);
		*f = next;
		memmove(name, interp, strlen(interp) + 1);
	}
out:
	kfree(buf);
	kfree(name);
	return rc;
}

/*
 * The ELF interpreter the program names (PT_INTERP), read and checked.
 * Missing: ENOENT; not an ELF file of ours or a bad one: ELIBBAD, as
 * Linux; one that names an interpreter itself is refused the same way.
 */
static int open_interp(const char *path, struct elf_image *im, struct file **out)
{
	struct file *f;
	int rc;

	f = vfs_open_exec(path, &rc);
	if (!f)
		return rc;
	rc = elf_read(f, im);
	if (rc == -ENOEXEC || (!rc && im->interp))
		rc = -ELIBBAD;
	if (rc) {
		pr_info("%s: bad ELF interpreter (%d)\n", path, rc);
		file_put(f);
		return rc;
	}
	*out = f;
	return 0;
}

/*
 * The new address space: the program at its place (an ET_DYN one at a
 * random base above ET_DYN_BASE), its interpreter in the mmap area, the
 * stack, and the heap's start.
 */
static int build_mm(struct mm *mm, struct file *f, struct elf_image *prog, struct file *interp_f,
		    struct elf_image *interp)
{
	u64 bias = 0;
	int rc;

	mm->mmap_base -= random_pages(RND_BITS);
	if (prog->dyn)
		bias = ALIGN_UP(ET_DYN_BASE + random_pages(RND_BITS), prog->align) - prog->lo;
	rc = elf_map(mm, f, prog, bias);
	if (rc)
		return rc;
	if (interp_f) {
		u64 at = 0;

		if (interp->dyn) {
			at = vm_find_free(mm, interp->hi - interp->lo);
			if (!at)
				return -ENOMEM;
			at -= interp->lo;
		}
		rc = elf_map(mm, interp_f, interp, at);
		if (rc)
			return rc;
	}
	rc = vma_map(mm, STACK_TOP - STACK_SIZE, STACK_TOP, PROT_READ | PROT_WRITE, VMA_STACK,
		     NULL, 0, 0);
	if (rc)
		return rc;
	mm->brk_start = mm->brk = prog->end + random_pages(BRK_RND_BITS);
	mm->stack_top = STACK_TOP;
	return 0;
}

int do_execve(const char *path, const char *const *argv, const char *const *envp,
	      bool user_pointers, struct pt_regs *regs)
{
	struct process *p = current_proc();
	struct strings *args = NULL, *env = NULL;
	struct elf_image prog = { 0 }, interp = { 0 };
	struct file *f, *interp_f = NULL;
	struct mm *mm = NULL, *old;
	struct aux_info ai;
	const char *base;
	u64 sp;
	int rc, err;

	f = vfs_open_exec(path, &err);
	if (!f)
		return err;
	rc = -ENOMEM;
	args = kzalloc(sizeof(*args));
	env = kzalloc(sizeof(*env));
	if (!args || !env || !(args->buf = kmalloc(ARG_MAX)) || !(env->buf = kmalloc(ARG_MAX)))
		goto out;
	rc = gather(args, argv, user_pointers);
	if (!rc)
		rc = gather(env, envp, user_pointers);
	if (!rc)
		rc = resolve_scripts(&f, path, args);
	if (!rc)
		rc = elf_read(f, &prog);
	if (!rc && prog.interp)
		rc = open_interp(prog.interp, &interp, &interp_f);
	if (rc)
		goto out;

	/* The point of no return is the switch below; build the new space first. */
	rc = -ENOMEM;
	mm = mm_create();
	if (!mm)
		goto out;
	rc = build_mm(mm, f, &prog, interp_f, &interp);
	if (rc)
		goto out;
	/* /proc/PID/exe: the program (a script's interpreter), never ld.so. */
	mm->exe_file = file_get(f);

	/* The other threads end first; the caller becomes the group's leader. */
	rc = de_thread(p);
	if (rc)
		goto out;
	/* What the old image's thread library left: its robust locks, the join word. */
	if (p->mm)
		exit_thread_user(p);

	/* Switch: from here on, failures kill the process. */
	old = p->mm;
	p->mm = mm;
	write_cr3(mm->pgd);
	if (old)
		mm_put(old);
	mm = NULL;
	/* A vfork parent may run again: the memory it lent is no longer used. */
	vfork_release(p);
	/* A table shared with another process (CLONE_FILES) becomes the caller's own. */
	files_unshare(p);
	ai.phdr = prog.phdr;
	ai.phnum = prog.eh.phnum;
	ai.entry = prog.entry;
	ai.base = interp_f ? interp.bias : 0;
	ai.secure = cred_exec(p, f->inode);
	rc = build_stack(p, args, env, path, &ai, &sp);
	if (rc) {
		pr_err("%s: cannot build the stack of %s (%d); killing it\n", p->comm, path, rc);
		do_exit(SIGSEGV);
	}

	base = strrchr(path, '/');
	strlcpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
	if (p->files)
		files_close_on_exec(p->files);
	signal_exec(p);
	rseq_execve(p);
	p->fs_base = 0;
	p->gs_base = 0;
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	fpu_reset_current();
	regs_init_user(regs, interp_f ? interp.entry : prog.entry, sp);
	rc = 0;
out:
	if (mm)
		mm_destroy(mm);
	if (args)
		kfree(args->buf);
	if (env)
		kfree(env->buf);
	kfree(args);
	kfree(env);
	elf_free(&prog);
	elf_free(&interp);
	file_put(interp_f);
	file_put(f);
	return rc;
}

static long sys_execve(unsigned long path, unsigned long argv, unsigned long envp)
{
	char *kpath = kmalloc(4096);
	long rc;

	if (!kpath)
		return -ENOMEM;
	rc = strncpy_from_user(kpath, (const char *)path, 4096);
	if (rc >= 0)
		rc = do_execve(kpath, (const char *const *)argv, (const char *const *)envp, true,
			       current_syscall_regs());
	kfree(kpath);
	return rc;
}
SYSCALL(__NR_execve, execve, sys_execve);
