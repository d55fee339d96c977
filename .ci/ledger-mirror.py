#!/usr/bin/env python3
"""Copies a live coordinator's public ledger into the directory form the Go verifier reads.

    ledger-mirror.py URL DIR EARLIER_CHECKPOINT_FILE

It only downloads and files bytes; it checks nothing (the Go program does): vkey, checkpoint,
every hash tile and entry bundle of the checkpoint's tree at its C2SP tlog-tiles path, and a
proofs file with inclusion proofs of some rows and a consistency proof from the earlier
checkpoint (a signed note fetched before more rows were added) to this one.
"""
import base64, json, os, sys, urllib.request

url, out, earlier_path = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]


def get(path):
    with urllib.request.urlopen(url + "/v1/ledger/" + path) as answer:
        return answer.read()


def body(note):
    """origin, size, root of a signed note's checkpoint text (unchecked)."""
    lines = note.decode().split("\n")
    return lines[0], int(lines[1]), lines[2]


def index_path(n):
    digits = "%d" % n
    digits = "0" * ((3 - len(digits) % 3) % 3) + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])


def tiles(size):
    level = 0
    while size >> (8 * level) > 0:
        count = size >> (8 * level)
        for n in range(count >> 8):
            yield level, n, 256
        if count % 256:
            yield level, count >> 8, count % 256
        level += 1


def tile_path(level, n, width):
    return "tile/%s/%s%s" % (level, index_path(n), "" if width == 256 else ".p/%d" % width)


os.makedirs(out, exist_ok=True)
open(os.path.join(out, "vkey"), "wb").write(get("key"))
note = get("checkpoint")
open(os.path.join(out, "checkpoint"), "wb").write(note)
_, size, root = body(note)
for level, n, width in tiles(size):
    for kind in [str(level)] + (["entries"] if level == 0 else []):
        path = tile_path(kind, n, width)
        os.makedirs(os.path.dirname(os.path.join(out, path)), exist_ok=True)
        open(os.path.join(out, path), "wb").write(get(path))

lines = []
for index in sorted({0, size // 2, size - 1}):
    proof = json.loads(get("proof/inclusion?index=%d&size=%d" % (index, size)))
    lines.append(" ".join(["inclusion", str(index), str(size), root] + proof["hashes"]))
_, old_size, old_root = body(open(earlier_path, "rb").read())
proof = json.loads(get("proof/consistency?from=%d&to=%d" % (old_size, size)))
lines.append(" ".join(["consistency", str(old_size), str(size), old_root, root] + proof["hashes"]))
open(os.path.join(out, "proofs"), "w").write("\n".join(lines) + "\n")
print("mirrored %d rows (%d tiles) from %s; consistency from %d rows" % (size, sum(1 for _ in tiles(size)), url, old_size))
