package workflows

import (
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
)

// Typed search attributes, so support can filter in the Temporal UI, e.g.
//
//	CJStatus = "AwaitingResult" AND CJOpportunityId = "..."
var (
	SearchAttrStatus      = temporal.NewSearchAttributeKeyKeyword("CJStatus")
	SearchAttrConnection  = temporal.NewSearchAttributeKeyKeyword("CJConnection")
	SearchAttrOpportunity = temporal.NewSearchAttributeKeyKeyword("CJOpportunityId")
	SearchAttrTestIDs     = temporal.NewSearchAttributeKeyKeywordList("CJTestIds")
)

// SearchAttributes lists the custom search attributes to register on a
// namespace (the embedded server does it at start; `cjlever` documents it for
// a cluster).
func SearchAttributes() map[string]enumspb.IndexedValueType {
	return map[string]enumspb.IndexedValueType{
		SearchAttrStatus.GetName():      enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrConnection.GetName():  enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrOpportunity.GetName(): enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrTestIDs.GetName():     enumspb.INDEXED_VALUE_TYPE_KEYWORD_LIST,
	}
}

// State is an assessment's (or one test invitation's) visible state; it is the
// CJStatus search attribute and the State of the status query.
type State string

const (
	StateQueued         State = "Queued"         // started, not yet looked at
	StateResolving      State = "Resolving"      // reading the opportunity, finding tests
	StateInviting       State = "Inviting"       // sending the Codejudge invite
	StateAwaitingResult State = "AwaitingResult" // invited; waiting for the candidate
	StateCompleted      State = "Completed"      // results posted to Lever
	StateNotFinished    State = "NotFinished"    // deadline passed without a result
	StateSkipped        State = "Skipped"        // ApplicationCheck: not in the trigger stage
	StateError          State = "Error"          // CJ Error tagged; see the note and the failure
)
