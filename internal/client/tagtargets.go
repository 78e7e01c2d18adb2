package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// TagTarget is an object a Tag trait can point at: a configuration,
// contact, location, domain or password. Attributes holds every other
// attribute as raw JSON; a password's secret is never kept.
type TagTarget struct {
	ID               int64
	OrganizationID   int64
	OrganizationName string
	Name             string
	Attributes       map[string]json.RawMessage
}

type tagTargetWire map[string]json.RawMessage

// TagTargetsService reads (and, for seeding tests, creates) one kind of
// tag target.
type TagTargetsService struct {
	c      *Client
	path   string
	kind   string
	secret string
}

func (s *TagTargetsService) toTarget(r resource[tagTargetWire]) TagTarget {
	a := r.Attributes
	t := TagTarget{ID: r.id(), Attributes: map[string]json.RawMessage{}}
	for k, v := range a {
		switch k {
		case "organization-id", "organization_id":
			n, _ := parseFlexInt(v)
			t.OrganizationID = n
		case "organization-name", "organization_name":
			var fs flexString
			_ = json.Unmarshal(v, &fs)
			t.OrganizationName = string(fs)
		case "name":
			var fs flexString
			_ = json.Unmarshal(v, &fs)
			t.Name = string(fs)
		case s.secret:
			// never kept
		default:
			t.Attributes[k] = v
		}
	}
	return t
}

// TagTargetListOptions narrows a list; zero values mean no filter.
type TagTargetListOptions struct {
	OrganizationID int64
	// Names match exactly (any of them).
	Names []string
}

// List returns the objects matching opts (nil for all), by id.
func (s *TagTargetsService) List(ctx context.Context, opts *TagTargetListOptions) ([]TagTarget, error) {
	q := url.Values{}
	what := "listing " + s.kind
	if opts != nil {
		if opts.OrganizationID != 0 {
			// Spelled as the documentation shows it for these routes.
			q.Set("filter[organization_id]", itoa(opts.OrganizationID))
			what += fmt.Sprintf(" of organization %d", opts.OrganizationID)
		}
		if len(opts.Names) > 0 {
			q.Set("filter[name]", escapeFilter(opts.Names))
		}
	}
	pages, err := listPages[tagTargetWire](ctx, s.c, s.path, q, what)
	if err != nil {
		return nil, err
	}
	out := collect(pages, s.toTarget)
	if opts != nil {
		out = keepScoped(s.c, out, func(t TagTarget) bool {
			return nameIn(opts.Names, t.Name) && (opts.OrganizationID == 0 || t.OrganizationID == opts.OrganizationID)
		})
	}
	return out, nil
}

// Get reads one object.
func (s *TagTargetsService) Get(ctx context.Context, id int64) (TagTarget, error) {
	var d document[tagTargetWire]
	if err := s.c.do(ctx, call{method: http.MethodGet, path: s.path + "/" + itoa(id)}, &d); err != nil {
		return TagTarget{}, fmt.Errorf("reading %s %d: %w", s.kind, id, err)
	}
	r, err := one(&d, "reading "+s.kind)
	return s.toTarget(r), err
}

// Create creates an object in an organization with the given attributes
// (kebab-case keys, "name" among them). glue-sync does not manage tag
// targets; this exists to seed test accounts. It is not retried after an
// ambiguous failure.
func (s *TagTargetsService) Create(ctx context.Context, orgID int64, attrs map[string]any) (TagTarget, error) {
	m := make(map[string]any, len(attrs)+1)
	for k, v := range attrs {
		m[k] = v
	}
	m["organization-id"] = orgID
	body, err := encodeOne(writeResource{Type: s.kind, Attributes: m})
	if err != nil {
		return TagTarget{}, err
	}
	var d document[tagTargetWire]
	if err := s.c.do(ctx, call{method: http.MethodPost, path: s.path, body: body}, &d); err != nil {
		return TagTarget{}, fmt.Errorf("creating %s in organization %d: %w", s.kind, orgID, err)
	}
	r, err := one(&d, "creating "+s.kind)
	return s.toTarget(r), err
}
