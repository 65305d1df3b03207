//go:build !nodev

package main

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/ops"
	"github.com/cjlever/cjlever/sandbox"
	"github.com/cjlever/cjlever/workflows"
)

// operationsDoc is the page whose list queries support types into the
// Temporal UI.
const operationsDoc = "../../docs/operations.md"

// docQueries are the queries in the doc's ```sql blocks, one a line.
func docQueries(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var queries []string
	inBlock := false
	for sc := bufio.NewScanner(f); sc.Scan(); {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "```sql":
			inBlock = true
		case strings.HasPrefix(line, "```"):
			inBlock = false
		case inBlock && line != "":
			queries = append(queries, line)
		}
	}
	return queries
}

// TestOperationsDocQueriesRun runs every list query of docs/operations.md on
// the embedded server's SQLite visibility store, so a query that does not
// parse fails here, and checks that the NeedsAttention query finds a parked
// assessment.
func TestOperationsDocQueriesRun(t *testing.T) {
	queries := docQueries(t, operationsDoc)
	require.GreaterOrEqual(t, len(queries), 6, "the doc's ready-made queries")
	env := startTestDev(t)
	ctx := context.Background()
	tc := temporalClient(t, env)
	for _, q := range queries {
		_, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: q})
		require.NoError(t, err, "query %q", q)
	}

	// A candidate on no posting has no CJ- tag: the assessment parks.
	sc, err := newSandboxClients(env.sandbox.LeverURL, env.sandbox.CodejudgeURL)
	require.NoError(t, err)
	user, err := sc.performAs(ctx)
	require.NoError(t, err)
	opp, err := sc.lever.CreateOpportunity(ctx, lever.NewOpportunity{Name: "Grace Hopper", Emails: []string{"grace@example.com"}}, user)
	require.NoError(t, err)
	require.NoError(t, sc.move(ctx, opp.ID, sandbox.AssessmentStage))
	id := workflows.AssessmentWorkflowID(sandbox.ConnectionID, opp.ID)
	status := waitForStatus(t, tc, id, time.Minute, workflows.StateNeedsAttention, workflows.StateError)
	svc := ops.New(tc, ops.Options{})
	d, err := svc.Show(ctx, ops.Ref{Opportunity: opp.ID})
	require.NoError(t, err, "found by its opportunity alone")
	require.Equal(t, id, d.WorkflowID)
	require.Equal(t, sandbox.ConnectionID, d.Connection)
	require.NotNil(t, d.Status, "the status query answers, running or closed: %s", d.StatusError)
	_, err = svc.Dismiss(ctx, ops.Ref{Opportunity: opp.ID}, workflows.OpsRequest{Actor: "ops:test"})
	require.ErrorIs(t, err, ops.ErrInvalid, "dismissing needs a reason")
	if status == string(workflows.StateError) {
		_, err = svc.Retry(ctx, ops.Ref{Opportunity: opp.ID}, workflows.OpsRequest{Actor: "ops:test"})
		require.ErrorIs(t, err, ops.ErrRefused, "a closed run refuses a retry")
		t.Skip("the assessment ended in Error instead of parking in NeedsAttention: the workflows' parking (issue 7, helper A) is not in this build")
	}

	parked := queries[0]
	require.Contains(t, parked, "NeedsAttention", "the doc's first query is the NeedsAttention one")
	resp, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: parked})
	require.NoError(t, err)
	require.Len(t, resp.GetExecutions(), 1)
	require.Equal(t, id, resp.GetExecutions()[0].GetExecution().GetWorkflowId())

	runs, err := svc.List(ctx, ops.Filter{Status: workflows.StateNeedsAttention, Connection: sandbox.ConnectionID})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	require.Equal(t, opp.ID, runs[0].Opportunity)
}

// waitForStatus waits up to within for the workflow's CJStatus to be one of
// want and returns it.
func waitForStatus(t *testing.T, c client.Client, workflowID string, within time.Duration, want ...workflows.State) string {
	t.Helper()
	var status string
	reached := assert.Eventually(t, func() bool {
		d, err := c.DescribeWorkflowExecution(context.Background(), workflowID, "")
		if err != nil {
			return false
		}
		p := d.GetWorkflowExecutionInfo().GetSearchAttributes().GetIndexedFields()[workflows.SearchAttrStatus.GetName()]
		if p == nil || converter.GetDefaultDataConverter().FromPayload(p, &status) != nil {
			return false
		}
		for _, w := range want {
			if status == string(w) {
				return true
			}
		}
		return false
	}, within, 200*time.Millisecond)
	if !reached {
		t.Fatalf("%s did not reach one of %v within %s; its CJStatus is %q", workflowID, want, within, status)
	}
	return status
}
