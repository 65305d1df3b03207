package gateway

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/cjlever/cjlever/workflows"
)

// stubClient is a Temporal client that records the calls the gateway makes.
// The embedded interface is nil: any other method would panic, which is the
// point.
type stubClient struct {
	client.Client
	mu sync.Mutex // the claim and the start are made at once
	// start* are the last start other than a DeliveryToken's; claim* the
	// last DeliveryToken's.
	startOpts   client.StartWorkflowOptions
	startType   any
	startArgs   []any
	startErr    error
	claimOpts   client.StartWorkflowOptions
	claimErr    error
	hasDeadline bool
	// terminated is the id and run id of the last TerminateWorkflow.
	terminated [2]string

	signalID, signalRun, signalName string
	signalArg                       any
	signalErr                       error

	healthErr error
	// closedWorkflow makes DescribeWorkflowExecution find a (closed) workflow.
	closedWorkflow bool
}

func (s *stubClient) ExecuteWorkflow(ctx context.Context, opts client.StartWorkflowOptions, wf any, args ...any) (client.WorkflowRun, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, s.hasDeadline = ctx.Deadline()
	if wf == workflows.DeliveryTokenWorkflowName {
		s.claimOpts = opts
		return stubRun{id: opts.ID}, s.claimErr
	}
	s.startOpts, s.startType, s.startArgs = opts, wf, args
	return stubRun{id: opts.ID}, s.startErr
}

func (s *stubClient) TerminateWorkflow(_ context.Context, id, runID, _ string, _ ...any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.terminated = [2]string{id, runID}
	return nil
}

// stubRun is a started run; only its ids are of use.
type stubRun struct {
	client.WorkflowRun
	id string
}

func (r stubRun) GetID() string    { return r.id }
func (r stubRun) GetRunID() string { return "run-of-" + r.id }

func (s *stubClient) SignalWorkflow(ctx context.Context, id, runID, name string, arg any) error {
	_, s.hasDeadline = ctx.Deadline()
	s.signalID, s.signalRun, s.signalName, s.signalArg = id, runID, name, arg
	return s.signalErr
}

func (s *stubClient) CheckHealth(context.Context, *client.CheckHealthRequest) (*client.CheckHealthResponse, error) {
	return &client.CheckHealthResponse{}, s.healthErr
}

var testClaim = DeliveryClaim{Token: "tok-1", Until: fixedNow.Add(time.Hour)}

func testInput() workflows.AssessmentInput {
	return workflows.AssessmentInput{
		ConnectionID: connID, OpportunityID: "opp-1", Trigger: workflows.TriggerStageChange,
		TriggerStageID: triggerStage, EventTriggeredAt: fixedNow,
	}
}

func TestTemporalStartOptions(t *testing.T) {
	c := &stubClient{}
	result, err := NewTemporalWorkflows(c).StartAssessment(context.Background(), testInput(), testClaim)
	if err != nil || result != Started {
		t.Fatalf("StartAssessment = %v, %v; want started, nil", result, err)
	}
	o := c.startOpts
	if o.ID != workflows.AssessmentWorkflowID(connID, "opp-1") || o.TaskQueue != workflows.TaskQueue {
		t.Fatalf("id %q task queue %q", o.ID, o.TaskQueue)
	}
	if o.WorkflowIDReusePolicy != enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY ||
		o.WorkflowIDConflictPolicy != enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL ||
		!o.WorkflowExecutionErrorWhenAlreadyStarted {
		t.Fatalf("id policies: reuse %v conflict %v error-when-started %v",
			o.WorkflowIDReusePolicy, o.WorkflowIDConflictPolicy, o.WorkflowExecutionErrorWhenAlreadyStarted)
	}
	sa := o.TypedSearchAttributes
	for key, want := range map[string]string{
		workflows.SearchAttrStatus.GetName():      string(workflows.StateQueued),
		workflows.SearchAttrConnection.GetName():  connID,
		workflows.SearchAttrOpportunity.GetName(): "opp-1",
	} {
		var got string
		switch key {
		case workflows.SearchAttrStatus.GetName():
			got, _ = sa.GetKeyword(workflows.SearchAttrStatus)
		case workflows.SearchAttrConnection.GetName():
			got, _ = sa.GetKeyword(workflows.SearchAttrConnection)
		default:
			got, _ = sa.GetKeyword(workflows.SearchAttrOpportunity)
		}
		if got != want {
			t.Errorf("search attribute %s = %q, want %q", key, got, want)
		}
	}
	if sa.Size() != 3 {
		t.Errorf("%d search attributes, want 3", sa.Size())
	}
	if o.StaticSummary == "" {
		t.Error("no static summary")
	}
	if c.startType != workflows.CandidateAssessmentWorkflowName || len(c.startArgs) != 1 || !reflect.DeepEqual(c.startArgs[0], testInput()) {
		t.Fatalf("started %v with %v", c.startType, c.startArgs)
	}
	if !c.hasDeadline {
		t.Fatal("the start call has no deadline")
	}
	if c.claimOpts.ID != workflows.DeliveryTokenWorkflowID(connID, "tok-1") {
		t.Fatalf("claimed %q, want the delivery token's id", c.claimOpts.ID)
	}
}

