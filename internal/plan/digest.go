package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// DigestPrefix starts every Digest.
const DigestPrefix = "sha256:"

// digestChange is what a digest covers of one change: what apply would
// do, not where it was written or when the live object was read.
type digestChange struct {
	ID     string `json:"id"`
	Action Action `json:"action"`
	Kind   Kind   `json:"kind"`
	LiveID int64  `json:"live_id,omitempty"`
	Diffs  []Diff `json:"diffs,omitempty"`
	Write  *Write `json:"write,omitempty"`
}

// Digest is a stable fingerprint of what applying p would do: the ids,
// actions, kinds, live ids, diffs and writes of its changes other than
// no-ops, in order. Source positions, reasons, guards (timestamps),
// origins, the target and diagnostics are left out, so the same changes
// planned from another commit or at another time give the same digest,
// and any difference in what would be sent gives another. "sha256:" and
// 64 hex digits.
func (p *Plan) Digest() string {
	var cs []digestChange
	for i := range p.Changes {
		ch := &p.Changes[i]
		if ch.Action == NoOp {
			continue
		}
		cs = append(cs, digestChange{ID: ch.ID, Action: ch.Action, Kind: ch.Kind, LiveID: ch.LiveID, Diffs: ch.Diffs, Write: ch.Write})
	}
	return digestOf(cs)
}

// ChangeDigest is the digest of one change alone (as Digest covers it).
func (ch *Change) ChangeDigest() string {
	return digestOf([]digestChange{{ID: ch.ID, Action: ch.Action, Kind: ch.Kind, LiveID: ch.LiveID, Diffs: ch.Diffs, Write: ch.Write}})
}

func digestOf(cs []digestChange) string {
	if cs == nil {
		cs = []digestChange{}
	}
	// json.Marshal sorts map keys and compacts raw values, so a plan read
	// back from a file digests like the one that was written.
	b, err := json.Marshal(cs)
	if err != nil {
		// Only invalid RawMessage values fail; hash what is there.
		b = []byte(err.Error())
	}
	sum := sha256.Sum256(b)
	return DigestPrefix + hex.EncodeToString(sum[:])
}

// LabelOrigins sets Origin on each change of head, a pull request's plan,
// by comparing it with base, the plan of its merge base against the same
// live read: a change base plans identically (same id, action, diffs and
// write) is OriginBase, anything else OriginPR. No-ops get no label. It
// returns the ids of the changes base plans that head does not (the pull
// request settles them, for instance by accepting drift into the
// repository).
func LabelOrigins(head, base *Plan) (settled []string) {
	byID := make(map[string]*Change, len(base.Changes))
	for i := range base.Changes {
		byID[base.Changes[i].ID] = &base.Changes[i]
	}
	seen := map[string]bool{}
	for i := range head.Changes {
		ch := &head.Changes[i]
		seen[ch.ID] = ch.Action != NoOp
		if ch.Action == NoOp {
			ch.Origin = ""
			continue
		}
		ch.Origin = OriginPR
		if b := byID[ch.ID]; b != nil && b.Action == ch.Action && b.ChangeDigest() == ch.ChangeDigest() {
			ch.Origin = OriginBase
		}
	}
	for i := range base.Changes {
		b := &base.Changes[i]
		if b.Action != NoOp && !seen[b.ID] {
			settled = append(settled, b.ID)
		}
	}
	return settled
}
