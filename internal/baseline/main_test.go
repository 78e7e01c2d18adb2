package baseline

import (
	"testing"

	"github.com/glue-sync/glue-sync/internal/testexit"
)

func TestMain(m *testing.M) { testexit.Main(m) }
