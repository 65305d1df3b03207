package admin_test

import (
	"os"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestMain keeps gin's route listing out of the test output, as the binary
// does, unless GIN_MODE says otherwise.
func TestMain(m *testing.M) {
	if os.Getenv(gin.EnvGinMode) == "" {
		gin.SetMode(gin.ReleaseMode)
	}
	os.Exit(m.Run())
}
