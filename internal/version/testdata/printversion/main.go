// Command printversion prints version.String(); TestLdflags builds it with
// the release's -X flag.
package main

import (
	"fmt"

	"github.com/glue-sync/glue-sync/internal/version"
)

func main() { fmt.Println(version.String()) }
