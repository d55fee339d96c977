#!/usr/bin/env python3
"""Print the imports and exports of a WebAssembly module (python3 stdlib only).

Usage:
    list-imports.py MODULE.wasm                 print imports and exports
    list-imports.py --check MODULE.wasm ...     print nothing, but fail (exit 1) if a module
                                                imports anything outside the Idlegrid WASI
                                                subset or with the wrong signature, or does
                                                not export `memory` and `_start`

Output, one item per line:
    import func wasi_snapshot_preview1.fd_write (i32, i32, i32, i32) -> (i32)
    export func _start () -> ()
    export memory memory
"""

import sys

# The only imports the Idlegrid sandbox provides (SPEC section 3).
ALLOWED_MODULE = "wasi_snapshot_preview1"
# name -> (params, results), as WASI preview 1 defines them on wasm32.
ALLOWED = {
    "args_get": (["i32", "i32"], ["i32"]),
    "args_sizes_get": (["i32", "i32"], ["i32"]),
    "environ_get": (["i32", "i32"], ["i32"]),
    "environ_sizes_get": (["i32", "i32"], ["i32"]),
    "fd_read": (["i32", "i32", "i32", "i32"], ["i32"]),
    "fd_write": (["i32", "i32", "i32", "i32"], ["i32"]),
    "random_get": (["i32", "i32"], ["i32"]),
    "clock_time_get": (["i32", "i64", "i32"], ["i32"]),
    "clock_res_get": (["i32", "i32"], ["i32"]),
    "proc_exit": (["i32"], []),
    "sched_yield": ([], ["i32"]),
}
REQUIRED_EXPORTS = {("memory", "memory"), ("_start", "func")}

VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128",
            0x70: "funcref", 0x6F: "externref"}
KINDS = {0: "func", 1: "table", 2: "memory", 3: "global", 4: "tag"}


class Reader:
    def __init__(self, data, pos=0, end=None):
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    def byte(self):
        if self.pos >= self.end:
            raise ValueError("unexpected end of data")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def uleb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    def name(self):
        n = self.uleb()
        s = self.data[self.pos:self.pos + n]
        if len(s) != n:
            raise ValueError("truncated name")
        self.pos += n
        return s.decode("utf-8")

    def limits(self):
        flags = self.uleb()
        lo = self.uleb()
        hi = self.uleb() if flags & 1 else None
        return lo, hi


def parse(data):
    if data[:4] != b"\0asm" or data[4:8] != b"\x01\0\0\0":
        raise ValueError("not a WebAssembly 1.0 binary module")
    r = Reader(data, 8)
    types, imports, exports, funcs = [], [], [], []
    while r.pos < r.end:
        sid = r.byte()
        size = r.uleb()
        s = Reader(data, r.pos, r.pos + size)
        r.pos += size
        if sid == 1:  # type
            for _ in range(s.uleb()):
                form = s.byte()
                if form != 0x60:
                    raise ValueError("unsupported type form 0x%02x" % form)
                params = [VALTYPES.get(s.byte(), "?") for _ in range(s.uleb())]
                results = [VALTYPES.get(s.byte(), "?") for _ in range(s.uleb())]
                types.append((params, results))
        elif sid == 2:  # import
            for _ in range(s.uleb()):
                mod, nm, kind = s.name(), s.name(), s.byte()
                if kind == 0:
                    desc = types[s.uleb()]
                    funcs.append(desc)
                elif kind == 1:
                    s.byte()
                    desc = s.limits()
                elif kind == 2:
                    desc = s.limits()
                elif kind == 3:
                    desc = (VALTYPES.get(s.byte(), "?"), s.byte())
                else:
                    raise ValueError("unsupported import kind %d" % kind)
                imports.append((mod, nm, KINDS[kind], desc))
        elif sid == 3:  # function
            for _ in range(s.uleb()):
                funcs.append(types[s.uleb()])
        elif sid == 7:  # export
            for _ in range(s.uleb()):
                nm, kind, idx = s.name(), s.byte(), s.uleb()
                desc = funcs[idx] if kind == 0 and idx < len(funcs) else None
                exports.append((nm, KINDS.get(kind, "?"), desc))
    return imports, exports


def sig(desc):
    params, results = desc
    return "(%s) -> (%s)" % (", ".join(params), ", ".join(results))


def main(argv):
    check = False
    if argv and argv[0] == "--check":
        check = True
        argv = argv[1:]
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    status = 0
    for path in argv:
        with open(path, "rb") as f:
            data = f.read()
        try:
            imports, exports = parse(data)
        except (ValueError, IndexError, KeyError) as e:
            print("%s: malformed module: %s" % (path, e), file=sys.stderr)
            status = 1
            continue
        if not check:
            if len(argv) > 1:
                print("%s:" % path)
            for mod, nm, kind, desc in imports:
                extra = " " + sig(desc) if kind == "func" else ""
                print("import %s %s.%s%s" % (kind, mod, nm, extra))
            for nm, kind, desc in exports:
                extra = " " + sig(desc) if desc is not None else ""
                print("export %s %s%s" % (kind, nm, extra))
            continue
        for mod, nm, kind, desc in imports:
            if kind != "func" or mod != ALLOWED_MODULE or nm not in ALLOWED:
                print("%s: forbidden import %s %s.%s" % (path, kind, mod, nm), file=sys.stderr)
                status = 1
            elif tuple(desc) != ALLOWED[nm]:
                print("%s: import %s.%s has signature %s, expected %s"
                      % (path, mod, nm, sig(desc), sig(ALLOWED[nm])), file=sys.stderr)
                status = 1
        have = {(nm, kind) for nm, kind, _ in exports}
        for nm, kind in sorted(REQUIRED_EXPORTS - have):
            print("%s: missing export %s %s" % (path, kind, nm), file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
