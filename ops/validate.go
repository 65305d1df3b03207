package ops

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/cjlever/cjlever/workflows"
)

// Bounds of what the service sends to Temporal.
const (
	// MaxAge bounds an OlderThan filter: ten years is older than any
	// assessment, and a bound keeps a huge age from overflowing.
	MaxAge = 10 * 365 * 24 * time.Hour
	// MaxReasonLen bounds a dismissal's reason, in characters: it becomes a
	// note on the opportunity.
	MaxReasonLen = 1000
)

// Validate refuses (ErrInvalid) a filter the visibility store should never
// see: an unknown status, a malformed id, an age out of range. It runs
// before any Temporal call, so a control character or bad UTF-8 never
// reaches the visibility SQL.
func (f Filter) Validate() error {
	if states := workflows.States(); f.Status != "" && !slices.Contains(states, f.Status) {
		names := make([]string, len(states))
		for i, s := range states {
			names[i] = string(s)
		}
		return fmt.Errorf("%w: unknown status %.*q: want one of %s", ErrInvalid, workflows.MaxIDPartLen, f.Status, strings.Join(names, ", "))
	}
	if err := checkID("connection", f.Connection, true); err != nil {
		return err
	}
	if err := checkID("opportunity", f.Opportunity, true); err != nil {
		return err
	}
	return checkAge(f.OlderThan)
}

// Validate refuses (ErrInvalid) a Ref without an opportunity or with a
// malformed id; the connection may be empty.
func (r Ref) Validate() error {
	if r.Opportunity == "" {
		return fmt.Errorf("%w: an opportunity id is required", ErrInvalid)
	}
	if err := checkID("opportunity", r.Opportunity, false); err != nil {
		return err
	}
	return checkID("connection", r.Connection, true)
}

// ValidateReason refuses (ErrInvalid) a dismissal's reason that is blank or
// longer than MaxReasonLen characters.
func ValidateReason(reason string) error {
	switch {
	case strings.TrimSpace(reason) == "":
		return fmt.Errorf("%w: dismissing needs a reason", ErrInvalid)
	case !utf8.ValidString(reason):
		return fmt.Errorf("%w: the reason is not valid UTF-8", ErrInvalid)
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		return fmt.Errorf("%w: the reason is longer than %d characters", ErrInvalid, MaxReasonLen)
	}
	return nil
}

// checkID accepts what the gateway accepts of a sender's id
// (workflows.ValidIDPart): no "/" to address a child workflow, nothing
// unsafe in a visibility query. The refusal quotes at most MaxIDPartLen
// characters of what it was given.
func checkID(what, id string, mayBeEmpty bool) error {
	if id == "" && mayBeEmpty {
		return nil
	}
	if !workflows.ValidIDPart(id) {
		return fmt.Errorf("%w: %s id %.*q: want 1 to %d letters, digits, '-', '_', '.' or ':'", ErrInvalid, what, workflows.MaxIDPartLen, id, workflows.MaxIDPartLen)
	}
	return nil
}

// checkAge refuses an age below zero or above MaxAge.
func checkAge(d time.Duration) error {
	if d < 0 || d > MaxAge {
		return errAgeRange()
	}
	return nil
}

func errAgeRange() error {
	return fmt.Errorf("%w: older-than must be between 0 and %dd (10 years)", ErrInvalid, MaxAge/(24*time.Hour))
}
