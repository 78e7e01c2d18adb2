package sandbox

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Profile chooses how the sandbox answers where IT Glue's documentation
// leaves the real API's behaviour open.
type Profile int

const (
	// ProfileDefault takes the convenient reading of every open point (the
	// "sandbox decisions" of docs/sandbox.md).
	ProfileDefault Profile = iota
	// ProfilePessimistic takes the least convenient reading the
	// documentation still allows, point by point (P1-P13 in
	// docs/sandbox.md): a Password trait written back as its id stores that
	// number, unknown or differently spelled filters are ignored, bulk field
	// updates are validated item by item, the type index has no included
	// fields and may omit enabled, parent-id on create is ignored, bulk
	// creates answer in reverse order, Textbox values are stored as HTML,
	// archived assets are not listed without filter[archived], large asset
	// pages time out (504), 429s carry no Retry-After, a bad key gets a
	// gateway 403 and name-keys transliterate non-ASCII letters.
	ProfilePessimistic
)

// DefaultAssetPageLimit is the largest flexible asset page size the
// pessimistic profile answers when Options.AssetPageLimit is 0; a larger
// page[size] times out with a 504.
const DefaultAssetPageLimit = 250

// Profiles lists every profile, the default first.
func Profiles() []Profile { return []Profile{ProfileDefault, ProfilePessimistic} }

// String is the profile's name as ParseProfile reads it.
func (p Profile) String() string {
	switch p {
	case ProfileDefault:
		return "default"
	case ProfilePessimistic:
		return "pessimistic"
	}
	return fmt.Sprintf("Profile(%d)", int(p))
}

// ParseProfile reads a profile name ("default" or "pessimistic").
func ParseProfile(name string) (Profile, error) {
	for _, p := range Profiles() {
		if p.String() == name {
			return p, nil
		}
	}
	return 0, fmt.Errorf("unknown sandbox profile %q: use default or pessimistic", name)
}

func (p Profile) valid() bool { return p == ProfileDefault || p == ProfilePessimistic }

// pessimistic reports whether the server takes the pessimistic readings.
func (s *Server) pessimistic() bool { return s.opts.Profile == ProfilePessimistic }

// documentedSpelling maps, per list route, a multi-word filter's kebab name
// to the one raw spelling IT Glue's documentation shows for it. In the
// pessimistic profile any other spelling of that key is ignored (P2).
var (
	// Organizations: DEV's parameter table spells filters in snake_case.
	orgFilterSpelling = map[string]string{
		"organization-type-id": "organization_type_id", "organization-status-id": "organization_status_id",
		"created-at": "created_at", "updated-at": "updated_at",
	}
	// Configurations, contacts, locations, domains and passwords: snake_case.
	targetFilterSpelling = map[string]string{"organization-id": "organization_id"}
	// Flexible assets: DEV documents kebab-case (filter[flexible-asset-type-id]).
	assetFilterSpelling = map[string]string{
		"flexible-asset-type-id": "flexible-asset-type-id", "organization-id": "organization-id",
	}
)

// filterSpelling is what a list route passes to parseListQuery: nil in the
// default profile (every spelling of a known filter counts, unknown ones
// are a 400), and in the pessimistic profile the documented spellings, with
// unknown filters ignored.
func (s *Server) filterSpelling(documented map[string]string) *spellingRule {
	if !s.pessimistic() {
		return nil
	}
	return &spellingRule{only: documented}
}

// spellingRule makes parseListQuery ignore filters it does not know, and
// known multi-word filters spelled otherwise than documented.
type spellingRule struct{ only map[string]string }

// honoured reports whether the raw key (inside filter[...]) of the filter
// named name (kebab-case) is taken into account.
func (r *spellingRule) honoured(raw, name string) bool {
	want, ok := r.only[name]
	return !ok || raw == want
}

