package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/readiness"
)

// healthz says the process is up. It never looks at Temporal: an orchestrator
// must not restart the gateway because Temporal is down.
func (rt *router) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz says whether the gateway can do its job, i.e. whether Temporal
// answers, so a load balancer can stop sending webhooks it could only refuse.
// It logs with the request's logger, so a failing probe is found by its id.
func (rt *router) readyz(c *gin.Context) {
	readiness.Handler(rt.wf.Ready, readiness.Timeout, rt.requestLogger(c)).ServeHTTP(c.Writer, c.Request)
}
