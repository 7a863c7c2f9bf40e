/*
 * execve: replace the calling process's program with a static ELF64
 * executable. Segments become private file-backed areas paged in on first
 * touch; the stack carries argv, envp and the auxiliary vector a C library
 * reads at start-up (program headers, page size, entry, random bytes, and
 * the ids it runs with, which a set-user-id or set-group-id file changes:
 * kernel/cred.c).
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
#include <kernel/printk.h>
#include <kernel/proc.h>
#include <kernel/rseq.h>
#include <kernel/signal_ext.h>
#include <kernel/string.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <kernel/vm.h>

#define STACK_TOP   0x00007ffffffff000ULL
#define STACK_SIZE  (8ULL << 20)
#define ARG_MAX	    (128 * 1024) /* bytes of argv strings, and again of envp */
#define MAX_ARGS    4096
#define ET_DYN_BASE 0x0000555555554000ULL

struct elf64_ehdr {
	u8 ident[16];
	u16 type, machine;
	u32 version;
	u64 entry, phoff, shoff;
	u32 flags;
	u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	u32 type, flags;
	u64 offset, vaddr, paddr, filesz, memsz, align;
};

#define PT_LOAD	  1
#define PT_INTERP 3
#define PT_PHDR	  6
#define PF_X	  1
#define PF_W	  2
#define PF_R	  4
#define ET_EXEC	  2
#define ET_DYN	  3
#define EM_X86_64 62

enum {
	/* clang-format off */
	AT_NULL = 0, AT_PHDR = 3, AT_PHENT = 4, AT_PHNUM = 5, AT_PAGESZ = 6,
	AT_BASE = 7, AT_FLAGS = 8, AT_ENTRY = 9, AT_UID = 11, AT_EUID = 12,
	AT_GID = 13, AT_EGID = 14, AT_PLATFORM = 15, AT_HWCAP = 16, AT_CLKTCK = 17,
	AT_SECURE = 23, AT_RANDOM = 25, AT_EXECFN = 31,
	/* clang-format on */
};

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

