package lever

import (
	"context"
	"net/http"
	"testing"
)

func TestListActiveInStageReadsOnePageAndItsNextToken(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, r *http.Request, _ []byte) {
		q := r.URL.Query()
		if q.Get("stage_id") != "st-1" || q.Get("archived") != "false" || q.Get("expand") != "applications" {
			writeRaw(w, http.StatusBadRequest, `{"code":"BadRequestError","message":"unexpected query"}`)
			return
		}
		switch q.Get("offset") {
		case "":
			writeRaw(w, http.StatusOK, `{"data":[{"id":"o1","tags":["CJ-1"],"applications":[{"id":"a1","posting":"p1"}]}],"hasNext":true,"next":"t2"}`)
		case "t2":
			writeRaw(w, http.StatusOK, `{"data":[{"id":"o2"}],"hasNext":false}`)
		default:
			writeRaw(w, http.StatusBadRequest, `{"code":"BadRequestError","message":"invalid offset"}`)
		}
	})
	c := f.client(t)
	first, err := c.ListActiveInStage(context.Background(), "st-1", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Opportunities) != 1 || first.Opportunities[0].Applications[0].Posting != "p1" || first.Next != "t2" {
		t.Fatalf("first page %+v", first)
	}
	second, err := c.ListActiveInStage(context.Background(), "st-1", first.Next)
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Opportunities) != 1 || second.Opportunities[0].ID != "o2" || second.Next != "" {
		t.Fatalf("second page %+v", second)
	}
	if n := len(f.requests()); n != 2 {
		t.Fatalf("%d requests, want one per page", n)
	}
}

func TestListActiveInStageEndsWhenTheServerRepeatsItsToken(t *testing.T) {
	f := newFakeLever(t, func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		writeRaw(w, http.StatusOK, `{"data":[],"hasNext":true,"next":"same"}`)
	})
	page, err := f.client(t).ListActiveInStage(context.Background(), "st-1", "same")
	if err != nil {
		t.Fatal(err)
	}
	if page.Next != "" {
		t.Fatalf("next %q: a repeated token would loop forever", page.Next)
	}
}
