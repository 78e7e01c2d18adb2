package spec

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"github.com/glue-sync/glue-sync/internal/safefile"
)

// MaxFileSize is the largest file Load reads; larger files are an error.
const MaxFileSize = 4 << 20

// LoadDir loads the repository in the directory dir (see Load). Positions
// name files as dir joined with their path inside it.
func LoadDir(ctx context.Context, dir string, opts ...LoadOption) (*DesiredState, Diagnostics) {
	prefix := filepath.ToSlash(filepath.Clean(dir))
	if prefix == "." {
		prefix = ""
	}
	if fi, err := os.Stat(dir); err == nil && !fi.IsDir() {
		return nil, Diagnostics{{Pos: Pos{File: filepath.ToSlash(dir)}, Severity: SeverityError,
			Message: "not a folder", Hint: "give the repository's root folder"}}
	}
	// safefile.DirFS: a named pipe among the YAML files must not block
	// the read (and Ctrl-C) forever.
	return load(ctx, safefile.DirFS(dir), ".", prefix, opts...)
}

// Load loads the repository rooted at root inside fsys: every *.yaml and
// *.yml file below root (hidden files and folders skipped), with
// glue-sync.yaml at root as the repository configuration. It returns the
// desired state and every diagnostic, sorted; the state is nil only when
// nothing could be read at all. Callers must not use the state when the
// diagnostics contain errors.
func Load(ctx context.Context, fsys fs.FS, root string, opts ...LoadOption) (*DesiredState, Diagnostics) {
	return load(ctx, fsys, root, "", opts...)
}

// LoadOption changes what Load and LoadDir keep; see CountsOnly.
type LoadOption func(*loader)

// CountsOnly makes Load run every check and report every diagnostic as
// usual, but return assets without their trait values (Traits holds only
// the traits that tag something, and is nil when none does; MatchFields
// and Identity are set), so
// that a large repository is checked in a fraction of the memory. For
// glue-sync validate, which needs the diagnostics and the counts; never
// plan from such a state.
func CountsOnly() LoadOption { return func(l *loader) { l.countsOnly = true } }

