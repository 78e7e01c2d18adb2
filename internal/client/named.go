package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// NamedRecord is an organization type or status: a name and nothing more.
type NamedRecord struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

type namedWire struct {
	Name      flexString `json:"name"`
	CreatedAt flexTime   `json:"created-at"`
	UpdatedAt flexTime   `json:"updated-at"`
}

func toNamed(r resource[namedWire]) NamedRecord {
	return NamedRecord{ID: r.id(), Name: string(r.Attributes.Name), CreatedAt: time.Time(r.Attributes.CreatedAt), UpdatedAt: time.Time(r.Attributes.UpdatedAt)}
}

// NamedRecordsService reads and writes /organization_types or
// /organization_statuses. The API cannot delete them.
type NamedRecordsService struct {
	c    *Client
	path string
	kind string // the JSON:API type
	noun string // for messages: "organization type"
	many string // its plural
}

// List returns every record, or those named exactly as in names, by id.
func (s *NamedRecordsService) List(ctx context.Context, names ...string) ([]NamedRecord, error) {
	q := url.Values{"sort": {"id"}}
	if len(names) > 0 {
		q.Set("filter[name]", escapeFilter(names))
	}
	pages, err := listPages[namedWire](ctx, s.c, s.path, q, "listing "+s.many)
	if err != nil {
		return nil, err
	}
	return keepScoped(s.c, collect(pages, toNamed), func(r NamedRecord) bool { return nameIn(names, r.Name) }), nil
}

// Get reads one record.
func (s *NamedRecordsService) Get(ctx context.Context, id int64) (NamedRecord, error) {
	var d document[namedWire]
	if err := s.c.do(ctx, call{method: http.MethodGet, path: s.path + "/" + itoa(id)}, &d); err != nil {
		return NamedRecord{}, fmt.Errorf("reading %s %d: %w", s.noun, id, err)
	}
	r, err := one(&d, "reading "+s.noun)
	return toNamed(r), err
}

// Create creates a record; see CreateSafe for the ambiguous case.
func (s *NamedRecordsService) Create(ctx context.Context, name string) (NamedRecord, error) {
	return s.write(ctx, http.MethodPost, s.path, name)
}

// CreateSafe creates a record, or after an ambiguous failure returns the
// record of that name if the first attempt did create it.
func (s *NamedRecordsService) CreateSafe(ctx context.Context, name string) (NamedRecord, error) {
	return createRecovering(ctx, s.c, func(ctx context.Context) (NamedRecord, error) { return s.Create(ctx, name) },
		func(ctx context.Context) (NamedRecord, bool, error) {
			found, err := s.List(ctx, name)
			if err != nil || len(found) == 0 {
				return NamedRecord{}, false, err
			}
			return found[len(found)-1], true, nil
		})
}

// Update renames a record.
func (s *NamedRecordsService) Update(ctx context.Context, id int64, name string) (NamedRecord, error) {
	return s.write(ctx, http.MethodPatch, s.path+"/"+itoa(id), name)
}

func (s *NamedRecordsService) write(ctx context.Context, method, path, name string) (NamedRecord, error) {
	if name == "" {
		return NamedRecord{}, fmt.Errorf("writing an %s: a name is required", s.noun)
	}
	body, err := encodeOne(writeResource{Type: s.kind, Attributes: map[string]any{"name": name}})
	if err != nil {
		return NamedRecord{}, err
	}
	var d document[namedWire]
	if err := s.c.do(ctx, call{method: method, path: path, body: body}, &d); err != nil {
		return NamedRecord{}, fmt.Errorf("writing %s %q: %w", s.noun, truncate(name, maxQuoted), err)
	}
	r, err := one(&d, "writing "+s.noun)
	return toNamed(r), err
}
