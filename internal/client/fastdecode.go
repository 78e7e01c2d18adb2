package client

import (
	"bytes"
	"encoding/json"
	"time"
	"unsafe"
)

// fastDecode is a hand-written decoder for list pages: one pass over the
// bytes, no reflection, validating every byte it passes over as
// encoding/json would. It takes only what it is sure of and gives up
// (false) on anything else: data as one object or null, a member it does
// not expect in a place where encoding/json would match it (a key that
// differs from a field's only in case, or holds an escape or non-ASCII
// byte), a duplicate field, a null where a struct or relationship is,
// nesting deeper than maxFastDepth, or any syntax error. The caller then
// asks the tolerant decoder, whose answer stands. Field values go through
// the same UnmarshalJSON methods encoding/json would call (flexInt,
// flexString, flexBool, flexTime, flexIDs), given the same bytes, so a
// page it takes decodes to what the tolerant decoder gives
// (TestFastDecodeIsTheTolerantOne, FuzzFastDecode).
//
// Memory: each asset's traits (one compact Traits), included attributes
// and the strings that do not repeat (names, URLs) are kept in a few
// large byte chunks per page (a raw value's capacity ends where it does,
// so an append copies), not one allocation each, and the strings that
// repeat across a page (type names, organization names) are made once
// per page.
type fastDecoder struct {
	b     []byte
	i     int
	depth int
	// flags of the last string scanned: an escape, a byte >= 0x80.
	esc, high bool
	strs      map[string]string
	chunk     []byte
	spans     []traitSpan
}

// traitSpan is one member of a traits object being read: its key
// (unescaped) and its raw value.
type traitSpan struct {
	key, raw []byte
}

const (
	// maxFastDepth is the deepest nesting the fast decoder follows;
	// encoding/json allows 10,000 and decides deeper pages itself.
	maxFastDepth = 512
	// chunkSize is the size of the byte chunks trait values are kept in.
	chunkSize = 32 << 10
)

// fieldSet is how the fast decoder fills the attributes of A: the
// attribute names encoding/json knows, and set, which reads field i's
// value at d's position into a.
type fieldSet[A any] struct {
	names []string
	set   func(d *fastDecoder, a *A, i int) bool
}

// fastDecode decodes the list page b into out; false (out untouched)
// means the tolerant decoder must decide.
func fastDecode[A any](b []byte, out *document[A], fields *fieldSet[A]) bool {
	d := &fastDecoder{b: b, strs: map[string]string{}}
	var doc document[A]
	if !decodeDocument(d, &doc, fields) {
		return false
	}
	*out = doc
	return true
}

var (
	documentNames     = []string{"data", "included", "meta", "links"}
	resourceNames     = []string{"id", "type", "attributes", "relationships"}
	metaNames         = []string{"current-page", "next-page", "total-pages", "total-count"}
	linksNames        = []string{"next"}
	relationshipNames = []string{"data"}
)

// decodeDocument reads the whole body: one object, then only whitespace.
func decodeDocument[A any](d *fastDecoder, doc *document[A], fields *fieldSet[A]) bool {
	d.ws()
	if !d.open('{') {
		return false
	}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			break
		}
		f, ok := d.field(key, documentNames, &seen)
		if !ok {
			return false
		}
		switch f {
		case 0:
			if !decodeData(d, doc, fields) {
				return false
			}
		case 1:
			if !d.included(&doc.Included) {
				return false
			}
		case 2:
			if !d.meta(&doc.Meta) {
				return false
			}
		case 3:
			if !d.links(&doc.Links) {
				return false
			}
		default:
			if !d.skip() {
				return false
			}
		}
	}
	d.ws()
	return d.i == len(d.b)
}

