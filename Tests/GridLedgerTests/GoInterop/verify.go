// Command verify checks a log directory written by GridLedger (Swift) with an independent
// implementation: Go's golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog.
//
// Usage: go run verify.go <dir>
//
// The directory holds vkey (the log's verifier key), checkpoint (a signed note), the hash
// tiles and entry bundles at their C2SP tlog-tiles paths under tile/, and proofs (one
// inclusion or consistency proof per line). The command exits non-zero, naming what failed,
// unless every check passes.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

func ok(format string, args ...interface{}) {
	fmt.Printf("ok: "+format+"\n", args...)
}

// c2spPath is Go's tile path without the height element, with entries for data tiles:
// tile/8/0/x001/234 is tile/0/x001/234, tile/8/data/005 is tile/entries/005.
func c2spPath(t tlog.Tile) string {
	p := strings.TrimPrefix(t.Path(), fmt.Sprintf("tile/%d/", height))
	if strings.HasPrefix(p, "data/") {
		p = "entries/" + strings.TrimPrefix(p, "data/")
	}
	return "tile/" + p
}

// goPath turns a C2SP path back into Go's form, so tlog.ParseTilePath can judge it.
func goPath(p string) string {
	rest := strings.TrimPrefix(p, "tile/")
	if strings.HasPrefix(rest, "entries/") {
		rest = "data/" + strings.TrimPrefix(rest, "entries/")
	}
	return fmt.Sprintf("tile/%d/%s", height, rest)
}

// checkpoint is the C2SP tlog-checkpoint body: origin, size, base64 root, extension lines.
type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
}

func parseCheckpoint(text string) (checkpoint, error) {
	if !strings.HasSuffix(text, "\n") {
		return checkpoint{}, fmt.Errorf("checkpoint text does not end in a newline")
	}
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 3 || lines[0] == "" {
		return checkpoint{}, fmt.Errorf("checkpoint has no origin, size and root lines")
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return checkpoint{}, fmt.Errorf("checkpoint size %q is not a canonical decimal", lines[1])
	}
	h, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint root %q: %v", lines[2], err)
	}
	for _, ext := range lines[3:] {
		if ext == "" {
			return checkpoint{}, fmt.Errorf("empty extension line")
		}
	}
	return checkpoint{origin: lines[0], size: n, root: h}, nil
}

// memHashes is a tlog.HashReader over hashes this program computed itself.
type memHashes []tlog.Hash

func (m memHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(m)) {
			return nil, fmt.Errorf("hash index %d not stored", x)
		}
		out[i] = m[x]
	}
	return out, nil
}

// dirTiles is a tlog.TileReader over the hash tiles in the directory.
type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return height }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		data, err := os.ReadFile(filepath.Join(d.dir, c2spPath(t)))
		if err != nil {
			return nil, err
		}
		out[i] = data
	}
	return out, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func readBundle(data []byte, width int) ([][]byte, error) {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, fmt.Errorf("length prefix cut short")
		}
		n := int(data[0])<<8 | int(data[1])
		data = data[2:]
		if len(data) < n {
			return nil, fmt.Errorf("entry %d declares %d bytes, %d remain", len(entries), n, len(data))
		}
		entries = append(entries, data[:n])
		data = data[n:]
	}
	if len(entries) != width {
		return nil, fmt.Errorf("%d entries, width %d", len(entries), width)
	}
	return entries, nil
}