// A claimed token is a replay: a run its start made is terminated, a
// running assessment is not signalled, and either way the answer is
// Replayed. A claim that cannot be recorded is not acknowledged.
func TestReplayedClaimLeavesNothing(t *testing.T) {
	c := &stubClient{claimErr: serviceerror.NewWorkflowExecutionAlreadyStarted("started", "req", "run")}
	result, err := NewTemporalWorkflows(c).StartAssessment(context.Background(), testInput(), testClaim)
	id := workflows.AssessmentWorkflowID(connID, "opp-1")
	if err != nil || result != Replayed || c.terminated != [2]string{id, "run-of-" + id} {
		t.Fatalf("replay that started a run: %v, %v, terminated %v; want replayed and the run terminated", result, err, c.terminated)
	}
	c = &stubClient{claimErr: c.claimErr, startErr: serviceerror.NewWorkflowExecutionAlreadyStarted("started", "req", "run")}
	result, err = NewTemporalWorkflows(c).StartAssessment(context.Background(), testInput(), testClaim)
	if err != nil || result != Replayed || c.signalName != "" || c.terminated != [2]string{} {
		t.Fatalf("replay for a running assessment: %v, %v, signal %q, terminated %v; want replayed, nothing else", result, err, c.signalName, c.terminated)
	}
	c = &stubClient{claimErr: serviceerror.NewUnavailable("down")}
	if _, err := NewTemporalWorkflows(c).StartAssessment(context.Background(), testInput(), testClaim); !errors.Is(err, ErrTemporalUnavailable) {
		t.Fatalf("claim unavailable: %v", err)
	}
}

// An ApplicationCheck starts without CJStatus: it never sets one, and
// "Queued" would then match every application it skipped.
func TestApplicationCheckStartsWithoutAStatus(t *testing.T) {
	c := &stubClient{}
	in := testInput()
	in.Trigger = workflows.TriggerApplicationCreated
	if _, err := NewTemporalWorkflows(c).StartAssessment(context.Background(), in, testClaim); err != nil {
		t.Fatal(err)
	}
	sa := c.startOpts.TypedSearchAttributes
	if _, ok := sa.GetKeyword(workflows.SearchAttrStatus); ok || sa.Size() != 2 {
		t.Fatalf("search attributes %v: want the connection and the opportunity only", sa)
	}
	if c.startType != workflows.ApplicationCheckWorkflowName {
		t.Fatalf("started %v", c.startType)
	}
}

