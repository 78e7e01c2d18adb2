package cli

import (
	"os"
	"testing"

	"github.com/glue-sync/glue-sync/internal/testexit"
)

func TestMain(m *testing.M) {
	testexit.Main(m, func() {
		if exampleBase.dir != "" {
			_ = os.RemoveAll(exampleBase.dir)
		}
	})
}
