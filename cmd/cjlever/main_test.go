package main

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	quietGin()
	os.Exit(m.Run())
}
