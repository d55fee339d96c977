#!/usr/bin/env bash
# Builds every Idlegrid guest to Guests/build/NAME.wasm (or only the NAMEs given).
#
#   Guests/build.sh [NAME...]
#
# Uses only the Swift toolchain's swiftc, clang and wasm-ld (the ones next to the `swiftc`
# found on PATH, falling back to /opt/swift/usr/bin), plus python3 to check each module's
# imports and exports with tools/list-imports.py. Runs from any directory.
#
# The output is committed, so the build is deterministic: the same sources and toolchain
# give byte-identical modules (no paths or timestamps end up in them; names are stripped).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build"

if ! command -v swiftc >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swiftc ]; then
    PATH="/opt/swift/usr/bin:$PATH"
fi
bin="$(dirname "$(command -v swiftc)")"
SWIFTC="$bin/swiftc"
CLANG="$bin/clang"
WASM_LD="$bin/wasm-ld"
for tool in "$SWIFTC" "$CLANG" "$WASM_LD"; do
    [ -x "$tool" ] || { echo "build.sh: missing $tool (need a Swift toolchain with Embedded Swift and wasm-ld)" >&2; exit 1; }
done

# Embedded Swift for bare wasm32; whole-module, size-optimized; @_extern(wasm) for WASI.
# -disable-incremental-llvm-codegen leaves the 16-byte `.swift_modhash` data segment zero
# (otherwise it holds a hash of the LLVM module, which depends on the source directory);
# -file-prefix-map keeps any #file string relative.
SWIFT_FLAGS=(
    -target wasm32-unknown-none-wasm
    -enable-experimental-feature Embedded
    -enable-experimental-feature Extern
    -wmo -Osize
    -Xfrontend -disable-stack-protector
    -Xfrontend -disable-incremental-llvm-codegen
    -file-prefix-map "$here=."
    -parse-as-library
    -module-name IdlegridGuest
)
# Freestanding C for wasm32 (no libc): -ffreestanding also keeps clang from turning the
# runtime's own memset/memcpy loops into calls to themselves.
C_FLAGS=(--target=wasm32 -nostdlib -ffreestanding -O2 -Wall -Wextra -Werror)
# A WASI command: export _start (and memory, always exported by wasm-ld);
# 64 KiB stack placed first so an overflow traps instead of corrupting data; no name or
# debug sections.
LD_FLAGS=(--no-entry --export=_start --stack-first -z stack-size=65536 --strip-all)

SWIFT_GUESTS=(hello primes hashchain montecarlo-pi wordcount echo)
C_GUESTS=(mandelbrot exit3 spin hog chatter clock)

if [ "$#" -gt 0 ]; then
    wanted=("$@")
else
    wanted=("${SWIFT_GUESTS[@]}" "${C_GUESTS[@]}")
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

# Objects are built in $tmp from paths relative to $here, so no absolute path can leak in.
cd "$here"
clang_rt_built=0
runtime_o() {
    if [ "$clang_rt_built" = 0 ]; then
        "$CLANG" "${C_FLAGS[@]}" -c SDK/runtime.c -o "$tmp/runtime.o"
        clang_rt_built=1
    fi
}

is_swift() {
    local g
    for g in "${SWIFT_GUESTS[@]}"; do [ "$g" = "$1" ] && return 0; done
    return 1
}
is_c() {
    local g
    for g in "${C_GUESTS[@]}"; do [ "$g" = "$1" ] && return 0; done
    return 1
}

for name in "${wanted[@]}"; do
    extra=()
    case "$name" in
        primes) extra=(--export=count_primes) ;;
    esac
    if is_swift "$name"; then
        runtime_o
        # The SDK is compiled together with the workload in one whole-module invocation.
        "$SWIFTC" "${SWIFT_FLAGS[@]}" -c SDK/Guest.swift SDK/WASI.swift "$name/main.swift" -o "$tmp/$name.o"
        "$WASM_LD" "${LD_FLAGS[@]}" "${extra[@]}" "$tmp/$name.o" "$tmp/runtime.o" -o "$tmp/$name.wasm"
    elif is_c "$name"; then
        src="$name/main.c"
        [ "$name" = mandelbrot ] && src="mandelbrot/mandelbrot.c"
        "$CLANG" "${C_FLAGS[@]}" -ISDK -c "$src" -o "$tmp/$name.o"
        "$WASM_LD" "${LD_FLAGS[@]}" "${extra[@]}" "$tmp/$name.o" -o "$tmp/$name.wasm"
    else
        echo "build.sh: unknown guest '$name' (known: ${SWIFT_GUESTS[*]} ${C_GUESTS[*]})" >&2
        exit 2
    fi
    # Only the sandbox's WASI subset may be imported; memory and _start must be exported.
    python3 tools/list-imports.py --check "$tmp/$name.wasm"
    mv "$tmp/$name.wasm" "$out/$name.wasm"
    printf '%-14s %7d bytes  build/%s.wasm\n' "$name" "$(wc -c < "$out/$name.wasm")" "$name"
done
