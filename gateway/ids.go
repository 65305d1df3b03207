package gateway

import "github.com/cjlever/cjlever/workflows"

// validExternalID accepts an id a sender gives us only when it can safely
// become part of a workflow id (workflows.ValidIDPart).
func validExternalID(id string) bool { return workflows.ValidIDPart(id) }
