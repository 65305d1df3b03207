package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/config"
	"github.com/cjlever/cjlever/gateway/admin"
	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/workflows"
)

// Ops is what the ops API needs: an *ops.Service in production, a fake in
// the handler tests.
type Ops interface {
	List(ctx context.Context, f ops.Filter) ([]ops.Summary, error)
	Show(ctx context.Context, ref ops.Ref) (ops.Detail, error)
	Retry(ctx context.Context, ref ops.Ref, req workflows.OpsRequest) (workflows.AssessmentStatus, error)
	Dismiss(ctx context.Context, ref ops.Ref, req workflows.OpsRequest) (workflows.AssessmentStatus, error)
	RetryAll(ctx context.Context, f ops.Filter, actor string) ([]ops.Outcome, error)
}

// opsRoutes serve the ops API.
type opsRoutes struct{ ops Ops }

// mountOps serves the ops API under /ops/ to holders of the ops token or of
// an admin session. With neither configured the API is off and every /ops/
// path is the 404 of an unknown route.
func (rt *router) mountOps(e *gin.Engine, o Ops, token config.Secret, adminPage *admin.Admin) {
	if o == nil || (!token.IsSet() && adminPage == nil) {
		return
	}
	h := opsRoutes{ops: o}
	g := e.Group("/ops", opsAuth(token, adminPage))
	g.GET("/assessments", h.list)
	g.GET("/assessments/:connection/:opportunity", h.show)
	g.POST("/assessments/:connection/:opportunity/retry", h.retry)
	g.POST("/assessments/:connection/:opportunity/dismiss", h.dismiss)
	g.POST("/retry", h.retryAll)
}

// maxOpsBody bounds an ops request's body: the largest, a dismissal, holds
// a reason of at most ops.MaxReasonLen characters.
const maxOpsBody = 64 << 10

func (h opsRoutes) list(c *gin.Context) {
	f := ops.Filter{Status: workflows.State(c.Query("status")), Connection: c.Query("connection")}
	if age := c.Query("older_than"); age != "" {
		d, err := ops.ParseAge(age)
		if err != nil {
			opsError(c, err)
			return
		}
		f.OlderThan = d
	}
	if err := f.Validate(); err != nil {
		opsError(c, err)
		return
	}
	runs, err := h.ops.List(c.Request.Context(), f)
	if err != nil {
		opsError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"assessments": nonNil(runs)})
}

func (h opsRoutes) show(c *gin.Context) {
	r, ok := validRef(c)
	if !ok {
		return
	}
	d, err := h.ops.Show(c.Request.Context(), r)
	if err != nil {
		opsError(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}

func (h opsRoutes) retry(c *gin.Context) {
	r, ok := validRef(c)
	if !ok {
		return
	}
	st, err := h.ops.Retry(c.Request.Context(), r, workflows.OpsRequest{Actor: c.GetString(actorKey)})
	answerDecision(c, st, err)
}

// dismissBody is POST .../dismiss's body.
type dismissBody struct {
	Reason string `json:"reason"`
}

func (h opsRoutes) dismiss(c *gin.Context) {
	r, ok := validRef(c)
	if !ok {
		return
	}
	var body dismissBody
	if !bindOpsBody(c, &body, `want a JSON body {"reason": "..."}`) {
		return
	}
	if err := ops.ValidateReason(body.Reason); err != nil {
		opsError(c, err)
		return
	}
	st, err := h.ops.Dismiss(c.Request.Context(), r, workflows.OpsRequest{Actor: c.GetString(actorKey), Reason: body.Reason})
	answerDecision(c, st, err)
}

// retryAllBody is POST /ops/retry's body: which assessments to retry.
type retryAllBody struct {
	Status     string `json:"status"`
	Connection string `json:"connection"`
}

func (h opsRoutes) retryAll(c *gin.Context) {
	const usage = `want a JSON body {"status": "NeedsAttention", "connection": "..."}`
	var body retryAllBody
	if !bindOpsBody(c, &body, usage) {
		return
	}
	if body.Status == "" {
		abortWithError(c, http.StatusBadRequest, usage)
		return
	}
	f := ops.Filter{Status: workflows.State(body.Status), Connection: body.Connection}
	if err := f.Validate(); err != nil {
		opsError(c, err)
		return
	}
	outcomes, err := h.ops.RetryAll(c.Request.Context(), f, c.GetString(actorKey))
	if err != nil {
		opsError(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"outcomes": nonNil(outcomes)})
}

// validRef is the path's assessment, refused 400 (ok=false) when an id is
// malformed: a control character or "/" never reaches Temporal.
func validRef(c *gin.Context) (ops.Ref, bool) {
	r := ops.Ref{Connection: c.Param("connection"), Opportunity: c.Param("opportunity")}
	if err := r.Validate(); err != nil {
		opsError(c, err)
		return r, false
	}
	return r, true
}

// bindOpsBody reads a JSON body of at most maxOpsBody bytes into v; it
// answers 413 for a larger one and 400 with usage for one that is not JSON.
func bindOpsBody(c *gin.Context, v any, usage string) bool {
	raw, refusal, ok := readBody(c, maxOpsBody)
	if !ok {
		c.AbortWithStatusJSON(refusal.status, refusal.body)
		return false
	}
	if err := json.Unmarshal(raw, v); err != nil {
		abortWithError(c, http.StatusBadRequest, usage)
		return false
	}
	return true
}

func answerDecision(c *gin.Context, st workflows.AssessmentStatus, err error) {
	if err != nil {
		opsError(c, err)
		return
	}
	c.JSON(http.StatusOK, st)
}

// opsError maps the ops package's errors to statuses: the caller's mistake,
// nothing there, a refusal, or Temporal's trouble.
func opsError(c *gin.Context, err error) {
	status := http.StatusBadGateway
	switch {
	case errors.Is(err, ops.ErrInvalid):
		status = http.StatusBadRequest
	case errors.Is(err, ops.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, ops.ErrRefused), errors.Is(err, ops.ErrAmbiguous):
		status = http.StatusConflict
	}
	abortWithError(c, status, err.Error())
}

// nonNil answers an empty list as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