func TestTemporalStartErrors(t *testing.T) {
	c := &stubClient{startErr: serviceerror.NewWorkflowExecutionAlreadyStarted("started", "req", "run")}
	result, err := NewTemporalWorkflows(c).StartAssessment(context.Background(), testInput(), testClaim)
	if err != nil || result != Signalled {
		t.Fatalf("already running: %v, %v; want signalled, nil", result, err)
	}
	// A running assessment hears that the candidate was moved again.
	if c.signalID != workflows.AssessmentWorkflowID(connID, "opp-1") || c.signalRun != "" ||
		c.signalName != workflows.StageChangeAgainSignal || !reflect.DeepEqual(c.signalArg, testInput()) {
		t.Fatalf("signalled %q run %q %q with %v", c.signalID, c.signalRun, c.signalName, c.signalArg)
	}
	c.signalErr = serviceerror.NewNotFound("closed")
	if result, err := NewTemporalWorkflows(c).StartAssessment(context.Background(), testInput(), testClaim); err != nil || result != Duplicate {
		t.Fatalf("already started and closed: %v, %v; want duplicate, nil", result, err)
	}
	c.signalErr = nil
	c.startErr = serviceerror.NewUnavailable("down")
	if _, err := NewTemporalWorkflows(c).StartAssessment(context.Background(), testInput(), testClaim); !errors.Is(err, ErrTemporalUnavailable) {
		t.Fatalf("unavailable: %v", err)
	}
}

// A delivery token is held under an id of its own, delayed to the end of the
// replay window; a second claim is a replay.
func TestClaimDeliveryHoldsTheToken(t *testing.T) {
	c := &stubClient{}
	until := time.Now().Add(14 * 24 * time.Hour)
	fresh, err := NewTemporalWorkflows(c).ClaimDelivery(context.Background(), connID, "tok-1", until)
	if err != nil || !fresh {
		t.Fatalf("first claim: %v, %v; want true, nil", fresh, err)
	}
	o := c.claimOpts
	if o.ID != workflows.DeliveryTokenWorkflowID(connID, "tok-1") || strings.Contains(o.ID, "tok-1") {
		t.Fatalf("id %q: want the token's digest", o.ID)
	}
	if o.WorkflowIDReusePolicy != enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE || !o.WorkflowExecutionErrorWhenAlreadyStarted {
		t.Fatalf("id policies: reuse %v error-when-started %v", o.WorkflowIDReusePolicy, o.WorkflowExecutionErrorWhenAlreadyStarted)
	}
	if d := (time.Until(until) - o.StartDelay).Abs(); d > time.Minute {
		t.Fatalf("start delay %v, want about %v", o.StartDelay, time.Until(until))
	}
	c.claimErr = serviceerror.NewWorkflowExecutionAlreadyStarted("started", "req", "run")
	if fresh, err := NewTemporalWorkflows(c).ClaimDelivery(context.Background(), connID, "tok-1", until); err != nil || fresh {
		t.Fatalf("second claim: %v, %v; want false, nil", fresh, err)
	}
	c.claimErr = serviceerror.NewUnavailable("down")
	if _, err := NewTemporalWorkflows(c).ClaimDelivery(context.Background(), connID, "tok-2", until); !errors.Is(err, ErrTemporalUnavailable) {
		t.Fatalf("unavailable: %v", err)
	}
}

func TestTemporalSignal(t *testing.T) {
	c := &stubClient{}
	tw := NewTemporalWorkflows(c)
	sig := workflows.InviteFinished{InviteID: "inv-7"}
	if err := tw.SignalInviteFinished(context.Background(), connID, "opp-1", "cj-81519", sig); err != nil {
		t.Fatal(err)
	}
	if c.signalID != workflows.TestInvitationWorkflowID(connID, "opp-1", "cj-81519") || c.signalRun != "" ||
		c.signalName != workflows.InviteFinishedSignal || c.signalArg != sig || !c.hasDeadline {
		t.Fatalf("signalled %q run %q %q with %v (deadline %v)", c.signalID, c.signalRun, c.signalName, c.signalArg, c.hasDeadline)
	}

	c.signalErr = serviceerror.NewNotFound("workflow not found")
	if err := tw.SignalInviteFinished(context.Background(), connID, "opp-1", "cj-81519", sig); !errors.Is(err, ErrUnknownInvite) {
		t.Fatalf("not found: %v", err)
	}
	c.closedWorkflow = true
	if err := tw.SignalInviteFinished(context.Background(), connID, "opp-1", "cj-81519", sig); !errors.Is(err, ErrInviteDone) {
		t.Fatalf("closed: %v", err)
	}
	c.closedWorkflow = false
	c.signalErr = serviceerror.NewUnavailable("down")
	if err := tw.SignalInviteFinished(context.Background(), connID, "opp-1", "cj-81519", sig); !errors.Is(err, ErrTemporalUnavailable) {
		t.Fatalf("unavailable: %v", err)
	}
}