static u32 elf_prot(u32 flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

/* Pushes n bytes onto the new user stack at *sp. */
static int push(u64 *sp, const void *data, size_t n)
{
	*sp -= n;
	return copy_to_user((void *)*sp, data, n);
}

static int build_stack(struct process *p, const struct strings *args, const struct strings *env,
		       const char *path, u64 phdr, u16 phnum, u64 entry, bool secure, u64 *out_sp)
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
	rand[0] = rdtsc() * 0x9e3779b97f4a7c15ULL;
	rand[1] = (rand[0] ^ (u64)p->mm) * 0xbf58476d1ce4e5b9ULL;
	rc |= push(&sp, rand, sizeof(rand));
	str_rand = sp;
	if (rc)
		return -EFAULT;

	cpuid(1, regs);
	{
		u64 auxv[] = {
			/* clang-format off */
			AT_PHDR, phdr, AT_PHENT, sizeof(struct elf64_phdr), AT_PHNUM, phnum,
			AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, entry,
			AT_UID, c->uid, AT_EUID, c->euid, AT_GID, c->gid, AT_EGID, c->egid,
			AT_SECURE, secure,
			AT_HWCAP, regs[3], AT_CLKTCK, 100, AT_PLATFORM, str_plat,
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

int do_execve(const char *path, const char *const *argv, const char *const *envp,
	      bool user_pointers, struct pt_regs *regs)
{
	struct process *p = current_proc();
	struct strings *args = NULL, *env = NULL;
	struct elf64_phdr *ph = NULL;
	struct elf64_ehdr eh;
	struct mm *mm = NULL, *old;
	struct file *f;
	u64 bias = 0, brk = 0, phdr_addr = 0, sp;
	const char *base;
	bool secure;
	int rc, err;

	f = vfs_open_exec(path, &err);
	if (!f)
		return err;
	rc = -ENOEXEC;
	if (kernel_read(f, &eh, sizeof(eh), 0) != sizeof(eh) ||
	    memcmp(eh.ident, "\177ELF", 4) || eh.ident[4] != 2 /* 64-bit */ ||
	    eh.ident[5] != 1 /* little endian */ || eh.machine != EM_X86_64 ||
	    (eh.type != ET_EXEC && eh.type != ET_DYN) ||
	    eh.phentsize != sizeof(struct elf64_phdr) || !eh.phnum || eh.phnum > 64)
		goto out;
	rc = -ENOMEM;
	ph = kmalloc(eh.phnum * sizeof(*ph));
	args = kzalloc(sizeof(*args));
	env = kzalloc(sizeof(*env));
	if (!ph || !args || !env || !(args->buf = kmalloc(ARG_MAX)) || !(env->buf = kmalloc(ARG_MAX)))
		goto out;
	rc = -ENOEXEC;
	if (kernel_read(f, ph, eh.phnum * sizeof(*ph), eh.phoff) != (ssize_t)(eh.phnum * sizeof(*ph)))
		goto out;
	for (int i = 0; i < eh.phnum; i++) {
		if (ph[i].type == PT_INTERP) {
			pr_info("%s: dynamically linked programs are not supported\n", path);
			goto out;
		}
	}

	rc = gather(args, argv, user_pointers);
	if (!rc)
		rc = gather(env, envp, user_pointers);
	if (rc)
		goto out;

	/* The point of no return is the switch below; build the new space first. */
	rc = -ENOMEM;
	mm = mm_create();
	if (!mm)
		goto out;
	if (eh.type == ET_DYN)
		bias = ET_DYN_BASE;
	for (int i = 0; i < eh.phnum; i++) {
		u64 start, end, off;

		if (ph[i].type == PT_PHDR)
			phdr_addr = ph[i].vaddr + bias;
		if (ph[i].type != PT_LOAD || !ph[i].memsz)
			continue;
		rc = -ENOEXEC;
		if (ph[i].filesz > ph[i].memsz || (ph[i].vaddr & (PAGE_SIZE - 1)) != (ph[i].offset & (PAGE_SIZE - 1)) ||
		    ph[i].vaddr + ph[i].memsz + bias > STACK_TOP - STACK_SIZE ||
		    ph[i].offset + ph[i].filesz > f->inode->size)
			goto out;
		start = ALIGN_DOWN(ph[i].vaddr + bias, PAGE_SIZE);
		end = ALIGN_UP(ph[i].vaddr + bias + ph[i].memsz, PAGE_SIZE);
		off = ALIGN_DOWN(ph[i].offset, PAGE_SIZE);
		rc = vma_map(mm, start, end, elf_prot(ph[i].flags), 0, f, off,
			     ph[i].filesz + (ph[i].vaddr + bias - start));
		if (rc)
			goto out;
		if (!phdr_addr && eh.phoff >= ph[i].offset && eh.phoff < ph[i].offset + ph[i].filesz)
			phdr_addr = ph[i].vaddr + bias + (eh.phoff - ph[i].offset);
		brk = MAX(brk, end);
	}
	rc = vma_map(mm, STACK_TOP - STACK_SIZE, STACK_TOP, PROT_READ | PROT_WRITE, VMA_STACK,
		     NULL, 0, 0);
	if (rc)
		goto out;
	mm->brk_start = mm->brk = brk;
	mm->stack_top = STACK_TOP;

	/* Switch: from here on, failures kill the process. */
	old = p->mm;
	p->mm = mm;
	write_cr3(mm->pgd);
	if (old)
		mm_destroy(old);
	mm = NULL;
	secure = cred_exec(p, f->inode);
	rc = build_stack(p, args, env, path, phdr_addr, eh.phnum, eh.entry + bias, secure, &sp);
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
	regs_init_user(regs, eh.entry + bias, sp);
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
	kfree(ph);
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
