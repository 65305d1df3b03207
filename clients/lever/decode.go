package lever

// Lever's answers vary with expand parameters and between accounts: a field
// may come as an id or as an expanded object, a timestamp as an integer or a
// float. The decoders here accept every such shape, so that one unexpected
// shape does not fail a whole call.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strings"
)

// UnmarshalJSON accepts stage and contact as an id or an expanded object,
// applications as ids or expanded objects, and timestamps as integers or
// floats.
func (o *Opportunity) UnmarshalJSON(b []byte) error {
	type plain Opportunity // plain has no methods: no recursion
	*o = Opportunity{}
	w := struct {
		*plain
		Contact   idRef  `json:"contact"`
		Stage     idRef  `json:"stage"`
		CreatedAt millis `json:"createdAt"`
		UpdatedAt millis `json:"updatedAt"`
	}{plain: (*plain)(o)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	o.Contact, o.Stage = string(w.Contact), string(w.Stage)
	o.CreatedAt, o.UpdatedAt = int64(w.CreatedAt), int64(w.UpdatedAt)
	if o.Archived != nil && *o.Archived == (Archived{}) {
		o.Archived = nil // {"archivedAt": null, "reason": null} is not archived
	}
	return nil
}

// UnmarshalJSON accepts an application id (the default) or an expanded
// application whose posting is an id or an object.
func (a *Application) UnmarshalJSON(b []byte) error {
	*a = Application{}
	switch firstByte(b) {
	case 'n':
		return nil
	case '"':
		return json.Unmarshal(b, &a.ID)
	case '{':
		var w struct {
			ID      string `json:"id"`
			Posting idRef  `json:"posting"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		a.ID, a.Posting = w.ID, string(w.Posting)
		return nil
	}
	return fmt.Errorf("lever: application must be an id or an object, got %.20s", b)
}

// UnmarshalJSON accepts archivedAt as an integer or a float and reason as an
// id or an object.
func (a *Archived) UnmarshalJSON(b []byte) error {
	var w struct {
		ArchivedAt millis `json:"archivedAt"`
		Reason     idRef  `json:"reason"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Archived{ArchivedAt: int64(w.ArchivedAt), Reason: string(w.Reason)}
	return nil
}

// UnmarshalJSON finds the note's text wherever Lever put it: a top-level
// "value" (the shape notes are written in), else the string values of its
// fields ({"fields": [{"type": "text", "value": ...}]}, Lever's documented
// read shape), else its "text".
func (n *Note) UnmarshalJSON(b []byte) error {
	var w struct {
		ID     string          `json:"id"`
		Value  json.RawMessage `json:"value"`
		Text   string          `json:"text"`
		Fields []struct {
			Value json.RawMessage `json:"value"`
		} `json:"fields"`
		User        idRef  `json:"user"`
		Secret      bool   `json:"secret"`
		CreatedAt   millis `json:"createdAt"`
		CompletedAt millis `json:"completedAt"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*n = Note{ID: w.ID, User: string(w.User), Secret: w.Secret,
		CreatedAt: int64(w.CreatedAt), CompletedAt: int64(w.CompletedAt)}
	if s, ok := jsonString(w.Value); ok {
		n.Value = s
		return nil
	}
	// Any string-valued field is text: the field type's name is not settled
	// ("text", "textarea", "note"), and scores are numbers.
	var texts []string
	for _, f := range w.Fields {
		if s, ok := jsonString(f.Value); ok {
			texts = append(texts, s)
		}
	}
	if len(texts) > 0 {
		n.Value = strings.Join(texts, "\n")
	} else {
		n.Value = w.Text
	}
	return nil
}

// UnmarshalJSON reads the signature token from configuration.signatureToken
// (where Lever puts it) or from a top-level signatureToken, and accepts a
// numeric id.
func (wh *Webhook) UnmarshalJSON(b []byte) error {
	var w struct {
		ID             json.RawMessage `json:"id"`
		URL            string          `json:"url"`
		Event          string          `json:"event"`
		SignatureToken string          `json:"signatureToken"`
		Configuration  *struct {
			SignatureToken string `json:"signatureToken"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	id, err := stringOrNumber(w.ID)
	if err != nil {
		return fmt.Errorf("lever: webhook id: %w", err)
	}
	*wh = Webhook{ID: id, URL: w.URL, Event: w.Event, SignatureToken: w.SignatureToken}
	if w.Configuration != nil && w.Configuration.SignatureToken != "" {
		wh.SignatureToken = w.Configuration.SignatureToken
	}
	return nil
}

// idRef is an id that Lever sends either as a string or, when expanded, as an
// object with an "id"; null is empty.
type idRef string

func (r *idRef) UnmarshalJSON(b []byte) error {
	switch firstByte(b) {
	case 'n':
		*r = ""
		return nil
	case '"':
		return json.Unmarshal(b, (*string)(r))
	case '{':
		var obj struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(b, &obj); err != nil {
			return err
		}
		*r = idRef(obj.ID)
		return nil
	}
	return fmt.Errorf("lever: want an id or an object with an id, got %.20s", b)
}

// millis is a Unix-milliseconds timestamp. Lever writes integers; a float
// (1.43e+12) is rounded rather than failing the whole answer. (A webhook's
// triggeredAt is stricter: see DecodeWebhookEvent.)
type millis int64

func (m *millis) UnmarshalJSON(b []byte) error {
	if firstByte(b) == 'n' {
		*m = 0
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("lever: timestamp: %w", err)
	}
	if i, err := n.Int64(); err == nil {
		*m = millis(i)
		return nil
	}
	f, err := n.Float64()
	if err != nil || math.IsInf(f, 0) || math.Abs(f) > math.MaxInt64/2 {
		return fmt.Errorf("lever: timestamp %s is not a number of milliseconds", n)
	}
	*m = millis(math.Round(f))
	return nil
}

// jsonString returns raw as a string when it is a JSON string.
func jsonString(raw json.RawMessage) (string, bool) {
	if firstByte(raw) != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return s, true
}

// stringOrNumber reads an id written as a JSON string or number; absent or
// null is empty.
func stringOrNumber(raw json.RawMessage) (string, error) {
	switch firstByte(raw) {
	case 0, 'n':
		return "", nil
	case '"':
		var s string
		err := json.Unmarshal(raw, &s)
		return s, err
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", fmt.Errorf("want a string or a number, got %.20s", raw)
	}
	return n.String(), nil
}

// firstByte is the first non-space byte of a JSON value, or 0 when empty.
func firstByte(b []byte) byte {
	b = bytes.TrimLeft(b, " \t\r\n")
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// UnmarshalJSON accepts updatedAt as an integer or a float.
func (c *StageChange) UnmarshalJSON(b []byte) error {
	var w struct {
		ToStageID string `json:"toStageId"`
		UpdatedAt millis `json:"updatedAt"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = StageChange{ToStageID: w.ToStageID, UpdatedAt: int64(w.UpdatedAt)}
	return nil
}
