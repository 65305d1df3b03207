package admin_test

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"github.com/cjlever/cjlever/gateway/admin"
)

// call is one Store call as the fake saw it.
type call struct {
	Method, ID string
	Arg        any
}

// fakeStore is an in-memory Store that records its calls. failWith, when
// set, is what every call returns.
type fakeStore struct {
	mu           sync.Mutex
	views        []admin.View
	calls        []call
	failWith     error
	authorizeURL string        // BeginOAuth answers this with ?state=
	stages       []admin.Stage // what CompleteOAuth "reads from Lever"
}

func (f *fakeStore) record(method, id string, arg any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, call{Method: method, ID: id, Arg: arg})
	return f.failWith
}

func (f *fakeStore) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

// update applies change to the view of id.
func (f *fakeStore) update(id string, change func(*admin.View)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := range f.views {
		if f.views[i].ID == id {
			change(&f.views[i])
			return nil
		}
	}
	return fmt.Errorf("connection %q: %w", id, admin.ErrNotFound)
}

func (f *fakeStore) List(ctx context.Context) ([]admin.View, error) {
	if err := f.record("List", "", nil); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]admin.View(nil), f.views...), nil
}

func (f *fakeStore) View(ctx context.Context, id string) (admin.View, error) {
	if err := f.record("View", id, nil); err != nil {
		return admin.View{}, err
	}
	var v admin.View
	err := f.update(id, func(got *admin.View) { v = *got })
	return v, err
}

func (f *fakeStore) Create(ctx context.Context, c admin.NewConnection) error {
	if err := f.record("Create", c.ID, c); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.views = append(f.views, admin.View{ID: c.ID, Environment: c.Environment, PerformAs: c.PerformAs, State: admin.StateNotConnected})
	return nil
}

func (f *fakeStore) BeginOAuth(ctx context.Context, id, state string) (string, error) {
	if err := f.record("BeginOAuth", id, state); err != nil {
		return "", err
	}
	return f.authorizeURL + "?state=" + url.QueryEscape(state), nil
}

func (f *fakeStore) CompleteOAuth(ctx context.Context, id, state, code string) error {
	if err := f.record("CompleteOAuth", id, [2]string{state, code}); err != nil {
		return err
	}
	return f.update(id, func(v *admin.View) { v.State, v.Auth, v.Stages = admin.StateActive, "oauth", f.stages })
}

func (f *fakeStore) Save(ctx context.Context, id string, s admin.Settings) error {
	if err := f.record("Save", id, s); err != nil {
		return err
	}
	return f.update(id, func(v *admin.View) { v.TriggerStageID, v.PerformAs = s.TriggerStageID, s.PerformAs })
}

func (f *fakeStore) RegisterWebhooks(ctx context.Context, id, webhookURL string) error {
	if err := f.record("RegisterWebhooks", id, webhookURL); err != nil {
		return err
	}
	return f.update(id, func(v *admin.View) {
		v.RegisteredWebhooks = []string{"applicationCreated", "candidateStageChange", "candidateArchiveChange", "candidateDeleted"}
	})
}

func (f *fakeStore) Disable(ctx context.Context, id string) error {
	if err := f.record("Disable", id, nil); err != nil {
		return err
	}
	return f.update(id, func(v *admin.View) { v.State, v.RegisteredWebhooks = admin.StateDisabled, nil })
}
