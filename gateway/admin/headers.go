package admin

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// nonceKey is where securityHeaders leaves the page's script/style nonce.
const nonceKey = "admin.nonce"

// maxFormBytes bounds a form post: the largest holds a few ids and secrets.
const maxFormBytes = 64 << 10

// securityHeaders keeps the pages out of frames and caches and lets them run
// only their own inline style and script (by nonce), so even an escaping
// mistake could not run injected script.
func securityHeaders(c *gin.Context) {
	nonce := randomToken()
	c.Set(nonceKey, nonce)
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'nonce-"+nonce+"'; script-src 'nonce-"+nonce+
		"'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cache-Control", "no-store")
}

// limitForm bounds request bodies.
func (a *Admin) limitForm() gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBytes)
		c.Next()
	}
}