func parseHashes(fields []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(fields))
	for i, f := range fields {
		h, err := tlog.ParseHash(f)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run verify.go <dir>")
		os.Exit(2)
	}
	dir := os.Args[1]

	// 1. The signed checkpoint, with note.NewVerifier and note.Open.
	vkey, err := os.ReadFile(filepath.Join(dir, "vkey"))
	if err != nil {
		fail("read vkey: %v", err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail("verifier key %q: %v", strings.TrimSpace(string(vkey)), err)
	}
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("read checkpoint: %v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	if len(n.Sigs) != 1 || n.Sigs[0].Name != verifier.Name() || n.Sigs[0].Hash != verifier.KeyHash() {
		fail("checkpoint is not signed by %s", verifier.Name())
	}
	cp, err := parseCheckpoint(n.Text)
	if err != nil {
		fail("checkpoint body: %v", err)
	}
	if cp.origin != verifier.Name() {
		fail("checkpoint origin %q is not the key name %q", cp.origin, verifier.Name())
	}
	ok("checkpoint signed by %s+%08x: size %d, root %v", verifier.Name(), verifier.KeyHash(), cp.size, cp.root)

	// 2. Every file under tile/ has a canonical tile path, and exactly the tiles of the
	// checkpoint's tree are there.
	found := map[string]bool{}
	err = filepath.Walk(filepath.Join(dir, "tile"), func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		t, err := tlog.ParseTilePath(goPath(rel))
		if err != nil {
			return fmt.Errorf("%s: %v", rel, err)
		}
		if c2spPath(t) != rel {
			return fmt.Errorf("%s parses as %s", rel, c2spPath(t))
		}
		found[rel] = true
		return nil
	})
	if err != nil {
		fail("tile paths: %v", err)
	}
	var hashTiles, bundles []tlog.Tile
	for level := 0; cp.size>>(uint(level)*height) > 0; level++ {
		count := cp.size >> (uint(level) * height)
		for i := int64(0); i < count>>height; i++ {
			hashTiles = append(hashTiles, tlog.Tile{H: height, L: level, N: i, W: 1 << height})
		}
		if w := int(count % (1 << height)); w > 0 {
			hashTiles = append(hashTiles, tlog.Tile{H: height, L: level, N: count >> height, W: w})
		}
	}
	for _, t := range hashTiles {
		if t.L == 0 {
			bundles = append(bundles, tlog.Tile{H: height, L: -1, N: t.N, W: t.W})
		}
	}
	want := map[string]bool{}
	for _, t := range append(append([]tlog.Tile{}, hashTiles...), bundles...) {
		want[c2spPath(t)] = true
		if !found[c2spPath(t)] {
			fail("missing tile %s", c2spPath(t))
		}
	}
	var extra []string
	for p := range found {
		if !want[p] {
			extra = append(extra, p)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		fail("unexpected tiles: %v", extra)
	}
	ok("%d tile paths parse with tlog.ParseTilePath: %d hash tiles, %d entry bundles", len(found), len(hashTiles), len(bundles))

	// 3. Rebuild the tree from the entries with tlog.RecordHash/StoredHashes; its hash must
	// be the checkpoint's root.
	var entries [][]byte
	for _, b := range bundles {
		data, err := os.ReadFile(filepath.Join(dir, c2spPath(b)))
		if err != nil {
			fail("read %s: %v", c2spPath(b), err)
		}
		es, err := readBundle(data, b.W)
		if err != nil {
			fail("entry bundle %s: %v", c2spPath(b), err)
		}
		entries = append(entries, es...)
	}
	if int64(len(entries)) != cp.size {
		fail("%d entries in the bundles, checkpoint size %d", len(entries), cp.size)
	}
	var stored memHashes
	for i, e := range entries {
		hs, err := tlog.StoredHashes(int64(i), e, stored)
		if err != nil {
			fail("StoredHashes(%d): %v", i, err)
		}
		stored = append(stored, hs...)
	}
	rebuilt, err := tlog.TreeHash(cp.size, stored)
	if err != nil {
		fail("TreeHash: %v", err)
	}
	if rebuilt != cp.root {
		fail("tree hash rebuilt from the entries is %v, the checkpoint says %v", rebuilt, cp.root)
	}
	ok("tree hash rebuilt from %d entries matches the checkpoint", len(entries))

	// 4. Every hash tile is byte-for-byte what tlog.ReadTileData makes from our own hashes,
	// and tlog.TileHashReader, which authenticates tiles against the checkpoint, accepts them.
	for _, t := range hashTiles {
		data, err := os.ReadFile(filepath.Join(dir, c2spPath(t)))
		if err != nil {
			fail("read %s: %v", c2spPath(t), err)
		}
		expected, err := tlog.ReadTileData(t, stored)
		if err != nil {
			fail("ReadTileData %s: %v", c2spPath(t), err)
		}
		if !bytes.Equal(data, expected) {
			fail("hash tile %s differs from the tile computed from the entries", c2spPath(t))
		}
	}
	tiles := tlog.TileHashReader(tlog.Tree{N: cp.size, Hash: cp.root}, dirTiles{dir})
	fromTiles, err := tlog.TreeHash(cp.size, tiles)
	if err != nil || fromTiles != cp.root {
		fail("tree hash through TileHashReader: %v %v", fromTiles, err)
	}
	ok("%d hash tiles equal tlog.ReadTileData's and authenticate through tlog.TileHashReader", len(hashTiles))

	// 5. Proofs, checked with tlog.CheckRecord/CheckTree against roots this program computed,
	// and compared with tlog.ProveRecord/ProveTree.
	proofText, err := os.ReadFile(filepath.Join(dir, "proofs"))
	if err != nil {
		fail("read proofs: %v", err)
	}
	inclusions, consistencies := 0, 0
	for number, line := range strings.Split(strings.TrimSuffix(string(proofText), "\n"), "\n") {
		f := strings.Fields(line)
		where := fmt.Sprintf("proofs line %d (%s)", number+1, strings.Join(f[:min(3, len(f))], " "))
		switch {
		case len(f) >= 4 && f[0] == "inclusion":
			index, err1 := strconv.ParseInt(f[1], 10, 64)
			size, err2 := strconv.ParseInt(f[2], 10, 64)
			root, err3 := tlog.ParseHash(f[3])
			proof, err4 := parseHashes(f[4:])
			if err1 != nil || err2 != nil || err3 != nil || err4 != nil || size > cp.size {
				fail("%s: malformed", where)
			}
			goRoot, err := tlog.TreeHash(size, stored)
			if err != nil || goRoot != root {
				fail("%s: root of size %d is %v, the line says %v", where, size, goRoot, root)
			}
			if err := tlog.CheckRecord(proof, size, goRoot, index, tlog.RecordHash(entries[index])); err != nil {
				fail("%s: CheckRecord: %v", where, err)
			}
			goProof, err := tlog.ProveRecord(size, index, stored)
			if err != nil || fmt.Sprint(goProof) != fmt.Sprint(tlog.RecordProof(proof)) {
				fail("%s: differs from tlog.ProveRecord (%v)", where, err)
			}
			if size == cp.size {
				viaTiles, err := tlog.ProveRecord(size, index, tiles)
				if err != nil || fmt.Sprint(viaTiles) != fmt.Sprint(tlog.RecordProof(proof)) {
					fail("%s: differs from the proof made from the tiles (%v)", where, err)
				}
			}
			inclusions++
		case len(f) >= 5 && f[0] == "consistency":
			old, err1 := strconv.ParseInt(f[1], 10, 64)
			size, err2 := strconv.ParseInt(f[2], 10, 64)
			oldRoot, err3 := tlog.ParseHash(f[3])
			newRoot, err4 := tlog.ParseHash(f[4])
			proof, err5 := parseHashes(f[5:])
			if err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil || size > cp.size {
				fail("%s: malformed", where)
			}
			goOld, errOld := tlog.TreeHash(old, stored)
			goNew, errNew := tlog.TreeHash(size, stored)
			if errOld != nil || errNew != nil || goOld != oldRoot || goNew != newRoot {
				fail("%s: roots differ from those computed from the entries", where)
			}
			if err := tlog.CheckTree(proof, size, goNew, old, goOld); err != nil {
				fail("%s: CheckTree: %v", where, err)
			}
			goProof, err := tlog.ProveTree(size, old, stored)
			if err != nil || fmt.Sprint(goProof) != fmt.Sprint(tlog.TreeProof(proof)) {
				fail("%s: differs from tlog.ProveTree (%v)", where, err)
			}
			consistencies++
		default:
			fail("%s: not an inclusion or consistency line", where)
		}
	}
	if inclusions == 0 || consistencies == 0 {
		fail("proofs: %d inclusion and %d consistency proofs; need some of each", inclusions, consistencies)
	}
	ok("%d inclusion proofs pass tlog.CheckRecord and %d consistency proofs pass tlog.CheckTree, identical to tlog's", inclusions, consistencies)
	fmt.Println("PASS: the Go implementation accepts the log")
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}
