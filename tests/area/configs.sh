# Every tests/configs/*.config builds (each line surviving olddefconfig);
# the allyes kernel (retpolines) and the native-only CONFIG_PARAVIRT=n
# kernel also boot.
area_doc "tests/configs/*.config builds; allyes and CONFIG_PARAVIRT=n boots" "50 s"

for cfg in tests/configs/*.config; do
	name=$(basename "$cfg" .config)
	if check "config $name builds"; then
		# A fresh build from an empty directory, whatever is there.
		unset "NEED_STATE[config:$name]"
		FRESH=1 need config:"$name" && pass "$CHECK"
	fi
done

# allyes has retpolines: unpatched sites go through them.
for mode in on off; do
	if check "boot: allyes kernel (retpolines), pvpatch=$mode, self-tests" config:allyes; then
		KERNEL=$O/configs/allyes/kernel PVH boot-allyes-$mode 120 "$ST pvpatch=$mode"
		check_selftests "$CHECK"
	fi
done
# The native-only baseline must run, not just build.
if check "boot: CONFIG_PARAVIRT=n kernel, self-tests" config:paravirt-off; then
	KERNEL=$O/configs/paravirt-off/kernel PVH boot-paravirt-off 120 "$ST"
	check_selftests "$CHECK"
fi
