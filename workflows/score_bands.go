package workflows

// chooseScoreBands picks the bands for an opportunity on a posting: the
// posting's own if the connection has them, else the connection's (nil:
// none). The parent passes them into each TestInvitationInput.
func chooseScoreBands(in AssessmentInput, postingID string) *ScoreBands {
	if b, ok := in.PostingScoreBands[postingID]; ok && postingID != "" {
		return &b
	}
	return in.ScoreBands
}
