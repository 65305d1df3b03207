//go:build !nodev

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/cjlever/cjlever/clients/codejudge"
	"github.com/cjlever/cjlever/clients/lever"
	"github.com/cjlever/cjlever/sandbox"
)

// sandboxClients talk to the dev command's emulators through the same
// clients the service uses.
type sandboxClients struct {
	lever        *lever.Client
	codejudge    *codejudge.Client
	codejudgeURL string
	// leverURL and leverKey reach the Lever emulator's sandbox switch.
	leverURL, leverKey string
}

// sandboxEndpoints are where the sandbox commands find the emulators, and
// the Lever account they act in.
type sandboxEndpoints struct{ leverURL, leverKey, codejudgeURL string }

func sandboxFlags(name string) (*flag.FlagSet, *sandboxEndpoints) {
	fs := flag.NewFlagSet("sandbox "+name, flag.ContinueOnError)
	var ep sandboxEndpoints
	fs.StringVar(&ep.leverURL, "lever-url", "http://localhost:8081/v1", "the Lever emulator's API base URL")
	fs.StringVar(&ep.leverKey, "lever-key", sandbox.LeverAPIKey, "the API key of the Lever emulator's account to act in (default: the sandbox's; another account's is on its consent page)")
	fs.StringVar(&ep.codejudgeURL, "codejudge-url", "http://localhost:8082/v1", "the Codejudge emulator's API base URL")
	return fs, &ep
}

// newSandboxClients act in the sandbox's Lever account.
func newSandboxClients(leverURL, cjURL string) (*sandboxClients, error) {
	return sandboxClientsFor(sandboxEndpoints{leverURL: leverURL, leverKey: sandbox.LeverAPIKey, codejudgeURL: cjURL})
}

func sandboxClientsFor(ep sandboxEndpoints) (*sandboxClients, error) {
	lc, err := lever.New(lever.Config{BaseURL: ep.leverURL, APIKey: ep.leverKey, Account: "sandbox-cli", MaxAttempts: 1})
	if err != nil {
		return nil, err
	}
	cc, err := codejudge.New(codejudge.Config{BaseURL: ep.codejudgeURL, APIKey: sandbox.CodejudgeAPIKey, Account: "sandbox-cli", MaxAttempts: 1})
	if err != nil {
		return nil, err
	}
	return &sandboxClients{lever: lc, codejudge: cc, codejudgeURL: ep.codejudgeURL, leverURL: ep.leverURL, leverKey: ep.leverKey}, nil
}

// sandboxAction is one parsed sandbox command.
type sandboxAction func(context.Context, *sandboxClients) error

func runSandbox(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("sandbox: want apply, move, complete, show, archive or outage (see cjlever -h)")
	}
	cmd, args := args[0], args[1:]
	parse, ok := map[string]func(*flag.FlagSet, []string) (sandboxAction, error){
		"apply": parseApply, "move": parseMove, "complete": parseComplete, "show": parseShow, "outage": parseOutage,
		"archive": parseArchive,
	}[cmd]
	if !ok {
		return fmt.Errorf("sandbox: unknown command %q (want apply, move, complete, show, archive or outage)", cmd)
	}
	fs, endpoints := sandboxFlags(cmd)
	action, err := parse(fs, args)
	if err != nil {
		return err
	}
	sc, err := sandboxClientsFor(*endpoints)
	if err != nil {
		return err
	}
	return action(ctx, sc)
}

func parseApply(fs *flag.FlagSet, args []string) (sandboxAction, error) {
	name := fs.String("name", "Ada Lovelace", "the candidate's name")
	email := fs.String("email", "", "the candidate's email (default: a new one each time)")
	posting := fs.String("posting", "Backend Engineer", "the posting to apply to")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if *email == "" {
		*email = fmt.Sprintf("candidate-%d@example.com", time.Now().UnixNano())
	}
	return func(ctx context.Context, sc *sandboxClients) error { return sc.apply(ctx, *name, *email, *posting) }, nil
}

func parseMove(fs *flag.FlagSet, args []string) (sandboxAction, error) {
	rest, err := parseAnyOrder(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) != 2 {
		return nil, fmt.Errorf("sandbox move: want <opportunity id> <stage name or id>")
	}
	return func(ctx context.Context, sc *sandboxClients) error { return sc.move(ctx, rest[0], rest[1]) }, nil
}

func parseComplete(fs *flag.FlagSet, args []string) (sandboxAction, error) {
	score := fs.Int("score", -1, "the score the candidate gets (0..the test's maximum)")
	rest, err := parseAnyOrder(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) != 1 || *score < 0 {
		return nil, fmt.Errorf("sandbox complete: want <opportunity id> --score N")
	}
	return func(ctx context.Context, sc *sandboxClients) error { return sc.complete(ctx, rest[0], *score) }, nil
}

func parseShow(fs *flag.FlagSet, args []string) (sandboxAction, error) {
	rest, err := parseAnyOrder(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) != 1 {
		return nil, fmt.Errorf("sandbox show: want <opportunity id>")
	}
	return func(ctx context.Context, sc *sandboxClients) error { return sc.show(ctx, rest[0]) }, nil
}

func parseArchive(fs *flag.FlagSet, args []string) (sandboxAction, error) {
	reason := fs.String("reason", "Withdrew", "the archive reason")
	rest, err := parseAnyOrder(fs, args)
	if err != nil {
		return nil, err
	}
	if len(rest) != 1 {
		return nil, fmt.Errorf("sandbox archive: want <opportunity id> [--reason R]")
	}
	return func(ctx context.Context, sc *sandboxClients) error { return sc.archive(ctx, rest[0], *reason) }, nil
}

