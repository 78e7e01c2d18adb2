package reconcile

import (
	"encoding/json"
	"fmt"
	"path"

	"github.com/glue-sync/glue-sync/internal/client"
	"github.com/glue-sync/glue-sync/internal/plan"
	"github.com/glue-sync/glue-sync/internal/spec"
)

// planPassword plans a Password trait without ever reading a password.
// glue-sync cannot tell whether a live password equals the desired one, so
// it sets the password only when the live trait is empty, or always with
// Options.RotateSecrets; otherwise it keeps the live one (see keepSecret).
// The diff is always Sensitive: it says "changed", never a value.
func (ap *assetPlanner) planPassword(st *assetState, tv *spec.TraitValue, key, p string, raw json.RawMessage, tp *traitPlan) {
	livePresent := hasValue(raw)
	if tv.Null || tv.Secret() == nil {
		if livePresent {
			tp.diffs = append(tp.diffs, plan.Diff{Path: p, Sensitive: true})
		}
		return
	}
	if livePresent && !ap.in.opts.RotateSecrets {
		tp.keepSecret(key, tv.Field(), tv.Secret().Env, raw)
		return
	}
	if !ap.in.opts.SecretsAtApply && !ap.in.opts.envSet(tv.Secret().Env) {
		ap.out.errf(tv.ValuePos(), "set "+tv.Secret().Env+" in the environment of glue-sync plan and apply",
			"trait %q of asset %q: environment variable %s is not set, so the password cannot be set", tv.Key, assetName(st.want), tv.Secret().Env)
		tp.ok = false
		return
	}
	if tp.build {
		tp.w.Secrets[key] = plan.SecretSource{Env: tv.Secret().Env}
	}
	tp.diffs = append(tp.diffs, plan.Diff{Path: p, Sensitive: true})
}

// keepSecret puts a Password trait that stays as it is into the write. It
// is never sent back as the id IT Glue reads it as: apply sends the value
// of env when set, else the secret read through the passwords API, else
// refuses the change (plan.SecretSource.Keep).
func (tp *traitPlan) keepSecret(key, field, env string, raw json.RawMessage) {
	if !tp.build {
		return
	}
	id, _ := client.PasswordTraitID(raw)
	tp.w.Secrets[key] = plan.SecretSource{Env: env, Keep: true, PasswordID: id, Field: field}
}

// planUpload compares an Upload trait by file name and, when both sizes
// are known (Options.FileSize and the live trait's size), by size.
func (ap *assetPlanner) planUpload(tv *spec.TraitValue, key, p string, raw json.RawMessage, tp *traitPlan) {
	liveName, liveSize := "", int64(-1)
	if hasValue(raw) {
		liveName, liveSize = uploadName(raw)
	}
	if tv.Null {
		if liveName != "" {
			tp.diffs = append(tp.diffs, plan.Diff{Path: p, Before: jsonValue(liveName)})
		}
		return
	}
	if tp.build {
		tp.w.Uploads[key] = plan.UploadSource{File: path.Clean(tv.Upload().File)} // apply refuses an unclean path from a plan file
	}
	want, wantSize := path.Base(tv.Upload().File), int64(-1)
	if ap.in.opts.FileSize != nil {
		if n, ok := ap.in.opts.FileSize(tv.Upload().File); ok {
			wantSize = n
		}
	}
	sizeDiffers := liveSize >= 0 && wantSize >= 0 && liveSize != wantSize
	if want == liveName && !sizeDiffers {
		return
	}
	var before json.RawMessage
	after := jsonValue(want)
	switch {
	case liveName != "" && want == liveName:
		before = jsonValue(fmt.Sprintf("%s (%d bytes)", liveName, liveSize))
		after = jsonValue(fmt.Sprintf("%s (%d bytes)", want, wantSize))
	case liveName != "":
		before = jsonValue(liveName)
	}
	tp.diffs = append(tp.diffs, plan.Diff{Path: p, Before: before, After: after})
}
