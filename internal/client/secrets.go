package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// ErrNoPasswordAccess is matched (errors.Is) by the error Secret returns
// when IT Glue answered but did not hand out the secret: the key lacks
// "Password Access", or the password is restricted.
var ErrNoPasswordAccess = errors.New("the API key may not read password values (it needs Password Access)")

// Secret reads the secret value of the password id:
// GET /passwords/:id?show_password=true. It is how glue-sync keeps a
// Password trait unchanged when an asset's traits must be written again:
// IT Glue reads a Password trait back as the id of its embedded password,
// and nothing says that sending that id back keeps the password (it may be
// stored as the new password), so the secret itself is sent instead.
//
// A 401 or 403, or a 200 without a "password" attribute, is an error
// wrapping ErrNoPasswordAccess. The value is never logged or kept; only
// the passwords service has a secret to read.
func (s *TagTargetsService) Secret(ctx context.Context, id int64) (string, error) {
	if s.secret == "" {
		return "", fmt.Errorf("reading the secret of %s %d: %s have no secret", s.kind, id, s.kind)
	}
	what := fmt.Sprintf("reading the secret of password %d", id)
	var d document[tagTargetWire]
	err := s.c.do(ctx, call{method: http.MethodGet, path: s.path + "/" + itoa(id), query: url.Values{"show_password": {"true"}}}, &d)
	if err != nil {
		var ae *APIError
		if errors.As(err, &ae) && (ae.StatusCode == http.StatusUnauthorized || ae.StatusCode == http.StatusForbidden) {
			return "", fmt.Errorf("%s: %w (IT Glue answered %d)", what, ErrNoPasswordAccess, ae.StatusCode)
		}
		return "", fmt.Errorf("%s: %w", what, err)
	}
	r, err := one(&d, what)
	if err != nil {
		return "", err
	}
	raw, ok := r.Attributes[s.secret]
	if !ok || string(raw) == "null" {
		return "", fmt.Errorf("%s: %w (the answer has no %q attribute)", what, ErrNoPasswordAccess, s.secret)
	}
	var v string
	if err := json.Unmarshal(raw, &v); err != nil {
		return "", fmt.Errorf("%s: the %q attribute is not a string", what, s.secret)
	}
	return v, nil
}

// PasswordTraitID returns the embedded password id a Password trait reads
// back as (a number or a numeric string), and false for anything else.
func PasswordTraitID(raw json.RawMessage) (int64, bool) {
	id, err := parseFlexInt(raw)
	return id, err == nil && id > 0
}