// decodeData reads data given as an array of resource objects.
func decodeData[A any](d *fastDecoder, doc *document[A], fields *fieldSet[A]) bool {
	if !d.open('[') {
		return false
	}
	// Room for a page's worth of resources at once (they are at least a
	// few hundred bytes each); the slice lives only until collect.
	data := make(resources[A], 0, min(len(d.b)/256+1, 1000))
	for first := true; ; first = false {
		done, ok := d.element(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			break
		}
		data = append(data, resource[A]{})
		if !decodeResource(d, &data[len(data)-1], fields) {
			return false
		}
	}
	doc.Data = data
	return true
}

// decodeResource reads one resource object, its attributes through
// fields, or kept raw when fields is nil (A is json.RawMessage).
func decodeResource[A any](d *fastDecoder, r *resource[A], fields *fieldSet[A]) bool {
	if !d.open('{') {
		return false
	}
	d.depth++
	if d.depth > maxFastDepth {
		return false
	}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			break
		}
		f, ok := d.field(key, resourceNames, &seen)
		if !ok {
			return false
		}
		switch f {
		case 0:
			raw, ok := d.value()
			if !ok || r.ID.UnmarshalJSON(raw) != nil {
				return false
			}
		case 1:
			if !d.plainString(&r.Type) {
				return false
			}
		case 2:
			if fields != nil {
				if !decodeAttributes(d, &r.Attributes, fields) {
					return false
				}
				continue
			}
			p, isRaw := any(&r.Attributes).(*json.RawMessage)
			raw, ok := d.value()
			if !isRaw || !ok {
				return false
			}
			*p = d.keep(raw)
		case 3:
			if !d.relationships(&r.Relationships) {
				return false
			}
		default:
			if !d.skip() {
				return false
			}
		}
	}
	d.depth--
	return true
}

// decodeAttributes reads an attributes object into a through fields.
func decodeAttributes[A any](d *fastDecoder, a *A, fields *fieldSet[A]) bool {
	if !d.open('{') {
		return false
	}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			return true
		}
		f, ok := d.field(key, fields.names, &seen)
		if !ok {
			return false
		}
		if f < 0 {
			if !d.skip() {
				return false
			}
			continue
		}
		if !fields.set(d, a, f) {
			return false
		}
	}
}

// included reads included[] as resources with raw attributes.
func (d *fastDecoder) included(out *[]resource[json.RawMessage]) bool {
	if d.null() {
		*out = nil
		return true
	}
	if !d.open('[') {
		return false
	}
	inc := []resource[json.RawMessage]{}
	for first := true; ; first = false {
		done, ok := d.element(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			break
		}
		inc = append(inc, resource[json.RawMessage]{})
		if !decodeResource(d, &inc[len(inc)-1], nil) {
			return false
		}
	}
	*out = inc
	return true
}

// relationships reads a relationships object: null, or members that are
// objects (a null member is left to the tolerant decoder).
func (d *fastDecoder) relationships(out *map[string]relationship) bool {
	if d.null() {
		*out = nil
		return true
	}
	if !d.open('{') {
		return false
	}
	rels := map[string]relationship{}
	for first := true; ; first = false {
		key, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			break
		}
		k, ok := d.mapKey(key)
		if _, dup := rels[k]; !ok || dup || !d.open('{') {
			return false
		}
		var rel relationship
		var seen uint64
		for first := true; ; first = false {
			key, done, ok := d.member(first)
			if !ok {
				return false
			}
			if done {
				d.ws()
				break
			}
			f, ok := d.field(key, relationshipNames, &seen)
			if !ok {
				return false
			}
			raw, ok := d.value()
			if !ok {
				return false
			}
			if f == 0 {
				rel.Data = append(json.RawMessage(nil), raw...)
			}
		}
		rels[k] = rel
	}
	*out = rels
	return true
}