// parseAnyOrder parses flags before, between and after the arguments, as
// the README writes the commands, and returns the arguments.
func parseAnyOrder(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest, args = append(rest, fs.Arg(0)), fs.Args()[1:]
	}
}

// performAs is the seeded recruiter that sandbox actions are made as.
func (sc *sandboxClients) performAs(ctx context.Context) (string, error) {
	users, err := sc.lever.ListUsers(ctx)
	if err != nil {
		return "", fmt.Errorf("is `cjlever dev` running? listing Lever users: %w", err)
	}
	if len(users) == 0 {
		return "", fmt.Errorf("the Lever emulator has no users to act as")
	}
	return users[0].ID, nil
}

func (sc *sandboxClients) apply(ctx context.Context, name, email, postingName string) error {
	user, err := sc.performAs(ctx)
	if err != nil {
		return err
	}
	postings, err := sc.lever.ListPostings(ctx)
	if err != nil {
		return err
	}
	var postingID string
	for _, p := range postings {
		if strings.EqualFold(p.Text, postingName) {
			postingID = p.ID
		}
	}
	if postingID == "" {
		return fmt.Errorf("no posting named %q in the Lever emulator", postingName)
	}
	opp, err := sc.lever.CreateOpportunity(ctx, lever.NewOpportunity{Name: name, Emails: []string{email}, Postings: []string{postingID}}, user)
	if err != nil {
		return err
	}
	fmt.Printf("Created opportunity %s for %s on %q (tags: %s).\nNext: cjlever sandbox move %s %s\n",
		opp.ID, name, postingName, strings.Join(opp.Tags, ", "), opp.ID, sandbox.AssessmentStage)
	return nil
}

func (sc *sandboxClients) move(ctx context.Context, oppID, stage string) error {
	user, err := sc.performAs(ctx)
	if err != nil {
		return err
	}
	stages, err := sc.lever.ListStages(ctx)
	if err != nil {
		return err
	}
	var stageID string
	var names []string
	for _, s := range stages {
		names = append(names, s.Text)
		if s.ID == stage || strings.EqualFold(s.Text, stage) {
			stageID = s.ID
		}
	}
	if stageID == "" {
		return fmt.Errorf("no stage %q; stages are: %s", stage, strings.Join(names, ", "))
	}
	if err := sc.lever.MoveStage(ctx, oppID, stageID, user); err != nil {
		return err
	}
	fmt.Printf("Moved %s to %s. Lever now sends the stage change to the gateway.\n", oppID, stage)
	return nil
}

// archive archives the opportunity in Lever, as a recruiter who rejects or
// loses a candidate does; an open invite is then cancelled.
func (sc *sandboxClients) archive(ctx context.Context, oppID, reason string) error {
	user, err := sc.performAs(ctx)
	if err != nil {
		return err
	}
	if err := sc.lever.Archive(ctx, oppID, reason, user); err != nil {
		return err
	}
	fmt.Printf("Archived %s (%s). Lever now sends candidateArchiveChange: an open invite is cancelled.\n", oppID, reason)
	return nil
}

func (sc *sandboxClients) complete(ctx context.Context, oppID string, score int) error {
	invites, err := sc.codejudge.ListInvites(ctx, codejudge.InviteFilter{ExternalID: oppID})
	if err != nil {
		return err
	}
	done := 0
	for _, inv := range invites {
		if inv.Status.Final() {
			continue
		}
		if err := sc.sandboxComplete(ctx, inv.ID, score); err != nil {
			return err
		}
		fmt.Printf("Completed invite %s (%s) with score %d. Codejudge now calls the gateway back.\n", inv.ID, inv.TestID, score)
		done++
	}
	if done == 0 {
		return fmt.Errorf("opportunity %s has no open Codejudge invite (was it moved to %s?)", oppID, sandbox.AssessmentStage)
	}
	return nil
}

// sandboxComplete calls the emulator's sandbox-only control endpoint (see
// docs/codejudge-api.md, appendix): it is not part of the client's contract.
func (sc *sandboxClients) sandboxComplete(ctx context.Context, inviteID string, score int) error {
	body, _ := json.Marshal(map[string]int{"score": score})
	err := sandboxPost(ctx, emulatorRoot(sc.codejudgeURL)+"/sandbox/invites/"+url.PathEscape(inviteID)+"/complete", body,
		func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+sandbox.CodejudgeAPIKey) })
	if err != nil {
		return fmt.Errorf("completing invite %s: %w", inviteID, err)
	}
	return nil
}

func (sc *sandboxClients) show(ctx context.Context, oppID string) error {
	opp, err := sc.lever.GetOpportunity(ctx, oppID)
	if err != nil {
		return err
	}
	notes, err := sc.lever.ListNotes(ctx, oppID)
	if err != nil {
		return err
	}
	fmt.Printf("Opportunity %s: %s\nStage: %s\nTags:  %s\nLinks: %s\nNotes:\n", opp.ID, opp.Name, opp.Stage,
		strings.Join(opp.Tags, ", "), strings.Join(opp.Links, ", "))
	for _, n := range notes {
		fmt.Printf("  ---\n  %s\n", strings.ReplaceAll(n.Value, "\n", "\n  "))
	}
	return nil
}
