package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"
)

// Organization is an IT Glue organization as read. Null strings read as "",
// null ids as 0.
type Organization struct {
	ID                     int64
	Name                   string
	Description            string
	Alert                  string
	QuickNotes             string
	ShortName              string
	OrganizationTypeID     int64
	OrganizationTypeName   string
	OrganizationStatusID   int64
	OrganizationStatusName string
	Primary                bool
	ParentID               int64
	AncestorIDs            []int64
	CreatedAt              time.Time
	UpdatedAt              time.Time
}

type organizationWire struct {
	Name                   flexString `json:"name"`
	Description            flexString `json:"description"`
	Alert                  flexString `json:"alert"`
	QuickNotes             flexString `json:"quick-notes"`
	ShortName              flexString `json:"short-name"`
	OrganizationTypeID     flexInt    `json:"organization-type-id"`
	OrganizationTypeName   flexString `json:"organization-type-name"`
	OrganizationStatusID   flexInt    `json:"organization-status-id"`
	OrganizationStatusName flexString `json:"organization-status-name"`
	Primary                flexBool   `json:"primary"`
	ParentID               flexInt    `json:"parent-id"`
	AncestorIDs            flexIDs    `json:"ancestor-ids"`
	CreatedAt              flexTime   `json:"created-at"`
	UpdatedAt              flexTime   `json:"updated-at"`
}

func (r resource[A]) id() int64 { return int64(r.ID) }

func toOrganization(r resource[organizationWire]) Organization {
	a := r.Attributes
	return Organization{
		ID: r.id(), Name: string(a.Name), Description: string(a.Description), Alert: string(a.Alert),
		QuickNotes: string(a.QuickNotes), ShortName: string(a.ShortName),
		OrganizationTypeID: int64(a.OrganizationTypeID), OrganizationTypeName: string(a.OrganizationTypeName),
		OrganizationStatusID: int64(a.OrganizationStatusID), OrganizationStatusName: string(a.OrganizationStatusName),
		Primary: bool(a.Primary), ParentID: int64(a.ParentID), AncestorIDs: []int64(a.AncestorIDs),
		CreatedAt: time.Time(a.CreatedAt), UpdatedAt: time.Time(a.UpdatedAt),
	}
}

// OrganizationWrite is the body of a create or update. Nil fields are not
// sent; Clear names attributes to set to null (e.g. "alert").
type OrganizationWrite struct {
	// ID is required by UpdateBulk and ignored elsewhere.
	ID                   int64
	Name                 *string
	Description          *string
	Alert                *string
	QuickNotes           *string
	ShortName            *string
	OrganizationTypeID   *int64
	OrganizationStatusID *int64
	ParentID             *int64
	Clear                []string
}

func (w OrganizationWrite) resource(withID bool) writeResource {
	m := map[string]any{}
	if withID {
		m["id"] = w.ID
	}
	setAttr(m, "name", w.Name)
	setAttr(m, "description", w.Description)
	setAttr(m, "alert", w.Alert)
	setAttr(m, "quick-notes", w.QuickNotes)
	setAttr(m, "short-name", w.ShortName)
	setAttr(m, "organization-type-id", w.OrganizationTypeID)
	setAttr(m, "organization-status-id", w.OrganizationStatusID)
	setAttr(m, "parent-id", w.ParentID)
	clearAttrs(m, w.Clear)
	return writeResource{Type: "organizations", Attributes: m}
}

// OrganizationsService reads and writes /organizations.
type OrganizationsService struct{ c *Client }

// OrganizationListOptions narrows a list. Names match exactly (any of them).
type OrganizationListOptions struct {
	Names                []string
	OrganizationTypeID   int64
	OrganizationStatusID int64
}

// List returns every organization matching opts (nil for all), by id.
func (s *OrganizationsService) List(ctx context.Context, opts *OrganizationListOptions) ([]Organization, error) {
	q := url.Values{"sort": {"id"}}
	if opts != nil {
		if len(opts.Names) > 0 {
			q.Set("filter[name]", escapeFilter(opts.Names))
		}
		// Spelled as IT Glue's documentation shows them (snake_case).
		if opts.OrganizationTypeID != 0 {
			q.Set("filter[organization_type_id]", strconv.FormatInt(opts.OrganizationTypeID, 10))
		}
		if opts.OrganizationStatusID != 0 {
			q.Set("filter[organization_status_id]", strconv.FormatInt(opts.OrganizationStatusID, 10))
		}
	}
	pages, err := listPages[organizationWire](ctx, s.c, "organizations", q, "listing organizations")
	if err != nil {
		return nil, err
	}
	orgs := collect(pages, toOrganization)
	if opts != nil {
		orgs = keepScoped(s.c, orgs, func(o Organization) bool {
			return nameIn(opts.Names, o.Name) &&
				(opts.OrganizationTypeID == 0 || o.OrganizationTypeID == opts.OrganizationTypeID) &&
				(opts.OrganizationStatusID == 0 || o.OrganizationStatusID == opts.OrganizationStatusID)
		})
	}
	return s.fullQuickNotes(ctx, orgs)
}

// quickNotesIndexLimit is where the organizations index cuts quick notes;
// only a show returns them in full.
const quickNotesIndexLimit = 250

// fullQuickNotes re-reads the (rare) organizations whose quick notes may
// have been truncated by the index, so that callers never compare a cut
// copy.
func (s *OrganizationsService) fullQuickNotes(ctx context.Context, orgs []Organization) ([]Organization, error) {
	var cut []int
	for i, o := range orgs {
		if utf8.RuneCountInString(o.QuickNotes) >= quickNotesIndexLimit || len(o.QuickNotes) >= quickNotesIndexLimit {
			cut = append(cut, i)
		}
	}
	full, err := fetchConcurrently(ctx, s.c.concurrency, 0, len(cut)-1, func(ctx context.Context, j int) (Organization, error) {
		return s.Get(ctx, orgs[cut[j]].ID)
	})
	if err != nil {
		return nil, fmt.Errorf("listing organizations: reading full quick notes: %w", err)
	}
	for j, i := range cut {
		orgs[i] = full[j]
	}
	return orgs, nil
}

