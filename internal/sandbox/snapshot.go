package sandbox

import (
	"encoding/json"
	"fmt"
	"io"
)

// snapshotFormat versions the snapshot file; bump it on incompatible changes.
const snapshotFormat = 1

type snapshotFile struct {
	Format  int    `json:"format"`
	Account *store `json:"account"`
}

// WriteSnapshot writes the whole account as JSON. Password values are never
// part of it (the sandbox keeps them in memory only).
func (s *Server) WriteSnapshot(w io.Writer) error {
	s.mu.RLock()
	b, err := json.Marshal(snapshotFile{Format: snapshotFormat, Account: s.st})
	s.mu.RUnlock()
	if err != nil {
		return fmt.Errorf("encoding sandbox snapshot: %w", err)
	}
	if _, err := w.Write(append(b, '\n')); err != nil {
		return fmt.Errorf("writing sandbox snapshot: %w", err)
	}
	return nil
}

// ReadSnapshot replaces the account with one written by WriteSnapshot.
func (s *Server) ReadSnapshot(r io.Reader) error {
	st, err := decodeSnapshot(r)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.st = st
	s.mu.Unlock()
	return nil
}

func decodeSnapshot(r io.Reader) (*store, error) {
	var f snapshotFile
	dec := json.NewDecoder(r)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("reading sandbox snapshot: %w (is it a file written by the sandbox?)", err)
	}
	if f.Format != snapshotFormat || f.Account == nil {
		return nil, fmt.Errorf("reading sandbox snapshot: format %d is not the supported format %d", f.Format, snapshotFormat)
	}
	st := newStore()
	a := f.Account
	st.NextID = a.NextID
	copyMap(st.Orgs, a.Orgs)
	copyMap(st.OrgTypes, a.OrgTypes)
	copyMap(st.OrgStatuses, a.OrgStatuses)
	copyMap(st.Types, a.Types)
	copyMap(st.Fields, a.Fields)
	copyMap(st.Assets, a.Assets)
	copyMap(st.Targets, a.Targets)
	for _, as := range st.Assets {
		if as.Traits == nil {
			as.Traits = map[string]trait{}
		}
	}
	maxID := int64(0)
	for _, m := range []func(func(int64)){keysOf(st.Orgs), keysOf(st.OrgTypes), keysOf(st.OrgStatuses),
		keysOf(st.Types), keysOf(st.Fields), keysOf(st.Assets), keysOf(st.Targets)} {
		m(func(id int64) { maxID = max(maxID, id) })
	}
	st.NextID = max(st.NextID, maxID+1)
	st.reindex()
	return st, nil
}

func copyMap[T any](dst, src map[int64]*T) {
	for k, v := range src {
		if v != nil {
			dst[k] = v
		}
	}
}

func keysOf[T any](m map[int64]*T) func(func(int64)) {
	return func(yield func(int64)) {
		for k := range m {
			yield(k)
		}
	}
}
