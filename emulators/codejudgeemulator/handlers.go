package codejudgeemulator

import (
	"net/http"
	"sort"

	"github.com/gin-gonic/gin"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/emulators/internal/emulatorhttp"
)

// The /v1 handlers: decode, call the operation, answer in the contract's shape.

func (e *Emulator) handleListTests(c *gin.Context) {
	list := make([]codejudge.Test, 0, len(e.tests))
	for _, t := range e.tests {
		list = append(list, t)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	emulatorhttp.WriteData(c, http.StatusOK, list)
}

func (e *Emulator) handleGetTest(c *gin.Context) {
	t, ok := e.tests[canonicalTestID(c.Param("id"))]
	if !ok {
		writeError(c, errNotFound("test %s not found", c.Param("id")))
		return
	}
	emulatorhttp.WriteData(c, http.StatusOK, t)
}

func (e *Emulator) handleCreateInvite(c *gin.Context) {
	key := c.GetHeader("Idempotency-Key")
	if !codejudge.ValidIdempotencyKey(key) {
		writeError(c, errInvalidRequest("Idempotency-Key must be 1..%d printable ASCII characters", codejudge.MaxIdempotencyKeyLen))
		return
	}
	var req codejudge.CreateInviteRequest
	if err := readJSONObject(c, &req); err != nil {
		writeError(c, err)
		return
	}
	inv, replay, err := e.createInvite(orgOf(c), key, req)
	if err != nil {
		writeError(c, err)
		return
	}
	status := http.StatusCreated
	if replay {
		status = http.StatusOK
	}
	emulatorhttp.WriteData(c, status, inv)
}

func (e *Emulator) handleListInvites(c *gin.Context) {
	list, err := e.listInvites(orgOf(c).ID, c.Query("externalId"), c.Query("testId"))
	answer(c, list, err)
}

func (e *Emulator) handleGetInvite(c *gin.Context) {
	inv, err := e.getInvite(orgOf(c).ID, c.Param("id"))
	answer(c, inv, err)
}

func (e *Emulator) handleCancelInvite(c *gin.Context) {
	inv, err := e.cancelInvite(orgOf(c).ID, c.Param("id"))
	answer(c, inv, err)
}

func (e *Emulator) handleRemindInvite(c *gin.Context) {
	inv, err := e.remindInvite(orgOf(c).ID, c.Param("id"))
	answer(c, inv, err)
}

// The /sandbox handlers.

func (e *Emulator) handleComplete(c *gin.Context) {
	var body completion
	if err := readJSONObject(c, &body); err != nil {
		writeError(c, err)
		return
	}
	inv, err := e.complete(orgOf(c).ID, c.Param("id"), body)
	answer(c, inv, err)
}

func (e *Emulator) handleStart(c *gin.Context) {
	inv, err := e.start(orgOf(c).ID, c.Param("id"))
	answer(c, inv, err)
}

func (e *Emulator) handleExpire(c *gin.Context) {
	inv, err := e.expire(orgOf(c).ID, c.Param("id"))
	answer(c, inv, err)
}

// answer writes 200 {"data": v}, or the error.
func answer(c *gin.Context, v any, err error) {
	if err != nil {
		writeError(c, err)
		return
	}
	emulatorhttp.WriteData(c, http.StatusOK, v)
}
