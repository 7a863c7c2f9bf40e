# QEMU with KVM, where the CPU really has VMX or SVM. /dev/kvm alone proves
# nothing: on these machines it is a software hypervisor without VMX/SVM,
# on which a boot would take hours.
area_doc "QEMU -kernel under KVM, where there is real hardware virtualization" "a few seconds, or SKIP"

if check "boot: QEMU -kernel under KVM, self-tests"; then
	if [ ! -c /dev/kvm ]; then
		skip "boot: KVM" "no /dev/kvm on this machine"
	elif ! grep -qwE 'vmx|svm' /proc/cpuinfo; then
		skip "boot: KVM" "/dev/kvm exists but the CPU has no VMX/SVM (a software hypervisor: a boot would be emulated instruction by instruction)"
	elif need build; then
		qemu_boot boot-kvm 120 -enable-kvm -cpu host,-arch-capabilities -m 128 -kernel $O/kernel -append "$ST"
		check_selftests "$CHECK"
	fi
fi
