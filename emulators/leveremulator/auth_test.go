package leveremulator

import (
	"context"
	"net/http"
	"testing"

	"github.com/cjlever/cjlever/clients/apiclient"
)

func TestAPIKeyIsRequired(t *testing.T) {
	h := newHarness(t)
	_, err := newClient(t, h.srv.URL, "wrong-key").ListStages(context.Background())
	if e, ok := apiclient.As(err); !ok || e.Status != http.StatusUnauthorized || e.Kind != apiclient.KindPermanent {
		t.Fatalf("wrong key: %v, want a permanent 401", err)
	}
	status, raw := h.doAs(t, "", http.MethodGet, "/v1/stages", "")
	wantError(t, status, raw, http.StatusUnauthorized, "UnauthorizedError")

	// Lever ignores the Basic-auth password.
	req, _ := http.NewRequest(http.MethodGet, h.srv.URL+"/v1/stages", nil)
	req.SetBasicAuth(testAPIKey, "anything")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("with a password: %d", resp.StatusCode)
	}
}

func TestNewRequiresAnAPIKey(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Fatal("New without an API key succeeded")
	}
}

func TestUnknownIDsAndRoutesAre404(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if _, err := h.client.GetOpportunity(ctx, "no-such-opportunity"); !apiclient.IsNotFound(err) {
		t.Fatalf("opportunity: %v", err)
	}
	if _, err := h.client.GetPosting(ctx, "no-such-posting"); !apiclient.IsNotFound(err) {
		t.Fatalf("posting: %v", err)
	}
	posting, err := h.client.GetPosting(ctx, h.seed.PostingID)
	if err != nil || posting.Text != "Backend Engineer" || posting.State != "published" || len(posting.Tags) != 1 || posting.Tags[0] != SandboxPostingTag {
		t.Fatalf("sandbox posting %+v (%v)", posting, err)
	}
	status, raw := h.do(t, http.MethodGet, "/v1/nothing-here", "")
	wantError(t, status, raw, http.StatusNotFound, "ResourceNotFound")
}
