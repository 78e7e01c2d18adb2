package spec

// fieldIndex finds a type's fields by name or name-key in constant time,
// built once per type for all of its assets (AssetType.Field scans).
type fieldIndex struct {
	byName map[string]*Field
	byKey  map[string]*Field
	names  []string // in field order, for suggestions
}

func newFieldIndex(t *AssetType) *fieldIndex {
	x := &fieldIndex{
		byName: make(map[string]*Field, len(t.Fields)),
		byKey:  make(map[string]*Field, len(t.Fields)),
		names:  make([]string, 0, len(t.Fields)),
	}
	for _, f := range t.Fields {
		if _, dup := x.byName[f.Name]; !dup {
			x.byName[f.Name] = f
		}
		if k := f.NameKey(); x.byKey[k] == nil {
			x.byKey[k] = f
		}
		x.names = append(x.names, f.Name)
	}
	return x
}

// field returns what AssetType.Field returns: the field named key, else
// the one whose name-key is key, else nil.
func (x *fieldIndex) field(key string) *Field {
	if f := x.byName[key]; f != nil {
		return f
	}
	return x.byKey[key]
}
