package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// AccountID fingerprints an IT Glue account for Target.Account: a hash of
// the API base URL (without a trailing /) and the sorted ids of the
// account's organization types and organization statuses. Those records
// belong to one account, plan reads them anyway, and glue-sync never
// creates or deletes them, so the fingerprint stays the same between a
// plan and its apply unless someone adds or removes a type or status by
// hand (apply then asks for a new plan). It says nothing about the key:
// every key of the account gives the same fingerprint.
func AccountID(baseURL string, orgTypeIDs, orgStatusIDs []int64) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(baseURL, "/"))
	for _, ids := range [][]int64{orgTypeIDs, orgStatusIDs} {
		b.WriteString("\n")
		for i, id := range slices.Sorted(slices.Values(ids)) {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprint(&b, id)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return "sha256:" + hex.EncodeToString(sum[:16])
}
