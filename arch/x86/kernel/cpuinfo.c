/*
 * /proc/cpuinfo: what CPUID says about the CPU, in Linux's layout (one
 * block per CPU; we run on one), with the TSC frequency as "cpu MHz".
 * CPUID goes through pv_ops, so a Xen PV guest shows the features Xen
 * lets it see, as Linux would under the same Xen.
 */
#define pr_fmt(fmt) "cpuinfo: " fmt

#include <asm/paravirt.h>
#include <asm/tsc.h>
#include <asm/xen/hypercall.h>
#include <asm/xen/hypervisor.h>
#include <kernel/bootinfo.h>
#include <kernel/init.h>
#include <kernel/procfs.h>
#include <kernel/string.h>

/*
 * The flag names Linux prints for each CPUID register bit (the user-visible
 * names of its cpufeatures list; bits it hides or leaves unnamed are NULL).
 */
struct cpuid_reg {
	u32 leaf, subleaf;
	u8 reg; /* 0 eax, 1 ebx, 2 ecx, 3 edx */
	const char *const *names;
};

/* clang-format off */
static const char *const leaf1_edx[32] = {
	"fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce",
	"cx8", "apic", NULL, "sep", "mtrr", "pge", "mca", "cmov",
	"pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx",
	"fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const leaf1_ecx[32] = {
	"pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est",
	"tm2", "ssse3", "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm",
	NULL, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
	"tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c", "rdrand", "hypervisor",
};
static const char *const ext1_edx[32] = {
	[11] = "syscall", [19] = "mp", [20] = "nx", [22] = "mmxext",
	[25] = "fxsr_opt", [26] = "pdpe1gb", [27] = "rdtscp", [29] = "lm",
	[30] = "3dnowext", [31] = "3dnow",
};
static const char *const ext1_ecx[32] = {
	"lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse",
	"3dnowprefetch", "osvw", "ibs", "xop", "skinit", "wdt", NULL, "lwp",
	"fma4", "tce", NULL, "nodeid_msr", NULL, "tbm", "topoext", "perfctr_core",
	"perfctr_nb", NULL, "bpext", "ptsc", "perfctr_llc", "mwaitx", NULL, NULL,
};
static const char *const leaf7_ebx[32] = {
	"fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", NULL, "smep",
	"bmi2", "erms", "invpcid", "rtm", "cqm", NULL, "mpx", "rdt_a",
	"avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma", NULL, "clflushopt",
	"clwb", "intel_pt", "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl",
};
static const char *const leaf7_ecx[32] = {
	NULL, "avx512vbmi", "umip", "pku", "ospke", "waitpkg", "avx512_vbmi2", NULL,
	"gfni", "vaes", "vpclmulqdq", "avx512_vnni", "avx512_bitalg", "tme", "avx512_vpopcntdq", NULL,
	"la57", NULL, NULL, NULL, NULL, NULL, "rdpid", NULL,
	"bus_lock_detect", "cldemote", NULL, "movdiri", "movdir64b", "enqcmd", "sgx_lc", NULL,
};
static const char *const leaf7_edx[32] = {
	[2] = "avx512_4vnniw", [3] = "avx512_4fmaps", [4] = "fsrm",
	[8] = "avx512_vp2intersect", [10] = "md_clear", [14] = "serialize",
	[16] = "tsxldtrk", [18] = "pconfig", [19] = "arch_lbr", [20] = "ibt",
	[22] = "amx_bf16", [23] = "avx512_fp16", [24] = "amx_tile", [25] = "amx_int8",
	[28] = "flush_l1d", [29] = "arch_capabilities",
};
/* clang-format on */

/* In Linux's order: its words 0, 1, 4, 6, 9, 16, 18. */
static const struct cpuid_reg flag_regs[] = {
	{ 0x00000001, 0, 3, leaf1_edx },
	{ 0x80000001, 0, 3, ext1_edx },
	{ 0x00000001, 0, 2, leaf1_ecx },
	{ 0x80000001, 0, 2, ext1_ecx },
	{ 0x00000007, 0, 1, leaf7_ebx },
	{ 0x00000007, 0, 2, leaf7_ecx },
	{ 0x00000007, 0, 3, leaf7_edx },
};

#define CPUID_FPU (1U << 0) /* leaf 1 edx */

/* The highest leaf of leaf's range (0 or 0x80000000). */
static u32 max_leaf(u32 base)
{
	u32 r[4];

	cpuid(base, r);
	return r[0];
}

static void print_flags(struct proc_text *t, u32 max_std, u32 max_ext)
{
	proc_printf(t, "flags\t\t:");
	for (size_t k = 0; k < ARRAY_SIZE(flag_regs); k++) {
		const struct cpuid_reg *c = &flag_regs[k];
		u32 r[4];

		if (c->leaf > (c->leaf & 0x80000000U ? max_ext : max_std))
			continue;
		cpuid_count(c->leaf, c->subleaf, r);
		for (int bit = 0; bit < 32; bit++)
			if ((r[c->reg] & (1U << bit)) && c->names[bit])
				proc_printf(t, " %s", c->names[bit]);
	}
	proc_printf(t, "\n");
}