// load is Load; opts adjust the loader (tests too).
func load(ctx context.Context, fsys fs.FS, root, prefix string, opts ...LoadOption) (*DesiredState, Diagnostics) {
	l := newLoader(fsys, root, prefix)
	for _, o := range opts {
		o(l)
	}
	exclude := excludePatterns(fsys, root)
	var paths []string
	err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			l.errf(l.filePos(p), "cannot read: %v", unwrapPathErr(err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if p != root && Excluded(exclude, l.relPath(p), d.IsDir()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		ext := path.Ext(name)
		isYAML := ext == ".yaml" || ext == ".yml"
		if d.Type()&fs.ModeSymlink != 0 {
			if !isYAML {
				// A linked folder would silently hide its files.
				l.warnLinkedFolder(p)
				return nil
			}
			if !l.checkSymlink(p) {
				return nil
			}
		}
		if !isYAML {
			return nil
		}
		if t := d.Type(); t&fs.ModeSymlink == 0 && !t.IsRegular() {
			l.errHint(l.filePos(p), "remove it, or replace it with a regular file",
				"%s ends in %s but is %s, not a regular file", name, ext, safefile.Describe(t))
			return nil
		}
		paths = append(paths, p)
		return nil
	})
	if err == nil {
		err = l.readFiles(ctx, paths)
	}
	if err != nil {
		l.errf(Pos{File: l.display(root)}, "loading stopped: %v", err)
		return nil, l.diags.Sorted()
	}
	if len(paths) == 0 && len(l.diags) == 0 {
		l.warnf(Pos{File: l.display(root)}, "no *.yaml or *.yml files found")
	}
	return l.finish(), l.diags.Sorted()
}

// readFiles parses the files on every CPU, each into a loader of its own,
// then merges the results in path order so that the outcome does not
// depend on scheduling.
//
// It works in two rounds so that no asset's YAML node tree outlives its
// file: an asset's traits can be converted only once every type is known,
// and types may be declared in any file. The first round reads every file
// and parses those that may declare a type (mayDeclareType) and the
// configuration; the second converts the assets those held and parses the
// other files, converting each file's assets as soon as it is parsed.
func (l *loader) readFiles(ctx context.Context, paths []string) error {
	parts := make([]*loader, len(paths))
	each(ctx, len(paths), func(i int) {
		part := newLoader(l.fsys, l.root, l.prefix)
		part.markdown, part.passed, part.countsOnly, part.afterDocument = l.markdown, l.passed, l.countsOnly, l.afterDocument
		part.readFile(paths[i])
		parts[i] = part
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	known := knownTypes(parts, l.schema)
	each(ctx, len(paths), func(i int) {
		parts[i].known = known
		parts[i].parseHeld()
		parts[i].convertAssets()
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	n := len(l.assets)
	for _, p := range parts {
		n += len(p.assets)
	}
	l.assets = slices.Grow(l.assets, n-len(l.assets))
	for i, p := range parts {
		l.merge(p)
		parts[i] = nil // its copies of the assets' records are garbage now
	}
	return nil
}

// merge appends what part read to l.
func (l *loader) merge(p *loader) {
	l.files += p.files
	l.diags = append(l.diags, p.diags...)
	l.orgs = append(l.orgs, p.orgs...)
	l.types = append(l.types, p.types...)
	l.assets = append(l.assets, p.assets...)
	if p.config != nil {
		if l.config != nil {
			l.errHint(Pos{File: p.config.Pos.File}, "keep one of "+ConfigFile+" and "+ConfigFileAlt,
				"a second repository configuration (the first is %s)", l.config.Pos.File)
		} else {
			l.config = p.config
		}
	}
	if l.keyPos == nil {
		l.keyPos = make(map[posKey]Pos, len(p.keyPos))
	}
	maps.Copy(l.keyPos, p.keyPos)
}

// each runs f(0) ... f(n-1) on every CPU, stopping early when ctx ends.
func each(ctx context.Context, n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

// loader carries one Load call's state.
type loader struct {
	fsys   fs.FS
	root   string
	prefix string
	diags  Diagnostics
	schema *validator
	keyPos map[posKey]Pos

	suggestSpent int

	files int
	// markdown holds the Markdown files read, by path from the root, so
	// that a file named by many traits is read and warned about once.
	markdown *markdownCache
	// countsOnly: see CountsOnly.
	countsOnly bool
	// afterDocument, when set (by tests), is called after each document
	// of a file that declares no type has been handled.
	afterDocument func(file string, doc *yaml.Node)
	// lastOrg is the organization of the asset decoded last.
	lastOrg string
	// scratch holds buffers reused for every asset converted (see
	// assetTraits).
	scratch struct {
		stated []statedTrait
		values []TraitValue
		traits Traits
	}
	// passed and keyBuf: see validate.
	passed *validCache
	keyBuf []byte
	config *RepoConfig
	orgs   []*Organization
	types  []*AssetType
	// pending are the assets whose traits wait for every type to be
	// known; assets are those converted.
	pending []*rawAsset
	assets  []assetRec
	// held is a file read in the first round but parsed in the second
	// (see readFiles): its name, bytes and whether it is the configuration.
	held *heldFile
	// known is every declared type, set for the second round.
	known *typeSet
}

// heldFile is a file read but not yet parsed.
type heldFile struct {
	name string
	data []byte
}

func newLoader(fsys fs.FS, root, prefix string) *loader {
	return &loader{fsys: fsys, root: root, prefix: prefix, schema: sharedValidator(), markdown: &markdownCache{}, passed: &validCache{}}
}

// display turns a path inside fsys into the name shown in positions.
func (l *loader) display(p string) string {
	if l.prefix == "" {
		return p
	}
	rel := strings.TrimPrefix(strings.TrimPrefix(p, l.root), "/")
	if l.root == "." {
		rel = p
	}
	if rel == "." || rel == "" {
		return l.prefix
	}
	return l.prefix + "/" + rel
}

func (l *loader) filePos(p string) Pos { return Pos{File: l.display(p)} }

// relPath is p relative to the root.
func (l *loader) relPath(p string) string {
	if l.root == "." {
		return p
	}
	return strings.TrimPrefix(strings.TrimPrefix(p, l.root), "/")
}

// readFile reads and parses one file, recording its documents.
func (l *loader) readFile(p string) {
	pos := l.filePos(p)
	f, err := l.fsys.Open(p)
	if err != nil {
		l.errf(pos, "cannot read: %v", unwrapPathErr(err))
		return
	}
	var data []byte
	if fi, serr := f.Stat(); serr == nil && !fi.Mode().IsRegular() {
		err = &safefile.NotRegularError{Mode: fi.Mode().Type()}
	} else {
		data, err = readAll(f, fi)
	}
	f.Close()
	if err != nil {
		l.errf(pos, "cannot read: %v", unwrapPathErr(err))
		return
	}
	if len(data) > MaxFileSize {
		l.diags = append(l.diags, Diagnostic{Pos: pos, Severity: SeverityError,
			Message: "file is larger than 4 MiB", Hint: "split it into several files"})
		return
	}
	isConfig := slices.Contains([]string{ConfigFile, ConfigFileAlt}, l.relPath(p))
	if !isConfig && !mayDeclareType(data) {
		l.held = &heldFile{name: pos.File, data: data}
		return
	}
	if l.parseFile(pos.File, data, isConfig) {
		l.files++
	}
}

// parseHeld parses the file held over from the first round, if any.
func (l *loader) parseHeld() {
	if h := l.held; h != nil {
		l.held = nil
		if l.parseFile(h.name, h.data, false) {
			l.files++
		}
	}
}

// mayDeclareType reports whether a file's bytes may hold a document of
// kind FlexibleAssetType. The kind's value can only be written as the
// word itself (plain, quoted or in a block scalar) or with a backslash
// escape inside double quotes ("\x46lexibleAssetType", or a line broken
// with "\" at its end); line folding in any other style adds a space.
// So a file with neither the word nor a backslash declares no type.
func mayDeclareType(data []byte) bool {
	return bytes.Contains(data, []byte(DocFlexibleAssetType)) || bytes.IndexByte(data, '\\') >= 0
}

// readAll reads at most MaxFileSize+1 bytes of f into a buffer of the
// size Stat gave (plus one byte to see the end), rather than growing one.
func readAll(f io.Reader, fi fs.FileInfo) ([]byte, error) {
	size := 512
	if fi != nil && fi.Size() >= 0 && fi.Size() <= MaxFileSize {
		size = int(fi.Size()) + 1
	}
	buf := make([]byte, 0, size)
	r := io.LimitReader(f, MaxFileSize+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)] // grow
		}
	}
}

func unwrapPathErr(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// Excluded reports whether the file or folder at rel (a slash path from
// the repository root) is left unread by the exclude: patterns of
// glue-sync.yaml: a pattern matches the whole path (path.Match: *, ?,
// [abc]); one ending in / matches folders only, and so everything below.
func Excluded(patterns []string, rel string, dir bool) bool {
	for _, p := range patterns {
		folder, onlyDir := strings.CutSuffix(p, "/")
		if onlyDir && !dir {
			continue
		}
		if ok, _ := path.Match(folder, rel); ok {
			return true
		}
	}
	return false
}

// excludePatterns reads the exclude: list of the repository's
// glue-sync.yaml before the walk, so that excluded files are never
// opened. Anything wrong with the file is reported when it is read
// properly with the others.
func excludePatterns(fsys fs.FS, root string) []string {
	for _, name := range []string{ConfigFile, ConfigFileAlt} {
		f, err := fsys.Open(path.Join(root, name))
		if err != nil {
			continue
		}
		var data []byte
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			data, _ = io.ReadAll(io.LimitReader(f, MaxFileSize))
		}
		f.Close()
		var c struct {
			Exclude []string `yaml:"exclude"`
		}
		if yaml.Unmarshal(data, &c) != nil {
			return nil
		}
		var out []string
		for _, p := range c.Exclude {
			if _, err := path.Match(strings.TrimSuffix(p, "/"), ""); err == nil && p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	return nil
}
