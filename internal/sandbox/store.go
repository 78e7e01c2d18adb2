package sandbox

import "time"

// store is the whole account. It is guarded by Server.mu; its exported
// fields are what a snapshot persists, byType is rebuilt from them.
type store struct {
	NextID      int64                `json:"next-id"`
	Orgs        map[int64]*org       `json:"organizations"`
	OrgTypes    map[int64]*named     `json:"organization-types"`
	OrgStatuses map[int64]*named     `json:"organization-statuses"`
	Types       map[int64]*assetType `json:"flexible-asset-types"`
	Fields      map[int64]*field     `json:"flexible-asset-fields"`
	Assets      map[int64]*asset     `json:"flexible-assets"`
	Targets     map[int64]*target    `json:"targets"`

	byType   map[int64]map[int64]*asset // flexible assets by type id
	pinned   int64                      // an id the next newID must hand out (seeds with explicit ids)
	reserved map[int64]bool             // ids a seed pins later, skipped by newID meanwhile
}

func newStore() *store {
	return &store{
		NextID:      1,
		Orgs:        map[int64]*org{},
		OrgTypes:    map[int64]*named{},
		OrgStatuses: map[int64]*named{},
		Types:       map[int64]*assetType{},
		Fields:      map[int64]*field{},
		Assets:      map[int64]*asset{},
		Targets:     map[int64]*target{},
		byType:      map[int64]map[int64]*asset{},
	}
}

// newID hands out ids from one sequence shared by every kind of object, so
// that an id of the wrong kind is never silently found.
func (st *store) newID() int64 {
	if id := st.pinned; id != 0 {
		st.pinned = 0
		st.NextID = max(st.NextID, id+1)
		return id
	}
	for st.idTaken(st.NextID) || st.reserved[st.NextID] {
		st.NextID++
	}
	id := st.NextID
	st.NextID++
	return id
}

// idTaken reports whether any object already has id.
func (st *store) idTaken(id int64) bool {
	return st.Orgs[id] != nil || st.OrgTypes[id] != nil || st.OrgStatuses[id] != nil || st.Types[id] != nil ||
		st.Fields[id] != nil || st.Assets[id] != nil || st.Targets[id] != nil
}

// reindex rebuilds the derived indexes after a snapshot was read.
func (st *store) reindex() {
	st.byType = map[int64]map[int64]*asset{}
	for _, a := range st.Assets {
		st.indexAsset(a)
	}
}

func (st *store) indexAsset(a *asset) {
	m := st.byType[a.TypeID]
	if m == nil {
		m = map[int64]*asset{}
		st.byType[a.TypeID] = m
	}
	m[a.ID] = a
}

func (st *store) removeAsset(a *asset) {
	delete(st.Assets, a.ID)
	delete(st.byType[a.TypeID], a.ID)
	// The passwords embedded by its Password traits go with it.
	for _, tr := range a.Traits {
		for _, id := range tr.IDs {
			if t := st.Targets[id]; t != nil && t.ResourceType == "flexible-asset-trait" && t.ResourceID == a.ID {
				delete(st.Targets, id)
			}
		}
	}
}

// clock returns the server's time truncated to the API's millisecond precision.
func (s *Server) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// org is an organization.
type org struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Alert       *string   `json:"alert"`
	Description *string   `json:"description"`
	QuickNotes  *string   `json:"quick-notes"`
	ShortName   *string   `json:"short-name"`
	TypeID      *int64    `json:"organization-type-id"`
	StatusID    *int64    `json:"organization-status-id"`
	ParentID    *int64    `json:"parent-id"`
	Primary     bool      `json:"primary"`
	CreatedAt   time.Time `json:"created-at"`
	UpdatedAt   time.Time `json:"updated-at"`
}

// named is an organization type or status.
type named struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created-at"`
	UpdatedAt time.Time `json:"updated-at"`
}

// assetType is a flexible asset type; FieldIDs lists its fields.
type assetType struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	Description *string   `json:"description"`
	Icon        *string   `json:"icon"`
	Enabled     bool      `json:"enabled"`
	ShowInMenu  bool      `json:"show-in-menu"`
	FieldIDs    []int64   `json:"field-ids"`
	CreatedAt   time.Time `json:"created-at"`
	UpdatedAt   time.Time `json:"updated-at"`
}

// field is a flexible asset field.
type field struct {
	ID     int64 `json:"id"`
	TypeID int64 `json:"flexible-asset-type-id"`
	fieldProps
	CreatedAt time.Time `json:"created-at"`
	UpdatedAt time.Time `json:"updated-at"`
}

// fieldProps are a field's own attributes, stored and answered alike
// (encoding/json flattens the embedded struct in both).
type fieldProps struct {
	Order        int64   `json:"order"`
	Name         string  `json:"name"`
	Kind         string  `json:"kind"`
	Hint         *string `json:"hint"`
	Decimals     *int64  `json:"decimals"`
	DefaultValue *string `json:"default-value"`
	TagType      *string `json:"tag-type"`
	Required     bool    `json:"required"`
	UseForTitle  bool    `json:"use-for-title"`
	Expiration   bool    `json:"expiration"`
	ShowInList   bool    `json:"show-in-list"`
	NameKey      string  `json:"name-key"`
}

// asset is a flexible asset. Traits are keyed by name-key; Name is rebuilt
// from the use-for-title fields whenever the traits or fields change.
type asset struct {
	ID         int64            `json:"id"`
	OrgID      int64            `json:"organization-id"`
	TypeID     int64            `json:"flexible-asset-type-id"`
	Name       string           `json:"name"`
	Traits     map[string]trait `json:"traits"`
	Restricted bool             `json:"restricted"`
	Archived   bool             `json:"archived"`
	CreatedAt  time.Time        `json:"created-at"`
	UpdatedAt  time.Time        `json:"updated-at"`
}

// trait is one stored trait value; which member is used depends on the
// field's kind.
type trait struct {
	Text   string  `json:"text,omitempty"`   // Text, Textbox, Select, Date (yyyy-mm-dd)
	Number string  `json:"number,omitempty"` // Number, Percent: the JSON number as sent
	Bool   *bool   `json:"bool,omitempty"`   // Checkbox
	IDs    []int64 `json:"ids,omitempty"`    // Tag: tagged ids; Password: the embedded password
	File   *upload `json:"file,omitempty"`   // Upload
}

// upload is the one file an Upload trait keeps.
type upload struct {
	Name string `json:"name"`
	Size int    `json:"size"`
}

// target is an object Tag traits can point at: a configuration, contact,
// location, domain or password.
type target struct {
	ID           int64             `json:"id"`
	Kind         string            `json:"kind"` // the route: configurations, contacts, ...
	OrgID        int64             `json:"organization-id"`
	Name         string            `json:"name"`
	Extra        map[string]string `json:"extra,omitempty"`         // kind-specific attributes (hostname, ...)
	HasSecret    bool              `json:"has-secret,omitempty"`    // a password value was set; the value itself is never kept
	ResourceType string            `json:"resource-type,omitempty"` // "flexible-asset-trait" for embedded passwords
	ResourceID   int64             `json:"resource-id,omitempty"`
	CreatedAt    time.Time         `json:"created-at"`
	UpdatedAt    time.Time         `json:"updated-at"`

	// secret is a password's value, kept in memory only: snapshots (and
	// so --data files) never hold it. secretKnown is false after a reload.
	secret      string
	secretKnown bool
}