/* The brand string of leaves 0x80000002-4, without the padding some CPUs put in front. */
static void model_name(char name[49], u32 max_ext)
{
	const char *s = name;
	u32 r[4];

	name[0] = '\0';
	if (max_ext < 0x80000004)
		return;
	for (u32 i = 0; i < 3; i++) {
		cpuid(0x80000002 + i, r);
		memcpy(name + 16 * i, r, 16);
	}
	name[48] = '\0';
	while (*s == ' ')
		s++;
	memmove(name, s, strlen(s) + 1);
}

void arch_proc_cpuinfo(struct proc_text *t)
{
	u32 r[4], max_std, max_ext, sig, family, model, ext1, phys = 36, virt = 48;
	char vendor[13], name[49];
	bool fpu;

	cpuid(0, r);
	max_std = r[0];
	memcpy(vendor + 0, &r[1], 4);
	memcpy(vendor + 4, &r[3], 4);
	memcpy(vendor + 8, &r[2], 4);
	vendor[12] = '\0';
	max_ext = max_leaf(0x80000000);
	if (max_ext < 0x80000000)
		max_ext = 0;
	cpuid(1, r);
	sig = r[0];
	ext1 = r[1];
	fpu = r[3] & CPUID_FPU;
	family = (sig >> 8) & 0xf;
	if (family == 0xf)
		family += (sig >> 20) & 0xff;
	model = (sig >> 4) & 0xf;
	if (family >= 6)
		model |= ((sig >> 16) & 0xf) << 4;
	model_name(name, max_ext);
	if (max_ext >= 0x80000008) {
		cpuid(0x80000008, r);
		phys = r[0] & 0xff;
		virt = (r[0] >> 8) & 0xff;
	}

	proc_printf(t, "processor\t: 0\n");
	proc_printf(t, "vendor_id\t: %s\n", vendor);
	proc_printf(t, "cpu family\t: %u\n", family);
	proc_printf(t, "model\t\t: %u\n", model);
	proc_printf(t, "model name\t: %s\n", name[0] ? name : "unknown");
	proc_printf(t, "stepping\t: %u\n", sig & 0xf);
	if (tsc_khz)
		proc_printf(t, "cpu MHz\t\t: %llu.%03llu\n", (unsigned long long)(tsc_khz / 1000),
			    (unsigned long long)(tsc_khz % 1000));
	proc_printf(t, "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n");
	proc_printf(t, "apicid\t\t: %u\ninitial apicid\t: %u\n", ext1 >> 24, ext1 >> 24);
	proc_printf(t, "fpu\t\t: %s\nfpu_exception\t: %s\n", fpu ? "yes" : "no", fpu ? "yes" : "no");
	proc_printf(t, "cpuid level\t: %u\n", max_std);
	proc_printf(t, "wp\t\t: yes\n");
	print_flags(t, max_std, max_ext);
	if (tsc_khz)
		proc_printf(t, "bogomips\t: %llu.%02llu\n", (unsigned long long)(tsc_khz / 500),
			    (unsigned long long)(tsc_khz / 5 % 100));
	proc_printf(t, "clflush size\t: %u\n", ((ext1 >> 8) & 0xff) * 8);
	proc_printf(t, "cache_alignment\t: %u\n", ((ext1 >> 8) & 0xff) * 8);
	proc_printf(t, "address sizes\t: %u bits physical, %u bits virtual\n", phys, virt);
	proc_printf(t, "power management:\n\n");
}

const char *arch_hypervisor_type(void)
{
	if (IS_ENABLED(CONFIG_XEN) && xen_vcpu)
		return "xen";
	return NULL;
}

int arch_hypervisor_version(unsigned int *major, unsigned int *minor, char *extra, size_t size)
{
	char buf[XEN_EXTRAVERSION_LEN];
	long v;

	if (!IS_ENABLED(CONFIG_XEN) || !arch_hypervisor_type())
		return -ENOENT;
	v = HYPERVISOR_xen_version(XENVER_version, NULL);
	*major = (unsigned int)(v >> 16);
	*minor = (unsigned int)(v & 0xffff);
	memset(buf, 0, sizeof(buf));
	HYPERVISOR_xen_version(XENVER_extraversion, buf);
	buf[sizeof(buf) - 1] = '\0';
	snprintf(extra, size, "%s", buf);
	return 0;
}

const char *arch_kernel_cmdline(void)
{
	return boot_info.cmdline;
}

bool arch_xen_control_domain(void)
{
	return IS_ENABLED(CONFIG_XEN) && xen_vcpu && xen_dom0;
}

void arch_xen_proc_mappings(struct proc_text *t)
{
	const struct xen_user_map_stats *s = &xen_user_map_stats;

	if (!IS_ENABLED(CONFIG_XEN))
		return;
	proc_printf(t, "frames %llu\ngrants %llu\nwindow_used %llu\nwindow_pages %llu\nerrors %llu\n",
		    (unsigned long long)s->frames, (unsigned long long)s->grants,
		    (unsigned long long)s->window_used, (unsigned long long)s->window_pages,
		    (unsigned long long)s->errors);
}
