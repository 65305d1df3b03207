package lever

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/cjlever/cjlever/clients/apiclient"
)

func TestListFollowsPagesAndSendsTokensOnce(t *testing.T) {
	// Lever's tokens come URL-encoded already; the client must send them
	// back as they are, not encode the percent signs again.
	const encodedToken = "%5B1700000000000%2C%22b%2Bc%22%5D"
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		switch r.URL.Query().Get("offset") {
		case "":
			writeRaw(w, http.StatusOK, `{"data":[{"id":"s1","text":"New lead"},{"id":"s2","text":"Screen"}],"hasNext":true,"next":"`+encodedToken+`"}`)
		case `[1700000000000,"b+c"]`:
			writeRaw(w, http.StatusOK, `{"data":[{"id":"s3","text":"Assessment"}],"hasNext":true,"next":"plain-token"}`)
		case "plain-token":
			writeRaw(w, http.StatusOK, `{"data":[{"id":"s4","text":"Offer"}],"hasNext":false}`)
		default:
			writeRaw(w, http.StatusBadRequest, `{"code":"BadRequestError","message":"invalid offset"}`)
		}
	})
	stages, err := f.client(t).ListStages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range stages {
		ids = append(ids, s.ID)
	}
	if got := strings.Join(ids, ","); got != "s1,s2,s3,s4" {
		t.Fatalf("stages %s", got)
	}
	reqs := f.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	if reqs[0].RawQuery != "limit=100" {
		t.Fatalf("first page query %q", reqs[0].RawQuery)
	}
	if want := "limit=100&offset=" + encodedToken; reqs[1].RawQuery != want {
		t.Fatalf("second page query %q, want %q", reqs[1].RawQuery, want)
	}
}

func TestListStopsOnARepeatedToken(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":[{"id":"u1"}],"hasNext":true,"next":"same"}`)
	})
	_, err := f.client(t).ListUsers(context.Background())
	if !isKind(err, apiclient.KindPermanent) {
		t.Fatalf("error %v, want a permanent pagination error", err)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
}
