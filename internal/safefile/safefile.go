package safefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxUpload is the largest Upload file glue-sync reads: IT Glue takes at
// most 10 MB (10 MiB here, as the client counts) in one request, and an
// Upload travels base64-encoded (4 bytes for every 3) inside the JSON body.
const MaxUpload = (10 << 20) / 4 * 3

// ErrNotRegular is the error (inside a *fs.PathError, as a *NotRegularError)
// for a path that is not a regular file; test it with errors.Is.
var ErrNotRegular = errors.New("not a regular file")

// NotRegularError says what a path is instead of a regular file.
type NotRegularError struct {
	// Mode is the file's type bits.
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return "not a regular file but " + Describe(e.Mode) + ": give a regular file"
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// Describe names a file type for messages: "a named pipe", "a device", ...
func Describe(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "a special file"
}

// TooLargeError is the error for a file over its reader's limit.
type TooLargeError struct {
	// Limit is the most bytes allowed.
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("larger than %s", Size(e.Limit))
}

// Size renders a byte count for messages (4 MiB, 7.5 MiB, 512 bytes).
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Open opens the regular file at path for reading. Anything else (a
// folder, a named pipe, a device, a socket) is refused with a
// *fs.PathError wrapping a *NotRegularError, without blocking.
func Open(path string) (*os.File, fs.FileInfo, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: &NotRegularError{Mode: fi.Mode().Type()}}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err = f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() { // swapped after the first check
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: path, Err: &NotRegularError{Mode: fi.Mode().Type()}}
	}
	return f, fi, nil
}

// ReadFile reads the regular file at path, refusing one larger than limit
// bytes with a *fs.PathError wrapping a *TooLargeError (checked before
// reading, and again while reading, for a file that grows).
func ReadFile(path string, limit int64) ([]byte, error) {
	f, fi, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Limit: limit}}
	}
	return ReadAll(f, path, limit)
}

// ReadAll reads r to its end, refusing more than limit bytes with a
// *fs.PathError (naming path) wrapping a *TooLargeError.
func ReadAll(r io.Reader, path string, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &fs.PathError{Op: "read", Path: path, Err: &TooLargeError{Limit: limit}}
	}
	return b, nil
}

// LimitReader returns a reader of r that fails with a *fs.PathError (naming
// path) wrapping a *TooLargeError once more than limit bytes were read, for
// a consumer that streams (a decoder) rather than reading whole.
func LimitReader(r io.Reader, path string, limit int64) io.Reader {
	return &limitReader{r: r, path: path, limit: limit, left: limit + 1}
}

type limitReader struct {
	r           io.Reader
	path        string
	limit, left int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, &fs.PathError{Op: "read", Path: l.path, Err: &TooLargeError{Limit: l.limit}}
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left <= 0 {
		return n - 1, &fs.PathError{Op: "read", Path: l.path, Err: &TooLargeError{Limit: l.limit}}
	}
	return n, err
}
