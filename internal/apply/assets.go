package apply

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/richtext"
	"github.com/glue-sync/glue-sync/internal/safefile"
)

func (wr *writer) writeAsset(ctx context.Context, ch *plan.Change) (int64, error) {
	w, err := wr.assetWrite(ctx, ch)
	if err != nil {
		return 0, err
	}
	if ch.Action != plan.Create {
		got, err := wr.api.UpdateAsset(ctx, ch.LiveID, w)
		if err != nil {
			return 0, err
		}
		return got.ID, nil
	}
	got, err := wr.api.CreateAssets(ctx, w.OrganizationID, []client.FlexibleAssetWrite{w}, wr.conc.matcher())
	if len(got) == 1 {
		wr.conc.remember(ch, w, got[0].ID)
	}
	if err != nil {
		return 0, err
	}
	return got[0].ID, nil
}

// assetWrite builds an asset's create or update body; for a create it
// resolves the organization and type ids.
func (wr *writer) assetWrite(ctx context.Context, ch *plan.Change) (client.FlexibleAssetWrite, error) {
	a := wr.attrs(ch.Write)
	w := client.FlexibleAssetWrite{
		Archived:   get[bool](a, "archived"),
		Restricted: get[bool](a, "restricted"),
	}
	orgID, typeID := a.id("organization-id"), a.id("flexible-asset-type-id")
	if err := a.check("flexible asset"); err != nil {
		return w, err
	}
	traits, err := wr.traits(ctx, ch)
	if err != nil {
		return w, err
	}
	w.Traits = traits
	if ch.Action != plan.Create {
		return w, nil
	}
	if w.Traits == nil {
		w.Traits = map[string]any{}
	}
	w.OrganizationID, w.FlexibleAssetTypeID, err = wr.assetParents(ctx, ch, orgID, typeID)
	return w, err
}

// assetParents is an asset create's organization and type ids: the ones
// the plan's write names, else looked up by the change's names.
func (wr *writer) assetParents(ctx context.Context, ch *plan.Change, orgID, typeID *int64) (org, typ int64, err error) {
	if orgID == nil {
		id, err := wr.parentID(ctx, plan.KindOrganization, ch.Organization)
		if err != nil {
			return 0, 0, err
		}
		orgID = &id
	}
	if typeID == nil {
		id, err := wr.parentID(ctx, plan.KindAssetType, ch.AssetType)
		if err != nil {
			return 0, 0, err
		}
		typeID = &id
	}
	return *orgID, *typeID, nil
}

// samePlainTraits recognises, after an ambiguous create, the live asset a
// write created: same type and every plain (non-Tag, non-secret) trait
// equal.
func samePlainTraits(want client.FlexibleAssetWrite, live client.FlexibleAsset) bool {
	if want.FlexibleAssetTypeID != live.FlexibleAssetTypeID {
		return false
	}
	for k, v := range want.Traits {
		w, plain := v.(json.RawMessage)
		if !plain || client.MatchTraits(k)(want, live) {
			continue
		}
		// IT Glue may keep a Textbox as HTML (<p> wrapping, entities):
		// a string is the same when it reads the same.
		var ws, ls string
		if json.Unmarshal(w, &ws) != nil || json.Unmarshal(live.Traits.Value(k), &ls) != nil ||
			richtext.Canonical(ws) != richtext.Canonical(ls) {
			return false
		}
	}
	return true
}