// Get reads one organization.
func (s *OrganizationsService) Get(ctx context.Context, id int64) (Organization, error) {
	var d document[organizationWire]
	if err := s.c.do(ctx, call{method: http.MethodGet, path: "organizations/" + itoa(id)}, &d); err != nil {
		return Organization{}, fmt.Errorf("reading organization %d: %w", id, err)
	}
	r, err := one(&d, "reading organization")
	return toOrganization(r), err
}

// Create creates one organization (Name is required). After an ambiguous
// failure it returns an *AmbiguousWriteError; see CreateSafe.
//
// IT Glue's documentation says the API cannot assign a parent when
// creating an organization (while listing parent_id as writable): when the
// created organization does not have w.ParentID as its parent, Create sets
// it with a PATCH (one more request) and checks the answer; if the parent
// still is not set, it returns the organization with a *ParentNotSetError.
func (s *OrganizationsService) Create(ctx context.Context, w OrganizationWrite) (Organization, error) {
	if w.Name == nil || *w.Name == "" {
		return Organization{}, fmt.Errorf("creating an organization: a name is required")
	}
	body, err := encodeOne(w.resource(false))
	if err != nil {
		return Organization{}, err
	}
	var d document[organizationWire]
	if err := s.c.do(ctx, call{method: http.MethodPost, path: "organizations", body: body}, &d); err != nil {
		return Organization{}, fmt.Errorf("creating organization %q: %w", truncate(*w.Name, maxQuoted), err)
	}
	r, err := one(&d, "creating organization")
	o := toOrganization(r)
	if err != nil || w.ParentID == nil || *w.ParentID == 0 || o.ParentID == *w.ParentID {
		return o, err
	}
	s.c.stats.add(func(s *Stats) { s.ParentPatches++ })
	set, err := s.Update(ctx, o.ID, OrganizationWrite{ParentID: w.ParentID})
	if err != nil {
		return o, fmt.Errorf("created organization %q (%d), but setting its parent: %w", truncate(*w.Name, maxQuoted), o.ID, err)
	}
	if set.ParentID != *w.ParentID {
		return set, &ParentNotSetError{OrganizationID: o.ID, Name: *w.Name, ParentID: *w.ParentID}
	}
	return set, nil
}

// ParentNotSetError says IT Glue accepted an organization's parent-id but
// did not set the parent: the API cannot assign parents on this account.
type ParentNotSetError struct {
	OrganizationID int64
	Name           string
	ParentID       int64
}

func (e *ParentNotSetError) Error() string {
	return fmt.Sprintf("IT Glue did not set organization %d as the parent of %q (%d), neither on create nor by a PATCH: "+
		"the API cannot assign parents here; set the parent in IT Glue's web interface, or remove parent from the repository",
		e.ParentID, e.Name, e.OrganizationID)
}

// CreateSafe creates an organization; after an ambiguous failure it looks
// the name up and returns the organization it finds instead of creating a
// second one.
func (s *OrganizationsService) CreateSafe(ctx context.Context, w OrganizationWrite) (Organization, error) {
	return createRecovering(ctx, s.c, func(ctx context.Context) (Organization, error) { return s.Create(ctx, w) },
		func(ctx context.Context) (Organization, bool, error) {
			if w.Name == nil {
				return Organization{}, false, nil
			}
			found, err := s.List(ctx, &OrganizationListOptions{Names: []string{*w.Name}})
			if err != nil || len(found) == 0 {
				return Organization{}, false, err
			}
			return found[len(found)-1], true, nil
		})
}

// Update patches one organization; only the non-nil fields change. When
// w sets a parent that the answer does not show, it returns a
// *ParentNotSetError.
func (s *OrganizationsService) Update(ctx context.Context, id int64, w OrganizationWrite) (Organization, error) {
	body, err := encodeOne(w.resource(false))
	if err != nil {
		return Organization{}, err
	}
	var d document[organizationWire]
	if err := s.c.do(ctx, call{method: http.MethodPatch, path: "organizations/" + itoa(id), body: body}, &d); err != nil {
		return Organization{}, fmt.Errorf("updating organization %d: %w", id, err)
	}
	var o Organization
	if len(d.Data) == 0 {
		if o, err = s.Get(ctx, id); err != nil {
			return o, err
		}
	} else {
		o = toOrganization(d.Data[0])
	}
	if w.ParentID != nil && *w.ParentID != 0 && o.ParentID != *w.ParentID {
		return o, &ParentNotSetError{OrganizationID: id, Name: o.Name, ParentID: *w.ParentID}
	}
	return o, nil
}

// UpdateBulk patches many organizations (each w.ID set), in batches.
func (s *OrganizationsService) UpdateBulk(ctx context.Context, ws []OrganizationWrite) error {
	items := make([]writeResource, len(ws))
	for i, w := range ws {
		if w.ID == 0 {
			return fmt.Errorf("updating organizations in bulk: item %d has no id", i)
		}
		items[i] = w.resource(true)
	}
	return s.c.sendBulk(ctx, http.MethodPatch, "organizations", items, "updating organizations in bulk")
}

// Delete deletes organizations by id (IT Glue deletes them asynchronously:
// they may still be listed for a while).
func (s *OrganizationsService) Delete(ctx context.Context, ids ...int64) error {
	return s.c.deleteBulk(ctx, "organizations", "organizations", ids, "deleting organizations")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
