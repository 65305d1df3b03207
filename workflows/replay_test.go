package workflows_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/cjlever/cjlever/workflows"
)

// TestReplayRecordedHistories replays histories recorded from real runs on
// the embedded server (see cmd/cjlever's end-to-end test, which rewrites them
// when CJLEVER_RECORD_HISTORIES=1). A change to workflow code that would break
// running workflows fails here with a non-determinism error.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.history.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files, "no recorded histories in testdata")
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			replayer := worker.NewWorkflowReplayer()
			replayer.RegisterWorkflowWithOptions(workflows.CandidateAssessment, workflow.RegisterOptions{Name: workflows.CandidateAssessmentWorkflowName})
			replayer.RegisterWorkflowWithOptions(workflows.TestInvitation, workflow.RegisterOptions{Name: workflows.TestInvitationWorkflowName})
			replayer.RegisterWorkflowWithOptions(workflows.ApplicationCheck, workflow.RegisterOptions{Name: workflows.ApplicationCheckWorkflowName})
			replayer.RegisterWorkflowWithOptions(workflows.DeliveryToken, workflow.RegisterOptions{Name: workflows.DeliveryTokenWorkflowName})
			require.NoError(t, replayer.ReplayWorkflowHistoryFromJSONFile(nil, file))
		})
	}
}