// traits assembles an asset's full trait set: plain traits as planned, Tag
// traits with their references resolved to ids, Password traits read from
// the environment now, Upload traits read from their files now. Nil when
// the change leaves the traits alone (Write.SendTraits false).
func (wr *writer) traits(ctx context.Context, ch *plan.Change) (map[string]any, error) {
	pw := ch.Write
	if pw == nil || !pw.SendTraits {
		return nil, nil
	}
	out := make(map[string]any, len(pw.Traits)+len(pw.Tags)+len(pw.Secrets)+len(pw.Uploads))
	put := func(k string, v any) error {
		key, err := wr.traitKey(ctx, pw, k)
		if err != nil {
			return err
		}
		out[key] = v
		return nil
	}
	for k, v := range pw.Traits {
		if err := put(k, json.RawMessage(v)); err != nil {
			return nil, err
		}
	}
	for k, refs := range pw.Tags {
		ids := make([]int64, 0, len(refs))
		for _, ref := range refs {
			id, err := wr.lg.ref(ref)
			if err != nil {
				return nil, fmt.Errorf("trait %q: %w", k, err)
			}
			ids = append(ids, id)
		}
		if err := put(k, ids); err != nil {
			return nil, err
		}
	}
	var live *client.FlexibleAsset // read once, for kept passwords
	liveAsset := func() (*client.FlexibleAsset, error) {
		if live == nil {
			a, err := wr.api.Asset(ctx, ch.LiveID)
			if err != nil {
				return nil, err
			}
			live = &a
		}
		return live, nil
	}
	for k, src := range pw.Secrets {
		v, err := wr.secret(ctx, k, src, liveAsset)
		if err != nil {
			return nil, err
		}
		if err := put(k, v); err != nil {
			return nil, err
		}
	}
	for k, src := range pw.Uploads {
		v, err := wr.upload(k, src)
		if err != nil {
			return nil, err
		}
		if err := put(k, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// traitKey is the name-key to send for trait key k: the actual name-key of
// a field created earlier in this run when Write.FieldKeys says so, else k.
func (wr *writer) traitKey(ctx context.Context, pw *plan.Write, k string) (string, error) {
	fr, ok := pw.FieldKeys[k]
	if !ok {
		return k, nil
	}
	id, err := wr.lg.ref(plan.Ref{Change: fr.Change})
	if err != nil {
		return "", fmt.Errorf("trait %q: %w", k, err)
	}
	if nk := wr.fieldKeys[fieldKey(plan.FieldRef{Change: fr.Change})]; nk != "" {
		return nk, nil // a field created (or renamed) by its own change
	}
	key := fieldKey(fr)
	if nk := wr.fieldKeys[key]; nk != "" {
		return nk, nil
	}
	if tc := wr.lg.change(fr.Change); tc != nil && tc.Kind == plan.KindField && fr.Name == "" {
		// A field updated in a bulk PATCH, which returns no name-keys:
		// read its type's fields once for its (perhaps renamed) key.
		typeID, err := wr.fieldType(ctx, tc)
		if err != nil {
			return "", fmt.Errorf("trait %q: %w", k, err)
		}
		fs, err := wr.api.Fields(ctx, typeID)
		if err != nil {
			return "", fmt.Errorf("trait %q: reading the fields of its type for their name-keys: %w", k, err)
		}
		for _, f := range fs {
			if f.ID == id {
				wr.fieldKeys[key] = f.NameKey
				return f.NameKey, nil
			}
		}
	}
	if tc := wr.lg.change(fr.Change); tc != nil && tc.Kind == plan.KindAssetType && fr.Name != "" {
		// A field created inside its type's create: read the type's
		// fields once for their name-keys.
		fs, err := wr.api.Fields(ctx, id)
		if err != nil {
			return "", fmt.Errorf("trait %q: reading the fields of the new type for their name-keys: %w", k, err)
		}
		for _, f := range fs {
			wr.fieldKeys[fieldKey(plan.FieldRef{Change: fr.Change, Name: f.Name})] = f.NameKey
		}
		if nk := wr.fieldKeys[key]; nk != "" {
			return nk, nil
		}
	}
	return k, nil
}

// fieldKey indexes runner.fieldKeys.
func fieldKey(fr plan.FieldRef) string { return fr.Change + "\x00" + fr.Name }

// secret returns the value to send for Password trait k: the value of its
// environment variable; for a trait kept as it is (src.Keep) without that
// variable, the current secret read through the passwords API. It never
// sends a password back as its id (IT Glue might store the number as the
// new password), so a kept trait that can be read neither way refuses the
// change, naming what would let it through.
//
// The password read is the one the live asset's trait names now, never an
// id taken from the plan alone: an edited plan file must not make apply
// copy another password the key can read into this asset. When the live
// trait names another password than at plan time, the change is refused.
func (wr *writer) secret(ctx context.Context, k string, src plan.SecretSource, liveAsset func() (*client.FlexibleAsset, error)) (string, error) {
	name := src.Field
	if name == "" {
		name = k
	}
	if src.Env != "" && wr.getenv != nil {
		if v := wr.getenv(src.Env); v != "" {
			wr.secrets = append(wr.secrets, v)
			return v, nil
		}
	}
	if !src.Keep {
		if src.Env == "" {
			return "", fmt.Errorf("the Password trait %q names no environment variable", name)
		}
		return "", fmt.Errorf("environment variable %s is not set: it holds the Password trait %q; set it and run apply again", src.Env, name)
	}
	setVar := "state the trait in the repository as {env: VARIABLE} and set that variable"
	if src.Env != "" {
		setVar = "set " + src.Env
	}
	if src.PasswordID == 0 {
		return "", fmt.Errorf("refused: the Password trait %q must be sent again unchanged (IT Glue replaces every trait on update), and IT Glue did not read it back as a password id to look up: %s so apply can send it", name, setVar)
	}
	a, err := liveAsset()
	if err != nil {
		return "", fmt.Errorf("reading the asset to keep its Password trait %q: %w", name, err)
	}
	id, ok := client.PasswordTraitID(a.Traits.Value(k))
	if !ok || id != src.PasswordID {
		return "", fmt.Errorf("refused: the Password trait %q is not the password it was when the plan was made (or the plan file was edited); run plan again", name)
	}
	v, err := wr.api.PasswordSecret(ctx, id)
	if errors.Is(err, client.ErrNoPasswordAccess) {
		return "", fmt.Errorf("refused: the Password trait %q must be sent again unchanged (IT Glue replaces every trait on update), glue-sync never sends a password back as its id, and the API key may not read it: %s, or give the key Password Access", name, setVar)
	}
	if err != nil {
		return "", fmt.Errorf("reading the kept Password trait %q to send it again: %w", name, err)
	}
	if v == "" {
		return "", fmt.Errorf("refused: the Password trait %q must be sent again unchanged, and IT Glue gave its password as empty: %s", name, setVar)
	}
	wr.secrets = append(wr.secrets, v)
	return v, nil
}

// upload reads an Upload trait's file, relative to the repository the plan
// was made from, into the shape IT Glue takes.
func (wr *writer) upload(k string, src plan.UploadSource) (map[string]string, error) {
	if src.File == "" {
		return nil, fmt.Errorf("the Upload trait %q names no file", k)
	}
	if !filepath.IsLocal(filepath.FromSlash(src.File)) {
		return nil, fmt.Errorf("the Upload trait %q names %q, which is not inside the repository", k, src.File)
	}
	path := filepath.Join(wr.sourceDir, filepath.FromSlash(src.File))
	// Only a regular file, bounded: a named pipe would block apply (and
	// Ctrl-C) forever, a device would fill memory.
	b, err := safefile.ReadFile(path, safefile.MaxUpload)
	var tooLarge *safefile.TooLargeError
	switch {
	case errors.Is(err, safefile.ErrNotRegular):
		return nil, fmt.Errorf("reading the file of the Upload trait %q: %w", k, err)
	case errors.As(err, &tooLarge):
		return nil, fmt.Errorf("reading the file of the Upload trait %q: %w: IT Glue takes at most 10 MB in one request, base64-encoded Uploads included", k, err)
	case err != nil:
		return nil, fmt.Errorf("reading the file of the Upload trait %q: %w (a plan names files relative to the directory plan ran in: run apply from there)", k, err)
	}
	return map[string]string{"content": base64.StdEncoding.EncodeToString(b), "file_name": filepath.Base(path)}, nil
}
