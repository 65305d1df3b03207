package connections

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/converter"

	"github.com/cjlever/cjlever/workflows"
)

// How a connection reaches Lever, as View.Auth says it.
const (
	AuthOAuth  = "oauth"
	AuthAPIKey = "api-key"
)

// Stage is one of a Lever account's stages.
type Stage struct{ ID, Text string }

// View is what the settings page and `cjlever connections` show of a
// connection: no secrets.
type View struct {
	ID, Environment, TriggerStageID, PerformAs string
	State                                      workflows.ConnectionState
	// Auth is AuthOAuth, AuthAPIKey or "" (not connected).
	Auth string
	// Stages are the account's stages, read when Lever was connected.
	Stages []Stage
	// WebhookEvents are the Lever events that have a signature token.
	WebhookEvents []string
	// RegisteredWebhooks are the events whose webhook cjlever registered.
	RegisteredWebhooks []string
	// LastError says what last went wrong, e.g. why it needs re-authorisation.
	LastError string
	UpdatedAt time.Time
}

// View reads one connection, fresh.
func (d *Directory) View(ctx context.Context, id string) (View, error) {
	rec, err := d.record(ctx, id)
	if err != nil {
		return View{}, err
	}
	return toView(rec), nil
}

// List reads every connection, in id order. It finds them through
// Temporal's visibility store, which may lag a just-created one briefly.
func (d *Directory) List(ctx context.Context) ([]View, error) {
	records, err := d.runningConnections(ctx)
	if err != nil {
		return nil, err
	}
	var views []View
	for _, ex := range records {
		v, err := d.View(ctx, connectionIDOf(ex))
		if errors.Is(err, ErrNotFound) {
			continue // a refused create, or ended since listed
		}
		if err != nil {
			return nil, err
		}
		views = append(views, v)
	}
	slices.SortFunc(views, func(a, b View) int { return strings.Compare(a.ID, b.ID) })
	return views, nil
}

// ServedIDs lists the connections whose Lever queues a worker serves: every
// running Connection workflow whose CJStatus is not Disabled (one without a
// CJStatus yet counts as served). It reads Temporal's visibility only, no
// workflow, so that every worker process can afford it every few seconds
// however many connections there are.
func (d *Directory) ServedIDs(ctx context.Context) ([]string, error) {
	records, err := d.runningConnections(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, ex := range records {
		if connectionStatus(ex.GetSearchAttributes()) != string(workflows.ConnectionDisabled) {
			ids = append(ids, connectionIDOf(ex))
		}
	}
	slices.Sort(ids)
	return ids, nil
}

// runningConnections is the visibility record of every running Connection
// workflow, all pages.
func (d *Directory) runningConnections(ctx context.Context) ([]*workflowpb.WorkflowExecutionInfo, error) {
	query := fmt.Sprintf("WorkflowType = %q AND ExecutionStatus = 'Running'", workflows.ConnectionWorkflowName)
	var records []*workflowpb.WorkflowExecutionInfo
	var page []byte
	for {
		resp, err := d.temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: page})
		if err != nil {
			return nil, fmt.Errorf("listing connections: %w", err)
		}
		records = append(records, resp.GetExecutions()...)
		if page = resp.GetNextPageToken(); len(page) == 0 {
			return records, nil
		}
	}
}

// connectionIDOf is the connection id in a Connection workflow's id.
func connectionIDOf(ex *workflowpb.WorkflowExecutionInfo) string {
	return strings.TrimPrefix(ex.GetExecution().GetWorkflowId(), workflows.ConnectionWorkflowID(""))
}

// connectionStatus is the CJStatus a visibility record carries, "" if none.
func connectionStatus(sa *commonpb.SearchAttributes) string {
	var status string
	if p := sa.GetIndexedFields()[workflows.SearchAttrStatus.GetName()]; p != nil {
		_ = converter.GetDefaultDataConverter().FromPayload(p, &status)
	}
	return status
}
