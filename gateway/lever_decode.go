package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/cjlever/cjlever/clients/lever"
)

// decodeLeverEvent decodes a webhook body and refuses one in which an object
// repeats a key. Lever signs only token and triggeredAt, not the body, and
// JSON readers disagree on which of two equal keys wins: refusing the
// ambiguity keeps the event we verify and act on the only reading of it.
func decodeLeverEvent(body []byte) (lever.WebhookEvent, error) {
	ev, err := lever.DecodeWebhookEvent(body)
	if err != nil {
		return lever.WebhookEvent{}, err
	}
	key, err := duplicateKey(body)
	if err != nil {
		return lever.WebhookEvent{}, fmt.Errorf("webhook body: %w", err)
	}
	if key != "" {
		return lever.WebhookEvent{}, fmt.Errorf("webhook body: key %q appears twice in one object", truncate(key, 64))
	}
	return ev, nil
}

// duplicateKey returns the first key that appears twice in one object of the
// JSON document, "" when none does. It walks the tokens without recursion;
// its caller has already parsed the document, so its nesting is bounded.
func duplicateKey(doc []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	// Numbers stay text: converting a huge one would be an error here.
	dec.UseNumber()
	// One per open container: the keys of an object, nil for an array.
	var open []map[string]bool
	inObject := func() bool { return len(open) > 0 && open[len(open)-1] != nil }
	expectKey := false // the next token is a key or the end of an object
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		if key, ok := tok.(string); ok && expectKey {
			if open[len(open)-1][key] {
				return key, nil
			}
			open[len(open)-1][key] = true
			expectKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			open = append(open, map[string]bool{})
		case json.Delim('['):
			open = append(open, nil)
		case json.Delim('}'), json.Delim(']'):
			open = open[:len(open)-1]
		}
		// After an opening brace, a value or a closed container, an object
		// expects its next key.
		expectKey = inObject()
	}
}
