package config

import (
	"fmt"
	"maps"
	"slices"
)

// ScoreBands say what a Codejudge result does beyond its note: at or above
// the pass mark the opportunity moves to PassStageID; below the fail mark it
// gets FailTag. Marks are percentages. A result flagged for plagiarism is
// never acted on (the workflow notes it for a person instead).
//
// Its fields are workflows.ScoreBands', in the same order, so one converts
// to the other.
type ScoreBands struct {
	PassPercentage float64 `json:"passPercentage,omitempty"`
	PassStageID    string  `json:"passStageId,omitempty"`
	FailPercentage float64 `json:"failPercentage,omitempty"`
	FailTag        string  `json:"failTag,omitempty"`
}

// validate names the first problem; where says which bands, for the error.
func (b ScoreBands) validate(where string) error {
	switch {
	case b.PassPercentage < 0 || b.PassPercentage > 100:
		return fmt.Errorf("%s: passPercentage %g must be 0..100", where, b.PassPercentage)
	case b.FailPercentage < 0 || b.FailPercentage > 100:
		return fmt.Errorf("%s: failPercentage %g must be 0..100", where, b.FailPercentage)
	case b.PassPercentage > 0 && b.PassStageID == "":
		return fmt.Errorf("%s: a pass mark needs passStageId, the stage a passing candidate moves to", where)
	case b.FailPercentage > 0 && b.FailTag == "":
		return fmt.Errorf("%s: a fail mark needs failTag, the tag a failing result gets", where)
	case b.FailTag != "" && b.FailPercentage == 0:
		return fmt.Errorf("%s: failTag needs a failPercentage above 0 (no result is below 0)", where)
	case b.PassStageID != "" && b.FailTag != "" && b.PassPercentage < b.FailPercentage:
		return fmt.Errorf("%s: passPercentage %g is below failPercentage %g", where, b.PassPercentage, b.FailPercentage)
	}
	return nil
}

// validateScoreBands checks the connection's bands and each posting's.
func (c Connection) validateScoreBands() error {
	if c.ScoreBands != nil {
		if err := c.ScoreBands.validate(fmt.Sprintf("connection %q: scoreBands", c.ID)); err != nil {
			return err
		}
	}
	for _, posting := range slices.Sorted(maps.Keys(c.PostingScoreBands)) {
		if posting == "" {
			return fmt.Errorf("connection %q: postingScoreBands has an empty posting id", c.ID)
		}
		if err := c.PostingScoreBands[posting].validate(fmt.Sprintf("connection %q: postingScoreBands[%q]", c.ID, posting)); err != nil {
			return err
		}
	}
	return nil
}