// meta reads the pagination block.
func (d *fastDecoder) meta(m *pageMeta) bool {
	if d.null() {
		return true // a struct is left as it is
	}
	if !d.open('{') {
		return false
	}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			return true
		}
		f, ok := d.field(key, metaNames, &seen)
		if !ok {
			return false
		}
		if f == 1 {
			if d.null() {
				m.NextPage = nil
				continue
			}
			m.NextPage = new(flexInt)
		}
		raw, ok := d.value()
		if !ok {
			return false
		}
		var err error
		switch f {
		case 0:
			err = m.CurrentPage.UnmarshalJSON(raw)
		case 1:
			err = m.NextPage.UnmarshalJSON(raw)
		case 2:
			err = m.TotalPages.UnmarshalJSON(raw)
		case 3:
			err = m.TotalCount.UnmarshalJSON(raw)
		}
		if err != nil {
			return false
		}
	}
}

// links reads links.next.
func (d *fastDecoder) links(l *pageLinks) bool {
	if d.null() {
		return true
	}
	if !d.open('{') {
		return false
	}
	var seen uint64
	for first := true; ; first = false {
		key, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			return true
		}
		f, ok := d.field(key, linksNames, &seen)
		if !ok {
			return false
		}
		if f == 0 {
			if !d.plainString(&l.Next) {
				return false
			}
		} else if !d.skip() {
			return false
		}
	}
}

// traits reads a traits object: null, or members whose values are kept
// as their raw bytes, each key once, into one compact Traits held in the
// current chunk (no map, no allocation of its own).
func (d *fastDecoder) traits(out *Traits) bool {
	if d.null() {
		*out = Traits{}
		return true
	}
	if !d.open('{') {
		return false
	}
	d.spans = d.spans[:0]
	size := 0
	for first := true; ; first = false {
		key, done, ok := d.member(first)
		if !ok {
			return false
		}
		if done {
			d.ws()
			break
		}
		k, ok := d.traitKey(key)
		if !ok {
			return false
		}
		raw, ok := d.value()
		if !ok {
			return false
		}
		d.spans = append(d.spans, traitSpan{key: k, raw: raw})
		size += memberSize(len(k), len(raw))
	}
	// Sorted by key: a few members, the same order asset after asset.
	sp := d.spans
	for i := 1; i < len(sp); i++ {
		for j := i; j > 0 && bytes.Compare(sp[j-1].key, sp[j].key) >= 0; j-- {
			if bytes.Equal(sp[j-1].key, sp[j].key) {
				return false // a key twice, the last would win: left to the tolerant decoder
			}
			sp[j-1], sp[j] = sp[j], sp[j-1]
		}
	}
	if len(sp) == 0 {
		*out = Traits{}
		return true
	}
	b := d.alloc(size)
	for _, s := range sp {
		b = appendMember(b, s.key, s.raw)
	}
	*out = Traits{b: b}
	return true
}

// keep copies raw into the current chunk and returns the copy, with its
// capacity ending at its length.
func (d *fastDecoder) keep(raw []byte) json.RawMessage {
	return append(d.alloc(len(raw)), raw...)
}

// keepString copies s into the current chunk and returns the copy as a
// string (an asset's name and URL: no allocation of their own). The
// chunk's bytes are never written again, and these are not handed out
// as a slice, so the string is as immutable as any.
func (d *fastDecoder) keepString(s []byte) string {
	if len(s) == 0 {
		return ""
	}
	b := append(d.alloc(len(s)), s...)
	return unsafe.String(&b[0], len(b))
}

// alloc returns n bytes of the current chunk (a new one when it has no
// room left) as an empty slice of capacity n.
func (d *fastDecoder) alloc(n int) []byte {
	if cap(d.chunk)-len(d.chunk) < n {
		d.chunk = make([]byte, 0, max(chunkSize, n))
	}
	start := len(d.chunk)
	d.chunk = d.chunk[:start+n]
	return d.chunk[start : start : start+n]
}

// intern returns s as a string, made once per page.
func (d *fastDecoder) intern(s []byte) string {
	if v, ok := d.strs[string(s)]; ok {
		return v
	}
	v := string(s)
	d.strs[v] = v
	return v
}

// traitKey is the key the raw key string key (quotes included) stands
// for, unescaped as encoding/json does; a plain key is a slice of it.
func (d *fastDecoder) traitKey(key []byte) ([]byte, bool) {
	if !d.esc && !d.high {
		return key[1 : len(key)-1], true
	}
	s, err := jsonString(key)
	return []byte(s), err == nil
}

