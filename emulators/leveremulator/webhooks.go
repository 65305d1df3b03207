package leveremulator

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// signatureTokenLen is the length of a new webhook's signature token.
const signatureTokenLen = 32

func (e *Emulator) handleListWebhooks(c *gin.Context) {
	writeList(c, func(st *state) ([]*webhookRecord, error) {
		return sortedBySeq(st.Webhooks, func(w *webhookRecord) int64 { return w.Seq }), nil
	}, func(w *webhookRecord) (int64, string) { return w.Seq, w.ID },
		func(_ *state, w *webhookRecord) webhookView { return viewWebhook(w) })
}

// handleCreateWebhook registers a webhook with a fresh signature token and
// answers in Lever's nested shape, {"data": {"data": {...}}}. Conditions are
// stored and shown but do not filter deliveries.
func (e *Emulator) handleCreateWebhook(c *gin.Context) {
	var req struct {
		URL           string `json:"url"`
		Event         string `json:"event"`
		Configuration *struct {
			Conditions json.RawMessage `json:"conditions"`
		} `json:"configuration"`
	}
	if err := readJSONObject(c, &req); err != nil {
		writeError(c, err)
		return
	}
	if u, err := url.Parse(req.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		writeError(c, errBadRequest("url must be an absolute http or https URL"))
		return
	}
	if !slices.Contains(lever.Events(), req.Event) {
		writeError(c, errBadRequest("event must be one of %s", strings.Join(lever.Events(), ", ")))
		return
	}
	var v webhookView
	err := accountOf(c).write(func(tx *txn) error {
		w := &webhookRecord{
			Seq: tx.nextSeq(), ID: newID(), URL: req.URL, Event: req.Event,
			SignatureToken: randomAlphanumeric(signatureTokenLen), CreatedAt: tx.nowMs,
		}
		if req.Configuration != nil {
			w.Conditions = req.Configuration.Conditions
		}
		tx.st.Webhooks[w.ID] = w
		tx.changed = true
		v = viewWebhook(w)
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusCreated, gin.H{"data": v})
}

func (e *Emulator) handleDeleteWebhook(c *gin.Context) {
	err := accountOf(c).write(func(tx *txn) error {
		id := c.Param("id")
		if tx.st.Webhooks[id] == nil {
			return errNotFound("Webhook %s not found", id)
		}
		delete(tx.st.Webhooks, id)
		tx.changed = true
		return nil
	})
	if err != nil {
		writeError(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
