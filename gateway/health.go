package gateway

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// healthz says the process is up. It never looks at Temporal: an orchestrator
// must not restart the gateway because Temporal is down.
func (rt *router) healthz(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok"})
}

// readyz says whether the gateway can do its job, i.e. whether Temporal
// answers, so a load balancer can stop sending webhooks it could only refuse.
func (rt *router) readyz(c *gin.Context) {
	if err := rt.wf.Ready(c.Request.Context()); err != nil {
		rt.requestLogger(c).Warn("not ready", "error", err)
		abortWithError(c, http.StatusServiceUnavailable, "temporal unavailable")
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}
