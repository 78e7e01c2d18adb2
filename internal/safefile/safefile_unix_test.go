//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// noHang runs f and fails the test if it has not returned within a
// generous bound: the hazard under test is a read that never returns.
func noHang(t *testing.T, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("blocked: the call did not return (a named pipe must be refused, not opened)")
	}
}

func mkfifo(t *testing.T) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes on disk on Windows")
	}
	p := filepath.Join(t.TempDir(), "pipe.yaml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	return p
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small")
	if err := os.WriteFile(small, []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink("small", link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{small, link} {
		b, err := ReadFile(p, 5)
		if err != nil || string(b) != "hello" {
			t.Errorf("ReadFile(%s, 5) = %q, %v; want hello", p, b, err)
		}
	}
	_, err := ReadFile(small, 4)
	var tl *TooLargeError
	if !errors.As(err, &tl) || tl.Limit != 4 {
		t.Errorf("ReadFile over the limit = %v; want a *TooLargeError", err)
	}
	if _, err := ReadFile(dir, 100); !errors.Is(err, ErrNotRegular) {
		t.Errorf("ReadFile(folder) = %v; want ErrNotRegular", err)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing"), 100); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile(missing) = %v; want fs.ErrNotExist", err)
	}
}

func TestReadFileRefusesFIFO(t *testing.T) {
	p := mkfifo(t)
	noHang(t, func() {
		_, err := ReadFile(p, 100)
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFile(fifo) = %v; want ErrNotRegular", err)
		}
		if err != nil && err.Error() != "open "+p+": not a regular file but a named pipe: give a regular file" {
			t.Errorf("message = %q", err)
		}
	})
}

func TestReadFileRefusesDevice(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	noHang(t, func() {
		if _, err := ReadFile("/dev/zero", MaxUpload); !errors.Is(err, ErrNotRegular) {
			t.Errorf("ReadFile(/dev/zero) = %v; want ErrNotRegular", err)
		}
	})
}

// TestDirFSOpenFIFO opens a named pipe through DirFS directly, with no
// check before: only the non-blocking open keeps it from waiting for a
// writer forever.
func TestDirFSOpenFIFO(t *testing.T) {
	p := mkfifo(t)
	fsys := DirFS(filepath.Dir(p))
	noHang(t, func() {
		f, err := fsys.Open(filepath.Base(p))
		if err == nil {
			f.Close()
		}
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("Open(fifo) = %v; want ErrNotRegular", err)
		}
	})
	if err := os.WriteFile(filepath.Join(filepath.Dir(p), "ok.yaml"), []byte("a: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := fs.ReadFile(fsys, "ok.yaml"); err != nil || string(b) != "a: 1\n" {
		t.Errorf("ReadFile(ok.yaml) = %q, %v", b, err)
	}
	if _, err := fs.ReadDir(fsys, "."); err != nil {
		t.Errorf("ReadDir = %v", err)
	}
	if _, ok := fsys.(fs.ReadLinkFS); !ok {
		t.Errorf("DirFS must resolve links like os.DirFS")
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{4 << 20: "4 MiB", MaxUpload: "7.5 MiB", 512: "512 bytes", 64 << 10: "64 KiB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q; want %q", n, got, want)
		}
	}
}