// mapKey is the map key for the raw key string key (quotes included).
func (d *fastDecoder) mapKey(key []byte) (string, bool) {
	if !d.esc && !d.high {
		return d.intern(key[1 : len(key)-1]), true
	}
	s, err := jsonString(key)
	return s, err == nil
}

// plainString reads a JSON string (or null, which leaves s as it is)
// into s as encoding/json does for a string field.
func (d *fastDecoder) plainString(s *string) bool {
	if d.null() {
		return true
	}
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return false
	}
	raw, ok := d.value()
	if !ok {
		return false
	}
	if !d.esc && !d.high {
		*s = d.intern(raw[1 : len(raw)-1])
		return true
	}
	v, err := jsonString(raw)
	*s = v
	return err == nil
}

// flexString reads a flexString field; repeated is true for values that
// recur across a page (names of organizations and types), made once.
func (d *fastDecoder) flexString(f *flexString, repeated bool) bool {
	raw, ok := d.value()
	if !ok {
		return false
	}
	if raw[0] == '"' && !d.esc && !d.high {
		if repeated {
			*f = flexString(d.intern(raw[1 : len(raw)-1]))
		} else {
			*f = flexString(d.keepString(raw[1 : len(raw)-1]))
		}
		return true
	}
	return f.UnmarshalJSON(raw) == nil
}

// flexBool reads a flexBool field.
func (d *fastDecoder) flexBool(f *flexBool) bool {
	raw, ok := d.value()
	if !ok {
		return false
	}
	switch string(raw) {
	case "true":
		*f = true
		return true
	case "false":
		*f = false
		return true
	}
	return f.UnmarshalJSON(raw) == nil
}

// flexTime reads a flexTime field: a timestamp in the form the API
// writes ("2017-10-22T00:03:48.000Z", fraction optional) directly, any
// other value through flexTime's UnmarshalJSON.
func (d *fastDecoder) flexTime(f *flexTime) bool {
	raw, ok := d.value()
	if !ok {
		return false
	}
	if t, ok := utcStamp(raw); ok {
		*f = flexTime(t)
		return true
	}
	return f.UnmarshalJSON(raw) == nil
}