// DescribeTaskQueue and DescribeWorkflowExecution answer readiness.Check's
// matching and history calls as healthy services do.
func (*stubClient) DescribeTaskQueue(context.Context, string, enumspb.TaskQueueType) (*workflowservice.DescribeTaskQueueResponse, error) {
	return &workflowservice.DescribeTaskQueueResponse{}, nil
}

func (c *stubClient) DescribeWorkflowExecution(context.Context, string, string) (*workflowservice.DescribeWorkflowExecutionResponse, error) {
	if c.closedWorkflow {
		return &workflowservice.DescribeWorkflowExecutionResponse{}, nil
	}
	return nil, serviceerror.NewNotFound("no such workflow")
}

func TestTemporalReady(t *testing.T) {
	c := &stubClient{}
	if err := NewTemporalWorkflows(c).Ready(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.healthErr = serviceerror.NewUnavailable("down")
	if err := NewTemporalWorkflows(c).Ready(context.Background()); !errors.Is(err, ErrTemporalUnavailable) {
		t.Fatalf("Ready = %v", err)
	}
}

// closedPort returns a local address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// With Temporal unreachable the gateway answers 503 in bounded time, so
// Lever retries instead of timing out on us.
func TestUnreachableTemporalAnswers503(t *testing.T) {
	c, err := client.NewLazyClient(client.Options{
		HostPort: closedPort(t),
		Logger:   sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	h := newHarness(t, func(d *Deps) {
		tw := NewTemporalWorkflows(c).(*temporalWorkflows)
		tw.callTimeout = time.Second
		d.Workflows = tw
	})

	begin := time.Now()
	r := h.postLever(t, connID, signedLever(t, stageToken, "candidateStageChange", fixedNow, stageChange("opp-1", triggerStage)))
	wantError(t, r, http.StatusServiceUnavailable)
	wantError(t, h.do(t, http.MethodGet, "/readyz", nil, nil), http.StatusServiceUnavailable)

	body := cjCallback(t, "invite.completed")
	wantError(t, h.postCodejudge(t, connID, body, cjSign(cjSecret, body)), http.StatusServiceUnavailable)
	if d := time.Since(begin); d > 20*time.Second {
		t.Fatalf("took %s: the call timeouts did not hold", d)
	}
}

func TestTemporalSignalArchived(t *testing.T) {
	c := &stubClient{}
	tw := NewTemporalWorkflows(c)
	if running, err := tw.SignalOpportunityArchived(context.Background(), connID, "opp-1"); err != nil || !running {
		t.Fatalf("running: %v, %v; want true, nil", running, err)
	}
	if c.signalID != workflows.AssessmentWorkflowID(connID, "opp-1") || c.signalName != workflows.OpportunityArchivedSignal || !c.hasDeadline {
		t.Fatalf("signalled %q %q (deadline %v)", c.signalID, c.signalName, c.hasDeadline)
	}
	c.signalErr = serviceerror.NewNotFound("workflow not found")
	if running, err := tw.SignalOpportunityArchived(context.Background(), connID, "opp-1"); err != nil || running {
		t.Fatalf("none running: %v, %v; want false, nil", running, err)
	}
	c.signalErr = serviceerror.NewUnavailable("down")
	if _, err := tw.SignalOpportunityArchived(context.Background(), connID, "opp-1"); !errors.Is(err, ErrTemporalUnavailable) {
		t.Fatalf("unavailable: %v", err)
	}
}
