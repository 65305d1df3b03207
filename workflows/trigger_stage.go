package workflows

import (
	"time"

	"github.com/cjlever/cjlever/activities"
)

// stageChangeSkew tolerates Lever stamping a stage change a little before the
// event it sends about it.
const stageChangeSkew = time.Minute

// qualifies tells whether Lever's own record of the opportunity backs the
// event that started us: the opportunity is not archived, and it stands in
// the trigger stage or entered it at or after the event. A webhook body is not
// signed (only its token and time are), so this is what stops a replayed or
// altered delivery from inviting a candidate no recruiter moved. When it does
// not qualify, the reason says why in a recruiter's words.
func qualifies(opp activities.Opportunity, triggerStageID string, eventAt time.Time) (ok bool, reason string) {
	if opp.Archived {
		return false, "the opportunity is archived in Lever"
	}
	if opp.StageID == triggerStageID {
		return true, ""
	}
	for _, c := range opp.StageChanges {
		if c.StageID == triggerStageID && !c.At.Before(eventAt.Add(-stageChangeSkew)) {
			return true, ""
		}
	}
	return false, "Lever shows the opportunity outside the assessment trigger stage"
}
