package workflows_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/cjlever/cjlever/workflows"
)

// registered are the workflow types the worker runs, by name.
var registered = map[string]any{
	workflows.CandidateAssessmentWorkflowName: workflows.CandidateAssessment,
	workflows.TestInvitationWorkflowName:      workflows.TestInvitation,
	workflows.ApplicationCheckWorkflowName:    workflows.ApplicationCheck,
	workflows.DeliveryTokenWorkflowName:       workflows.DeliveryToken,
	workflows.ConnectionWorkflowName:          workflows.Connection,
	workflows.ReconcileWorkflowName:           workflows.Reconcile,
}

// TestReplayRecordedHistories replays histories recorded from real runs on
// the embedded server (see cmd/cjlever's end-to-end tests, which write them
// when CJLEVER_RECORD_HISTORIES=1). A change to workflow code that would break
// running workflows fails here with a non-determinism error. Every workflow
// type must have at least one recorded history.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.history.json"))
	require.NoError(t, err)
	covered := map[string]bool{}
	for _, file := range files {
		covered[workflowType(t, file)] = true
		t.Run(filepath.Base(file), func(t *testing.T) {
			replayer := worker.NewWorkflowReplayer()
			for name, fn := range registered {
				replayer.RegisterWorkflowWithOptions(fn, workflow.RegisterOptions{Name: name})
			}
			require.NoError(t, replayer.ReplayWorkflowHistoryFromJSONFile(nil, file))
		})
	}
	for name := range registered {
		require.True(t, covered[name], "no recorded history of %s in testdata", name)
	}
}

// workflowType reads the type a recorded history started.
func workflowType(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	var h historypb.History
	require.NoError(t, protojson.UnmarshalOptions{DiscardUnknown: true}.Unmarshal(b, &h))
	require.NotEmpty(t, h.Events, file)
	return h.Events[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowType().GetName()
}
