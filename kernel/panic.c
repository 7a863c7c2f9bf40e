/*
 * panic(): report what broke, with a register dump when an exception led
 * here and a symbolized backtrace, then stop the machine.
 */
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/ptrace.h>
#include <kernel/panic.h>
#include <kernel/power.h>
#include <kernel/printk.h>
#include <kernel/string.h>

#define MAX_FRAMES 32

static int panicking;

static bool frame_ok(unsigned long fp, unsigned long prev)
{
	if (fp & 7)
		return false;
	if (fp < KERNEL_SPACE_START) /* not a kernel address */
		return false;
	if (prev && (fp <= prev || fp - prev > 64 * 1024))
		return false; /* frames move up the stack, by little */
	return true;
}

void dump_backtrace(unsigned long rip, unsigned long rbp)
{
	char sym[128];
	unsigned long prev = 0;

	printk(KERN_EMERG "Call trace:\n");
	printk(KERN_EMERG "  [<%016lx>] %s\n", rip, symbolize(rip, sym, sizeof(sym)));
	for (int i = 0; i < MAX_FRAMES && rbp && frame_ok(rbp, prev); i++) {
		unsigned long *frame = (unsigned long *)rbp;
		unsigned long ret = frame[1];

		if (!ret)
			break;
		/* The return address points after the call; show the call. */
		printk(KERN_EMERG "  [<%016lx>] %s\n", ret,
		       symbolize(ret - 1, sym, sizeof(sym)));
		prev = rbp;
		rbp = frame[0];
	}
}

void dump_stack(void)
{
	dump_backtrace((unsigned long)__builtin_return_address(0),
		       *(unsigned long *)__builtin_frame_address(0));
}

static __noreturn void panic_end(void)
{
	printk(KERN_EMERG "---[ end Kernel panic ]---\n");
	machine_panic_exit();
}

static bool panic_enter(void)
{
	arch_local_irq_disable();
	return panicking++ == 0;
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!panic_enter())
		machine_halt(); /* panicked while panicking */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic: %s\n", msg);
	dump_backtrace((unsigned long)__builtin_return_address(0),
		       *(unsigned long *)__builtin_frame_address(0));
	panic_end();
}

void panic_with_regs(struct pt_regs *regs, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!panic_enter())
		machine_halt();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic: %s\n", msg);
	show_regs(regs);
	dump_backtrace(regs->rip, regs->rbp);
	/*
	 * A leaf function builds no frame, so the chain above skips its
	 * caller; the word on top of its stack is then the return address.
	 */
	if (!user_mode(regs) && frame_ok(regs->rsp, 0)) {
		unsigned long top = *(unsigned long *)regs->rsp;
		char sym[128];

		symbolize(top, sym, sizeof(sym));
		if (sym[0] != '0')
			printk(KERN_EMERG "  top of stack: [<%016lx>] ? %s\n", top, sym);
	}
	panic_end();
}