// htmlTag finds a tag of the rich-text editor's HTML in a Textbox value.
var htmlTag = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?i)</?(p|br|div|span|b|i|u|em|strong|a|ul|ol|li|h[1-6]|table|thead|tbody|tr|td|th|pre|code|blockquote|hr|img)(\s[^<>]*)?/?>`)
})

// textboxHTML is how the pessimistic profile stores a Textbox value (P8):
// a value holding HTML tags is kept as sent; plain text has &, <, > and "
// escaped as entities, each line break (\n or \r\n) turned into <br>, and
// the whole wrapped in one <p>...</p>. Normalising twice changes nothing.
func textboxHTML(v string) string {
	if v == "" || htmlTag().MatchString(v) {
		return v
	}
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\r\n", "<br>", "\n", "<br>")
	return "<p>" + r.Replace(v) + "</p>"
}

// transliterations are the non-ASCII letters the pessimistic parameterize
// spells in ASCII, as Rails' I18n.transliterate does (P13).
var transliterations = map[rune]string{
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'æ': "ae", 'ç': "c", 'ć': "c", 'č': "c", 'ď': "d", 'đ': "d", 'ð': "d",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'ğ': "g", 'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'į': "i", 'ı': "i",
	'ł': "l", 'ľ': "l", 'ñ': "n", 'ń': "n", 'ň': "n",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o", 'œ': "oe",
	'ř': "r", 'ś': "s", 'š': "s", 'ş': "s", 'ß': "ss", 'ť': "t", 'þ': "th",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u", 'ų': "u",
	'ý': "y", 'ÿ': "y", 'ź': "z", 'ż': "z", 'ž': "z",
}

// transliterate spells the letters of transliterations in ASCII.
func transliterate(s string) string {
	var b strings.Builder
	for _, r := range s {
		if t, ok := transliterations[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// nameKey derives the name-key of a new field named name.
func (s *Server) nameKey(name string) string {
	if s.pessimistic() {
		return parameterize(transliterate(strings.ToLower(name)))
	}
	return parameterize(name)
}

// gatewayError is an answer of the API's gateway: {"message": msg}.
func gatewayError(status int, msg string) *httpError {
	return &httpError{status: status, errs: []apiError{{Title: msg}}, gateway: true}
}

// assetPageTimeout is the pessimistic profile's 504 for a flexible asset
// list asking for more than Options.AssetPageLimit objects a page (P10).
func (s *Server) assetPageTimeout(c *call) error {
	if !s.pessimistic() || s.opts.AssetPageLimit < 0 {
		return nil
	}
	n, err := strconv.Atoi(c.query.Get("page[size]"))
	if err != nil || n <= s.opts.AssetPageLimit {
		return nil
	}
	return gatewayError(http.StatusGatewayTimeout, "Endpoint request timed out")
}

// noRetryAfter drops the Retry-After header from every answer (P11): the
// real API documents none. It keeps the connection hijackable, so that
// injected dropped connections still work.
type noRetryAfter struct{ http.ResponseWriter }

func (w noRetryAfter) WriteHeader(status int) {
	w.Header().Del("Retry-After")
	w.ResponseWriter.WriteHeader(status)
}

func (w noRetryAfter) Write(b []byte) (int, error) {
	w.Header().Del("Retry-After")
	return w.ResponseWriter.Write(b)
}

func (w noRetryAfter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, http.ErrNotSupported
	}
	return hj.Hijack()
}

func (w noRetryAfter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// reversed returns a copy of items in reverse order: the pessimistic
// profile answers bulk creates that way (P7).
func reversed[T any](items []T) []T {
	out := make([]T, len(items))
	for i, it := range items {
		out[len(items)-1-i] = it
	}
	return out
}

// StoredPassword returns the value of the password with id (a Password
// trait's embedded password or one created on /passwords), so that tests
// can see what a write stored. ok is false when there is no such password
// or its value is not known (not set, or the account was reloaded from a
// snapshot, which never holds values).
func (s *Server) StoredPassword(id int64) (value string, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.st.Targets[id]
	if t == nil || t.Kind != "passwords" || !t.secretKnown || !t.HasSecret {
		return "", false
	}
	return t.secret, true
}