// utcStamp parses the JSON string "YYYY-MM-DDTHH:MM:SS[.fraction]Z", with
// 1 to 9 fraction digits and every field in range, as time.Parse does
// with time.RFC3339Nano; ok is false for anything else.
func utcStamp(raw []byte) (time.Time, bool) {
	n := len(raw)
	if n < 22 || raw[0] != '"' || raw[n-1] != '"' || raw[n-2] != 'Z' {
		return time.Time{}, false
	}
	b := raw[1 : n-2] // without the quotes and the Z
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	num := func(s []byte) (int, bool) {
		v := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	year, ok1 := num(b[0:4])
	month, ok2 := num(b[5:7])
	day, ok3 := num(b[8:10])
	hour, ok4 := num(b[11:13])
	minute, ok5 := num(b[14:16])
	sec, ok6 := num(b[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 ||
		day > daysIn(time.Month(month), year) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	if frac := b[19:]; len(frac) > 0 {
		if frac[0] != '.' || len(frac) < 2 || len(frac) > 10 {
			return time.Time{}, false
		}
		v, ok := num(frac[1:])
		if !ok {
			return time.Time{}, false
		}
		for range 10 - len(frac) {
			v *= 10
		}
		nsec = v
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC), true
}

// daysIn is the number of days of month in year.
func daysIn(month time.Month, year int) int {
	return time.Date(year, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// unmarshaler reads a value with its own UnmarshalJSON.
func (d *fastDecoder) unmarshaler(u json.Unmarshaler) bool {
	raw, ok := d.value()
	return ok && u.UnmarshalJSON(raw) == nil
}

// field finds key (a raw key string) among names and marks it seen. It
// returns -1 for a member encoding/json would ignore too, and false for
// one it might match otherwise (an escape, non-ASCII, another case) or a
// duplicate.
func (d *fastDecoder) field(key []byte, names []string, seen *uint64) (int, bool) {
	if d.esc || d.high {
		return 0, false
	}
	k := key[1 : len(key)-1]
	for i, n := range names {
		if string(k) == n {
			if *seen&(1<<i) != 0 {
				return 0, false
			}
			*seen |= 1 << i
			return i, true
		}
	}
	for _, n := range names {
		if asciiEqualFold(k, n) {
			return 0, false
		}
	}
	return -1, true
}

// asciiEqualFold reports whether the ASCII a and b are equal up to case.
func asciiEqualFold(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// ws skips JSON whitespace.
func (d *fastDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// open consumes c (with the whitespace after it).
func (d *fastDecoder) open(c byte) bool {
	if d.i >= len(d.b) || d.b[d.i] != c {
		return false
	}
	d.i++
	d.ws()
	return true
}

// null consumes a null literal if one is next.
func (d *fastDecoder) null() bool {
	if len(d.b)-d.i >= 4 && string(d.b[d.i:d.i+4]) == "null" {
		d.i += 4
		d.ws()
		return true
	}
	return false
}

// member reads up to the value of the next member of an object whose
// '{' was read: its raw key string, or done after the closing '}' (the
// whitespace after it unread). The string flags are the key's.
func (d *fastDecoder) member(first bool) (key []byte, done, ok bool) {
	if d.i >= len(d.b) {
		return nil, false, false
	}
	switch c := d.b[d.i]; {
	case c == '}':
		d.i++
		return nil, true, true
	case !first:
		if c != ',' {
			return nil, false, false
		}
		d.i++
		d.ws()
	}
	start := d.i
	if !d.str() {
		return nil, false, false
	}
	key = d.b[start:d.i]
	d.ws()
	if !d.open(':') {
		return nil, false, false
	}
	return key, false, true
}

// element moves to the next element of an array whose '[' was read, or
// reports done after the closing ']' (the whitespace after it unread).
func (d *fastDecoder) element(first bool) (done, ok bool) {
	if d.i >= len(d.b) {
		return false, false
	}
	switch c := d.b[d.i]; {
	case c == ']':
		d.i++
		return true, true
	case !first:
		if c != ',' {
			return false, false
		}
		d.i++
		d.ws()
	}
	return false, true
}

// value reads one value and the whitespace after it, and returns the
// value's bytes; after a string, the string flags are its.
func (d *fastDecoder) value() ([]byte, bool) {
	start := d.i
	if !d.skipValue() {
		return nil, false
	}
	end := d.i
	d.ws()
	return d.b[start:end], true
}

// skip reads one value and the whitespace after it.
func (d *fastDecoder) skip() bool {
	_, ok := d.value()
	return ok
}

// skipValue reads one value, checking its syntax.
func (d *fastDecoder) skipValue() bool {
	if d.i >= len(d.b) {
		return false
	}
	switch c := d.b[d.i]; c {
	case '"':
		return d.str()
	case '{', '[':
		d.depth++
		if d.depth > maxFastDepth {
			return false
		}
		d.i++
		d.ws()
		for first := true; ; first = false {
			var done, ok bool
			if c == '{' {
				_, done, ok = d.member(first)
			} else {
				done, ok = d.element(first)
			}
			if !ok {
				return false
			}
			if done {
				break
			}
			if !d.skipValue() {
				return false
			}
			d.ws()
		}
		d.depth--
		return true
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	return d.number()
}

// literal reads the literal lit.
func (d *fastDecoder) literal(lit string) bool {
	if len(d.b)-d.i < len(lit) || string(d.b[d.i:d.i+len(lit)]) != lit {
		return false
	}
	d.i += len(lit)
	return true
}

// number reads a number in JSON's grammar.
func (d *fastDecoder) number() bool {
	b, i := d.b, d.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
	default:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := i
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		if i == j {
			return false
		}
	}
	d.i = i
	return true
}

// str reads a string, checking its escapes, and sets the string flags.
func (d *fastDecoder) str() bool {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return false
	}
	b, i := d.b, d.i+1
	d.esc, d.high = false, false
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			d.i = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			d.esc = true
			i++
			if i >= len(b) {
				return false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i++
			case 'u':
				if len(b)-i < 5 {
					return false
				}
				for _, h := range b[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				i += 5
			default:
				return false
			}
		case c >= 0x80:
			d.high = true
			i++
		default:
			i++
		}
	}
	return false
}

// assetFields fills assetWire.
var assetFields = fieldSet[assetWire]{
	names: []string{"organization-id", "organization-name", "flexible-asset-type-id", "flexible-asset-type-name",
		"name", "traits", "archived", "restricted", "my-glue", "resource-url", "created-at", "updated-at"},
	set: func(d *fastDecoder, a *assetWire, i int) bool {
		switch i {
		case 0:
			return d.unmarshaler(&a.OrganizationID)
		case 1:
			return d.flexString(&a.OrganizationName, true)
		case 2:
			return d.unmarshaler(&a.FlexibleAssetTypeID)
		case 3:
			return d.flexString(&a.FlexibleAssetTypeName, true)
		case 4:
			return d.flexString(&a.Name, false)
		case 5:
			return d.traits(&a.traits)
		case 6:
			return d.flexBool(&a.Archived)
		case 7:
			return d.flexBool(&a.Restricted)
		case 8:
			return d.flexBool(&a.MyGlue)
		case 9:
			return d.flexString(&a.ResourceURL, false)
		case 10:
			return d.flexTime(&a.CreatedAt)
		default:
			return d.flexTime(&a.UpdatedAt)
		}
	},
}

// organizationFields fills organizationWire.
var organizationFields = fieldSet[organizationWire]{
	names: []string{"name", "description", "alert", "quick-notes", "short-name", "organization-type-id",
		"organization-type-name", "organization-status-id", "organization-status-name", "primary", "parent-id",
		"ancestor-ids", "created-at", "updated-at"},
	set: func(d *fastDecoder, a *organizationWire, i int) bool {
		switch i {
		case 0:
			return d.flexString(&a.Name, false)
		case 1:
			return d.flexString(&a.Description, false)
		case 2:
			return d.flexString(&a.Alert, false)
		case 3:
			return d.flexString(&a.QuickNotes, false)
		case 4:
			return d.flexString(&a.ShortName, false)
		case 5:
			return d.unmarshaler(&a.OrganizationTypeID)
		case 6:
			return d.flexString(&a.OrganizationTypeName, true)
		case 7:
			return d.unmarshaler(&a.OrganizationStatusID)
		case 8:
			return d.flexString(&a.OrganizationStatusName, true)
		case 9:
			return d.flexBool(&a.Primary)
		case 10:
			return d.unmarshaler(&a.ParentID)
		case 11:
			return d.unmarshaler(&a.AncestorIDs)
		case 12:
			return d.flexTime(&a.CreatedAt)
		default:
			return d.flexTime(&a.UpdatedAt)
		}
	},
}

// typeFields fills typeWire.
var typeFields = fieldSet[typeWire]{
	names: []string{"name", "description", "icon", "enabled", "show-in-menu", "created-at", "updated-at"},
	set: func(d *fastDecoder, a *typeWire, i int) bool {
		switch i {
		case 0:
			return d.flexString(&a.Name, false)
		case 1:
			return d.flexString(&a.Description, false)
		case 2:
			return d.flexString(&a.Icon, false)
		case 3:
			if d.null() {
				a.Enabled = nil
				return true
			}
			a.Enabled = new(flexBool)
			return d.flexBool(a.Enabled)
		case 4:
			return d.flexBool(&a.ShowInMenu)
		case 5:
			return d.flexTime(&a.CreatedAt)
		default:
			return d.flexTime(&a.UpdatedAt)
		}
	},
}
