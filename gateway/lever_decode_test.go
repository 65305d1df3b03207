package gateway

import (
	"strings"
	"testing"
)

func TestDuplicateKey(t *testing.T) {
	for doc, want := range map[string]string{
		`{}`: "",
		`{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}`: "", // equal keys in different objects
		`{"a":"a","b":"a"}`:                         "", // equal values are not keys
		`["a","a",{"a":1}]`:                         "",
		`{"a":{},"b":[],"c":null}`:                  "",
		`{"a":1,"a":2}`:                             "a",
		`{"a":1,"b":{"c":1,"c":1}}`:                 "c",
		`{"a":[{"x":1,"y":[],"x":2}]}`:              "x",
		`{"a":{"b":[1,2,{}]},"a":0}`:                "a",
		`{"\u0061":1,"a":2}`:                        "a", // the same key, escaped
		`{"n":1e999,"n":1}`:                         "n",
	} {
		got, err := duplicateKey([]byte(doc))
		if err != nil || got != want {
			t.Errorf("duplicateKey(%s) = %q, %v; want %q", doc, got, err, want)
		}
	}
	deep := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	if got, err := duplicateKey([]byte(deep)); err != nil || got != "" {
		t.Errorf("deep document: %q, %v", got, err)
	}
}
